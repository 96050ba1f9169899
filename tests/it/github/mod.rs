//! The GitHub layer end to end against a local stateful fake: sticky comment, status,
//! retries, tokens, and every request checked against GitHub's OpenAPI description.
// Tests fail loudly on broken fixtures; unwrapping is how they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::contract;
use crate::support::fake_github;

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
        let env = fake_github::ci_env(
            REPO,
            fake.url(),
            TOKEN,
            dir.path(),
            &[("GITHUB_SHA", "3333333333333333333333333333333333333333")],
        );
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

mod api;
mod delivery;
mod paging;
mod retries;
