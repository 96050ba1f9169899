//! A pull request judged live: checks, approvals and the verdict, read from a local
//! clone when it has the commits, otherwise through the GitHub API. `ci`, `review`,
//! `approve`, `queue` and `audit` all decide through here, so they agree.

mod bindings;
pub mod ledger;
pub mod queue;
mod record;
mod remote;

pub use bindings::{LocalBindings, RemoteBindings};
pub use record::{Refusal, may_decide, record};
pub use remote::RemoteTree;

use crate::approval::{self, Bindings, BoundFile, Context, Judgement, ReviewRecord, ReviewState};
use crate::check::{self, CheckError, Outcome, Request, Selection, Source};
use crate::gate;
use crate::github::{self, GitHub, PullRequest, Repo, Review};
use crate::read::{Entry, Workspace};

/// Why a pull request could not be judged.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    /// Reading or checking the content failed.
    #[error(transparent)]
    Check(#[from] CheckError),
    /// A GitHub request failed.
    #[error(transparent)]
    GitHub(#[from] github::Error),
    /// GitHub answered with something unusable.
    #[error("{0}")]
    Invalid(String),
}

/// Where the content was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    /// The local clone.
    Local,
    /// The GitHub API.
    Api,
}

/// A pull request with everything decided about it.
pub struct Judged {
    /// The pull request.
    pub pull: PullRequest,
    /// The check of its content.
    pub outcome: Outcome,
    /// Approvals and verdict.
    pub judgement: Judgement,
    /// The files approvals bind to, with their blobs at head.
    pub bound: Vec<BoundFile>,
    /// Every review, oldest first.
    pub reviews: Vec<Review>,
    /// Where the content came from.
    pub read_from: ReadFrom,
}

impl From<&Review> for ReviewRecord {
    fn from(r: &Review) -> Self {
        ReviewRecord {
            id: r.id,
            reviewer: r.author.clone(),
            state: ReviewState::parse(&r.state),
            body: r.body.clone(),
            commit_id: r.commit_id.clone(),
            submitted_at: r.submitted_at.clone(),
        }
    }
}

/// The local clone, when it holds both commits of `pull`.
fn usable<'w>(local: Option<&'w Workspace>, pull: &PullRequest) -> Option<&'w Workspace> {
    local.filter(|ws| {
        ws.is_git()
            && bindings::is_commit_id(&pull.base_sha)
            && bindings::is_commit_id(&pull.head_sha)
            && ws.at_rev(&pull.base_sha).is_ok()
            && ws.at_rev(&pull.head_sha).is_ok()
    })
}

/// Judges `pull` of `repo`: checks, then the reviews.
pub fn judge(
    gh: &dyn GitHub,
    repo: &Repo,
    pull: PullRequest,
    local: Option<&Workspace>,
) -> Result<Judged, PullError> {
    judge_until(gh, repo, pull, local, None)
}

/// Like [`judge`], counting only reviews submitted up to `cutoff` (for `audit`: the merge).
pub fn judge_until(
    gh: &dyn GitHub,
    repo: &Repo,
    pull: PullRequest,
    local: Option<&Workspace>,
    cutoff: Option<jiff::Timestamp>,
) -> Result<Judged, PullError> {
    if !bindings::is_commit_id(&pull.base_sha) || !bindings::is_commit_id(&pull.head_sha) {
        return Err(PullError::Invalid(format!(
            "pull request #{} has no valid base or head commit",
            pull.number
        )));
    }
    let local_ws = usable(local, &pull);
    let (outcome, bound, read_from) = match local_ws {
        Some(ws) => {
            let request = Request {
                selection: Selection::Changed,
                rev: None,
                range: Some((pull.base_sha.clone(), pull.head_sha.clone())),
            };
            let outcome = check::run(ws, &request, ws.root())?;
            let head = ws.at_rev(&pull.head_sha).map_err(CheckError::from)?;
            let bound = approval::bound_files(&outcome, &|p| blob_of(&head, p));
            (outcome, bound, ReadFrom::Local)
        }
        None => {
            let files = gh.list_pull_files(repo, pull.number)?;
            let mut paths: Vec<String> = files
                .into_iter()
                .filter(|f| f.status != "removed")
                .map(|f| f.path)
                .collect();
            paths.sort();
            paths.dedup();
            let time_text = gh.commit_time(repo, &pull.head_sha)?;
            let time = time_text.parse::<jiff::Timestamp>().map_err(|e| {
                PullError::Invalid(format!("commit time {time_text:?} is not RFC 3339: {e}"))
            })?;
            let base = RemoteTree::new(gh, repo, &pull.base_sha, time);
            let head = RemoteTree::new(gh, repo, &pull.head_sha, time);
            let outcome = check::check_changed(&base, &head, paths)?;
            if let Some(e) = head.failure().or_else(|| base.failure()) {
                return Err(e.into());
            }
            let bound = approval::bound_files(&outcome, &|p| blob_of(&head, p));
            (outcome, bound, ReadFrom::Api)
        }
    };
    // Reviews bound to other commits are checked where the content was read from.
    let remote = RemoteBindings { gh, repo };
    let local_bindings = local_ws.map(|ws| LocalBindings { ws });
    let bindings: &dyn Bindings = match &local_bindings {
        Some(l) => l,
        None => &remote,
    };
    let subject = Subject {
        cutoff,
        ..Subject::of(repo, &pull)
    };
    let (judgement, reviews) = decide(gh, &subject, &outcome, &bound, bindings)?;
    Ok(Judged {
        pull,
        outcome,
        judgement,
        bound,
        reviews,
        read_from,
    })
}

/// The blob id of a file at a source, when it is readable text.
pub fn blob_of(source: &dyn Source, path: &str) -> Option<String> {
    match source.read(path) {
        Ok(Some(Entry::Text { blob, .. })) => Some(blob),
        _ => None,
    }
}

/// Which pull request approvals are judged for.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// The repository.
    pub repo: &'a Repo,
    /// The pull request number.
    pub number: u64,
    /// Its author, who cannot approve.
    pub author: &'a str,
    /// Its head commit.
    pub head_sha: &'a str,
    /// Only reviews submitted up to this time count (the merge, for `audit`).
    pub cutoff: Option<jiff::Timestamp>,
}

impl<'a> Subject<'a> {
    /// The subject for `pull`, judged now.
    pub fn of(repo: &'a Repo, pull: &'a PullRequest) -> Self {
        Self {
            repo,
            number: pull.number,
            author: &pull.author,
            head_sha: &pull.head_sha,
            cutoff: None,
        }
    }
}

/// Reads the reviews (only when the pull request is in scope) and judges them.
pub fn decide(
    gh: &dyn GitHub,
    subject: &Subject<'_>,
    outcome: &Outcome,
    bound: &[BoundFile],
    bindings: &dyn Bindings,
) -> Result<(Judgement, Vec<Review>), PullError> {
    let mut reviews = if gate::in_scope(outcome) {
        gh.list_reviews(subject.repo, subject.number)?
    } else {
        Vec::new()
    };
    if let Some(cutoff) = subject.cutoff {
        reviews.retain(|r| {
            r.submitted_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|t| t <= cutoff)
        });
    }
    let records: Vec<ReviewRecord> = reviews.iter().map(ReviewRecord::from).collect();
    let ctx = Context {
        roster: &outcome.policy.bar_raisers,
        author: subject.author,
        head_sha: subject.head_sha,
        head: bound,
    };
    Ok((approval::judge(outcome, &records, &ctx, bindings), reviews))
}
