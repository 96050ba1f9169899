//! Merge bases and changed paths, and histories too shallow or unrelated to have one.

use super::*;

#[test]
fn merge_base_and_changed_paths_between_commits() {
    let repo = TestRepo::new();
    let base = repo.commit(
        "main",
        T0,
        &[
            file("changes/a.md", "a"),
            file("changes/old.md", "old"),
            file("changes/rename-me.md", "same content"),
            file("changes/run.sh", "echo"),
            file("changes/untouched/keep.md", "same"),
            file("deploy/app.yaml", "v1"),
        ],
    );
    repo.branch("feature", base);
    repo.commit("main", T0 + 10, &[file("changes/main-only.md", "m")]);
    let head = repo.commit(
        "feature",
        T0 + 20,
        &[
            file("changes/a.md", "a, edited"),
            file("changes/b.md", "b"),
            delete("changes/old.md"),
            delete("changes/rename-me.md"),
            file("changes/renamed.md", "same content"),
            file("changes/sub/deep.md", "nested"),
            repo::Edit::Put {
                path: b"changes/run.sh".to_vec(),
                mode: repo::EXEC,
                content: b"echo".to_vec(),
            },
            file("changes-archive/x.md", "outside the prefix"),
            file("deploy/app.yaml", "v2"),
        ],
    );
    let ws = open(&repo);
    let mb = ws.merge_base("main", "feature").unwrap();
    assert_eq!(mb.commit_id(), Some(base.to_string()));
    let to = ws.at_rev(&head.to_string()).unwrap();

    let changed = ws.changed_paths(&mb, &to, "changes").unwrap();
    assert_eq!(
        changed,
        [
            "changes/a.md",
            "changes/b.md",
            "changes/renamed.md",
            "changes/run.sh",
            "changes/sub/deep.md"
        ]
    );
    assert_eq!(ws.changed_paths(&mb, &to, "./changes/").unwrap(), changed);
    let all = ws.changed_paths(&mb, &to, "").unwrap();
    assert_eq!(
        all,
        [
            "changes-archive/x.md",
            "changes/a.md",
            "changes/b.md",
            "changes/renamed.md",
            "changes/run.sh",
            "changes/sub/deep.md",
            "deploy/app.yaml"
        ]
    );
    assert!(
        ws.changed_paths(&mb, &to, "change").unwrap().is_empty(),
        "a prefix is a directory"
    );
    // Backwards, only what the older commit has and the newer lacks or differs in.
    assert_eq!(
        ws.changed_paths(&to, &mb, "changes").unwrap(),
        [
            "changes/a.md",
            "changes/old.md",
            "changes/rename-me.md",
            "changes/run.sh"
        ]
    );
    assert_eq!(
        ws.changed_paths(&mb, &to, "changes/sub/deep.md").unwrap(),
        ["changes/sub/deep.md"]
    );
    assert!(
        ws.changed_paths(&mb, &to, "changes/untouched")
            .unwrap()
            .is_empty()
    );
    assert!(ws.changed_paths(&mb, &mb, "").unwrap().is_empty());
    assert!(matches!(
        ws.changed_paths(&mb, &to, "../x"),
        Err(ReadError::OutsideRoot { .. })
    ));
}

#[test]
fn changed_paths_to_the_worktree_counts_staged_unstaged_and_untracked() {
    let repo = TestRepo::new();
    let head = repo.commit(
        "main",
        T0,
        &[
            file(".gitignore", "changes/ignored.md\n"),
            file("changes/unstaged.md", "1"),
            file("changes/deleted.md", "1"),
            file("changes/same.md", "1"),
            file("docs/other.md", "1"),
        ],
    );
    repo.sync_worktree(head);
    repo.write("changes/staged.md", "new");
    repo.stage("changes/staged.md");
    repo.write("changes/unstaged.md", "2");
    repo.write("changes/new-dir/untracked.md", "new");
    repo.write("changes/ignored.md", "ignored");
    repo.write("docs/other.md", "outside the prefix");
    std::fs::remove_file(repo.root().join("changes/deleted.md")).unwrap();

    let ws = open(&repo);
    let base = ws.at_rev("HEAD").unwrap();
    let changed = ws.changed_paths(&base, &ws.worktree(), "changes").unwrap();
    assert_eq!(
        changed,
        [
            "changes/new-dir/untracked.md",
            "changes/staged.md",
            "changes/unstaged.md"
        ]
    );
    let all = ws.changed_paths(&base, &ws.worktree(), "").unwrap();
    assert!(all.contains(&"docs/other.md".to_owned()), "{all:?}");
    // From the working tree back to the commit: the deleted file is "added" back.
    assert_eq!(
        ws.changed_paths(&ws.worktree(), &base, "changes").unwrap(),
        ["changes/deleted.md", "changes/unstaged.md"]
    );
}

/// Copies a directory tree (files and directories only; fixtures have no links in `.git`).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Deletes the loose object file of `id` in the repository at `root`.
fn delete_object(root: &Path, id: Oid) {
    let hex = id.to_string();
    std::fs::remove_file(root.join(".git/objects").join(&hex[..2]).join(&hex[2..])).unwrap();
}

/// main: c1 - c2 - c3 - m1; feature: c3 - f1. The merge base is c3.
fn forked_history() -> (TestRepo, [Oid; 5]) {
    let repo = TestRepo::new();
    let c1 = repo.commit("main", T0, &[file("changes/a.md", "1")]);
    let c2 = repo.commit("main", T0 + 1, &[file("changes/a.md", "2")]);
    let c3 = repo.commit("main", T0 + 2, &[file("changes/a.md", "3")]);
    repo.branch("feature", c3);
    let m1 = repo.commit("main", T0 + 3, &[file("changes/m.md", "m")]);
    let f1 = repo.commit("feature", T0 + 4, &[file("changes/f.md", "f")]);
    (repo, [c1, c2, c3, m1, f1])
}

#[test]
fn shallow_clone_without_the_merge_base_asks_for_more_history() {
    let (repo, [c1, c2, c3, m1, f1]) = forked_history();
    assert_eq!(
        open(&repo)
            .merge_base("main", "feature")
            .unwrap()
            .commit_id(),
        Some(c3.to_string())
    );

    // What `git clone --depth 1 --no-single-branch` leaves: the tips, cut off below.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(repo.root(), copy.path());
    for old in [c1, c2, c3] {
        delete_object(copy.path(), old);
    }
    std::fs::write(copy.path().join(".git/shallow"), format!("{m1}\n{f1}\n")).unwrap();
    let ws = Workspace::discover(copy.path()).unwrap();
    assert!(
        ws.at_rev("feature")
            .unwrap()
            .read("changes/f.md")
            .unwrap()
            .is_some()
    );
    let err = ws
        .merge_base("main", "feature")
        .err()
        .expect("the base is not in the clone");
    assert!(matches!(err, ReadError::ShallowHistory { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("the merge base of `main` and `feature` is not in this clone"),
        "{message}"
    );
    assert!(message.contains("fetch-depth: 0"), "{message}");
}

#[test]
fn missing_history_without_a_shallow_file_also_asks_for_more() {
    let (repo, [_, _, c3, _, _]) = forked_history();
    let copy = tempfile::tempdir().unwrap();
    copy_dir(repo.root(), copy.path());
    delete_object(copy.path(), c3);
    let err = Workspace::discover(copy.path())
        .unwrap()
        .merge_base("main", "feature")
        .err()
        .expect("missing base");
    assert!(matches!(err, ReadError::ShallowHistory { .. }), "{err:?}");
}

#[test]
fn unrelated_histories_have_no_merge_base() {
    let repo = TestRepo::new();
    repo.commit("main", T0, &[file("a", "1")]);
    repo.commit("other", T0, &[file("b", "2")]);
    let err = open(&repo)
        .merge_base("main", "other")
        .err()
        .expect("no common history");
    assert!(matches!(err, ReadError::NoMergeBase { .. }), "{err:?}");
}
