//! Validity without a network: each rule of SPEC section 6 on its own.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::approval::{Action, Block, BoundFile, review_body};

const HEAD: &str = "1111111111111111111111111111111111111111";
const OLD: &str = "2222222222222222222222222222222222222222";

struct Fixed(Result<Vec<Option<String>>, String>);

impl Bindings for Fixed {
    fn blobs_at(&self, _: &str, _: &[String]) -> Result<Vec<Option<String>>, String> {
        self.0.clone()
    }
}

fn file(path: &str, blob: &str) -> BoundFile {
    BoundFile {
        path: path.into(),
        blob: blob.into(),
    }
}

fn review(id: u64, who: &str, state: &str, body: &str, commit: &str) -> ReviewRecord {
    ReviewRecord {
        id,
        reviewer: who.into(),
        state: ReviewState::parse(state),
        body: body.into(),
        commit_id: commit.into(),
        submitted_at: format!("2026-11-20T12:00:{:02}Z", id % 60),
        submitted: format!("2026-11-20T12:00:{:02}Z", id % 60).parse().ok(),
    }
}

fn blocked(files: Vec<BoundFile>) -> String {
    review_body(Action::Approve, &Block::new(HEAD, files, None))
}

fn run(reviews: &[ReviewRecord], bindings: &Fixed) -> Vec<(String, ApprovalState, String)> {
    let roster = vec!["Alice".to_owned(), "bob".to_owned()];
    let head = vec![file("changes/a.md", "aaa")];
    let ctx = Context {
        roster: &roster,
        author: "dana",
        head_sha: HEAD,
        head: &head,
    };
    assess(reviews, &ctx, bindings)
        .views
        .into_iter()
        .map(|v| (v.reviewer, v.state, v.reason))
        .collect()
}

fn none() -> Fixed {
    Fixed(Err("unused".into()))
}

#[test]
fn a_block_approval_of_the_head_blobs_is_valid_and_logins_ignore_case() {
    let views = run(
        &[review(
            1,
            "alice",
            "APPROVED",
            &blocked(vec![file("changes/a.md", "aaa")]),
            OLD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::Valid, "{views:?}");
}

#[test]
fn a_block_names_what_changed_was_added_or_dropped() {
    let views = run(
        &[review(
            1,
            "bob",
            "APPROVED",
            &blocked(vec![file("changes/a.md", "old"), file("changes/b.md", "b")]),
            OLD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::Stale);
    assert!(
        views[0]
            .2
            .contains("changes/a.md changed since the approval"),
        "{views:?}"
    );
    assert!(
        views[0].2.contains("changes/b.md is no longer changed"),
        "{views:?}"
    );
    let views = run(
        &[review(1, "bob", "APPROVED", &blocked(vec![]), OLD)],
        &none(),
    );
    assert!(
        views[0]
            .2
            .contains("changes/a.md was added after the approval"),
        "{views:?}"
    );
}

#[test]
fn only_the_latest_decision_counts_and_comments_are_not_decisions() {
    let body = blocked(vec![file("changes/a.md", "aaa")]);
    let views = run(
        &[
            review(1, "bob", "APPROVED", &body, HEAD),
            review(2, "bob", "CHANGES_REQUESTED", "no", HEAD),
            review(3, "bob", "COMMENTED", "hmm", HEAD),
        ],
        &none(),
    );
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].1, ApprovalState::ChangesRequested);
    let views = run(
        &[
            review(1, "bob", "APPROVED", &body, HEAD),
            review(2, "bob", "DISMISSED", &body, HEAD),
        ],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
}

#[test]
fn authors_and_people_outside_the_roster_do_not_count() {
    let body = blocked(vec![file("changes/a.md", "aaa")]);
    let views = run(
        &[
            review(1, "DANA", "APPROVED", &body, HEAD),
            review(2, "carol", "APPROVED", &body, HEAD),
        ],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
    assert!(views[0].2.contains("author"));
    assert_eq!(views[1].1, ApprovalState::NotCounted);
    assert!(views[1].2.contains("not a bar raiser"));
}

#[test]
fn plain_approvals_bind_through_their_commit() {
    let at_head = run(&[review(1, "bob", "APPROVED", "LGTM", HEAD)], &none());
    assert_eq!(at_head[0].1, ApprovalState::Valid);
    let same = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Ok(vec![Some("aaa".into())])),
    );
    assert_eq!(same[0].1, ApprovalState::Valid);
    let edited = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Ok(vec![Some("zzz".into())])),
    );
    assert_eq!(edited[0].1, ApprovalState::Stale);
    let missing = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Err("commit 2222222 is not in this checkout".into())),
    );
    assert_eq!(missing[0].1, ApprovalState::Stale);
    assert!(missing[0].2.contains("not in this checkout"));
}

#[test]
fn an_unreadable_block_is_not_counted() {
    let views = run(
        &[review(
            1,
            "bob",
            "APPROVED",
            "<!-- barraiser:approval {\"version\":9} -->",
            HEAD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
    assert!(views[0].2.contains("version 9"), "{views:?}");
}
