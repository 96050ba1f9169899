//! The minutes (`barraiser minutes`, and the end of `office-hours`): the bar-raiser
//! decisions of a period as Markdown from `minutes.md.j2`.

use serde::Serialize;

use super::neutralize::Trusted;
use super::{RenderError, Templates};
use crate::pr::ledger::{DecisionEntry, Ruling};

/// What `minutes.md.j2` sees; keys are only added.
#[derive(Serialize)]
struct Minutes<'a> {
    since: String,
    until: String,
    repos: &'a [String],
    decisions: Vec<Decision<'a>>,
    approved: usize,
    changes_requested: usize,
}

/// One decision in `decisions`.
#[derive(Serialize)]
struct Decision<'a> {
    repo: &'a str,
    number: u64,
    title: &'a str,
    url: Trusted,
    reviewer: &'a str,
    /// `approved` or `changes-requested`.
    decision: &'static str,
    submitted_at: &'a str,
    note: &'a str,
    files: Vec<File<'a>>,
}

/// A file and blob a decision was bound to.
#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    blob: &'a str,
}

/// The minutes of `decisions` on `repos` in `[since, until)`.
pub fn minutes(
    decisions: &[DecisionEntry],
    repos: &[String],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
    templates: &Templates,
) -> Result<String, RenderError> {
    let approved = decisions
        .iter()
        .filter(|d| d.decision == Ruling::Approved)
        .count();
    let decisions: Vec<Decision<'_>> = decisions
        .iter()
        .map(|d| Decision {
            repo: &d.repo,
            number: d.number,
            title: &d.title,
            url: Trusted::Link(d.url.clone()),
            reviewer: &d.reviewer,
            decision: d.decision.as_str(),
            submitted_at: &d.submitted_at,
            note: &d.note,
            files: d
                .files
                .iter()
                .map(|f| File {
                    path: &f.path,
                    blob: &f.blob,
                })
                .collect(),
        })
        .collect();
    templates.render(
        "minutes.md.j2",
        Minutes {
            since: since.to_string(),
            until: until.to_string(),
            repos,
            changes_requested: decisions.len() - approved,
            decisions,
            approved,
        },
    )
}
