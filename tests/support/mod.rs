//! What the integration tests share: the binary, repositories built with git2, a
//! stateful fake GitHub (with the OpenAPI contract every request is checked against)
//! and the bar-raiser scenario built on them, and the snapshot files.

pub mod bin;
#[path = "../openapi/contract.rs"]
pub mod contract;
pub mod fake_github;
pub mod repo;
pub mod scenario;

/// Compares `value` with `tests/snapshots/{name}.snap`.
pub fn assert_snapshot(name: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, value));
}
