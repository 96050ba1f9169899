//! `--base B --head H`: what the range changed, judged by the bar at B.

use super::fixture::*;

const STRICT_POLICY: &str = "require_change_for: [deploy/**]\n";

#[test]
fn range_checks_only_the_changes_it_made() {
    let repo = range_repo(
        &[file("changes/old.md", blocked())],
        &[file("changes/new.md", good("low"))],
    );
    // main moves on after the branch point; its change is not part of the range.
    repo.commit("main", T0 + 7200, &[file("changes/later.md", blocked())]);
    // Working-tree edits are not part of a range either.
    repo.write("changes/new.md", blocked());

    let (run, report) = range(&repo);
    run.assert_code(0);
    assert_eq!(paths(&report), ["changes/new.md"]);
}

#[test]
fn a_range_that_weakens_the_policy_is_judged_by_the_base_policy() {
    let with_todo = edit(&good("low"), "ORD-311", "ORD-311, TODO");
    let repo = range_repo(
        &[file(".barraiser.yaml", STRICT_POLICY)],
        &[
            file(
                ".barraiser.yaml",
                "require_change_for: [deploy/**]\nrules: { placeholder: off }\n",
            ),
            file("changes/x.md", &with_todo),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    assert!(rules(&report, "changes/x.md").contains(&"placeholder:blocker".into()));

    // The human output says the bar itself is changing.
    let out = crate::support::bin::run(
        repo.root(),
        &["check", "--base", "main", "--head", "feature"],
    );
    out.assert_code(1);
    assert!(
        out.stdout
            .contains("edits the bar itself (.barraiser.yaml)"),
        "{}",
        out.stdout
    );

    // Sanity: the head policy alone would have let it through.
    let (run, _) = check_json(&repo, &["--rev", "feature", "changes/x.md"]);
    run.assert_code(0);
}

#[test]
fn a_range_that_weakens_a_repository_checklist_is_judged_by_the_base_checklist() {
    let strict = r#"checklist: team
rules:
  - id: ticket-link
    title: The change links its ticket
    severity: blocker
    why: Auditors trace every change to a ticket.
    fix: Add `links.ticket`.
    assert:
      - expr: "links.ticket is defined"
        at: [links, title]
        message: No `links.ticket`
"#;
    let weak = strict.replace("severity: blocker", "severity: advice");
    let repo = range_repo(
        &[file(".barraiser/checklists/team.yaml", strict)],
        &[
            file(".barraiser/checklists/team.yaml", weak),
            // A repository checklist that replaces an embedded one is ignored too.
            file(
                ".barraiser/checklists/no-context.yaml",
                "checklist: no-context\nrules: []\n",
            ),
            file(
                "changes/x.md",
                edit(&good("low"), "1. Start", "1. Ask Priya, then start"),
            ),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    let found = rules(&report, "changes/x.md");
    assert!(found.contains(&"ticket-link:blocker".into()), "{found:?}");
    assert!(
        found.contains(&"tribal-knowledge:blocker".into()),
        "{found:?}"
    );
}

#[test]
fn a_range_touching_required_paths_without_a_change_description_is_blocked() {
    let repo = range_repo(
        &[
            file(".barraiser.yaml", STRICT_POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
        ],
        &[file("deploy/app.yaml", "replicas: 3\n")],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    assert_eq!(report["verdict"], "blocked");
    let change = &report["changes"][0];
    assert_eq!(change["findings"][0]["rule"], "missing-change-description");
    assert_eq!(change["findings"][0]["checklist"], "change");
    assert_eq!(change["findings"][0]["severity"], "blocker");
    let message = change["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("deploy/app.yaml"), "{message}");

    // With a change description in the same range, the range is judged by it instead.
    repo.commit(
        "feature",
        T0 + 7200,
        &[file("changes/scale.md", good("low"))],
    );
    let (run, report) = range(&repo);
    run.assert_code(0);
    assert_eq!(paths(&report), ["changes/scale.md"]);
}

#[test]
fn the_policy_sets_the_severity_of_a_missing_change_description() {
    let policy =
        "require_change_for: [deploy/**]\nrules: { missing-change-description: warning }\n";
    let repo = range_repo(
        &[
            file(".barraiser.yaml", policy),
            file("deploy/app.yaml", "replicas: 2\n"),
        ],
        &[file("deploy/app.yaml", "replicas: 3\n")],
    );
    let (run, report) = range(&repo);
    run.assert_code(0);
    let finding = &report["changes"][0]["findings"][0];
    assert_eq!(finding["rule"], "missing-change-description");
    assert_eq!(finding["severity"], "warning");
}

#[test]
fn a_range_that_needs_no_change_description_passes_with_a_note() {
    let repo = range_repo(
        &[
            file(".barraiser.yaml", STRICT_POLICY),
            file("src/lib.rs", "// v1\n"),
        ],
        &[file("src/lib.rs", "// v2\n")],
    );
    let (run, report) = range(&repo);
    run.assert_code(0);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["changes"], serde_json::json!([]));
    let out = crate::support::bin::run(
        repo.root(),
        &["check", "--base", "main", "--head", "feature"],
    );
    out.assert_code(0);
    assert!(
        out.stdout
            .contains("Nothing in this range needs a change description"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_require_change_for_globs_come_from_the_base_policy() {
    // The head drops deploy/** from require_change_for while touching deploy/.
    let repo = range_repo(
        &[
            file(".barraiser.yaml", STRICT_POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
        ],
        &[
            file(".barraiser.yaml", "require_change_for: []\n"),
            file("deploy/app.yaml", "replicas: 3\n"),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    assert_eq!(
        report["changes"][0]["findings"][0]["rule"],
        "missing-change-description"
    );
}
