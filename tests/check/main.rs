//! `barraiser check` end to end: real repositories built with git2, the real binary.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

#[path = "../support/bin.rs"]
mod bin;
#[path = "../support/repo.rs"]
mod repo;

mod bar;
mod extend;
mod fixture;
mod formats;
mod gate;
mod meaning;
mod modes;
mod operations;
mod range;
mod secrets;
mod snapshots;
