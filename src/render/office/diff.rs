//! The diffs office hours shows: the gated files' stat and diff, and what moved in
//! a pull request since it was shown.

use std::fmt::Write as _;

use super::{CYAN, GREEN, RED, Screen, clean, wrap};
use crate::decide::Moved;
use crate::github::Repo;
use crate::pr::{GatedFile, Judged};
use crate::short;

/// Lines inserted and deleted from `before` to `after`.
fn counts(file: &GatedFile) -> (usize, usize) {
    let diff = similar::TextDiff::from_lines(
        file.before.as_deref().unwrap_or(""),
        file.after.as_deref().unwrap_or(""),
    );
    diff.iter_all_changes()
        .fold((0, 0), |(ins, del), c| match c.tag() {
            similar::ChangeTag::Insert => (ins + 1, del),
            similar::ChangeTag::Delete => (ins, del + 1),
            similar::ChangeTag::Equal => (ins, del),
        })
}

/// `git diff --stat` for the gated files.
pub fn diff_stat(files: &[GatedFile], screen: Screen) -> String {
    let mut out = format!(
        "{}\n",
        screen.rule("Gated files (require_change_for, risk_floor)")
    );
    if files.is_empty() {
        out.push_str("  the pull request changes no file under require_change_for or risk_floor\n");
        return out;
    }
    let name_width = files
        .iter()
        .map(|f| f.path.chars().count())
        .max()
        .unwrap_or(0)
        .min(screen.width() / 2);
    let (mut total_ins, mut total_del) = (0, 0);
    for f in files {
        let mut name: String = f.path.chars().take(name_width).collect();
        if f.path.chars().count() > name_width {
            name.pop();
            name.push('…');
        }
        let stat = if let Some(why) = &f.unreadable {
            format!("({})", clean(why))
        } else {
            let (ins, del) = counts(f);
            total_ins += ins;
            total_del += del;
            let room = screen.width().saturating_sub(name_width + 14).max(4);
            let scale = |n: usize| {
                if ins + del > room {
                    n * room / (ins + del)
                } else {
                    n
                }
            };
            format!(
                "{:>5} {}{}",
                ins + del,
                screen.paint(GREEN, &"+".repeat(scale(ins))),
                screen.paint(RED, &"-".repeat(scale(del)))
            )
        };
        let _ = writeln!(out, "  {name:<name_width$} |{stat}");
    }
    let _ = writeln!(
        out,
        "  {} file(s) changed, {total_ins} insertion(s)(+), {total_del} deletion(s)(-)",
        files.len()
    );
    out
}

/// A unified diff of `before` and `after`, coloured when asked.
fn unified(before: &str, after: &str, (old, new): (&str, &str), screen: Screen) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(old, new)
        .to_string();
    let mut out = String::new();
    for line in text.lines() {
        let clean: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let style = match clean.chars().next() {
            Some('+') => Some(GREEN),
            Some('-') => Some(RED),
            Some('@') => Some(CYAN),
            _ => None,
        };
        let _ = writeln!(
            out,
            "{}",
            style.map_or_else(|| clean.clone(), |s| screen.paint(s, &clean))
        );
    }
    out
}

/// The diff of the gated files, for the pager.
pub fn diff(files: &[GatedFile], screen: Screen) -> String {
    if files.is_empty() {
        return "The pull request changes no file under require_change_for or risk_floor.\n".into();
    }
    let mut out = String::new();
    for f in files {
        if let Some(why) = &f.unreadable {
            let _ = writeln!(out, "{}: not shown ({})", f.path, clean(why));
            continue;
        }
        let old = if f.before.is_some() {
            format!("a/{}", f.path)
        } else {
            "/dev/null".into()
        };
        let new = if f.after.is_some() {
            format!("b/{}", f.path)
        } else {
            "/dev/null".into()
        };
        out.push_str(&unified(
            f.before.as_deref().unwrap_or(""),
            f.after.as_deref().unwrap_or(""),
            (&old, &new),
            screen,
        ));
    }
    out
}

/// What moved since `shown` was displayed, with a diff of each change description
/// that changed; nothing was recorded.
pub fn moved(
    repo: &Repo,
    moved: &Moved,
    shown: Option<&Judged>,
    now: &Judged,
    screen: Screen,
) -> String {
    let mut out = String::new();
    let number = now.pull.number;
    let _ = writeln!(
        out,
        "{}",
        screen.paint(
            RED,
            &format!("{repo}#{number} changed since it was shown: nothing was recorded.")
        )
    );
    if moved.shown_head.len() < 7
        || !now
            .pull
            .head_sha
            .starts_with(&moved.shown_head.to_ascii_lowercase())
    {
        let _ = writeln!(
            out,
            "  head was {}, is now {}",
            short(&moved.shown_head),
            short(&moved.head)
        );
    }
    for f in &moved.files {
        let what = match (&f.shown, &f.now) {
            (Some(a), Some(b)) => format!("changed ({} → {})", short(a), short(b)),
            (Some(_), None) => "no longer part of the pull request's bound files".to_owned(),
            (None, _) => "added to what a decision binds".to_owned(),
        };
        for line in wrap(
            &format!("{}: {what}", f.path),
            screen.width().saturating_sub(2),
        ) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if moved.files.is_empty() && shown.is_none() {
        let _ = writeln!(
            out,
            "  run `barraiser review --repo {repo} --pr {number}` to read it as it is now"
        );
    }
    let source = |j: &Judged, path: &str| {
        j.report
            .changes
            .iter()
            .find(|c| c.path == path)
            .map(|c| c.source.clone())
    };
    if let Some(shown) = shown {
        for f in &moved.files {
            let (before, after) = (source(shown, &f.path), source(now, &f.path));
            if before.is_none() && after.is_none() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{}",
                screen.rule(&format!("what changed in {}", f.path))
            );
            out.push_str(&unified(
                before.as_deref().unwrap_or(""),
                after.as_deref().unwrap_or(""),
                ("as shown", "now"),
                screen,
            ));
        }
    }
    out
}
