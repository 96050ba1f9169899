//! The data the Markdown templates see. Its shape is what a repository's
//! template overrides depend on, so fields are only ever added.

use std::borrow::Cow;

use serde::Serialize;

use super::LinkBase;
use super::neutralize::{COMMENT_MARKER, Trusted};
use super::verdict::{self, Totals};
use crate::decide::{ApprovalState, ApprovalView, Finding, InputError, Report, Severity, Verdict};
use crate::parse::change::Risk;

/// Longest piece of user text shown in Markdown, in characters. One runaway
/// message must not use up the whole comment budget on its own.
const MAX_TEXT_CHARS: usize = 1_000;

/// The root of the template context: the report is `r`, which keeps macro
/// calls short (`m.todo(r)`).
#[derive(Debug, Serialize)]
pub(crate) struct Root<'a> {
    pub(crate) r: ReportContext<'a>,
}

/// Everything `report.md.j2` and `comment.md.j2` can use.
#[derive(Debug, Serialize)]
pub(crate) struct ReportContext<'a> {
    /// Hidden marker identifying the sticky comment.
    marker: Trusted,
    /// `pass`, `blocked`, `needs-approval`, `approved` or `not-required`.
    verdict: &'static str,
    /// The verdict as plain words: "needs approval".
    status: &'static str,
    /// What the verdict means here, after its name (render/verdict.rs words it).
    summary: String,
    /// Counts over the whole report, including omitted findings.
    totals: Totals,
    changes: Vec<ChangeContext<'a>>,
    /// The blockers shown, in report order (for the to-do list).
    blockers: Vec<Blocker<'a>>,
    approvals: Approvals<'a>,
    errors: Vec<ErrorContext<'a>>,
    notes: Vec<Cow<'a, str>>,
    /// Findings left out to keep the output under a size limit.
    omitted: usize,
}

/// One change description (`r.changes[]`): its counts and the findings shown.
#[derive(Debug, Serialize)]
struct ChangeContext<'a> {
    path: Cow<'a, str>,
    title: Cow<'a, str>,
    risk: &'static str,
    blob: &'a str,
    url: Option<Trusted>,
    blockers: usize,
    warnings: usize,
    advice: usize,
    findings: Vec<FindingContext<'a>>,
    omitted: usize,
}

/// One finding (`c.findings[]`); user text clipped, never escaped here.
#[derive(Debug, Serialize)]
struct FindingContext<'a> {
    rule: Cow<'a, str>,
    checklist: Cow<'a, str>,
    severity: Severity,
    message: Cow<'a, str>,
    line: u32,
    column: u32,
    fix: Cow<'a, str>,
    /// Link to the line at the head commit, when links are on.
    url: Option<Trusted>,
}

/// A blocker with its file (`r.blockers[]`), for the to-do list.
#[derive(Debug, Serialize)]
struct Blocker<'a> {
    path: Cow<'a, str>,
    #[serde(flatten)]
    finding: FindingContext<'a>,
}

/// The decisions by state (`r.approvals`), and how many more are needed.
#[derive(Debug, Default, Serialize)]
struct Approvals<'a> {
    valid: Vec<ApprovalContext<'a>>,
    stale: Vec<ApprovalContext<'a>>,
    changes_requested: Vec<ApprovalContext<'a>>,
    not_counted: Vec<ApprovalContext<'a>>,
    /// Whether the verdict is waiting for more valid approvals.
    more_needed: bool,
    /// Valid approvals needed (0 when the report has no approval gate).
    needed: u32,
    /// How many more valid approvals are needed.
    missing: u32,
}

/// One reviewer's latest decision, judged.
#[derive(Debug, Serialize)]
struct ApprovalContext<'a> {
    reviewer: Cow<'a, str>,
    /// `valid`, `stale`, `changes-requested` or `not-counted`.
    state: &'static str,
    reason: Cow<'a, str>,
    submitted_at: Cow<'a, str>,
}

/// An input that could not be checked (`r.errors[]`).
#[derive(Debug, Serialize)]
struct ErrorContext<'a> {
    path: Cow<'a, str>,
    line: u32,
    column: u32,
    message: Cow<'a, str>,
}

impl<'a> ReportContext<'a> {
    /// The context for `report`, keeping only its first `keep` findings.
    pub(crate) fn new(report: &'a Report, links: Option<&LinkBase>, keep: usize) -> Self {
        let totals = Totals::of(report);
        let mut left = keep;
        let mut blockers = Vec::new();
        let mut changes = Vec::with_capacity(report.changes.len());
        for change in &report.changes {
            let shown = change.findings.len().min(left);
            left -= shown;
            let findings: Vec<_> = change.findings[..shown]
                .iter()
                .map(|f| FindingContext::new(f, &change.path, links))
                .collect();
            blockers.extend(
                change.findings[..shown]
                    .iter()
                    .filter(|f| f.severity == Severity::Blocker)
                    .map(|f| Blocker {
                        path: clip(&change.path),
                        finding: FindingContext::new(f, &change.path, links),
                    }),
            );
            changes.push(ChangeContext {
                path: clip(&change.path),
                title: clip(&change.title),
                risk: change.risk.map_or("", Risk::as_str),
                blob: &change.blob,
                url: links.map(|l| Trusted::Link(l.line_url(&change.path, 0))),
                blockers: change.count(Severity::Blocker),
                warnings: change.count(Severity::Warning),
                advice: change.count(Severity::Advice),
                findings,
                omitted: change.findings.len() - shown,
            });
        }
        Self {
            marker: Trusted::Markup(COMMENT_MARKER),
            verdict: report.verdict.as_str(),
            status: verdict::status(report.verdict),
            summary: verdict::summary(report),
            omitted: totals.findings - totals.findings.min(keep),
            totals,
            changes,
            blockers,
            approvals: Approvals::new(&report.approvals, report.verdict, report.approvals_needed),
            errors: report.errors.iter().map(ErrorContext::new).collect(),
            notes: report.notes.iter().map(|n| clip(n)).collect(),
        }
    }
}

impl<'a> FindingContext<'a> {
    fn new(f: &'a Finding, path: &str, links: Option<&LinkBase>) -> Self {
        Self {
            rule: clip(&f.rule),
            checklist: clip(&f.checklist),
            severity: f.severity,
            message: clip(&f.message),
            line: f.line,
            column: f.column,
            fix: clip(&f.fix),
            url: links.map(|l| Trusted::Link(l.line_url(path, f.line))),
        }
    }
}

impl<'a> Approvals<'a> {
    fn new(all: &'a [ApprovalView], verdict: Verdict, needed: Option<u32>) -> Self {
        let mut approvals = Approvals {
            more_needed: verdict == Verdict::NeedsApproval,
            needed: needed.unwrap_or(0),
            ..Self::default()
        };
        for view in all {
            let ctx = ApprovalContext {
                reviewer: clip(&view.reviewer),
                state: view.state.as_str(),
                reason: clip(&view.reason),
                submitted_at: clip(&view.submitted_at),
            };
            match view.state {
                ApprovalState::Valid => approvals.valid.push(ctx),
                ApprovalState::Stale => approvals.stale.push(ctx),
                ApprovalState::ChangesRequested => approvals.changes_requested.push(ctx),
                ApprovalState::NotCounted => approvals.not_counted.push(ctx),
            }
        }
        let valid = u32::try_from(approvals.valid.len()).unwrap_or(u32::MAX);
        approvals.missing = approvals.needed.saturating_sub(valid);
        if approvals.more_needed && approvals.missing == 0 {
            // A verdict waiting for approvals always needs at least one more.
            approvals.missing = 1;
        }
        approvals
    }
}

impl<'a> ErrorContext<'a> {
    fn new(e: &'a InputError) -> Self {
        Self {
            path: clip(&e.path),
            line: e.line,
            column: e.column,
            message: clip(&e.message),
        }
    }
}

/// `text`, cut to [`MAX_TEXT_CHARS`] characters. Cutting happens before
/// neutralising, so it can never split an escape.
fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}
