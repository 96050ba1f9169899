//! A pull request judged live: its content checked and its reviews read, from a
//! local clone when it has the commits, otherwise through the GitHub API, then
//! decided by [`crate::decide`]. `review`, `approve`, `queue` and `audit` all judge
//! through here, and [`gate`] judges `ci`'s checkout, so they agree. [`queue`] and
//! [`ledger`] gather the agenda, the minutes and the audit trail across repositories,
//! which [`discover`] finds in an organization and [`fan`] goes through several at
//! once; [`report`] gathers each team's merged changes for the operational-excellence
//! report.

mod authorship;
mod bindings;
pub mod central;
pub mod discover;
pub mod duty;
pub mod fan;
mod gate;
mod gated;
pub mod ledger;
pub mod queue;
mod record;
mod remote;
pub mod report;
pub mod roster;

pub(crate) use bindings::{LocalBindings, RemoteBindings};
pub use gate::{Gated, gate};
pub use gated::{GatedFile, gated_files};
pub use record::record;
pub(crate) use remote::RemoteTree;

use crate::approval::{self, BoundFile};
use crate::decide::{
    self, Authorship, Bindings, Context, Decision, Inputs, Report, ReviewRecord, ReviewState,
};
use crate::github::{self, GitHub, PullRequest, Repo, Review};
use crate::read::{Source, Workspace};
use crate::run::{self, CheckError, Outcome, Request, Selection};

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
    /// Reviews past the page cap could hold the approvals or the changes requested
    /// that decide, so there is no verdict.
    #[error("cannot decide #{number}: its reviews were not all read")]
    ReviewsTruncated {
        /// The pull request.
        number: u64,
        /// The paging error.
        #[source]
        source: github::Error,
    },
    /// Listing a repository's pull requests failed.
    #[error("cannot list {what}")]
    List {
        /// Which list: "the open pull requests of acme/shop".
        what: String,
        /// Why.
        #[source]
        source: github::Error,
    },
}

/// What a look across repositories found, and the pull requests it left out.
pub struct Listed<T> {
    /// What was found, in order.
    pub items: Vec<T>,
    /// One line per pull request left out: which, and why.
    pub skipped: Vec<String>,
}

/// Lists the pull requests of `repo` in `state` (see [`GitHub::list_pulls`]); `which`
/// names them for the error ("open ").
fn list(
    gh: &dyn GitHub,
    repo: &Repo,
    state: github::PullState,
    since: Option<jiff::Timestamp>,
    which: &str,
) -> Result<Vec<PullRequest>, PullError> {
    gh.list_pulls(repo, state, since)
        .map_err(|source| PullError::List {
            what: format!("the {which}pull requests of {repo}"),
            source,
        })
}

/// The pull requests of every repository in `repos`, listed several at once, each
/// with its repository. A repository that cannot be listed is named in `skipped`;
/// when none can, the first failure is the error.
fn list_all(
    gh: &dyn GitHub,
    repos: &[Repo],
    state: github::PullState,
    since: Option<jiff::Timestamp>,
    which: &str,
    progress: &dyn fan::Progress,
) -> Result<Listed<(Repo, PullRequest)>, PullError> {
    let lists = fan::map(repos, progress, "repositories", |repo| {
        list(gh, repo, state, since, which)
    });
    let mut listed = Listed {
        items: Vec::new(),
        skipped: Vec::new(),
    };
    let mut first_failure = None;
    for (repo, answer) in repos.iter().zip(lists) {
        match answer {
            Ok(pulls) => listed
                .items
                .extend(pulls.into_iter().map(|p| (repo.clone(), p))),
            Err(e) => {
                listed
                    .skipped
                    .push(format!("{repo} skipped: {}", github::chain(&e)));
                first_failure.get_or_insert(e);
            }
        }
    }
    match first_failure {
        Some(e) if listed.skipped.len() == repos.len() => Err(e),
        _ => Ok(listed),
    }
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
    /// Verdict, risk and approvals.
    pub decision: Decision,
    /// The check report with the decision filled in, ready to render.
    pub report: Report,
    /// The files approvals bind to, with their blobs at head.
    pub bound: Vec<BoundFile>,
    /// Every review read, oldest first (including any after the cutoff).
    pub reviews: Vec<Review>,
    /// Who of the approvers wrote commits changing the bound files.
    pub authorship: Authorship,
    /// Where the content came from.
    pub read_from: ReadFrom,
    /// The bar-raiser roster, its teams resolved.
    pub roster: roster::Roster,
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
            submitted: r.submitted_at.parse().ok(),
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
pub(crate) fn judge_until(
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
    // Time rules are judged now (at the merge, for `audit`): never at a commit's
    // date, which the author sets.
    let at = cutoff.unwrap_or_else(crate::clock);
    let central = central::ApiCentral::new(gh);
    let (outcome, bound, read_from) = match local_ws {
        Some(ws) => {
            let (outcome, bound) = check_local(ws, &pull.base_sha, &pull.head_sha, at, &central)?;
            (outcome, bound, ReadFrom::Local)
        }
        None => {
            let files = gh.list_pull_files(repo, pull.number)?;
            let mut touched: Vec<crate::read::Touched> =
                files.iter().flat_map(|f| f.touched()).collect();
            touched.sort();
            touched.dedup();
            let base = RemoteTree::new(gh, repo, &pull.base_sha, at);
            let head = RemoteTree::new(gh, repo, &pull.head_sha, at);
            let outcome = run::check_changed(&base, &head, touched, Some(at), &central)?;
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
    let reviews = reviews_if_in_scope(gh, repo, pull.number, &outcome)?;
    let roster = roster_if_in_scope(Some(gh), &outcome);
    let mut judging = Judging {
        outcome: &outcome,
        roster: &roster.logins,
        author: &pull.author,
        head_sha: &pull.head_sha,
        bound: &bound,
        bindings,
        authorship: Authorship::default(),
    };
    judging.read_authorship(gh, repo, pull.number, &reviews, None)?;
    let decision = judging.decide(&reviews, cutoff);
    let authorship = judging.authorship;
    let mut report = decision.report(&outcome.report);
    roster.apply(&decision, &mut report);
    Ok(Judged {
        pull,
        outcome,
        decision,
        report,
        bound,
        reviews,
        authorship,
        read_from,
        roster,
    })
}

/// Checks what `base...head` changed in the local clone `ws`, and the files
/// approvals bind to with their blobs at head.
fn check_local(
    ws: &Workspace,
    base: &str,
    head: &str,
    at: jiff::Timestamp,
    central: &dyn crate::parse::policy::CentralSource,
) -> Result<(Outcome, Vec<BoundFile>), PullError> {
    let request = Request {
        selection: Selection::Changed,
        rev: None,
        range: Some((base.to_owned(), head.to_owned())),
        at: Some(at),
    };
    let outcome = run::check(ws, &request, ws.root(), central)?;
    let at_head = ws.at_rev(head).map_err(CheckError::from)?;
    let bound = approval::bound_files(&outcome, &|p| blob_of(&at_head, p));
    Ok((outcome, bound))
}

/// A checked pull request, ready for its reviews to be decided.
struct Judging<'a> {
    outcome: &'a Outcome,
    roster: &'a [String],
    author: &'a str,
    head_sha: &'a str,
    bound: &'a [BoundFile],
    bindings: &'a dyn Bindings,
    authorship: Authorship,
}

impl Judging<'_> {
    /// Reads who wrote the commits, for the approvers that could count and `also`.
    /// When the commits cannot all be read, nothing is decided.
    fn read_authorship(
        &mut self,
        gh: &dyn GitHub,
        repo: &Repo,
        number: u64,
        reviews: &[Review],
        also: Option<&str>,
    ) -> Result<(), PullError> {
        let records: Vec<ReviewRecord> = reviews.iter().map(ReviewRecord::from).collect();
        let roster = &self.outcome.policy.bar_raisers;
        let mut logins = decide::candidates(&records, roster, self.author);
        logins.extend(also.map(str::to_owned));
        self.authorship =
            authorship::authorship(gh, repo, number, self.bound, self.bindings, &logins).map_err(
                |e| {
                    PullError::Invalid(format!(
                        "cannot decide #{number}: who wrote its commits could not be read: {e}"
                    ))
                },
            )?;
        Ok(())
    }

    /// Decides with `reviews`, counting only those submitted up to `cutoff`.
    fn decide(&self, reviews: &[Review], cutoff: Option<jiff::Timestamp>) -> Decision {
        let records: Vec<ReviewRecord> = reviews.iter().map(ReviewRecord::from).collect();
        decide::decide(&Inputs {
            outcome: self.outcome,
            reviews: &records,
            context: Context {
                roster: self.roster,
                author: self.author,
                head_sha: self.head_sha,
                head: self.bound,
                authorship: &self.authorship,
            },
            bindings: self.bindings,
            cutoff,
        })
    }
}

/// What `login` wrote of the judged pull request: the first commit of theirs that
/// changes a bound file, if any (`approve` refuses them).
pub fn wrote(
    gh: &dyn GitHub,
    repo: &Repo,
    judged: &Judged,
    local: Option<&Workspace>,
    login: &str,
) -> Result<Option<decide::Contribution>, PullError> {
    let remote = RemoteBindings { gh, repo };
    let local_bindings = match judged.read_from {
        ReadFrom::Local => usable(local, &judged.pull).map(|ws| LocalBindings { ws }),
        ReadFrom::Api => None,
    };
    let bindings: &dyn Bindings = match &local_bindings {
        Some(l) => l,
        None => &remote,
    };
    let logins = [login.to_owned()];
    let found = authorship::authorship(
        gh,
        repo,
        judged.pull.number,
        &judged.bound,
        bindings,
        &logins,
    )
    .map_err(|e| {
        PullError::Invalid(format!(
            "cannot tell who wrote the commits of #{}: {e}",
            judged.pull.number
        ))
    })?;
    Ok(found.contributions.into_iter().next())
}

/// What an approval binds `path` at a source to ([`approval::binding`]); None when
/// it is absent or cannot be read.
pub(crate) fn blob_of(source: &dyn Source, path: &str) -> Option<String> {
    match source.read(path) {
        Ok(Some(entry)) => Some(approval::binding(&entry, source.object_id(path).as_deref())),
        _ => None,
    }
}

/// The roster, its teams resolved, only when the pull request needs review at all.
pub(crate) fn roster_if_in_scope(gh: Option<&dyn GitHub>, outcome: &Outcome) -> roster::Roster {
    if decide::in_scope(outcome) {
        roster::resolve(gh, &outcome.policy.bar_raisers)
    } else {
        roster::Roster::default()
    }
}

/// The reviews of pull request `number`, read only when it needs review at all.
pub(crate) fn reviews_if_in_scope(
    gh: &dyn GitHub,
    repo: &Repo,
    number: u64,
    outcome: &Outcome,
) -> Result<Vec<Review>, PullError> {
    if decide::in_scope(outcome) {
        Ok(gh.list_reviews(repo, number)?)
    } else {
        Ok(Vec::new())
    }
}
