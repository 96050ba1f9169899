//! Where a check reads files from: a git snapshot, or anything else that can list
//! and read a tree at one revision (the GitHub contents API, for `review` and `queue`).

use crate::evaluate::detect::Files;
use crate::read::{Entry, ReadError, Snapshot};

/// A tree at one revision that the bar and the changes are read from.
pub trait Source: Files {
    /// The file at `path`: None when absent, [`Entry::Rejected`] when not readable as text.
    fn read(&self, path: &str) -> Result<Option<Entry>, ReadError>;
    /// Direct children of `dir` whose names end with `suffix`, sorted by path.
    fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError>;
    /// The time rules judge against: the commit time, or now for a working tree.
    fn time(&self) -> jiff::Timestamp;
    /// The full commit id, when the source is a commit.
    fn commit_id(&self) -> Option<String>;
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
    fn read(&self, path: &str) -> Result<Option<Entry>, ReadError> {
        Snapshot::read(self, path)
    }
    fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError> {
        Snapshot::list_dir(self, dir, suffix)
    }
    fn time(&self) -> jiff::Timestamp {
        Snapshot::time(self)
    }
    fn commit_id(&self) -> Option<String> {
        Snapshot::commit_id(self)
    }
}
