//! Each `--format`: human (snapshot), JSON v1, SARIF and workflow annotations.

use super::*;

#[test]
fn human_output() {
    crate::support::assert_snapshot("render__human_output", &output(&sample(), Format::Human));
}

#[test]
fn markdown_output() {
    crate::support::assert_snapshot(
        "render__markdown_output",
        &output(&sample(), Format::Markdown),
    );
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
            raised_to: None,
            raised_by: None,
            waived: Vec::new(),
            service: None,
            owner: None,
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
            outline: Default::default(),
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
fn human_output_cannot_forge_lines() {
    let mut report = sample();
    report.changes[0].findings[0].message = "x\n::error::forged\u{202E}".to_owned();
    let text = output(&report, Format::Human);
    assert!(!text.lines().any(|l| l.starts_with("::")), "{text}");
    assert!(!text.contains('\u{202E}'));
}
