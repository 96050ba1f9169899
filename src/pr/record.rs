//! Recording a bar-raiser decision as a pull-request review bound to the content at head.

use super::Judged;
use crate::approval::{Action, Block, review_body};
use crate::github::{self, GitHub, NewReview, Repo, Review, ReviewEvent};

/// Posts the review: the decision, bound to the files at head by the block, on the head commit.
pub fn record(
    gh: &dyn GitHub,
    repo: &Repo,
    judged: &Judged,
    decision: Action,
    note: Option<&str>,
) -> Result<Review, github::Error> {
    let block = Block::new(&judged.pull.head_sha, judged.bound.clone(), note);
    let event = match decision {
        Action::Approve => ReviewEvent::Approve,
        Action::RequestChanges => ReviewEvent::RequestChanges,
    };
    let body = review_body(decision, &block);
    let review = NewReview {
        event,
        body: &body,
        commit_id: Some(&judged.pull.head_sha),
    };
    gh.create_review(repo, judged.pull.number, &review)
}
