//! Builds real git repositories in temporary directories with git2 only: no `git`
//! process, no hooks, commit times chosen by the test.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, RepositoryInitOptions, Signature, Time};
use tempfile::TempDir;

/// Mode of a regular file in a tree.
pub const BLOB: i32 = 0o100644;
/// Mode of an executable file in a tree.
pub const EXEC: i32 = 0o100755;
/// Mode of a symbolic link in a tree.
pub const LINK: i32 = 0o120000;
/// Mode of a submodule (gitlink) in a tree.
pub const GITLINK: i32 = 0o160000;

/// One change to the tree of the next commit. Paths are bytes so that tests can
/// create names that are not UTF-8.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Write a blob with this mode (BLOB, EXEC or LINK, whose content is the target).
    Put {
        path: Vec<u8>,
        mode: i32,
        content: Vec<u8>,
    },
    /// Point a gitlink at a commit of another repository (it need not exist here).
    Gitlink { path: Vec<u8>, commit: Oid },
    /// Remove a file (or a whole directory).
    Delete { path: Vec<u8> },
}

/// A regular file.
pub fn file(path: impl AsRef<[u8]>, content: impl AsRef<[u8]>) -> Edit {
    Edit::Put {
        path: path.as_ref().to_vec(),
        mode: BLOB,
        content: content.as_ref().to_vec(),
    }
}

/// A symbolic link to `target` (stored, never created on disk).
pub fn link(path: impl AsRef<[u8]>, target: impl AsRef<[u8]>) -> Edit {
    Edit::Put {
        path: path.as_ref().to_vec(),
        mode: LINK,
        content: target.as_ref().to_vec(),
    }
}

/// A submodule entry pointing at `commit`.
pub fn gitlink(path: impl AsRef<[u8]>, commit: Oid) -> Edit {
    Edit::Gitlink {
        path: path.as_ref().to_vec(),
        commit,
    }
}

/// Removes `path` (a file, or everything under a directory).
pub fn delete(path: impl AsRef<[u8]>) -> Edit {
    Edit::Delete {
        path: path.as_ref().to_vec(),
    }
}

/// Who a commit says wrote it: author and committer as (name, email), and its message.
pub struct Who<'a> {
    pub author: (&'a str, &'a str),
    pub committer: (&'a str, &'a str),
    pub message: &'a str,
}

/// A repository in a temporary directory, removed on drop.
pub struct TestRepo {
    /// Keeps the directory alive; `root()` is inside it.
    pub dir: TempDir,
    /// The open repository.
    pub repo: Repository,
}

impl TestRepo {
    /// A new non-bare repository whose HEAD is `refs/heads/main` (unborn).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init_opts(
            dir.path(),
            RepositoryInitOptions::new().initial_head("main"),
        )
        .expect("init repository");
        Self { dir, repo }
    }

    /// The top of the work tree.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A signature at `secs` seconds since the epoch, so commit times are exact.
    pub fn signature(secs: i64) -> Signature<'static> {
        Signature::new("Fixture Author", "fixture@example.com", &Time::new(secs, 0))
            .expect("signature")
    }

    /// Commits `edits` on top of branch `branch` (or as a root commit when the branch
    /// does not exist yet) at time `secs`, and moves the branch. Returns the commit id.
    pub fn commit(&self, branch: &str, secs: i64, edits: &[Edit]) -> Oid {
        let refname = format!("refs/heads/{branch}");
        let parent = self.repo.refname_to_id(&refname).ok();
        let parents: Vec<Oid> = parent.into_iter().collect();
        let id = self.commit_on(&parents, secs, edits, &format!("commit at {secs}"));
        self.repo
            .reference(&refname, id, true, "fixture")
            .expect("move branch");
        id
    }

    /// Commits `edits` on branch `branch` as `who` wrote them: author and committer
    /// (name, email) and the message (trailers included). Returns the commit id.
    pub fn commit_by(&self, branch: &str, secs: i64, edits: &[Edit], who: &Who<'_>) -> Oid {
        let refname = format!("refs/heads/{branch}");
        let parents: Vec<Oid> = self.repo.refname_to_id(&refname).ok().into_iter().collect();
        let id = self.commit_with(&parents, secs, edits, who);
        self.repo
            .reference(&refname, id, true, "fixture")
            .expect("move branch");
        id
    }

    /// Commits `edits` applied to the first parent's tree, with exactly `parents`;
    /// touches no ref.
    pub fn commit_on(&self, parents: &[Oid], secs: i64, edits: &[Edit], message: &str) -> Oid {
        let who = Who {
            author: ("Fixture Author", "fixture@example.com"),
            committer: ("Fixture Author", "fixture@example.com"),
            message,
        };
        self.commit_with(parents, secs, edits, &who)
    }

    /// Commits `edits` on the first of `parents` as `who` wrote them; touches no ref.
    pub fn commit_with(&self, parents: &[Oid], secs: i64, edits: &[Edit], who: &Who<'_>) -> Oid {
        let mut files = match parents.first() {
            Some(first) => self.files_of(*first),
            None => BTreeMap::new(),
        };
        for edit in edits {
            match edit {
                Edit::Put {
                    path,
                    mode,
                    content,
                } => {
                    let blob = self.repo.blob(content).expect("write blob");
                    remove_under(&mut files, path);
                    files.insert(path.clone(), (blob, *mode));
                }
                Edit::Gitlink { path, commit } => {
                    remove_under(&mut files, path);
                    files.insert(path.clone(), (*commit, GITLINK));
                }
                Edit::Delete { path } => {
                    files.remove(path);
                    remove_under(&mut files, path);
                }
            }
        }
        let tree_id = self.build_tree(&files, b"");
        let tree = self.repo.find_tree(tree_id).expect("find tree");
        let parent_commits: Vec<_> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).expect("parent"))
            .collect();
        let parent_refs: Vec<_> = parent_commits.iter().collect();
        let sig = |(name, email): (&str, &str)| {
            Signature::new(name, email, &Time::new(secs, 0)).expect("signature")
        };
        self.repo
            .commit(
                None,
                &sig(who.author),
                &sig(who.committer),
                who.message,
                &tree,
                &parent_refs,
            )
            .expect("commit")
    }

    /// Points `refs/heads/{name}` at `id`.
    pub fn branch(&self, name: &str, id: Oid) {
        self.repo
            .reference(&format!("refs/heads/{name}"), id, true, "fixture")
            .expect("branch");
    }

    /// Points any ref (for example `refs/remotes/origin/main`) at `id`.
    pub fn set_ref(&self, refname: &str, id: Oid) {
        self.repo
            .reference(refname, id, true, "fixture")
            .expect("reference");
    }

    /// Makes `refname` a symbolic ref to `target` (for example origin/HEAD).
    pub fn set_symbolic(&self, refname: &str, target: &str) {
        self.repo
            .reference_symbolic(refname, target, true, "fixture")
            .expect("symbolic ref");
    }

    /// Makes the work tree and the index match commit `id`: every file is written
    /// to disk (links as real links) and the index is rebuilt from the tree. Does
    /// not run a checkout, so no filters or hooks are involved.
    pub fn sync_worktree(&self, id: Oid) {
        for (path, (blob, mode)) in self.files_of(id) {
            let full = self.root().join(std::ffi::OsStr::new(&bytes_to_os(&path)));
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).expect("create dirs");
            }
            match mode {
                LINK => {
                    let target = self
                        .repo
                        .find_blob(blob)
                        .expect("link blob")
                        .content()
                        .to_vec();
                    std::os::unix::fs::symlink(bytes_to_os(&target), &full).expect("symlink");
                }
                GITLINK => std::fs::create_dir_all(&full).expect("submodule dir"),
                _ => {
                    let content = self.repo.find_blob(blob).expect("blob").content().to_vec();
                    std::fs::write(&full, content).expect("write file");
                }
            }
        }
        let tree = self
            .repo
            .find_commit(id)
            .expect("commit")
            .tree()
            .expect("tree");
        let mut index = self.repo.index().expect("index");
        index.read_tree(&tree).expect("read tree into index");
        index.write().expect("write index");
    }

    /// Writes `content` to `path` in the work tree (creating directories).
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let full = self.root().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&full, content).expect("write file");
        full
    }

    /// Adds the work-tree file `path` to the index, like `git add`.
    pub fn stage(&self, path: &str) {
        let mut index = self.repo.index().expect("index");
        index.add_path(Path::new(path)).expect("add to index");
        index.write().expect("write index");
    }

    /// Every non-tree entry of commit `id`, by full path.
    pub fn files_of(&self, id: Oid) -> BTreeMap<Vec<u8>, (Oid, i32)> {
        let tree = self
            .repo
            .find_commit(id)
            .expect("commit")
            .tree()
            .expect("tree");
        let mut files = BTreeMap::new();
        self.collect(&tree, b"", &mut files);
        files
    }

    fn collect(
        &self,
        tree: &git2::Tree<'_>,
        prefix: &[u8],
        out: &mut BTreeMap<Vec<u8>, (Oid, i32)>,
    ) {
        for entry in tree.iter() {
            let mut path = prefix.to_vec();
            path.extend_from_slice(entry.name_bytes());
            if entry.filemode() == 0o040000 {
                let sub = self.repo.find_tree(entry.id()).expect("subtree");
                path.push(b'/');
                self.collect(&sub, &path, out);
            } else {
                out.insert(path, (entry.id(), entry.filemode()));
            }
        }
    }

    /// Builds the tree for the entries of `files` under `prefix` (which ends in `/` or is empty).
    fn build_tree(&self, files: &BTreeMap<Vec<u8>, (Oid, i32)>, prefix: &[u8]) -> Oid {
        let mut builder = self.repo.treebuilder(None).expect("treebuilder");
        let mut subdirs: Vec<Vec<u8>> = Vec::new();
        for (path, (id, mode)) in files.range(prefix.to_vec()..) {
            let Some(rest) = path.strip_prefix(prefix) else {
                break;
            };
            match rest.iter().position(|b| *b == b'/') {
                None => {
                    builder.insert(rest, *id, *mode).expect("insert entry");
                }
                Some(slash) => {
                    let dir = rest[..slash].to_vec();
                    if subdirs.last() != Some(&dir) {
                        subdirs.push(dir);
                    }
                }
            }
        }
        for dir in subdirs {
            let mut sub_prefix = prefix.to_vec();
            sub_prefix.extend_from_slice(&dir);
            sub_prefix.push(b'/');
            let id = self.build_tree(files, &sub_prefix);
            builder
                .insert(dir.as_slice(), id, 0o040000)
                .expect("insert tree");
        }
        builder.write().expect("write tree")
    }
}

impl Default for TestRepo {
    fn default() -> Self {
        Self::new()
    }
}

fn remove_under(files: &mut BTreeMap<Vec<u8>, (Oid, i32)>, dir: &[u8]) {
    let mut prefix = dir.to_vec();
    prefix.push(b'/');
    files.retain(|path, _| !path.starts_with(&prefix));
}

fn bytes_to_os(bytes: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(bytes).to_os_string()
}
