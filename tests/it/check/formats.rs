//! Exit codes and every output format of `check`.

use super::fixture::*;

/// A repository with one passing and one blocked change (the blocker on a known line).
fn mixed() -> TestRepo {
    repo_with(&[
        file("changes/good.md", good("low")),
        file("changes/bad.md", blocked()),
    ])
}

/// Line and column of the tribal-knowledge finding in `blocked()`.
fn ask_position() -> (usize, usize) {
    let text = blocked();
    let line = text.lines().position(|l| l.contains("Ask Priya")).unwrap();
    let column = text.lines().nth(line).unwrap().find("Ask").unwrap();
    (line + 1, column + 1)
}

#[test]
fn exit_codes_are_zero_for_pass_one_for_blocked_two_for_errors() {
    let repo = mixed();
    run(repo.root(), &["check", "changes/good.md"]).assert_code(0);
    run(repo.root(), &["check", "changes/bad.md"]).assert_code(1);
    run(repo.root(), &["check", "--all"]).assert_code(1);

    // Usage errors.
    run(repo.root(), &["check", "--all", "changes/good.md"]).assert_code(2);
    run(repo.root(), &["check", "--base", "main"]).assert_code(2);
    run(repo.root(), &["check", "--format", "yaml"]).assert_code(2);
    run(repo.root(), &["check", "--no-such-flag"]).assert_code(2);

    // A configuration error stops the run, even for a change that would pass.
    repo.write(".barraiser.yaml", "changes_dir: [not, a, string]\n");
    let out = run(repo.root(), &["check", "changes/good.md"]);
    out.assert_code(2);
    assert!(out.stderr.contains(".barraiser.yaml:1:"), "{}", out.stderr);
    assert_eq!(out.stdout, "");

    // Outside a repository there is nothing to diff against.
    let plain = tempfile::tempdir().unwrap();
    let out = run(plain.path(), &["check"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("not in a git repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn human_output_without_colour_shows_path_line_and_column() {
    let repo = mixed();
    let out = run(repo.root(), &["check", "--all", "--format", "human"]);
    out.assert_code(1);
    let (line, column) = ask_position();
    let location = format!("changes/bad.md:{line}:{column}");
    assert!(
        out.stdout.contains(&location),
        "no {location} in\n{}",
        out.stdout
    );
    assert!(out.stdout.contains("tribal-knowledge"), "{}", out.stdout);
    assert!(
        out.stdout.contains("Ask Priya"),
        "snippet missing:\n{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "colour despite NO_COLOR:\n{}",
        out.stdout
    );
    // The default format, when stdout is not a terminal, is the same human output.
    let default = run(repo.root(), &["check", "--all"]);
    assert_eq!(default.stdout, out.stdout);
}

#[test]
fn json_output_has_the_v1_keys() {
    let repo = mixed();
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&report),
        ["approvals", "changes", "errors", "verdict", "version"]
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["verdict"], "blocked");
    assert_eq!(report["approvals"], serde_json::json!([]));
    let bad = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "changes/bad.md")
        .unwrap();
    assert_eq!(keys(bad), ["blob", "findings", "path", "risk", "title"]);
    assert_eq!(bad["risk"], "low");
    assert_eq!(bad["title"], "Ship orders 4.2 with cursor pagination");
    let blob = git2::Oid::hash_object(git2::ObjectType::Blob, blocked().as_bytes()).unwrap();
    assert_eq!(bad["blob"], blob.to_string().as_str());
    let finding = &bad["findings"][0];
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
    let (line, column) = ask_position();
    assert_eq!(finding["rule"], "tribal-knowledge");
    assert_eq!(finding["checklist"], "no-context");
    assert_eq!(finding["severity"], "blocker");
    assert_eq!(finding["line"], line);
    assert_eq!(finding["column"], column);
    assert!(!finding["fix"].as_str().unwrap().is_empty());
}

#[test]
fn json_reports_unreadable_changes_as_errors() {
    let repo = mixed();
    repo.write("changes/broken.md", "---\ntitle: no end\n");
    // The others are still checked and reported; the run ends with 2.
    let out = run(repo.root(), &["check", "--all", "--format", "json"]);
    out.assert_code(2);
    let report = out.json();
    assert_eq!(paths(&report), ["changes/bad.md", "changes/good.md"]);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["path"], "changes/broken.md");
}

#[test]
fn markdown_output_is_rendered_from_the_templates() {
    let repo = mixed();
    let out = run(repo.root(), &["check", "--all", "--format", "markdown"]);
    out.assert_code(1);
    assert!(out.stdout.contains("tribal-knowledge"), "{}", out.stdout);
    assert!(out.stdout.contains("changes/bad.md"), "{}", out.stdout);
    assert!(
        out.stdout.lines().any(|l| l.starts_with('#')),
        "no heading:\n{}",
        out.stdout
    );
}

#[test]
fn github_output_is_workflow_command_annotations() {
    let repo = mixed();
    let out = run(repo.root(), &["check", "--all", "--format", "github"]);
    out.assert_code(1);
    let (line, column) = ask_position();
    let prefix = format!("::error file=changes/bad.md,line={line},col={column}");
    let annotation = out
        .stdout
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in\n{}", out.stdout));
    assert!(annotation.contains("tribal-knowledge"), "{annotation}");
    // A workflow command is one line: messages are escaped, never raw newlines.
    for l in out.stdout.lines().filter(|l| l.starts_with("::")) {
        assert!(l.contains("::"), "{l}");
    }
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let repo = mixed();
    let out = run(repo.root(), &["check", "--all", "--format", "sarif"]);
    out.assert_code(1);
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"].as_str().unwrap().contains("sarif"),
        "{sarif:#}"
    );
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let (line, column) = ask_position();
    let result = results
        .iter()
        .find(|r| r["ruleId"] == "tribal-knowledge")
        .unwrap_or_else(|| panic!("no tribal-knowledge result: {sarif:#}"));
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "changes/bad.md");
    assert_eq!(location["region"]["startLine"], line);
    assert_eq!(location["region"]["startColumn"], column);
}

#[test]
fn a_finding_points_at_the_offending_text_not_the_space_before_it() {
    let text = edit(
        &good("low"),
        "promote orders-release --version \"$RELEASE\"",
        "promote orders-release --version <version>",
    );
    let repo = repo_with(&[file("changes/x.md", &text)]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let line = text.lines().position(|l| l.contains("<version>")).unwrap();
    let column = text.lines().nth(line).unwrap().find("<version>").unwrap();
    let finding = &report["changes"][0]["findings"][0];
    assert_eq!(finding["rule"], "placeholder");
    assert_eq!(
        finding["message"],
        "Placeholder \"<version>\" left in: decide the value before review"
    );
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(line as u64 + 1), Some(column as u64 + 1))
    );
}
