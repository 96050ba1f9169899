//! Rendering a report in every format, and the sticky pull-request comment.

// A failed unwrap is a failed test here, which is what tests are for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use barraiser::parse::change::Risk;
use barraiser::render::{
    COMMENT_MARKER, Format, LinkBase, MAX_COMMENT_BYTES, RenderError, RenderOptions, Templates,
    comment, neutralize, render,
};
use barraiser::{
    ApprovalState, ApprovalView, ChangeReport, Finding, InputError, Report, Severity, Verdict,
};

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
        risk: Some(Risk::High),
        raised_to: None,
        raised_by: None,
        waived: Vec::new(),
        service: None,
        owner: None,
        window_start: None,
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
        outline: Default::default(),
    };
    let search = ChangeReport {
        path: "changes/search-reindex.md".to_owned(),
        title: "Reindex search".to_owned(),
        risk: Some(Risk::Low),
        raised_to: None,
        raised_by: None,
        waived: Vec::new(),
        service: None,
        owner: None,
        window_start: None,
        blob: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".to_owned(),
        findings: Vec::new(),
        source: String::new(),
        outline: Default::default(),
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

fn opts<'a>(
    templates: &'a Templates,
    color: bool,
    links: Option<&'a LinkBase>,
) -> RenderOptions<'a> {
    RenderOptions {
        color,
        templates,
        links,
    }
}

fn output(report: &Report, format: Format) -> String {
    let templates = Templates::embedded().unwrap();
    let links = links();
    render(report, format, &opts(&templates, false, Some(&links))).unwrap()
}

fn approvals() -> Vec<ApprovalView> {
    let view = |reviewer: &str, state: ApprovalState, reason: &str| ApprovalView {
        reviewer: reviewer.to_owned(),
        submitted_at: "2026-11-20T10:00:00Z".to_owned(),
        state,
        reason: reason.to_owned(),
    };
    vec![
        view("alice", ApprovalState::Valid, ""),
        view(
            "bob",
            ApprovalState::Stale,
            "changes/orders-aurora.md changed after the approval",
        ),
        view(
            "carol",
            ApprovalState::NotCounted,
            "carol opened the pull request",
        ),
    ]
}

fn keys(value: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// GitHub's own patterns for things that notify or link: a live mention is `@`
/// directly followed by a login, a live issue reference `#` or `GH-` directly
/// followed by a number.
fn assert_inert(text: &str) {
    let live =
        regex::Regex::new(r"(?i)@[a-z0-9]|(?:^|[^&])#[0-9]|\bgh-[0-9]|<[a-z!/]|`|\]\(|!\[|\|")
            .unwrap();
    assert!(!live.is_match(text), "live markup in {text:?}");
    assert!(!text.contains('\n'), "newline in {text:?}");
}

/// Every user-controlled field, loaded with the same hostile text.
fn hostile_report() -> Report {
    let evil = "@alice #1 GH-2 <b>x</b> `y` --> <!-- barraiser:verdict --> </details> ![i](u) [l](u) a|b\n- [ ] fake";
    let change = ChangeReport {
        path: evil.to_owned(),
        title: evil.to_owned(),
        // A risk is typed now: it cannot carry user text.
        risk: Some(Risk::High),
        raised_to: None,
        raised_by: None,
        waived: Vec::new(),
        service: Some(evil.to_owned()),
        owner: Some(evil.to_owned()),
        window_start: None,
        blob: evil.to_owned(),
        findings: vec![finding(evil, evil, Severity::Blocker, evil, 1, 1, evil)],
        source: evil.to_owned(),
        outline: Default::default(),
    };
    let error = InputError {
        path: evil.to_owned(),
        line: 1,
        column: 1,
        message: evil.to_owned(),
    };
    let mut report = Report::from_changes(vec![change], vec![error]);
    report.notes.push(evil.to_owned());
    report.approvals = vec![ApprovalView {
        reviewer: evil.to_owned(),
        submitted_at: evil.to_owned(),
        state: ApprovalState::Stale,
        reason: evil.to_owned(),
    }];
    report
}

mod comment;
mod formats;
mod neutralize;
mod templates;
