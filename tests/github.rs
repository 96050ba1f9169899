//! The GitHub layer end to end against a local stateful fake: sticky comment, status,
//! retries, tokens, and every request checked against GitHub's OpenAPI description.
// Tests fail loudly on broken fixtures; unwrapping is how they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "openapi/contract.rs"]
mod contract;
#[path = "support/fake_github.rs"]
mod fake_github;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use barraiser::Verdict;
use barraiser::github::{
    CiEnv, CiEnvError, Client, ClientConfig, Delivery, DeliveryOutcome, GitHub, MARKER,
    MAX_BODY_CHARS, NewReview, Repo, RetryPolicy, ReviewEvent, StickyAction, Token, deliver,
};
use fake_github::{FakeGitHub, FakePull, Fault, Recorded};
use tempfile::TempDir;

const REPO: &str = "acme/shop";
const PR: u64 = 7;
const TOKEN: &str = "ghs_SuperSecretToken0123456789abcdef";
const HEAD: &str = "1111111111111111111111111111111111111111";
const BASE: &str = "2222222222222222222222222222222222222222";
const BOT: &str = "github-actions[bot]";
const COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const STATUSES: &str = "/repos/{owner}/{repo}/statuses/{sha}";

/// A fake GitHub, a client pointed at it, and an Actions environment for PR 7.
struct Harness {
    fake: FakeGitHub,
    client: Client,
    env: CiEnv,
    waits: Arc<Mutex<Vec<Duration>>>,
    dir: TempDir,
}

impl Harness {
    fn new() -> Self {
        Self::with(FakeGitHub::start(), |fake| {
            fake.add_actions_token(TOKEN, true)
        })
    }

    fn with(fake: FakeGitHub, setup: impl FnOnce(&FakeGitHub)) -> Self {
        setup(&fake);
        let dir = tempfile::tempdir().unwrap();
        let event = serde_json::json!({ "action": "synchronize", "pull_request": {
            "number": PR, "user": { "login": "dana" },
            "base": { "ref": "main", "sha": BASE }, "head": { "ref": "feature", "sha": HEAD } } });
        let event_path = dir.path().join("event.json");
        std::fs::write(&event_path, event.to_string()).unwrap();
        let vars = HashMap::from([
            ("GITHUB_TOKEN", TOKEN.to_owned()),
            ("GITHUB_REPOSITORY", REPO.to_owned()),
            ("GITHUB_EVENT_PATH", event_path.display().to_string()),
            ("GITHUB_API_URL", fake.url().to_owned()),
            (
                "GITHUB_SHA",
                "3333333333333333333333333333333333333333".to_owned(),
            ),
            (
                "GITHUB_STEP_SUMMARY",
                dir.path().join("summary.md").display().to_string(),
            ),
            ("GITHUB_RUN_ID", "99".to_owned()),
        ]);
        let env = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap();
        let waits = Arc::new(Mutex::new(Vec::new()));
        let client = client_for(&env.api_url, env.require_token().unwrap().clone(), &waits);
        Self {
            fake,
            client,
            env,
            waits,
            dir,
        }
    }

    fn deliver(&self, verdict: Verdict, body: &str) -> DeliveryOutcome {
        let delivery = Delivery {
            verdict,
            headline: "2 blockers in changes/db.md",
            comment_body: body,
            summary: "## barraiser verdict\n",
            annotations: "::error file=changes/db.md,line=3::rollback-trigger\n",
        };
        deliver(&self.client, &self.env, &delivery, false)
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("summary.md")).unwrap_or_default()
    }

    fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap().clone()
    }

    /// Requests as `METHOD /path`, plus the contract and header checks every test ends with.
    fn requests(&self) -> Vec<String> {
        let requests = self.fake.requests();
        contract::assert_requests_match(&requests);
        assert_github_headers(&requests);
        requests
            .iter()
            .map(|r: &Recorded| format!("{} {}", r.method, r.path))
            .collect()
    }
}

/// GitHub's REST conventions: its media type, and a User-Agent naming the tool and its
/// version, exactly once on every request (octocrab's own User-Agent never goes out).
fn assert_github_headers(requests: &[Recorded]) {
    let agent = format!("barraiser/{}", env!("CARGO_PKG_VERSION"));
    for r in requests {
        assert_eq!(
            r.accept,
            ["application/vnd.github+json"],
            "{} {}",
            r.method,
            r.path
        );
        assert_eq!(r.user_agent, [agent.as_str()], "{} {}", r.method, r.path);
    }
}

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

/// Tiny backoffs and a sleeper that records instead of sleeping: no test waits on a clock.
fn client_for(api_url: &str, token: Token, waits: &Arc<Mutex<Vec<Duration>>>) -> Client {
    let mut config = ClientConfig::new(api_url);
    config.retry = RetryPolicy {
        max_attempts: 4,
        base_backoff: Duration::from_millis(1),
        max_wait: Duration::from_secs(60),
    };
    config.request_timeout = Duration::from_secs(20);
    let waits = Arc::clone(waits);
    Client::new(token, config)
        .unwrap()
        .with_sleeper(Arc::new(move |d| waits.lock().unwrap().push(d)))
}

fn body(text: &str) -> String {
    format!("{MARKER}\n### barraiser: {text}\n")
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
        4,
        "list, create, list again, create"
    );
    assert!(requests.len() <= 6, "{requests:?}");
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
    assert_eq!(h.requests().len(), 8, "4 per run");
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

#[test]
fn ci_env_reads_the_event_and_names_missing_variables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    std::fs::write(&path, r#"{"pull_request":{"number":3,"user":{"login":"dana"},"base":{"ref":"main","sha":"2222222222222222222222222222222222222222"},"head":{"ref":"f","sha":"1111111111111111111111111111111111111111"}}}"#).unwrap();
    let mut vars = HashMap::from([
        ("GH_TOKEN", TOKEN.to_owned()),
        ("GITHUB_REPOSITORY", REPO.to_owned()),
        ("GITHUB_EVENT_PATH", path.display().to_string()),
    ]);
    let env = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap();
    assert_eq!(
        (
            env.event.number,
            env.event.head_sha.as_str(),
            env.event.base_sha.as_str()
        ),
        (3, HEAD, BASE)
    );
    assert_eq!(
        (env.event.author.as_str(), env.event.base_ref.as_str()),
        ("dana", "main")
    );
    assert_eq!(env.api_url, "https://api.github.com");
    assert_eq!(env.require_token().unwrap().expose(), TOKEN);
    assert_eq!(env.repo, Repo::parse(REPO).unwrap());

    vars.remove("GITHUB_REPOSITORY");
    let err = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap_err();
    assert_eq!(err, CiEnvError::Missing("GITHUB_REPOSITORY"));
    assert!(err.to_string().contains("GITHUB_REPOSITORY"));

    vars.insert("GITHUB_REPOSITORY", REPO.to_owned());
    std::fs::write(&path, r#"{"ref":"refs/heads/main"}"#).unwrap();
    let err = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap_err();
    assert!(
        err.to_string().contains("GITHUB_EVENT_PATH") && err.to_string().contains("pull_request"),
        "{err}"
    );

    vars.remove("GH_TOKEN");
    std::fs::write(&path, r#"{"pull_request":{"number":3,"user":{"login":"d"},"base":{"ref":"m","sha":"2222222222222222222222222222222222222222"},"head":{"ref":"f","sha":"1111111111111111111111111111111111111111"}}}"#).unwrap();
    let env = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap();
    assert!(
        env.require_token()
            .unwrap_err()
            .to_string()
            .contains("GITHUB_TOKEN")
    );
}

#[test]
fn reviews_and_pull_requests_for_approvals() {
    let h = Harness::with(FakeGitHub::start(), |fake| {
        fake.add_user_token(TOKEN, "alice")
    });
    let pull = FakePull {
        number: PR,
        title: "Move orders DB".into(),
        author: "dana".into(),
        state: "open".into(),
        base_ref: "main".into(),
        base_sha: BASE.into(),
        head_sha: HEAD.into(),
        created_at: "2026-11-01T00:00:00Z".into(),
        merged_at: None,
        merge_commit_sha: None,
    };
    h.fake.add_pull(REPO, pull);
    for i in 0..120 {
        h.fake
            .seed_review(REPO, PR, "bob", "COMMENTED", &format!("note {i}"), BASE);
    }
    let repo = Repo::parse(REPO).unwrap();
    let got = h.client.get_pull(&repo, PR).unwrap();
    assert_eq!(
        (
            got.author.as_str(),
            got.head_sha.as_str(),
            got.base_ref.as_str()
        ),
        ("dana", HEAD, "main")
    );
    let review = h
        .client
        .create_review(
            &repo,
            PR,
            &NewReview {
                event: ReviewEvent::Approve,
                body: "approved blob abc",
                commit_id: Some(HEAD),
            },
        )
        .unwrap();
    assert_eq!(
        (
            review.state.as_str(),
            review.author.as_str(),
            review.commit_id.as_str()
        ),
        ("APPROVED", "alice", HEAD)
    );
    let reviews = h.client.list_reviews(&repo, PR).unwrap();
    assert_eq!(reviews.len(), 121);
    assert_eq!(reviews.last().unwrap().id, review.id);
    let missing = h.client.get_pull(&repo, 999).unwrap_err();
    assert_eq!(missing.status(), Some(404));
    assert!(
        missing
            .to_string()
            .starts_with(&format!("GET /repos/{REPO}/pulls/999: HTTP 404")),
        "{missing}"
    );
    h.requests();
}

#[test]
#[should_panic(expected = "no such operation")]
fn the_contract_rejects_octocrabs_post_to_update_a_comment() {
    let request = |method: &str, path: &str, body: &str| Recorded {
        method: method.into(),
        path: path.into(),
        full_path: path.into(),
        query: String::new(),
        body: body.into(),
        authorization: None,
        accept: Vec::new(),
        user_agent: Vec::new(),
    };
    contract::assert_requests_match(&[request(
        "POST",
        "/repos/o/r/issues/comments/5",
        r#"{"body":"x"}"#,
    )]);
}

#[test]
#[should_panic(expected = "is not one of")]
fn the_contract_validates_bodies_against_the_schema() {
    let request = Recorded {
        method: "POST".into(),
        path: format!("/repos/o/r/statuses/{HEAD}"),
        full_path: String::new(),
        query: String::new(),
        body: r#"{"state":"needs-approval","context":"barraiser"}"#.into(),
        authorization: None,
        accept: Vec::new(),
        user_agent: Vec::new(),
    };
    contract::assert_requests_match(&[request]);
}
