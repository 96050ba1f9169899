//! The audit trail (`barraiser audit`): merged pull requests with the approvals that
//! were valid when they merged, as CSV (one row per change description; columns in
//! `docs/approvals.md`) or as the versioned JSON that `docs/json.md` documents.

use serde::Serialize;

use super::RenderError;
use crate::decide::ApprovalState;
use crate::parse::change::Risk;
use crate::pr::ledger::{AuditApproval, AuditChange, AuditRecord};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "repo",
    "pr",
    "pr_title",
    "pr_url",
    "author",
    "change_path",
    "change_title",
    "risk",
    "change_blob",
    "approvers",
    "approval_times",
    "approved_blobs",
    "approvals_needed",
    "approvals_valid",
    "valid_at_merge",
    "head_sha",
    "merge_sha",
    "merged_at",
    "waivers",
];

/// One CSV row per change description of each record, after a header row.
pub fn csv(records: &[AuditRecord]) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for r in records {
        let valid: Vec<&AuditApproval> = r
            .approvals
            .iter()
            .filter(|a| a.state == ApprovalState::Valid)
            .collect();
        for c in &r.changes {
            let approvers: Vec<&str> = valid.iter().map(|a| a.reviewer.as_str()).collect();
            let times: Vec<&str> = valid.iter().map(|a| a.submitted_at.as_str()).collect();
            let blobs: Vec<String> = valid
                .iter()
                .map(|a| {
                    let blob = a
                        .approved
                        .iter()
                        .find(|f| f.path == c.path)
                        .map_or("", |f| f.blob.as_str());
                    format!("{}={blob}", a.reviewer)
                })
                .collect();
            w.write_record([
                r.repo.as_str(),
                &r.number.to_string(),
                csv_safe(&r.title).as_str(),
                r.url.as_str(),
                r.author.as_str(),
                csv_safe(&c.path).as_str(),
                csv_safe(&c.title).as_str(),
                c.risk.map_or("", Risk::as_str),
                c.blob.as_str(),
                &approvers.join(";"),
                &times.join(";"),
                &blobs.join(";"),
                &r.approvals_needed.to_string(),
                &r.approvals_valid.to_string(),
                if r.valid_at_merge { "true" } else { "false" },
                r.head_sha.as_str(),
                r.merge_sha.as_str(),
                r.merged_at.as_str(),
                csv_safe(&waivers(c)).as_str(),
            ])?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every cell was a `str`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `rule: reason` of each blocker the change waived, `;`-separated.
fn waivers(c: &AuditChange) -> String {
    c.waivers
        .iter()
        .map(|(rule, reason)| format!("{rule}: {reason}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Text from pull requests is opened in spreadsheets: a leading `=`, `+`, `-` or `@`
/// would run as a formula, so it gets a leading apostrophe (OWASP's advice).
fn csv_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

// JSON version 1. Keys are in alphabetical order, the order version 1 was first
// printed in; they are only added.

#[derive(Serialize)]
struct JsonAudit<'a> {
    pull_requests: Vec<JsonRecord<'a>>,
    since: String,
    until: String,
    version: u32,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    approvals: Vec<JsonApproval<'a>>,
    approvals_needed: u32,
    approvals_valid: u32,
    author: &'a str,
    changes: Vec<JsonChange<'a>>,
    head_sha: &'a str,
    merge_sha: &'a str,
    merged_at: &'a str,
    number: u64,
    repo: &'a str,
    title: &'a str,
    url: &'a str,
    valid_at_merge: bool,
    verdict_at_merge: &'static str,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    blob: &'a str,
    path: &'a str,
    risk: &'static str,
    title: &'a str,
    /// Blockers the change waived; absent when none (added within version 1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    waivers: Vec<JsonWaiver<'a>>,
}

#[derive(Serialize)]
struct JsonWaiver<'a> {
    reason: &'a str,
    rule: &'a str,
}

#[derive(Serialize)]
struct JsonApproval<'a> {
    approved: Vec<JsonFile<'a>>,
    reason: &'a str,
    reviewer: &'a str,
    state: &'static str,
    submitted_at: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    blob: &'a str,
    path: &'a str,
}

/// `{"version": 1, "since", "until", "pull_requests": [...]}`, pretty-printed.
pub fn json(
    records: &[AuditRecord],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> Result<String, RenderError> {
    super::json::pretty(&JsonAudit {
        pull_requests: records.iter().map(record).collect(),
        since: since.to_string(),
        until: until.to_string(),
        version: 1,
    })
}

fn record(r: &AuditRecord) -> JsonRecord<'_> {
    JsonRecord {
        approvals: r.approvals.iter().map(approval).collect(),
        approvals_needed: r.approvals_needed,
        approvals_valid: r.approvals_valid,
        author: &r.author,
        changes: r.changes.iter().map(change).collect(),
        head_sha: &r.head_sha,
        merge_sha: &r.merge_sha,
        merged_at: &r.merged_at,
        number: r.number,
        repo: &r.repo,
        title: &r.title,
        url: &r.url,
        valid_at_merge: r.valid_at_merge,
        verdict_at_merge: r.verdict_at_merge.as_str(),
    }
}

fn change(c: &AuditChange) -> JsonChange<'_> {
    JsonChange {
        blob: &c.blob,
        path: &c.path,
        risk: c.risk.map_or("", Risk::as_str),
        title: &c.title,
        waivers: c
            .waivers
            .iter()
            .map(|(rule, reason)| JsonWaiver { reason, rule })
            .collect(),
    }
}

fn approval(a: &AuditApproval) -> JsonApproval<'_> {
    JsonApproval {
        approved: a
            .approved
            .iter()
            .map(|f| JsonFile {
                blob: &f.blob,
                path: &f.path,
            })
            .collect(),
        reason: &a.reason,
        reviewer: &a.reviewer,
        state: a.state.as_str(),
        submitted_at: &a.submitted_at,
    }
}
