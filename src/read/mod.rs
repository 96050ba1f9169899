//! Reading change descriptions, policy and checklists: from the working tree or from
//! git objects at a revision, through libgit2 only. Never spawns `git`, never runs
//! hooks or filters, never writes to the repository.
//!
//! INTERFACE CONTRACT (owned by the read helper; keep these names and signatures):
//!
//! - [`Workspace::discover`] opens the repository containing a directory (or a plain
//!   directory when there is no repository: only working-tree reads then work).
//! - [`Workspace::worktree`] and [`Workspace::at_rev`] give a [`Snapshot`].
//! - [`Snapshot::read`], [`Snapshot::list_dir`], [`Snapshot::exists`] read files.
//! - [`Workspace::changed_paths`] lists paths that differ between two points.

use std::path::{Path, PathBuf};

/// Why reading failed. Every variant names the path or revision involved.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Placeholder until the read layer lands.
    #[error("{0}")]
    Other(String),
}

/// Why a file was not read as text. Reported to the user as such, never followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// A symbolic link (with its target as stored).
    Symlink(String),
    /// A submodule (gitlink).
    Submodule,
    /// Contains NUL bytes.
    Binary,
    /// Not valid UTF-8.
    NotUtf8,
    /// Larger than the limit, in bytes.
    TooLarge(u64),
    /// The file name is not valid UTF-8 (shown lossily).
    NonUtf8Name,
}

/// One file as read.
#[derive(Clone, Debug)]
pub enum Entry {
    /// A readable text file.
    Text {
        /// Repository-relative path with `/` separators.
        path: String,
        /// Contents (UTF-8; a leading BOM is kept for the parser to strip).
        text: String,
        /// Git blob id of the raw bytes (hex).
        blob: String,
    },
    /// A file that exists but is not read.
    Rejected {
        /// Repository-relative path (lossy for non-UTF-8 names).
        path: String,
        /// Why.
        reason: Rejection,
    },
}

/// A repository or plain directory being checked.
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// Opens the repository that contains `start`.
    pub fn discover(start: &Path) -> Result<Self, ReadError> {
        Ok(Self {
            root: start.to_path_buf(),
        })
    }

    /// The top-level directory of the work tree.
    pub fn root(&self) -> &Path {
        &self.root
    }
}
