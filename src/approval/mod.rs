//! Bar-raiser approvals bound to content: the review block, which decisions are
//! valid, and the verdict once the quorum is known. Pure: GitHub and git are
//! reached through the callers and the [`Bindings`] trait.

mod block;
#[cfg(test)]
mod tests;
mod validity;

pub use block::{
    BLOCK_START, BLOCK_VERSION, Block, BlockError, BoundFile, Decision, note_of, parse_block,
    review_body,
};
pub use validity::{Assessment, Bindings, Context, ReviewRecord, ReviewState, assess};

use crate::check::Outcome;
use crate::gate;
use crate::verdict::Report;

/// The files approvals bind to: every change description checked at head, and the
/// policy or checklist files the range edits (an approval of a bar change must not
/// survive an edit to the bar). `blob_at_head` looks up the latter.
pub fn bound_files(
    outcome: &Outcome,
    blob_at_head: &dyn Fn(&str) -> Option<String>,
) -> Vec<BoundFile> {
    let mut files: Vec<BoundFile> = outcome
        .report
        .changes
        .iter()
        .filter(|c| !c.blob.is_empty())
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

/// The pull request's report with approvals judged and the verdict decided.
#[derive(Clone, Debug)]
pub struct Judgement {
    /// The report: verdict, approvals and `approvals_needed` filled in.
    pub report: Report,
    /// Valid approvals needed.
    pub needed: u32,
    /// Valid approvals found.
    pub valid: u32,
}

/// Decides a pull request: checks from `outcome`, approvals from `reviews`.
pub fn judge(
    outcome: &Outcome,
    reviews: &[ReviewRecord],
    ctx: &Context<'_>,
    bindings: &dyn Bindings,
) -> Judgement {
    let needed = gate::required_approvals(outcome);
    let in_scope = gate::in_scope(outcome);
    let assessment = if in_scope {
        assess(reviews, ctx, bindings)
    } else {
        Assessment::default()
    };
    let mut report = outcome.report.clone();
    report.verdict = gate::decide(&outcome.report, in_scope, needed, assessment.valid);
    report.approvals = assessment.views;
    report.approvals_needed = in_scope.then_some(needed);
    Judgement {
        report,
        needed,
        valid: assessment.valid,
    }
}
