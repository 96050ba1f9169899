//! Bar-raiser approvals end to end: the real binary runs `approve`, `ci`, `queue`,
//! `minutes` and `audit` against a stateful fake GitHub backed by real git repositories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "openapi/contract.rs"]
mod contract;
#[path = "support/fake_github.rs"]
mod fake_github;
#[path = "support/repo.rs"]
mod repo;
#[path = "support/scenario.rs"]
mod scenario;

use barraiser::approval::parse_block;
use repo::file;
use scenario::{AUTHOR, HIGH, MEDIUM, REPO, Scenario, code, medium_change, show, stdout};

/// The git blob id of `text`, as the approval block must name it.
fn blob_of(text: &str) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())
        .unwrap()
        .to_string()
}

#[test]
fn approve_then_pass() {
    let s = Scenario::new();
    let head = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    assert!(s.comment(7).contains("1 more needed"), "{}", s.comment(7));

    let out = s.approve("alice", 7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let reviews = s.fake.reviews(REPO, 7);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].state, "APPROVED");
    assert_eq!(reviews[0].commit_id, head.to_string());
    let block = parse_block(&reviews[0].body).unwrap().unwrap();
    assert_eq!(block.head, head.to_string());
    assert_eq!(block.changes.len(), 1);
    assert_eq!(block.changes[0].path, "changes/checkout.md");
    assert_eq!(block.changes[0].blob, blob_of(MEDIUM));

    let out = s.ci(7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(s.status(7), "success");
    let comment = s.comment(7);
    assert!(comment.contains("barraiser: approved"), "{comment}");
    assert!(comment.contains("Valid: alice"), "{comment}");
    assert_eq!(s.fake.comments(REPO, 7).len(), 1, "one sticky comment");
    s.assert_contract();
}

#[test]
fn approving_from_the_clone_reads_it_instead_of_the_api() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.fake.clear_requests();
    let out = s.as_user_in("alice", &["approve", "--repo", REPO, "--pr", "7"], s.git.root());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let paths: Vec<String> = s.fake.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths.iter().all(|p| !p.contains("/contents/") && !p.ends_with("/files")),
        "{paths:?}"
    );
    assert_eq!(code(&s.ci(7)), 0);
    s.assert_contract();
}
