//! The office-hours agenda (`barraiser queue`): aligned columns for a terminal,
//! Markdown from `queue.md.j2`, and the versioned JSON that `docs/json.md`
//! documents. `Row` freezes the shape both the JSON and the template see.

use serde::Serialize;

use super::neutralize::Trusted;
use super::{RenderError, Templates};
use crate::pr::queue::QueueItem;

/// One agenda row (JSON version 1 and the template's `items`); keys are only added.
/// Keys are in alphabetical order, the order version 1 was first printed in.
#[derive(Serialize)]
struct Row<'a> {
    /// How long ago it was opened: `3d`, `5h`, `12m`.
    age: String,
    approvals_needed: u32,
    approvals_valid: u32,
    author: &'a str,
    created_at: &'a str,
    findings: usize,
    number: u64,
    repo: &'a str,
    /// `low`, `medium`, `high`, or `""` when no change declares one.
    risk: &'static str,
    service: &'a str,
    title: &'a str,
    url: Trusted,
    /// RFC 3339, or `""` when no change gives one.
    window_start: String,
}

impl<'a> Row<'a> {
    fn new(item: &'a QueueItem, now: jiff::Timestamp) -> Self {
        Self {
            age: age(item.created, now),
            approvals_needed: item.approvals_needed,
            approvals_valid: item.approvals_valid,
            author: &item.author,
            created_at: &item.created_at,
            findings: item.findings,
            number: item.number,
            repo: &item.repo,
            risk: item.risk.map_or("", |r| r.as_str()),
            service: &item.service,
            title: &item.title,
            url: Trusted::Link(item.url.clone()),
            window_start: item.window_start.map(|w| w.to_string()).unwrap_or_default(),
        }
    }
}

fn rows<'a>(items: &[&'a QueueItem], now: jiff::Timestamp) -> Vec<Row<'a>> {
    items.iter().map(|item| Row::new(item, now)).collect()
}

/// `{"version": 1, "items": [...]}`, pretty-printed, ending in a newline.
pub fn json(items: &[&QueueItem], now: jiff::Timestamp) -> Result<String, RenderError> {
    #[derive(Serialize)]
    struct Queue<'a> {
        items: Vec<Row<'a>>,
        version: u32,
    }
    super::json::pretty(&Queue {
        items: rows(items, now),
        version: 1,
    })
}

/// The agenda as Markdown from `queue.md.j2`, for meeting notes.
pub fn markdown(
    items: &[&QueueItem],
    repos: &[String],
    now: jiff::Timestamp,
    templates: &Templates,
) -> Result<String, RenderError> {
    #[derive(Serialize)]
    struct Context<'a> {
        generated_at: String,
        repos: &'a [String],
        items: Vec<Row<'a>>,
    }
    templates.render(
        "queue.md.j2",
        Context {
            generated_at: now.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            repos,
            items: rows(items, now),
        },
    )
}

/// The agenda in aligned columns, with terminal escapes in user text removed.
pub fn table(items: &[&QueueItem], now: jiff::Timestamp) -> String {
    if items.is_empty() {
        return "Nothing is waiting for bar-raiser approval.\n".to_owned();
    }
    let clean = |s: &str| {
        let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // Terminal escapes in titles must not reach the terminal.
        line.chars().filter(|c| !c.is_control()).collect::<String>()
    };
    let header = [
        "WINDOW",
        "RISK",
        "PR",
        "TITLE",
        "SERVICE",
        "AUTHOR",
        "AGE",
        "FINDINGS",
        "APPROVALS",
        "LINK",
    ];
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for i in items {
        cells.push(vec![
            i.window_start
                .map_or_else(|| "-".to_owned(), |w| w.to_string()),
            i.risk.map_or("", |r| r.as_str()).to_owned(),
            format!("{}#{}", i.repo, i.number),
            clean(&i.title).chars().take(50).collect(),
            clean(&i.service),
            clean(&i.author),
            age(i.created, now),
            i.findings.to_string(),
            format!("{}/{}", i.approvals_valid, i.approvals_needed),
            i.url.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The line `office-hours` opens with.
pub fn agenda_heading(count: usize) -> String {
    format!("{count} pull request(s) waiting for bar-raiser approval.\n")
}

/// The line over agenda item `number` (1-based) of `count` in `office-hours`.
pub fn item_heading(number: usize, count: usize) -> String {
    format!("\n=== {number} of {count} ===\n")
}

/// How long ago `created` was, as `3d`, `5h` or `12m` (empty when unknown).
fn age(created: Option<jiff::Timestamp>, now: jiff::Timestamp) -> String {
    let Some(at) = created else {
        return String::new();
    };
    let minutes = (now.as_second() - at.as_second()).max(0) / 60;
    match minutes {
        m if m >= 24 * 60 => format!("{}d", m / (24 * 60)),
        m if m >= 60 => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        let now: jiff::Timestamp = "2026-01-03T12:00:00Z".parse().unwrap_or_default();
        let at = |t: &str| t.parse().ok();
        assert_eq!(age(at("2026-01-01T00:00:00Z"), now), "2d");
        assert_eq!(age(at("2026-01-03T07:00:00Z"), now), "5h");
        assert_eq!(age(at("2026-01-03T11:48:00Z"), now), "12m");
    }
}
