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
        service: None,
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
    };
    let search = ChangeReport {
        path: "changes/search-reindex.md".to_owned(),
        title: "Reindex search".to_owned(),
        risk: Some(Risk::Low),
        service: None,
        window_start: None,
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
    let body = comment(&report, &opts(&templates, false, Some(&links))).unwrap();
    assert!(body.starts_with(&format!("{COMMENT_MARKER}\n")));
    insta::assert_snapshot!(body);
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

#[test]
fn json_has_exactly_the_v1_keys() {
    let mut report = sample();
    report.approvals = approvals();
    let text = output(&report, Format::Json);
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\n  \"version\": 1,"), "pretty-printed");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys(&json),
        ["approvals", "changes", "errors", "verdict", "version"]
    );
    assert_eq!(json["version"], 1);
    assert_eq!(json["verdict"], "blocked");
    let change = &json["changes"][0];
    assert_eq!(keys(change), ["blob", "findings", "path", "risk", "title"]);
    assert_eq!(change["blob"], "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
    let finding = &change["findings"][0];
    assert_eq!(
        keys(finding),
        [
            "checklist",
            "column",
            "fix",
            "line",
            "message",
            "rule",
            "severity"
        ]
    );
    assert_eq!(finding["severity"], "blocker");
    assert_eq!(finding["line"], 6);
    assert_eq!(finding["column"], 3);
    assert_eq!(
        keys(&json["approvals"][0]),
        ["reason", "reviewer", "state", "submitted_at"]
    );
    assert_eq!(json["approvals"][1]["state"], "stale");
    assert_eq!(
        keys(&json["errors"][0]),
        ["column", "line", "message", "path"]
    );
    assert_eq!(json["errors"][0]["line"], 4);
}

#[test]
fn json_verdicts_are_kebab_case() {
    let mut report = sample();
    report.verdict = Verdict::NeedsApproval;
    let json: serde_json::Value = serde_json::from_str(&output(&report, Format::Json)).unwrap();
    assert_eq!(json["verdict"], "needs-approval");
}

#[test]
fn sarif_has_the_required_2_1_0_fields() {
    let json: serde_json::Value = serde_json::from_str(&output(&sample(), Format::Sarif)).unwrap();
    assert_eq!(json["version"], "2.1.0");
    assert!(json["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "barraiser");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "personal-path",
            "rollback-duration",
            "rollback-trigger",
            "undeclared-parameter"
        ]
    );
    assert!(
        rules
            .iter()
            .all(|r| r["shortDescription"]["text"].is_string())
    );
    assert_eq!(
        rules[0]["help"]["text"],
        "Commit the script to the repository and run it from there."
    );

    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "error", "note"]);
    let first = &results[0];
    assert_eq!(first["ruleId"], "rollback-trigger");
    assert_eq!(first["message"]["text"], "rollback.trigger is empty");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "changes/orders-aurora.md"
    );
    assert_eq!(location["region"]["startLine"], 6);
    assert_eq!(location["region"]["startColumn"], 3);
    assert_eq!(runs[0]["columnKind"], "unicodeCodePoints");
    assert_eq!(runs[0]["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn github_annotations_escape_like_the_actions_toolkit() {
    let report = Report::from_changes(
        vec![ChangeReport {
            path: "changes/a,b:c%.md".to_owned(),
            title: String::new(),
            risk: None,
            service: None,
            window_start: None,
            blob: String::new(),
            findings: vec![
                finding(
                    "rule-x",
                    "demo",
                    Severity::Blocker,
                    "50% done\r\nnext: step, then",
                    2,
                    5,
                    "",
                ),
                finding("rule-y", "demo", Severity::Warning, "w", 0, 0, "fix it"),
                finding("rule-z", "demo", Severity::Advice, "a", 1, 1, ""),
            ],
            source: String::new(),
        }],
        Vec::new(),
    );
    let text = output(&report, Format::Github);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=changes/a%2Cb%3Ac%25.md,line=2,col=5,title=barraiser blocker%3A rule-x::50%25 done%0D%0Anext: step, then"
    );
    assert_eq!(
        lines[1],
        "::warning file=changes/a%2Cb%3Ac%25.md,title=barraiser warning%3A rule-y::w%0AFix: fix it"
    );
    assert!(lines[2].starts_with("::notice file="));
    assert_eq!(
        lines.len(),
        4,
        "one line per annotation plus the verdict: {text}"
    );
}

#[test]
fn github_annotations_include_input_errors() {
    let text = output(&sample(), Format::Github);
    assert!(text.contains(
        "::error file=.barraiser/checklists/custom.yaml,line=4,col=7,title=barraiser input error::unknown severity"
    ));
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

#[test]
fn neutralize_defuses_mentions_and_team_mentions() {
    for text in [
        "@alice please look",
        "cc @acme/orders-oncall",
        "(@bob)",
        "email me@example.com",
    ] {
        let out = neutralize(text);
        assert_inert(&out);
        assert_eq!(
            out.replace('\u{200B}', ""),
            text,
            "only invisible characters are added"
        );
    }
}

#[test]
fn neutralize_defuses_issue_references() {
    for text in ["fixes #123", "see GH-45", "acme/shop#9", "gh-7"] {
        assert_inert(&neutralize(text));
    }
}

#[test]
fn neutralize_escapes_html_and_comments() {
    let out = neutralize("<img src=x onerror=alert(1)> & <!-- hidden --> </details>");
    assert_inert(&out);
    assert_eq!(
        out,
        "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!-- hidden --&gt; &lt;/details&gt;"
    );
}

#[test]
fn neutralize_cannot_spoof_the_marker() {
    let out = neutralize(COMMENT_MARKER);
    assert!(!out.contains(COMMENT_MARKER));
    assert!(!out.contains("<!--"));
    assert!(!out.contains("-->"));
}

#[test]
fn neutralize_escapes_backticks_links_images_and_pipes() {
    let out =
        neutralize("`code` ![img](https://evil.example/x.png) [link](https://evil.example) a | b");
    assert_inert(&out);
    assert!(out.contains("&#96;code&#96;"));
    assert!(out.contains("&#124;"));
}

#[test]
fn neutralize_collapses_newlines() {
    let out = neutralize("line one\n\n## Heading\r\n- [x] forged task");
    assert_eq!(out, "line one ## Heading - &#91;x&#93; forged task");
    assert_inert(&out);
}

/// Every user-controlled field, loaded with the same hostile text.
fn hostile_report() -> Report {
    let evil = "@alice #1 GH-2 <b>x</b> `y` --> <!-- barraiser:verdict --> </details> ![i](u) [l](u) a|b\n- [ ] fake";
    let change = ChangeReport {
        path: evil.to_owned(),
        title: evil.to_owned(),
        // A risk is typed now: it cannot carry user text.
        risk: Some(Risk::High),
        service: Some(evil.to_owned()),
        window_start: None,
        blob: evil.to_owned(),
        findings: vec![finding(evil, evil, Severity::Blocker, evil, 1, 1, evil)],
        source: evil.to_owned(),
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

#[test]
fn comment_echoes_no_live_user_markup() {
    let templates = Templates::embedded().unwrap();
    let body = comment(&hostile_report(), &opts(&templates, false, None)).unwrap();
    assert_eq!(body.matches(COMMENT_MARKER).count(), 1, "{body}");
    assert_eq!(body.matches("</details>").count(), 1, "{body}");
    assert_eq!(body.matches("<!--").count(), 1, "{body}");
    assert_eq!(
        body.matches("- [ ]").count(),
        2,
        "one blocker and one input error: {body}"
    );
    for needle in [
        "@alice",
        " #1",
        "GH-2",
        "<b>",
        "`y`",
        "![",
        "](",
        "a|b",
        "- [ ] fake",
    ] {
        assert!(!body.contains(needle), "{needle:?} survived in {body}");
    }
}

#[test]
fn links_percent_encode_paths() {
    let templates = Templates::embedded().unwrap();
    let links = links();
    let body = comment(&hostile_report(), &opts(&templates, false, Some(&links))).unwrap();
    assert!(
        body.contains(
            "/blob/0123456789abcdef0123456789abcdef01234567/%40alice%20%231%20GH-2%20%3Cb%3E"
        ),
        "{body}"
    );
}

#[test]
fn huge_report_comment_is_truncated_with_a_note() {
    let findings = (0..5_000)
        .map(|i| {
            finding(
                "step-without-expectation",
                "no-context",
                Severity::Blocker,
                &format!("step {i} says what to run but not what to expect afterwards"),
                i + 10,
                4,
                "Add a line starting with `Expect:` that says what the operator should see.",
            )
        })
        .collect();
    let change = ChangeReport {
        path: "changes/big.md".to_owned(),
        title: "Big".to_owned(),
        risk: Some(Risk::High),
        service: None,
        window_start: None,
        blob: "abc".to_owned(),
        findings,
        source: String::new(),
    };
    let report = Report::from_changes(vec![change], Vec::new());
    let templates = Templates::embedded().unwrap();
    let links = links();
    let body = comment(&report, &opts(&templates, false, Some(&links))).unwrap();
    assert!(body.chars().count() < 65_536);
    assert!(body.len() <= MAX_COMMENT_BYTES);
    assert!(body.starts_with(COMMENT_MARKER));
    assert!(
        body.contains("5000 blockers in 1 change description"),
        "totals count every finding"
    );
    let omitted =
        regex::Regex::new(r"(\d+) findings omitted .*Run `barraiser check` locally").unwrap();
    let caps = omitted.captures(&body).expect("omission note");
    let omitted: usize = caps[1].parse().unwrap();
    let shown = body.matches("- **blocker**").count();
    assert!(shown > 50, "keeps as many findings as fit, kept {shown}");
    assert_eq!(shown + omitted, 5_000);
    // Whole findings only: every kept finding still has its fix line, and tags are balanced.
    assert_eq!(body.matches("  - Fix: ").count(), shown);
    assert_eq!(
        body.matches("<details").count(),
        body.matches("</details>").count()
    );
}

#[test]
fn template_override_replaces_the_embedded_template() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "verdict={{ r.verdict }} changes={{ r.changes | length }} title={{ r.changes[0].title | neutralize }}\n".to_owned(),
    )])
    .unwrap();
    let text = render(&sample(), Format::Markdown, &opts(&templates, false, None)).unwrap();
    assert_eq!(
        text,
        "verdict=blocked changes=2 title=Move orders database to Aurora PostgreSQL 16\n"
    );
}

#[test]
fn an_override_that_forgets_to_neutralize_still_prints_inert_text() {
    // A repository's comment template that prints user text with no filter at all.
    let templates = Templates::new(vec![(
        "comment.md.j2".to_owned(),
        "{{ r.marker }}\n{% for c in r.changes %}{{ c.title }}\n{% endfor %}{{ r.notes | join(' ') }}\n"
            .to_owned(),
    )])
    .unwrap();
    let body = comment(&hostile_report(), &opts(&templates, false, None)).unwrap();
    assert!(body.starts_with(&format!("{COMMENT_MARKER}\n")), "{body}");
    assert_eq!(body.matches("<!--").count(), 1, "{body}");
    for needle in ["@alice", " #1", "<b>", "`y`", "](", "a|b", "\n- [ ] fake"] {
        assert!(!body.contains(needle), "{needle:?} survived in {body}");
    }
    assert!(body.contains("@\u{200B}alice"), "{body}");
    assert!(body.contains("&lt;b&gt;"), "{body}");
}

#[test]
fn an_explicit_neutralize_filter_is_not_applied_twice() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "{% for c in r.changes %}{{ c.title | neutralize }}|{{ c.title }}\n{% endfor %}".to_owned(),
    )])
    .unwrap();
    let mut report = sample();
    report.changes.truncate(1);
    report.changes[0].title = "Tom & Jerry <3".to_owned();
    let text = render(&report, Format::Markdown, &opts(&templates, false, None)).unwrap();
    assert_eq!(text, "Tom &amp; Jerry &lt;3|Tom &amp; Jerry &lt;3\n");
}

#[test]
fn broken_override_is_an_error_naming_template_and_line() {
    let err = Templates::new(vec![(
        "comment.md.j2".to_owned(),
        "ok\n{% if r.verdict %}\nnever closed\n".to_owned(),
    )])
    .unwrap_err();
    match &err {
        RenderError::Template { name, line, .. } => {
            assert_eq!(name, "comment.md.j2");
            assert!(line.is_some(), "{err}");
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("template `comment.md.j2`, line"),
        "{err}"
    );
}

#[test]
fn override_with_an_undefined_variable_fails_at_render() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "line one\n{{ r.verdcit }}\n".to_owned(),
    )])
    .unwrap();
    let err = render(&sample(), Format::Markdown, &opts(&templates, false, None)).unwrap_err();
    assert!(
        matches!(&err, RenderError::Template { name, line: Some(2), .. } if name == "report.md.j2"),
        "{err}"
    );
}

#[test]
fn override_of_an_unknown_template_is_an_error() {
    let err = Templates::new(vec![("coment.md.j2".to_owned(), "x".to_owned())]).unwrap_err();
    assert!(matches!(err, RenderError::UnknownTemplate { .. }), "{err}");
}

#[test]
fn formats_round_trip_through_their_names() {
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>().unwrap(), format);
    }
    assert!("yaml".parse::<Format>().is_err());
}

#[test]
fn human_colour_only_when_asked() {
    let templates = Templates::embedded().unwrap();
    let plain = render(&sample(), Format::Human, &opts(&templates, false, None));
    let color = render(&sample(), Format::Human, &opts(&templates, true, None));
    assert!(!plain.unwrap().contains('\u{1b}'));
    assert!(color.unwrap().contains('\u{1b}'));
}

#[test]
fn comment_fits_even_when_notes_alone_are_too_long() {
    let mut report = sample();
    report.notes = vec!["n".repeat(900); 200];
    let templates = Templates::embedded().unwrap();
    let body = comment(&report, &opts(&templates, false, None)).unwrap();
    assert!(body.len() <= MAX_COMMENT_BYTES);
    assert!(
        body.starts_with(&format!("{COMMENT_MARKER}\n**barraiser: blocked**")),
        "{body}"
    );
    assert!(body.contains("Run `barraiser check` locally"), "{body}");
}

#[test]
fn human_output_cannot_forge_lines() {
    let mut report = sample();
    report.changes[0].findings[0].message = "x\n::error::forged\u{202E}".to_owned();
    let text = output(&report, Format::Human);
    assert!(!text.lines().any(|l| l.starts_with("::")), "{text}");
    assert!(!text.contains('\u{202E}'));
}

#[test]
fn comment_for_a_pull_request_waiting_for_approval() {
    let mut report = sample();
    report.changes[0]
        .findings
        .retain(|f| f.severity != Severity::Blocker);
    report.errors.clear();
    report.verdict = Verdict::NeedsApproval;
    report.approvals = approvals();
    let templates = Templates::embedded().unwrap();
    let body = comment(&report, &opts(&templates, false, Some(&links()))).unwrap();
    insta::assert_snapshot!(body);
}
