//! The verdict in words: the one source for every output that words it (the first
//! line of the comment and of the Markdown report, the commit status, the comment's
//! last resort) and for the counts the outputs quote.

use serde::Serialize;

use super::count;
use crate::decide::{ApprovalState, Report, Severity, Verdict};

/// Counts over a whole report, omitted findings included.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub(crate) struct Totals {
    pub(crate) changes: usize,
    pub(crate) blocked_changes: usize,
    pub(crate) findings: usize,
    pub(crate) blockers: usize,
    pub(crate) warnings: usize,
    pub(crate) advice: usize,
    pub(crate) errors: usize,
}

impl Totals {
    /// The counts of `report`.
    pub(crate) fn of(report: &Report) -> Self {
        let mut totals = Totals {
            changes: report.changes.len(),
            blocked_changes: report.changes.iter().filter(|c| c.is_blocked()).count(),
            errors: report.errors.len(),
            ..Totals::default()
        };
        for change in &report.changes {
            totals.findings += change.findings.len();
            totals.blockers += change.count(Severity::Blocker);
            totals.warnings += change.count(Severity::Warning);
            totals.advice += change.count(Severity::Advice);
        }
        totals
    }
}

/// The verdict in plain words (`needs approval`), where a sentence names it.
pub(crate) fn status(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Blocked => "blocked",
        Verdict::NeedsApproval => "needs approval",
        Verdict::Approved => "approved",
        Verdict::NotRequired => "not required",
    }
}

/// What the verdict means for `report`, after its name: "2 blockers in 1 change
/// description", "checks pass; waiting for bar-raiser approval (1 valid of 2
/// needed)", then the warnings and the inputs that could not be checked.
pub(crate) fn summary(report: &Report) -> String {
    let t = Totals::of(report);
    let valid = report
        .approvals
        .iter()
        .filter(|a| a.state == ApprovalState::Valid)
        .count();
    let needed = report.approvals_needed.unwrap_or(0);
    let errors = count(t.errors, "input error", "input errors");
    let mut line = match report.verdict {
        Verdict::Blocked if t.blockers == 0 => format!("{errors} could not be checked"),
        Verdict::Blocked => format!(
            "{} in {}",
            count(t.blockers, "blocker", "blockers"),
            count(
                t.blocked_changes,
                "change description",
                "change descriptions"
            )
        ),
        Verdict::Pass => format!(
            "no blockers in {}",
            count(t.changes, "change description", "change descriptions")
        ),
        Verdict::NeedsApproval if needed > 0 => format!(
            "checks pass; waiting for bar-raiser approval ({valid} valid of {needed} needed)"
        ),
        Verdict::NeedsApproval => {
            format!("checks pass; waiting for bar-raiser approval ({valid} valid so far)")
        }
        Verdict::Approved => "checks pass and bar-raiser approvals are complete".to_owned(),
        Verdict::NotRequired => {
            "this pull request touches nothing that needs a change description".to_owned()
        }
    };
    if report.verdict != Verdict::Blocked && t.warnings > 0 {
        line.push_str(&format!("; {}", count(t.warnings, "warning", "warnings")));
    }
    if t.errors > 0 && !(report.verdict == Verdict::Blocked && t.blockers == 0) {
        line.push_str(&format!("; {errors} could not be checked"));
    }
    line
}

/// The first line of Markdown output: `**barraiser: needs approval** — ...`.
pub(crate) fn markdown_line(report: &Report) -> String {
    format!(
        "**barraiser: {}** — {}",
        status(report.verdict),
        summary(report)
    )
}

/// One line for the commit status and the job log: `needs approval: checks pass; ...`.
pub fn headline(report: &Report) -> String {
    format!("{}: {}", status(report.verdict), summary(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::InputError;

    #[test]
    fn an_input_error_alone_is_worded_as_such() {
        let error = InputError {
            path: "changes/x.md".into(),
            line: 1,
            column: 1,
            message: "not UTF-8".into(),
        };
        let report = Report::from_changes(Vec::new(), vec![error]);
        assert_eq!(
            headline(&report),
            "blocked: 1 input error could not be checked"
        );
    }

    #[test]
    fn a_pass_names_what_was_checked() {
        let report = Report::from_changes(Vec::new(), Vec::new());
        assert_eq!(
            markdown_line(&report),
            "**barraiser: pass** — no blockers in 0 change descriptions"
        );
    }
}
