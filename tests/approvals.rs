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
    assert_eq!(block.changes.len(), 1);
    assert_eq!(block.changes[0].path, "changes/checkout.md");
    assert_eq!(block.changes[0].blob, blob_of(MEDIUM));

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
    assert_eq!(paths, [".barraiser.yaml", "changes/checkout.md"]);
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
    s.push(7, &[file("deploy/checkout.yaml", "replicas: 5\n")]);
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
    s.push(7, &[file("deploy/checkout.yaml", "replicas: 6\n")]);
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

/// The medium change with its window moved to start at `start` (and end two hours later).
fn medium_at(start: &str, end: &str) -> Vec<repo::Edit> {
    vec![file(
        "changes/checkout.md",
        MEDIUM
            .replace("2026-11-25T14:00:00Z", start)
            .replace("2026-11-25T16:00:00Z", end),
    )]
}

#[test]
fn the_queue_orders_by_window_then_risk_then_age() {
    let s = Scenario::new();
    let dec2 = ("2026-12-02T09:00:00Z", "2026-12-02T11:00:00Z");
    s.open_pr(11, AUTHOR, &medium_change()); // 25 Nov, medium, oldest
    s.open_pr(12, "erin", &[file("changes/payments.md", HIGH)]); // 2 Dec, high
    s.open_pr(13, AUTHOR, &medium_at(dec2.0, dec2.1)); // 2 Dec, medium, older
    s.open_pr(14, "erin", &medium_at(dec2.0, dec2.1)); // 2 Dec, medium, newer
    s.open_pr(
        15,
        AUTHOR,
        &medium_at("2026-11-21T09:00:00Z", "2026-11-21T10:00:00Z"),
    );
    assert_eq!(code(&s.approve("alice", 15)), 0, "approved: not waiting");
    s.open_pr(
        16,
        AUTHOR,
        &[file(
            "changes/checkout.md",
            MEDIUM.replace("## Rollback", "## Notes"),
        )],
    );
    s.open_pr(17, AUTHOR, &[file("README.md", "docs only\n")]);
    let out = s.as_user("carol", &["queue", "--repo", REPO, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let numbers: Vec<u64> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [11, 12, 13, 14], "{}", stdout(&out));
    let first = &json["items"][0];
    assert_eq!(first["service"], "checkout");
    assert_eq!(first["risk"], "medium");
    assert_eq!(first["window_start"], "2026-11-25T14:00:00Z");
    assert_eq!(first["author"], AUTHOR);
    assert_eq!(first["approvals_needed"], 1);
    assert!(first["age"].as_str().unwrap().ends_with('d'));
    assert_eq!(json["items"][1]["risk"], "high");

    let md = s.as_user("carol", &["queue", "--repo", REPO, "--format", "markdown"]);
    assert_eq!(code(&md), 0, "{}", show(&md));
    let text = stdout(&md);
    assert!(text.contains("4 pull requests waiting"), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(
        rows[0].contains("acme/shop#11") && rows[3].contains("acme/shop#14"),
        "{text}"
    );

    let table = s.as_user("carol", &["queue", "--repo", REPO]);
    let lines: Vec<String> = stdout(&table).lines().map(str::to_owned).collect();
    assert!(lines[0].starts_with("WINDOW"), "{lines:?}");
    assert!(lines[1].contains("acme/shop#11"), "{lines:?}");
    s.assert_contract();
}

#[test]
fn audit_lists_merged_changes_with_their_approvals_at_merge() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    s.fake.merge(
        REPO,
        7,
        "2026-11-21T10:00:00Z",
        "7777777777777777777777777777777777777777",
    );
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 8)), 0);
    s.fake.merge(
        REPO,
        8,
        "2026-11-21T11:00:00Z",
        "8888888888888888888888888888888888888888",
    );
    // Too late to count: after the merge.
    let head8 = s.fake.pull(REPO, 8).unwrap().head_sha;
    s.fake.seed_review_at(
        REPO,
        8,
        "bob",
        "APPROVED",
        "",
        &head8,
        "2026-11-22T00:00:00Z",
    );
    s.open_pr(9, AUTHOR, &[file("README.md", "no change description\n")]);
    s.fake.merge(
        REPO,
        9,
        "2026-11-21T12:00:00Z",
        "9999999999999999999999999999999999999999",
    );
    s.open_pr(10, AUTHOR, &medium_change()); // open: not in an audit of merges

    let args = [
        "audit",
        "--repo",
        REPO,
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
    ];
    let out = s.as_user("carol", &[&args[..], &["--format", "csv"]].concat());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, barraiser::render::audit::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{}", stdout(&out));
    let col = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_owned()
    };
    assert_eq!(col(&rows[0], "pr"), "7");
    assert_eq!(col(&rows[0], "change_path"), "changes/checkout.md");
    assert_eq!(col(&rows[0], "risk"), "medium");
    assert_eq!(col(&rows[0], "approvers"), "alice");
    assert_eq!(
        col(&rows[0], "approved_blobs"),
        format!("alice={}", blob_of(MEDIUM))
    );
    assert_eq!(col(&rows[0], "valid_at_merge"), "true");
    assert_eq!(col(&rows[0], "merge_sha"), "7".repeat(40));
    assert_eq!(col(&rows[0], "merged_at"), "2026-11-21T10:00:00Z");
    assert!(!col(&rows[0], "approval_times").is_empty());
    assert_eq!(col(&rows[1], "pr"), "8");
    assert_eq!(col(&rows[1], "risk"), "high");
    assert_eq!(col(&rows[1], "approvals_needed"), "2");
    assert_eq!(col(&rows[1], "approvals_valid"), "1");
    assert_eq!(col(&rows[1], "valid_at_merge"), "false");

    let out = s.as_user("carol", &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let prs = json["pull_requests"].as_array().unwrap();
    assert_eq!(prs.len(), 2);
    assert_eq!(
        prs[0]["approvals"][0]["approved"][0]["blob"],
        blob_of(MEDIUM)
    );
    assert_eq!(prs[1]["valid_at_merge"], false);
    s.assert_contract();
}

#[test]
fn minutes_list_the_decisions_of_the_period() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let rc = [
        "request-changes",
        "--repo",
        REPO,
        "--pr",
        "8",
        "--note",
        "Add the <b>replica</b> check",
    ];
    assert_eq!(code(&s.as_user("bob", &rc)), 0);
    let out = s.as_user(
        "carol",
        &["minutes", "--repo", REPO, "--since", "2026-01-01"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2 decisions: 1 approved, 1 with changes requested"),
        "{text}"
    );
    assert!(
        text.contains("**Approved**") && text.contains("by alice"),
        "{text}"
    );
    assert!(
        text.contains("**Changes requested**") && text.contains("by bob"),
        "{text}"
    );
    assert!(
        text.contains("Note: Add the &lt;b&gt;replica&lt;/b&gt; check"),
        "{text}"
    );
    let none = s.as_user(
        "carol",
        &[
            "minutes",
            "--repo",
            REPO,
            "--since",
            "2027-01-01",
            "--until",
            "2027-01-31",
        ],
    );
    assert!(
        stdout(&none).contains("No bar-raiser decisions"),
        "{}",
        show(&none)
    );
    let bad = s.as_user(
        "carol",
        &["minutes", "--repo", REPO, "--since", "last tuesday"],
    );
    assert_eq!(code(&bad), 2, "{}", show(&bad));
    s.assert_contract();
}

#[test]
fn review_shows_the_verdict_and_approvals_in_every_format() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let out = s.as_user("erin", &["review", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let text = stdout(&out);
    assert!(text.contains("acme/shop#7: Change 7"), "{text}");
    assert!(text.contains("approval: alice valid"), "{text}");
    assert!(
        text.contains("1 valid of 2 needed; 1 more needed"),
        "{text}"
    );
    assert!(text.contains("needs-approval"), "{text}");
    let json = s.as_user(
        "erin",
        &["review", "--repo", REPO, "--pr", "7", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["verdict"], "needs-approval");
    assert_eq!(v["approvals_needed"], 2);
    assert_eq!(v["approvals"][0]["state"], "valid");
    let md = s.as_user(
        "erin",
        &[
            "review", "--repo", REPO, "--pr", "7", "--format", "markdown",
        ],
    );
    assert!(stdout(&md).contains("**1 more needed**"), "{}", show(&md));
    s.assert_contract();
}

#[test]
fn office_hours_off_a_terminal_explains_the_commands() {
    let s = Scenario::new();
    let out = s.as_user("alice", &["office-hours", "--repo", REPO]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("barraiser queue") && err.contains("barraiser approve"),
        "{err}"
    );
}

#[test]
fn the_token_never_appears_in_output() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let outs = [
        s.approve("alice", 7),
        s.approve("carol", 7),
        s.as_user(
            "alice",
            &["review", "--repo", REPO, "--pr", "7", "--format", "json"],
        ),
        s.as_user("alice", &["review", "--repo", REPO, "--pr", "999"]),
        s.ci(7),
    ];
    for out in &outs {
        let all = show(out);
        for login in ["alice", "carol"] {
            assert!(!all.contains(&scenario::token(login)), "{all}");
        }
        assert!(!all.contains(scenario::CI_TOKEN), "{all}");
    }
}

#[test]
fn a_secret_in_a_change_never_reaches_the_comment_the_summary_or_a_review() {
    let password = "Wq8zTnVsLpkd7Rx";
    let token = "ghp_R7tK2mQ9vX4bN8cL1pZ6wY3hJ5dF0sA2gE7u";
    let text = MEDIUM
        .replace(
            "pipectl promote checkout-release --version \"$RELEASE\"",
            &format!("pipectl promote checkout-release --version \"$RELEASE\" --token {token}"),
        )
        .replace(
            "## Rollback\n",
            &format!(
                "## Rollback\n1. Post https://ops:{password}@status.acme.example/rollback and follow the page.\n"
            ),
        );
    assert!(text.contains(token) && text.contains(password));
    let s = Scenario::new();
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", &text),
            file("deploy/checkout.yaml", "replicas: 4\n"),
        ],
    );
    let ci = s.ci(7);
    assert_eq!(code(&ci), 1, "{}", show(&ci));
    let summary = std::fs::read_to_string(s.events.path().join("summary.md")).unwrap();
    let review = s.as_user(
        "alice",
        &[
            "review", "--repo", REPO, "--pr", "7", "--format", "markdown",
        ],
    );
    let comment = s.comment(7);
    assert!(comment.contains("secret-in-text"), "{comment}");
    assert!(comment.contains("40 characters"), "{comment}");
    assert!(summary.contains("secret-in-text"), "{summary}");
    for (what, output) in [
        ("ci", show(&ci)),
        ("comment", comment),
        ("summary", summary),
        ("review", show(&review)),
        ("status", s.status(7)),
    ] {
        for secret in [&token[4..], &password[3..]] {
            assert!(
                !output.contains(secret),
                "{what} repeats {secret}:\n{output}"
            );
        }
    }
}

#[test]
fn request_counts_stay_small() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.fake.clear_requests();
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let approve: Vec<String> = s
        .fake
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(approve.len() <= 12, "{approve:#?}");
    s.fake.clear_requests();
    assert_eq!(code(&s.ci(7)), 0);
    let ci: Vec<String> = s
        .fake
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(ci.len() <= 6, "{ci:#?}");
    assert!(
        ci.iter().any(|r| r.ends_with("/pulls/7/reviews")),
        "{ci:#?}"
    );
}
