//! [`GitHub`] over octocrab's raw request API, with the tool's own retry policy.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::reads::pull_of;
use super::retry::{self, Answer, Replay, RetryPolicy};
use super::wire::{WireComment, WirePull, WireReview, WireUser};
use super::{
    CheckRun, Comment, CommitStatus, Contents, Error, GitHub, NewReview, OrgRepo, PullCommit,
    PullFile, PullRequest, PullState, Repo, Review, Token,
};

/// How the client waits between tries; tests swap in one that records instead of sleeping.
pub type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// Where and how patiently to talk to GitHub.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// API root, e.g. `https://api.github.com` or `https://ghe.example/api/v3`.
    pub api_url: String,
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// Limit on waiting for bytes from an open connection.
    pub read_timeout: Duration,
    /// Limit on one whole request, answer included.
    pub request_timeout: Duration,
    /// Retry bounds.
    pub retry: RetryPolicy,
    /// Most pages one list is read to; a list with more is an error, never a partial answer.
    pub max_pages: u32,
}

impl ClientConfig {
    /// Defaults for `api_url`: 10 s to connect, 30 s to read, 60 s per request, 4 tries,
    /// 1000 pages of 100 items per list.
    pub fn new(api_url: impl Into<String>) -> Self {
        Self {
            api_url: api_url.into(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            max_pages: MAX_PAGES,
        }
    }
}

/// At most this many requests are in flight at once, whatever the number of threads
/// asking: GitHub's secondary rate limits punish more ("no more than 100 concurrent
/// requests", and far fewer for bursts of writes), and 10 is what its guide suggests.
pub const MAX_IN_FLIGHT: usize = 10;

/// Pages are capped so a misbehaving server cannot keep the tool listing forever.
const MAX_PAGES: u32 = 1000;
const PER_PAGE: u32 = 100;

/// A blocking GitHub client, shared by the threads of one run; owns a small tokio runtime.
pub struct Client {
    octo: octocrab::Octocrab,
    runtime: tokio::runtime::Runtime,
    /// One permit per request in flight ([`MAX_IN_FLIGHT`]); not held while waiting to retry.
    in_flight: tokio::sync::Semaphore,
    /// Contents read at a branch or tag this run (a policy, a central policy), by
    /// `repo`, path and ref; reads at a commit id are not kept.
    pub(super) contents_read: std::sync::Mutex<HashMap<String, Option<Contents>>>,
    /// Until when every thread holds its next request: a rate limit one request met
    /// applies to them all (GitHub: "wait ... before retrying", not "retry elsewhere").
    /// The thread that met it has already waited its own turn.
    hold: std::sync::Mutex<Option<(std::time::Instant, std::thread::ThreadId)>>,
    token: Token,
    config: ClientConfig,
    sleeper: Sleeper,
    /// Team rosters read this run, by `org/slug`.
    teams: std::sync::Mutex<HashMap<String, Result<Vec<String>, Error>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &super::redact::redact(&self.config.api_url))
            .field("token", &self.token)
            .finish()
    }
}

/// A successful answer: its body and whether another page follows.
pub(super) struct Reply {
    pub(super) body: String,
    has_next: bool,
}

impl Client {
    /// Builds a client for `config.api_url` authenticating with `token`.
    pub fn new(token: Token, config: ClientConfig) -> Result<Self, Error> {
        // octocrab panics on a token that is not a valid header value; refuse it here instead.
        if token.expose().is_empty() || !token.expose().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Setup(
                "the token is empty or contains characters not allowed in a header".into(),
            ));
        }
        let api_url = config.api_url.trim_end_matches('/').to_owned();
        super::redact::check_api_url(&api_url)
            .map_err(|reason| Error::Setup(format!("the API URL is unusable: {reason}")))?;
        // Many threads block on requests at once (`--org`); the runtime's own two
        // threads drive the connections while they wait.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Setup(format!("cannot start the async runtime: {e}")))?;
        // octocrab spawns its request buffer onto the ambient runtime while building.
        let octo = {
            let _guard = runtime.enter();
            super::transport::octocrab(&api_url, &token, &config)?
        };
        let sleeper: Sleeper = Arc::new(std::thread::sleep);
        Ok(Self {
            octo,
            runtime,
            token,
            config: ClientConfig { api_url, ..config },
            sleeper,
            teams: std::sync::Mutex::new(HashMap::new()),
            in_flight: tokio::sync::Semaphore::new(MAX_IN_FLIGHT),
            contents_read: std::sync::Mutex::new(HashMap::new()),
            hold: std::sync::Mutex::new(None),
        })
    }

    /// The team rosters read so far (a poisoned lock still holds good data).
    pub(super) fn teams_read(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Result<Vec<String>, Error>>> {
        self.teams.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces how the client waits between tries.
    pub fn with_sleeper(mut self, sleeper: Sleeper) -> Self {
        self.sleeper = sleeper;
        self
    }

    /// Sends one request with retries. `path` starts with `/` and excludes the API root.
    pub(super) fn send(
        &self,
        method: &'static str,
        path: &str,
        query: &str,
        body: Option<&Value>,
        replay: Replay,
    ) -> Result<Reply, Error> {
        let uri = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.wait_for_hold();
            let outcome = self.runtime.block_on(async {
                // The semaphore is never closed, so a permit always comes.
                let _permit = self.in_flight.acquire().await.ok();
                tokio::time::timeout(self.config.request_timeout, self.once(method, &uri, body))
                    .await
            });
            let failure = match outcome {
                Ok(Ok(raw)) => {
                    if (200..300).contains(&raw.status) {
                        return Ok(Reply {
                            has_next: raw.has_next,
                            body: raw.body,
                        });
                    }
                    let answer = Answer {
                        status: raw.status,
                        retry_after: raw.retry_after.as_deref(),
                        ratelimit_remaining: raw.remaining.as_deref(),
                        ratelimit_reset: raw.reset.as_deref(),
                        body: &raw.body,
                    };
                    if let Some(wait) = retry::after_answer(
                        &answer,
                        attempt,
                        &self.config.retry,
                        replay,
                        now_epoch(),
                    ) {
                        if matches!(raw.status, 403 | 429) {
                            self.hold_all(wait);
                        }
                        (self.sleeper)(wait);
                        continue;
                    }
                    Error::Status {
                        method,
                        path: path.to_owned(),
                        status: raw.status,
                        message: self.token.scrub(&github_message(&raw.body)),
                    }
                }
                Ok(Err(reason)) => Error::Transport {
                    method,
                    path: path.to_owned(),
                    reason: self.token.scrub(&reason),
                },
                Err(_) => Error::Transport {
                    method,
                    path: path.to_owned(),
                    reason: format!(
                        "no answer within {} s",
                        self.config.request_timeout.as_secs_f32()
                    ),
                },
            };
            if matches!(failure, Error::Transport { .. })
                && let Some(wait) =
                    retry::after_transport_failure(attempt, &self.config.retry, replay)
            {
                (self.sleeper)(wait);
                continue;
            }
            return Err(failure);
        }
    }

    /// Holds every thread's next request for `wait` from now (a rate limit).
    fn hold_all(&self, wait: Duration) {
        let until = std::time::Instant::now() + wait;
        let mut hold = self.hold.lock().unwrap_or_else(|e| e.into_inner());
        if hold.is_none_or(|(h, _)| h < until) {
            *hold = Some((until, std::thread::current().id()));
        }
    }

    /// Waits out a rate limit another thread met.
    fn wait_for_hold(&self) {
        let hold = *self.hold.lock().unwrap_or_else(|e| e.into_inner());
        let Some((until, setter)) = hold else {
            return;
        };
        if setter == std::thread::current().id() {
            return;
        }
        if let Some(left) = until.checked_duration_since(std::time::Instant::now())
            && !left.is_zero()
        {
            (self.sleeper)(left);
        }
    }

    async fn once(
        &self,
        method: &'static str,
        uri: &str,
        body: Option<&Value>,
    ) -> Result<RawAnswer, String> {
        let sent = match method {
            "POST" => self.octo._post(uri, body).await,
            "PATCH" => self.octo._patch(uri, body).await,
            "DELETE" => self.octo._delete(uri, body).await,
            _ => self.octo._get(uri).await,
        };
        let response = sent.map_err(|e| chain(&e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let retry_after = header("retry-after");
        let remaining = header("x-ratelimit-remaining");
        let reset = header("x-ratelimit-reset");
        let has_next = header("link").is_some_and(|l| l.contains("rel=\"next\""));
        let body = self
            .octo
            .body_to_string(response)
            .await
            .map_err(|e| chain(&e))?;
        Ok(RawAnswer {
            status,
            retry_after,
            remaining,
            reset,
            has_next,
            body,
        })
    }

    pub(super) fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let reply = self.send("GET", path, "", None, Replay::Safe)?;
        decode("GET", path, &reply.body)
    }

    fn write_json<T: DeserializeOwned>(
        &self,
        method: &'static str,
        path: &str,
        body: &Value,
        replay: Replay,
    ) -> Result<T, Error> {
        let reply = self.send(method, path, "", Some(body), replay)?;
        decode(method, path, &reply.body)
    }

    /// Reads every page of a list, asking for pages by number so each request stays on a
    /// documented route (GitHub's `Link` URLs point at undocumented `/repositories/{id}` paths).
    /// `key` identifies an item (an id, a number, a file name) so each is read once.
    pub(super) fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        key: impl Fn(&T) -> String,
    ) -> Result<Vec<T>, Error> {
        self.get_pages(path, "", key, |_: &[T]| true)
    }

    /// Reads pages of a list with extra `query` parameters while `more` says the last page
    /// read is worth going on from.
    ///
    /// Pages are numbered, so an item added or edited while they are read shifts the rest:
    /// an item seen on two pages is kept once, at its first place, with its latest data.
    /// A list that is still going at the page cap is an error.
    pub(super) fn get_pages<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &str,
        key: impl Fn(&T) -> String,
        more: impl Fn(&[T]) -> bool,
    ) -> Result<Vec<T>, Error> {
        let mut items: Vec<T> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let max_pages = self.config.max_pages.max(1);
        for page in 1..=max_pages {
            let paging = format!("per_page={PER_PAGE}&page={page}");
            let query = if query.is_empty() {
                paging
            } else {
                format!("{query}&{paging}")
            };
            let reply = self.send("GET", path, &query, None, Replay::Safe)?;
            let batch: Vec<T> = decode("GET", path, &reply.body)?;
            let go_on = !batch.is_empty() && more(&batch);
            for item in batch {
                match seen.get(&key(&item)) {
                    Some(&at) => items[at] = item,
                    None => {
                        seen.insert(key(&item), items.len());
                        items.push(item);
                    }
                }
            }
            if !reply.has_next || !go_on {
                return Ok(items);
            }
        }
        Err(Error::Truncated {
            path: path.to_owned(),
            pages: max_pages,
            per_page: PER_PAGE,
        })
    }
}

struct RawAnswer {
    status: u16,
    retry_after: Option<String>,
    remaining: Option<String>,
    reset: Option<String>,
    has_next: bool,
    body: String,
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// An error and its sources on one line; octocrab's `Display` alone hides the cause.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

/// GitHub's `message` field, or the start of a non-JSON body.
fn github_message(body: &str) -> String {
    #[derive(Deserialize)]
    struct ErrorBody {
        message: Option<String>,
    }
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody { message: Some(m) }) => m,
        _ if body.trim().is_empty() => "no message".to_owned(),
        _ => body.trim().chars().take(200).collect(),
    }
}

pub(super) fn decode<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: &str,
) -> Result<T, Error> {
    serde_json::from_str(body).map_err(|e| Error::Decode {
        method,
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

pub(super) fn repo_path(repo: &Repo) -> String {
    format!("/repos/{}/{}", repo.owner, repo.name)
}

impl GitHub for Client {
    fn viewer_login(&self) -> Result<String, Error> {
        self.get_json::<WireUser>("/user").map(|u| u.login)
    }

    fn list_issue_comments(&self, repo: &Repo, pr: u64) -> Result<Vec<Comment>, Error> {
        let path = format!("{}/issues/{pr}/comments", repo_path(repo));
        let items = self.get_all(&path, |c: &WireComment| c.id.to_string())?;
        Ok(items.into_iter().map(Comment::from).collect())
    }

    fn create_issue_comment(&self, repo: &Repo, pr: u64, body: &str) -> Result<Comment, Error> {
        let path = format!("{}/issues/{pr}/comments", repo_path(repo));
        self.write_json::<WireComment>(
            "POST",
            &path,
            &json!({ "body": body }),
            Replay::OnlyIfRefused,
        )
        .map(Comment::from)
    }

    fn update_issue_comment(&self, repo: &Repo, id: u64, body: &str) -> Result<Comment, Error> {
        let path = format!("{}/issues/comments/{id}", repo_path(repo));
        self.write_json::<WireComment>("PATCH", &path, &json!({ "body": body }), Replay::Safe)
            .map(Comment::from)
    }

    fn delete_issue_comment(&self, repo: &Repo, id: u64) -> Result<(), Error> {
        let path = format!("{}/issues/comments/{id}", repo_path(repo));
        // Deleting twice only gets a 404 the second time, which the caller expects.
        self.send("DELETE", &path, "", None, Replay::Safe).map(drop)
    }

    fn create_check_run(&self, repo: &Repo, run: &CheckRun) -> Result<(), Error> {
        let path = format!("{}/check-runs", repo_path(repo));
        let mut body = json!({
            "name": run.name,
            "head_sha": run.head_sha,
            "status": "completed",
            "conclusion": run.conclusion.as_str(),
            "output": { "title": run.title, "summary": run.summary },
        });
        if let (Some(url), Some(map)) = (&run.details_url, body.as_object_mut()) {
            map.insert("details_url".into(), Value::String(url.clone()));
        }
        // A second run with the same name supersedes the first, as a status does.
        self.write_json::<Value>("POST", &path, &body, Replay::Safe)
            .map(drop)
    }

    fn create_commit_status(
        &self,
        repo: &Repo,
        sha: &str,
        status: &CommitStatus,
    ) -> Result<(), Error> {
        let path = format!("{}/statuses/{sha}", repo_path(repo));
        let mut body = json!({
            "state": status.state.as_str(),
            "context": status.context,
            "description": status.description,
        });
        if let (Some(url), Some(map)) = (&status.target_url, body.as_object_mut()) {
            map.insert("target_url".into(), Value::String(url.clone()));
        }
        // The newest status per context wins, so sending one twice is harmless.
        self.write_json::<Value>("POST", &path, &body, Replay::Safe)
            .map(drop)
    }

    fn list_reviews(&self, repo: &Repo, pr: u64) -> Result<Vec<Review>, Error> {
        let path = format!("{}/pulls/{pr}/reviews", repo_path(repo));
        let items = self.get_all(&path, |r: &WireReview| r.comment.id.to_string())?;
        Ok(items.into_iter().map(Review::from).collect())
    }

    fn create_review(&self, repo: &Repo, pr: u64, review: &NewReview<'_>) -> Result<Review, Error> {
        let path = format!("{}/pulls/{pr}/reviews", repo_path(repo));
        let mut payload = json!({ "event": review.event.as_str(), "body": review.body });
        if let (Some(sha), Some(map)) = (review.commit_id, payload.as_object_mut()) {
            map.insert("commit_id".into(), Value::String(sha.to_owned()));
        }
        self.write_json::<WireReview>("POST", &path, &payload, Replay::OnlyIfRefused)
            .map(Review::from)
    }

    fn get_pull(&self, repo: &Repo, pr: u64) -> Result<PullRequest, Error> {
        let w: WirePull = self.get_json(&format!("{}/pulls/{pr}", repo_path(repo)))?;
        Ok(pull_of(w))
    }

    fn list_pull_files(&self, repo: &Repo, pr: u64) -> Result<Vec<PullFile>, Error> {
        self.pull_files(repo, pr)
    }

    fn list_pulls(
        &self,
        repo: &Repo,
        state: PullState,
        updated_since: Option<jiff::Timestamp>,
    ) -> Result<Vec<PullRequest>, Error> {
        self.pulls(repo, state, updated_since)
    }

    fn get_contents(&self, repo: &Repo, path: &str, rev: &str) -> Result<Option<Contents>, Error> {
        self.contents(repo, path, rev)
    }

    fn list_pull_commits(&self, repo: &Repo, pr: u64) -> Result<Vec<PullCommit>, Error> {
        self.pull_commits(repo, pr)
    }

    fn team_members(&self, org: &str, slug: &str) -> Result<Vec<String>, Error> {
        self.members(org, slug)
    }

    fn requested_reviewers(&self, repo: &Repo, pr: u64) -> Result<Vec<String>, Error> {
        self.requested(repo, pr)
    }

    fn request_reviewers(&self, repo: &Repo, pr: u64, logins: &[String]) -> Result<(), Error> {
        self.request(repo, pr, logins)
    }

    fn list_org_repos(&self, org: &str) -> Result<Vec<OrgRepo>, Error> {
        self.org_repos(org)
    }
}
