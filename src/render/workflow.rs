//! GitHub Actions workflow commands: one annotation per finding and input error.

use std::fmt::Write as _;

use super::count;
use super::verdict::Totals;
use crate::decide::{Report, Severity};

/// `report` as `::error`, `::warning` and `::notice` lines, then a plain verdict line.
pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for change in &report.changes {
        for f in &change.findings {
            let command = match f.severity {
                Severity::Blocker => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let title = format!("barraiser {}: {}", f.severity, f.rule);
            let message = if f.fix.is_empty() {
                f.message.clone()
            } else {
                format!("{}\nFix: {}", f.message, f.fix)
            };
            annotation(
                &mut out,
                command,
                &change.path,
                f.line,
                f.column,
                &title,
                &message,
            );
        }
    }
    for e in &report.errors {
        annotation(
            &mut out,
            "error",
            &e.path,
            e.line,
            e.column,
            "barraiser input error",
            &e.message,
        );
    }
    let totals = Totals::of(report);
    let _ = writeln!(
        out,
        "barraiser: {} ({} in {}, {})",
        report.verdict,
        count(totals.blockers, "blocker", "blockers"),
        count(totals.changes, "change description", "change descriptions"),
        count(totals.errors, "input error", "input errors"),
    );
    out
}

fn annotation(
    out: &mut String,
    command: &str,
    file: &str,
    line: u32,
    column: u32,
    title: &str,
    message: &str,
) {
    let _ = write!(out, "::{command} file={}", escape_property(file));
    // GitHub rejects line 0; an unknown position annotates the whole file.
    if line > 0 {
        let _ = write!(out, ",line={line}");
        if column > 0 {
            let _ = write!(out, ",col={column}");
        }
    }
    let _ = writeln!(
        out,
        ",title={}::{}",
        escape_property(title),
        escape_data(message)
    );
}

/// Escapes a command's message the way `@actions/core` does (`escapeData`).
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property the way `@actions/core` does (`escapeProperty`).
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
