//! `barraiser agenda`: the queue as one document for the meeting's notes, in
//! Markdown (pastes into a wiki or a GitHub issue) or as one self-contained HTML page
//! (inline style; no script, no request for anything).

use serde::Serialize;

use super::neutralize::Trusted;
use super::{RenderError, Templates};
use crate::decide::Severity;
use crate::pr::queue::Entry;

/// What `agenda.md.j2` and `agenda.html.j2` see; keys are only added.
#[derive(Serialize)]
struct Agenda<'a> {
    /// When it was made, to the second, in the chosen zone.
    generated_at: String,
    repos: &'a [String],
    /// The bar raiser on duty, when the policy has a rotation.
    duty: Option<String>,
    items: Vec<Item<'a>>,
}

/// One pull request on the agenda.
#[derive(Serialize)]
struct Item<'a> {
    repo: &'a str,
    number: u64,
    title: &'a str,
    /// The link, for Markdown (trusted: it comes from GitHub).
    url: Trusted,
    /// The same link as plain text, for HTML (escaped there like everything else).
    href: &'a str,
    author: &'a str,
    /// `low`, `medium`, `high`, or `""`.
    risk: &'static str,
    /// When the earliest window starts, in the chosen zone; `""` when none is given.
    window: String,
    /// The owning teams (`owner:`), comma-separated.
    team: String,
    service: &'a str,
    approvals_valid: u32,
    approvals_needed: u32,
    findings: Vec<FindingRow<'a>>,
}

/// A finding, where it is.
#[derive(Serialize)]
struct FindingRow<'a> {
    severity: &'static str,
    rule: &'a str,
    path: &'a str,
    line: u32,
    message: &'a str,
}

/// Which template: `markdown` or `html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaFormat {
    /// Markdown for wikis and GitHub issues.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// The agenda of `entries` (in agenda order) on `repos`, made at `now`, times in `tz`;
/// `duty` names the duty bar raiser when there is a rotation.
pub fn agenda(
    entries: &[Entry],
    repos: &[String],
    (now, tz): (jiff::Timestamp, &jiff::tz::TimeZone),
    duty: Option<String>,
    format: AgendaFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    let items = entries
        .iter()
        .map(|e| {
            let report = &e.judged.report;
            let mut teams: Vec<&str> = Vec::new();
            for owner in report.described().filter_map(|c| c.owner.as_deref()) {
                if !teams.contains(&owner) {
                    teams.push(owner);
                }
            }
            let findings = report
                .changes
                .iter()
                .flat_map(|c| {
                    c.findings.iter().map(move |f| FindingRow {
                        severity: f.severity.as_str(),
                        rule: &f.rule,
                        path: &c.path,
                        line: f.line,
                        message: &f.message,
                    })
                })
                .filter(|f| f.severity != Severity::Advice.as_str())
                .collect();
            Item {
                repo: &e.item.repo,
                number: e.item.number,
                title: &e.item.title,
                url: Trusted::Link(e.item.url.clone()),
                href: &e.item.url,
                author: &e.item.author,
                risk: e.item.risk.map_or("", |r| r.as_str()),
                window: e
                    .item
                    .window_start
                    .map(|w| super::minutes::time(w, tz))
                    .unwrap_or_default(),
                team: teams.join(", "),
                service: &e.item.service,
                approvals_valid: e.item.approvals_valid,
                approvals_needed: e.item.approvals_needed,
                findings,
            }
        })
        .collect();
    let name = match format {
        AgendaFormat::Markdown => "agenda.md.j2",
        AgendaFormat::Html => "agenda.html.j2",
    };
    templates.render(
        name,
        Agenda {
            generated_at: super::minutes::time(now, tz),
            repos,
            duty,
            items,
        },
    )
}
