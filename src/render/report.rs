//! `barraiser report`: each team's operational-excellence numbers, as the versioned JSON
//! `docs/json.md` documents (its own structs freeze the shape), as Markdown with
//! Mermaid charts GitHub renders, or as one self-contained HTML page with inline SVG
//! charts (no script, no request for anything). Both documents come from
//! `team-report.md.j2` and `team-report.html.j2`; the charts' geometry from [`chart`].

pub mod chart;

use std::collections::BTreeMap;

use serde::Serialize;

use super::{RenderError, Templates};
use crate::pr::report::NEAR_FREEZE_DAYS;
use crate::pr::report::summary::{RuleCount, Stats, Summary, Team, share};

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown with Mermaid charts.
    Markdown,
    /// One self-contained HTML page with inline SVG charts.
    Html,
    /// The versioned JSON.
    Json,
}

/// What the report covers, besides its numbers.
pub struct Scope<'a> {
    /// Start of the period (merge time), inclusive.
    pub since: jiff::Timestamp,
    /// End of the period, exclusive.
    pub until: jiff::Timestamp,
    /// The repositories read.
    pub repos: &'a [String],
    /// The pull requests left out, and why.
    pub skipped: &'a [String],
}

/// The JSON document, v1; templates see the same values under `report`.
#[derive(Serialize)]
struct JsonReport<'a> {
    near_freeze_days: i64,
    repos: &'a [String],
    since: String,
    skipped: &'a [String],
    teams: Vec<JsonTeam<'a>>,
    totals: JsonStats<'a>,
    until: String,
    version: u32,
}

#[derive(Serialize)]
struct JsonTeam<'a> {
    attention: Vec<JsonAttention<'a>>,
    services: Vec<JsonService<'a>>,
    stats: JsonStats<'a>,
    team: &'a str,
    weekly: Vec<JsonWeek>,
}

#[derive(Serialize)]
struct JsonService<'a> {
    service: &'a str,
    stats: JsonStats<'a>,
}

#[derive(Serialize)]
struct JsonWeek {
    merged: usize,
    week: String,
}

#[derive(Serialize)]
struct JsonAttention<'a> {
    count: usize,
    explain: &'a str,
    rule: &'a str,
    severity: &'static str,
    weight: usize,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    approval: JsonApproval,
    changes_merged: usize,
    findings: Vec<JsonFinding<'a>>,
    freeze: Vec<JsonFreeze<'a>>,
    passed_first_push: usize,
    passed_first_push_share: Option<f64>,
    pipeline_run: usize,
    pipeline_run_share: Option<f64>,
    rollback: JsonRollback,
    waivers: Vec<JsonWaiver<'a>>,
}

#[derive(Serialize)]
struct JsonApproval {
    measured: usize,
    median_hours: Option<f64>,
    p90_hours: Option<f64>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    count: usize,
    rule: &'a str,
    severity: &'static str,
}

#[derive(Serialize)]
struct JsonFreeze<'a> {
    number: u64,
    path: &'a str,
    reason: &'a str,
    relation: &'static str,
    repo: &'a str,
    window_start: String,
}

#[derive(Serialize)]
struct JsonRollback {
    median_age_days: Option<f64>,
    older_than_limit: usize,
    tested: usize,
    untested: usize,
}

#[derive(Serialize)]
struct JsonWaiver<'a> {
    number: u64,
    path: &'a str,
    reason: &'a str,
    repo: &'a str,
    rule: &'a str,
}

/// What the templates see: the JSON document, and per team its charts and the
/// explanations split into lines.
#[derive(Serialize)]
struct Page<'a> {
    report: &'a JsonReport<'a>,
    teams: Vec<TeamPage<'a>>,
}

#[derive(Serialize)]
struct TeamPage<'a> {
    /// Week labels (`11-02`) and counts, for Mermaid.
    weeks: Vec<(String, usize)>,
    /// The greatest weekly count, at least 1, for Mermaid's y-axis.
    weeks_max: usize,
    /// Geometry of the inline SVG charts.
    weekly_svg: chart::BarChart,
    findings_svg: chart::BarChart,
    /// Each attention rule's explanation, line by line.
    explain_lines: Vec<Vec<&'a str>>,
}

/// The report of `summary` over `scope` in `format`; `explains` gives each rule's
/// `barraiser explain` text (a rule without one says so).
pub fn report(
    summary: &Summary,
    scope: &Scope<'_>,
    explains: &BTreeMap<String, String>,
    format: ReportFormat,
    templates: &Templates,
) -> Result<String, RenderError> {
    let json = JsonReport {
        near_freeze_days: NEAR_FREEZE_DAYS,
        repos: scope.repos,
        since: scope.since.to_string(),
        skipped: scope.skipped,
        teams: summary.teams.iter().map(|t| team(t, explains)).collect(),
        totals: stats(&summary.totals),
        until: scope.until.to_string(),
        version: 1,
    };
    let name = match format {
        ReportFormat::Json => return super::json::pretty(&json),
        ReportFormat::Markdown => "team-report.md.j2",
        ReportFormat::Html => "team-report.html.j2",
    };
    let teams = summary
        .teams
        .iter()
        .zip(&json.teams)
        .map(|(t, j)| team_page(t, j))
        .collect();
    templates.render(
        name,
        Page {
            report: &json,
            teams,
        },
    )
}

fn team<'a>(t: &'a Team, explains: &'a BTreeMap<String, String>) -> JsonTeam<'a> {
    JsonTeam {
        attention: t
            .attention
            .iter()
            .map(|r| JsonAttention {
                count: r.count,
                explain: explains.get(&r.rule).map_or(
                    "(no explanation: the rule is not in the bar this report was run with)",
                    String::as_str,
                ),
                rule: &r.rule,
                severity: r.severity.as_str(),
                weight: r.weight,
            })
            .collect(),
        services: t
            .services
            .iter()
            .map(|(service, s)| JsonService {
                service,
                stats: stats(s),
            })
            .collect(),
        stats: stats(&t.stats),
        team: &t.team,
        weekly: t
            .weekly
            .iter()
            .map(|(week, merged)| JsonWeek {
                merged: *merged,
                week: week.to_string(),
            })
            .collect(),
    }
}

fn stats(s: &Stats) -> JsonStats<'_> {
    JsonStats {
        approval: JsonApproval {
            measured: s.approvals_measured,
            median_hours: s.approval_median_hours,
            p90_hours: s.approval_p90_hours,
        },
        changes_merged: s.merged,
        findings: s.findings.iter().map(finding).collect(),
        freeze: s
            .freezes
            .iter()
            .map(|f| JsonFreeze {
                number: f.number,
                path: &f.path,
                reason: &f.note.reason,
                relation: f.note.relation.as_str(),
                repo: &f.repo,
                window_start: f.note.window_start.to_string(),
            })
            .collect(),
        passed_first_push: s.passed_first_push,
        passed_first_push_share: share(s.passed_first_push, s.merged),
        pipeline_run: s.pipeline_run,
        pipeline_run_share: share(s.pipeline_run, s.merged),
        rollback: JsonRollback {
            median_age_days: s.rollback_median_age_days,
            older_than_limit: s.rollback_older_than_limit,
            tested: s.rollback_tested,
            untested: s.merged.saturating_sub(s.rollback_tested),
        },
        waivers: s
            .waivers
            .iter()
            .map(|w| JsonWaiver {
                number: w.number,
                path: &w.path,
                reason: &w.reason,
                repo: &w.repo,
                rule: &w.rule,
            })
            .collect(),
    }
}

fn finding(r: &RuleCount) -> JsonFinding<'_> {
    JsonFinding {
        count: r.count,
        rule: &r.rule,
        severity: r.severity.as_str(),
    }
}

fn team_page<'a>(t: &Team, j: &JsonTeam<'a>) -> TeamPage<'a> {
    let weeks: Vec<(String, usize)> = t
        .weekly
        .iter()
        .map(|(week, n)| (week.strftime("%m-%d").to_string(), *n))
        .collect();
    let findings: Vec<(String, usize)> = t
        .stats
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.count))
        .collect();
    TeamPage {
        weeks_max: weeks.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1),
        weekly_svg: chart::columns(&weeks),
        findings_svg: chart::rows(&findings),
        weeks,
        explain_lines: j
            .attention
            .iter()
            .map(|a| a.explain.lines().collect())
            .collect(),
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
