//! Files at a revision and in the working tree: reads, listings, times, default branches.

use super::*;

#[test]
fn revision_reads_objects_and_worktree_reads_disk() {
    let repo = TestRepo::new();
    let head = repo.commit(
        "main",
        T0,
        &[file("changes/a.md", "v1\n"), file("README.md", "hi")],
    );
    repo.sync_worktree(head);
    repo.write("changes/a.md", "v2, not committed\n");
    let ws = open(&repo);

    let at_head = ws.at_rev("HEAD").unwrap();
    assert_eq!(at_head.commit_id(), Some(head.to_string()));
    assert!(head.to_string().starts_with(&at_head.label()));
    assert_eq!(
        text(at_head.read("changes/a.md").unwrap()),
        ("v1\n".into(), blob_id(b"v1\n"))
    );

    let worktree = ws.worktree();
    assert_eq!(worktree.label(), "working tree");
    assert_eq!(worktree.commit_id(), None);
    let (now, blob) = text(worktree.read("./changes/a.md").unwrap());
    assert_eq!(now, "v2, not committed\n");
    assert_eq!(blob, blob_id(b"v2, not committed\n"));

    assert!(at_head.read("changes/missing.md").unwrap().is_none());
    assert!(worktree.read("changes/missing.md").unwrap().is_none());
    assert!(matches!(
        at_head.read("../x"),
        Err(ReadError::OutsideRoot { .. })
    ));
}

#[test]
fn list_dir_is_sorted_filtered_and_reads_each_entry() {
    let repo = TestRepo::new();
    let head = repo.commit(
        "main",
        T0,
        &[
            file("changes/b.md", "b"),
            file("changes/a.md", "\u{feff}a with BOM"),
            file("changes/notes.txt", "not markdown"),
            file("changes/sub/deep.md", "not a direct child"),
        ],
    );
    repo.sync_worktree(head);
    let ws = open(&repo);
    for snap in [ws.at_rev("main").unwrap(), ws.worktree()] {
        let entries = snap.list_dir("changes", ".md").unwrap();
        assert_eq!(
            paths(&entries),
            ["changes/a.md", "changes/b.md"],
            "{}",
            snap.label()
        );
        match &entries[0] {
            Entry::Text { text, .. } => assert!(text.starts_with('\u{feff}'), "BOM kept"),
            other => panic!("{other:?}"),
        }
        assert!(snap.list_dir("nowhere", ".md").unwrap().is_empty());
        assert_eq!(
            paths(&snap.list_dir("changes/", ".txt").unwrap()),
            ["changes/notes.txt"]
        );
    }
}

#[test]
fn snapshot_time_is_the_commit_time_or_now() {
    let repo = TestRepo::new();
    repo.commit("main", T0, &[file("a", "1")]);
    let second = repo.commit("main", T0 + 86_400, &[file("a", "2")]);
    let ws = open(&repo);
    assert_eq!(ws.at_rev("main~1").unwrap().time().as_second(), T0);
    assert_eq!(
        ws.at_rev(&second.to_string()).unwrap().time().as_second(),
        T0 + 86_400
    );
    let before = jiff::Timestamp::now();
    assert!(ws.worktree().time() >= before);
}

#[test]
fn revision_errors_name_the_revision() {
    let repo = TestRepo::new();
    repo.commit("main", T0, &[file("changes/a.md", "a")]);
    let ws = open(&repo);
    let err = ws.at_rev("no-such-branch").err().expect("unknown revision");
    assert!(matches!(err, ReadError::UnknownRevision { .. }), "{err:?}");
    assert!(err.to_string().contains("`no-such-branch`"), "{err}");
    let err = ws
        .at_rev("HEAD:changes")
        .err()
        .expect("a tree is not a commit");
    assert!(matches!(err, ReadError::NotACommit { .. }), "{err:?}");
    let err = ws.at_rev("").err().expect("empty revision");
    assert!(matches!(err, ReadError::InvalidRevision { .. }), "{err:?}");
}

#[test]
fn default_branch_is_configured_then_origin_head_then_usual_names() {
    let repo = TestRepo::new();
    let id = repo.commit("master", T0, &[file("a", "1")]);
    let ws = open(&repo);
    assert_eq!(ws.default_branch(Some("develop")).unwrap(), "develop");
    assert_eq!(ws.default_branch(None).unwrap(), "master");

    repo.set_ref("refs/remotes/origin/main", id);
    assert_eq!(
        ws.default_branch(None).unwrap(),
        "master",
        "local names come first"
    );
    repo.branch("main", id);
    assert_eq!(ws.default_branch(None).unwrap(), "main");

    repo.set_ref("refs/remotes/origin/trunk", id);
    repo.set_symbolic("refs/remotes/origin/HEAD", "refs/remotes/origin/trunk");
    assert_eq!(ws.default_branch(None).unwrap(), "origin/trunk");

    // A dangling origin/HEAD falls back to the usual names.
    repo.set_symbolic("refs/remotes/origin/HEAD", "refs/remotes/origin/gone");
    assert_eq!(ws.default_branch(None).unwrap(), "main");
}

#[test]
fn default_branch_falls_back_to_origin_and_then_fails_clearly() {
    let repo = TestRepo::new();
    let id = repo.commit("work", T0, &[file("a", "1")]);
    let ws = open(&repo);
    let err = ws.default_branch(None).unwrap_err();
    assert!(matches!(err, ReadError::NoDefaultBranch { .. }), "{err:?}");
    assert!(err.to_string().contains("--base"), "{err}");
    repo.set_ref("refs/remotes/origin/master", id);
    assert_eq!(ws.default_branch(None).unwrap(), "origin/master");
    repo.set_ref("refs/remotes/origin/main", id);
    assert_eq!(ws.default_branch(None).unwrap(), "origin/main");
}

#[test]
fn plain_directory_reads_files_but_refuses_git_operations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("changes")).unwrap();
    std::fs::write(dir.path().join("changes/a.md"), "a").unwrap();
    let ws = Workspace::discover(dir.path()).unwrap();
    assert!(!ws.is_git());
    assert_eq!(ws.root(), dir.path());
    assert_eq!(
        paths(&ws.worktree().list_dir("changes", ".md").unwrap()),
        ["changes/a.md"]
    );
    let err = ws.at_rev("HEAD").err().expect("no git");
    assert!(matches!(err, ReadError::NotGit { .. }), "{err:?}");
    assert!(
        err.to_string().contains("not inside a git repository"),
        "{err}"
    );
    assert!(ws.merge_base("a", "b").is_err());
    let wt = ws.worktree();
    assert!(matches!(
        ws.changed_paths(&wt, &wt, ""),
        Err(ReadError::NotGit { .. })
    ));
}

#[test]
fn discover_finds_the_top_from_a_subdirectory() {
    let repo = TestRepo::new();
    let head = repo.commit("main", T0, &[file("changes/a.md", "a")]);
    repo.sync_worktree(head);
    let ws = Workspace::discover(&repo.root().join("changes")).unwrap();
    assert!(ws.is_git());
    assert_eq!(
        ws.root().canonicalize().unwrap(),
        repo.root().canonicalize().unwrap()
    );
}

#[test]
fn bare_repository_reads_revisions_and_has_no_worktree_files() {
    let dir = tempfile::tempdir().unwrap();
    let bare = git2::Repository::init_bare(dir.path()).unwrap();
    let blob = bare.blob(b"from the object database").unwrap();
    let mut changes = bare.treebuilder(None).unwrap();
    changes.insert("a.md", blob, 0o100644).unwrap();
    let changes = changes.write().unwrap();
    let mut top = bare.treebuilder(None).unwrap();
    top.insert("changes", changes, 0o040000).unwrap();
    let tree = bare.find_tree(top.write().unwrap()).unwrap();
    let sig = TestRepo::signature(T0);
    bare.commit(Some("refs/heads/main"), &sig, &sig, "init", &tree, &[])
        .unwrap();
    bare.set_head("refs/heads/main").unwrap();

    let ws = Workspace::discover(dir.path()).unwrap();
    assert!(ws.is_git());
    let (content, _) = text(ws.at_rev("main").unwrap().read("changes/a.md").unwrap());
    assert_eq!(content, "from the object database");
    // The git directory is not a work tree: `HEAD` there is not a repository file.
    assert!(ws.worktree().read("HEAD").unwrap().is_none());
    assert!(ws.worktree().list_dir("", "").unwrap().is_empty());
}
