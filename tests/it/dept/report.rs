//! `barraiser report`: each team's numbers over a known set of merged pull requests,
//! read through the fake GitHub (and from the clone, which must agree), and the HTML
//! page opened in headless Chromium.

use crate::support::repo::{Edit, file};
use crate::support::scenario::{AUTHOR, HIGH, MEDIUM, POLICY, REPO, Scenario, code, show, stdout};

/// The scenario's policy with a freeze two days after the checkout window.
fn policy() -> String {
    format!(
        "{POLICY}freeze:\n  - {{ start: 2026-11-27T00:00:00Z, end: 2026-11-29T00:00:00Z, reason: Thanksgiving }}\n"
    )
}

/// A plain GitHub approval by `login` on `number`'s head, at `at`.
fn approve_at(s: &Scenario, number: u64, login: &str, at: &str) {
    let head = s.fake.pull(REPO, number).unwrap().head_sha;
    s.fake
        .seed_review_at(REPO, number, login, "APPROVED", "", &head, at);
}

fn checkout(text: &str) -> Vec<Edit> {
    vec![
        file("changes/checkout.md", text),
        file("deploy/checkout.yaml", "replicas: 4\n"),
    ]
}

/// Three merged pull requests of two teams:
/// - #7 checkout: passes at its first push; approved 3 h after it opened.
/// - #8 checkout: first pushed without a rollback (a blocker), fixed by a second push
///   that also runs its steps by script; approved 5 h after it opened.
/// - #9 payments (high): waives `short-bake-time`; its second approval, 10 h after it
///   opened, completes the quorum of two.
///
/// The checkout window ends a day and a half before the Thanksgiving freeze.
fn scenario() -> Scenario {
    let s = Scenario::with_policy(&policy());
    // Opened at 2026-11-19T12:00Z plus the number in minutes.
    s.open_pr(7, AUTHOR, &checkout(MEDIUM));
    approve_at(&s, 7, "alice", "2026-11-19T15:07:00Z");
    s.fake
        .merge(REPO, 7, "2026-11-20T10:00:00Z", &"7".repeat(40));

    s.open_pr(
        8,
        AUTHOR,
        &checkout(&MEDIUM.replace("## Rollback", "## Notes")),
    );
    let by_script = MEDIUM.replace("executed_by: pipeline", "executed_by: script");
    s.push(8, &[file("changes/checkout.md", &by_script)]);
    approve_at(&s, 8, "alice", "2026-11-19T17:08:00Z");
    s.fake
        .merge(REPO, 8, "2026-11-21T10:00:00Z", &"8".repeat(40));

    let waived = HIGH.replacen("bake_time: 2h", "bake_time: 10m", 1).replacen(
        "\n---\n",
        "\nwaivers:\n  - rule: short-bake-time\n    reason: \"the canary is the whole fleet\"\n---\n",
        1,
    );
    assert!(waived.contains("bake_time: 10m"));
    s.open_pr(9, "erin", &[file("changes/payments.md", &waived)]);
    approve_at(&s, 9, "alice", "2026-11-19T13:09:00Z");
    approve_at(&s, 9, "bob", "2026-11-19T22:09:00Z");
    s.fake
        .merge(REPO, 9, "2026-11-22T10:00:00Z", &"9".repeat(40));

    // Open, and docs only: neither is in the report.
    s.open_pr(10, AUTHOR, &checkout(MEDIUM));
    s.open_pr(11, AUTHOR, &[file("README.md", "docs\n")]);
    s.fake
        .merge(REPO, 11, "2026-11-22T11:00:00Z", &"b".repeat(40));
    s
}

const NOVEMBER: [&str; 7] = [
    "report",
    "--repo",
    REPO,
    "--since",
    "2026-11-01",
    "--until",
    "2026-11-30",
];

fn report(s: &Scenario, format: &str, cwd: Option<&std::path::Path>) -> String {
    let args = [&NOVEMBER[..], &["--format", format]].concat();
    let out = match cwd {
        Some(dir) => s.as_user_in("carol", &args, dir),
        None => s.as_user("carol", &args),
    };
    assert_eq!(code(&out), 0, "{}", show(&out));
    stdout(&out)
}

#[test]
fn the_report_counts_each_teams_merged_changes() {
    let s = scenario();
    let text = report(&s, "json", None);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["since"], "2026-11-01T00:00:00Z");
    assert_eq!(json["until"], "2026-12-01T00:00:00Z");
    assert_eq!(json["near_freeze_days"], 3);
    assert_eq!(json["skipped"], serde_json::json!([]));
    let totals = &json["totals"];
    assert_eq!(totals["changes_merged"], 3);
    assert_eq!(totals["passed_first_push"], 2);
    assert_eq!(totals["passed_first_push_share"], 0.667);

    let teams = json["teams"].as_array().unwrap();
    assert_eq!(teams.len(), 2, "{text}");
    let checkout = &teams[0];
    assert_eq!(checkout["team"], "@acme/checkout-oncall");
    let c = &checkout["stats"];
    assert_eq!(c["changes_merged"], 2);
    assert_eq!(c["passed_first_push"], 1);
    assert_eq!(c["passed_first_push_share"], 0.5);
    assert_eq!(
        c["approval"],
        serde_json::json!({"measured": 2, "median_hours": 4.0, "p90_hours": 5.0})
    );
    assert_eq!(c["pipeline_run"], 1);
    assert_eq!(c["pipeline_run_share"], 0.5);
    // Tested on 30 October; merged on 20 and 21 November.
    assert_eq!(
        c["rollback"],
        serde_json::json!({"median_age_days": 21.5, "older_than_limit": 0, "tested": 2, "untested": 0})
    );
    assert_eq!(c["waivers"], serde_json::json!([]));
    let freeze = c["freeze"].as_array().unwrap();
    assert_eq!(freeze.len(), 2, "{text}");
    assert_eq!(freeze[0]["relation"], "near");
    assert_eq!(freeze[0]["reason"], "Thanksgiving");
    assert_eq!(freeze[0]["number"], 7);
    assert_eq!(freeze[0]["window_start"], "2026-11-25T14:00:00Z");
    assert_eq!(
        c["findings"],
        serde_json::json!([{"count": 1, "rule": "missing-rollback", "severity": "blocker"}])
    );
    assert_eq!(checkout["attention"][0]["rule"], "missing-rollback");
    let explain = checkout["attention"][0]["explain"].as_str().unwrap();
    assert!(explain.contains("missing-rollback"), "{explain}");
    assert_eq!(checkout["services"][0]["service"], "checkout");
    let weekly = checkout["weekly"].as_array().unwrap();
    assert_eq!(weekly.len(), 6, "26 October to 30 November: {text}");
    assert_eq!(
        weekly[3],
        serde_json::json!({"merged": 2, "week": "2026-11-16"})
    );

    let payments = &teams[1];
    assert_eq!(payments["team"], "@acme/payments-oncall");
    let p = &payments["stats"];
    assert_eq!(p["changes_merged"], 1);
    assert_eq!(p["passed_first_push"], 1);
    assert_eq!(
        p["approval"],
        serde_json::json!({"measured": 1, "median_hours": 10.0, "p90_hours": 10.0})
    );
    assert_eq!(p["pipeline_run"], 1);
    assert_eq!(
        p["waivers"],
        serde_json::json!([{"number": 9, "path": "changes/payments.md",
            "reason": "the canary is the whole fleet", "repo": REPO, "rule": "short-bake-time"}])
    );
    assert_eq!(p["freeze"], serde_json::json!([]));
    assert_eq!(p["findings"], serde_json::json!([]));
    assert_eq!(payments["attention"], serde_json::json!([]));

    // From the clone, where the commits are read locally: the same numbers.
    assert_eq!(report(&s, "json", Some(s.git.root())), text);
    s.assert_contract();
}

#[test]
fn the_markdown_report_draws_mermaid_charts() {
    let s = scenario();
    let md = report(&s, "markdown", None);
    assert!(md.contains("## @\u{200B}acme/checkout-oncall"), "{md}");
    assert!(md.contains("```mermaid\nxychart-beta"), "{md}");
    assert!(md.contains("    bar [0, 0, 0, 2, 0, 0]"), "{md}");
    assert!(
        md.contains("pie title Findings by rule\n    \"missing-rollback\" : 1"),
        "{md}"
    );
    assert!(md.contains("the canary is the whole fleet"), "{md}");
    assert!(md.contains("### Worth your attention"), "{md}");
}

/// A headless Chromium on PATH, if any.
fn chromium() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "note: no chromium, chromium-browser or google-chrome on PATH; screenshot test skipped"
        );
        return;
    };
    let s = scenario();
    let html = report(&s, "html", None);
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg"),
        "{html}"
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let shot = dir.path().join("report.png");
    let out = std::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000",
            &format!("file://{}", page.display()),
        ])
        // Its own profile, so runs never share state.
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .output()
        .unwrap();
    let png =
        std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {}", show(&out)));
    assert!(png.len() > 1000, "{} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn a_change_description_added_after_the_first_push_did_not_pass_then() {
    let s = Scenario::with_policy(&policy());
    s.open_pr(7, AUTHOR, &[file("deploy/checkout.yaml", "replicas: 4\n")]);
    s.push(7, &[file("changes/checkout.md", MEDIUM)]);
    approve_at(&s, 7, "alice", "2026-11-19T13:07:00Z");
    s.fake
        .merge(REPO, 7, "2026-11-20T10:00:00Z", &"7".repeat(40));
    let json: serde_json::Value = serde_json::from_str(&report(&s, "json", None)).unwrap();
    let stats = &json["teams"][0]["stats"];
    assert_eq!(stats["changes_merged"], 1);
    assert_eq!(stats["passed_first_push"], 0);
    // Its findings are those of the text as merged, which has none.
    assert_eq!(stats["findings"], serde_json::json!([]));
    assert_eq!(stats["approval"]["median_hours"], 1.0);
}

#[test]
fn a_merged_pull_request_that_cannot_be_read_is_named_and_exits_2() {
    use crate::support::fake_github::Fault;
    let s = Scenario::with_policy(&policy());
    s.open_pr(7, AUTHOR, &checkout(MEDIUM));
    s.fake
        .merge(REPO, 7, "2026-11-20T10:00:00Z", &"7".repeat(40));
    let commits = "/repos/{owner}/{repo}/pulls/{pull_number}/commits";
    s.fake.fail_next("GET", commits, 10, Fault::ReadOnly);
    let args = [&NOVEMBER[..], &["--format", "json"]].concat();
    let out = s.as_user("carol", &args);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["totals"]["changes_merged"], 0);
    let skipped = json["skipped"][0].as_str().unwrap();
    assert!(
        skipped.starts_with("acme/shop#7 could not be read"),
        "{skipped}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning: acme/shop#7"),
        "{}",
        show(&out)
    );
}
