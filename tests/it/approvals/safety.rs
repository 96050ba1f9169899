//! No token or secret in any output, and few requests.

use super::*;

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
    // Reviews, then who wrote the commits (only because an approval could count).
    assert!(ci.len() <= 7, "{ci:#?}");
    assert!(
        ci.iter().any(|r| r.ends_with("/pulls/7/reviews")),
        "{ci:#?}"
    );
    assert!(
        ci.iter().any(|r| r.ends_with("/pulls/7/commits")),
        "{ci:#?}"
    );
}
