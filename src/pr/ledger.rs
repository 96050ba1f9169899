//! The record of decisions: minutes of a period, and the audit trail of merged
//! pull requests with the approvals that were valid when they merged.

use serde::Serialize;

use super::Judged;
use crate::approval::{BoundFile, note_of, parse_block};
use crate::decide::{ApprovalState, risk_text};
use crate::github::{PullRequest, Review};
use crate::parse::change::Risk;

/// What a recorded bar-raiser decision was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ruling {
    /// The content was approved.
    Approved,
    /// Changes were requested.
    ChangesRequested,
}

/// One bar-raiser decision, for the minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionEntry {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// Link to the pull request.
    pub url: String,
    /// Who decided.
    pub reviewer: String,
    /// What was decided (`approved` or `changes-requested`).
    pub decision: Ruling,
    /// When (RFC 3339).
    pub submitted_at: String,
    /// The note, as written (templates neutralise it).
    pub note: String,
    /// The files and blobs the decision was bound to (empty for a plain GitHub review).
    pub files: Vec<BoundFile>,
}

/// The decisions on `pull` submitted in `[since, until)`: reviews recorded by barraiser,
/// and plain GitHub decisions by a login in `roster`.
pub fn decisions(
    repo: &str,
    pull: &PullRequest,
    reviews: &[Review],
    roster: &[String],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> Vec<DecisionEntry> {
    reviews
        .iter()
        .filter(|r| matches!(r.state.as_str(), "APPROVED" | "CHANGES_REQUESTED"))
        .filter(|r| {
            r.submitted_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|t| since <= t && t < until)
        })
        .filter_map(|r| {
            let block = parse_block(&r.body);
            let by_roster = roster.iter().any(|l| l.eq_ignore_ascii_case(&r.author));
            if block.is_none() && !by_roster {
                return None;
            }
            Some(DecisionEntry {
                repo: repo.to_owned(),
                number: pull.number,
                title: pull.title.clone(),
                url: pull.html_url.clone(),
                reviewer: r.author.clone(),
                decision: if r.state == "APPROVED" {
                    Ruling::Approved
                } else {
                    Ruling::ChangesRequested
                },
                submitted_at: r.submitted_at.clone(),
                note: note_of(&r.body),
                files: block
                    .and_then(Result::ok)
                    .map(|b| b.changes)
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// A change description in a merged pull request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditChange {
    /// Path at the merged head.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its risk (written as `""` when missing or invalid).
    #[serde(serialize_with = "risk_text")]
    pub risk: Option<Risk>,
    /// Its blob id at the merged head.
    pub blob: String,
}

/// A decision as it stood at the merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditApproval {
    /// Who.
    pub reviewer: String,
    /// When (RFC 3339).
    pub submitted_at: String,
    /// Whether it counted at the merge.
    pub state: ApprovalState,
    /// Why it was stale or not counted.
    pub reason: String,
    /// What it approved: from its block, or the head's files for a valid plain approval.
    pub approved: Vec<BoundFile>,
}

/// One merged pull request that carried a change description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// Link.
    pub url: String,
    /// Who opened it.
    pub author: String,
    /// The head commit that was merged.
    pub head_sha: String,
    /// The merge commit.
    pub merge_sha: String,
    /// When it merged (RFC 3339).
    pub merged_at: String,
    /// The verdict with the reviews submitted up to the merge.
    pub verdict_at_merge: String,
    /// Valid approvals needed.
    pub approvals_needed: u32,
    /// Valid approvals at the merge.
    pub approvals_valid: u32,
    /// Whether the valid approvals met the quorum at the merge.
    pub valid_at_merge: bool,
    /// The change descriptions.
    pub changes: Vec<AuditChange>,
    /// The decisions as they stood at the merge.
    pub approvals: Vec<AuditApproval>,
}

/// The audit record of a merged pull request judged at its merge; None when it
/// carried no change description.
pub fn audit_record(repo: &str, judged: &Judged) -> Option<AuditRecord> {
    let report = &judged.report;
    let changes: Vec<AuditChange> = report
        .changes
        .iter()
        .filter(|c| !c.blob.is_empty())
        .map(|c| AuditChange {
            path: c.path.clone(),
            title: c.title.clone(),
            risk: c.risk,
            blob: c.blob.clone(),
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    let approvals = report
        .approvals
        .iter()
        .map(|view| {
            let review = judged.reviews.iter().rev().find(|r| {
                r.author.eq_ignore_ascii_case(&view.reviewer) && r.submitted_at == view.submitted_at
            });
            let approved = match review.map(|r| parse_block(&r.body)) {
                Some(Some(Ok(block))) if review.is_some_and(|r| r.state == "APPROVED") => {
                    block.changes
                }
                Some(None) if view.state == ApprovalState::Valid => judged.bound.clone(),
                _ => Vec::new(),
            };
            AuditApproval {
                reviewer: view.reviewer.clone(),
                submitted_at: view.submitted_at.clone(),
                state: view.state,
                reason: view.reason.clone(),
                approved,
            }
        })
        .collect();
    let pull = &judged.pull;
    Some(AuditRecord {
        repo: repo.to_owned(),
        number: pull.number,
        title: pull.title.clone(),
        url: pull.html_url.clone(),
        author: pull.author.clone(),
        head_sha: pull.head_sha.clone(),
        merge_sha: pull.merge_commit_sha.clone().unwrap_or_default(),
        merged_at: pull.merged_at.clone().unwrap_or_default(),
        verdict_at_merge: judged.decision.verdict.as_str().to_owned(),
        approvals_needed: judged.decision.needed,
        approvals_valid: judged.decision.valid,
        valid_at_merge: judged.decision.quorum_met(),
        changes,
        approvals,
    })
}

/// The CSV columns, in order (documented in docs/approvals.md).
pub const CSV_COLUMNS: [&str; 18] = [
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
];

/// Writes one CSV row per change description of each record.
pub fn write_csv(records: &[AuditRecord], out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
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
            ])?;
        }
    }
    w.flush()?;
    Ok(())
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
