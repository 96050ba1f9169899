//! Bar-raiser approvals bound to content: the review block that says which files,
//! at which blobs, a decision is about, and the files a pull request binds them to.
//! Whether an approval counts is decided in [`crate::decide`].

mod block;

pub use block::{Action, Block, BlockError, BoundFile, note_of, parse_block, review_body};

use crate::read::{Entry, Rejection};
use crate::run::Outcome;

/// The blob id bound for a file the pull request deletes: git's null id, "absent".
pub const ABSENT: &str = "0000000000000000000000000000000000000000";

/// What an approval binds a path to, the same whether read from a clone or the API:
/// - a text file: its git blob id;
/// - a symbolic link: `symlink:` and the blob id of its target, so a link never
///   equals a file, and a new target is a change;
/// - anything else not read as text: what it is (`(binary)`, `(submodule)`,
///   `(too-large:SIZE)`, ...), so a swap between kinds is a change, followed by its
///   object id `id` when the tree gives one (`(binary):ID`, `(submodule):COMMIT`), so
///   a new binary, a new large file or a submodule moved to another commit is a
///   change too.
pub fn binding(entry: &Entry, id: Option<&str>) -> String {
    let kind = kind_binding(entry);
    match (entry, id) {
        (Entry::Rejected { reason, .. }, Some(id)) if !matches!(reason, Rejection::Symlink(_)) => {
            format!("{kind}:{id}")
        }
        _ => kind,
    }
}

fn kind_binding(entry: &Entry) -> String {
    match entry {
        Entry::Text { blob, .. } => blob.clone(),
        Entry::Rejected { reason, .. } => match reason {
            Rejection::Symlink(target) => {
                let id = git2::Oid::hash_object(git2::ObjectType::Blob, target.as_bytes())
                    .map_or_else(|_| target.clone(), |id| id.to_string());
                format!("symlink:{id}")
            }
            Rejection::Submodule => "(submodule)".into(),
            Rejection::Binary => "(binary)".into(),
            Rejection::NotUtf8 => "(not-utf8)".into(),
            Rejection::TooLarge(size) => format!("(too-large:{size})"),
            Rejection::NonUtf8Name => "(non-utf8-name)".into(),
            Rejection::Directory => "(directory)".into(),
            Rejection::Special => "(special)".into(),
        },
    }
}

/// The files approvals bind to, so that an approval survives only while what ships
/// is what was approved:
/// - every change description checked at head;
/// - every bar file the range touches (policy, checklists), deleted ones included
///   (an approval of a bar change must not survive an edit to the bar);
/// - every file the range touches under a `require_change_for` or `risk_floor`
///   glob (the migration reviewed with the description, not one swapped in later).
///
/// `blob_at_head` looks up the [`binding`]s of the last two; a file the range
/// deletes is bound as [`ABSENT`].
pub fn bound_files(
    outcome: &Outcome,
    blob_at_head: &dyn Fn(&str) -> Option<String>,
) -> Vec<BoundFile> {
    let mut files: Vec<BoundFile> = outcome
        .report
        .described()
        .map(|c| BoundFile {
            path: c.path.clone(),
            blob: c.blob.clone(),
        })
        .collect();
    let policy = &outcome.policy;
    let gated = |path: &str| {
        policy.is_bar_file(path) || policy.requires_change(path) || policy.has_floor(path)
    };
    // Every bar file the range touches is gated, so `bar_changed` is among these.
    let mut paths: Vec<&str> = outcome
        .touched
        .iter()
        .map(|t| t.path.as_str())
        .filter(|p| gated(p))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        if files.iter().any(|f| f.path == path) {
            continue;
        }
        files.push(BoundFile {
            path: path.to_owned(),
            blob: blob_at_head(path).unwrap_or_else(|| ABSENT.to_owned()),
        });
    }
    files.sort();
    files.dedup();
    files
}
