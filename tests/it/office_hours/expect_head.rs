//! `approve --expect-head` on its own: the head `review` printed, or nothing recorded.

use crate::support::repo::file;
use crate::support::scenario::{AUTHOR, MEDIUM, REPO, Scenario, code, medium_change, show, stdout};

#[test]
fn review_prints_the_head_and_approve_records_only_on_it() {
    let s = Scenario::new();
    let first = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.as_user("alice", &["review", "--repo", REPO, "--pr", "7"]);
    assert!(
        stdout(&out).contains(&format!("head {first}")),
        "{}",
        show(&out)
    );
    let edited = MEDIUM.replace("Expect: `4.17`.", "Expect: `4.18`.");
    let second = s.push(7, &[file("changes/checkout.md", &edited)]);
    let stale = [
        "approve",
        "--repo",
        REPO,
        "--pr",
        "7",
        "--expect-head",
        &first.to_string(),
    ];
    let out = s.as_user("alice", &stale);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let text = stdout(&out);
    assert!(text.contains("nothing was recorded"), "{text}");
    assert!(text.contains("changes/checkout.md: changed"), "{text}");
    assert!(text.contains("+   Expect: `4.18`."), "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is no longer at"),
        "{}",
        show(&out)
    );
    assert!(s.fake.reviews(REPO, 7).is_empty());
    let rc = [
        "request-changes",
        "--repo",
        REPO,
        "--pr",
        "7",
        "--note",
        "x",
        "--expect-head",
        &first.to_string()[..7],
    ];
    assert_eq!(code(&s.as_user("alice", &rc)), 2);
    assert!(s.fake.reviews(REPO, 7).is_empty());
    let fresh = [
        "approve",
        "--repo",
        REPO,
        "--pr",
        "7",
        "--expect-head",
        &second.to_string()[..10],
    ];
    let out = s.as_user("alice", &fresh);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(s.fake.reviews(REPO, 7).len(), 1);
    s.assert_contract();
}
