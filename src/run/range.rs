//! Checking what a range (a pull request) changed, from any [`Source`]: the bar
//! comes from the base, the change descriptions from the head.

use super::{CheckError, Outcome, check_entries, load_bar, read_paths};
use crate::decide::{ChangeReport, Finding, Report, Severity};
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
    if changes.is_empty() {
        match paths.iter().find(|p| bar.policy.requires_change(p)) {
            Some(trigger) => extra.push(missing_description(&bar.policy, trigger)),
            None => notes.push("Nothing in this range needs a change description.".into()),
        }
    }
    let entries = read_paths(head, &changes)?;
    let (mut reports, errors) = check_entries(&bar, entries, head);
    reports.extend(extra);
    let mut report = Report::from_changes(reports, errors);
    report.notes = notes;
    Ok(Outcome {
        report,
        head_commit: head.commit_id(),
        policy: bar.policy,
        templates: bar.templates,
        changed: paths,
        bar_changed,
    })
}

fn missing_description(policy: &Policy, trigger: &str) -> ChangeReport {
    let glob = policy.requiring_glob(trigger);
    ChangeReport {
        path: format!("{}/", policy.changes_dir),
        title: "Missing change description".into(),
        risk: None,
        service: None,
        window_start: None,
        blob: String::new(),
        findings: vec![Finding {
            rule: "missing-change-description".into(),
            checklist: "policy".into(),
            severity: Severity::Blocker,
            message: format!(
                "`{trigger}` changed (it matches `{}`), but no change description under `{}/` was added or edited",
                glob.unwrap_or("require_change_for"),
                policy.changes_dir
            ),
            line: 0,
            column: 0,
            fix: format!(
                "Add a change description: `barraiser new SLUG` writes {}/SLUG.md to fill in.",
                policy.changes_dir
            ),
        }],
        source: String::new(),
    }
}
