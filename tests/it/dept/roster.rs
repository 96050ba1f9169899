//! Rosters from GitHub teams: every page of a team's members, child teams' members
//! included, read once per run; a token that cannot read the team counts nobody from it
//! and says which permission to grant.

use crate::support::scenario::{AUTHOR, CI_TOKEN, REPO, Scenario, code, medium_change, show};

const TEAM_POLICY: &str = "\
require_change_for: [deploy/**, scripts/**]
bar_raisers: [\"@acme/bar-raisers\"]
approvals: { low: 0, medium: 1, high: 2 }
";

const MEMBERS: &str = "/orgs/acme/teams/bar-raisers/members";

/// bar-raisers: 120 members who sort before everyone else; its child team emea: bob,
/// who is thus on the second page of 100.
fn department(s: &Scenario) {
    let fillers: Vec<String> = (0..120).map(|i| format!("a-filler-{i:03}")).collect();
    let fillers: Vec<&str> = fillers.iter().map(String::as_str).collect();
    s.fake.add_team("acme", "bar-raisers", None, &fillers);
    s.fake
        .add_team("acme", "bar-raisers-emea", Some("bar-raisers"), &["bob"]);
}

#[test]
fn a_team_roster_reads_every_page_and_child_teams_once_per_run() {
    let s = Scenario::with_policy(TEAM_POLICY);
    department(&s);
    s.fake.grant_members_read(CI_TOKEN);
    s.open_pr(1, AUTHOR, &medium_change());
    // bob is a bar raiser only through the child team, on the second page.
    let out = s.approve("bob", 1);
    assert_eq!(code(&out), 0, "{}", show(&out));
    s.fake.clear_requests();
    let out = s.ci(1);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(s.status(1), "success");
    let pages: Vec<String> = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == MEMBERS)
        .map(|r| r.query)
        .collect();
    assert_eq!(pages, ["per_page=100&page=1", "per_page=100&page=2"]);
    s.assert_contract();
}

#[test]
fn a_team_the_token_cannot_read_counts_nobody_and_says_which_permission() {
    let s = Scenario::with_policy(TEAM_POLICY);
    department(&s);
    s.open_pr(1, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("bob", 1)), 0);
    // The Actions GITHUB_TOKEN cannot read the team: bob's approval is not counted, and
    // a verdict waiting for approvals is no verdict (exit 2, status error).
    let out = s.ci(1);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_eq!(s.status(1), "error");
    let comment = s.comment(1);
    for needle in [
        "Members: read",
        "acme/bar-raisers",
        "GitHub App",
        "fine-grained",
    ] {
        assert!(comment.contains(needle), "no {needle:?} in\n{comment}");
    }
    assert!(!comment.contains(CI_TOKEN));
    s.assert_contract();
}

#[test]
fn an_unreadable_team_does_not_stop_a_verdict_the_logins_decide() {
    let s = Scenario::with_policy(
        &TEAM_POLICY.replace("[\"@acme/bar-raisers\"]", "[alice, \"@acme/bar-raisers\"]"),
    );
    department(&s);
    s.open_pr(1, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 1)), 0);
    let out = s.ci(1);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(s.comment(1).contains("Members: read"), "{}", s.comment(1));
    let _ = REPO;
}
