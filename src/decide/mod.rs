//! The one place a pull request is decided. Fed the checked changes and the policy
//! at base (an [`Outcome`]), the pull request's scope, its reviews and the time
//! they are judged at, `decide` returns one typed [`Decision`]: the verdict, the
//! effective risk with its reason, the approvals needed and found, and each
//! approval's [`ApprovalState`]. `ci`, `review`, `queue`, `approve`, `audit` and
//! `office-hours` all decide through here; the CLI and the GitHub layer only
//! deliver what it returns.

mod approvals;
mod authorship;
mod refusal;
mod report;
mod shown;
#[cfg(test)]
mod tests;

use approvals::{Assessment, assess};
pub(crate) use approvals::{Bindings, Context, ReviewRecord, ReviewState, candidates};
pub use authorship::{Authorship, Contribution, Role, Touch, Unmapped};
pub use refusal::{Refusal, may_record};
pub use report::{
    ApprovalState, ApprovalView, ChangeReport, Finding, InputError, Outline, Report, Severity,
    Verdict, Waived,
};
pub use shown::{Moved, MovedFile, moved, names_head};

use crate::parse::change::Risk;
use crate::run::Outcome;

/// Why the effective risk is what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RiskReason {
    /// No change description was checked.
    NoChange,
    /// The highest risk a change description declares; the path of the first with it.
    Declared(String),
    /// This change description gives no valid risk, so it counts as high.
    Undeclared(String),
    /// A `risk_floor` or `risk_floor_by_type` raised this change description's
    /// risk: its path, and why ("risk raised to high by `migrations/**` (declared low)").
    Raised(String, String),
}

/// The risk the quorum is taken from: the highest among the checked changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveRisk {
    /// None when no change description was checked.
    pub risk: Option<Risk>,
    /// Where it comes from.
    pub reason: RiskReason,
}

/// Everything decided about a pull request.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The verdict.
    pub verdict: Verdict,
    /// The risk that sets the quorum.
    pub risk: EffectiveRisk,
    /// Whether the pull request needs review at all.
    pub in_scope: bool,
    /// Valid approvals needed.
    pub needed: u32,
    /// Valid approvals found.
    pub valid: u32,
    /// Each reviewer's latest decision, judged, oldest first.
    pub approvals: Vec<ApprovalView>,
    /// What the verdict shows besides: identities in the pull request's commits that
    /// could not be mapped to a login.
    pub notes: Vec<String>,
}

impl Decision {
    /// The checks' report with this decision's verdict and approvals filled in.
    pub fn report(&self, checks: &Report) -> Report {
        let mut report = checks.clone();
        report.verdict = self.verdict;
        report.approvals = self.approvals.clone();
        report.approvals_needed = self.in_scope.then_some(self.needed);
        report.notes.extend(self.notes.iter().cloned());
        report
    }

    /// Whether the valid approvals meet the quorum.
    pub fn quorum_met(&self) -> bool {
        self.valid >= self.needed
    }

    /// Valid approvals once an approval by `login` is counted (an existing valid
    /// approval of theirs is replaced, not added to).
    pub fn valid_with_approval_by(&self, login: &str) -> u32 {
        let already = self
            .approvals
            .iter()
            .any(|a| a.state == ApprovalState::Valid && a.reviewer.eq_ignore_ascii_case(login));
        self.valid + u32::from(!already)
    }
}

/// What a pull request is decided from.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    /// The checks, the policy at base and what the range changed.
    pub outcome: &'a Outcome,
    /// Every review read (empty when they were not or could not be read).
    pub reviews: &'a [ReviewRecord],
    /// Roster, author, head and the files approvals bind to.
    pub context: Context<'a>,
    /// Blob ids at other commits, for approvals without a block.
    pub bindings: &'a dyn Bindings,
    /// Only reviews submitted up to this time count (the merge, for `audit`).
    pub cutoff: Option<jiff::Timestamp>,
}

/// Decides a pull request.
pub(crate) fn decide(inputs: &Inputs<'_>) -> Decision {
    let outcome = inputs.outcome;
    let risk = effective_risk(&outcome.report);
    let by_risk = risk.risk.map_or(0, |r| outcome.policy.approvals.needed(r));
    // An approval of a bar change is needed even when no change description is.
    // An approval of a bar change, or of a waived blocker, is needed whatever the risk.
    let waives = outcome.report.changes.iter().any(|c| !c.waived.is_empty());
    let needed = if outcome.bar_changed.is_empty() && !waives {
        by_risk
    } else {
        by_risk.max(1)
    };
    let in_scope = in_scope(outcome);
    let assessment = if in_scope {
        let counted: Vec<ReviewRecord> = inputs
            .reviews
            .iter()
            .filter(|r| {
                inputs
                    .cutoff
                    .is_none_or(|cutoff| r.submitted.is_some_and(|t| t <= cutoff))
            })
            .cloned()
            .collect();
        assess(&counted, &inputs.context, inputs.bindings)
    } else {
        Assessment::default()
    };
    let verdict = if outcome.report.verdict == Verdict::Blocked {
        Verdict::Blocked
    } else if !in_scope {
        Verdict::NotRequired
    } else if assessment.valid >= needed {
        Verdict::Approved
    } else {
        Verdict::NeedsApproval
    };
    Decision {
        verdict,
        risk,
        in_scope,
        needed,
        valid: assessment.valid,
        approvals: assessment.views,
        notes: inputs
            .context
            .authorship
            .unmapped
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

/// Whether the range needs review at all: it checked a change description, or it
/// edits the bar, or it is blocked for a missing one.
pub(crate) fn in_scope(outcome: &Outcome) -> bool {
    !outcome.report.changes.is_empty() || !outcome.bar_changed.is_empty()
}

/// The verdict of the checks alone: blocked when any change has a blocker or any
/// input could not be read (a JSON consumer that reads only `verdict` must not see
/// "pass" for a run that exits 2).
pub fn checks_verdict(changes: &[ChangeReport], errors: &[InputError]) -> Verdict {
    if !errors.is_empty() || changes.iter().any(ChangeReport::is_blocked) {
        Verdict::Blocked
    } else {
        Verdict::Pass
    }
}

/// The highest risk among the checked changes, each raised to its floor; a change
/// without a valid risk counts as high.
fn effective_risk(report: &Report) -> EffectiveRisk {
    let mut out = EffectiveRisk {
        risk: None,
        reason: RiskReason::NoChange,
    };
    for c in report.described() {
        let risk = c.raised_to.or(c.risk).unwrap_or(Risk::High);
        if out.risk.is_none_or(|r| risk > r) {
            out = EffectiveRisk {
                risk: Some(risk),
                reason: match (&c.raised_by, c.risk) {
                    (Some(why), _) => RiskReason::Raised(c.path.clone(), why.clone()),
                    (None, Some(_)) => RiskReason::Declared(c.path.clone()),
                    (None, None) => RiskReason::Undeclared(c.path.clone()),
                },
            };
        }
    }
    out
}
