//! barraiser: change-management bar-raiser review.
//!
//! The data flows through one module per stage:
//! [`read`] (git or working tree) → [`parse`] (change, policy, checklist) →
//! [`evaluate`] (rules) → [`decide`] (verdict, risk and approvals) → [`render`]
//! (templates) → delivery (terminal in the CLI, GitHub in [`github`]).
//!
//! - [`read`]: files at a revision or in the working tree, through libgit2 only, and the
//!   `Source` and `Files` traits every later stage reads a tree through.
//! - [`parse`]: change descriptions, the policy and checklists, with positions.
//! - [`evaluate`]: the compiled checklists and their detectors; findings.
//! - [`run`]: one check run: picks the snapshots, loads the bar, evaluates the changes.
//! - [`decide`]: the one place a verdict is decided, for `check` and for pull requests.
//! - [`approval`]: the review block that binds a bar-raiser decision to content.
//! - [`pr`]: a pull request judged live (local clone or GitHub API) or in `ci`'s
//!   checkout; the queue, minutes and audit trail gathered across repositories (an
//!   organization's found by `--org`, ten requests at a time), and each team's merged
//!   changes for the operational-excellence `report`.
//! - [`render`]: every output, from typed values (templates where it is Markdown).
//! - [`github`]: the GitHub trait, its HTTP client and `ci` delivery.
//! - [`rotation`]: who is on bar-raiser duty when, and the next office hours.
//! - [`docs`]: reference documentation generated from what the binary embeds.
//! - `location`: source positions ([`Pos`]) shared by every stage.

pub mod approval;
pub mod decide;
pub mod docs;
pub mod evaluate;
pub mod github;
pub(crate) mod location;
pub mod parse;
pub mod pr;
pub mod read;
pub mod render;
pub mod rotation;
pub mod run;

pub use decide::{
    ApprovalState, ApprovalView, ChangeReport, Finding, InputError, Report, Severity, Verdict,
};
pub use location::Pos;

/// The instant `ci`, `review`, `queue` and `office-hours` judge time rules at: the
/// clock, never a commit's date (an author sets that). `BARRAISER_NOW` (RFC 3339)
/// replaces the clock, to reproduce a past run; an unreadable value is ignored.
pub fn clock() -> jiff::Timestamp {
    std::env::var("BARRAISER_NOW")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// The first seven characters of a commit or blob id, as people quote them.
pub fn short(id: &str) -> String {
    id.chars().take(7).collect()
}
