//! The operational-excellence report (`barraiser report`): what a team's changes were
//! like over a period. [`gather`] reads each pull request merged in the period across
//! many repositories at once, judged at its merge through the same path as `audit`
//! (`judge_until`), and its change descriptions checked again as they stood at
//! the pull request's first commit. It gives one [`ChangeRecord`] per change
//! description, summarised by the pure [`summary::summarize`].

pub mod summary;

use super::fan::{self, Progress};
use super::{Judged, Listed, PullError};
use crate::decide::{ApprovalState, ChangeReport, Severity};
use crate::github::{GitHub, PullRequest, Repo};
use crate::parse::change::{Change, Risk, parse_change};
use crate::parse::policy::Freeze;
use crate::read::{Entry, Source, Workspace};
use crate::run::{self, Bar, CheckError};

/// A window this many days or fewer from a policy freeze is "near" it.
pub const NEAR_FREEZE_DAYS: i64 = 3;

/// How long a rollback test stays fresh when no checklist sets `max_days_since_test`.
pub const DEFAULT_ROLLBACK_DAYS: i64 = 90;

/// One finding, by rule and severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleHit {
    /// The rule id.
    pub rule: String,
    /// Its severity for that change.
    pub severity: Severity,
}

/// How a change's window stands to a policy freeze.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreezeRelation {
    /// The window overlaps the freeze.
    In,
    /// The window is within [`NEAR_FREEZE_DAYS`] of the freeze.
    Near,
}

impl FreezeRelation {
    /// `in` or `near`, as every output names it.
    pub fn as_str(self) -> &'static str {
        match self {
            FreezeRelation::In => "in",
            FreezeRelation::Near => "near",
        }
    }
}

/// A change's window in or near a freeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreezeNote {
    /// In or near.
    pub relation: FreezeRelation,
    /// The freeze's reason, as the policy gives it.
    pub reason: String,
    /// The window's start.
    pub window_start: jiff::Timestamp,
}

/// One change description of a merged pull request, with what the report counts.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeRecord {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// The change description's path at the merge.
    pub path: String,
    /// The owning team (`owner:`); empty when it names none.
    pub team: String,
    /// The service (`service:`); empty when it names none.
    pub service: String,
    /// Declared risk.
    pub risk: Option<Risk>,
    /// When the pull request merged.
    pub merged_at: jiff::Timestamp,
    /// Whether the description existed and had no blocker at the first commit.
    pub passed_first_push: bool,
    /// The findings of its first version in the pull request: at the first commit, or
    /// at the merge when it did not exist then.
    pub findings: Vec<RuleHit>,
    /// Waivers at the merge: (rule, reason).
    pub waivers: Vec<(String, String)>,
    /// From the pull request's creation to the approval that completed the quorum;
    /// None when no approval was needed or the quorum was not met at the merge.
    pub approval_time: Option<jiff::SignedDuration>,
    /// The window in or near a freeze, if it is.
    pub freeze: Option<FreezeNote>,
    /// Whether its steps are run by a pipeline (see [`pipeline_run`]).
    pub pipeline_run: bool,
    /// `rollback.tested_on`, when a valid date.
    pub rollback_tested_on: Option<jiff::civil::Date>,
    /// The freshness limit that applied (`max_days_since_test`).
    pub rollback_limit_days: i64,
}

/// The records of every pull request of `repos` merged in `[since, until)`, in merge
/// order, several read at once. A pull request that cannot be read, or a repository
/// that cannot be listed, is named in `skipped`.
pub fn gather(
    gh: &dyn GitHub,
    repos: &[Repo],
    local: Option<&Workspace>,
    (since, until): (jiff::Timestamp, jiff::Timestamp),
    progress: &dyn Progress,
) -> Result<Listed<ChangeRecord>, PullError> {
    let mut listed = super::ledger::merged_in(gh, repos, (since, until), progress)?;
    let read = fan::pulls(
        &listed.items,
        local,
        progress,
        |ws, (repo, pull, merged)| {
            super::judge_until(gh, repo, pull.clone(), ws, Some(*merged))
                .and_then(|judged| records(gh, repo, ws, &judged, *merged))
        },
    );
    let mut items = Vec::new();
    for ((repo, pull, _), answer) in listed.items.iter().zip(read) {
        match answer {
            Ok(found) => items.extend(found),
            Err(e) => listed
                .skipped
                .push(format!("{repo}#{} could not be read: {e}", pull.number)),
        }
    }
    items.sort_by(|a, b| (a.merged_at, &a.repo, a.number).cmp(&(b.merged_at, &b.repo, b.number)));
    Ok(Listed {
        items,
        skipped: listed.skipped,
    })
}

/// The records of one merged pull request judged at `merged`.
fn records(
    gh: &dyn GitHub,
    repo: &Repo,
    local: Option<&Workspace>,
    judged: &Judged,
    merged: jiff::Timestamp,
) -> Result<Vec<ChangeRecord>, PullError> {
    let described: Vec<&ChangeReport> = judged.report.described().collect();
    if described.is_empty() {
        return Ok(Vec::new());
    }
    let pull = &judged.pull;
    let opened = pull.created_at.parse::<jiff::Timestamp>().ok();
    let paths: Vec<String> = described.iter().map(|c| c.path.clone()).collect();
    let first = first_push(gh, repo, local, pull, &paths, opened.unwrap_or(merged))?;
    let approval_time = opened.and_then(|o| quorum_at(judged).map(|q| q.duration_since(o)));
    let policy = &judged.outcome.policy;
    Ok(described
        .iter()
        .zip(first.reports)
        .map(|(c, at_first)| {
            let change = parse_change(&c.path, &c.blob, &c.source, &first.bar.policy.body).ok();
            let window = change.as_ref().and_then(window);
            ChangeRecord {
                repo: repo.to_string(),
                number: pull.number,
                path: c.path.clone(),
                team: c.owner.clone().unwrap_or_default(),
                service: c.service.clone().unwrap_or_default(),
                risk: c.risk,
                merged_at: merged,
                passed_first_push: at_first.as_ref().is_some_and(|r| !blocked(r)),
                findings: hits(at_first.as_ref().unwrap_or(c)),
                waivers: c
                    .waived
                    .iter()
                    .map(|w| (w.rule.clone(), w.reason.clone()))
                    .collect(),
                approval_time,
                freeze: window.and_then(|w| freeze_note(w, &policy.freeze)),
                pipeline_run: change
                    .as_ref()
                    .is_some_and(|ch| pipeline_run(&first.bar, ch)),
                rollback_tested_on: change
                    .as_ref()
                    .and_then(|ch| ch.field("rollback.tested_on"))
                    .and_then(|d| d.trim().parse().ok()),
                rollback_limit_days: first
                    .bar
                    .engine
                    .var_number("max_days_since_test")
                    .unwrap_or(DEFAULT_ROLLBACK_DAYS),
            }
        })
        .collect())
}

fn blocked(report: &ChangeReport) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Blocker)
}

fn hits(report: &ChangeReport) -> Vec<RuleHit> {
    report
        .findings
        .iter()
        .map(|f| RuleHit {
            rule: f.rule.clone(),
            severity: f.severity,
        })
        .collect()
}

/// When the approval that completed the quorum was submitted: the `needed`-th valid
/// approval at the merge, by time. None when none was needed or the quorum was short.
pub fn quorum_at(judged: &Judged) -> Option<jiff::Timestamp> {
    let needed = usize::try_from(judged.decision.needed).ok()?;
    if needed == 0 || !judged.decision.quorum_met() {
        return None;
    }
    let mut times: Vec<jiff::Timestamp> = judged
        .report
        .approvals
        .iter()
        .filter(|a| a.state == ApprovalState::Valid)
        .filter_map(|a| a.submitted_at.parse().ok())
        .collect();
    times.sort();
    times.get(needed - 1).copied()
}

/// The change descriptions at the pull request's first commit, checked by the bar
/// of its base commit.
struct FirstPush {
    /// The bar of the base commit.
    bar: Bar,
    /// Per path asked for, its report at the first commit; None when it did not exist.
    reports: Vec<Option<ChangeReport>>,
}

/// Checks `paths` as they stood at the first commit of `pull`, time rules judged at `at`
/// (the pull request's creation: a commit's date is set by its author).
fn first_push(
    gh: &dyn GitHub,
    repo: &Repo,
    local: Option<&Workspace>,
    pull: &PullRequest,
    paths: &[String],
    at: jiff::Timestamp,
) -> Result<FirstPush, PullError> {
    let commits = gh.list_pull_commits(repo, pull.number)?;
    let Some(first) = commits.first().map(|c| c.sha.clone()) else {
        return Err(PullError::Invalid(format!(
            "pull request #{} lists no commits",
            pull.number
        )));
    };
    let central = super::central::ApiCentral::new(gh);
    // From the clone when it has both commits, else through the API.
    let snapshots =
        local.and_then(|ws| Some((ws.at_rev(&pull.base_sha).ok()?, ws.at_rev(&first).ok()?)));
    if let Some((base, head)) = snapshots {
        return check_at(&base, &head, paths, at, &central);
    }
    let base = super::RemoteTree::new(gh, repo, &pull.base_sha, at);
    let head = super::RemoteTree::new(gh, repo, &first, at);
    let checked = check_at(&base, &head, paths, at, &central)?;
    match head.failure().or_else(|| base.failure()) {
        Some(e) => Err(e.into()),
        None => Ok(checked),
    }
}

fn check_at(
    base: &dyn Source,
    head: &dyn Source,
    paths: &[String],
    at: jiff::Timestamp,
    central: &dyn crate::parse::policy::CentralSource,
) -> Result<FirstPush, PullError> {
    let bar = run::load_bar(base, at, central)?;
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        let entry = head.read(path).map_err(CheckError::from)?;
        let report = match entry {
            Some(entry @ Entry::Text { .. }) => {
                let (mut checked, _) = run::check_entries(&bar, vec![entry], head);
                checked.pop()
            }
            _ => None,
        };
        reports.push(report);
    }
    Ok(FirstPush { bar, reports })
}

/// The change's window, when both ends are valid RFC 3339 times.
fn window(change: &Change) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
    let at = |field: &str| change.field(field)?.trim().parse::<jiff::Timestamp>().ok();
    Some((at("window.start")?, at("window.end")?))
}

/// The first freeze the window `(start, end)` overlaps, else the first it comes within
/// [`NEAR_FREEZE_DAYS`] of.
pub fn freeze_note(
    (start, end): (jiff::Timestamp, jiff::Timestamp),
    freezes: &[Freeze],
) -> Option<FreezeNote> {
    let note = |relation, f: &Freeze| FreezeNote {
        relation,
        reason: f.reason.clone(),
        window_start: start,
    };
    if let Some(f) = freezes.iter().find(|f| f.overlaps(start, end)) {
        return Some(note(FreezeRelation::In, f));
    }
    let near = jiff::SignedDuration::from_hours(24 * NEAR_FREEZE_DAYS);
    freezes
        .iter()
        .find(|f| {
            let gap = if end <= f.start {
                f.start.duration_since(end)
            } else {
                start.duration_since(f.end)
            };
            gap <= near
        })
        .map(|f| note(FreezeRelation::Near, f))
}

/// Whether a pipeline runs the change's steps: it declares
/// `automation.executed_by: pipeline`, or every step of its Steps section names the
/// automation that carries it out, as the checklists recognise it
/// ([`crate::evaluate::Engine::step_automated`]).
pub fn pipeline_run(bar: &Bar, change: &Change) -> bool {
    let declared = change
        .field("automation.executed_by")
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("pipeline"));
    let steps = change.section("steps").map(|s| &s.steps[..]).unwrap_or(&[]);
    declared
        || (!steps.is_empty()
            && steps
                .iter()
                .all(|s| bar.engine.step_automated(s) == Some(true)))
}
