//! barraiser's integration tests: one binary (as zizmor has), one module per feature.
//! What they share (git repositories built with git2, the binary, a fake GitHub checked
//! against GitHub's OpenAPI description) is in `tests/support`.
//!
//! `cargo test --test it` runs them all; `cargo test --test it render::` one feature.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

#[path = "../support/mod.rs"]
mod support;

mod approvals;
mod budget;
mod check;
mod cli;
mod corpus;
mod dept;
mod docs;
mod gate_github;
mod github;
mod hostile;
mod install_action;
mod office_hours;
mod pre_commit;
mod properties;
mod read;
mod release;
mod render;
