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
//! - [`Workspace::touched`] lists paths that differ between two points, with how
//!   ([`Touched`]: added, modified, deleted or changed in kind);
//!   [`Workspace::changed_paths`] those of them that still exist.
//!
//! - [`Source`] and [`Files`] are what later stages read a tree through, so a check
//!   runs the same over a snapshot or over the GitHub API.
//!
//! Hostile content (links, submodules, binary or huge files, odd names) never fails a
//! read: it comes back as [`Entry::Rejected`] so the caller can report it per file.

mod content;
mod diff;
mod error;
mod git;
mod path;
mod snapshot;
mod source;
mod workspace;
mod worktree;

pub(crate) use content::classify;
pub use diff::{How, Touched};
pub use error::ReadError;
pub use path::normalize;
pub use snapshot::Snapshot;
pub use source::{Files, Source};
pub use workspace::Workspace;

/// The largest file read as text, in bytes. Larger files are rejected unread.
pub const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// Why a file was not read as text. Reported to the user as such, never followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// A symbolic link (with its target as stored).
    Symlink(String),
    /// A submodule (gitlink), or a nested repository in the working tree.
    Submodule,
    /// Contains NUL bytes.
    Binary,
    /// Not valid UTF-8.
    NotUtf8,
    /// Larger than the limit, in bytes.
    TooLarge(u64),
    /// The file name is not valid UTF-8 (shown lossily).
    NonUtf8Name,
    /// A directory where a file was expected.
    Directory,
    /// A device, FIFO or socket in the working tree (git cannot store these).
    Special,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Symlink(target) => write!(
                f,
                "is a symbolic link to {target}; barraiser does not follow links, commit the file itself"
            ),
            Rejection::Submodule => f.write_str(
                "is a submodule (another repository); barraiser only reads files of this repository",
            ),
            Rejection::Binary => f.write_str(
                "is binary (it contains NUL bytes); change descriptions must be UTF-8 text",
            ),
            Rejection::NotUtf8 => f.write_str("is not valid UTF-8; save it as UTF-8"),
            Rejection::TooLarge(size) => write!(
                f,
                "is {size} bytes, over the {MAX_TEXT_BYTES}-byte limit; keep the description short and link to large material"
            ),
            Rejection::NonUtf8Name => {
                f.write_str("has a file name that is not valid UTF-8; rename it")
            }
            Rejection::Directory => f.write_str("is a directory, not a file"),
            Rejection::Special => f.write_str(
                "is not a regular file (a device, FIFO or socket); replace it with a text file",
            ),
        }
    }
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

impl Entry {
    /// The repository-relative path of the entry, whether read or rejected.
    pub fn path(&self) -> &str {
        match self {
            Entry::Text { path, .. } | Entry::Rejected { path, .. } => path,
        }
    }
}
