//! The report's numbers, computed from gathered [`ChangeRecord`]s: pure, so records
//! from many repositories (gathered concurrently or not) summarise the same way.
//! Definitions are in `docs/department.md` ("The report").

use std::collections::BTreeMap;

use super::{ChangeRecord, FreezeNote};
use crate::decide::Severity;

/// How many rules each team's section ends with.
pub const ATTENTION_RULES: usize = 3;

/// The report over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Every team's changes together.
    pub totals: Stats,
    /// Per team (`owner`), by name; changes naming no owner under `""`.
    pub teams: Vec<Team>,
}

/// One team's part of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    /// The `owner` its changes name.
    pub team: String,
    /// Its changes together.
    pub stats: Stats,
    /// Per service, by name.
    pub services: Vec<(String, Stats)>,
    /// Changes merged per week (weeks start on Monday, UTC), every week of the period.
    pub weekly: Vec<(jiff::civil::Date, usize)>,
    /// The rules most worth its attention, most first.
    pub attention: Vec<RuleCount>,
}

/// Findings of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule.
    pub rule: String,
    /// The highest severity it had.
    pub severity: Severity,
    /// How many findings.
    pub count: usize,
    /// The findings weighted by severity ([`weight`]).
    pub weight: usize,
}

/// A waiver, where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverEntry {
    /// `owner/name`.
    pub repo: String,
    /// Pull request.
    pub number: u64,
    /// The change description.
    pub path: String,
    /// The rule waived.
    pub rule: String,
    /// Why, as written.
    pub reason: String,
}

/// A change in or near a freeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreezeEntry {
    /// `owner/name`.
    pub repo: String,
    /// Pull request.
    pub number: u64,
    /// The change description.
    pub path: String,
    /// How its window stands to the freeze.
    pub note: FreezeNote,
}

/// The numbers of a set of changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Changes merged.
    pub merged: usize,
    /// Of those, how many passed checks at their first push.
    pub passed_first_push: usize,
    /// Findings by rule, most frequent first.
    pub findings: Vec<RuleCount>,
    /// Pull requests whose time to approval was measured.
    pub approvals_measured: usize,
    /// Median time to approval, in hours.
    pub approval_median_hours: Option<f64>,
    /// 90th percentile (nearest rank) time to approval, in hours.
    pub approval_p90_hours: Option<f64>,
    /// Waivers.
    pub waivers: Vec<WaiverEntry>,
    /// Changes in or near a freeze.
    pub freezes: Vec<FreezeEntry>,
    /// Changes whose steps a pipeline runs.
    pub pipeline_run: usize,
    /// Changes with a valid `rollback.tested_on`.
    pub rollback_tested: usize,
    /// The median age of those tests at the merge, in days.
    pub rollback_median_age_days: Option<f64>,
    /// Tests older than the limit at the merge.
    pub rollback_older_than_limit: usize,
}

/// `part` of `whole`, rounded to three decimals; None for an empty whole.
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round(part as f64 / whole as f64, 1000.0))
}

fn round(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let sorted = sorted(values);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The `p`th percentile of `values` by nearest rank: the smallest value with at least
/// `p`% of the values at or below it.
pub fn percentile(values: &[f64], p: u32) -> Option<f64> {
    let sorted = sorted(values);
    if sorted.is_empty() {
        return None;
    }
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1);
    let index = usize::try_from(rank - 1).unwrap_or(usize::MAX);
    sorted.get(index).or(sorted.last()).copied()
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// How much a finding of `severity` weighs when choosing the rules worth attention.
pub fn weight(severity: Severity) -> usize {
    match severity {
        Severity::Blocker => 3,
        Severity::Warning => 2,
        Severity::Advice => 1,
    }
}

/// Findings counted by rule, most frequent first (then by rule id).
pub fn rule_counts<'a>(records: impl IntoIterator<Item = &'a ChangeRecord>) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<&str, RuleCount> = BTreeMap::new();
    for hit in records.into_iter().flat_map(|r| &r.findings) {
        let entry = by_rule.entry(&hit.rule).or_insert_with(|| RuleCount {
            rule: hit.rule.clone(),
            severity: hit.severity,
            count: 0,
            weight: 0,
        });
        entry.count += 1;
        entry.weight += weight(hit.severity);
        entry.severity = entry.severity.max(hit.severity);
    }
    let mut counts: Vec<RuleCount> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    counts
}

/// The [`ATTENTION_RULES`] rules with the most weight (then most findings, then by id).
pub fn attention(counts: &[RuleCount]) -> Vec<RuleCount> {
    let mut ranked = counts.to_vec();
    ranked.sort_by(|a, b| {
        (b.weight, b.count)
            .cmp(&(a.weight, a.count))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    ranked.truncate(ATTENTION_RULES);
    ranked
}

/// The numbers of `records`.
pub fn stats(records: &[&ChangeRecord]) -> Stats {
    let hours = approval_hours(records);
    let ages: Vec<f64> = records
        .iter()
        .filter_map(|r| rollback_age_days(r))
        .map(|age| age as f64)
        .collect();
    Stats {
        merged: records.len(),
        passed_first_push: records.iter().filter(|r| r.passed_first_push).count(),
        findings: rule_counts(records.iter().copied()),
        approvals_measured: hours.len(),
        approval_median_hours: median(&hours).map(|h| round(h, 10.0)),
        approval_p90_hours: percentile(&hours, 90).map(|h| round(h, 10.0)),
        waivers: records.iter().flat_map(|r| waivers(r)).collect(),
        freezes: records
            .iter()
            .filter_map(|r| {
                Some(FreezeEntry {
                    repo: r.repo.clone(),
                    number: r.number,
                    path: r.path.clone(),
                    note: r.freeze.clone()?,
                })
            })
            .collect(),
        pipeline_run: records.iter().filter(|r| r.pipeline_run).count(),
        rollback_tested: ages.len(),
        rollback_median_age_days: median(&ages),
        rollback_older_than_limit: records
            .iter()
            .filter(|r| rollback_age_days(r).is_some_and(|a| a > r.rollback_limit_days))
            .count(),
    }
}

/// The age in days of the change's rollback test when it merged.
pub fn rollback_age_days(record: &ChangeRecord) -> Option<i64> {
    let tested = record.rollback_tested_on?;
    let merged = record.merged_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let span = tested.until((jiff::Unit::Day, merged)).ok()?;
    Some(i64::from(span.get_days()))
}

/// Hours to approval, one value per pull request (a pull request with two change
/// descriptions counts once).
fn approval_hours(records: &[&ChangeRecord]) -> Vec<f64> {
    let mut seen: Vec<(&str, u64)> = Vec::new();
    let mut hours = Vec::new();
    for r in records {
        let Some(time) = r.approval_time else {
            continue;
        };
        if seen.contains(&(r.repo.as_str(), r.number)) {
            continue;
        }
        seen.push((&r.repo, r.number));
        hours.push(time.as_secs_f64() / 3600.0);
    }
    hours
}

fn waivers(r: &ChangeRecord) -> impl Iterator<Item = WaiverEntry> + '_ {
    r.waivers.iter().map(|(rule, reason)| WaiverEntry {
        repo: r.repo.clone(),
        number: r.number,
        path: r.path.clone(),
        rule: rule.clone(),
        reason: reason.clone(),
    })
}

/// The Monday (UTC) of the week `t` falls in.
pub fn week_of(t: jiff::Timestamp) -> jiff::civil::Date {
    let date = t.to_zoned(jiff::tz::TimeZone::UTC).date();
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// Changes merged per week, for every week from `since`'s to the one before `until`.
pub fn weekly(
    records: &[&ChangeRecord],
    (since, until): (jiff::Timestamp, jiff::Timestamp),
) -> Vec<(jiff::civil::Date, usize)> {
    let last = week_of(
        until
            .checked_sub(jiff::SignedDuration::from_secs(1))
            .unwrap_or(until),
    );
    let mut week = week_of(since);
    let mut out = Vec::new();
    while week <= last && out.len() < 530 {
        let count = records
            .iter()
            .filter(|r| week_of(r.merged_at) == week)
            .count();
        out.push((week, count));
        match week.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => week = next,
            Err(_) => break,
        }
    }
    out
}

/// The report of `records` over `period`: totals, then per team and service.
pub fn summarize(records: &[ChangeRecord], period: (jiff::Timestamp, jiff::Timestamp)) -> Summary {
    let all: Vec<&ChangeRecord> = records.iter().collect();
    let mut by_team: BTreeMap<&str, Vec<&ChangeRecord>> = BTreeMap::new();
    for r in records {
        by_team.entry(&r.team).or_default().push(r);
    }
    let teams = by_team
        .into_iter()
        .map(|(team, changes)| {
            let mut by_service: BTreeMap<&str, Vec<&ChangeRecord>> = BTreeMap::new();
            for r in &changes {
                by_service.entry(&r.service).or_default().push(r);
            }
            let stats = stats(&changes);
            Team {
                team: team.to_owned(),
                attention: attention(&stats.findings),
                weekly: weekly(&changes, period),
                services: by_service
                    .into_iter()
                    .map(|(s, rs)| (s.to_owned(), self::stats(&rs)))
                    .collect(),
                stats,
            }
        })
        .collect();
    Summary {
        totals: stats(&all),
        teams,
    }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
