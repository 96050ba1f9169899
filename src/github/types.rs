//! Domain types exchanged with GitHub, independent of octocrab's models.

use serde::Serialize;

/// An API token. Prints as `***` so it cannot leak through logs, `Debug` or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a raw token; surrounding whitespace (a trailing newline from a file) is dropped.
    pub fn new(raw: impl Into<String>) -> Self {
        Self(raw.into().trim().to_owned())
    }

    /// The secret itself, for the `Authorization` header and for scrubbing text.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Replaces every occurrence of the token in `text` with `***`.
    pub fn scrub(&self, text: &str) -> String {
        // An empty or tiny token would turn every string into asterisks without protecting anything.
        if self.0.len() < 4 {
            text.to_owned()
        } else {
            text.replace(&self.0, "***")
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// A repository, `owner/name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Repo {
    /// The user or organisation.
    pub owner: String,
    /// The repository name.
    pub name: String,
}

impl Repo {
    /// Parses `owner/name`; `None` unless both parts are non-empty and path-safe.
    pub fn parse(full: &str) -> Option<Self> {
        let (owner, name) = full.trim().split_once('/')?;
        let ok = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        (ok(owner) && ok(name)).then(|| Self {
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }
}

/// Whether `sha` looks like a full commit id (SHA-1 or SHA-256), so nothing else
/// reaches a rev parser or a URL.
pub(crate) fn is_commit_id(sha: &str) -> bool {
    (40..=64).contains(&sha.len()) && sha.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A repository of an organization, as the organization's listing gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgRepo {
    /// `owner/name`.
    pub repo: Repo,
    /// The branch its policy is read from.
    pub default_branch: String,
    /// Archived or disabled: nothing is merged there any more.
    pub archived: bool,
}

impl std::fmt::Display for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// A pull-request conversation comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// GitHub's comment id.
    pub id: u64,
    /// Login of the comment's author.
    pub author: String,
    /// The Markdown body.
    pub body: String,
    /// Link to the comment in the web UI.
    pub html_url: String,
    /// The GitHub App the comment was made through (`performed_via_github_app.slug`), if any.
    pub app: Option<String>,
}

/// The state of a commit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusState {
    /// Checks passed (pass, approved, not-required).
    Success,
    /// Checks failed (blocked).
    Failure,
    /// Waiting for something, here bar-raiser approvals.
    Pending,
    /// No verdict could be computed (an input or API error): never success.
    Error,
}

impl StatusState {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusState::Success => "success",
            StatusState::Failure => "failure",
            StatusState::Error => "error",
            StatusState::Pending => "pending",
        }
    }
}

/// A commit status to set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitStatus {
    /// The status's name; branch protection requires it by this name.
    pub context: String,
    /// Success, failure, pending or error.
    pub state: StatusState,
    /// One line, at most 140 characters.
    pub description: String,
    /// Where the status links to (the sticky comment), if anywhere.
    pub target_url: Option<String>,
}

/// How a completed check run ended, as far as the tool uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckConclusion {
    /// Checks passed (pass, approved, not-required).
    Success,
    /// Checks failed (blocked), or the verdict could not be computed.
    Failure,
    /// Waiting for a person: bar-raiser approvals (needs-approval).
    ActionRequired,
}

impl CheckConclusion {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckConclusion::Success => "success",
            CheckConclusion::Failure => "failure",
            CheckConclusion::ActionRequired => "action_required",
        }
    }
}

/// A completed check run to create on a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckRun {
    /// The check's name; branch protection requires it by this name and app.
    pub name: String,
    /// The commit it reports on.
    pub head_sha: String,
    /// How it ended.
    pub conclusion: CheckConclusion,
    /// One line, the check's title.
    pub title: String,
    /// Markdown shown on the check's page (at most 65,535 characters).
    pub summary: String,
    /// Where the check links to (the sticky comment or the workflow run); GitHub
    /// requires one for `action_required`.
    pub details_url: Option<String>,
}

/// The pull-request metadata the tool uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    /// The pull request number.
    pub number: u64,
    /// Its title.
    pub title: String,
    /// Login of the author.
    pub author: String,
    /// `open` or `closed`.
    pub state: String,
    /// Whether it is a draft.
    pub draft: bool,
    /// Base branch name.
    pub base_ref: String,
    /// Base commit.
    pub base_sha: String,
    /// Head commit.
    pub head_sha: String,
    /// Link in the web UI.
    pub html_url: String,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Last update (RFC 3339).
    pub updated_at: String,
    /// Merge time (RFC 3339), when merged.
    pub merged_at: Option<String>,
    /// The merge commit, when merged.
    pub merge_commit_sha: Option<String>,
    /// How many files it changes; only the single-pull read carries it.
    pub changed_files: Option<u64>,
}

/// A pull-request review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Review {
    /// GitHub's review id.
    pub id: u64,
    /// Login of the reviewer.
    pub author: String,
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`.
    pub state: String,
    /// The review body (carries the approval block).
    pub body: String,
    /// The head commit the review was made on.
    pub commit_id: String,
    /// Submission time (RFC 3339); empty for pending reviews.
    pub submitted_at: String,
    /// Link in the web UI.
    pub html_url: String,
}

/// A review to record: its decision, its body, and the head commit it was made on.
#[derive(Clone, Copy, Debug)]
pub struct NewReview<'a> {
    /// The decision.
    pub event: ReviewEvent,
    /// The body (carries the approval block).
    pub body: &'a str,
    /// The commit reviewed; GitHub uses the head when `None`.
    pub commit_id: Option<&'a str>,
}

/// The decision a new review records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ReviewEvent {
    /// Approve the pull request.
    Approve,
    /// Request changes (needs a body).
    RequestChanges,
}

impl ReviewEvent {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewEvent::Approve => "APPROVE",
            ReviewEvent::RequestChanges => "REQUEST_CHANGES",
        }
    }
}

/// A commit of a pull request, as `GET .../pulls/{n}/commits` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullCommit {
    /// The commit id.
    pub sha: String,
    /// Its parents' ids.
    pub parents: Vec<String>,
    /// Who wrote it, as git records it, with the account GitHub matched.
    pub author: CommitIdentity,
    /// Who committed it.
    pub committer: CommitIdentity,
    /// The full message, trailers included.
    pub message: String,
}

/// A git identity, and the GitHub account its email belongs to when GitHub knows one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CommitIdentity {
    /// The name git records.
    pub name: String,
    /// The email git records.
    pub email: String,
    /// The login GitHub matched to the email (None for an unknown email).
    pub login: Option<String>,
}

/// A file a pull request changes, as `GET .../pulls/{n}/files` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullFile {
    /// Path at head.
    pub path: String,
    /// `added`, `removed`, `modified`, `renamed`, `copied`, `changed` or `unchanged`.
    pub status: String,
    /// Blob id at head (GitHub's `sha`).
    pub blob: String,
    /// For a rename, the path it had before (GitHub's `previous_filename`).
    pub previous: Option<String>,
}

impl PullFile {
    /// What the file's entry says the pull request did, as paths touched: a
    /// rename deletes its old path and adds its new one.
    pub fn touched(&self) -> Vec<crate::read::Touched> {
        use crate::read::{How, Touched};
        let at = |how| Touched::new(self.path.clone(), how);
        match self.status.as_str() {
            "added" | "copied" => vec![at(How::Added)],
            "removed" => vec![at(How::Deleted)],
            "renamed" => {
                let mut out = vec![at(How::Added)];
                out.extend(
                    self.previous
                        .as_ref()
                        .map(|old| Touched::new(old.clone(), How::Deleted)),
                );
                out
            }
            "unchanged" => Vec::new(),
            // `modified`, `changed` (a mode or type change) and anything newer.
            _ => vec![at(How::Modified)],
        }
    }
}

/// Which pull requests to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullState {
    /// Open ones, oldest first.
    Open,
    /// Closed (and merged) ones, most recently updated first.
    Closed,
    /// All, most recently updated first.
    All,
}

impl PullState {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PullState::Open => "open",
            PullState::Closed => "closed",
            PullState::All => "all",
        }
    }
}

/// One item of a directory listing from the contents API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirItem {
    /// Repository-relative path.
    pub path: String,
    /// The last path component.
    pub name: String,
    /// `file`, `dir`, `symlink` or `submodule`.
    pub kind: String,
}

/// What the contents API returns for a path at a revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contents {
    /// A regular file. `content` is None when GitHub leaves it out (over 1 MB).
    File {
        /// Size in bytes.
        size: u64,
        /// GitHub's blob id.
        blob: String,
        /// The bytes, decoded.
        content: Option<Vec<u8>>,
    },
    /// A directory's direct children.
    Dir(Vec<DirItem>),
    /// A symbolic link (never followed).
    Symlink {
        /// The stored target.
        target: String,
    },
    /// A submodule, at the commit it records.
    Submodule {
        /// The recorded commit id.
        commit: String,
    },
}
