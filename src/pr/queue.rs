//! The office-hours agenda: open pull requests waiting for bar-raiser approval,
//! in the order they should be discussed.

use std::cmp::Ordering;

use super::fan::{self, Progress};
use super::{Judged, Listed, PullError, list_all};
use crate::Verdict;
use crate::github::{GitHub, PullState, Repo};
use crate::parse::change::Risk;
use crate::read::Workspace;

/// One pull request on the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueItem {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// The services the change descriptions name, comma-separated.
    pub service: String,
    /// The highest risk the changes declare.
    pub risk: Option<Risk>,
    /// The earliest window start.
    pub window_start: Option<jiff::Timestamp>,
    /// Who opened it.
    pub author: String,
    /// When it was opened (RFC 3339, as GitHub sent it).
    pub created_at: String,
    /// `created_at`, parsed once.
    pub created: Option<jiff::Timestamp>,
    /// Findings of any severity.
    pub findings: usize,
    /// Valid approvals so far.
    pub approvals_valid: u32,
    /// Valid approvals needed.
    pub approvals_needed: u32,
    /// Link in the web UI.
    pub url: String,
}

/// An agenda item with the judged pull request behind it (office hours reviews it).
pub struct Entry {
    /// The row.
    pub item: QueueItem,
    /// The pull request, judged.
    pub judged: Judged,
}

/// The agenda across `repos`, in [`order`]: open, non-draft pull requests waiting for
/// approval. Those that cannot be judged, and repositories that cannot be listed,
/// are left out and named in `skipped`; when no repository can be listed at all,
/// that is the error.
pub fn agenda(
    gh: &dyn GitHub,
    repos: &[Repo],
    local: Option<&Workspace>,
    progress: &dyn Progress,
) -> Result<Listed<Entry>, PullError> {
    let mut listed = list_all(gh, repos, PullState::Open, None, "open ", progress)?;
    listed.items.retain(|(_, p)| !p.draft);
    let judged = fan::pulls(&listed.items, local, progress, |ws, (repo, pull)| {
        super::judge(gh, repo, pull.clone(), ws)
    });
    let mut items = Vec::new();
    for ((repo, pull), answer) in listed.items.iter().zip(judged) {
        match answer {
            Ok(judged) => {
                if let Some(item) = item(&repo.to_string(), &judged) {
                    items.push(Entry { item, judged });
                }
            }
            Err(e) => listed
                .skipped
                .push(format!("{repo}#{} skipped: {e}", pull.number)),
        }
    }
    items.sort_by(|a, b| order(&a.item, &b.item));
    Ok(Listed {
        items,
        skipped: listed.skipped,
    })
}

/// The agenda item for a judged pull request, when it is waiting for approval.
pub fn item(repo: &str, judged: &Judged) -> Option<QueueItem> {
    let report = &judged.report;
    if judged.decision.verdict != Verdict::NeedsApproval {
        return None;
    }
    let mut services: Vec<String> = Vec::new();
    for c in report.described() {
        if let Some(s) = c.service.as_ref().filter(|s| !services.contains(s)) {
            services.push(s.clone());
        }
    }
    let window = report.described().filter_map(|c| c.window_start).min();
    let risk = report.changes.iter().filter_map(|c| c.risk).max();
    Some(QueueItem {
        repo: repo.to_owned(),
        number: judged.pull.number,
        title: judged.pull.title.clone(),
        service: services.join(", "),
        risk,
        window_start: window,
        author: judged.pull.author.clone(),
        created_at: judged.pull.created_at.clone(),
        created: judged.pull.created_at.parse().ok(),
        findings: report.changes.iter().map(|c| c.findings.len()).sum(),
        approvals_valid: judged.decision.valid,
        approvals_needed: judged.decision.needed,
        url: judged.pull.html_url.clone(),
    })
}

/// The agenda's order: window start (soonest first, none last), then risk (high
/// first), then age (oldest first); repository and number break ties.
pub fn order(a: &QueueItem, b: &QueueItem) -> Ordering {
    match (a.window_start, b.window_start) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| b.risk.cmp(&a.risk))
    .then_with(|| a.created.cmp(&b.created))
    .then_with(|| (a.repo.as_str(), a.number).cmp(&(b.repo.as_str(), b.number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: u64, window: &str, risk: &str, created: &str) -> QueueItem {
        QueueItem {
            repo: "acme/shop".into(),
            number: n,
            title: String::new(),
            service: String::new(),
            risk: Risk::parse(risk),
            window_start: window.parse().ok(),
            author: String::new(),
            created_at: created.into(),
            created: created.parse().ok(),
            findings: 0,
            approvals_valid: 0,
            approvals_needed: 1,
            url: String::new(),
        }
    }

    #[test]
    fn window_then_risk_then_age() {
        let mut items = [
            item(1, "", "high", "2026-01-01T00:00:00Z"),
            item(2, "2026-12-02T00:00:00Z", "low", "2026-01-01T00:00:00Z"),
            item(3, "2026-12-01T00:00:00Z", "medium", "2026-01-03T00:00:00Z"),
            item(4, "2026-12-01T00:00:00Z", "high", "2026-01-05T00:00:00Z"),
            item(5, "2026-12-01T00:00:00Z", "medium", "2026-01-02T00:00:00Z"),
        ];
        items.sort_by(order);
        let numbers: Vec<u64> = items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [4, 5, 3, 2, 1]);
    }
}
