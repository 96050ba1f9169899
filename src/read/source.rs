//! What the later stages read a tree through: [`Files`] (does a path exist) for
//! detectors, and [`Source`] (read, list, time) for a check run. A git snapshot is
//! one; the GitHub contents API (`pr::RemoteTree`) is another.

use super::{Entry, ReadError, Snapshot};

/// What a detector may ask about the repository at the checked revision.
pub trait Files {
    /// Whether a repository-relative file or directory exists (already normalised).
    fn exists(&self, path: &str) -> bool;
    /// A short name for the revision, for messages ("working tree", "3f2a1c9").
    fn label(&self) -> String;
}

/// A tree at one revision that the bar and the changes are read from.
pub trait Source: Files {
    /// The file at `path`: None when absent, [`Entry::Rejected`] when not readable as text.
    fn read(&self, path: &str) -> Result<Option<Entry>, ReadError>;
    /// Direct children of `dir` whose names end with `suffix`, sorted by path.
    fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError>;
    /// The time rules judge against: the commit time, or now for a working tree.
    fn time(&self) -> jiff::Timestamp;
    /// The git object id at `path` (a blob, or a submodule's commit) when the tree
    /// knows it without reading the content; None for a working tree. Approvals bind
    /// a file that is not text (binary, too large, a submodule) by it.
    fn object_id(&self, _path: &str) -> Option<String> {
        None
    }
}

impl Files for Snapshot<'_> {
    fn exists(&self, path: &str) -> bool {
        Snapshot::exists(self, path)
    }
    fn label(&self) -> String {
        Snapshot::label(self)
    }
}

impl Source for Snapshot<'_> {
    fn object_id(&self, path: &str) -> Option<String> {
        Snapshot::object_id(self, path)
    }

    fn read(&self, path: &str) -> Result<Option<Entry>, ReadError> {
        Snapshot::read(self, path)
    }
    fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError> {
        Snapshot::list_dir(self, dir, suffix)
    }
    fn time(&self) -> jiff::Timestamp {
        Snapshot::time(self)
    }
}
