//! The versioned JSON report (v1). Its own structs freeze the shape: a field
//! added to the internal types does not leak into the interface by accident.
//! Every key is documented in `docs/json.md`.

use serde::Serialize;

use super::RenderError;
use crate::decide::{ApprovalView, ChangeReport, Finding, InputError, Report};
use crate::parse::change::Risk;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    verdict: &'static str,
    changes: Vec<JsonChange<'a>>,
    approvals: Vec<JsonApproval<'a>>,
    /// Set by `ci` and `review` only, so `check` output keeps its shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    approvals_needed: Option<u32>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    path: &'a str,
    title: &'a str,
    risk: &'static str,
    /// Present when a risk floor raised the risk the change is judged at.
    #[serde(skip_serializing_if = "Option::is_none")]
    risk_raised: Option<&'a str>,
    /// The risk it is judged at, when raised.
    #[serde(skip_serializing_if = "Option::is_none")]
    judged_risk: Option<&'static str>,
    blob: &'a str,
    findings: Vec<JsonFinding<'a>>,
    /// Blockers the change waives, with the author's reasons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    waived: Vec<JsonWaived<'a>>,
}

#[derive(Serialize)]
struct JsonWaived<'a> {
    rule: &'a str,
    reason: &'a str,
    message: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    checklist: &'a str,
    severity: &'static str,
    message: &'a str,
    line: u32,
    column: u32,
    fix: &'a str,
}

#[derive(Serialize)]
struct JsonApproval<'a> {
    reviewer: &'a str,
    submitted_at: &'a str,
    state: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

/// `report` as pretty-printed JSON v1, ending in a newline.
pub(super) fn render(report: &Report) -> Result<String, RenderError> {
    let json = JsonReport {
        version: 1,
        verdict: report.verdict.as_str(),
        changes: report.changes.iter().map(change).collect(),
        approvals: report.approvals.iter().map(approval).collect(),
        approvals_needed: report.approvals_needed,
        errors: report.errors.iter().map(error).collect(),
    };
    pretty(&json)
}

/// `value` as pretty-printed JSON ending in a newline, as every JSON output is printed.
pub(super) fn pretty(value: &impl Serialize) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

fn change(c: &ChangeReport) -> JsonChange<'_> {
    JsonChange {
        path: &c.path,
        title: &c.title,
        risk: c.risk.map_or("", Risk::as_str),
        risk_raised: c.raised_by.as_deref(),
        judged_risk: c.raised_to.map(Risk::as_str),
        blob: &c.blob,
        findings: c.findings.iter().map(finding).collect(),
        waived: c
            .waived
            .iter()
            .map(|w| JsonWaived {
                rule: &w.rule,
                reason: &w.reason,
                message: &w.message,
                line: w.line,
            })
            .collect(),
    }
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        checklist: &f.checklist,
        severity: f.severity.as_str(),
        message: &f.message,
        line: f.line,
        column: f.column,
        fix: &f.fix,
    }
}

fn approval(a: &ApprovalView) -> JsonApproval<'_> {
    JsonApproval {
        reviewer: &a.reviewer,
        submitted_at: &a.submitted_at,
        state: a.state.as_str(),
        reason: &a.reason,
    }
}

fn error(e: &InputError) -> JsonError<'_> {
    JsonError {
        path: &e.path,
        line: e.line,
        column: e.column,
        message: &e.message,
    }
}
