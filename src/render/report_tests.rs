#![allow(clippy::unwrap_used)]

use super::*;
use crate::decide::Severity;
use crate::pr::report::summary::summarize;
use crate::pr::report::{ChangeRecord, RuleHit};

fn record(team: &str, number: u64, merged: &str, rules: &[&str]) -> ChangeRecord {
    ChangeRecord {
        repo: "acme/shop".into(),
        number,
        path: format!("changes/{number}.md"),
        team: team.into(),
        service: "checkout".into(),
        risk: None,
        merged_at: merged.parse().unwrap(),
        passed_first_push: rules.is_empty(),
        findings: rules
            .iter()
            .map(|r| RuleHit {
                rule: (*r).into(),
                severity: Severity::Blocker,
            })
            .collect(),
        // User text that must stay inert in every document.
        waivers: vec![(
            "short-bake-time".into(),
            "<script>alert(1)</script> see https://evil.example/x".into(),
        )],
        approval_time: Some(jiff::SignedDuration::from_hours(3)),
        freeze: None,
        pipeline_run: true,
        rollback_tested_on: None,
        rollback_limit_days: 90,
    }
}

fn rendered(format: ReportFormat) -> String {
    let records = [
        record(
            "@acme/<b>checkout</b>",
            1,
            "2026-11-03T10:00:00Z",
            &["short-bake-time"],
        ),
        record(
            "@acme/checkout",
            2,
            "2026-11-10T10:00:00Z",
            &["missing-window", "short-bake-time"],
        ),
        record("@acme/payments", 3, "2026-11-11T10:00:00Z", &[]),
    ];
    let since = "2026-11-01T00:00:00Z".parse().unwrap();
    let until = "2026-11-15T00:00:00Z".parse().unwrap();
    let summary = summarize(&records, (since, until));
    let repos = ["acme/shop".to_owned()];
    let scope = Scope {
        since,
        until,
        repos: &repos,
        skipped: &[],
    };
    let explains = BTreeMap::from([(
        "short-bake-time".to_owned(),
        "short-bake-time: Bake time too short\n\nWhy: <regressions>".to_owned(),
    )]);
    report(
        &summary,
        &scope,
        &explains,
        format,
        &Templates::embedded().unwrap(),
    )
    .unwrap()
}

/// Every `<svg>...</svg>` element of `html`.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_html_charts_are_well_formed_svg_with_no_script_and_no_url() {
    let html = rendered(ReportFormat::Html);
    let charts = svgs(&html);
    // Per team: the weekly trend, and the finding mix for the teams with findings.
    assert_eq!(charts.len(), 5, "{html}");
    for svg in &charts {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.descendants().any(|n| n.has_tag_name("rect")), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(
            !svg.contains("http://") && !svg.contains("https://"),
            "{svg}"
        );
    }
    assert!(!html.contains("<script"), "user text became markup: {html}");
    assert!(!html.contains("<b>"), "{html}");
    for fetch in ["src=", "href=", "url(", "@import"] {
        assert!(!html.contains(fetch), "{fetch} in {html}");
    }
}

#[test]
fn the_markdown_has_a_weekly_xychart_and_a_pie_of_findings() {
    let md = rendered(ReportFormat::Markdown);
    assert!(md.contains("```mermaid\nxychart-beta\n"), "{md}");
    // 1 November 2026 is a Sunday: its week starts on 26 October.
    assert!(
        md.contains("    x-axis [\"10-26\", \"11-02\", \"11-09\"]"),
        "{md}"
    );
    assert!(md.contains("    bar [0, 1, 0]"), "{md}");
    assert!(md.contains("1 of 3 (33.3%)"), "{md}");
    assert!(
        md.contains("pie title Findings by rule\n    \"short-bake-time\" : 1"),
        "{md}"
    );
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains("   > short-bake-time: Bake time too short"),
        "{md}"
    );
}

#[test]
fn the_json_is_version_1_with_teams_in_name_order() {
    let json: serde_json::Value = serde_json::from_str(&rendered(ReportFormat::Json)).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["totals"]["changes_merged"], 3);
    assert_eq!(json["totals"]["passed_first_push_share"], 0.333);
    let teams: Vec<&str> = json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(
        teams,
        ["@acme/<b>checkout</b>", "@acme/checkout", "@acme/payments"]
    );
    let attention = &json["teams"][1]["attention"];
    // Equal weight and count: by rule id.
    assert_eq!(attention[0]["rule"], "missing-window");
    assert_eq!(attention[1]["rule"], "short-bake-time");
    assert!(
        attention[1]["explain"]
            .as_str()
            .unwrap()
            .starts_with("short-bake-time:")
    );
}
