//! The read layer against real repositories built with git2 in temp dirs.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "support/repo.rs"]
mod repo;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use barraiser::read::{Entry, MAX_TEXT_BYTES, ReadError, Rejection, Workspace, normalize};
use git2::{ObjectType, Oid};
use repo::{TestRepo, delete, file, gitlink, link};

const T0: i64 = 1_700_000_000;

fn open(repo: &TestRepo) -> Workspace {
    Workspace::discover(repo.root()).expect("discover")
}

/// The text and blob of a Text entry, failing the test on anything else.
fn text(entry: Option<Entry>) -> (String, String) {
    match entry {
        Some(Entry::Text { text, blob, .. }) => (text, blob),
        other => panic!("expected text, got {other:?}"),
    }
}

/// The path and reason of a Rejected entry.
fn rejection(entry: Option<Entry>) -> (String, Rejection) {
    match entry {
        Some(Entry::Rejected { path, reason }) => (path, reason),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

fn paths(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(Entry::path).collect()
}

fn blob_id(bytes: &[u8]) -> String {
    Oid::hash_object(ObjectType::Blob, bytes)
        .unwrap()
        .to_string()
}

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

#[test]
fn symlink_at_a_revision_is_rejected_not_followed() {
    let repo = TestRepo::new();
    repo.commit(
        "main",
        T0,
        &[
            link("changes/x.md", "../../etc/passwd"),
            link("linked", "/etc"),
            file("changes/ok.md", "ok"),
        ],
    );
    let ws = open(&repo);
    let snap = ws.at_rev("main").unwrap();
    let expected = Rejection::Symlink("../../etc/passwd".into());
    assert_eq!(
        rejection(snap.read("changes/x.md").unwrap()),
        ("changes/x.md".into(), expected.clone())
    );
    let listed = snap.list_dir("changes", ".md").unwrap();
    assert!(
        matches!(&listed[1], Entry::Rejected { reason, .. } if *reason == expected),
        "{listed:?}"
    );
    assert!(expected.to_string().contains("does not follow links"));
    // Through a linked directory: reported, never followed.
    let (_, reason) = rejection(snap.read("linked/passwd").unwrap());
    assert_eq!(reason, Rejection::Symlink("/etc".into()));
    assert!(matches!(
        snap.list_dir("linked", ""),
        Err(ReadError::NotADirectory { .. })
    ));
    assert!(!snap.exists("linked/passwd"));
}

#[test]
fn symlink_in_the_worktree_is_rejected_not_followed() {
    let repo = TestRepo::new();
    std::fs::create_dir_all(repo.root().join("changes")).unwrap();
    std::os::unix::fs::symlink("../../etc/passwd", repo.root().join("changes/x.md")).unwrap();
    std::os::unix::fs::symlink("/etc", repo.root().join("linked")).unwrap();
    let ws = open(&repo);
    let snap = ws.worktree();
    let expected = Rejection::Symlink("../../etc/passwd".into());
    assert_eq!(rejection(snap.read("changes/x.md").unwrap()).1, expected);
    let listed = snap.list_dir("changes", ".md").unwrap();
    assert!(matches!(&listed[..], [Entry::Rejected { reason, .. }] if *reason == expected));
    assert_eq!(
        rejection(snap.read("linked/passwd").unwrap()).1,
        Rejection::Symlink("/etc".into())
    );
    let err = snap.list_dir("linked", "").unwrap_err();
    assert!(err.to_string().contains("symbolic link to /etc"), "{err}");
    assert!(!snap.exists("linked/passwd"));
}

#[test]
fn submodules_are_rejected() {
    let repo = TestRepo::new();
    let other = Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
    repo.commit(
        "main",
        T0,
        &[
            gitlink("changes/vendor.md", other),
            file("changes/a.md", "a"),
        ],
    );
    let ws = open(&repo);
    let snap = ws.at_rev("main").unwrap();
    assert_eq!(
        rejection(snap.read("changes/vendor.md").unwrap()).1,
        Rejection::Submodule
    );
    assert_eq!(
        rejection(snap.read("changes/vendor.md/inner.md").unwrap()).1,
        Rejection::Submodule
    );
    let listed = snap.list_dir("changes", ".md").unwrap();
    assert!(matches!(
        &listed[1],
        Entry::Rejected {
            reason: Rejection::Submodule,
            ..
        }
    ));

    // In the working tree, a nested repository is a submodule too.
    git2::Repository::init(repo.root().join("changes/nested.md")).unwrap();
    std::fs::write(repo.root().join("changes/nested.md/inner.md"), "inside").unwrap();
    let wt = ws.worktree();
    assert_eq!(
        rejection(wt.read("changes/nested.md").unwrap()).1,
        Rejection::Submodule
    );
    assert_eq!(
        rejection(wt.read("changes/nested.md/inner.md").unwrap()).1,
        Rejection::Submodule
    );
    let listed = wt.list_dir("changes", ".md").unwrap();
    assert!(
        matches!(
            &listed[..],
            [Entry::Rejected {
                reason: Rejection::Submodule,
                ..
            }]
        ),
        "{listed:?}"
    );
}

#[test]
fn non_utf8_names_are_rejected() {
    let repo = TestRepo::new();
    repo.commit(
        "main",
        T0,
        &[
            file(b"changes/bad\xff.md", "text"),
            file("changes/good.md", "ok"),
        ],
    );
    let ws = open(&repo);
    let listed = ws
        .at_rev("main")
        .unwrap()
        .list_dir("changes", ".md")
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().any(|e| matches!(e, Entry::Rejected { reason: Rejection::NonUtf8Name, path } if path == "changes/bad\u{fffd}.md")),
        "{listed:?}"
    );

    let dir = repo.root().join("changes");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"disk\xfe.md")),
        "text",
    )
    .unwrap();
    let listed = ws.worktree().list_dir("changes", ".md").unwrap();
    assert!(
        matches!(&listed[..], [Entry::Rejected { reason: Rejection::NonUtf8Name, path }] if path == "changes/disk\u{fffd}.md"),
        "{listed:?}"
    );
}

#[test]
fn binary_and_invalid_utf8_content_are_rejected() {
    let repo = TestRepo::new();
    let head = repo.commit(
        "main",
        T0,
        &[
            file("changes/bin.md", b"\x89PNG\r\n\x1a\n\0\0"),
            file("changes/latin1.md", b"caf\xe9"),
        ],
    );
    repo.sync_worktree(head);
    let ws = open(&repo);
    for snap in [ws.at_rev("HEAD").unwrap(), ws.worktree()] {
        assert_eq!(
            rejection(snap.read("changes/bin.md").unwrap()).1,
            Rejection::Binary
        );
        assert_eq!(
            rejection(snap.read("changes/latin1.md").unwrap()).1,
            Rejection::NotUtf8
        );
    }
}

#[test]
fn huge_files_are_rejected_by_size_before_reading() {
    const FIFTY_MB: u64 = 50 * 1024 * 1024;
    let repo = TestRepo::new();
    // Text, so only the size can reject it.
    let big = vec![b'a'; FIFTY_MB as usize];
    repo.commit("main", T0, &[file("changes/big.md", &big)]);
    drop(big);
    let ws = open(&repo);
    let snap = ws.at_rev("main").unwrap();
    assert_eq!(
        rejection(snap.read("changes/big.md").unwrap()).1,
        Rejection::TooLarge(FIFTY_MB)
    );

    // Sparse, so reading it would find NULs: TooLarge proves only the size was used.
    let full = repo.root().join("changes/big.md");
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::File::create(&full)
        .unwrap()
        .set_len(FIFTY_MB)
        .unwrap();
    assert_eq!(
        rejection(ws.worktree().read("changes/big.md").unwrap()).1,
        Rejection::TooLarge(FIFTY_MB)
    );
    let just_fits = vec![b'b'; MAX_TEXT_BYTES as usize];
    repo.write("changes/limit.md", &just_fits);
    assert!(matches!(
        ws.worktree().read("changes/limit.md").unwrap(),
        Some(Entry::Text { .. })
    ));
}

#[test]
fn special_files_in_the_worktree_are_rejected_without_opening() {
    let repo = TestRepo::new();
    std::fs::create_dir_all(repo.root().join("changes")).unwrap();
    let _socket =
        std::os::unix::net::UnixListener::bind(repo.root().join("changes/sock.md")).unwrap();
    let ws = open(&repo);
    assert_eq!(
        rejection(ws.worktree().read("changes/sock.md").unwrap()).1,
        Rejection::Special
    );
}

#[test]
fn directory_names_match_case_sensitively() {
    let repo = TestRepo::new();
    let head = repo.commit(
        "main",
        T0,
        &[file("Changes/upper.md", "U"), file("changes/lower.md", "l")],
    );
    repo.sync_worktree(head);
    let ws = open(&repo);
    for snap in [ws.at_rev("main").unwrap(), ws.worktree()] {
        assert_eq!(
            paths(&snap.list_dir("changes", ".md").unwrap()),
            ["changes/lower.md"]
        );
        assert_eq!(
            paths(&snap.list_dir("Changes", ".md").unwrap()),
            ["Changes/upper.md"]
        );
        assert!(snap.list_dir("changes", ".MD").unwrap().is_empty());
        assert!(snap.read("changes/upper.md").unwrap().is_none());
    }
}

#[test]
fn exists_never_leaves_the_root() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("outside.sh"), "#!/bin/sh").unwrap();
    let root = outer.path().join("repo");
    let repo = git2::Repository::init(&root).unwrap();
    let sig = TestRepo::signature(T0);
    let blob = repo.blob(b"echo hi").unwrap();
    let mut scripts = repo.treebuilder(None).unwrap();
    scripts.insert("run.sh", blob, 0o100755).unwrap();
    let scripts = scripts.write().unwrap();
    let mut top = repo.treebuilder(None).unwrap();
    top.insert("scripts", scripts, 0o040000).unwrap();
    let tree = repo.find_tree(top.write().unwrap()).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[])
        .unwrap();
    std::fs::create_dir_all(root.join("scripts")).unwrap();
    std::fs::write(root.join("scripts/run.sh"), "echo hi").unwrap();

    let ws = Workspace::discover(&root).unwrap();
    for snap in [ws.at_rev("HEAD").unwrap(), ws.worktree()] {
        assert!(snap.exists("scripts/run.sh"), "{}", snap.label());
        assert!(snap.exists("./scripts/../scripts/run.sh"));
        assert!(snap.exists("scripts"));
        assert!(snap.exists(""));
        assert!(!snap.exists("scripts/missing.sh"));
        assert!(!snap.exists("./../outside.sh"), "{}", snap.label());
        assert!(!snap.exists("../repo/scripts/run.sh"));
        assert!(!snap.exists("/etc/passwd"));
        assert!(!snap.exists(".git/HEAD"));
    }
    assert_eq!(normalize("./../outside.sh"), None);
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

#[test]
fn repository_owned_by_another_user_is_refused_with_advice() {
    let repo = TestRepo::new();
    repo.commit("main", T0, &[file("changes/a.md", "a")]);
    // libgit2 only exempts root on Windows; on Unix it checks owner == euid (or
    // SUDO_UID), so even root is refused here, like git itself.
    const NOBODY: u32 = 65534;
    std::os::unix::fs::chown(repo.root(), Some(NOBODY), Some(NOBODY)).unwrap();
    std::os::unix::fs::chown(repo.root().join(".git"), Some(NOBODY), Some(NOBODY)).unwrap();
    let running_as_sudo_of_nobody =
        std::env::var("SUDO_UID").is_ok_and(|uid| uid == NOBODY.to_string());
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let result = Workspace::discover(repo.root());
    if running_as_sudo_of_nobody {
        assert!(result.is_ok());
        return;
    }
    let err = result.err().expect("another user's repository is refused");
    assert!(
        matches!(err, ReadError::UnsafeOwner { .. }),
        "{err:?} (root: {is_root})"
    );
    let message = err.to_string();
    assert!(message.contains("owned by another user"), "{message}");
    let top = repo.root().display().to_string();
    assert!(
        message.contains(&format!("safe.directory {top}")),
        "{message}"
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
