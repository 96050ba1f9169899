//! Retries: never a duplicate comment, waits as GitHub asks, and a cap on them.

use super::*;

#[test]
fn a_502_on_create_does_not_duplicate() {
    let h = Harness::new();
    h.fake
        .fail_next("POST", COMMENTS, 1, Fault::ServerError(502));
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert!(out.failures.is_empty(), "{out:?}");
    assert_eq!(h.fake.comments(REPO, PR).len(), 1);
    let requests = h.requests();
    assert_eq!(
        requests.iter().filter(|r| r.ends_with("/comments")).count(),
        5,
        "list, create, list again, create, list to converge"
    );
    assert!(requests.len() <= 7, "{requests:?}");
}

#[test]
fn a_502_after_the_comment_was_created_is_not_reposted() {
    let h = Harness::new();
    h.fake
        .fail_next("POST", COMMENTS, 1, Fault::ServerErrorAfterApply);
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert_eq!(
        h.fake.comments(REPO, PR).len(),
        1,
        "the listed-again comment is reused"
    );
    assert!(matches!(out.comment, Some(StickyAction::Unchanged { .. })));
    assert_eq!(
        h.requests()
            .iter()
            .filter(|r| r.starts_with("POST") && r.ends_with("/comments"))
            .count(),
        1
    );
}

#[test]
fn repeated_create_failures_stop_without_duplicates() {
    let h = Harness::new();
    h.fake
        .fail_next("POST", COMMENTS, 5, Fault::ServerError(503));
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert_eq!(out.failures.len(), 1);
    assert_eq!(out.failures[0].status(), Some(503));
    assert_eq!(out.exit_code(Verdict::Pass), 2);
    assert!(h.fake.comments(REPO, PR).is_empty());
    assert_eq!(
        h.fake.statuses(REPO, HEAD).len(),
        1,
        "the status is still set"
    );
    assert!(h.requests().len() <= 6);
}

#[test]
fn a_secondary_rate_limit_honours_retry_after() {
    let h = Harness::new();
    h.fake.fail_next(
        "POST",
        COMMENTS,
        1,
        Fault::SecondaryRateLimit { retry_after: 3 },
    );
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert!(out.failures.is_empty(), "{out:?}");
    assert_eq!(h.waits(), [Duration::from_secs(3)]);
    assert_eq!(h.fake.comments(REPO, PR).len(), 1);
    h.requests();
}

#[test]
fn server_errors_and_exhausted_limits_are_retried_with_waits() {
    let h = Harness::new();
    h.fake.fail_next(
        "GET",
        COMMENTS,
        1,
        Fault::RateLimitExhausted { reset_in: 5 },
    );
    h.fake
        .fail_next("POST", STATUSES, 2, Fault::ServerError(502));
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert!(out.failures.is_empty() && out.status_set, "{out:?}");
    let waits = h.waits();
    assert_eq!(waits.len(), 3);
    assert!(
        (4..=6).contains(&waits[0].as_secs()),
        "waits until x-ratelimit-reset: {waits:?}"
    );
    assert_eq!(
        &waits[1..],
        [Duration::from_millis(1), Duration::from_millis(2)]
    );
}

#[test]
fn a_wait_longer_than_the_cap_fails_instead() {
    let h = Harness::new();
    h.fake.fail_next(
        "POST",
        STATUSES,
        1,
        Fault::SecondaryRateLimit { retry_after: 3600 },
    );
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert!(h.waits().is_empty());
    assert_eq!(
        out.failures.len(),
        1,
        "a rate limit is a failure, not a permission warning: {out:?}"
    );
    assert!(out.warnings.is_empty());
    assert_eq!(
        h.fake
            .requests()
            .iter()
            .filter(|r| r.path.contains("/statuses/"))
            .count(),
        1,
        "not retried"
    );
}
