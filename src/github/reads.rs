//! The reads `review`, `queue`, `minutes` and `audit` need: pull-request lists,
//! files and commits, and file contents at a revision.

use std::collections::HashMap;

use serde_json::Value;

use super::client::{Client, decode, repo_path};
use super::retry::Replay;
use super::wire::{
    WireContent, WireGitActor, WirePull, WirePullCommit, WirePullFile, WireUser, login,
};
use super::{
    CommitIdentity, Contents, DirItem, Error, PullCommit, PullFile, PullRequest, PullState, Repo,
};

/// GitHub's pull-request files API lists at most this many files.
pub const MAX_PULL_FILES: usize = 3_000;

/// GitHub's pull-request commits API lists at most this many commits.
pub const MAX_PULL_COMMITS: usize = 250;

impl Client {
    pub(super) fn pull_files(&self, repo: &Repo, pr: u64) -> Result<Vec<PullFile>, Error> {
        let path = format!("{}/pulls/{pr}/files", repo_path(repo));
        let items = self.get_all(&path, |f: &WirePullFile| f.filename.clone())?;
        let count = |p: &WirePull| p.changed_files;
        if let Some(total) = self.past_cap(repo, pr, items.len(), MAX_PULL_FILES, count)? {
            return Err(Error::FilesCapped {
                path,
                listed: items.len(),
                total,
            });
        }
        Ok(items
            .into_iter()
            .map(|f| PullFile {
                path: f.filename,
                status: f.status,
                blob: f.sha.unwrap_or_default(),
                previous: f.previous_filename,
            })
            .collect())
    }

    pub(super) fn pulls(
        &self,
        repo: &Repo,
        state: PullState,
        updated_since: Option<jiff::Timestamp>,
    ) -> Result<Vec<PullRequest>, Error> {
        let path = format!("{}/pulls", repo_path(repo));
        let query = match state {
            PullState::Open => "state=open&sort=created&direction=asc".to_owned(),
            other => format!("state={}&sort=updated&direction=desc", other.as_str()),
        };
        let recent = |w: &WirePull| match (updated_since, &w.updated_at) {
            (Some(since), Some(at)) => at.parse::<jiff::Timestamp>().map_or(true, |t| t >= since),
            _ => true,
        };
        let number = |p: &WirePull| p.number.to_string();
        let items = self.get_pages(&path, &query, number, |page: &[WirePull]| {
            page.last().is_none_or(recent)
        })?;
        Ok(items.into_iter().map(pull_of).collect())
    }

    pub(super) fn contents(
        &self,
        repo: &Repo,
        path: &str,
        rev: &str,
    ) -> Result<Option<Contents>, Error> {
        // A commit id is read once per run anyway; a branch (a policy at `main`, the
        // central policy every pull request extends) is read again and again.
        let keep = !super::is_commit_id(rev);
        let key = format!("{repo}\n{path}\n{rev}");
        if keep && let Some(done) = self.contents_cached().get(&key) {
            return Ok(done.clone());
        }
        let read = self.contents_uncached(repo, path, rev)?;
        if keep {
            self.contents_cached().insert(key, read.clone());
        }
        Ok(read)
    }

    fn contents_cached(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<Contents>>> {
        self.contents_read.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn contents_uncached(
        &self,
        repo: &Repo,
        path: &str,
        rev: &str,
    ) -> Result<Option<Contents>, Error> {
        let api_path = format!("{}/contents/{}", repo_path(repo), encode(path, true));
        let query = format!("ref={}", encode(rev, false));
        let reply = match self.send("GET", &api_path, &query, None, Replay::Safe) {
            Ok(reply) => reply,
            Err(e) if e.status() == Some(404) => return Ok(None),
            Err(e) => return Err(e),
        };
        let value: Value = decode("GET", &api_path, &reply.body)?;
        let bad = |reason: String| Error::Decode {
            method: "GET",
            path: api_path.clone(),
            reason,
        };
        if value.is_array() {
            let items: Vec<WireContent> =
                serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
            return Ok(Some(Contents::Dir(
                items
                    .into_iter()
                    .map(|i| DirItem {
                        path: i.path,
                        name: i.name,
                        kind: i.kind,
                    })
                    .collect(),
            )));
        }
        let item: WireContent = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
        Ok(Some(match item.kind.as_str() {
            "file" => Contents::File {
                size: item.size,
                content: match (item.encoding.as_deref(), item.content) {
                    (Some("base64"), Some(text)) => Some(base64_decode(&text).map_err(bad)?),
                    _ => None,
                },
                blob: item.sha,
            },
            "symlink" => Contents::Symlink {
                target: item.target.unwrap_or_default(),
            },
            "submodule" => Contents::Submodule { commit: item.sha },
            other => return Err(bad(format!("unexpected content type `{other}`"))),
        }))
    }

    pub(super) fn pull_commits(&self, repo: &Repo, pr: u64) -> Result<Vec<PullCommit>, Error> {
        let path = format!("{}/pulls/{pr}/commits", repo_path(repo));
        let items = self.get_all(&path, |c: &WirePullCommit| c.sha.clone())?;
        let count = |p: &WirePull| p.commits;
        if let Some(total) = self.past_cap(repo, pr, items.len(), MAX_PULL_COMMITS, count)? {
            return Err(Error::CommitsCapped {
                path,
                listed: items.len(),
                total,
            });
        }
        Ok(items.into_iter().map(commit_of).collect())
    }

    /// Whether a list of `listed` items that GitHub caps at `cap` left some out: the
    /// list ends at the cap with no sign that more exist, and only the pull request's
    /// own `count` tells. Asked only at the cap, so a usual run pays nothing. Some with
    /// the count (None when GitHub does not say) when items are missing.
    fn past_cap(
        &self,
        repo: &Repo,
        pr: u64,
        listed: usize,
        cap: usize,
        count: impl Fn(&WirePull) -> Option<u64>,
    ) -> Result<Option<Option<u64>>, Error> {
        if listed < cap {
            return Ok(None);
        }
        let pull: WirePull = self.get_json(&format!("{}/pulls/{pr}", repo_path(repo)))?;
        let total = count(&pull);
        let listed = u64::try_from(listed).unwrap_or(u64::MAX);
        Ok(total.is_none_or(|t| t > listed).then_some(total))
    }
}

pub(super) fn pull_of(w: WirePull) -> PullRequest {
    PullRequest {
        number: w.number,
        title: w.title,
        author: login(w.user),
        state: w.state,
        draft: w.draft.unwrap_or(false),
        base_ref: w.base.name,
        base_sha: w.base.sha,
        head_sha: w.head.sha,
        html_url: w.html_url,
        updated_at: w.updated_at.unwrap_or_else(|| w.created_at.clone()),
        created_at: w.created_at,
        merged_at: w.merged_at,
        merge_commit_sha: w.merge_commit_sha,
        changed_files: w.changed_files,
    }
}

fn commit_of(w: WirePullCommit) -> PullCommit {
    let identity = |actor: Option<WireGitActor>, user: Option<WireUser>| {
        let actor = actor.unwrap_or(WireGitActor {
            name: None,
            email: None,
        });
        CommitIdentity {
            name: actor.name.unwrap_or_default(),
            email: actor.email.unwrap_or_default(),
            login: user.map(|u| u.login),
        }
    };
    PullCommit {
        sha: w.sha,
        parents: w.parents.into_iter().map(|p| p.sha).collect(),
        author: identity(w.commit.author, w.author),
        committer: identity(w.commit.committer, w.committer),
        message: w.commit.message,
    }
}

/// Percent-encodes a path (keeping `/` when `keep_slash`) or a query value.
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && byte == b'/')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The contents API wraps its base64 at 60 columns.
fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|e| format!("content is not base64: {e}"))
}
