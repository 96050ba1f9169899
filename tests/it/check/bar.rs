//! How the bar is assembled: repository checklists, policy overrides, the time a
//! change is judged at, and warnings about the change's own shape.

use super::fixture::*;

#[test]
fn a_repository_checklist_replaces_the_embedded_one_of_the_same_name() {
    let own = r#"checklist: no-context
rules:
  - id: owner-named
    title: The change names an owning team
    severity: blocker
    why: Someone must answer for the change.
    fix: Set `owner` to a team handle.
    assert:
      - expr: "owner is defined and owner is matching('^@[a-z-]+/')"
        at: [owner, title]
        message: "No team in `owner`"
"#;
    let change = edit(&blocked(), "owner: \"@acme/orders-oncall\"", "owner: priya");
    let repo = repo_with(&[
        file(".barraiser/checklists/no-context.yaml", own),
        file("changes/x.md", &change),
    ]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let found = findings(&report, "changes/x.md");
    // The embedded no-context rules are gone; the repository's rule is there, under that name.
    assert!(
        !found.iter().any(|(r, _)| r == "tribal-knowledge"),
        "{found:?}"
    );
    assert_eq!(found, [("owner-named".to_string(), "blocker".to_string())]);
    assert_eq!(
        report["changes"][0]["findings"][0]["checklist"],
        "no-context"
    );

    // Without the override, the embedded rule reports the same text.
    let plain = repo_with(&[file("changes/x.md", &change)]);
    let (_, report) = check_json(&plain, &["--all"]);
    assert!(rules(&report, "changes/x.md").contains(&"tribal-knowledge:blocker".into()));
}

#[test]
fn the_policy_disables_a_rule_and_changes_a_severity() {
    let change = edit(&blocked(), "ORD-311", "ORD-311, TODO");
    let plain = repo_with(&[file("changes/x.md", &change)]);
    let (run, report) = check_json(&plain, &["--all"]);
    run.assert_code(1);
    let found = rules(&report, "changes/x.md");
    assert!(
        found.contains(&"tribal-knowledge:blocker".into()),
        "{found:?}"
    );
    assert!(found.contains(&"placeholder:blocker".into()), "{found:?}");

    let repo = repo_with(&[
        file(
            ".barraiser.yaml",
            "rules:\n  tribal-knowledge: off\n  placeholder: warning\n",
        ),
        file("changes/x.md", &change),
    ]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(0);
    assert_eq!(report["verdict"], "pass");
    let found = rules(&report, "changes/x.md");
    assert!(
        !found.iter().any(|f| f.starts_with("tribal-knowledge")),
        "{found:?}"
    );
    assert!(found.contains(&"placeholder:warning".into()), "{found:?}");
}

#[test]
fn time_dependent_rules_use_the_commit_time() {
    // Tested 100 days before the commit: too long ago for a high-risk change.
    let change = edit(GOOD, "tested_on: 2026-11-10", "tested_on: 2026-08-12");
    let repo = TestRepo::new();
    let late = repo.commit("main", T0, &[file("changes/x.md", &change)]);
    // The same blob committed 20 days earlier: tested 80 days before.
    let early = repo.commit_on(
        &[],
        T0 - 20 * DAY,
        &[file("changes/x.md", &change)],
        "early",
    );
    repo.branch("early", early);

    for _ in 0..2 {
        let (run, report) = check_json(&repo, &["--all", "--rev", &late.to_string()]);
        run.assert_code(1);
        let found = rules(&report, "changes/x.md");
        assert_eq!(found, ["rollback-not-tested-recently:blocker"]);
        let message = report["changes"][0]["findings"][0]["message"]
            .as_str()
            .unwrap();
        assert!(message.contains("100 days before 2026-11-20"), "{message}");

        let (run, report) = check_json(&repo, &["--all", "--rev", "early"]);
        run.assert_code(0);
        assert_eq!(rules(&report, "changes/x.md"), Vec::<String>::new());
    }

    // At medium risk the same age is a warning, which never changes the verdict.
    let medium = edit(&change, "risk: high", "risk: medium");
    repo.commit("main", T0, &[file("changes/x.md", medium)]);
    let (run, report) = check_json(&repo, &["--all", "--rev", "main"]);
    run.assert_code(0);
    assert_eq!(
        rules(&report, "changes/x.md"),
        ["rollback-not-tested-recently:warning"]
    );
}

#[test]
fn a_misspelled_field_gets_a_did_you_mean_warning() {
    let change = edit(&good("low"), "rollback:\n", "rolback:\n");
    let repo = repo_with(&[file("changes/x.md", &change)]);
    let (run, report) = check_json(&repo, &["--all"]);
    // Low risk needs none of the rollback fields, so only the warning remains.
    run.assert_code(0);
    let finding = report["changes"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unknown-field")
        .cloned()
        .unwrap_or_else(|| panic!("no unknown-field finding: {report:#}"));
    assert_eq!(finding["severity"], "warning");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("`rolback`"), "{message}");
    assert!(message.contains("did you mean `rollback`"), "{message}");
    // It points at the misspelled key.
    let line = change.lines().position(|l| l == "rolback:").unwrap() + 1;
    assert_eq!(finding["line"], line);
    assert_eq!(finding["column"], 1);
}

#[test]
fn a_missing_required_field_blocks_and_the_change_is_judged_as_high_risk() {
    let change = edit(&good("low"), "risk: low\n", "");
    let repo = repo_with(&[file("changes/x.md", &change)]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let found = rules(&report, "changes/x.md");
    assert!(
        found.contains(&"required-field:blocker".into()),
        "{found:?}"
    );
    let required = &report["changes"][0]["findings"][0];
    assert_eq!(
        (required["line"].as_u64(), required["column"].as_u64()),
        (Some(1), Some(1))
    );
}

/// A team checklist's lists may be left out (they are empty), but a `patterns`
/// assertion that says nowhere to look is a configuration error, not a rule that
/// silently finds nothing.
#[test]
fn a_patterns_assertion_needs_somewhere_to_look() {
    let checklist = |scopes: &str| {
        format!(
            r#"checklist: release-words
rules:
  - id: no-friday
    title: No Friday releases
    severity: blocker
    why: Nobody is around on Saturday.
    fix: Pick another day.
    assert:
      - patterns:
{scopes}          match:
            - phrase: "on friday"
"#
        )
    };
    let change = edit(&good("low"), "ORD-311", "ORD-311, released on Friday");
    let policy = file(
        ".barraiser.yaml",
        "checklists: [rollback, pipeline, automation, no-context, .barraiser/checklists/words.yaml]\n",
    );
    // `unless` and the other lists left out: the rule reads prose and fires.
    let repo = repo_with(&[
        policy.clone(),
        file(
            ".barraiser/checklists/words.yaml",
            checklist("          in: [prose]\n"),
        ),
        file("changes/x.md", &change),
    ]);
    let (_, report) = check_json(&repo, &["--all"]);
    assert!(
        rules(&report, "changes/x.md").contains(&"no-friday:blocker".into()),
        "{report}"
    );
    // `in` left out, or empty: exit 2, naming the checklist.
    for scopes in ["", "          in: []\n"] {
        let repo = repo_with(&[
            policy.clone(),
            file(".barraiser/checklists/words.yaml", checklist(scopes)),
            file("changes/x.md", &change),
        ]);
        let out = run(repo.root(), &["check", "--all"]);
        out.assert_code(2);
        assert!(
            out.stderr.contains(".barraiser/checklists/words.yaml")
                && out.stderr.contains("needs `in:`"),
            "{}",
            out.stderr
        );
    }
}
