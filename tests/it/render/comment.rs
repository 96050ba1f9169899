//! The sticky pull-request comment: its snapshot, what it echoes, and its size limit.

use super::*;

#[test]
fn comment_output() {
    let templates = Templates::embedded().unwrap();
    let links = links();
    let mut report = sample();
    report.approvals = approvals();
    let body = comment(&report, &opts(&templates, false, Some(&links))).unwrap();
    assert!(body.starts_with(&format!("{COMMENT_MARKER}\n")));
    crate::support::assert_snapshot("render__comment_output", &body);
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
        raised_to: None,
        raised_by: None,
        waived: Vec::new(),
        service: None,
        owner: None,
        window_start: None,
        blob: "abc".to_owned(),
        findings,
        source: String::new(),
        outline: Default::default(),
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
    crate::support::assert_snapshot(
        "render__comment_for_a_pull_request_waiting_for_approval",
        &body,
    );
}
