//! What `office-hours` shows on a terminal: each agenda item with its change
//! descriptions rendered for reading (headings, numbered steps, commands set apart,
//! expectations marked, findings in place), its approvals and why each counts or
//! not, and a diff stat of the gated files; the full diff; what moved since an item
//! was shown; and the prompts. Lines fit the width given; colour only when asked.

mod diff;

use std::fmt::Write as _;

use anstyle::{AnsiColor, Effects, Style};

use crate::decide::{ApprovalState, ChangeReport, Finding, Report, Severity};
use crate::github::Repo;
use crate::pr::{GatedFile, Judged};

pub use diff::{diff, diff_stat, moved};

const BOLD: Style = Style::new().effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);
const RED: Style = AnsiColor::BrightRed.on_default().effects(Effects::BOLD);
const YELLOW: Style = AnsiColor::BrightYellow.on_default();
const GREEN: Style = AnsiColor::BrightGreen.on_default();
const CYAN: Style = AnsiColor::BrightCyan.on_default();

/// How to lay text out: the terminal's width and whether to colour.
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    /// Columns; every line fits (at least 40 are assumed).
    pub width: usize,
    /// ANSI colour (never when `NO_COLOR` is set or stdout is not a terminal).
    pub color: bool,
}

impl Screen {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn width(&self) -> usize {
        self.width.max(40)
    }

    /// A rule across the screen with `title` in it.
    fn rule(&self, title: &str) -> String {
        let title = format!("── {title} ");
        let fill = self.width().saturating_sub(title.chars().count());
        self.paint(BOLD, &format!("{title}{}", "─".repeat(fill)))
    }
}

/// One line of user text: whitespace runs become one space, control characters go
/// (terminal escapes in a title must not reach the terminal).
fn clean(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().filter(|c| !c.is_control()).collect()
}

/// Splits `text` into lines of at most `width` characters, at spaces where it can;
/// continuation lines keep the first line's indentation.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let indent = " ".repeat((text.len() - body.len()).min(width / 2));
    let width = width.saturating_sub(indent.len()).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in body.split(' ') {
        let (used, len) = (line.chars().count(), word.chars().count());
        if used > 0 && used + 1 + len > width {
            lines.push(std::mem::take(&mut line));
        } else if used > 0 {
            line.push(' ');
        }
        let mut rest: Vec<char> = word.chars().collect();
        while line.is_empty() && rest.len() > width {
            lines.push(rest.drain(..width).collect());
        }
        line.extend(rest);
    }
    lines.push(line);
    lines.into_iter().map(|l| format!("{indent}{l}")).collect()
}

/// Agenda item `number` of `count`: header, verdict, descriptions, approvals, diff stat.
pub fn item(
    (number, count): (usize, usize),
    repo: &Repo,
    judged: &Judged,
    gated: &[GatedFile],
    screen: Screen,
) -> String {
    let mut out = String::new();
    let banner = format!("━━━ {number} of {count} ");
    let fill = screen.width().saturating_sub(banner.chars().count());
    let _ = writeln!(
        out,
        "{}",
        screen.paint(BOLD, &format!("{banner}{}", "━".repeat(fill)))
    );
    out.push_str(&header(repo, judged, screen));
    let report = &judged.report;
    for line in wrap(&super::headline(report), screen.width()) {
        let _ = writeln!(out, "{}", screen.paint(BOLD, &line));
    }
    for note in &report.notes {
        for line in wrap(&format!("note: {}", clean(note)), screen.width()) {
            let _ = writeln!(out, "{line}");
        }
    }
    for change in &report.changes {
        out.push('\n');
        out.push_str(&description(change, screen));
    }
    for error in &report.errors {
        let text = format!("{}: {}", clean(&error.path), clean(&error.message));
        for line in wrap(&text, screen.width()) {
            let _ = writeln!(out, "{}", screen.paint(RED, &line));
        }
    }
    out.push('\n');
    out.push_str(&approvals(report, screen));
    out.push('\n');
    out.push_str(&diff_stat(gated, screen));
    out
}

/// The lines naming the pull request: title, author, where it was read from, the
/// full head (what a decision will be bound to) and the link.
pub fn header(repo: &Repo, judged: &Judged, screen: Screen) -> String {
    let pull = &judged.pull;
    let mut out = String::new();
    let title = format!("{repo}#{}: {}", pull.number, clean(&pull.title));
    for line in wrap(&title, screen.width()) {
        let _ = writeln!(out, "{}", screen.paint(BOLD, &line));
    }
    let from = match judged.read_from {
        crate::pr::ReadFrom::Local => "read from the local clone",
        crate::pr::ReadFrom::Api => "read through the GitHub API",
    };
    let _ = writeln!(out, "by {} · {from}", clean(&pull.author));
    let _ = writeln!(out, "head {}", pull.head_sha);
    let _ = writeln!(out, "{}", pull.html_url);
    out
}

/// A change description for reading on a terminal, its findings under the lines
/// they are about.
pub fn description(change: &ChangeReport, screen: Screen) -> String {
    let mut out = String::new();
    let risk = change
        .risk
        .map_or("no risk".to_owned(), |r| format!("{} risk", r.as_str()));
    let counts = format!(
        "{} blocker(s), {} warning(s)",
        change.count(Severity::Blocker),
        change.count(Severity::Warning)
    );
    let _ = writeln!(
        out,
        "{}",
        screen.rule(&format!("{} · {risk} · {counts}", clean(&change.path)))
    );
    let text_width = screen.width().saturating_sub(7);
    let lines: Vec<&str> = change.source.lines().collect();
    let last = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    // Findings not on a line of the text (the file as a whole) come first.
    for f in change
        .findings
        .iter()
        .filter(|f| f.line == 0 || f.line > last)
    {
        out.push_str(&finding(f, screen));
    }
    let mut front = lines.first().is_some_and(|l| l.trim_end() == "---");
    let mut fence: Option<String> = None;
    for (i, raw) in lines.iter().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim_start();
        let gutter = if change.outline.expectations.contains(&n) {
            screen.paint(GREEN, "✔")
        } else {
            "│".to_owned()
        };
        let (text, style) = if front {
            if i > 0 && raw.trim_end() == "---" {
                front = false;
            }
            (raw.to_string(), Some(DIM))
        } else if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
                continue;
            }
            let width = text_width.saturating_sub(6);
            for (j, piece) in wrap(raw.trim_end(), width).into_iter().enumerate() {
                let number = if j == 0 {
                    format!("{n:>4}")
                } else {
                    "    ".to_owned()
                };
                let _ = writeln!(
                    out,
                    "{number} {gutter}     ┃ {}",
                    screen.paint(CYAN, &piece)
                );
            }
            for f in change.findings.iter().filter(|f| f.line == n) {
                out.push_str(&finding(f, screen));
            }
            continue;
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed.chars().take(3).collect());
            continue;
        } else if let Some(heading) = heading(trimmed) {
            let _ = writeln!(out, "{n:>4} {gutter} {}", screen.paint(BOLD, heading));
            let under = "═".repeat(heading.chars().count().min(text_width));
            let _ = writeln!(out, "     │ {under}");
            continue;
        } else if let Some((_, number)) = change.outline.steps.iter().find(|(l, _)| *l == n) {
            let indent = raw.len() - trimmed.len();
            (
                format!("{}{number}. {}", " ".repeat(indent), unmarked(trimmed)),
                None,
            )
        } else {
            (raw.to_string(), None)
        };
        for (j, piece) in wrap(text.trim_end(), text_width).into_iter().enumerate() {
            let number = if j == 0 {
                format!("{n:>4}")
            } else {
                "    ".to_owned()
            };
            let body = match style {
                Some(s) => screen.paint(s, &piece),
                None => code_spans(&piece, screen),
            };
            let _ = writeln!(out, "{number} {gutter} {body}");
        }
        for f in change.findings.iter().filter(|f| f.line == n) {
            out.push_str(&finding(f, screen));
        }
    }
    out
}

/// The text of a Markdown heading line, without its `#` marks.
fn heading(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('#');
    let level = line.len() - rest.len();
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| rest.trim().trim_end_matches('#').trim_end())
}

/// A list item's text without its marker (`- `, `* `, `+ `, `3. `, `3) `).
fn unmarked(line: &str) -> &str {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest;
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest;
        }
    }
    line
}

/// Inline code spans set apart in colour (the backticks stay, for a plain terminal).
fn code_spans(text: &str, screen: Screen) -> String {
    if !screen.color {
        return text.to_owned();
    }
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&screen.paint(CYAN, part));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A finding under its line: severity, rule and message, wrapped.
fn finding(f: &Finding, screen: Screen) -> String {
    let style = match f.severity {
        Severity::Blocker => RED,
        _ => YELLOW,
    };
    let text = format!("{} {}: {}", f.severity.as_str(), f.rule, clean(&f.message));
    let mut out = String::new();
    for (i, line) in wrap(&text, screen.width().saturating_sub(9))
        .into_iter()
        .enumerate()
    {
        let mark = if i == 0 { "▲" } else { " " };
        let _ = writeln!(out, "       {mark} {}", screen.paint(style, &line));
    }
    out
}

/// The decisions so far, each with why it counts or not, then the quorum.
fn approvals(report: &Report, screen: Screen) -> String {
    let mut out = format!("{}\n", screen.rule("Approvals"));
    if report.approvals.is_empty() {
        out.push_str("  none recorded yet\n");
    }
    for a in &report.approvals {
        let why = match (a.state, a.reason.is_empty()) {
            (ApprovalState::Valid, _) => "counts".to_owned(),
            (_, true) => "does not count".to_owned(),
            (_, false) => format!("does not count: {}", clean(&a.reason)),
        };
        let text = format!("{} {}: {why}", clean(&a.reviewer), a.state.as_str());
        let style = if a.state == ApprovalState::Valid {
            GREEN
        } else {
            YELLOW
        };
        for (i, line) in wrap(&text, screen.width().saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { "  " } else { "    " };
            let _ = writeln!(out, "{indent}{}", screen.paint(style, &line));
        }
    }
    if let Some((valid, needed, more)) = report.quorum() {
        let _ = writeln!(
            out,
            "  {valid} valid of {needed} needed; {more} more needed"
        );
    }
    out
}

/// The keys an item accepts, as its prompt says them.
pub const KEYS: &str =
    "[a]pprove [r]equest changes [s]kip [n]ext [p]rev [v]iew [d]iff [o]pen [q]uit";

/// The prompt under item `number` of `count`: its position, when that fits `width`
/// with the keys.
pub fn prompt(number: usize, count: usize, width: usize) -> String {
    let position = format!("{number}/{count} ");
    if position.len() + KEYS.len() <= width {
        format!("{position}{KEYS}")
    } else {
        KEYS.to_owned()
    }
}

/// Said when a key is not one the prompt accepts.
pub fn unknown_key(key: &str) -> String {
    format!("{key:?} is not a key here; press one of a r s n p v d o q.\n")
}

/// The prompt between pages of a long item.
pub fn more(shown: usize, total: usize) -> String {
    format!("-- line {shown} of {total}: [Enter/space] more, [q] skip to the keys --")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_their_indentation() {
        let lines = wrap("   one two three four five six seven", 16);
        assert_eq!(lines, ["   one two three", "   four five six", "   seven"]);
        assert!(
            wrap(&"x".repeat(30), 12)
                .iter()
                .all(|l| l.chars().count() <= 12)
        );
    }

    #[test]
    fn the_prompt_says_every_key_and_fits_80_columns() {
        let p = prompt(1, 3, 80);
        assert!(p.chars().count() <= 80, "{p}");
        for key in [
            "[a]", "[r]", "[s]", "[n]", "[p]", "[v]", "[d]", "[o]", "[q]",
        ] {
            assert!(p.contains(key), "{p}");
        }
        assert_eq!(prompt(10, 12, 80), KEYS);
    }
}
