//! Change descriptions and repositories shared by the `check` tests.

pub use crate::support::bin::{Run, findings, paths, run};
pub use crate::support::repo::{TestRepo, file};

/// 2026-11-20T12:00:00Z: the commit time most fixtures are checked at.
pub const T0: i64 = 1_795_176_000;
/// One day in seconds.
pub const DAY: i64 = 86_400;

/// A change description that passes every embedded rule at any risk when
/// checked at T0 (rollback tested ten days before).
pub const GOOD: &str = r#"---
title: Ship orders 4.2 with cursor pagination
service: orders
owner: "@acme/orders-oncall"
risk: high
type: deploy
window:
  start: 2026-12-01T18:00:00Z
  end: 2026-12-01T20:00:00Z
pipeline:
  name: orders-release
  stages: [beta, gamma, prod-onebox, prod]
  bake_time: 2h
  alarms: [orders-5xx-rate, orders-p99-latency]
automation:
  executed_by: pipeline
rollback:
  trigger: "orders-5xx-rate above 1% for 5 minutes"
  estimated_minutes: 15
  tested_on: 2026-11-10
parameters:
  RELEASE: orders-4.2.0
  PREVIOUS: orders-4.1.9
---

## Summary
Ships orders 4.2.0 with cursor pagination (ticket ORD-311).

## Steps
1. Start the release in the pipeline:
   ```sh
   pipectl promote orders-release --version "$RELEASE"
   ```
   Expect: `prod: succeeded` for `orders-4.2.0`.

## Verification
1. Read the active version:
   ```sh
   curl -s https://orders.acme.example/version
   ```
   Expect: `4.2.0`.

## Rollback
1. Redeploy the previous version:
   ```sh
   pipectl rollback orders-release --to "$PREVIOUS"
   ```
   Expect: `prod: succeeded` for `orders-4.1.9` within 15 minutes.
"#;

/// `GOOD` with `from` replaced by `to` (which must occur).
#[track_caller]
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}

/// `GOOD` at another risk level.
pub fn good(risk: &str) -> String {
    edit(GOOD, "risk: high", &format!("risk: {risk}"))
}

/// A low-risk change with one tribal-knowledge blocker (asking a person) in Steps.
pub fn blocked() -> String {
    edit(
        &good("low"),
        "1. Start the release in the pipeline:",
        "1. Ask Priya for the release token, then start the release in the pipeline:",
    )
}

/// A repository whose `main` holds `edits` committed at T0, with the work tree in sync.
pub fn repo_with(edits: &[crate::support::repo::Edit]) -> TestRepo {
    let repo = TestRepo::new();
    let head = repo.commit("main", T0, edits);
    repo.sync_worktree(head);
    repo
}

/// Runs `check` with `--format json` appended, expecting a report (exit 0 or 1).
#[track_caller]
pub fn check_json(repo: &TestRepo, args: &[&str]) -> (Run, serde_json::Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = run(repo.root(), &all);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "check {args:?} did not produce a report\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    let json = run.json();
    (run, json)
}

/// The rule ids reported for `path`, with severities, as "rule:severity".
pub fn rules(report: &serde_json::Value, path: &str) -> Vec<String> {
    findings(report, path)
        .into_iter()
        .map(|(r, s)| format!("{r}:{s}"))
        .collect()
}

/// main at T0 with `base` files; branch `feature` from it with `head` edits.
pub fn range_repo(
    base: &[crate::support::repo::Edit],
    head: &[crate::support::repo::Edit],
) -> TestRepo {
    let repo = TestRepo::new();
    let b = repo.commit("main", T0, base);
    repo.branch("feature", b);
    let h = repo.commit("feature", T0 + 3600, head);
    repo.sync_worktree(h);
    repo
}

/// `check --base main --head feature` as JSON.
pub fn range(repo: &TestRepo) -> (Run, serde_json::Value) {
    check_json(repo, &["--base", "main", "--head", "feature"])
}
