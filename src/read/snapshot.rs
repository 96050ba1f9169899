//! A point to read files from: the working tree, or one commit's tree.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;

use git2::{Commit, Odb, Oid, Repository, Tree};
use jiff::Timestamp;

use super::error::ReadError;
use super::path::normalize;
use super::{Entry, git, worktree};

/// Files as of one point: the working tree or a commit.
pub struct Snapshot<'w> {
    source: Source<'w>,
    time: Timestamp,
    /// The label, computed once: detectors ask for it per finding.
    label: OnceCell<String>,
}

/// The tree of a commit and the handles needed to read its blobs.
pub(crate) struct CommitTree<'w> {
    pub(crate) repo: &'w Repository,
    pub(crate) odb: Odb<'w>,
    pub(crate) commit: Commit<'w>,
    pub(crate) tree: Tree<'w>,
    /// Directories already walked: libgit2 does not cache trees over 4 KiB, and
    /// every `exists` walks from the root.
    pub(crate) trees: RefCell<HashMap<Oid, Tree<'w>>>,
}

enum Source<'w> {
    /// The work tree on disk; None in a bare repository, which has no files on disk.
    Worktree(Option<&'w Path>),
    Commit(Box<CommitTree<'w>>),
}

impl<'w> Snapshot<'w> {
    pub(crate) fn worktree(dir: Option<&'w Path>) -> Self {
        Self {
            source: Source::Worktree(dir),
            time: Timestamp::now(),
            label: OnceCell::new(),
        }
    }

    /// Loads commit `id`; `rev` is how the user named it, for messages.
    pub(crate) fn at_commit(repo: &'w Repository, id: Oid, rev: &str) -> Result<Self, ReadError> {
        let commit = repo
            .find_commit(id)
            .map_err(|e| ReadError::git(format!("the commit `{rev}`"), Some(id), e))?;
        let tree = commit.tree().map_err(|e| {
            ReadError::git(format!("the tree of `{rev}`"), Some(commit.tree_id()), e)
        })?;
        let odb = repo.odb().map_err(|e| {
            ReadError::git(format!("opening the object database for `{rev}`"), None, e)
        })?;
        let seconds = commit.committer().when().seconds();
        let time = Timestamp::from_second(seconds).map_err(|_| ReadError::BadTime {
            rev: id.to_string(),
            seconds,
        })?;
        Ok(Self {
            source: Source::Commit(Box::new(CommitTree {
                repo,
                odb,
                commit,
                tree,
                trees: RefCell::default(),
            })),
            time,
            label: OnceCell::new(),
        })
    }

    /// "working tree" or the short commit id.
    pub fn label(&self) -> String {
        self.label
            .get_or_init(|| match &self.source {
                Source::Worktree(_) => "working tree".to_owned(),
                Source::Commit(c) => short_id(&c.commit),
            })
            .clone()
    }

    /// The full hex commit id; None for the working tree.
    pub fn commit_id(&self) -> Option<String> {
        match &self.source {
            Source::Worktree(_) => None,
            Source::Commit(c) => Some(c.commit.id().to_string()),
        }
    }

    /// The time rules compare against: the committer time, or now for the working tree.
    pub fn time(&self) -> Timestamp {
        self.time
    }

    /// None when absent. Symlinks, submodules (gitlinks), binary content (NUL byte), invalid UTF-8, files over MAX_TEXT_BYTES and non-UTF-8 names come back as Entry::Rejected, never followed or fully read.
    ///
    /// A path through a link or submodule is rejected as that link or submodule, and a
    /// directory as [`Rejection::Directory`](super::Rejection::Directory). A path that
    /// escapes the root is [`ReadError::OutsideRoot`].
    pub fn read(&self, path: &str) -> Result<Option<Entry>, ReadError> {
        let rel = normalize(path).ok_or_else(|| ReadError::OutsideRoot {
            path: path.to_owned(),
        })?;
        match &self.source {
            Source::Worktree(None) => Ok(None),
            Source::Worktree(Some(root)) => worktree::read(root, &rel),
            Source::Commit(c) => git::read(c, &rel),
        }
    }

    /// The object id of the tree entry at `path` in a commit (a blob, or a
    /// submodule's commit); None for the working tree or when there is none.
    pub fn object_id(&self, path: &str) -> Option<String> {
        let rel = normalize(path)?;
        match &self.source {
            Source::Commit(c) if !rel.is_empty() => c
                .tree
                .get_path(std::path::Path::new(&rel))
                .ok()
                .map(|e| e.id().to_string()),
            _ => None,
        }
    }

    /// Direct children of directory `dir` whose names end with `suffix`, sorted by path, as entries (Text or Rejected). A missing dir is an empty list. Exact, case-sensitive name match.
    pub fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError> {
        let rel = normalize(dir).ok_or_else(|| ReadError::OutsideRoot {
            path: dir.to_owned(),
        })?;
        match &self.source {
            Source::Worktree(None) => Ok(Vec::new()),
            Source::Worktree(Some(root)) => worktree::list_dir(root, &rel, suffix),
            Source::Commit(c) => git::list_dir(c, &rel, suffix, &self.label()),
        }
    }

    /// Whether a file or directory exists. A path that escapes the root or is absolute returns false without touching the filesystem.
    pub fn exists(&self, path: &str) -> bool {
        let Some(rel) = normalize(path) else {
            return false;
        };
        match &self.source {
            Source::Worktree(None) => false,
            Source::Worktree(Some(root)) => worktree::exists(root, &rel),
            Source::Commit(c) => git::exists(c, &rel),
        }
    }

    /// The commit's tree, for diffs; None for the working tree.
    pub(crate) fn tree(&self) -> Option<&Tree<'w>> {
        match &self.source {
            Source::Worktree(_) => None,
            Source::Commit(c) => Some(&c.tree),
        }
    }
}

fn short_id(commit: &Commit<'_>) -> String {
    commit
        .as_object()
        .short_id()
        .ok()
        .and_then(|buf| buf.as_str().ok().map(str::to_owned))
        .unwrap_or_else(|| crate::short(&commit.id().to_string()))
}
