//! The minutes (`barraiser minutes`, and the end of `office-hours`): the bar-raiser
//! decisions of a period as Markdown from `minutes.md.j2`, with times to the second
//! in the zone the reader asked for.

use serde::Serialize;

use super::neutralize::Trusted;
use super::{RenderError, Templates};
use crate::pr::ledger::{DecisionEntry, Ruling};

/// What `minutes.md.j2` sees; keys are only added.
#[derive(Serialize)]
struct Minutes<'a> {
    /// The period's start, to the second, in the chosen zone.
    since: String,
    /// The period's end, likewise.
    until: String,
    repos: &'a [String],
    /// Who recorded a decision, in the order of their first one.
    attended: Vec<&'a str>,
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
    /// When, to the second, in the chosen zone.
    submitted_at: String,
    note: &'a str,
    files: Vec<File<'a>>,
}

/// A file and blob a decision was bound to.
#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    blob: &'a str,
}

/// `2026-11-20 12:01:00 UTC`: a time to the second, as a reader of minutes wants it,
/// in `tz` (UTC unless `--tz` says otherwise).
pub fn time(at: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    let zoned = at.to_zoned(tz.clone());
    let label = match tz.iana_name() {
        Some("UTC" | "Etc/UTC") | None if zoned.offset() == jiff::tz::Offset::UTC => {
            "UTC".to_owned()
        }
        Some(name) => name.to_owned(),
        None => zoned.offset().to_string(),
    };
    format!("{} {label}", zoned.strftime("%Y-%m-%d %H:%M:%S"))
}

/// The minutes of `decisions` on `repos` in `[since, until)`, times shown in `tz`.
pub fn minutes(
    decisions: &[DecisionEntry],
    repos: &[String],
    (since, until): (jiff::Timestamp, jiff::Timestamp),
    tz: &jiff::tz::TimeZone,
    templates: &Templates,
) -> Result<String, RenderError> {
    let approved = decisions
        .iter()
        .filter(|d| d.decision == Ruling::Approved)
        .count();
    let mut attended: Vec<&str> = Vec::new();
    for d in decisions {
        if !attended.iter().any(|a| a.eq_ignore_ascii_case(&d.reviewer)) {
            attended.push(&d.reviewer);
        }
    }
    let decisions: Vec<Decision<'_>> = decisions
        .iter()
        .map(|d| Decision {
            repo: &d.repo,
            number: d.number,
            title: &d.title,
            url: Trusted::Link(d.url.clone()),
            reviewer: &d.reviewer,
            decision: d.decision.as_str(),
            submitted_at: d
                .submitted_at
                .parse::<jiff::Timestamp>()
                .map_or_else(|_| d.submitted_at.clone(), |t| time(t, tz)),
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
            since: time(since, tz),
            until: time(until, tz),
            repos,
            attended,
            changes_requested: decisions.len() - approved,
            decisions,
            approved,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_to_the_second_in_the_zone_asked_for() {
        let at: jiff::Timestamp = "2026-11-20T04:30:38.069937854Z".parse().unwrap_or_default();
        assert_eq!(
            time(at, &jiff::tz::TimeZone::UTC),
            "2026-11-20 04:30:38 UTC"
        );
        let plus2 = jiff::tz::TimeZone::fixed(jiff::tz::offset(2));
        assert_eq!(time(at, &plus2), "2026-11-20 06:30:38 +02");
    }
}
