#![allow(clippy::unwrap_used)]

use super::*;
use crate::pr::report::{FreezeRelation, RuleHit};

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

fn record(team: &str, service: &str, number: u64, merged: &str) -> ChangeRecord {
    ChangeRecord {
        repo: "acme/shop".into(),
        number,
        path: format!("changes/{number}.md"),
        team: team.into(),
        service: service.into(),
        risk: None,
        merged_at: at(merged),
        passed_first_push: true,
        findings: Vec::new(),
        waivers: Vec::new(),
        approval_time: None,
        freeze: None,
        pipeline_run: false,
        rollback_tested_on: None,
        rollback_limit_days: 90,
    }
}

fn hit(rule: &str, severity: Severity) -> RuleHit {
    RuleHit {
        rule: rule.into(),
        severity,
    }
}

#[test]
fn median_takes_the_middle_or_the_mean_of_the_middle_two() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[5.0]), Some(5.0));
    assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
}

#[test]
fn the_90th_percentile_is_the_nearest_rank() {
    assert_eq!(percentile(&[], 90), None);
    assert_eq!(percentile(&[7.0], 90), Some(7.0));
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(percentile(&ten, 90), Some(9.0));
    let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
    assert_eq!(percentile(&eleven, 90), Some(10.0));
    assert_eq!(percentile(&[3.0, 1.0, 2.0], 90), Some(3.0));
}

#[test]
fn shares_round_to_three_decimals_and_need_a_whole() {
    assert_eq!(share(2, 3), Some(0.667));
    assert_eq!(share(0, 4), Some(0.0));
    assert_eq!(share(1, 0), None);
}

#[test]
fn attention_weighs_findings_by_severity() {
    let mut a = record("t", "s", 1, "2026-11-02T00:00:00Z");
    a.findings = vec![
        hit("missing-expectation", Severity::Warning),
        hit("missing-expectation", Severity::Warning),
        hit("short-bake-time", Severity::Blocker),
        hit("short-bake-time", Severity::Blocker),
        hit("stale-link", Severity::Advice),
        hit("stale-link", Severity::Advice),
        hit("stale-link", Severity::Advice),
        hit("missing-window", Severity::Blocker),
    ];
    // Equal weights: the rule with more findings first.
    let counts = rule_counts([&a]);
    let names: Vec<&str> = counts.iter().map(|c| c.rule.as_str()).collect();
    assert_eq!(
        names,
        [
            "stale-link",
            "missing-expectation",
            "short-bake-time",
            "missing-window"
        ]
    );
    let top: Vec<(String, usize)> = attention(&counts)
        .into_iter()
        .map(|c| (c.rule, c.weight))
        .collect();
    assert_eq!(
        top,
        [
            ("short-bake-time".to_owned(), 6),
            ("missing-expectation".to_owned(), 4),
            ("stale-link".to_owned(), 3)
        ]
    );
}

#[test]
fn stats_count_first_pushes_approvals_pipelines_and_rollback_age() {
    let mut a = record("t", "checkout", 1, "2026-11-10T12:00:00Z");
    a.approval_time = Some(jiff::SignedDuration::from_hours(2));
    a.pipeline_run = true;
    a.rollback_tested_on = Some("2026-11-01".parse().unwrap());
    let mut b = record("t", "checkout", 2, "2026-11-10T12:00:00Z");
    b.passed_first_push = false;
    b.approval_time = Some(jiff::SignedDuration::from_hours(5));
    b.rollback_tested_on = Some("2026-07-01".parse().unwrap());
    b.waivers = vec![("short-bake-time".into(), "canary is the fleet".into())];
    b.freeze = Some(FreezeNote {
        relation: FreezeRelation::Near,
        reason: "End of year".into(),
        window_start: at("2026-12-18T09:00:00Z"),
    });
    // A second change description of pull request 2: its approval counts once.
    let mut c = b.clone();
    c.path = "changes/other.md".into();
    c.waivers.clear();
    c.freeze = None;
    c.rollback_tested_on = None;
    let s = stats(&[&a, &b, &c]);
    assert_eq!(s.merged, 3);
    assert_eq!(s.passed_first_push, 1);
    assert_eq!(s.approvals_measured, 2);
    assert_eq!(s.approval_median_hours, Some(3.5));
    assert_eq!(s.approval_p90_hours, Some(5.0));
    assert_eq!(s.pipeline_run, 1);
    assert_eq!(s.rollback_tested, 2);
    assert_eq!(s.rollback_median_age_days, Some((9.0 + 132.0) / 2.0));
    assert_eq!(s.rollback_older_than_limit, 1);
    assert_eq!(s.waivers.len(), 1);
    assert_eq!(s.waivers[0].rule, "short-bake-time");
    assert_eq!(s.freezes.len(), 1);
    assert_eq!(s.freezes[0].number, 2);
}

#[test]
fn weeks_start_on_monday_and_cover_the_whole_period() {
    assert_eq!(
        week_of(at("2026-11-29T23:00:00Z")).to_string(),
        "2026-11-23"
    );
    let a = record("t", "s", 1, "2026-11-03T10:00:00Z");
    let b = record("t", "s", 2, "2026-11-17T10:00:00Z");
    let weeks = weekly(
        &[&a, &b],
        (at("2026-11-01T00:00:00Z"), at("2026-11-21T00:00:00Z")),
    );
    let shown: Vec<(String, usize)> = weeks.iter().map(|(d, n)| (d.to_string(), *n)).collect();
    assert_eq!(
        shown,
        [
            ("2026-10-26".to_owned(), 0),
            ("2026-11-02".to_owned(), 1),
            ("2026-11-09".to_owned(), 0),
            ("2026-11-16".to_owned(), 1)
        ]
    );
}

#[test]
fn summarize_groups_by_team_then_service() {
    let a = record("@acme/checkout", "checkout", 1, "2026-11-03T10:00:00Z");
    let b = record("@acme/checkout", "cart", 2, "2026-11-04T10:00:00Z");
    let c = record("@acme/payments", "payments", 3, "2026-11-05T10:00:00Z");
    let s = summarize(
        &[a, b, c],
        (at("2026-11-01T00:00:00Z"), at("2026-11-08T00:00:00Z")),
    );
    assert_eq!(s.totals.merged, 3);
    let teams: Vec<(&str, usize)> = s
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.stats.merged))
        .collect();
    assert_eq!(teams, [("@acme/checkout", 2), ("@acme/payments", 1)]);
    let services: Vec<&str> = s.teams[0]
        .services
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(services, ["cart", "checkout"]);
}

#[test]
fn a_window_overlapping_a_freeze_is_in_it_and_one_days_away_is_near() {
    let freeze = crate::parse::policy::Freeze {
        start: at("2026-12-20T00:00:00Z"),
        end: at("2027-01-04T00:00:00Z"),
        reason: "End of year".into(),
        allow: Vec::new(),
    };
    let f = std::slice::from_ref(&freeze);
    let during = (at("2026-12-21T09:00:00Z"), at("2026-12-21T10:00:00Z"));
    assert_eq!(
        crate::pr::report::freeze_note(during, f).map(|n| n.relation),
        Some(FreezeRelation::In)
    );
    let before = (at("2026-12-18T09:00:00Z"), at("2026-12-18T10:00:00Z"));
    assert_eq!(
        crate::pr::report::freeze_note(before, f).map(|n| n.relation),
        Some(FreezeRelation::Near)
    );
    let after = (at("2027-01-06T09:00:00Z"), at("2027-01-06T10:00:00Z"));
    assert_eq!(
        crate::pr::report::freeze_note(after, f).map(|n| n.relation),
        Some(FreezeRelation::Near)
    );
    let far = (at("2026-12-01T09:00:00Z"), at("2026-12-01T10:00:00Z"));
    assert_eq!(crate::pr::report::freeze_note(far, f), None);
}
