//! Turning raw bytes into an [`Entry`]: the same rules for blobs and files.

use super::{Entry, Rejection};

/// Classifies `bytes` read from `path`; `blob` is the git id of exactly those bytes.
pub(crate) fn classify(path: String, bytes: &[u8], blob: String) -> Entry {
    // NUL is valid UTF-8, so it is checked first: binary is the more useful diagnosis.
    if bytes.contains(&0) {
        return Entry::Rejected {
            path,
            reason: Rejection::Binary,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Entry::Text {
            path,
            text: text.to_owned(),
            blob,
        },
        Err(_) => Entry::Rejected {
            path,
            reason: Rejection::NotUtf8,
        },
    }
}

/// Joins a normalised directory and a child name with `/`.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The entry for `path` when it cannot be read as text: the tree's root, or a path
/// through a link or a submodule.
pub(crate) fn rejected(path: &str, reason: Rejection) -> Option<Entry> {
    Some(Entry::Rejected {
        path: path.to_owned(),
        reason,
    })
}

/// Sorts entries by path, the order every listing promises.
pub(crate) fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| a.path().cmp(b.path()));
}
