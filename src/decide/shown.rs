//! Approve exactly what was shown: whether the content a bar raiser saw is still the
//! content a decision would be recorded on. A decision is bound to the pull request's
//! head and the blobs of its bound files; if either moved since they were shown,
//! nothing is recorded and the bar raiser is shown what changed.

use crate::approval::BoundFile;

/// What moved between what was shown and the pull request now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    /// The head that was shown (as given: `--expect-head` may be abbreviated).
    pub shown_head: String,
    /// The head now.
    pub head: String,
    /// The bound files whose blob differs, known when the shown content was read.
    pub files: Vec<MovedFile>,
}

/// A bound file that differs between what was shown and now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedFile {
    /// Repository-relative path.
    pub path: String,
    /// Its blob when shown; None when it was not bound then (added since).
    pub shown: Option<String>,
    /// Its blob now; None when it is no longer bound (dropped since).
    pub now: Option<String>,
}

/// Whether `expected` names `head`: the full id, or an abbreviation of at least seven
/// hex digits, in any case.
pub fn names_head(expected: &str, head: &str) -> bool {
    let expected = expected.trim();
    expected.len() >= 7
        && expected.len() <= head.len()
        && expected.bytes().all(|b| b.is_ascii_hexdigit())
        && head[..expected.len()].eq_ignore_ascii_case(expected)
}

/// What moved from (`shown_head`, `shown`) to (`head`, `now`); None when the head is
/// the one shown and every bound blob is the same.
pub fn moved(
    (shown_head, shown): (&str, Option<&[BoundFile]>),
    (head, now): (&str, &[BoundFile]),
) -> Option<Moved> {
    let mut files = Vec::new();
    if let Some(shown) = shown {
        for f in shown {
            let after = now
                .iter()
                .find(|n| n.path == f.path)
                .map(|n| n.blob.clone());
            if after.as_deref() != Some(f.blob.as_str()) {
                files.push(MovedFile {
                    path: f.path.clone(),
                    shown: Some(f.blob.clone()),
                    now: after,
                });
            }
        }
        for n in now
            .iter()
            .filter(|n| !shown.iter().any(|f| f.path == n.path))
        {
            files.push(MovedFile {
                path: n.path.clone(),
                shown: None,
                now: Some(n.blob.clone()),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    if names_head(shown_head, head) && files.is_empty() {
        return None;
    }
    Some(Moved {
        shown_head: shown_head.to_owned(),
        head: head.to_owned(),
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(path: &str, blob: &str) -> BoundFile {
        BoundFile {
            path: path.into(),
            blob: blob.into(),
        }
    }

    const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";
    const OTHER: &str = "89abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn the_same_head_and_blobs_have_not_moved() {
        let files = [bound("changes/a.md", "aaa")];
        assert_eq!(moved((HEAD, Some(&files)), (HEAD, &files)), None);
        assert_eq!(moved(("0123456", None), (HEAD, &files)), None);
        assert!(
            moved(("012345", None), (HEAD, &files)).is_some(),
            "too short to name it"
        );
    }

    #[test]
    fn a_new_head_or_a_changed_blob_has_moved() {
        let shown = [bound("changes/a.md", "aaa"), bound("deploy/x", "xxx")];
        let now = [bound("changes/a.md", "bbb"), bound("scripts/y", "yyy")];
        let m = moved((HEAD, Some(&shown)), (OTHER, &now)).unwrap_or_else(|| panic!("moved"));
        let paths: Vec<(&str, Option<&str>, Option<&str>)> = m
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.shown.as_deref(), f.now.as_deref()))
            .collect();
        assert_eq!(
            paths,
            [
                ("changes/a.md", Some("aaa"), Some("bbb")),
                ("deploy/x", Some("xxx"), None),
                ("scripts/y", None, Some("yyy")),
            ]
        );
        // The base moved under the same head: a bound blob differs, so it has moved too.
        assert!(moved((HEAD, Some(&shown)), (HEAD, &now)).is_some());
    }
}
