//! GitHub delivery: sticky comment, commit status, and the reviews approvals are built on.
//!
//! Everything the tool needs from GitHub goes through the [`GitHub`] trait, whose methods
//! block and return plain domain structs. [`Client`] implements it over octocrab with its
//! own retry policy; tests implement it in memory or point [`Client`] at a local fake.

pub mod ci;
mod client;
pub mod env;
mod error;
mod org;
mod reads;
pub mod redact;
mod retry;
pub(crate) mod sticky;
mod teams;
mod transport;
mod types;
mod wire;

pub use ci::{
    CiEnv, CiEnvError, DeliverOptions, Delivery, DeliveryOutcome, DeliveryPlan, PullEvent,
    ReportVia, deliver, deliver_with,
};
pub(crate) use client::chain;
pub use client::{Client, ClientConfig, MAX_IN_FLIGHT, Sleeper};
pub use error::Error;
pub use retry::RetryPolicy;
pub use sticky::{MARKER, MAX_BODY_CHARS, Own, StickyAction};
pub(crate) use types::is_commit_id;
pub use types::{
    CheckConclusion, CheckRun, Comment, CommitIdentity, CommitStatus, Contents, DirItem, NewReview,
    OrgRepo, PullCommit, PullFile, PullRequest, PullState, Repo, Review, ReviewEvent, StatusState,
    Token,
};

/// What barraiser needs from GitHub. Blocking; list methods read every page. Shared
/// between the threads that read many repositories at once, so `Sync`.
pub trait GitHub: Sync {
    /// The login the token acts as (`GET /user`). Installation tokens get a 403 here.
    fn viewer_login(&self) -> Result<String, Error>;
    /// Every comment on the pull request's conversation, oldest first.
    fn list_issue_comments(&self, repo: &Repo, pr: u64) -> Result<Vec<Comment>, Error>;
    /// Posts a new conversation comment. Not retried on ambiguous failures.
    fn create_issue_comment(&self, repo: &Repo, pr: u64, body: &str) -> Result<Comment, Error>;
    /// Replaces a comment's body (PATCH).
    fn update_issue_comment(&self, repo: &Repo, id: u64, body: &str) -> Result<Comment, Error>;
    /// Deletes a conversation comment.
    fn delete_issue_comment(&self, repo: &Repo, id: u64) -> Result<(), Error>;
    /// Sets a commit status on `sha`.
    fn create_commit_status(
        &self,
        repo: &Repo,
        sha: &str,
        status: &CommitStatus,
    ) -> Result<(), Error>;
    /// Creates a completed check run (needs a GitHub App token; `checks: write`).
    fn create_check_run(&self, repo: &Repo, run: &CheckRun) -> Result<(), Error>;
    /// Every review on the pull request, oldest first.
    fn list_reviews(&self, repo: &Repo, pr: u64) -> Result<Vec<Review>, Error>;
    /// Records a review. Not retried on ambiguous failures.
    fn create_review(&self, repo: &Repo, pr: u64, review: &NewReview<'_>) -> Result<Review, Error>;
    /// The pull request's metadata.
    fn get_pull(&self, repo: &Repo, pr: u64) -> Result<PullRequest, Error>;
    /// The files the pull request changes (GitHub's three-dot diff), every page.
    fn list_pull_files(&self, repo: &Repo, pr: u64) -> Result<Vec<PullFile>, Error>;
    /// Pull requests in `state`. With `updated_since`, listing stops at the first page
    /// that only holds pull requests last updated before it (they come newest first).
    fn list_pulls(
        &self,
        repo: &Repo,
        state: PullState,
        updated_since: Option<jiff::Timestamp>,
    ) -> Result<Vec<PullRequest>, Error>;
    /// A file or directory at a revision; None when it does not exist there.
    fn get_contents(&self, repo: &Repo, path: &str, rev: &str) -> Result<Option<Contents>, Error>;
    /// The logins in `org`'s team `slug`, its child teams' members included (needs the
    /// organization permission "Members: read"). Read once per run.
    fn team_members(&self, org: &str, slug: &str) -> Result<Vec<String>, Error>;
    /// The users whose review is requested on the pull request (teams left out).
    fn requested_reviewers(&self, repo: &Repo, pr: u64) -> Result<Vec<String>, Error>;
    /// Requests reviews from `logins` (needs `pull-requests: write`).
    fn request_reviewers(&self, repo: &Repo, pr: u64, logins: &[String]) -> Result<(), Error>;
    /// The pull request's commits, oldest first, every page. GitHub lists at most 250;
    /// a pull request with more is an error ([`Error::CommitsCapped`]).
    fn list_pull_commits(&self, repo: &Repo, pr: u64) -> Result<Vec<PullCommit>, Error>;
    /// Every repository of the organization `org`, archived ones included, every page.
    fn list_org_repos(&self, org: &str) -> Result<Vec<OrgRepo>, Error>;
}
