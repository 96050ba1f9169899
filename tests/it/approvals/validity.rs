//! Which approvals count: roster, author, binding to content, staleness, requests for changes.

use super::*;

#[test]
fn approve_then_pass() {
    let s = Scenario::new();
    let head = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    let decided = s.decided(7);
    assert_eq!(
        (decided.verdict.as_str(), decided.valid(), decided.needed),
        ("needs-approval", 0, 1)
    );

    let out = s.approve("alice", 7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let reviews = s.fake.reviews(REPO, 7);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].state, "APPROVED");
    assert_eq!(reviews[0].commit_id, head.to_string());
    let block = parse_block(&reviews[0].body).unwrap().unwrap();
    assert_eq!(block.head, head.to_string());
    // Bound to what ships: the description and the gated file it describes.
    assert_eq!(block.changes.len(), 2);
    assert_eq!(block.changes[0].path, "changes/checkout.md");
    assert_eq!(block.changes[0].blob, blob_of(MEDIUM));
    assert_eq!(block.changes[1].path, "deploy/checkout.yaml");
    assert_eq!(block.changes[1].blob, blob_of("replicas: 4\n"));

    let out = s.ci(7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(s.status(7), "success");
    let decided = s.decided(7);
    assert_eq!(decided.verdict, "approved");
    assert_eq!(decided.of("alice").state, "valid");
    assert!(
        s.comment(7).contains("barraiser: approved"),
        "{}",
        s.comment(7)
    );
    assert_eq!(s.fake.comments(REPO, 7).len(), 1, "one sticky comment");
    // The action's outputs: the verdict of each run, and the sticky comment's URL.
    let url = &s.fake.comments(REPO, 7)[0].html_url;
    assert_eq!(
        s.step_outputs(7),
        format!("verdict=needs-approval\ncomment-url={url}\nverdict=approved\ncomment-url={url}\n")
    );
    s.assert_contract();
}

#[test]
fn approving_from_the_clone_reads_it_instead_of_the_api() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.fake.clear_requests();
    let out = s.as_user_in(
        "alice",
        &["approve", "--repo", REPO, "--pr", "7"],
        s.git.root(),
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let paths: Vec<String> = s.fake.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths
            .iter()
            .all(|p| !p.contains("/contents/") && !p.ends_with("/files")),
        "{paths:?}"
    );
    assert_eq!(code(&s.ci(7)), 0);
    s.assert_contract();
}

#[test]
fn self_approval_is_refused_and_never_counted() {
    let s = Scenario::new();
    let head = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.approve(AUTHOR, 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("author"),
        "{}",
        show(&out)
    );
    assert!(s.fake.reviews(REPO, 7).is_empty(), "nothing recorded");
    // A review that slipped through anyway (another client) is still not counted.
    s.fake
        .seed_review(REPO, 7, AUTHOR, "APPROVED", "LGTM", &head.to_string());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let dana = s.decided(7).of(AUTHOR);
    assert_eq!(dana.state, "not-counted");
    assert!(dana.reason.contains("author"), "{dana:?}");
    s.assert_contract();
}

#[test]
fn an_approver_missing_from_the_roster_is_refused_and_not_counted() {
    let s = Scenario::new();
    let head = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.approve("carol", 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carol is not a bar raiser"), "{err}");
    assert!(s.fake.reviews(REPO, 7).is_empty());
    s.fake
        .seed_review(REPO, 7, "carol", "APPROVED", "Ship it", &head.to_string());
    assert_eq!(code(&s.ci(7)), 1);
    assert_eq!(s.status(7), "pending");
    assert_eq!(s.decided(7).of("carol").state, "not-counted");
    s.assert_contract();
}

#[test]
fn a_roster_added_only_by_the_pull_request_does_not_count() {
    let s = Scenario::new();
    let mut edits = medium_change();
    edits.push(file(
        ".barraiser.yaml",
        scenario::POLICY.replace("[alice, bob, dana]", "[alice, bob, dana, carol]"),
    ));
    let head = s.open_pr(7, AUTHOR, &edits);
    let out = s.approve("carol", 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not count"),
        "{}",
        show(&out)
    );
    s.fake
        .seed_review(REPO, 7, "carol", "APPROVED", "", &head.to_string());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    // The note is in the comment (run notes are not part of the JSON).
    let comment = s.comment(7);
    assert!(comment.contains("edits the bar itself"), "{comment}");
    assert_eq!(s.decided(7).of("carol").state, "not-counted");
    // A real bar raiser's approval binds the policy edit too.
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let block = parse_block(&s.fake.reviews(REPO, 7).last().unwrap().body)
        .unwrap()
        .unwrap();
    let paths: Vec<&str> = block.changes.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".barraiser.yaml",
            "changes/checkout.md",
            "deploy/checkout.yaml"
        ]
    );
    assert_eq!(code(&s.ci(7)), 0);
    s.assert_contract();
}

#[test]
fn a_policy_change_alone_needs_an_approval() {
    let s = Scenario::new();
    s.open_pr(
        7,
        AUTHOR,
        &[file(
            ".barraiser.yaml",
            scenario::POLICY.replace("high: 2", "high: 1"),
        )],
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    assert_eq!(code(&s.approve("bob", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    // Editing the policy again after the approval makes it stale.
    s.push(
        7,
        &[file(
            ".barraiser.yaml",
            scenario::POLICY.replace("high: 2", "high: 0"),
        )],
    );
    assert_eq!(code(&s.ci(7)), 1);
    assert_eq!(s.decided(7).of("bob").state, "stale");
    s.assert_contract();
}

#[test]
fn an_edit_of_the_description_makes_the_approval_stale() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    s.push(
        7,
        &[file(
            "changes/checkout.md",
            MEDIUM.replace("estimated_minutes: 10", "estimated_minutes: 12"),
        )],
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    let alice = s.decided(7).of("alice");
    assert_eq!(alice.state, "stale");
    assert_eq!(
        alice.reason,
        "changes/checkout.md changed since the approval"
    );
    s.assert_contract();
}

#[test]
fn an_unrelated_push_keeps_the_approval() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    s.push(7, &[file("src/checkout.rs", "fn main() {}\n")]);
    let out = s.ci(7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(s.status(7), "success");
    assert_eq!(s.decided(7).of("alice").state, "valid");
    s.assert_contract();
}

#[test]
fn high_risk_needs_two_approvals() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let decided = s.decided(7);
    assert_eq!((decided.valid(), decided.needed), (1, 2));
    assert_eq!(code(&s.approve("bob", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    let decided = s.decided(7);
    assert_eq!(
        (decided.verdict.as_str(), decided.valid(), decided.needed),
        ("approved", 2, 2)
    );
    s.assert_contract();
}

#[test]
fn request_changes_overrides_an_earlier_approval() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    let no_note = s.as_user("alice", &["request-changes", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&no_note), 2, "{}", show(&no_note));
    let out = s.as_user(
        "alice",
        &[
            "request-changes",
            "--repo",
            REPO,
            "--pr",
            "7",
            "--note",
            "Name the @oncall rotation",
        ],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let last = s.fake.reviews(REPO, 7).last().unwrap().clone();
    assert_eq!(last.state, "CHANGES_REQUESTED");
    assert!(
        !last.body.contains("@oncall"),
        "note is neutralised: {}",
        last.body
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.decided(7).of("alice").state, "changes-requested");
    // A comment-only review afterwards is not a decision and changes nothing.
    s.fake
        .seed_review(REPO, 7, "alice", "COMMENTED", "thinking", "");
    assert_eq!(code(&s.ci(7)), 1);
    // Approving again replaces the request.
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    s.assert_contract();
}

#[test]
fn a_plain_github_approval_is_bound_by_its_commit() {
    let s = Scenario::new();
    let first = s.open_pr(7, AUTHOR, &medium_change());
    s.fake
        .seed_review(REPO, 7, "bob", "APPROVED", "LGTM", &first.to_string());
    assert_eq!(code(&s.ci(7)), 0);
    s.push(7, &[file("src/checkout.rs", "fn main() {}\n")]);
    let out = s.ci(7);
    assert_eq!(code(&out), 0, "unrelated push keeps it: {}", show(&out));
    s.push(
        7,
        &[file("changes/checkout.md", MEDIUM.replace("45m", "50m"))],
    );
    assert_eq!(code(&s.ci(7)), 1);
    let bob = s.decided(7).of("bob");
    assert_eq!(
        (bob.state.as_str(), bob.reason.as_str()),
        ("stale", "changes/checkout.md changed since the approval")
    );
    // The same through the API: `review` from outside the clone agrees.
    let out = s.as_user("erin", &["review", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).contains("bob stale"), "{}", show(&out));
    s.assert_contract();
}

#[test]
fn a_plain_approval_on_a_commit_the_checkout_lacks_is_stale_with_a_reason() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let gone = "0123456789abcdef0123456789abcdef01234567";
    s.fake.seed_review(REPO, 7, "bob", "APPROVED", "", gone);
    assert_eq!(code(&s.ci(7)), 1);
    let bob = s.decided(7).of("bob");
    assert_eq!(bob.state, "stale");
    assert!(bob.reason.contains("fetch-depth: 0"), "{bob:?}");
    s.assert_contract();
}

#[test]
fn swapping_the_gated_code_after_approval_makes_it_stale() {
    let s = Scenario::new();
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", MEDIUM),
            file(
                "deploy/db/002_index.sql",
                "CREATE INDEX o_idx ON orders (id);\n",
            ),
        ],
    );
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.approve("bob", 7)), 0);
    let block = parse_block(&s.fake.reviews(REPO, 7)[0].body)
        .unwrap()
        .unwrap();
    let paths: Vec<&str> = block.changes.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["changes/checkout.md", "deploy/db/002_index.sql"]);
    let out = s.ci(7);
    assert_eq!(code(&out), 0, "{}\n{}", show(&out), s.comment(7));
    // The description stays; the migration becomes something else.
    s.push(
        7,
        &[file(
            "deploy/db/002_index.sql",
            "DROP TABLE orders CASCADE;\n",
        )],
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    // (The comment escapes Markdown: `_` is written `&#95;`.)
    let comment = s.comment(7).replace("&#95;", "_");
    assert!(
        comment.contains("Stale: alice")
            && comment.contains("deploy/db/002_index.sql changed since the approval"),
        "{comment}"
    );
    s.assert_contract();
}

#[test]
fn a_backdated_commit_does_not_make_an_old_rollback_test_recent() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    // The author dates a commit two years back, two weeks after an old rollback test.
    let backdated = 1_731_628_800; // 2024-11-15T00:00:00Z
    let head = s.git.commit(
        "pr-7",
        backdated,
        &[file(
            "changes/checkout.md",
            MEDIUM.replace("tested_on: 2026-10-30", "tested_on: 2024-11-01"),
        )],
    );
    s.fake.set_head(REPO, 7, &head.to_string());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    // Judged at the run time (2026), not the commit's date (2024).
    assert!(
        s.comment(7).contains("rollback-not-tested-recently"),
        "{}",
        s.comment(7)
    );
    s.assert_contract();
}
