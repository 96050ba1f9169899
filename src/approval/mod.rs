//! Bar-raiser approvals bound to content: the review block that says which files,
//! at which blobs, a decision is about, and the files a pull request binds them to.
//! Whether an approval counts is decided in [`crate::decide`].

mod block;

pub use block::{Action, Block, BlockError, BoundFile, note_of, parse_block, review_body};

use crate::run::Outcome;

/// The blob id bound for a file the pull request deletes: git's null id, "absent".
pub const ABSENT: &str = "0000000000000000000000000000000000000000";

/// The files approvals bind to, so that an approval survives only while what ships
/// is what was approved:
/// - every change description checked at head;
/// - every bar file the range touches (policy, checklists), deleted ones included
///   (an approval of a bar change must not survive an edit to the bar);
/// - every file the range touches under a `require_change_for` or `risk_floor`
///   glob (the migration reviewed with the description, not one swapped in later).
///
/// `blob_at_head` looks up the blobs of the last two; a file the range deletes is
/// bound as [`ABSENT`].
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
