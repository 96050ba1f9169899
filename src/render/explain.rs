//! `barraiser explain RULE` (from `explain.txt.j2`) and the change description
//! `barraiser new SLUG` writes (from `change.md.j2`): plain-text templates, printed
//! as they are.

use serde::Serialize;

use super::{RenderError, Templates};
use crate::evaluate::{Checklist, Rule};
use crate::parse::change::Risk;
use crate::parse::checklist::Level;

/// What `explain.txt.j2` sees.
#[derive(Serialize)]
struct Explained<'a> {
    rule: RuleText<'a>,
    checklist: &'a str,
    path: &'a str,
    /// "low off, medium blocker, high blocker".
    severity: String,
}

#[derive(Serialize)]
struct RuleText<'a> {
    id: &'a str,
    title: &'a str,
    why: &'a str,
    fix: &'a str,
    examples: Option<Examples<'a>>,
}

#[derive(Serialize)]
struct Examples<'a> {
    bad: &'a str,
    good: &'a str,
}

/// The lowercase name of a level (`off` included), as `explain` prints it.
pub(crate) fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::Advice => "advice",
        Level::Warning => "warning",
        Level::Blocker => "blocker",
    }
}

/// `rule` of `list` explained: why it exists, what to write, and its examples.
pub fn explain(
    list: &Checklist,
    rule: &Rule,
    templates: &Templates,
) -> Result<String, RenderError> {
    let severity: Vec<String> = Risk::ALL
        .iter()
        .map(|r| format!("{} {}", r.as_str(), level_name(rule.level(*r))))
        .collect();
    templates.render(
        "explain.txt.j2",
        Explained {
            rule: RuleText {
                id: &rule.id,
                title: &rule.title,
                why: &rule.why,
                fix: &rule.fix,
                examples: rule.examples.as_ref().map(|e| Examples {
                    bad: &e.bad,
                    good: &e.good,
                }),
            },
            checklist: &list.name,
            path: &list.path,
            severity: severity.join(", "),
        },
    )
}

/// What `change.md.j2` sees.
#[derive(Serialize)]
struct NewChange<'a> {
    slug: &'a str,
    title: String,
    today: String,
    start: String,
    end: String,
}

/// A change description for `slug` to fill in, its window tomorrow 09:00 to 11:00 UTC
/// as of `now`.
pub fn new_change(
    slug: &str,
    now: jiff::Timestamp,
    templates: &Templates,
) -> Result<String, RenderError> {
    let zoned = now.to_zoned(jiff::tz::TimeZone::UTC);
    let tomorrow = zoned.date().tomorrow().unwrap_or(zoned.date());
    let start = tomorrow.at(9, 0, 0, 0);
    let end = start
        .checked_add(jiff::Span::new().hours(2))
        .unwrap_or(start);
    let mut title = slug.replace('-', " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    templates.render(
        "change.md.j2",
        NewChange {
            slug,
            title,
            today: zoned.date().to_string(),
            start: format!("{start}Z"),
            end: format!("{end}Z"),
        },
    )
}
