//! `barraiser check` end to end: real repositories built with git2, the real binary.

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
