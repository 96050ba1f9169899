//! Checking what a range (a pull request) changed, from any [`Source`]: the bar
//! comes from the base, the change descriptions from the head.

use super::{CheckError, Outcome, check_entries, load_bar, read_paths};
use crate::decide::{ChangeReport, Finding, Report};
use crate::parse::policy::Policy;
use crate::read::Source;

/// Checks a range whose changed paths (added or modified, from the merge base to
/// `head`) are `paths`. Policy, checklists and templates come from `base`.
pub fn check_changed(
    base: &dyn Source,
    head: &dyn Source,
    paths: Vec<String>,
) -> Result<Outcome, CheckError> {
    let bar = load_bar(base, head.time())?;
    let mut notes = Vec::new();
    let mut extra = Vec::new();
    let changes: Vec<String> = paths
        .iter()
        .filter(|p| bar.policy.is_change_path(p))
        .cloned()
        .collect();
    let bar_changed: Vec<String> = paths
        .iter()
        .filter(|p| bar.policy.is_bar_file(p))
        .cloned()
        .collect();
    if !bar_changed.is_empty() {
        notes.push(format!(
            "This change edits the bar itself ({}); it is judged by the policy and checklists of the base commit.",
            bar_changed.join(", ")
        ));
    }
    match bar.policy.missing_change(&paths) {
        Some((trigger, glob)) => {
            let findings = bar
                .engine
                .change_required(trigger, glob, &bar.policy.changes_dir);
            if !findings.is_empty() {
                extra.push(missing_description(&bar.policy, findings));
            }
        }
        None if changes.is_empty() => {
            notes.push("Nothing in this range needs a change description.".into());
        }
        None => {}
    }
    let entries = read_paths(head, &changes)?;
    let (mut reports, errors) = check_entries(&bar, entries, head);
    reports.extend(extra);
    let mut report = Report::from_changes(reports, errors);
    report.notes = notes;
    Ok(Outcome {
        report,
        policy: bar.policy,
        templates: bar.templates,
        bar_changed,
    })
}

/// The stand-in for the change description a range lacks, carrying the findings
/// of the `change-required` rules.
fn missing_description(policy: &Policy, findings: Vec<Finding>) -> ChangeReport {
    ChangeReport {
        path: format!("{}/", policy.changes_dir),
        title: "Missing change description".into(),
        risk: None,
        service: None,
        window_start: None,
        blob: String::new(),
        findings,
        source: String::new(),
    }
}
