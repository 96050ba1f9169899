//! A central policy: its keys apply, a team repository may only tighten them, the base
//! commit's policy alone decides which central policy judges a pull request, and a
//! central policy that cannot be read fails closed.

use super::{CENTRAL, CENTRAL_REPO, EXTENDS, central_repo, run_at};
use crate::support::repo::file;
use crate::support::scenario::{self, AUTHOR, MEDIUM, Scenario, code, medium_change, show};

const CENTRAL_PATH: &str = "barraiser/policy.yaml";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_central_keys_apply_and_the_repository_tightens_them() {
    let s = Scenario::with_policy(&format!(
        "{EXTENDS}approvals: {{ low: 0, medium: 2, high: 2 }}\n"
    ));
    let _central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL)]);
    // scripts/** needs a description only because the central policy says so.
    s.open_pr(
        1,
        AUTHOR,
        &[file("scripts/migrate-payments.sh", "#!/bin/sh\necho 2\n")],
    );
    let out = s.ci(1);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(s.comment(1).contains("scripts/"), "{}", s.comment(1));
    // The central roster, with the repository's raised count: one approval is not enough.
    s.open_pr(2, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 2)), 0);
    let decided = s.decided(2);
    assert_eq!(decided.needed, 2, "{decided:#?}");
    assert_eq!(decided.of("alice").state, "valid", "{decided:#?}");
    assert_eq!(decided.verdict, "needs-approval");
    assert_eq!(code(&s.ci(2)), 1);
    // The central file was read at the ref the policy names.
    let reads: Vec<_> = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == format!("/repos/{CENTRAL_REPO}/contents/{CENTRAL_PATH}"))
        .collect();
    assert!(!reads.is_empty());
    assert!(reads.iter().all(|r| r.query == "ref=main"), "{reads:?}");
    s.assert_contract();
}

#[test]
fn loosening_a_central_key_is_refused_naming_both_files() {
    let cases = [
        (
            "approvals: { low: 0, medium: 0, high: 2 }\n",
            "approvals.medium: 0",
        ),
        ("risk_floor: { \"db/**\": low }\n", "db/**"),
        ("rules: { tribal-knowledge: off }\n", "tribal-knowledge"),
        ("bar_raisers: [alice, mallory]\n", "mallory"),
    ];
    for (loosening, named) in cases {
        let s = Scenario::with_policy(&format!("{EXTENDS}{loosening}"));
        let _central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL)]);
        s.open_pr(1, AUTHOR, &medium_change());
        let out = s.ci(1);
        assert_eq!(code(&out), 2, "{loosening}: {}", show(&out));
        let err = stderr(&out);
        for needle in [
            ".barraiser.yaml:2",
            "acme/.github:barraiser/policy.yaml@main",
            named,
            "may only tighten",
        ] {
            assert!(err.contains(needle), "{loosening}: no {needle:?} in\n{err}");
        }
        // Fails closed: the gate is an error, never success.
        assert_eq!(s.status(1), "error", "{loosening}");
    }
}

#[test]
fn a_repository_checklist_cannot_replace_a_central_one() {
    let s = Scenario::with_policy(EXTENDS);
    let _central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL)]);
    s.git.sync_worktree(s.main);
    s.git.write(
        ".barraiser/checklists/rollback.yaml",
        "name: rollback\nrules: []\n",
    );
    let out = s.as_user_in("dana", &["check", "--all"], s.git.root());
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = stderr(&out);
    assert!(err.contains(".barraiser/checklists/rollback.yaml"), "{err}");
    assert!(
        err.contains("acme/.github:barraiser/policy.yaml@main"),
        "{err}"
    );
}

#[test]
fn a_pull_request_cannot_change_the_central_policy_that_judges_it() {
    let s = Scenario::with_policy(EXTENDS);
    let lax = "bar_raisers: [alice, bob]\napprovals: { low: 0, medium: 0, high: 0 }\n";
    let central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL), ("barraiser/lax.yaml", lax)]);
    central.commit("lax", 1_790_000_100, &[file(CENTRAL_PATH, lax)]);
    for extends in [
        "extends: acme/.github:barraiser/lax.yaml@main\n",
        "extends: acme/.github:barraiser/policy.yaml@lax\n",
    ] {
        let number = if extends.contains("@lax") { 2 } else { 1 };
        let mut edits = medium_change();
        edits.push(file(".barraiser.yaml", extends));
        s.open_pr(number, AUTHOR, &edits);
        let out = s.ci(number);
        // Under the lax policy this would be approved; the base's policy needs one.
        assert_eq!(code(&out), 1, "{extends}: {}", show(&out));
        assert!(
            s.comment(number).contains("policy"),
            "{}",
            s.comment(number)
        );
    }
    let read = |path: &str, rev: &str| {
        s.fake.requests().iter().any(|r| {
            r.path == format!("/repos/{CENTRAL_REPO}/contents/{path}")
                && r.query == format!("ref={rev}")
        })
    };
    assert!(read(CENTRAL_PATH, "main"));
    assert!(!read("barraiser/lax.yaml", "main"));
    assert!(!read(CENTRAL_PATH, "lax"));
    s.assert_contract();
}

#[test]
fn a_missing_or_unreadable_central_policy_fails_closed() {
    // Missing: the central repository has no such file.
    let s = Scenario::with_policy(EXTENDS);
    let _central = central_repo(&s, &[("barraiser/other.yaml", CENTRAL)]);
    s.open_pr(1, AUTHOR, &medium_change());
    let out = s.ci(1);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", show(&out));
    assert_eq!(s.status(1), "error");
    // Unreadable: GitHub refuses the read.
    let s = Scenario::with_policy(EXTENDS);
    let _central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL)]);
    s.fake.fail_next(
        "GET",
        "/repos/{owner}/{repo}/contents/{path}",
        1,
        crate::support::fake_github::Fault::ReadOnly,
    );
    s.open_pr(1, AUTHOR, &medium_change());
    let out = s.ci(1);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot read the central policy"), "{err}");
    assert!(err.contains("Contents: read"), "{err}");
    assert_eq!(s.status(1), "error");
}

#[test]
fn a_local_check_reads_the_central_policy_with_a_token_or_from_a_file() {
    let s = Scenario::with_policy(EXTENDS);
    let _central = central_repo(&s, &[(CENTRAL_PATH, CENTRAL)]);
    s.git.sync_worktree(s.main);
    s.git.write("changes/checkout.md", MEDIUM);
    let args = ["check", "--all", "--format", "json"];
    let run_in = |vars: &[(&str, &str)], extra: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(extra);
        run_at(&s, s.git.root(), "2026-11-20T12:00:00Z", &all, vars)
    };
    // No token, no file: exit 2 saying how.
    let out = run_in(&[], &[]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = stderr(&out);
    assert!(
        err.contains("GH_TOKEN") && err.contains("--central FILE"),
        "{err}"
    );
    let token = scenario::token("dana");
    let out = run_in(&[("GH_TOKEN", token.as_str())], &[]);
    assert!(matches!(code(&out), 0 | 1), "{}", show(&out));
    let copy = s.elsewhere.path().join("central.yaml");
    std::fs::write(&copy, "approvals: { low: 0, medium: 0, high: 0 }\n").unwrap();
    let out = run_in(&[], &["--central", copy.to_str().unwrap()]);
    assert!(matches!(code(&out), 0 | 1), "{}", show(&out));
}
