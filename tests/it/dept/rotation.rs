//! The weekly rotation: `rota` over shifts of any length with holidays skipped, the
//! review request `ci` makes to the bar raiser on duty (once, never the author), and
//! the duty line that heads `queue`.

use super::run_at;
use crate::support::scenario::{self, AUTHOR, REPO, Scenario, code, medium_change, show, stdout};

const ROTA: &str = "\
bar_raisers: [alice, bob, carol]
rotation:
  members: [alice, bob, carol]
  start: 2026-11-30
  office_hours: \"Tue 15:00 Europe/London\"
  skip: [2026-12-23]
";

fn rota(s: &Scenario, policy: &str, now: &str, weeks: &str) -> String {
    s.git.sync_worktree(s.main);
    s.git.write(".barraiser.yaml", policy);
    let out = run_at(s, s.git.root(), now, &["rota", "--weeks", weeks], &[]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    stdout(&out)
}

#[test]
fn rota_skips_holiday_shifts_without_using_up_a_turn() {
    let s = Scenario::new();
    let text = rota(&s, ROTA, "2026-12-02T10:00:00Z", "4");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "now   2026-11-30 to 2026-12-06  alice  office hours Tue 2026-12-01 15:00 GMT",
            "next  2026-12-07 to 2026-12-13  bob  office hours Tue 2026-12-08 15:00 GMT",
            "next  2026-12-14 to 2026-12-20  carol  office hours Tue 2026-12-15 15:00 GMT",
            "next  2026-12-21 to 2026-12-27  (skipped: holiday)",
            "next  2026-12-28 to 2027-01-03  alice  office hours Tue 2026-12-29 15:00 GMT",
        ],
        "{text}"
    );
}

#[test]
fn rota_honours_the_shift_length_and_the_office_hours_time_zone() {
    let s = Scenario::new();
    let policy = ROTA
        .replace("  skip: [2026-12-23]\n", "  shift: 2w\n")
        .replace("Europe/London", "America/New_York");
    let text = rota(&s, &policy, "2026-12-15T10:00:00Z", "1");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "now   2026-12-14 to 2026-12-27  bob  office hours Tue 2026-12-15 15:00 EST",
            "next  2026-12-28 to 2027-01-10  carol  office hours Tue 2026-12-29 15:00 EST",
        ],
        "{text}"
    );
    // An invalid rotation is a configuration error naming file and line.
    s.git.write(
        ".barraiser.yaml",
        ROTA.replace("Europe/London", "Mars/Olympus"),
    );
    let out = run_at(&s, s.git.root(), "2026-12-15T10:00:00Z", &["rota"], &[]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".barraiser.yaml:5:") && err.contains("Mars/Olympus"),
        "{err}"
    );
}

/// The scenario's policy with a rotation whose first shift (alice's) holds T0.
fn duty_policy() -> String {
    format!(
        "{}rotation:\n  members: [alice, bob]\n  start: 2026-11-16\n  office_hours: \"Tue 15:00 UTC\"\n",
        scenario::POLICY
    )
}

fn posts(s: &Scenario) -> usize {
    s.fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/requested_reviewers"))
        .count()
}

#[test]
fn ci_asks_the_bar_raiser_on_duty_once() {
    let s = Scenario::with_policy(&duty_policy());
    s.open_pr(1, AUTHOR, &medium_change());
    let out = s.ci(1);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(
        stdout(&out).contains("requested a review from alice"),
        "{}",
        show(&out)
    );
    assert_eq!(s.fake.requested_reviewers(REPO, 1), ["alice"]);
    // A second run (a push, a re-run) asks nobody again.
    let out = s.ci(1);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(posts(&s), 1);
    assert_eq!(s.fake.requested_reviewers(REPO, 1), ["alice"]);
    // The agenda opens with the duty and the next office hours.
    let out = s.as_user("erin", &["queue", "--repo", REPO]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(
        stdout(&out).starts_with(
            "On duty: alice (2026-11-16 to 2026-11-22); next office hours Tue 2026-11-24 15:00 UTC."
        ),
        "{}",
        show(&out)
    );
    // So does the meeting's agenda, in both formats.
    let out = s.as_user("erin", &["agenda", "--repo", REPO]);
    assert!(
        stdout(&out).contains("- **Duty bar raiser:** alice"),
        "{}",
        show(&out)
    );
    let out = s.as_user("erin", &["agenda", "--repo", REPO, "--format", "html"]);
    assert!(
        stdout(&out).contains("<dt>Duty bar raiser</dt><dd>alice</dd>"),
        "{}",
        show(&out)
    );
    s.assert_contract();
}

#[test]
fn ci_never_asks_the_author_but_the_next_in_the_rota() {
    let s = Scenario::with_policy(&duty_policy());
    s.open_pr(1, "alice", &medium_change());
    let out = s.ci(1);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.fake.requested_reviewers(REPO, 1), ["bob"]);
    // No request when a rota member already reviewed.
    s.open_pr(2, AUTHOR, &medium_change());
    s.fake
        .seed_review(REPO, 2, "bob", "COMMENTED", "looking", &s.main.to_string());
    let out = s.ci(2);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(s.fake.requested_reviewers(REPO, 2).is_empty());
    assert_eq!(posts(&s), 1);
    s.assert_contract();
}

#[test]
fn a_refused_review_request_is_a_warning_and_the_verdict_stands() {
    let s = Scenario::with_policy(&duty_policy());
    s.open_pr(1, AUTHOR, &medium_change());
    s.fake.fail_next(
        "POST",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
        1,
        crate::support::fake_github::Fault::ReadOnly,
    );
    let out = s.ci(1);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(1), "pending");
    assert!(
        stdout(&out).contains("pull-requests: write"),
        "{}",
        show(&out)
    );
    assert!(s.fake.requested_reviewers(REPO, 1).is_empty());
}
