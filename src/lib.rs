//! barraiser: change-management bar-raiser review.
//!
//! The data flows through one module per stage:
//! [`read`] (git or working tree) → [`parse`] (change, policy, checklist) →
//! [`evaluate`] (rules) → [`verdict`] (plus approvals) → [`render`] (templates) →
//! delivery (terminal in the CLI, GitHub in [`github`]).

pub mod approval;
pub mod check;
pub mod docs;
pub mod evaluate;
pub mod gate;
pub mod github;
pub mod location;
pub mod parse;
pub mod pull;
pub mod read;
pub mod render;
pub mod verdict;

pub use location::Pos;
pub use verdict::{ChangeReport, Finding, InputError, Report, Severity, Verdict};
