//! The office-hours agenda: open pull requests waiting for bar-raiser approval,
//! in the order they should be discussed.

use serde::Serialize;

use super::Judged;
use crate::Verdict;
use crate::parse::change::{Risk, parse_change};

/// One pull request on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    /// `owner/name`.
    pub repo: String,
    /// Pull request number.
    pub number: u64,
    /// Pull request title.
    pub title: String,
    /// The services the change descriptions name, comma-separated.
    pub service: String,
    /// The highest risk among the changes.
    pub risk: String,
    /// The earliest window start (RFC 3339), empty when none is given.
    pub window_start: String,
    /// Who opened it.
    pub author: String,
    /// When it was opened (RFC 3339).
    pub created_at: String,
    /// Findings of any severity.
    pub findings: usize,
    /// Valid approvals so far.
    pub approvals_valid: u32,
    /// Valid approvals needed.
    pub approvals_needed: u32,
    /// Link in the web UI.
    pub url: String,
}

/// The agenda item for a judged pull request, when it is waiting for approval.
pub fn item(repo: &str, judged: &Judged) -> Option<QueueItem> {
    let report = &judged.judgement.report;
    if report.verdict != Verdict::NeedsApproval {
        return None;
    }
    let mut services: Vec<String> = Vec::new();
    let mut window: Option<jiff::Timestamp> = None;
    for c in report.changes.iter().filter(|c| !c.blob.is_empty()) {
        let Ok(change) = parse_change(&c.path, &c.blob, &c.source, &judged.outcome.policy.body)
        else {
            continue;
        };
        if let Some(s) = change.field("service").filter(|s| !services.contains(s)) {
            services.push(s);
        }
        let start = change
            .field("window.start")
            .and_then(|s| s.trim().parse::<jiff::Timestamp>().ok());
        window = match (window, start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let risk = report
        .changes
        .iter()
        .filter_map(|c| Risk::parse(&c.risk))
        .max()
        .map(|r| r.as_str().to_owned())
        .unwrap_or_default();
    Some(QueueItem {
        repo: repo.to_owned(),
        number: judged.pull.number,
        title: judged.pull.title.clone(),
        service: services.join(", "),
        risk,
        window_start: window.map(|w| w.to_string()).unwrap_or_default(),
        author: judged.pull.author.clone(),
        created_at: judged.pull.created_at.clone(),
        findings: report.changes.iter().map(|c| c.findings.len()).sum(),
        approvals_valid: judged.judgement.valid,
        approvals_needed: judged.judgement.needed,
        url: judged.pull.html_url.clone(),
    })
}

/// Orders the agenda: window start (soonest first, none last), then risk (high
/// first), then age (oldest first); repository and number break ties.
pub fn order(items: &mut [QueueItem]) {
    let risk_rank = |r: &str| Risk::parse(r).map_or(0, |r| r as u8 + 1);
    items.sort_by(|a, b| {
        let window = |i: &QueueItem| i.window_start.parse::<jiff::Timestamp>().ok();
        let created = |i: &QueueItem| i.created_at.parse::<jiff::Timestamp>().ok();
        match (window(a), window(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| risk_rank(&b.risk).cmp(&risk_rank(&a.risk)))
        .then_with(|| created(a).cmp(&created(b)))
        .then_with(|| (a.repo.as_str(), a.number).cmp(&(b.repo.as_str(), b.number)))
    });
}

/// How long ago `created_at` was, as `3d`, `5h` or `12m`.
pub fn age(created_at: &str, now: jiff::Timestamp) -> String {
    let Ok(at) = created_at.parse::<jiff::Timestamp>() else {
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

    fn item(n: u64, window: &str, risk: &str, created: &str) -> QueueItem {
        QueueItem {
            repo: "acme/shop".into(),
            number: n,
            title: String::new(),
            service: String::new(),
            risk: risk.into(),
            window_start: window.into(),
            author: String::new(),
            created_at: created.into(),
            findings: 0,
            approvals_valid: 0,
            approvals_needed: 1,
            url: String::new(),
        }
    }

    #[test]
    fn window_then_risk_then_age() {
        let mut items = vec![
            item(1, "", "high", "2026-01-01T00:00:00Z"),
            item(2, "2026-12-02T00:00:00Z", "low", "2026-01-01T00:00:00Z"),
            item(3, "2026-12-01T00:00:00Z", "medium", "2026-01-03T00:00:00Z"),
            item(4, "2026-12-01T00:00:00Z", "high", "2026-01-05T00:00:00Z"),
            item(5, "2026-12-01T00:00:00Z", "medium", "2026-01-02T00:00:00Z"),
        ];
        order(&mut items);
        let numbers: Vec<u64> = items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [4, 5, 3, 2, 1]);
    }

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        let now: jiff::Timestamp = "2026-01-03T12:00:00Z".parse().unwrap_or_default();
        assert_eq!(age("2026-01-01T00:00:00Z", now), "2d");
        assert_eq!(age("2026-01-03T07:00:00Z", now), "5h");
        assert_eq!(age("2026-01-03T11:48:00Z", now), "12m");
    }
}
