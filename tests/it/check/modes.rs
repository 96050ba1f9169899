//! Which change descriptions each mode of `barraiser check` reads, and from where.

use super::fixture::*;

fn title(report: &serde_json::Value, path: &str) -> String {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == path)
        .map(|c| c["title"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn explicit_paths_check_files_and_directories_in_the_working_tree() {
    let repo = repo_with(&[
        file("changes/a.md", good("low")),
        file("changes/b.md", good("medium")),
        file("changes/notes.txt", "not a change description"),
        file("other/c.md", good("low")),
    ]);
    // Explicit paths read the working tree: an uncommitted edit is what gets checked.
    repo.write(
        "changes/a.md",
        edit(&good("low"), "ORD-311", "ORD-311, TODO"),
    );

    let (run, report) = check_json(&repo, &["changes/a.md"]);
    run.assert_code(1);
    assert_eq!(paths(&report), ["changes/a.md"]);
    assert!(rules(&report, "changes/a.md").contains(&"placeholder:blocker".into()));

    let (_, report) = check_json(&repo, &["changes"]);
    assert_eq!(paths(&report), ["changes/a.md", "changes/b.md"]);

    // Any directory works, not only the changes directory; several paths add up.
    let (run, report) = check_json(&repo, &["other", "changes/b.md"]);
    run.assert_code(0);
    assert_eq!(paths(&report), ["changes/b.md", "other/c.md"]);

    // Paths are relative to the current directory, reported relative to the root.
    let sub = repo.root().join("changes");
    let out = crate::support::bin::run(&sub, &["check", "b.md", "--format", "json"]);
    out.assert_code(0);
    assert_eq!(paths(&out.json()), ["changes/b.md"]);

    // A path that does not exist is a usage error naming it.
    let out = crate::support::bin::run(repo.root(), &["check", "changes/missing.md"]);
    out.assert_code(2);
    assert!(out.stderr.contains("changes/missing.md"), "{}", out.stderr);
}

#[test]
fn no_arguments_checks_what_changed_since_the_merge_base_up_to_the_working_tree() {
    let repo = TestRepo::new();
    let base = repo.commit(
        "main",
        T0,
        &[
            file("changes/old.md", good("low")),
            file("changes/untouched.md", good("low")),
            file("src/lib.rs", "// code\n"),
        ],
    );
    // main moves on after the branch point: its change is not this branch's.
    repo.commit(
        "main",
        T0 + 60,
        &[file("changes/main-only.md", good("low"))],
    );
    repo.branch("feature", base);
    let feature = repo.commit(
        "feature",
        T0 + 120,
        &[file("changes/committed.md", good("low"))],
    );
    repo.set_symbolic("HEAD", "refs/heads/feature");
    repo.sync_worktree(feature);

    // Staged, unstaged and untracked edits are all part of "what changed".
    repo.write("changes/staged.md", good("low"));
    repo.stage("changes/staged.md");
    repo.write(
        "changes/old.md",
        edit(&good("low"), "ORD-311", "ORD-311, TBD"),
    );
    repo.write("changes/untracked.md", blocked());
    repo.write("src/lib.rs", "// edited code, not a change description\n");

    let (run, report) = check_json(&repo, &[]);
    run.assert_code(1);
    assert_eq!(
        paths(&report),
        [
            "changes/committed.md",
            "changes/old.md",
            "changes/staged.md",
            "changes/untracked.md"
        ]
    );
    // The unstaged edit is what was checked, not the committed text.
    assert!(rules(&report, "changes/old.md").contains(&"placeholder:blocker".into()));
    assert!(rules(&report, "changes/untracked.md").contains(&"tribal-knowledge:blocker".into()));
    assert_eq!(rules(&report, "changes/committed.md"), Vec::<String>::new());
}

#[test]
fn no_arguments_with_nothing_changed_passes_with_no_changes() {
    let repo = repo_with(&[file("changes/old.md", blocked())]);
    let (run, report) = check_json(&repo, &[]);
    run.assert_code(0);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(paths(&report), Vec::<String>::new());
}

#[test]
fn all_checks_every_change_description_in_the_changes_directory() {
    let repo = repo_with(&[
        file("changes/a.md", good("low")),
        file("changes/nested/b.md", good("low")),
        file("changes/README.txt", "not markdown"),
        file("docs/c.md", good("low")),
    ]);
    repo.write("changes/untracked.md", blocked());
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let checked = paths(&report);
    assert!(checked.contains(&"changes/a.md".to_string()), "{checked:?}");
    assert!(
        checked.contains(&"changes/untracked.md".to_string()),
        "{checked:?}"
    );
    assert!(
        !checked.iter().any(|p| p.starts_with("docs/")),
        "{checked:?}"
    );
    assert!(!checked.iter().any(|p| p.ends_with(".txt")), "{checked:?}");
}

#[test]
fn rev_reads_objects_and_ignores_the_working_tree() {
    let repo = TestRepo::new();
    let first = repo.commit(
        "main",
        T0,
        &[file(
            "changes/a.md",
            edit(&good("low"), "title: Ship", "title: First"),
        )],
    );
    let second = repo.commit("main", T0 + 60, &[file("changes/a.md", good("low"))]);
    repo.sync_worktree(second);
    repo.write("changes/a.md", blocked());
    repo.write("changes/untracked.md", blocked());

    let (run, report) = check_json(&repo, &["--all", "--rev", "HEAD"]);
    run.assert_code(0);
    assert_eq!(paths(&report), ["changes/a.md"]);
    assert_eq!(
        title(&report, "changes/a.md"),
        "Ship orders 4.2 with cursor pagination"
    );

    // An explicit path at a revision, and an older revision by id.
    let (run, report) = check_json(&repo, &["changes/a.md", "--rev", &first.to_string()]);
    run.assert_code(0);
    assert_eq!(
        title(&report, "changes/a.md"),
        "First orders 4.2 with cursor pagination"
    );

    // The same path in the working tree sees the uncommitted edit.
    let (run, _) = check_json(&repo, &["changes/a.md"]);
    run.assert_code(1);

    // --rev without paths checks what that commit changed since the merge base: here nothing.
    let (run, report) = check_json(&repo, &["--rev", "HEAD"]);
    run.assert_code(0);
    assert_eq!(paths(&report), Vec::<String>::new());

    let out = crate::support::bin::run(repo.root(), &["check", "--all", "--rev", "no-such-rev"]);
    out.assert_code(2);
    assert!(out.stderr.contains("no-such-rev"), "{}", out.stderr);
}
