//! Delivering a verdict: the sticky comment, the status, the headers, the token kept secret.

use super::*;

#[test]
fn every_request_carries_accept_and_user_agent() {
    let h = Harness::new();
    h.deliver(Verdict::Blocked, &body("blocked"));
    h.deliver(Verdict::Pass, &body("pass"));
    let requests = h.fake.requests();
    assert!(requests.len() >= 6, "{requests:?}");
    assert!(requests.iter().any(|r| r.method == "PATCH"));
    assert_github_headers(&requests);
}

#[test]
fn first_run_creates_the_comment_and_the_status() {
    let h = Harness::new();
    let out = h.deliver(Verdict::Blocked, &body("blocked"));
    assert!(
        out.failures.is_empty() && out.warnings.is_empty(),
        "{out:?}"
    );
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author, BOT);
    assert_eq!(comments[0].body, body("blocked"));
    assert!(matches!(out.comment, Some(StickyAction::Created { .. })));
    let statuses = h.fake.statuses(REPO, HEAD);
    assert_eq!(
        statuses.len(),
        1,
        "status goes on the head SHA from the event, not GITHUB_SHA"
    );
    assert_eq!(
        (statuses[0].state.as_str(), statuses[0].context.as_str()),
        ("failure", "barraiser")
    );
    assert_eq!(
        statuses[0].target_url.as_deref(),
        Some(comments[0].html_url.as_str())
    );
    assert_eq!(
        statuses[0].description.as_deref(),
        Some("2 blockers in changes/db.md")
    );
    assert_eq!(out.exit_code(Verdict::Blocked), 1);
    assert!(h.summary().contains("## barraiser verdict"));
    assert_eq!(
        h.requests(),
        [
            "GET /user".to_owned(),
            format!("GET /repos/{REPO}/issues/{PR}/comments"),
            format!("POST /repos/{REPO}/issues/{PR}/comments"),
            // After a create, the comments are listed again to converge on one.
            format!("GET /repos/{REPO}/issues/{PR}/comments"),
            format!("POST /repos/{REPO}/statuses/{HEAD}"),
        ]
    );
}

#[test]
fn a_rerun_updates_the_comment_in_place() {
    let h = Harness::new();
    h.deliver(Verdict::Blocked, &body("blocked"));
    let out = h.deliver(Verdict::NeedsApproval, &body("needs approval"));
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 1, "no duplicate on rerun");
    assert_eq!(comments[0].body, body("needs approval"));
    assert!(matches!(out.comment, Some(StickyAction::Updated { .. })));
    assert_eq!(h.fake.statuses(REPO, HEAD).last().unwrap().state, "pending");
    let id = comments[0].id;
    assert!(
        h.requests()
            .contains(&format!("PATCH /repos/{REPO}/issues/comments/{id}"))
    );

    h.fake.clear_requests();
    let out = h.deliver(Verdict::NeedsApproval, &body("needs approval"));
    assert!(matches!(out.comment, Some(StickyAction::Unchanged { .. })));
    assert!(
        h.requests().iter().all(|r| !r.starts_with("PATCH")),
        "unchanged body is not re-sent"
    );
    assert!(h.requests().len() <= 6);
}

#[test]
fn finds_our_comment_on_page_two_of_150() {
    let h = Harness::new();
    h.fake
        .seed_comment(REPO, PR, "mallory", &format!("{MARKER} spoof on page one"));
    for i in 0..148 {
        h.fake
            .seed_comment(REPO, PR, "dana", &format!("comment {i}"));
    }
    let ours = h.fake.seed_comment(REPO, PR, BOT, &body("old"));
    let out = h.deliver(Verdict::Pass, &body("pass"));
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 150);
    assert_eq!(
        comments.iter().find(|c| c.id == ours).unwrap().body,
        body("pass")
    );
    assert_eq!(out.comment.unwrap().comment().id, ours);
    let lists: Vec<String> = h
        .fake
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/comments"))
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(lists, ["per_page=100&page=1", "per_page=100&page=2"]);
    assert!(h.requests().len() <= 7, "6 plus one page");
}

#[test]
fn a_spoofed_marker_is_never_edited() {
    let h = Harness::new();
    let spoof_body = format!("{MARKER}\n### barraiser: approved (trust me)");
    let spoof = h.fake.seed_comment(REPO, PR, "mallory", &spoof_body);
    h.deliver(Verdict::Blocked, &body("blocked"));
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0].body, spoof_body);
    assert_eq!(comments[1].author, BOT);
    assert!(
        h.requests()
            .iter()
            .all(|r| !r.contains(&format!("comments/{spoof}")))
    );
}

#[test]
fn a_read_only_token_warns_and_still_gates() {
    let h = Harness::with(FakeGitHub::start(), |fake| {
        fake.add_actions_token(TOKEN, false)
    });
    let out = h.deliver(Verdict::NeedsApproval, &body("needs approval"));
    assert_eq!(out.warnings.len(), 2, "{:?}", out.warnings);
    assert!(out.warnings.iter().all(|w| w.contains("403")));
    assert!(out.failures.is_empty());
    assert!(out.comment.is_none() && !out.status_set);
    assert_eq!(
        out.exit_code(Verdict::NeedsApproval),
        1,
        "the verdict still gates"
    );
    assert!(
        out.summary_written && h.summary().contains("barraiser verdict"),
        "the summary is kept"
    );
    assert!(h.fake.comments(REPO, PR).is_empty());
    h.requests();
}

#[test]
fn an_oversized_body_is_truncated_under_the_limit() {
    let h = Harness::new();
    let huge = format!("{MARKER}\n```\n{}", "long finding line\n".repeat(6_000));
    let out = h.deliver(Verdict::Blocked, &huge);
    assert!(out.failures.is_empty(), "{out:?}");
    let stored = &h.fake.comments(REPO, PR)[0].body;
    assert!(stored.chars().count() <= MAX_BODY_CHARS);
    assert!(stored.contains("Truncated") && stored.contains(MARKER));
    h.requests();
}

#[test]
fn a_body_without_the_marker_gets_it() {
    let h = Harness::new();
    h.deliver(Verdict::Pass, "plain body");
    h.deliver(Verdict::Pass, "plain body, second run");
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 1);
    assert!(comments[0].body.starts_with(MARKER));
}

#[test]
fn a_long_headline_fits_the_status() {
    let h = Harness::new();
    let delivery = Delivery {
        verdict: Verdict::Blocked,
        headline: &"very long headline\nwith lines ".repeat(20),
        comment_body: "x",
        summary: "",
        annotations: "",
    };
    let out = deliver(&h.client, &h.env, &delivery, false);
    assert!(out.status_set, "{out:?}");
    let description = h.fake.statuses(REPO, HEAD)[0].description.clone().unwrap();
    assert_eq!(description.chars().count(), 140);
    assert!(!description.contains('\n'));
}

#[test]
fn a_personal_token_finds_its_own_login() {
    let h = Harness::with(FakeGitHub::start(), |fake| {
        fake.add_user_token(TOKEN, "release-bot")
    });
    h.fake
        .seed_comment(REPO, PR, BOT, &body("someone else's bot"));
    h.deliver(Verdict::Pass, &body("pass"));
    h.deliver(Verdict::Pass, &body("pass again"));
    let comments = h.fake.comments(REPO, PR);
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0].body, body("someone else's bot"));
    assert_eq!(
        (comments[1].author.as_str(), comments[1].body.as_str()),
        ("release-bot", body("pass again").as_str())
    );
    assert_eq!(
        h.requests().len(),
        9,
        "5 for the run that creates, 4 for the next"
    );
}

#[test]
fn github_enterprise_base_url_with_a_path_prefix() {
    let h = Harness::with(FakeGitHub::start_with_prefix("/api/v3"), |fake| {
        fake.add_actions_token(TOKEN, true)
    });
    assert!(h.env.api_url.ends_with("/api/v3"));
    let out = h.deliver(Verdict::Pass, &body("pass"));
    assert!(out.failures.is_empty(), "{out:?}");
    assert_eq!(h.fake.comments(REPO, PR).len(), 1);
    assert!(
        h.fake
            .requests()
            .iter()
            .all(|r| r.full_path.starts_with("/api/v3/"))
    );
    h.requests();
}

#[test]
fn dry_run_sends_nothing() {
    let h = Harness::new();
    let delivery = Delivery {
        verdict: Verdict::NeedsApproval,
        headline: "",
        comment_body: "b",
        summary: "s",
        annotations: "a",
    };
    let out = deliver(&h.client, &h.env, &delivery, true);
    assert!(h.fake.requests().is_empty());
    assert!(out.plan.comment_body.starts_with(MARKER));
    assert_eq!(out.plan.status.state.as_str(), "pending");
    assert_eq!(out.plan.status.description, "barraiser: needs-approval");
    assert_eq!(out.plan.head_sha, HEAD);
    assert!(!out.summary_written && h.summary().is_empty());
}

#[test]
fn the_token_never_appears_in_output() {
    let h = Harness::new();
    let mut captured = Vec::new();
    // A good run, a bad token, an unreachable server: every output and error.
    let out = h.deliver(Verdict::Blocked, &body("blocked"));
    captured.push(format!(
        "{out:?} {} {:?} {:?}",
        serde_json::to_string(&out).unwrap(),
        h.env,
        h.client
    ));
    let bad = client_for(
        h.fake.url(),
        Token::new("ghp_UnknownToken0000000000000000"),
        &h.waits,
    );
    let out = deliver(
        &bad,
        &h.env,
        &Delivery {
            verdict: Verdict::Pass,
            headline: "",
            comment_body: "",
            summary: "",
            annotations: "",
        },
        false,
    );
    assert_eq!(out.failures[0].status(), Some(401));
    captured.push(format!("{out:?} {}", serde_json::to_string(&out).unwrap()));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let dead = client_for(&dead_url, Token::new(TOKEN), &h.waits);
    let err = dead.viewer_login().unwrap_err();
    captured.push(format!(
        "{err} {err:?} {:?}",
        std::error::Error::source(&err)
    ));
    let token = Token::new(TOKEN);
    captured.push(format!("{token} {token:?}"));
    let err = Client::new(
        Token::new(format!("{TOKEN}\nX")),
        ClientConfig::new("http://127.0.0.1:1"),
    )
    .unwrap_err();
    captured.push(format!("{err} {err:?}"));
    for text in &captured {
        assert!(
            !text.contains(TOKEN) && !text.contains("SuperSecret"),
            "token leaked: {text}"
        );
    }
    assert!(
        captured[2].contains("GET /user"),
        "errors name the request: {}",
        captured[2]
    );
    let auth = h.fake.requests()[0].authorization.clone();
    assert_eq!(
        auth.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the token is still sent to GitHub"
    );
}
