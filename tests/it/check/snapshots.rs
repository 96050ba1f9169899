//! Snapshots of what an author reads: the human report (without colour) and the
//! Markdown report, for one change with findings of every severity.

use super::fixture::*;

/// A medium-risk change with blockers, warnings and advice spread over the file.
fn several_findings() -> String {
    let text = good("medium");
    let text = edit(
        &text,
        "  tested_on: 2026-11-10\n",
        "  tested_on: 2026-11-10\n  estimated_minute: 15\n",
    );
    let text = edit(&text, "  estimated_minutes: 15\n", "");
    let text = edit(&text, "automation:\n  executed_by: pipeline\n", "");
    let text = edit(
        &text,
        "Ships orders 4.2.0 with cursor pagination (ticket ORD-311).",
        "Ships orders 4.2.0 with cursor pagination tomorrow, as discussed in\nhttps://acme.slack.com/archives/C024BE91L/p1700000000.",
    );
    edit(
        &text,
        "   Expect: `prod: succeeded` for `orders-4.2.0`.\n",
        "2. Ask the DBA for the token, then run the usual cleanup:\n   ```sh\n   dbctl cleanup --host \"$DB_HOST\" --older-than <days>\n   ```\n",
    )
}

fn report(format: &str) -> String {
    let repo = TestRepo::new();
    repo.commit(
        "main",
        T0,
        &[file("changes/orders-4-2.md", several_findings())],
    );
    let out = run(
        repo.root(),
        &["check", "--all", "--rev", "HEAD", "--format", format],
    );
    out.assert_code(1);
    assert_eq!(out.stderr, "");
    out.stdout
}

#[test]
fn human_output() {
    crate::support::assert_snapshot("check__snapshots__human_output", &report("human"));
}

#[test]
fn markdown_output() {
    crate::support::assert_snapshot("check__snapshots__markdown_output", &report("markdown"));
}
