//! A stateful stand-in for the GitHub REST API on 127.0.0.1, for integration tests.
//!
//! It keeps comments, statuses, reviews and pull requests; maps tokens to logins; paginates
//! with `Link` headers; injects faults; and records every request for assertions.
// Not every test uses every part of the fake.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};

mod http;

/// Git objects behind the contents, commits and files routes (a separate file to keep this one short).
mod fake_git {
    include!("../fake_git.rs");
}

/// Who a token acts as and what it may do.
#[derive(Clone, Debug)]
pub struct TokenInfo {
    /// The login comments are authored as.
    pub login: String,
    /// An Actions installation token: `GET /user` is refused.
    pub installation: bool,
    /// Whether writes (comments, statuses, reviews) are allowed.
    pub can_write: bool,
}

/// A stored conversation comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeComment {
    pub id: u64,
    pub author: String,
    pub body: String,
    pub html_url: String,
}

/// A stored commit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeStatus {
    pub state: String,
    pub context: String,
    pub description: Option<String>,
    pub target_url: Option<String>,
    pub creator: String,
}

/// A stored review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeReview {
    pub id: u64,
    pub author: String,
    pub state: String,
    pub body: String,
    pub commit_id: String,
    pub submitted_at: String,
}

/// A pull request's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakePull {
    pub number: u64,
    pub title: String,
    pub author: String,
    pub state: String,
    pub base_ref: String,
    pub base_sha: String,
    pub head_sha: String,
    pub created_at: String,
    pub merged_at: Option<String>,
    pub merge_commit_sha: Option<String>,
}

/// A failure to inject in place of (or after) the normal handling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this 5xx without doing anything.
    ServerError(u16),
    /// Do the work, then answer 502 anyway (the write happened, the client cannot tell).
    ServerErrorAfterApply,
    /// 403 "secondary rate limit" with `retry-after`.
    SecondaryRateLimit { retry_after: u64 },
    /// 403 "Resource not accessible by integration", as for a fork's read-only token.
    ReadOnly,
    /// 403 with `x-ratelimit-remaining: 0` and a reset this many seconds ahead.
    RateLimitExhausted { reset_in: u64 },
    /// Do the work, then hold the answer this long (past the client's timeout).
    SlowAfterApply { millis: u64 },
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path without the API prefix (e.g. without `/api/v3`) and without the query.
    pub path: String,
    /// Path as received, prefix included.
    pub full_path: String,
    pub query: String,
    pub body: String,
    pub authorization: Option<String>,
    /// Every `Accept` header value sent (one expected).
    pub accept: Vec<String>,
    /// Every `User-Agent` header value sent (one expected).
    pub user_agent: Vec<String>,
    /// When it arrived.
    pub at: std::time::Instant,
}

struct FaultRule {
    method: String,
    template: String,
    remaining: usize,
    fault: Fault,
}

#[derive(Default)]
struct State {
    prefix: String,
    base_url: String,
    tokens: HashMap<String, TokenInfo>,
    next_id: u64,
    comments: BTreeMap<(String, u64), Vec<FakeComment>>,
    statuses: BTreeMap<(String, String), Vec<FakeStatus>>,
    reviews: BTreeMap<(String, u64), Vec<FakeReview>>,
    pulls: BTreeMap<(String, u64), FakePull>,
    /// Git repositories whose objects back the contents, commits and files routes.
    gits: HashMap<String, std::path::PathBuf>,
    faults: Vec<FaultRule>,
    requests: Vec<Recorded>,
    /// What the handlers in `more.rs` add (see `More`).
    more: More,
    /// Teams and requested reviewers (`dept.rs`).
    dept: dept::Dept,
    /// How long every answer takes, as over a real network.
    latency: Option<std::time::Duration>,
    /// Requests being answered now, and the most there ever were at once.
    in_flight: usize,
    peak_in_flight: usize,
}

/// Route templates the fake serves, spelled as in GitHub's OpenAPI description.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/user"),
    (
        "GET",
        "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ),
    (
        "POST",
        "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ),
    (
        "PATCH",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ),
    ("POST", "/repos/{owner}/{repo}/statuses/{sha}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
    ("GET", "/repos/{owner}/{repo}/pulls"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"),
];

/// Matches `path` against a `{param}` template, returning the parameters in order.
/// A final `{path}` parameter takes the rest of the path, slashes included, as GitHub's does.
pub fn match_template(template: &str, path: &str) -> Option<Vec<String>> {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let mut p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.last() == Some(&"{path}") && p.len() > t.len() {
        let rest = p.split_off(t.len() - 1).join("/");
        let mut params = match_template(&t[..t.len() - 1].join("/"), &p.join("/"))?;
        params.push(rest);
        return Some(params);
    }
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (ts, ps) in t.iter().zip(&p) {
        if ts.starts_with('{') && ts.ends_with('}') {
            if ps.is_empty() {
                return None;
            }
            params.push((*ps).to_owned());
        } else if ts != ps {
            return None;
        }
    }
    Some(params)
}

/// The running fake. Stops when dropped.
pub struct FakeGitHub {
    state: Arc<Mutex<State>>,
    /// Answers on its own threads, one per connection; stops when dropped.
    server: http::Server,
    url: String,
}

impl FakeGitHub {
    /// Starts a fake serving the API at the root, like `https://api.github.com`.
    pub fn start() -> Self {
        Self::start_with_prefix("")
    }

    /// Starts a fake serving the API under `prefix`, like GitHub Enterprise's `/api/v3`.
    pub fn start_with_prefix(prefix: &str) -> Self {
        let state = Arc::new(Mutex::new(State {
            next_id: 1000,
            ..State::default()
        }));
        let st = Arc::clone(&state);
        let server = http::Server::start(Arc::new(move |request| serve(&st, request)));
        let prefix = prefix.trim_end_matches('/').to_owned();
        let url = format!("http://127.0.0.1:{}{prefix}", server.port());
        {
            let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
            st.prefix = prefix;
            st.base_url = url.clone();
        }
        Self { state, server, url }
    }

    /// The API root to hand to the client (`GITHUB_API_URL`).
    pub fn url(&self) -> &str {
        &self.url
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes every answer take `latency`, as over a real network.
    pub fn set_latency(&self, latency: std::time::Duration) {
        self.state().latency = Some(latency);
    }

    /// The most requests that were being answered at once.
    pub fn peak_in_flight(&self) -> usize {
        self.state().peak_in_flight
    }

    /// Registers a token.
    pub fn add_token(&self, token: &str, info: TokenInfo) {
        self.state().tokens.insert(token.to_owned(), info);
    }

    /// A personal token for `login` that may write.
    pub fn add_user_token(&self, token: &str, login: &str) {
        self.add_token(
            token,
            TokenInfo {
                login: login.into(),
                installation: false,
                can_write: true,
            },
        );
    }

    /// The Actions `GITHUB_TOKEN`: acts as `github-actions[bot]`, refused on `GET /user`.
    pub fn add_actions_token(&self, token: &str, can_write: bool) {
        self.add_token(
            token,
            TokenInfo {
                login: "github-actions[bot]".into(),
                installation: true,
                can_write,
            },
        );
    }

    /// Adds a pull request.
    pub fn add_pull(&self, repo: &str, pull: FakePull) {
        self.state()
            .pulls
            .insert((repo.to_owned(), pull.number), pull);
    }

    /// Serves `repo`'s contents, commits and pull-request files from the git repository at `dir`.
    pub fn add_git(&self, repo: &str, dir: &std::path::Path) {
        self.state().gits.insert(repo.to_owned(), dir.to_owned());
    }

    /// A pull request's current data.
    pub fn pull(&self, repo: &str, pr: u64) -> Option<FakePull> {
        self.state().pulls.get(&(repo.to_owned(), pr)).cloned()
    }

    /// Moves a pull request's head, as a push does.
    pub fn set_head(&self, repo: &str, pr: u64, head_sha: &str) {
        if let Some(p) = self.state().pulls.get_mut(&(repo.to_owned(), pr)) {
            p.head_sha = head_sha.to_owned();
        }
    }

    /// Merges a pull request: closed, with a merge time and commit.
    pub fn merge(&self, repo: &str, pr: u64, merged_at: &str, merge_sha: &str) {
        if let Some(p) = self.state().pulls.get_mut(&(repo.to_owned(), pr)) {
            p.state = "closed".into();
            p.merged_at = Some(merged_at.to_owned());
            p.merge_commit_sha = Some(merge_sha.to_owned());
        }
    }

    /// Adds an existing comment and returns its id.
    pub fn seed_comment(&self, repo: &str, pr: u64, author: &str, body: &str) -> u64 {
        let mut st = self.state();
        st.new_comment(repo, pr, author, body).id
    }

    /// Adds an existing review and returns its id.
    pub fn seed_review(
        &self,
        repo: &str,
        pr: u64,
        author: &str,
        state: &str,
        body: &str,
        commit_id: &str,
    ) -> u64 {
        let mut st = self.state();
        st.next_id += 1;
        let at = timestamp(st.next_id);
        drop(st);
        self.seed_review_at(repo, pr, author, state, body, commit_id, &at)
    }

    /// Adds an existing review submitted at `submitted_at` and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn seed_review_at(
        &self,
        repo: &str,
        pr: u64,
        author: &str,
        state: &str,
        body: &str,
        commit_id: &str,
        submitted_at: &str,
    ) -> u64 {
        let mut st = self.state();
        st.next_id += 1;
        let id = st.next_id;
        let review = FakeReview {
            id,
            author: author.into(),
            state: state.into(),
            body: body.into(),
            commit_id: commit_id.into(),
            submitted_at: submitted_at.into(),
        };
        st.reviews
            .entry((repo.to_owned(), pr))
            .or_default()
            .push(review);
        id
    }

    /// The comments on a pull request, oldest first.
    pub fn comments(&self, repo: &str, pr: u64) -> Vec<FakeComment> {
        self.state()
            .comments
            .get(&(repo.to_owned(), pr))
            .cloned()
            .unwrap_or_default()
    }

    /// The statuses on a commit, oldest first.
    pub fn statuses(&self, repo: &str, sha: &str) -> Vec<FakeStatus> {
        self.state()
            .statuses
            .get(&(repo.to_owned(), sha.to_owned()))
            .cloned()
            .unwrap_or_default()
    }

    /// The reviews on a pull request, oldest first.
    pub fn reviews(&self, repo: &str, pr: u64) -> Vec<FakeReview> {
        self.state()
            .reviews
            .get(&(repo.to_owned(), pr))
            .cloned()
            .unwrap_or_default()
    }

    /// Makes the next `times` requests matching `method` and route `template` fail with `fault`.
    pub fn fail_next(&self, method: &str, template: &str, times: usize, fault: Fault) {
        self.state().faults.push(FaultRule {
            method: method.into(),
            template: template.into(),
            remaining: times,
            fault,
        });
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state().requests.clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }
}

/// Deterministic RFC 3339 times, one second apart per id.
fn timestamp(id: u64) -> String {
    let secs = 1_790_000_000 + i64::try_from(id).unwrap_or(0);
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

struct Reply {
    status: u16,
    body: Value,
    headers: Vec<(String, String)>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        headers: Vec::new(),
    }
}

fn message(status: u16, text: &str) -> Reply {
    reply(
        status,
        json!({ "message": text, "documentation_url": "https://docs.github.com/rest" }),
    )
}

fn serve(state: &Mutex<State>, request: http::Request) -> http::Answer {
    let body = request.body.clone();
    let url = request.url.clone();
    let (full_path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = request.method.clone();
    let authorization = request.all("authorization").into_iter().next();
    let (accept, user_agent) = (request.all("accept"), request.all("user-agent"));
    let latency = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        st.in_flight += 1;
        st.peak_in_flight = st.peak_in_flight.max(st.in_flight);
        st.latency
    };
    if let Some(wait) = latency {
        std::thread::sleep(wait);
    }
    let delay;
    let out = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        let path = full_path
            .strip_prefix(st.prefix.as_str())
            .unwrap_or(full_path)
            .to_owned();
        st.requests.push(Recorded {
            method: method.clone(),
            path: path.clone(),
            full_path: full_path.to_owned(),
            query: query.to_owned(),
            body: body.clone(),
            authorization: authorization.clone(),
            accept,
            user_agent,
            at: std::time::Instant::now(),
        });
        let out = st.handle(&method, &path, query, &body, authorization.as_deref());
        delay = st.more.delay.take();
        out
    };
    if let Some(wait) = delay {
        std::thread::sleep(wait);
    }
    state.lock().unwrap_or_else(|e| e.into_inner()).in_flight -= 1;
    // 204 No Content has no body at all.
    let text = if out.status == 204 {
        String::new()
    } else {
        out.body.to_string()
    };
    let mut headers = out.headers;
    headers.push((
        "content-type".into(),
        "application/json; charset=utf-8".into(),
    ));
    http::Answer {
        status: out.status,
        headers,
        body: text,
    }
}

fn query_text(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| percent_decode(v))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%'
            && let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_param(query: &str, name: &str) -> Option<u64> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| v.parse().ok())
}

mod dept;
mod more;
mod state;

pub use more::*;

/// The `ci` environment of a `synchronize` event on pull request 7 of `repo` (opened
/// by `dana`, head `1111…`, base `2222…`), pointed at `api_url`, with the event and the
/// job summary written into `dir`; `extra` adds or overrides variables.
pub fn ci_env(
    repo: &str,
    api_url: &str,
    token: &str,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> barraiser::github::CiEnv {
    let event = serde_json::json!({ "action": "synchronize", "pull_request": {
        "number": 7, "user": { "login": "dana" },
        "base": { "ref": "main", "sha": "2222222222222222222222222222222222222222" },
        "head": { "ref": "feature", "sha": "1111111111111111111111111111111111111111" } } });
    let event_path = dir.join("event.json");
    std::fs::write(&event_path, event.to_string()).unwrap();
    let mut vars: std::collections::HashMap<&str, String> = std::collections::HashMap::from([
        ("GITHUB_TOKEN", token.to_owned()),
        ("GITHUB_REPOSITORY", repo.to_owned()),
        ("GITHUB_EVENT_PATH", event_path.display().to_string()),
        ("GITHUB_API_URL", api_url.to_owned()),
        (
            "GITHUB_STEP_SUMMARY",
            dir.join("summary.md").display().to_string(),
        ),
        ("GITHUB_RUN_ID", "99".to_owned()),
    ]);
    for (k, v) in extra {
        vars.insert(k, (*v).to_owned());
    }
    barraiser::github::CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap()
}
