//! Rendering a report in every format, and the sticky pull-request comment.

use barraiser::render::{
    COMMENT_MARKER, Format, LinkBase, MAX_COMMENT_BYTES, RenderError, RenderOptions, Templates,
    comment, neutralize, render,
};
use barraiser::verdict::ApprovalView;
use barraiser::{ChangeReport, Finding, InputError, Report, Severity, Verdict};

const ORDERS: &str = "---
title: Move orders database to Aurora PostgreSQL 16
service: orders
risk: high
rollback:
  trigger: \"\"
  estimated_minutes: 90
---

## Steps
1. Run the migration script from my laptop:
   ```sh
   ~/bin/migrate.sh --cluster $CLUSTER
   ```
";

fn finding(
    rule: &str,
    checklist: &str,
    severity: Severity,
    message: &str,
    line: u32,
    column: u32,
    fix: &str,
) -> Finding {
    Finding {
        rule: rule.to_owned(),
        checklist: checklist.to_owned(),
        severity,
        message: message.to_owned(),
        line,
        column,
        fix: fix.to_owned(),
    }
}

/// Blocked: one change with blockers and warnings, one passing change, one input error.
fn sample() -> Report {
    let orders = ChangeReport {
        path: "changes/orders-aurora.md".to_owned(),
        title: "Move orders database to Aurora PostgreSQL 16".to_owned(),
        risk: "high".to_owned(),
        blob: "3b18e512dba79e4c8300dd08aeb37f8e728b8dad".to_owned(),
        findings: vec![
            finding(
                "rollback-trigger",
                "rollback",
                Severity::Blocker,
                "rollback.trigger is empty",
                6,
                3,
                "Name the alarm or metric that starts a rollback, e.g. \"orders-5xx-rate above 1% for 5 minutes\".",
            ),
            finding(
                "rollback-duration",
                "rollback",
                Severity::Warning,
                "rollback takes 90 minutes; keep it under 30",
                7,
                22,
                "Make the rollback faster or explain why it cannot be.",
            ),
            finding(
                "personal-path",
                "no-context",
                Severity::Blocker,
                "`~/bin/migrate.sh` is a personal path",
                13,
                4,
                "Commit the script to the repository and run it from there.",
            ),
            finding(
                "undeclared-parameter",
                "no-context",
                Severity::Advice,
                "$CLUSTER is not declared under parameters",
                13,
                35,
                "Declare CLUSTER under parameters.",
            ),
        ],
        source: ORDERS.to_owned(),
    };
    let search = ChangeReport {
        path: "changes/search-reindex.md".to_owned(),
        title: "Reindex search".to_owned(),
        risk: "low".to_owned(),
        blob: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".to_owned(),
        findings: Vec::new(),
        source: String::new(),
    };
    let error = InputError {
        path: ".barraiser/checklists/custom.yaml".to_owned(),
        line: 4,
        column: 7,
        message: "unknown severity `urgent` (expected blocker, warning or advice)".to_owned(),
    };
    let mut report = Report::from_changes(vec![orders, search], vec![error]);
    report.notes.push(
        "This pull request changes the barraiser policy; it is judged by the base branch's policy."
            .to_owned(),
    );
    report
}

fn links() -> LinkBase {
    LinkBase {
        server_url: "https://github.com".to_owned(),
        repo: "acme/shop".to_owned(),
        sha: "0123456789abcdef0123456789abcdef01234567".to_owned(),
    }
}

fn output(report: &Report, format: Format) -> String {
    let templates = Templates::embedded().unwrap();
    let links = links();
    let opts = RenderOptions {
        color: false,
        templates: &templates,
        links: Some(&links),
    };
    render(report, format, &opts).unwrap()
}

#[test]
fn human_output() {
    insta::assert_snapshot!(output(&sample(), Format::Human));
}

#[test]
fn markdown_output() {
    insta::assert_snapshot!(output(&sample(), Format::Markdown));
}

#[test]
fn comment_output() {
    let templates = Templates::embedded().unwrap();
    let links = links();
    let mut report = sample();
    report.approvals = approvals();
    let body = comment(
        &report,
        &RenderOptions {
            color: false,
            templates: &templates,
            links: Some(&links),
        },
    )
    .unwrap();
    assert!(body.starts_with(&format!("{COMMENT_MARKER}\n")));
    insta::assert_snapshot!(body);
}

fn approvals() -> Vec<ApprovalView> {
    let view = |reviewer: &str, state: &str, reason: &str| ApprovalView {
        reviewer: reviewer.to_owned(),
        submitted_at: "2026-11-20T10:00:00Z".to_owned(),
        state: state.to_owned(),
        reason: reason.to_owned(),
    };
    vec![
        view("alice", "valid", ""),
        view(
            "bob",
            "stale",
            "changes/orders-aurora.md changed after the approval",
        ),
        view("carol", "not-counted", "carol opened the pull request"),
    ]
}
