//! Terminal output: one diagnostic per finding, with a source snippet.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::count;
use super::verdict::Totals;
use crate::decide::{ChangeReport, Finding, InputError, Report, Severity, Verdict};

const BOLD: Style = Style::new().effects(Effects::BOLD);
const RED: Style = AnsiColor::BrightRed.on_default().effects(Effects::BOLD);
const YELLOW: Style = AnsiColor::BrightYellow.on_default().effects(Effects::BOLD);
const CYAN: Style = AnsiColor::BrightCyan.on_default().effects(Effects::BOLD);
const GREEN: Style = AnsiColor::BrightGreen.on_default().effects(Effects::BOLD);

/// Applies styles only when colour is on.
struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}

/// Renders `report` for a terminal; ANSI colour only when `color`.
pub(super) fn render(report: &Report, color: bool) -> String {
    let paint = Paint { color };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = changes(&report.changes, &paint, &renderer, threads);
    for error in &report.errors {
        input_error(&mut out, &paint, error);
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }
    for approval in &report.approvals {
        let reason = if approval.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", one_line(&approval.reason))
        };
        let _ = writeln!(
            out,
            "approval: {} {}{reason}",
            one_line(&approval.reviewer),
            approval.state.as_str()
        );
    }
    if let Some((valid, needed, more)) = report.quorum() {
        let _ = writeln!(
            out,
            "approvals: {valid} valid of {needed} needed{}",
            if more > 0 {
                format!("; {more} more needed")
            } else {
                String::new()
            }
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "{}: {}", paint.paint(BOLD, "note"), one_line(note));
    }
    verdict_line(&mut out, &paint, report);
    out
}

/// Changes in a run of thousands are rendered on as many threads as the machine
/// offers, a batch of [`BATCH`] changes each at a time, joined in order: the output
/// is the same as one thread's, and no more than a batch per thread is held twice.
const BATCH: usize = 256;

fn changes(list: &[ChangeReport], paint: &Paint, renderer: &Renderer, threads: usize) -> String {
    let in_order = |slice: &[ChangeReport]| {
        let mut out = String::new();
        for change in slice {
            change_block(&mut out, paint, renderer, change);
        }
        out
    };
    if threads <= 1 || list.len() <= BATCH {
        return in_order(list);
    }
    let mut out = String::new();
    for round in list.chunks(BATCH * threads) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = round
                .chunks(BATCH)
                .map(|batch| scope.spawn(move || in_order(batch)))
                .collect();
            for handle in handles {
                match handle.join() {
                    Ok(text) => out.push_str(&text),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
    }
    out
}

fn change_block(out: &mut String, paint: &Paint, renderer: &Renderer, change: &ChangeReport) {
    change_header(out, paint, change);
    // Indexed once per change: thousands of findings in one file must not
    // rescan it from the top each time.
    let lines: Vec<&str> = change.source.lines().collect();
    for finding in &change.findings {
        finding_block(out, paint, renderer, change, &lines, finding);
    }
    if change.findings.is_empty() {
        out.push('\n');
    }
}

fn change_header(out: &mut String, paint: &Paint, change: &ChangeReport) {
    let title = if change.title.is_empty() {
        "(no title)".to_owned()
    } else {
        one_line(&change.title)
    };
    let risk = change
        .risk
        .map(|r| format!(" (risk: {})", r.as_str()))
        .unwrap_or_default();
    let counts = if change.findings.is_empty() {
        "no findings".to_owned()
    } else {
        format!(
            "{}, {}",
            count(change.count(Severity::Blocker), "blocker", "blockers"),
            count(change.count(Severity::Warning), "warning", "warnings")
        )
    };
    let _ = writeln!(
        out,
        "{} — {title}{risk} — {counts}",
        paint.paint(BOLD, &one_line(&change.path))
    );
}

fn finding_block(
    out: &mut String,
    paint: &Paint,
    renderer: &Renderer,
    change: &ChangeReport,
    lines: &[&str],
    f: &Finding,
) {
    let (style, level) = match f.severity {
        Severity::Blocker => (RED, Level::ERROR),
        Severity::Warning => (YELLOW, Level::WARNING),
        Severity::Advice => (CYAN, Level::NOTE),
    };
    let _ = writeln!(
        out,
        "{}: {}: {}",
        paint.paint(
            BOLD,
            &format!("{}:{}:{}", one_line(&change.path), f.line, f.column)
        ),
        paint.paint(style, &format!("{}[{}]", f.severity, one_line(&f.rule))),
        one_line(&f.message)
    );
    let mut group = Group::with_level(level.clone());
    let line = source_line(lines, f.line);
    if let Some(line) = &line {
        let span = underline(line, f.column);
        group = group.element(
            Snippet::source(line.as_str())
                .line_start(f.line as usize)
                .annotation(AnnotationKind::Primary.span(span)),
        );
    }
    if !f.fix.trim().is_empty() {
        group = group.element(Level::HELP.message(one_line(&f.fix)));
    }
    if line.is_some() || !f.fix.trim().is_empty() {
        let _ = writeln!(out, "{}", renderer.render(&[group]));
    }
    out.push('\n');
}

fn input_error(out: &mut String, paint: &Paint, e: &InputError) {
    let location = if e.line > 0 {
        format!("{}:{}:{}", one_line(&e.path), e.line, e.column)
    } else {
        one_line(&e.path)
    };
    let _ = writeln!(
        out,
        "{}: {}: {}",
        paint.paint(BOLD, &location),
        paint.paint(RED, "error"),
        one_line(&e.message)
    );
}

fn verdict_line(out: &mut String, paint: &Paint, report: &Report) {
    let totals = Totals::of(report);
    let style = match report.verdict {
        _ if !report.errors.is_empty() => RED,
        Verdict::Blocked | Verdict::NeedsApproval => RED,
        Verdict::Pass | Verdict::Approved | Verdict::NotRequired => GREEN,
    };
    // Inputs that could not be read leave no verdict: exit code 2 says the same.
    let word = if report.errors.is_empty() {
        report.verdict.as_str()
    } else {
        "error"
    };
    let mut line = format!(
        "{}, {}, {} in {}",
        count(totals.blockers, "blocker", "blockers"),
        count(totals.warnings, "warning", "warnings"),
        count(totals.advice, "advice", "advice"),
        count(totals.changes, "change description", "change descriptions"),
    );
    if totals.errors > 0 {
        let _ = write!(
            line,
            "; {}",
            count(totals.errors, "input error", "input errors")
        );
    }
    let _ = writeln!(
        out,
        "{}: {} — {line}",
        paint.paint(BOLD, "verdict"),
        paint.paint(style, word)
    );
}

/// 1-based `line` of `source` with control characters made visible-safe, if
/// it exists. Each control character becomes one space, so character columns
/// still line up.
fn source_line(lines: &[&str], line: u32) -> Option<String> {
    let text = lines.get((line as usize).checked_sub(1)?)?;
    Some(
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// The byte range to underline: the word starting at 1-based character
/// `column`, or one character when there is no word there.
fn underline(line: &str, column: u32) -> std::ops::Range<usize> {
    let skip = (column as usize).saturating_sub(1);
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    start..start + len
}

/// `text` on one line without control characters, so a message cannot forge
/// extra output lines (or workflow commands when this runs in CI logs), nor
/// reorder what the terminal shows with bidirectional overrides.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(is_bidi_control, "")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{Paint, Renderer, changes};
    use crate::decide::{ChangeReport, Finding, Severity};

    #[test]
    fn changes_rendered_on_many_threads_read_as_on_one() {
        let list: Vec<ChangeReport> = (0..1000)
            .map(|i| ChangeReport {
                path: format!("changes/{i:04}.md"),
                title: format!("Change {i}"),
                source: format!("---\ntitle: Change {i}\n---\n\n# Steps\n\nTODO {i}\n"),
                findings: (0..i % 3)
                    .map(|k| Finding {
                        rule: "tribal-knowledge".into(),
                        checklist: "no-context".into(),
                        severity: if k == 0 {
                            Severity::Blocker
                        } else {
                            Severity::Warning
                        },
                        message: format!("finding {k} of change {i}"),
                        line: 7,
                        column: 1,
                        fix: "Write it down.".into(),
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        let paint = Paint { color: false };
        let renderer = Renderer::plain();
        let one = changes(&list, &paint, &renderer, 1);
        assert_eq!(changes(&list, &paint, &renderer, 3), one);
        assert_eq!(changes(&list, &paint, &renderer, 2), one);
        // In order, every change once.
        let headers: Vec<&str> = one.lines().filter(|l| l.contains(" — Change ")).collect();
        assert_eq!(headers.len(), 1000);
        assert!(
            headers[999].starts_with("changes/0999.md — Change 999"),
            "{}",
            headers[999]
        );
        assert!(
            one.contains("changes/0998.md:7:1: warning[tribal-knowledge]: finding 1 of change 998")
        );
    }
}
