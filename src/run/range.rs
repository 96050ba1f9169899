//! Checking what a range (a pull request) changed, from any [`Source`]: the bar
//! comes from the base, the change descriptions from the head.

use super::{CheckError, Outcome, check_entries, load_bar, read_paths};
use crate::decide::{ChangeReport, Finding, Report};
use crate::evaluate::Floor;
use crate::parse::policy::{CentralSource, Policy};
use crate::read::{Entry, How, Source, Touched};

/// Checks a range that touched `touched` (from the merge base to `head`: additions,
/// modifications, deletions and type changes). Policy, checklists and templates
/// come from `base`. Time rules are judged `at` that instant, else at `head`'s time.
///
/// Every touched path counts against `require_change_for` and the bar files, so a
/// pull request that only deletes, moves away or replaces a gated file with a
/// symlink still needs a change description, and one that deletes or renames the
/// policy or a checklist is a bar change. `require_change_for` is satisfied only
/// by a change description the range adds, or edits in substance.
pub fn check_changed(
    base: &dyn Source,
    head: &dyn Source,
    touched: Vec<Touched>,
    at: Option<jiff::Timestamp>,
    central: &dyn CentralSource,
) -> Result<Outcome, CheckError> {
    let mut bar = load_bar(base, at.unwrap_or_else(|| head.time()), central)?;
    // A change is judged at least at the risk of the riskiest path the range touches.
    let floor = bar
        .policy
        .path_floor(touched.iter().map(|t| t.path.as_str()))
        .map(|(risk, glob)| Floor {
            risk,
            by: format!("`{glob}`"),
        });
    bar.engine.set_path_floor(floor);
    let mut notes = Vec::new();
    let mut extra = Vec::new();
    let changes: Vec<String> = touched
        .iter()
        .filter(|t| t.exists_after() && bar.policy.is_change_path(&t.path))
        .map(|t| t.path.clone())
        .collect();
    let mut bar_changed: Vec<String> = touched
        .iter()
        .filter(|t| bar.policy.is_bar_file(&t.path))
        .map(|t| t.path.clone())
        .collect();
    bar_changed.dedup();
    if !bar_changed.is_empty() {
        notes.push(format!(
            "This change edits the bar itself ({}); it is judged by the policy and checklists of the base commit.",
            bar_changed.join(", ")
        ));
    }
    let owned = owned_descriptions(base, head, &touched, &changes)?;
    match touched.iter().find(|t| bar.policy.requires_change(&t.path)) {
        Some(trigger) if owned.is_empty() => {
            let how = match trigger.how {
                How::Added => "was added",
                How::Modified => "changed",
                How::Deleted => "was deleted or moved away",
                How::TypeChanged => {
                    "changed kind (a file, directory, symlink or submodule became another)"
                }
            };
            let glob = bar
                .policy
                .requiring_glob(&trigger.path)
                .unwrap_or("require_change_for");
            let findings = bar.engine.change_required(
                &trigger.path,
                glob,
                &bar.policy.changes_dir,
                how,
                &changes.join(", "),
            );
            if !findings.is_empty() {
                extra.push(missing_description(&bar.policy, findings));
            }
        }
        Some(_) => {}
        None if changes.is_empty() => {
            notes.push("Nothing in this range needs a change description.".into());
        }
        None => {}
    }
    let entries = read_paths(head, &changes)?;
    let (mut reports, errors) = check_entries(&bar, entries, head);
    reports.extend(extra);
    let mut report = Report::from_changes(reports, errors);
    report.notes.extend(notes);
    Ok(Outcome {
        report,
        policy: bar.policy,
        templates: bar.templates,
        touched,
        bar_changed,
    })
}

/// The change descriptions among `changes` that the range owns: added (or changed
/// in kind), or edited in substance. An edit that only changes white space or
/// Markdown emphasis does not make an old description this range's.
fn owned_descriptions(
    base: &dyn Source,
    head: &dyn Source,
    touched: &[Touched],
    changes: &[String],
) -> Result<Vec<String>, CheckError> {
    let mut owned = Vec::new();
    for path in changes {
        let modified = touched
            .iter()
            .any(|t| &t.path == path && t.how == How::Modified);
        if modified {
            let before = base.read(path)?;
            let after = head.read(path)?;
            if let (Some(Entry::Text { text: old, .. }), Some(Entry::Text { text: new, .. })) =
                (&before, &after)
                && substance(old) == substance(new)
            {
                continue;
            }
        }
        owned.push(path.clone());
    }
    Ok(owned)
}

/// The words of `text`, without white space, Markdown emphasis or bare markup
/// (heading marks, list bullets, quote marks, table rules).
fn substance(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c| matches!(c, '*' | '_' | '~')))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| "#>-+*|=:".contains(c)))
        .collect()
}

/// The stand-in for the change description a range lacks, carrying the findings
/// of the `change-required` rules.
fn missing_description(policy: &Policy, findings: Vec<Finding>) -> ChangeReport {
    ChangeReport {
        path: format!("{}/", policy.changes_dir),
        title: "Missing change description".into(),
        findings,
        ..ChangeReport::default()
    }
}
