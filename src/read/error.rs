//! Read errors. Each message names the path or revision and says what to do.

use git2::{ErrorClass, ErrorCode};

/// Why reading failed. Every variant names the path or revision involved.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A file or directory of the working tree could not be read.
    #[error("cannot read `{path}`: {source}; check that it exists and that you may read it")]
    Io {
        /// The path on disk.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// libgit2 refused a repository owned by another user.
    #[error(
        "the git repository at `{path}` is owned by another user, so it is not read; if you trust it, run `git config --global --add safe.directory {path}` (or run barraiser as its owner)"
    )]
    UnsafeOwner {
        /// The repository's top directory.
        path: String,
    },
    /// The repository exists but could not be opened.
    #[error(
        "cannot open the git repository at `{path}`: {message}; check that it is a valid clone (for example with `git status` there)"
    )]
    Open {
        /// Where the search started.
        path: String,
        /// libgit2's message.
        message: String,
    },
    /// A git operation was asked of a plain directory.
    #[error(
        "`{path}` is not inside a git repository, so {operation} is not possible; run barraiser inside a git clone, or name the files to check"
    )]
    NotGit {
        /// The plain directory.
        path: String,
        /// What was attempted.
        operation: &'static str,
    },
    /// A range touches a path whose name is not UTF-8. Shown lossily, it could match
    /// (or miss) the policy's globs by accident, so nothing is decided on it.
    #[error(
        "`{path}` (invalid bytes shown as \\xNN) has a file name that is not valid UTF-8; barraiser cannot match it exactly against the policy's globs, so it does not decide: rename it to UTF-8"
    )]
    NonUtf8Path {
        /// The path, each byte that is not UTF-8 written as `\xNN`.
        path: String,
    },
    /// A revision does not resolve.
    #[error(
        "revision `{rev}` is not in this repository; check the name, or fetch it (for example `git fetch origin {rev}`)"
    )]
    UnknownRevision {
        /// The revision as given.
        rev: String,
    },
    /// A revision is syntactically not one commit (a range, an empty string).
    #[error("`{rev}` is not a single revision; pass one branch, tag or commit id")]
    InvalidRevision {
        /// The revision as given.
        rev: String,
    },
    /// A short id or name matches several objects.
    #[error("revision `{rev}` is ambiguous; use a longer commit id or a full ref name")]
    AmbiguousRevision {
        /// The revision as given.
        rev: String,
    },
    /// A revision names a tree or blob, not a commit.
    #[error("revision `{rev}` names a {kind}, not a commit; pass a branch, tag or commit id")]
    NotACommit {
        /// The revision as given.
        rev: String,
        /// The kind of object it names.
        kind: String,
    },
    /// The history needed is not in this (shallow or partial) clone.
    #[error(
        "the merge base of `{a}` and `{b}` is not in this clone; fetch more history (for example `fetch-depth: 0` in actions/checkout, or `git fetch --unshallow`)"
    )]
    ShallowHistory {
        /// First revision.
        a: String,
        /// Second revision.
        b: String,
    },
    /// Two revisions share no history at all.
    #[error(
        "`{a}` and `{b}` have no common history; check that both name branches of this repository"
    )]
    NoMergeBase {
        /// First revision.
        a: String,
        /// Second revision.
        b: String,
    },
    /// None of the usual default branch names exists.
    #[error(
        "cannot find the default branch of `{path}`: there is no origin/HEAD, main, master, origin/main or origin/master; fetch the default branch, or name the base explicitly (for example `--base origin/main`)"
    )]
    NoDefaultBranch {
        /// The repository's top directory.
        path: String,
    },
    /// A path leaves the repository or is absolute.
    #[error(
        "`{path}` is outside the repository; use a path relative to the repository root that stays inside it"
    )]
    OutsideRoot {
        /// The path as given.
        path: String,
    },
    /// A directory to list is a link, a submodule or a file.
    #[error("cannot list `{path}` in {snapshot}: it {what}")]
    NotADirectory {
        /// The directory as given.
        path: String,
        /// "working tree" or the short commit id.
        snapshot: String,
        /// What it is instead, and what to do.
        what: String,
    },
    /// An object the snapshot needs is not in the object database.
    #[error(
        "{what} is missing from this clone (object {id}); fetch more history (for example `fetch-depth: 0` in actions/checkout) or clone again"
    )]
    MissingObject {
        /// What needed it, naming the path or revision.
        what: String,
        /// The object id.
        id: String,
    },
    /// A commit's committer time cannot be represented.
    #[error(
        "commit {rev} has a committer time out of range ({seconds} seconds); the commit is malformed, check it with `git fsck`"
    )]
    BadTime {
        /// The commit id.
        rev: String,
        /// The stored seconds since the epoch.
        seconds: i64,
    },
    /// Any other libgit2 failure.
    #[error("{action} failed: {message}; the repository may be damaged (check it with `git fsck`)")]
    Git {
        /// What was being done, naming the path or revision.
        action: String,
        /// libgit2's message.
        message: String,
    },
}

impl ReadError {
    /// Wraps an I/O error for `path`.
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| ReadError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Wraps a libgit2 error: missing objects get the "fetch more" advice.
    pub(crate) fn git(action: impl Into<String>, id: Option<git2::Oid>, e: git2::Error) -> Self {
        match id {
            Some(id) if is_missing_object(&e) => ReadError::MissingObject {
                what: action.into(),
                id: id.to_string(),
            },
            _ => ReadError::Git {
                action: action.into(),
                message: e.message().to_owned(),
            },
        }
    }
}

/// Whether libgit2 failed because an object is not in the object database.
pub(crate) fn is_missing_object(e: &git2::Error) -> bool {
    match e.class() {
        ErrorClass::Odb | ErrorClass::Object => {
            // The commit walk reports a missing parent as a generic ODB error.
            e.code() == ErrorCode::NotFound || e.message().contains("object not found")
        }
        _ => false,
    }
}

/// Maps a revparse failure to the error that tells the user what to fix.
pub(crate) fn revision_error(rev: &str, e: &git2::Error) -> ReadError {
    let rev = rev.to_owned();
    match e.code() {
        ErrorCode::Ambiguous => ReadError::AmbiguousRevision { rev },
        ErrorCode::InvalidSpec => ReadError::InvalidRevision { rev },
        _ if e.class() == ErrorClass::Invalid => ReadError::InvalidRevision { rev },
        _ => ReadError::UnknownRevision { rev },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_error_explains_safe_directory() {
        let e = ReadError::UnsafeOwner {
            path: "/srv/repo".into(),
        };
        let text = e.to_string();
        assert!(text.contains("owned by another user"), "{text}");
        assert!(text.contains("safe.directory /srv/repo"), "{text}");
    }

    #[test]
    fn missing_objects_advise_fetching() {
        let e = git2::Error::new(ErrorCode::NotFound, ErrorClass::Odb, "object not found");
        let err = ReadError::git("the tree of abc123", Some(git2::Oid::ZERO_SHA1), e);
        assert!(matches!(err, ReadError::MissingObject { .. }), "{err:?}");
        assert!(err.to_string().contains("fetch more history"), "{err}");
    }
}
