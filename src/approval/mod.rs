//! Bar-raiser approvals bound to content: the review block that says which files,
//! at which blobs, a decision is about, and the files a pull request binds them to.
//! Whether an approval counts is decided in [`crate::decide`].

mod block;

pub use block::{Action, Block, BlockError, BoundFile, note_of, parse_block, review_body};

use crate::run::Outcome;

/// The files approvals bind to: every change description checked at head, and the
/// policy or checklist files the range edits (an approval of a bar change must not
/// survive an edit to the bar). `blob_at_head` looks up the latter.
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
    for path in &outcome.bar_changed {
        if let Some(blob) = blob_at_head(path) {
            files.push(BoundFile {
                path: path.clone(),
                blob,
            });
        }
    }
    files.sort();
    files.dedup();
    files
}
