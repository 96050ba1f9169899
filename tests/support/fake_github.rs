//! A stateful stand-in for the GitHub REST API on 127.0.0.1, for integration tests.
//!
//! It keeps comments, statuses, reviews and pull requests; maps tokens to logins; paginates
//! with `Link` headers; injects faults; and records every request for assertions.
//! Include it with `#[path = "support/fake_github.rs"] mod fake_github;`.
// Each test binary uses a different part of the fake.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use serde_json::{Value, json};
use tiny_http::{Header, Response, Server};

/// Git objects behind the contents, commits and files routes (a separate file to keep this one short).
mod fake_git {
    include!("fake_git.rs");
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
    /// What the handlers at the end of this file add (see `More`).
    more: More,
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
    ("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}"),
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
    server: Arc<Server>,
    state: Arc<Mutex<State>>,
    thread: Option<JoinHandle<()>>,
    url: String,
}

impl FakeGitHub {
    /// Starts a fake serving the API at the root, like `https://api.github.com`.
    pub fn start() -> Self {
        Self::start_with_prefix("")
    }

    /// Starts a fake serving the API under `prefix`, like GitHub Enterprise's `/api/v3`.
    pub fn start_with_prefix(prefix: &str) -> Self {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let prefix = prefix.trim_end_matches('/').to_owned();
        let url = format!("http://127.0.0.1:{port}{prefix}");
        let state = Arc::new(Mutex::new(State {
            prefix,
            base_url: url.clone(),
            next_id: 1000,
            ..State::default()
        }));
        let (srv, st) = (Arc::clone(&server), Arc::clone(&state));
        let thread = std::thread::spawn(move || {
            while let Ok(request) = srv.recv() {
                serve(&st, request);
            }
        });
        Self {
            server,
            state,
            thread: Some(thread),
            url,
        }
    }

    /// The API root to hand to the client (`GITHUB_API_URL`).
    pub fn url(&self) -> &str {
        &self.url
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
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

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
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

fn serve(state: &Mutex<State>, mut request: tiny_http::Request) {
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let url = request.url().to_owned();
    let (full_path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = request.method().as_str().to_owned();
    let authorization = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("authorization"))
        .map(|h| h.value.as_str().to_owned());
    let all = |name: &'static str| -> Vec<String> {
        request
            .headers()
            .iter()
            .filter(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_owned())
            .collect()
    };
    let (accept, user_agent) = (all("accept"), all("user-agent"));
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
        });
        let out = st.handle(&method, &path, query, &body, authorization.as_deref());
        delay = st.more.delay.take();
        out
    };
    if let Some(wait) = delay {
        std::thread::sleep(wait);
    }
    // 204 No Content has no body at all.
    let text = if out.status == 204 {
        String::new()
    } else {
        out.body.to_string()
    };
    let mut response = Response::from_string(text).with_status_code(out.status);
    let mut headers = out.headers;
    headers.push((
        "content-type".into(),
        "application/json; charset=utf-8".into(),
    ));
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
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

impl State {
    fn new_comment(&mut self, repo: &str, pr: u64, author: &str, body: &str) -> FakeComment {
        self.next_id += 1;
        let id = self.next_id;
        let comment = FakeComment {
            id,
            author: author.into(),
            body: body.into(),
            html_url: format!("https://github.com/{repo}/pull/{pr}#issuecomment-{id}"),
        };
        self.comments
            .entry((repo.to_owned(), pr))
            .or_default()
            .push(comment.clone());
        comment
    }

    fn take_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let rule = self.faults.iter_mut().find(|r| {
            r.remaining > 0 && r.method == method && match_template(&r.template, path).is_some()
        })?;
        rule.remaining -= 1;
        Some(rule.fault.clone())
    }

    fn handle(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        auth: Option<&str>,
    ) -> Reply {
        let token = auth.and_then(|a| {
            a.strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("token "))
        });
        let Some(who) = token.and_then(|t| self.tokens.get(t)).cloned() else {
            return message(401, "Bad credentials");
        };
        let fault = self.take_fault(method, path);
        match fault {
            Some(Fault::ServerError(code)) => return message(code, "Server Error"),
            Some(Fault::SecondaryRateLimit { retry_after }) => {
                let mut r = message(
                    403,
                    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                );
                r.headers
                    .push(("retry-after".into(), retry_after.to_string()));
                return r;
            }
            Some(Fault::ReadOnly) => return message(403, "Resource not accessible by integration"),
            Some(Fault::RateLimitExhausted { reset_in }) => {
                let now = jiff::Timestamp::now().as_second();
                let mut r = message(403, "API rate limit exceeded");
                r.headers.push(("x-ratelimit-remaining".into(), "0".into()));
                r.headers.push((
                    "x-ratelimit-reset".into(),
                    (now + i64::try_from(reset_in).unwrap_or(0)).to_string(),
                ));
                return r;
            }
            Some(Fault::ServerErrorAfterApply | Fault::SlowAfterApply { .. }) | None => {}
        }
        if let Some(Fault::SlowAfterApply { millis }) = fault {
            self.more.delay = Some(std::time::Duration::from_millis(millis));
        }
        let result = self.route_more(method, path, query, body, &who, token);
        if fault == Some(Fault::ServerErrorAfterApply) {
            message(502, "Bad Gateway")
        } else {
            result
        }
    }

    fn route(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        who: &TokenInfo,
    ) -> Reply {
        let Some((template, params)) = ROUTES
            .iter()
            .filter(|(m, _)| *m == method)
            .find_map(|(_, t)| match_template(t, path).map(|p| (*t, p)))
        else {
            return message(404, "Not Found");
        };
        let input: Value = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or(Value::Null)
        };
        let repo = if params.len() >= 2 {
            format!("{}/{}", params[0], params[1])
        } else {
            String::new()
        };
        if method != "GET" && !who.can_write {
            return message(403, "Resource not accessible by integration");
        }
        match (method, template) {
            ("GET", "/user") if who.installation => {
                message(403, "Resource not accessible by integration")
            }
            ("GET", "/user") => reply(200, json!({ "login": who.login, "id": 1, "type": "User" })),
            ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let items: Vec<Value> = self
                    .comments
                    .get(&(repo.clone(), pr))
                    .into_iter()
                    .flatten()
                    .map(|c| comment_json(c, &repo, pr))
                    .collect();
                self.page(path, query, items)
            }
            ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let Some(text) = input.get("body").and_then(Value::as_str) else {
                    return message(422, "Invalid request. \"body\" wasn't supplied.");
                };
                if text.chars().count() > 65_536 {
                    return message(
                        422,
                        "Validation Failed: body is too long (maximum is 65536 characters)",
                    );
                }
                let c = self.new_comment(&repo, pr, &who.login, text);
                reply(201, comment_json(&c, &repo, pr))
            }
            ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}") => {
                let Some(id) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let Some(text) = input.get("body").and_then(Value::as_str).map(str::to_owned)
                else {
                    return message(422, "Invalid request. \"body\" wasn't supplied.");
                };
                if text.chars().count() > 65_536 {
                    return message(
                        422,
                        "Validation Failed: body is too long (maximum is 65536 characters)",
                    );
                }
                // Like GitHub, a token with write access may edit anyone's comment.
                for ((r, pr), list) in self.comments.iter_mut() {
                    if *r != repo {
                        continue;
                    }
                    if let Some(c) = list.iter_mut().find(|c| c.id == id) {
                        c.body = text;
                        let (c, pr) = (c.clone(), *pr);
                        return reply(200, comment_json(&c, &repo, pr));
                    }
                }
                message(404, "Not Found")
            }
            ("POST", "/repos/{owner}/{repo}/statuses/{sha}") => {
                let state = input
                    .get("state")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if !["error", "failure", "pending", "success"].contains(&state.as_str()) {
                    return message(422, "Validation Failed: state is invalid");
                }
                let description = input
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if description
                    .as_ref()
                    .is_some_and(|d| d.chars().count() > 140)
                {
                    return message(
                        422,
                        "Validation Failed: description is too long (maximum is 140 characters)",
                    );
                }
                let status = FakeStatus {
                    state,
                    context: input
                        .get("context")
                        .and_then(Value::as_str)
                        .unwrap_or("default")
                        .to_owned(),
                    description,
                    target_url: input
                        .get("target_url")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    creator: who.login.clone(),
                };
                let reply_body = json!({
                    "id": 1, "state": status.state, "context": status.context,
                    "description": status.description, "target_url": status.target_url,
                    "creator": { "login": who.login, "id": 1, "type": "User" },
                });
                self.statuses
                    .entry((repo, params[2].clone()))
                    .or_default()
                    .push(status);
                reply(201, reply_body)
            }
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}") => {
                let pull = params[2]
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| self.pulls.get(&(repo.clone(), n)));
                match pull {
                    Some(p) => reply(200, pull_json(p, &repo)),
                    None => message(404, "Not Found"),
                }
            }
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let items: Vec<Value> = self
                    .reviews
                    .get(&(repo.clone(), pr))
                    .into_iter()
                    .flatten()
                    .map(|r| review_json(r, &repo, pr))
                    .collect();
                self.page(path, query, items)
            }
            ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews") => {
                self.create_review(&repo, &params[2], &input, who)
            }
            ("GET", "/repos/{owner}/{repo}/pulls") => self.list_pulls(&repo, path, query),
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files") => {
                let Some(pull) = params[2]
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| self.pulls.get(&(repo.clone(), n)))
                    .cloned()
                else {
                    return message(404, "Not Found");
                };
                match self.gits.get(&repo) {
                    Some(dir) => match fake_git::pull_files(dir, &pull.base_sha, &pull.head_sha) {
                        Some(items) => self.page(path, query, items),
                        None => message(404, "Not Found"),
                    },
                    None => message(404, "Not Found"),
                }
            }
            ("GET", "/repos/{owner}/{repo}/contents/{path}") => match self.gits.get(&repo) {
                Some(dir) => {
                    let rev = query_text(query, "ref").unwrap_or_else(|| "HEAD".into());
                    let file = percent_decode(&params[2]);
                    match fake_git::contents(dir, &repo, &rev, &file) {
                        Some(v) => reply(200, v),
                        None => message(404, "Not Found"),
                    }
                }
                None => message(404, "Not Found"),
            },
            ("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}") => {
                match self
                    .gits
                    .get(&repo)
                    .and_then(|d| fake_git::commit(d, &params[2]))
                {
                    Some(v) => reply(200, v),
                    None => message(404, "Not Found"),
                }
            }
            _ => message(404, "Not Found"),
        }
    }

    fn create_review(&mut self, repo: &str, number: &str, input: &Value, who: &TokenInfo) -> Reply {
        let Some(pull) = number
            .parse::<u64>()
            .ok()
            .and_then(|n| self.pulls.get(&(repo.to_owned(), n)))
            .cloned()
        else {
            return message(404, "Not Found");
        };
        let body = input
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let state = match input.get("event").and_then(Value::as_str) {
            Some("APPROVE") => "APPROVED",
            Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
            Some("COMMENT") => "COMMENTED",
            _ => "PENDING",
        };
        if pull.author == who.login && state != "COMMENTED" && state != "PENDING" {
            return message(
                422,
                "Unprocessable Entity: Can not approve your own pull request",
            );
        }
        if matches!(state, "CHANGES_REQUESTED" | "COMMENTED") && body.is_empty() {
            return message(422, "Unprocessable Entity: body is required");
        }
        let commit_id = input
            .get("commit_id")
            .and_then(Value::as_str)
            .unwrap_or(&pull.head_sha)
            .to_owned();
        self.next_id += 1;
        let id = self.next_id;
        let review = FakeReview {
            id,
            author: who.login.clone(),
            state: state.into(),
            body,
            commit_id,
            submitted_at: timestamp(id),
        };
        self.reviews
            .entry((repo.to_owned(), pull.number))
            .or_default()
            .push(review.clone());
        reply(200, review_json(&review, repo, pull.number))
    }

    fn list_pulls(&self, repo: &str, path: &str, query: &str) -> Reply {
        let state = query_text(query, "state").unwrap_or_else(|| "open".into());
        let mut pulls: Vec<&FakePull> = self
            .pulls
            .iter()
            .filter(|((r, _), p)| r == repo && (state == "all" || p.state == state))
            .map(|(_, p)| p)
            .collect();
        let updated = |p: &FakePull| p.merged_at.clone().unwrap_or_else(|| p.created_at.clone());
        match query_text(query, "sort").as_deref() {
            Some("updated") => pulls.sort_by_key(|p| updated(p)),
            _ => pulls.sort_by_key(|p| (p.created_at.clone(), p.number)),
        }
        if query_text(query, "direction").as_deref() == Some("desc") {
            pulls.reverse();
        }
        let items = pulls.into_iter().map(|p| pull_json(p, repo)).collect();
        self.page(path, query, items)
    }

    /// Slices `items` as GitHub does: `per_page` (default 30, max 100), `page` from 1, `Link` header.
    fn page(&self, path: &str, query: &str, items: Vec<Value>) -> Reply {
        let per_page = query_param(query, "per_page").unwrap_or(30).clamp(1, 100);
        let page = query_param(query, "page").unwrap_or(1).max(1);
        let total = u64::try_from(items.len()).unwrap_or(0);
        let last = total.div_ceil(per_page).max(1);
        let start = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
        let slice: Vec<Value> = items
            .into_iter()
            .skip(start)
            .take(usize::try_from(per_page).unwrap_or(100))
            .collect();
        let mut r = reply(200, Value::Array(slice));
        let link = |p: u64, rel: &str| {
            format!(
                "<{}{path}?per_page={per_page}&page={p}>; rel=\"{rel}\"",
                self.base_url
            )
        };
        let mut links = Vec::new();
        if page < last {
            links.push(link(page + 1, "next"));
            links.push(link(last, "last"));
        }
        if page > 1 {
            links.push(link(1, "first"));
            links.push(link(page - 1, "prev"));
        }
        if !links.is_empty() {
            r.headers.push(("link".into(), links.join(", ")));
        }
        r
    }
}

fn comment_json(c: &FakeComment, repo: &str, pr: u64) -> Value {
    json!({
        "id": c.id,
        "node_id": format!("IC_{}", c.id),
        "url": format!("https://api.github.com/repos/{repo}/issues/comments/{}", c.id),
        "html_url": c.html_url,
        "issue_url": format!("https://api.github.com/repos/{repo}/issues/{pr}"),
        "body": c.body,
        "user": { "login": c.author, "id": 1, "type": if c.author.ends_with("[bot]") { "Bot" } else { "User" } },
        // A bot account comments through its app, and GitHub says which.
        "performed_via_github_app": c.author.strip_suffix("[bot]").map(app_json),
        "created_at": timestamp(c.id),
        "updated_at": timestamp(c.id),
        "author_association": "NONE",
    })
}

fn review_json(r: &FakeReview, repo: &str, pr: u64) -> Value {
    json!({
        "id": r.id,
        "node_id": format!("PRR_{}", r.id),
        "user": { "login": r.author, "id": 1, "type": "User" },
        "body": r.body,
        "state": r.state,
        "commit_id": r.commit_id,
        "submitted_at": r.submitted_at,
        "html_url": format!("https://github.com/{repo}/pull/{pr}#pullrequestreview-{}", r.id),
        "author_association": "MEMBER",
    })
}

fn pull_json(p: &FakePull, repo: &str) -> Value {
    json!({
        "number": p.number,
        "title": p.title,
        "user": { "login": p.author, "id": 1, "type": "User" },
        "state": p.state,
        "draft": false,
        "base": { "ref": p.base_ref, "sha": p.base_sha },
        "head": { "ref": format!("pr-{}", p.number), "sha": p.head_sha },
        "html_url": format!("https://github.com/{repo}/pull/{}", p.number),
        "created_at": p.created_at,
        "updated_at": p.merged_at.clone().unwrap_or_else(|| p.created_at.clone()),
        "merged_at": p.merged_at,
        "merge_commit_sha": p.merge_commit_sha,
    })
}

// ---------------------------------------------------------------------------------------
// Added for the gate's GitHub behaviour (tests/gate_github.rs): deleting comments, check
// runs, GitHub App tokens, lists that lag behind writes, racing runs, and GitHub's cap of
// 3,000 files per pull request.

/// GitHub lists at most this many files of a pull request.
pub const MAX_PULL_FILES: usize = 3_000;

/// Routes served by `route_more`, spelled as in GitHub's OpenAPI description.
pub const MORE_ROUTES: &[(&str, &str)] = &[
    (
        "DELETE",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ),
    ("POST", "/repos/{owner}/{repo}/check-runs"),
];

/// A stored check run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeCheckRun {
    pub name: String,
    pub head_sha: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub title: String,
    pub summary: String,
    pub details_url: Option<String>,
    /// The app that created it (its slug).
    pub app: String,
}

#[derive(Default)]
struct More {
    /// Tokens whose `GET /user` answers 404 rather than 403.
    user_not_found: std::collections::HashSet<String>,
    /// Comments created from now on stay out of this many comment lists each.
    list_lag: usize,
    /// Comment id -> lists it still stays out of.
    hidden: HashMap<u64, usize>,
    /// Posted, as by another run, just before the next comment create is applied.
    race: Option<(String, String)>,
    /// How long `serve` holds the current answer.
    delay: Option<std::time::Duration>,
    check_runs: BTreeMap<(String, String), Vec<FakeCheckRun>>,
}

fn app_json(slug: &str) -> Value {
    json!({ "id": 1, "slug": slug, "name": slug, "owner": { "login": "acme", "id": 1 } })
}

impl FakeGitHub {
    /// A GitHub App installation token of app `slug`: comments as `<slug>[bot]`, and its
    /// `GET /user` is refused with `user_status` (403 or 404, as GitHub answers).
    pub fn add_app_token(&self, token: &str, slug: &str, user_status: u16) {
        self.add_token(
            token,
            TokenInfo {
                login: format!("{slug}[bot]"),
                installation: true,
                can_write: true,
            },
        );
        if user_status == 404 {
            self.state().more.user_not_found.insert(token.to_owned());
        }
    }

    /// Each comment created from now on stays out of the next `lists` comment lists, as
    /// when GitHub answers a read from a replica that has not caught up with a write.
    pub fn lag_comment_lists(&self, lists: usize) {
        self.state().more.list_lag = lists;
    }

    /// Just before the next comment create is applied, `author` posts `body`: another
    /// run of the same job, racing this one.
    pub fn race_next_comment(&self, author: &str, body: &str) {
        self.state().more.race = Some((author.to_owned(), body.to_owned()));
    }

    /// The check runs on a commit, oldest first.
    pub fn check_runs(&self, repo: &str, sha: &str) -> Vec<FakeCheckRun> {
        self.state()
            .more
            .check_runs
            .get(&(repo.to_owned(), sha.to_owned()))
            .cloned()
            .unwrap_or_default()
    }
}

impl State {
    /// The added routes and behaviours, then the original ones.
    fn route_more(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        who: &TokenInfo,
        token: Option<&str>,
    ) -> Reply {
        let found = MORE_ROUTES
            .iter()
            .filter(|(m, _)| *m == method)
            .find_map(|(_, t)| match_template(t, path).map(|p| (*t, p)));
        if let Some((template, params)) = found {
            if !who.can_write {
                return message(403, "Resource not accessible by integration");
            }
            let repo = format!("{}/{}", params[0], params[1]);
            return match template {
                "/repos/{owner}/{repo}/check-runs" => self.create_check_run(&repo, body, who),
                _ => self.delete_comment(&repo, &params[2]),
            };
        }
        if method == "GET"
            && path == "/user"
            && token.is_some_and(|t| self.more.user_not_found.contains(t))
        {
            return message(404, "Not Found");
        }
        let comments = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
        let files = "/repos/{owner}/{repo}/pulls/{pull_number}/files";
        let pull = "/repos/{owner}/{repo}/pulls/{pull_number}";
        if method == "GET"
            && let Some(params) = match_template(comments, path)
        {
            return self.list_comments_lagging(&params, path, query);
        }
        if method == "POST" && match_template(comments, path).is_some() {
            if let (Some((author, text)), Some(params)) =
                (self.more.race.take(), match_template(comments, path))
            {
                let repo = format!("{}/{}", params[0], params[1]);
                if let Ok(pr) = params[2].parse::<u64>() {
                    self.new_comment(&repo, pr, &author, &text);
                }
            }
            let out = self.route(method, path, query, body, who);
            if self.more.list_lag > 0
                && let Some(id) = out.body.get("id").and_then(Value::as_u64)
            {
                self.more.hidden.insert(id, self.more.list_lag);
            }
            return out;
        }
        if method == "GET"
            && let Some(params) = match_template(files, path)
        {
            let repo = format!("{}/{}", params[0], params[1]);
            return match self.pull_files_of(&repo, &params[2]) {
                Some(mut items) => {
                    items.truncate(MAX_PULL_FILES);
                    self.page(path, query, items)
                }
                None => message(404, "Not Found"),
            };
        }
        let mut out = self.route(method, path, query, body, who);
        if method == "GET"
            && out.status == 200
            && let Some(params) = match_template(pull, path)
        {
            let repo = format!("{}/{}", params[0], params[1]);
            if let Some(items) = self.pull_files_of(&repo, &params[2]) {
                out.body["changed_files"] = json!(items.len());
            }
        }
        out
    }

    fn pull_files_of(&self, repo: &str, number: &str) -> Option<Vec<Value>> {
        let pull = self.pulls.get(&(repo.to_owned(), number.parse().ok()?))?;
        fake_git::pull_files(self.gits.get(repo)?, &pull.base_sha, &pull.head_sha)
    }

    fn list_comments_lagging(&mut self, params: &[String], path: &str, query: &str) -> Reply {
        let repo = format!("{}/{}", params[0], params[1]);
        let Some(pr) = params[2].parse::<u64>().ok() else {
            return message(404, "Not Found");
        };
        let hidden = &mut self.more.hidden;
        let items: Vec<Value> = self
            .comments
            .get(&(repo.clone(), pr))
            .into_iter()
            .flatten()
            .filter(|c| match hidden.get_mut(&c.id) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|c| comment_json(c, &repo, pr))
            .collect();
        self.page(path, query, items)
    }

    fn delete_comment(&mut self, repo: &str, id: &str) -> Reply {
        let Some(id) = id.parse::<u64>().ok() else {
            return message(404, "Not Found");
        };
        for ((r, _), list) in self.comments.iter_mut() {
            if r == repo
                && let Some(at) = list.iter().position(|c| c.id == id)
            {
                list.remove(at);
                return reply(204, Value::Null);
            }
        }
        message(404, "Not Found")
    }

    /// `POST /repos/{o}/{r}/check-runs`: only GitHub Apps may create check runs.
    fn create_check_run(&mut self, repo: &str, body: &str, who: &TokenInfo) -> Reply {
        let Some(app) = who.login.strip_suffix("[bot]").filter(|_| who.installation) else {
            return message(403, "You must authenticate via a GitHub App.");
        };
        let input: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let (Some(name), Some(head_sha)) = (text(&input["name"]), text(&input["head_sha"])) else {
            return message(422, "Invalid request: name and head_sha are required.");
        };
        let conclusion = text(&input["conclusion"]);
        let details_url = text(&input["details_url"]);
        if conclusion.as_deref() == Some("action_required") && details_url.is_none() {
            return message(
                422,
                "Invalid request: details_url is required for action_required.",
            );
        }
        let summary = text(&input["output"]["summary"]).unwrap_or_default();
        if summary.chars().count() > 65_535 {
            return message(
                422,
                "Invalid request: output.summary is too long (maximum is 65535 characters)",
            );
        }
        let run = FakeCheckRun {
            name,
            head_sha: head_sha.clone(),
            status: text(&input["status"]).unwrap_or_else(|| "queued".into()),
            conclusion,
            title: text(&input["output"]["title"]).unwrap_or_default(),
            summary,
            details_url,
            app: app.to_owned(),
        };
        self.next_id += 1;
        let answer = json!({
            "id": self.next_id, "name": run.name, "head_sha": run.head_sha,
            "status": run.status, "conclusion": run.conclusion,
            "app": app_json(app),
        });
        self.more
            .check_runs
            .entry((repo.to_owned(), head_sha))
            .or_default()
            .push(run);
        reply(201, answer)
    }
}
