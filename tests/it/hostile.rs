//! Hostile and broken inputs: each ends in a clean error that names the file (and
//! the line where there is one), exit code 2, no panic, in bounded memory.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::support::bin;
use crate::support::repo;

use std::path::Path;
use std::process::Command;

use bin::Run;
use repo::{TestRepo, file};

const T0: i64 = 1_795_176_000;

/// A low-risk change that passes every embedded rule.
const GOOD: &str = r#"---
title: Turn on the search suggestions flag
service: search
owner: "@acme/search-oncall"
risk: low
type: config
automation:
  executed_by: pipeline
parameters:
  FLAG: search.suggestions
---

## Summary
Turns on search suggestions for everyone.

## Steps
1. Turn the flag on:
   ```sh
   flagctl set "$FLAG" --value on
   ```
   Expect: `search.suggestions = on`.

## Verification
1. Read the flag back:
   ```sh
   flagctl get "$FLAG"
   ```
   Expect: `on`.

## Rollback
1. Turn the flag off:
   ```sh
   flagctl set "$FLAG" --value off
   ```
   Expect: `search.suggestions = off`.
"#;

/// Runs the binary under a 1 GiB address-space limit, so runaway memory ends the
/// child (and fails the test) instead of the machine.
fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    let cmd = bin::command(dir, args);
    let program = cmd.get_program().to_owned();
    let argv: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(program)
        .args(argv)
        .current_dir(dir);
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => shell.env(key, v),
            None => shell.env_remove(key),
        };
    }
    let out = shell.output().expect("run barraiser");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
        "crash:\n{}",
        run.stderr
    );
    run
}

fn repo_with(edits: &[repo::Edit]) -> TestRepo {
    let repo = TestRepo::new();
    let head = repo.commit("main", T0, edits);
    repo.sync_worktree(head);
    repo
}

/// The single input error reported for `path` in the working tree and at HEAD, as (line, message).
#[track_caller]
fn change_error(content: &[u8]) -> (u64, String) {
    let repo = repo_with(&[
        file("changes/hostile.md", content),
        file("changes/good.md", GOOD),
    ]);
    let mut seen = Vec::new();
    for args in [
        vec!["check", "changes/hostile.md", "--format", "json"],
        vec!["check", "--all", "--rev", "HEAD", "--format", "json"],
    ] {
        let out = run_bounded(repo.root(), &args);
        out.assert_code(2);
        let report = out.json();
        let errors = report["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{report:#}");
        assert_eq!(errors[0]["path"], "changes/hostile.md");
        let message = errors[0]["message"].as_str().unwrap().to_string();
        assert!(!message.is_empty());
        seen.push((errors[0]["line"].as_u64().unwrap(), message));
        // The good change next to it is still checked.
        if args.contains(&"--all") {
            assert_eq!(bin::paths(&report), ["changes/good.md"]);
        }
    }
    assert_eq!(seen[0], seen[1], "worktree and HEAD disagree");
    // The human output names the file too.
    let out = run_bounded(repo.root(), &["check", "changes/hostile.md"]);
    out.assert_code(2);
    assert!(out.stdout.contains("changes/hostile.md") || out.stderr.contains("changes/hostile.md"));
    seen.remove(0)
}

/// Nine levels of ten aliases each: a billion nodes if expanded.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

fn with_front(extra: &str) -> String {
    GOOD.replacen("---\n\n## Summary", &format!("{extra}---\n\n## Summary"), 1)
}

#[test]
fn alias_bomb_in_front_matter() {
    let (line, message) = change_error(with_front(&alias_bomb()).as_bytes());
    assert!(line > 1, "{line}");
    assert!(message.contains("limit"), "{message}");
}

#[test]
fn nesting_ten_thousand_deep() {
    let deep = format!("deep: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let (_, message) = change_error(with_front(&deep).as_bytes());
    assert!(
        message.contains("nest") || message.contains("recursion") || message.contains("depth"),
        "{message}"
    );
    let deep_maps: String = (0..10_000)
        .map(|i| format!("{}k:\n", " ".repeat(i % 200)))
        .collect();
    let _ = change_error(with_front(&format!("deep:\n{deep_maps}")).as_bytes());
}

#[test]
fn a_fifty_megabyte_change() {
    let mut big = GOOD.to_string();
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n";
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(line);
    }
    let (_, message) = change_error(big.as_bytes());
    assert!(message.contains("limit"), "{message}");
}

#[test]
fn invalid_utf8() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"caf\xe9 \xff\xfe\n");
    let (_, message) = change_error(&bytes);
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn nul_bytes() {
    let bytes = GOOD.replacen("for everyone", "for\0everyone", 1);
    let (_, message) = change_error(bytes.as_bytes());
    assert!(message.contains("NUL"), "{message}");
}

#[test]
fn front_matter_without_its_closing_line() {
    let text = GOOD.replacen("---\n\n## Summary", "\n## Summary", 1);
    let (line, message) = change_error(text.as_bytes());
    assert_eq!(line, 1);
    assert!(message.contains("never closed"), "{message}");
}

#[test]
fn duplicate_keys_are_an_error_with_the_line() {
    let text = GOOD.replacen(
        "service: search\n",
        "service: search\nservice: billing\n",
        1,
    );
    let (line, message) = change_error(text.as_bytes());
    assert_eq!(line, 4, "{message}");
    assert!(message.contains("service"), "{message}");
    assert!(message.contains("duplicate"), "{message}");
}

/// Findings of a change that parses, as (rule, line, column).
fn findings_of(content: &[u8]) -> Vec<(String, u64, u64)> {
    let repo = repo_with(&[file("changes/x.md", content)]);
    let out = run_bounded(
        repo.root(),
        &["check", "--all", "--rev", "HEAD", "--format", "json"],
    );
    let report = out.json();
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    report["changes"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// What `automaton:` for `automation:` in GOOD gives: the field it stands for is
/// missing (advice, at `title`), and the misspelling is a warning at its key.
fn typo_findings() -> Vec<(String, u64, u64)> {
    vec![
        ("automation-unspecified".to_string(), 2, 8),
        ("unknown-field".to_string(), 7, 1),
    ]
}

#[test]
fn crlf_line_endings_parse_with_correct_positions() {
    let text = GOOD.replacen(
        "1. Turn the flag on:",
        "1. Ask Priya, then turn the flag on:",
        1,
    );
    let lf = findings_of(text.as_bytes());
    let crlf = findings_of(text.replace('\n', "\r\n").as_bytes());
    let line = text.lines().position(|l| l.contains("Ask Priya")).unwrap() as u64 + 1;
    assert_eq!(lf, [("tribal-knowledge".to_string(), line, 4)]);
    assert_eq!(crlf, lf);
    // A front-matter finding keeps its position too.
    let typo = GOOD.replacen("automation:", "automaton:", 1);
    let lf = findings_of(typo.as_bytes());
    assert_eq!(lf, typo_findings());
    assert_eq!(findings_of(typo.replace('\n', "\r\n").as_bytes()), lf);
}

#[test]
fn a_byte_order_mark_is_fine() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(GOOD.as_bytes());
    assert_eq!(findings_of(&bytes), []);
    let typo = GOOD.replacen("automation:", "automaton:", 1);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(typo.as_bytes());
    assert_eq!(findings_of(&bytes), typo_findings());
}

/// The configuration error for a repository with these extra files: (stderr, exit code 2 asserted).
#[track_caller]
fn config_error(edits: &[repo::Edit]) -> String {
    let mut all = vec![file("changes/good.md", GOOD)];
    all.extend_from_slice(edits);
    let repo = repo_with(&all);
    let out = run_bounded(repo.root(), &["check", "--all"]);
    out.assert_code(2);
    assert_eq!(out.stdout, "", "a configuration error is not a report");
    let at_rev = run_bounded(repo.root(), &["check", "--all", "--rev", "HEAD"]);
    at_rev.assert_code(2);
    assert_eq!(at_rev.stderr, out.stderr);
    out.stderr
}

/// Asserts `stderr` reports `path:line:col` at the first occurrence of `needle` in `text`.
#[track_caller]
fn assert_at(stderr: &str, path: &str, text: &str, needle: &str) {
    let line = text.lines().position(|l| l.contains(needle)).unwrap();
    let column = text.lines().nth(line).unwrap().find(needle).unwrap();
    let at = format!("{path}:{}:{}", line + 1, column + 1);
    assert!(stderr.contains(&at), "expected {at} in:\n{stderr}");
}

#[test]
fn alias_bomb_in_the_policy() {
    // The policy's typed fields stop an alias bomb before it expands far.
    let text = format!(
        "sections:\n{}",
        alias_bomb()
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let stderr = config_error(&[file(".barraiser.yaml", &text)]);
    assert!(stderr.contains(".barraiser.yaml:"), "{stderr}");
    // At the top level, the unknown key is refused first.
    let stderr = config_error(&[file(
        ".barraiser.yaml",
        format!("{}changes_dir: changes\n", alias_bomb()),
    )]);
    assert!(stderr.contains(".barraiser.yaml:1:1:"), "{stderr}");
}

#[test]
fn alias_bomb_in_a_checklist() {
    let text = format!(
        "checklist: team\nvars:\n{}rules: []\n",
        alias_bomb()
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", text)]);
    assert!(
        stderr.contains(".barraiser/checklists/team.yaml:"),
        "{stderr}"
    );
    assert!(stderr.contains("limit"), "{stderr}");
}

#[test]
fn deep_nesting_in_the_policy() {
    let text = format!("freeze: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let stderr = config_error(&[file(".barraiser.yaml", text)]);
    assert!(stderr.contains(".barraiser.yaml:"), "{stderr}");
}

/// A checklist with one rule whose assertion is `assertion` (indented under `assert:`).
fn checklist(assertion: &str) -> String {
    format!(
        "checklist: team\nrules:\n  - id: team-rule\n    title: A team rule\n    severity: blocker\n    why: Because.\n    fix: Do it.\n    assert:\n{assertion}"
    )
}

#[test]
fn a_bad_regex_in_a_checklist() {
    let text = checklist(
        "      - patterns:\n          in: [prose]\n          match:\n            - regex: 'ask (priya'\n",
    );
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &text)]);
    assert_at(
        &stderr,
        ".barraiser/checklists/team.yaml",
        &text,
        "'ask (priya'",
    );
}

#[test]
fn a_bad_expression_in_a_checklist() {
    let text = checklist("      - expr: \"risk in ['low', \"\n");
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &text)]);
    assert_at(
        &stderr,
        ".barraiser/checklists/team.yaml",
        &text,
        "\"risk in",
    );
    let when = checklist("      - expr: \"true\"\n        when: \"risk ==== 'low'\"\n");
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &when)]);
    assert_at(
        &stderr,
        ".barraiser/checklists/team.yaml",
        &when,
        "\"risk ====",
    );
}

#[test]
fn a_bad_message_template_in_a_checklist() {
    let text = checklist("      - expr: \"true\"\n        message: \"{{ risk \"\n");
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &text)]);
    assert!(
        stderr.contains(".barraiser/checklists/team.yaml:"),
        "{stderr}"
    );
    assert!(stderr.contains("template"), "{stderr}");
}

#[test]
fn an_unknown_field_in_a_checklist() {
    let text =
        checklist("      - expr: \"true\"\n").replace("    why:", "    severty: warning\n    why:");
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &text)]);
    assert_at(&stderr, ".barraiser/checklists/team.yaml", &text, "severty");
}

#[test]
fn an_unknown_detector_scope_in_a_checklist() {
    let text = checklist(
        "      - patterns:\n          in: [prosee]\n          match:\n            - regex: 'x'\n",
    );
    let stderr = config_error(&[file(".barraiser/checklists/team.yaml", &text)]);
    assert_at(&stderr, ".barraiser/checklists/team.yaml", &text, "prosee");
}

#[test]
fn an_unknown_rule_in_the_policy() {
    let text = "rules:\n  tribal-knowledge: warning\n  no-such-rule: off\n";
    let stderr = config_error(&[file(".barraiser.yaml", text)]);
    // The setting of the unknown rule, on its line.
    assert_at(&stderr, ".barraiser.yaml", text, "off");
    assert!(stderr.contains("no-such-rule"), "{stderr}");
}

#[test]
fn an_unknown_field_in_the_policy() {
    let text = "changes_dir: changes\nchecklist: [rollback]\n";
    let stderr = config_error(&[file(".barraiser.yaml", text)]);
    assert_at(&stderr, ".barraiser.yaml", text, "checklist:");
}

#[test]
fn an_unknown_checklist_in_the_policy() {
    let text = "checklists: [rollback, rolback]\n";
    let stderr = config_error(&[file(".barraiser.yaml", text)]);
    assert!(stderr.contains(".barraiser.yaml:1:"), "{stderr}");
    assert!(stderr.contains("rolback"), "{stderr}");
}

/// `GOOD` with `filler` as one run-on sentence in its Summary.
fn run_on(filler: &str) -> String {
    GOOD.replace(
        "Turns on search suggestions for everyone.",
        &format!("Turns on search suggestions for everyone. {filler}"),
    )
}

#[track_caller]
fn bounded_report(content: &str) -> serde_json::Value {
    let repo = repo_with(&[file("changes/hostile.md", content)]);
    let out = run_bounded(repo.root(), &["check", "--all", "--format", "json"]);
    assert!(
        matches!(out.code, Some(0 | 1)),
        "no report under the memory limit: {:?}\n{}",
        out.code,
        out.stderr
    );
    out.json()
}

#[test]
fn three_hundred_kilobytes_of_todo_stay_bounded() {
    // 60,000 placeholder hits in one sentence: each hit once copied the sentence.
    let report = bounded_report(&run_on(&"TODO ".repeat(60_000)));
    let findings = report["changes"][0]["findings"].as_array().unwrap();
    let placeholder = findings
        .iter()
        .find(|f| f["rule"] == "placeholder")
        .expect("the placeholder is still found");
    // A finding quotes a bounded excerpt, never the whole sentence.
    assert!(placeholder["message"].as_str().unwrap().len() < 2_000);
    assert!(serde_json::to_string(&report).unwrap().len() < 100_000);
    // Every hit is on one line: the one finding kept there still says how many
    // places past the cap were not reported.
    let on_the_line: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "placeholder")
        .collect();
    assert_eq!(on_the_line.len(), 1, "{on_the_line:#?}");
    let message = on_the_line[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("more like it in this change)"),
        "{message}"
    );
}

#[test]
fn a_run_on_sentence_asking_the_team_thousands_of_times_stays_bounded() {
    let report = bounded_report(&run_on(&"then ask the team ".repeat(16_000)));
    let findings = report["changes"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "tribal-knowledge"));
    assert!(findings.len() <= 60, "{}", findings.len());
}

#[test]
fn fifty_thousand_nested_divs_stay_bounded() {
    let divs = format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
    bounded_report(&run_on(&divs));
}

#[test]
fn lists_nested_past_the_bound_are_read_as_the_steps_prose() {
    // Twenty thousand lists, one inside the other, in the first step: past
    // MAX_LIST_NESTING (32) they are prose of that step, never steps of their own.
    let deep = format!("   {}deep\n", "- ".repeat(20_000));
    let change = GOOD.replace(
        "   Expect: `search.suggestions = on`.\n",
        &format!("   Expect: `search.suggestions = on`.\n{deep}"),
    );
    assert_ne!(change, GOOD);
    let report = bounded_report(&change);
    let findings = report["changes"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "step-without-command"),
        "{findings:#?}"
    );
}
