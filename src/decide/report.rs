//! What a run produces: findings, per-change reports, approval states and the
//! verdict, as typed values ready to render.

use serde::{Deserialize, Serialize};

use crate::parse::change::Risk;

/// How much a finding matters. Only blockers change a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A suggestion; never changes a verdict.
    Advice,
    /// Worth fixing; never changes a verdict.
    Warning,
    /// The change cannot go ahead until this is fixed.
    Blocker,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Blocker => "blocker",
        }
    }
}

/// `Display` as the kebab-case name every output format uses (`as_str`).
macro_rules! display_as_str {
    ($($kind:ty),*) => {$(
        impl std::fmt::Display for $kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

display_as_str!(Severity, Verdict);

/// One gap in a change description, at a line and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable kebab-case rule id.
    pub rule: String,
    /// The checklist the rule belongs to.
    pub checklist: String,
    /// Severity after policy overrides.
    pub severity: Severity,
    /// What is wrong, in this change's words.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What to write instead.
    pub fix: String,
}

/// A finding a change waives (`waivers:` in its front matter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waived {
    /// The rule waived.
    pub rule: String,
    /// Why, as the author wrote it.
    pub reason: String,
    /// The finding's message.
    pub message: String,
    /// The finding's line.
    pub line: u32,
}

/// The findings for one change description.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ChangeReport {
    /// Repository-relative path, with `/` separators.
    pub path: String,
    /// The change's title (empty when missing).
    pub title: String,
    /// The declared risk; None when missing or invalid (written as `""`).
    #[serde(serialize_with = "risk_text")]
    pub risk: Option<Risk>,
    /// The risk it is judged at, when a `risk_floor` or `risk_floor_by_type` raised
    /// it above the declared one.
    #[serde(skip)]
    pub raised_to: Option<Risk>,
    /// Why: "risk raised to high by `migrations/**` (declared low)".
    #[serde(rename = "risk_raised", skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    /// Blockers the change waives in its front matter, each with its reason: they no
    /// longer block, and the change needs a bar-raiser approval instead.
    #[serde(skip)]
    pub waived: Vec<Waived>,
    /// The service the change names, if any.
    #[serde(skip)]
    pub service: Option<String>,
    /// The team that owns the change (`owner:`), if it names one.
    #[serde(skip)]
    pub owner: Option<String>,
    /// When the change window starts, if it gives a valid RFC 3339 time.
    #[serde(skip)]
    pub window_start: Option<jiff::Timestamp>,
    /// The git blob id of the content that was checked.
    pub blob: String,
    /// Findings, ordered by line, then column.
    pub findings: Vec<Finding>,
    /// The checked text, for snippets in human output. Not part of JSON.
    #[serde(skip)]
    pub source: String,
    /// Where its steps and expectations are, as the parser read them. Not part of JSON.
    #[serde(skip)]
    pub outline: Outline,
}

/// Where a change description's steps and expectations are, so a terminal rendering
/// can number the steps and mark the expectations the checks recognised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// The first line (1-based) of each step, with its number within its section.
    pub steps: Vec<(u32, usize)>,
    /// The lines (1-based) where an expectation starts.
    pub expectations: Vec<u32>,
}

/// Serialises an optional risk as its name, or `""` when there is none.
pub(crate) fn risk_text<S: serde::Serializer>(
    risk: &Option<Risk>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(risk.map_or("", Risk::as_str))
}

impl ChangeReport {
    /// Whether any finding blocks the change.
    pub fn is_blocked(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Blocker)
    }

    /// Number of findings with `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The overall outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No blocker findings.
    Pass,
    /// At least one blocker, or a required change description is missing.
    Blocked,
    /// Checks pass, but bar-raiser approvals are missing.
    NeedsApproval,
    /// Checks pass and approvals are complete.
    Approved,
    /// The pull request touches nothing that needs a change description.
    NotRequired,
}

impl Verdict {
    /// The kebab-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Blocked => "blocked",
            Verdict::NeedsApproval => "needs-approval",
            Verdict::Approved => "approved",
            Verdict::NotRequired => "not-required",
        }
    }

    /// Process exit code: 0 for pass, approved or not-required; 1 otherwise.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Pass | Verdict::Approved | Verdict::NotRequired => 0,
            Verdict::Blocked | Verdict::NeedsApproval => 1,
        }
    }
}

/// An input that could not be checked: the file, where, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// Repository-relative path (or the request, for GitHub errors).
    pub path: String,
    /// 1-based line, 0 when not known.
    pub line: u32,
    /// 1-based column, 0 when not known.
    pub column: u32,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Whether a reviewer's latest decision counts towards the quorum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalState {
    /// An approval of the content at head by a bar raiser: it counts.
    Valid,
    /// An approval of content that has changed since.
    Stale,
    /// The bar raiser asked for changes.
    ChangesRequested,
    /// Not a decision that can count (author, outside the roster, dismissed, unreadable).
    NotCounted,
}

impl ApprovalState {
    /// The kebab-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Valid => "valid",
            ApprovalState::Stale => "stale",
            ApprovalState::ChangesRequested => "changes-requested",
            ApprovalState::NotCounted => "not-counted",
        }
    }
}

/// The state of one bar-raiser approval, as shown next to a verdict.
#[derive(Clone, Debug, Serialize)]
pub struct ApprovalView {
    /// GitHub login of the reviewer.
    pub reviewer: String,
    /// When the decision was recorded (RFC 3339, as GitHub sent it).
    pub submitted_at: String,
    /// Whether it counts.
    pub state: ApprovalState,
    /// Why it is stale or not counted; empty when valid.
    pub reason: String,
}

/// Everything a run decided, ready to render.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Output schema version.
    pub version: u32,
    /// The overall verdict.
    pub verdict: Verdict,
    /// One entry per change description checked.
    pub changes: Vec<ChangeReport>,
    /// Bar-raiser approvals (only filled by `ci` and `review`).
    pub approvals: Vec<ApprovalView>,
    /// Valid approvals the pull request needs (only set by `ci` and `review`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approvals_needed: Option<u32>,
    /// Inputs that could not be checked. Any error makes the exit code 2.
    pub errors: Vec<InputError>,
    /// Notes about the run shown with the verdict (for example, "the policy itself is changing").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Report {
    /// Valid approvals counted, needed, and how many more are needed, when the run
    /// judged approvals (`ci` and `review`).
    pub fn quorum(&self) -> Option<(u32, u32, u32)> {
        let needed = self.approvals_needed?;
        let valid = self
            .approvals
            .iter()
            .filter(|a| a.state == ApprovalState::Valid)
            .count();
        let valid = u32::try_from(valid).unwrap_or(u32::MAX);
        Some((valid, needed, needed.saturating_sub(valid)))
    }

    /// Builds a `check` report: blocked when any change has a blocker.
    pub fn from_changes(changes: Vec<ChangeReport>, errors: Vec<InputError>) -> Self {
        let verdict = super::checks_verdict(&changes, &errors);
        // A raised risk changes which rules apply and how many approvals count:
        // every output says so.
        let mut notes: Vec<String> = changes
            .iter()
            .filter_map(|c| {
                c.raised_by
                    .as_ref()
                    .map(|why| format!("`{}`: {why}.", c.path))
            })
            .collect();
        // A waiver is for a bar raiser to judge: every output names it and its reason.
        for c in &changes {
            for w in &c.waived {
                notes.push(format!(
                    "`{}` waives `{}` (line {}: {}) because: {}. A waived blocker needs a bar-raiser approval.",
                    c.path, w.rule, w.line, w.message, w.reason
                ));
            }
        }
        Self {
            version: 1,
            verdict,
            changes,
            approvals: Vec::new(),
            approvals_needed: None,
            errors,
            notes,
        }
    }

    /// The change descriptions that were read, without the stand-in a range gets
    /// for a missing one (it has no blob).
    pub fn described(&self) -> impl Iterator<Item = &ChangeReport> {
        self.changes.iter().filter(|c| !c.blob.is_empty())
    }

    /// Exit code: 2 when any input could not be checked, else the verdict's code.
    pub fn exit_code(&self) -> u8 {
        if self.errors.is_empty() {
            self.verdict.exit_code()
        } else {
            2
        }
    }
}
