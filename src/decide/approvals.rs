//! Which bar-raiser decisions count: roster of the base commit, not the author nor
//! anyone who wrote a commit changing what is approved, each reviewer's latest
//! decision only, and bound to the content at head.

use std::collections::BTreeMap;

use super::authorship::Authorship;
use super::report::{ApprovalState, ApprovalView};
use crate::approval::{BoundFile, parse_block};
use crate::short;

/// The state GitHub reports for a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewState {
    /// An approval.
    Approved,
    /// A request for changes.
    ChangesRequested,
    /// A comment: not a decision.
    Commented,
    /// A decision a maintainer dismissed.
    Dismissed,
    /// Not submitted yet, or a state this build does not know.
    Other,
}

impl ReviewState {
    /// Reads GitHub's spelling (`APPROVED`, `CHANGES_REQUESTED`, ...).
    pub fn parse(state: &str) -> Self {
        match state {
            "APPROVED" => Self::Approved,
            "CHANGES_REQUESTED" => Self::ChangesRequested,
            "COMMENTED" => Self::Commented,
            "DISMISSED" => Self::Dismissed,
            _ => Self::Other,
        }
    }
}

/// One submitted review, as validity needs it.
#[derive(Clone, Debug)]
pub struct ReviewRecord {
    /// GitHub's review id; orders reviews submitted in the same second.
    pub id: u64,
    /// The reviewer's login.
    pub reviewer: String,
    /// What the review decided.
    pub state: ReviewState,
    /// The body, which may carry a block.
    pub body: String,
    /// The head commit the review was made on.
    pub commit_id: String,
    /// Submission time, RFC 3339, as GitHub sent it (shown as is).
    pub submitted_at: String,
    /// The submission time, parsed once; None when GitHub sent something unreadable.
    pub submitted: Option<jiff::Timestamp>,
}

/// What the reviews are judged against.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// `bar_raisers` of the base commit's policy.
    pub roster: &'a [String],
    /// The pull request's author.
    pub author: &'a str,
    /// The head commit.
    pub head_sha: &'a str,
    /// The files approvals bind to, with their blobs at head.
    pub head: &'a [BoundFile],
    /// Who wrote commits that change those files.
    pub authorship: &'a Authorship,
}

/// Looks up blob ids at another commit, for GitHub approvals without a block.
pub trait Bindings {
    /// The blob of each of `paths` at `commit` (None when absent there), or why the
    /// commit cannot be read.
    fn blobs_at(&self, commit: &str, paths: &[String]) -> Result<Vec<Option<String>>, String>;
}

/// The decisions, judged.
#[derive(Clone, Debug, Default)]
pub struct Assessment {
    /// One view per reviewer whose latest review is a decision, oldest first.
    pub views: Vec<ApprovalView>,
    /// How many are valid approvals.
    pub valid: u32,
}

/// Each reviewer's latest decision, oldest first.
fn latest(reviews: &[ReviewRecord]) -> Vec<&ReviewRecord> {
    let mut ordered: Vec<&ReviewRecord> = reviews
        .iter()
        .filter(|r| {
            matches!(
                r.state,
                ReviewState::Approved | ReviewState::ChangesRequested | ReviewState::Dismissed
            )
        })
        .collect();
    // GitHub lists reviews oldest first; sorting again guards against a server that does not.
    ordered.sort_by_key(|r| (r.submitted, r.id));
    let mut latest: BTreeMap<String, &ReviewRecord> = BTreeMap::new();
    for review in ordered {
        latest.insert(review.reviewer.to_lowercase(), review);
    }
    let mut last: Vec<&ReviewRecord> = latest.into_values().collect();
    last.sort_by_key(|r| (r.submitted, r.id));
    last
}

/// The reviewers whose latest decision is an approval that could count, but for who
/// wrote the pull request's commits: bar raisers of the base roster other than the
/// author. Commit authorship is read only for them.
pub fn candidates(reviews: &[ReviewRecord], roster: &[String], author: &str) -> Vec<String> {
    latest(reviews)
        .into_iter()
        .filter(|r| r.state == ReviewState::Approved && !same_login(&r.reviewer, author))
        .filter(|r| roster.iter().any(|b| same_login(b, &r.reviewer)))
        .map(|r| r.reviewer.clone())
        .collect()
}

/// Judges every reviewer's latest decision.
pub fn assess(reviews: &[ReviewRecord], ctx: &Context<'_>, bindings: &dyn Bindings) -> Assessment {
    let mut out = Assessment::default();
    for review in latest(reviews) {
        let (state, reason) = judge(review, ctx, bindings);
        if state == ApprovalState::Valid {
            out.valid += 1;
        }
        out.views.push(ApprovalView {
            reviewer: review.reviewer.clone(),
            submitted_at: review.submitted_at.clone(),
            state,
            reason,
        });
    }
    out
}

fn same_login(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn judge(
    review: &ReviewRecord,
    ctx: &Context<'_>,
    bindings: &dyn Bindings,
) -> (ApprovalState, String) {
    let in_roster = ctx.roster.iter().any(|r| same_login(r, &review.reviewer));
    let not_counted = |reason: String| (ApprovalState::NotCounted, reason);
    if review.state == ReviewState::Dismissed {
        return not_counted("the latest review was dismissed on GitHub".into());
    }
    if same_login(&review.reviewer, ctx.author) {
        return not_counted("the pull request's author cannot approve their own change".into());
    }
    if !in_roster {
        return not_counted(if ctx.roster.is_empty() {
            "the base commit's policy names no bar raisers (`bar_raisers` in .barraiser.yaml)"
                .into()
        } else {
            "not a bar raiser in the base commit's policy (`bar_raisers` in .barraiser.yaml)".into()
        });
    }
    if review.state == ReviewState::ChangesRequested {
        return (
            ApprovalState::ChangesRequested,
            "requested changes; a new approval replaces this".into(),
        );
    }
    // A request for changes from someone who wrote code still stands; an approval does not.
    if let Some(wrote) = ctx.authorship.of(&review.reviewer) {
        return not_counted(format!(
            "{wrote}; an approval counts only from a bar raiser who wrote none of what it approves"
        ));
    }
    let approved = match parse_block(&review.body) {
        Some(Ok(block)) => block.changes,
        Some(Err(e)) => return not_counted(format!("{e}")),
        None if review.commit_id == ctx.head_sha => return (ApprovalState::Valid, String::new()),
        None => {
            let paths: Vec<String> = ctx.head.iter().map(|f| f.path.clone()).collect();
            match bindings.blobs_at(&review.commit_id, &paths) {
                Ok(blobs) => paths
                    .into_iter()
                    .zip(blobs)
                    .map(|(path, blob)| BoundFile {
                        path,
                        blob: blob.unwrap_or_else(|| crate::approval::ABSENT.to_owned()),
                    })
                    .collect(),
                Err(why) => {
                    return (
                        ApprovalState::Stale,
                        format!(
                            "approved at commit {}, which cannot be compared: {why}",
                            short(&review.commit_id)
                        ),
                    );
                }
            }
        }
    };
    let problems = differences(&approved, ctx.head);
    if problems.is_empty() {
        (ApprovalState::Valid, String::new())
    } else {
        (ApprovalState::Stale, problems.join("; "))
    }
}

/// What differs between the approved files and those at head, one phrase per file.
fn differences(approved: &[BoundFile], head: &[BoundFile]) -> Vec<String> {
    let mut out = Vec::new();
    for file in head {
        let deleted = file.blob == crate::approval::ABSENT;
        match approved.iter().find(|a| a.path == file.path) {
            Some(a) if a.blob == file.blob => {}
            Some(_) if deleted => out.push(format!("{} was deleted after the approval", file.path)),
            Some(_) => out.push(format!("{} changed since the approval", file.path)),
            None if deleted => out.push(format!(
                "{} was deleted after the approval, which did not cover it",
                file.path
            )),
            None => out.push(format!("{} was added after the approval", file.path)),
        }
    }
    for a in approved {
        if !head.iter().any(|f| f.path == a.path) {
            out.push(format!(
                "{} is no longer changed by the pull request",
                a.path
            ));
        }
    }
    out
}
