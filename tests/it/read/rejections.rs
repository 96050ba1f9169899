//! What is never read as text: links, submodules, odd names, binary or huge files.

use super::*;

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
