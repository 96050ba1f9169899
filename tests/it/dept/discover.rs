//! Department-wide discovery: `--org` finds the organization's repositories that hold
//! a policy, across every page of the listing, reads several at once within the
//! client's bound, de-duplicates, and warns about (never fails on) one it cannot read.

use std::time::Duration;

use crate::support::fake_github::{FakePull, Fault};
use crate::support::scenario::{AUTHOR, REPO, Scenario, code, medium_change, show, stdout};

/// acme: 150 repositories without a policy (two pages of the listing), `shop` and
/// `web` with one and a pull request each waiting for approval, `old` archived with
/// a policy, and `secret`, which the token cannot read.
fn department() -> Scenario {
    let s = Scenario::new();
    let head = s.open_pr(1, AUTHOR, &medium_change());
    s.fake.add_git("acme/web", s.git.root());
    s.fake.add_git("acme/old", s.git.root());
    s.fake.add_git("acme/secret", s.git.root());
    s.fake.forbid_repo("acme/secret");
    let pull = s.fake.pull(REPO, 1).unwrap();
    s.fake.add_pull(
        "acme/web",
        FakePull {
            number: 7,
            title: "Web change".into(),
            head_sha: head.to_string(),
            ..pull
        },
    );
    for i in 0..150 {
        s.fake
            .add_org_repo("acme", &format!("tool-{i:03}"), false, "main");
    }
    s.fake.add_org_repo("acme", "shop", false, "main");
    s.fake.add_org_repo("acme", "web", false, "main");
    s.fake.add_org_repo("acme", "old", true, "main");
    s.fake.add_org_repo("acme", "secret", false, "main");
    s
}

fn queue_items(out: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{}#{}", i["repo"].as_str().unwrap(), i["number"]))
        .collect()
}

#[test]
fn org_discovery_reads_every_page_and_keeps_what_holds_a_policy() {
    let s = department();
    s.fake.set_latency(Duration::from_millis(15));
    // shop named twice, by --repo and through the organization: listed once.
    let out = s.as_user(
        "erin",
        &["queue", "--org", "acme", "--repo", REPO, "--format", "json"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mut items = queue_items(&out);
    items.sort();
    assert_eq!(items, ["acme/shop#1", "acme/web#7"], "{}", show(&out));
    // The unreadable repository is a warning that names it; archived ones are not read.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("acme/secret skipped") && err.contains("403"),
        "{err}"
    );
    let requests = s.fake.requests();
    let pages: Vec<&str> = requests
        .iter()
        .filter(|r| r.path == "/orgs/acme/repos")
        .map(|r| r.query.as_str())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages.iter().any(|q| q.contains("page=2")), "{pages:?}");
    assert!(
        !requests
            .iter()
            .any(|r| r.path.starts_with("/repos/acme/old/")),
        "an archived repository was read"
    );
    // Each listed repository's policy was read once, several at once, never more
    // than the client's bound.
    let policy_reads = requests
        .iter()
        .filter(|r| r.path.ends_with("/contents/.barraiser.yaml") && r.query.contains("ref=main"))
        .count();
    assert!(policy_reads >= 153, "{policy_reads}");
    let peak = s.fake.peak_in_flight();
    assert!((2..=10).contains(&peak), "peak in flight {peak}");
    s.assert_contract();
}

#[test]
fn markdown_names_the_organization_and_how_many_repositories() {
    let s = department();
    let out = s.as_user("erin", &["queue", "--org", "acme", "--format", "markdown"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.contains("acme (2 repositories with a policy)"),
        "{text}"
    );
    let out = s.as_user("erin", &["agenda", "--org", "acme"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.contains("acme (2 repositories with a policy)")
            && text.contains("acme/shop")
            && text.contains("acme/web"),
        "{text}"
    );
    let out = s.as_user(
        "erin",
        &["minutes", "--org", "acme", "--since", "2026-01-01"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(
        stdout(&out).contains("acme (2 repositories with a policy)"),
        "{}",
        show(&out)
    );
}

#[test]
fn audit_and_report_across_an_organization_are_incomplete_when_a_repository_was_unreadable() {
    let s = department();
    for command in ["audit", "report"] {
        let out = s.as_user(
            "erin",
            &[
                command,
                "--org",
                "acme",
                "--since",
                "2026-01-01",
                "--format",
                "json",
            ],
        );
        // Evidence with a gap says so: exit 2, the gap named, the rest still written.
        assert_eq!(code(&out), 2, "{command}: {}", show(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("acme/secret"), "{command}: {}", show(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["version"], 1, "{command}: {}", show(&out));
    }
}

#[test]
fn an_organization_that_cannot_be_listed_is_an_input_error() {
    let s = department();
    let out = s.as_user("erin", &["queue", "--org", "nosuch"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot list the repositories of nosuch") && err.contains("404"),
        "{err}"
    );
    // A name that is not an organization's is refused before any request.
    let out = s.as_user("erin", &["queue", "--org", "../repos"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--org expects"),
        "{}",
        show(&out)
    );
    // Neither --repo nor --org: clap says what is missing.
    let out = s.as_user("erin", &["queue"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
}

#[test]
fn a_rate_limit_one_request_meets_holds_every_thread() {
    let s = department();
    s.fake.fail_next(
        "GET",
        "/repos/{owner}/{repo}/contents/{path}",
        1,
        Fault::SecondaryRateLimit { retry_after: 2 },
    );
    // Slow enough that the other threads would still be reading policies.
    s.fake.set_latency(Duration::from_millis(150));
    let out = s.as_user("erin", &["queue", "--org", "acme", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(queue_items(&out).len(), 2, "{}", show(&out));
    let requests = s.fake.requests();
    let limited = requests
        .iter()
        .find(|r| r.path.contains("/contents/"))
        .unwrap()
        .at;
    // Requests already on their way may land just after; then nobody asks until
    // the two seconds GitHub asked for are over.
    let during: Vec<&str> = requests
        .iter()
        .filter(|r| {
            r.at > limited + Duration::from_millis(300)
                && r.at < limited + Duration::from_millis(1_900)
        })
        .map(|r| r.path.as_str())
        .collect();
    assert!(during.is_empty(), "sent during the hold: {during:?}");
}
