//! The office-hours agenda: open pull requests waiting for bar-raiser approval,
//! in the order they should be discussed.

use serde::Serialize;

use super::Judged;
use crate::Verdict;
use crate::parse::change::Risk;

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
    /// The highest risk the changes declare (written as `""` when none does).
    #[serde(serialize_with = "crate::decide::risk_text")]
    pub risk: Option<Risk>,
    /// The earliest window start (RFC 3339, `""` when none is given).
    #[serde(serialize_with = "text_or_empty")]
    pub window_start: Option<jiff::Timestamp>,
    /// Who opened it.
    pub author: String,
    /// When it was opened (RFC 3339, as GitHub sent it).
    pub created_at: String,
    /// `created_at`, parsed once.
    #[serde(skip)]
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

/// The agenda item for a judged pull request, when it is waiting for approval.
pub fn item(repo: &str, judged: &Judged) -> Option<QueueItem> {
    let report = &judged.report;
    if judged.decision.verdict != Verdict::NeedsApproval {
        return None;
    }
    let mut services: Vec<String> = Vec::new();
    for c in report.changes.iter().filter(|c| !c.blob.is_empty()) {
        if let Some(s) = c.service.as_ref().filter(|s| !services.contains(s)) {
            services.push(s.clone());
        }
    }
    let window = report
        .changes
        .iter()
        .filter(|c| !c.blob.is_empty())
        .filter_map(|c| c.window_start)
        .min();
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

/// Orders the agenda: window start (soonest first, none last), then risk (high
/// first), then age (oldest first); repository and number break ties.
pub fn order(items: &mut [QueueItem]) {
    items.sort_by(|a, b| {
        match (a.window_start, b.window_start) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| b.risk.cmp(&a.risk))
        .then_with(|| a.created.cmp(&b.created))
        .then_with(|| (a.repo.as_str(), a.number).cmp(&(b.repo.as_str(), b.number)))
    });
}

/// How long ago `created` was, as `3d`, `5h` or `12m` (empty when unknown).
pub fn age(created: Option<jiff::Timestamp>, now: jiff::Timestamp) -> String {
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

fn text_or_empty<T: std::fmt::Display, S: serde::Serializer>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_str(""),
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
        let at = |t: &str| t.parse().ok();
        assert_eq!(age(at("2026-01-01T00:00:00Z"), now), "2d");
        assert_eq!(age(at("2026-01-03T07:00:00Z"), now), "5h");
        assert_eq!(age(at("2026-01-03T11:48:00Z"), now), "12m");
    }
}
