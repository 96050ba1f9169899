//! The pull-request gate: how many bar-raiser approvals a change needs, and the
//! verdict once checks and approvals are known.

use crate::check::Outcome;
use crate::parse::change::Risk;
use crate::verdict::{Report, Verdict};

/// Valid approvals needed: by the highest risk among the changes; at least one when
/// the change edits the bar itself (policy or checklists).
pub fn required_approvals(outcome: &Outcome) -> u32 {
    let highest = outcome
        .report
        .changes
        .iter()
        .filter(|c| !c.blob.is_empty())
        .map(|c| Risk::parse(&c.risk).unwrap_or(Risk::High))
        .max();
    let by_risk = highest.map_or(0, |r| outcome.policy.approvals.needed(r));
    if outcome.bar_changed.is_empty() {
        by_risk
    } else {
        by_risk.max(1)
    }
}

/// Whether the range needs review at all: it checked a change description, or it
/// edits the bar, or it is blocked for a missing one.
pub fn in_scope(outcome: &Outcome) -> bool {
    !outcome.report.changes.is_empty() || !outcome.bar_changed.is_empty()
}

/// The verdict for a pull request with `valid` approvals of `needed`.
pub fn decide(report: &Report, in_scope: bool, needed: u32, valid: u32) -> Verdict {
    if report.verdict == Verdict::Blocked {
        Verdict::Blocked
    } else if !in_scope {
        Verdict::NotRequired
    } else if valid >= needed {
        Verdict::Approved
    } else {
        Verdict::NeedsApproval
    }
}
