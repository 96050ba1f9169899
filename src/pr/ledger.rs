//! The record of decisions: minutes of a period, and the audit trail of merged
//! pull requests with the approvals that were valid when they merged.

use super::fan::{self, Progress};
use super::{Judged, Listed, PullError, list_all};
use crate::approval::{BoundFile, note_of, parse_block};
use crate::decide::ApprovalState;
use crate::github::{Contents, GitHub, PullRequest, PullState, Repo, Review};
use crate::parse::change::Risk;
use crate::parse::policy::{POLICY_PATH, Policy};
use crate::read::Workspace;

/// What a recorded bar-raiser decision was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ruling {
    /// The content was approved.
    Approved,
    /// Changes were requested.
    ChangesRequested,
}

impl Ruling {
    /// The kebab-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Ruling::Approved => "approved",
            Ruling::ChangesRequested => "changes-requested",
        }
    }
}

/// One bar-raiser decision, for the minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionEntry {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// Link to the pull request.
    pub url: String,
    /// Who decided.
    pub reviewer: String,
    /// What was decided.
    pub decision: Ruling,
    /// When (RFC 3339).
    pub submitted_at: String,
    /// The note, as written (templates neutralise it).
    pub note: String,
    /// The files and blobs the decision was bound to (empty for a plain GitHub review).
    pub files: Vec<BoundFile>,
}

/// The decisions on `pull` submitted in `[since, until)`: reviews recorded by barraiser,
/// and plain GitHub decisions by a login in `roster`.
pub fn decisions(
    repo: &str,
    pull: &PullRequest,
    reviews: &[Review],
    roster: &[String],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> Vec<DecisionEntry> {
    reviews
        .iter()
        .filter(|r| matches!(r.state.as_str(), "APPROVED" | "CHANGES_REQUESTED"))
        .filter(|r| {
            r.submitted_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|t| since <= t && t < until)
        })
        .filter(|r| {
            parse_block(&r.body).is_some()
                || roster.iter().any(|l| l.eq_ignore_ascii_case(&r.author))
        })
        .filter_map(|r| entry(repo, pull, r))
        .collect()
}

/// A review as a decision in the minutes; None when it is neither an approval nor a
/// request for changes. `office-hours` builds its closing minutes from the reviews it
/// recorded this way, so they count exactly the session's decisions whatever the
/// clocks or GitHub's listing say.
pub fn entry(repo: &str, pull: &PullRequest, r: &Review) -> Option<DecisionEntry> {
    let decision = match r.state.as_str() {
        "APPROVED" => Ruling::Approved,
        "CHANGES_REQUESTED" => Ruling::ChangesRequested,
        _ => return None,
    };
    Some(DecisionEntry {
        repo: repo.to_owned(),
        number: pull.number,
        title: pull.title.clone(),
        url: pull.html_url.clone(),
        reviewer: r.author.clone(),
        decision,
        submitted_at: r.submitted_at.clone(),
        note: note_of(&r.body),
        files: parse_block(&r.body)
            .and_then(Result::ok)
            .map(|b| b.changes)
            .unwrap_or_default(),
    })
}

/// The roster of `repo` on branch `rev`, for recognising plain GitHub decisions;
/// empty when the policy cannot be read.
fn roster(gh: &dyn GitHub, repo: &Repo, rev: &str) -> Vec<String> {
    let text = match gh.get_contents(repo, POLICY_PATH, rev) {
        Ok(Some(Contents::File {
            content: Some(bytes),
            ..
        })) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => return Vec::new(),
    };
    // Over the central policy it extends, with its teams resolved.
    Policy::load(POLICY_PATH, &text, &super::central::ApiCentral::new(gh))
        .map(|p| super::roster::resolve(Some(gh), &p.bar_raisers).logins)
        .unwrap_or_default()
}

/// The decisions on `repos` submitted in `[since, until)`, oldest first. Pull
/// requests whose reviews cannot be read, and repositories that cannot be listed,
/// are left out and named in `skipped`.
pub fn minutes(
    gh: &dyn GitHub,
    repos: &[Repo],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
    progress: &dyn Progress,
) -> Result<Listed<DecisionEntry>, PullError> {
    let mut listed = list_all(gh, repos, PullState::All, Some(since), "", progress)?;
    listed.items.retain(|(_, pull)| {
        pull.updated_at
            .parse::<jiff::Timestamp>()
            .is_ok_and(|t| t >= since)
    });
    // One roster per repository and base branch, read once.
    let mut bases: Vec<(Repo, String)> = listed
        .items
        .iter()
        .map(|(repo, pull)| (repo.clone(), pull.base_ref.clone()))
        .collect();
    bases.sort_by(|a, b| (a.0.to_string(), &a.1).cmp(&(b.0.to_string(), &b.1)));
    bases.dedup();
    let rosters = fan::map(&bases, progress, "rosters", |(repo, base)| {
        roster(gh, repo, base)
    });
    let reviews = fan::map(&listed.items, progress, "pull requests", |(repo, pull)| {
        gh.list_reviews(repo, pull.number)
    });
    let mut items = Vec::new();
    for ((repo, pull), answer) in listed.items.iter().zip(reviews) {
        let reviews = match answer {
            Ok(r) => r,
            Err(e) => {
                listed
                    .skipped
                    .push(format!("{repo}#{} skipped: {e}", pull.number));
                continue;
            }
        };
        let roster = bases
            .iter()
            .position(|(r, b)| r == repo && *b == pull.base_ref)
            .and_then(|at| rosters.get(at))
            .map_or(&[][..], Vec::as_slice);
        items.extend(decisions(
            &repo.to_string(),
            pull,
            &reviews,
            roster,
            since,
            until,
        ));
    }
    items.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    Ok(Listed {
        items,
        skipped: listed.skipped,
    })
}

/// The audit records of the pull requests of `repos` merged in `[since, until)`,
/// judged as of their merge, by merge time. Pull requests that cannot be judged, and
/// repositories that cannot be listed, are named in `skipped`: evidence with a gap
/// must say so.
pub fn audit(
    gh: &dyn GitHub,
    repos: &[Repo],
    local: Option<&Workspace>,
    (since, until): (jiff::Timestamp, jiff::Timestamp),
    progress: &dyn Progress,
) -> Result<Listed<AuditRecord>, PullError> {
    let mut listed = merged_in(gh, repos, (since, until), progress)?;
    let judged = fan::pulls(
        &listed.items,
        local,
        progress,
        |ws, (repo, pull, merged)| super::judge_until(gh, repo, pull.clone(), ws, Some(*merged)),
    );
    let mut items: Vec<AuditRecord> = Vec::new();
    for ((repo, pull, _), answer) in listed.items.iter().zip(judged) {
        match answer {
            Ok(judged) => items.extend(audit_record(&repo.to_string(), &judged)),
            Err(e) => listed
                .skipped
                .push(format!("{repo}#{} could not be audited: {e}", pull.number)),
        }
    }
    items.sort_by(|a, b| (&a.merged_at, &a.repo, a.number).cmp(&(&b.merged_at, &b.repo, b.number)));
    Ok(Listed {
        items,
        skipped: listed.skipped,
    })
}

/// The pull requests of `repos` merged in `[since, until)`, each with its repository
/// and merge time.
pub fn merged_in(
    gh: &dyn GitHub,
    repos: &[Repo],
    (since, until): (jiff::Timestamp, jiff::Timestamp),
    progress: &dyn Progress,
) -> Result<Listed<(Repo, PullRequest, jiff::Timestamp)>, PullError> {
    let listed = list_all(
        gh,
        repos,
        PullState::Closed,
        Some(since),
        "closed ",
        progress,
    )?;
    let items = listed
        .items
        .into_iter()
        .filter_map(|(repo, pull)| {
            let merged = pull.merged_at.as_deref()?.parse::<jiff::Timestamp>().ok()?;
            (since <= merged && merged < until).then_some((repo, pull, merged))
        })
        .collect();
    Ok(Listed {
        items,
        skipped: listed.skipped,
    })
}

/// A change description in a merged pull request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditChange {
    /// Path at the merged head.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its risk; None when missing or invalid.
    pub risk: Option<Risk>,
    /// Its blob id at the merged head.
    pub blob: String,
    /// The blockers it waived, as (rule, reason).
    pub waivers: Vec<(String, String)>,
}

/// A decision as it stood at the merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditApproval {
    /// Who.
    pub reviewer: String,
    /// When (RFC 3339).
    pub submitted_at: String,
    /// Whether it counted at the merge.
    pub state: ApprovalState,
    /// Why it was stale or not counted.
    pub reason: String,
    /// What it approved: from its block, or the head's files for a valid plain approval.
    pub approved: Vec<BoundFile>,
}

/// One merged pull request that carried a change description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// Link.
    pub url: String,
    /// Who opened it.
    pub author: String,
    /// The head commit that was merged.
    pub head_sha: String,
    /// The merge commit.
    pub merge_sha: String,
    /// When it merged (RFC 3339).
    pub merged_at: String,
    /// The verdict with the reviews submitted up to the merge.
    pub verdict_at_merge: crate::Verdict,
    /// Valid approvals needed.
    pub approvals_needed: u32,
    /// Valid approvals at the merge.
    pub approvals_valid: u32,
    /// Whether the valid approvals met the quorum at the merge.
    pub valid_at_merge: bool,
    /// The change descriptions.
    pub changes: Vec<AuditChange>,
    /// The decisions as they stood at the merge.
    pub approvals: Vec<AuditApproval>,
}

/// The audit record of a merged pull request judged at its merge; None when it
/// carried no change description.
pub fn audit_record(repo: &str, judged: &Judged) -> Option<AuditRecord> {
    let report = &judged.report;
    let changes: Vec<AuditChange> = report
        .described()
        .map(|c| AuditChange {
            path: c.path.clone(),
            title: c.title.clone(),
            risk: c.risk,
            blob: c.blob.clone(),
            waivers: c
                .waived
                .iter()
                .map(|w| (w.rule.clone(), w.reason.clone()))
                .collect(),
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    let approvals = report
        .approvals
        .iter()
        .map(|view| {
            let review = judged.reviews.iter().rev().find(|r| {
                r.author.eq_ignore_ascii_case(&view.reviewer) && r.submitted_at == view.submitted_at
            });
            let approved = match review.map(|r| parse_block(&r.body)) {
                Some(Some(Ok(block))) if review.is_some_and(|r| r.state == "APPROVED") => {
                    block.changes
                }
                Some(None) if view.state == ApprovalState::Valid => judged.bound.clone(),
                _ => Vec::new(),
            };
            AuditApproval {
                reviewer: view.reviewer.clone(),
                submitted_at: view.submitted_at.clone(),
                state: view.state,
                reason: view.reason.clone(),
                approved,
            }
        })
        .collect();
    let pull = &judged.pull;
    Some(AuditRecord {
        repo: repo.to_owned(),
        number: pull.number,
        title: pull.title.clone(),
        url: pull.html_url.clone(),
        author: pull.author.clone(),
        head_sha: pull.head_sha.clone(),
        merge_sha: pull.merge_commit_sha.clone().unwrap_or_default(),
        merged_at: pull.merged_at.clone().unwrap_or_default(),
        verdict_at_merge: judged.decision.verdict,
        approvals_needed: judged.decision.needed,
        approvals_valid: judged.decision.valid,
        valid_at_merge: judged.decision.quorum_met(),
        changes,
        approvals,
    })
}
