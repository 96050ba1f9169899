//! barraiser: change-management bar-raiser review.
//!
//! The data flows through one module per stage:
//! [`read`] (git or working tree) → [`parse`] (change, policy, checklist) →
//! [`evaluate`] (rules) → [`decide`] (verdict, risk and approvals) → [`render`] (templates) →
//! delivery (terminal in the CLI, GitHub in [`github`]).

pub mod approval;
pub mod check;
pub mod decide;
pub mod docs;
pub mod evaluate;
pub mod github;
pub(crate) mod location;
pub mod parse;
pub mod pull;
pub mod read;
pub mod render;

pub use decide::{
    ApprovalState, ApprovalView, ChangeReport, Finding, InputError, Report, Severity, Verdict,
};
pub use location::Pos;

/// The first seven characters of a commit or blob id, as people quote them.
pub fn short(id: &str) -> String {
    id.chars().take(7).collect()
}
