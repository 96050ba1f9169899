//! The approver did not write it: an approval does not count from anyone who authored
//! or committed a commit changing a bound file, or who is its `Co-authored-by`; from a
//! clone and through the API alike.

use super::*;
use crate::support::repo::Who;
use scenario::email;

/// `name <email>` of a fake user, as a commit records it.
fn person(login: &str) -> (&str, String) {
    (login, email(login))
}

/// A commit written and committed by `login`, with `message`.
fn by<'a>(login: &'a str, mail: &'a str, message: &'a str) -> Who<'a> {
    Who {
        author: (login, mail),
        committer: (login, mail),
        message,
    }
}

#[test]
fn a_bar_raiser_who_pushed_a_commit_changing_a_gated_file_cannot_approve() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let (name, mail) = person("bob");
    let pushed = s.push_by(
        7,
        &[file("deploy/checkout.yaml", "replicas: 5\n")],
        &by(name, &mail, "More replicas"),
    );
    let out = s.approve("bob", 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bob authored commit")
            && err.contains("deploy/checkout.yaml")
            && err.contains("cannot approve what they wrote"),
        "{err}"
    );
    assert!(s.fake.reviews(REPO, 7).is_empty(), "nothing recorded");
    // Recorded anyway (the GitHub UI): shown, with the reason, and not counted.
    s.fake
        .seed_review(REPO, 7, "bob", "APPROVED", "LGTM", &pushed.to_string());
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    let bob = decided_both_ways(&s, 7).of("bob");
    assert_eq!(bob.state, "not-counted");
    let short = &pushed.to_string()[..7];
    assert!(
        bob.reason.starts_with(&format!(
            "authored commit {short}, which changes deploy/checkout.yaml;"
        )),
        "{bob:?}"
    );
    assert!(s.comment(7).contains(&bob.reason), "{}", s.comment(7));
    // Someone who wrote none of it can.
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    assert_eq!(s.status(7), "success");
    s.assert_contract();
}

#[test]
fn a_bar_raiser_named_as_co_author_cannot_approve_and_an_unknown_co_author_is_shown() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let (name, mail) = person(AUTHOR);
    let message = "Tune replicas\n\nCo-authored-by: Bob B <4242+bob@users.noreply.github.com>\n\
                   Co-authored-by: Zed <zed@elsewhere.test>\n";
    let pushed = s.push_by(
        7,
        &[file("deploy/checkout.yaml", "replicas: 6\n")],
        &by(name, &mail, message),
    );
    let out = s.approve("bob", 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(s.fake.reviews(REPO, 7).is_empty());
    s.fake
        .seed_review(REPO, 7, "bob", "APPROVED", "LGTM", &pushed.to_string());
    assert_eq!(code(&s.ci(7)), 1);
    let decided = decided_both_ways(&s, 7);
    let bob = decided.of("bob");
    assert_eq!(bob.state, "not-counted");
    let short = &pushed.to_string()[..7];
    assert!(
        bob.reason.starts_with(&format!(
            "co-authored commit {short} (its Co-authored-by trailer), which changes deploy/checkout.yaml;"
        )),
        "{bob:?}"
    );
    // A co-author GitHub knows no account for is named, from the clone and the API.
    let zed = "`Zed <zed@elsewhere.test>` of commit";
    for cwd in [s.git.root(), s.elsewhere.path()] {
        let out = s.as_user_in("erin", &["review", "--repo", REPO, "--pr", "7"], cwd);
        assert!(
            stdout(&out).contains(zed) && stdout(&out).contains("excludes no approver"),
            "{}",
            show(&out)
        );
    }
    assert!(s.comment(7).contains("Zed"), "{}", s.comment(7));
    s.assert_contract();
}

#[test]
fn a_co_author_email_github_matched_elsewhere_in_the_pull_request_is_mapped() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let (bob, bob_mail) = person("bob");
    // Bob's own commit, on an unrelated file, tells which account bob@acme.test is.
    s.push_by(
        7,
        &[file("README.md", "hi\n")],
        &by(bob, &bob_mail, "Readme"),
    );
    let (dana, dana_mail) = person(AUTHOR);
    let message = format!("Tune\n\nCo-authored-by: Bob <{bob_mail}>\n");
    let pushed = s.push_by(
        7,
        &[file("deploy/checkout.yaml", "replicas: 6\n")],
        &by(dana, &dana_mail, &message),
    );
    s.fake
        .seed_review(REPO, 7, "bob", "APPROVED", "LGTM", &pushed.to_string());
    let bob = decided_both_ways(&s, 7).of("bob");
    assert_eq!(bob.state, "not-counted", "{bob:?}");
    assert!(bob.reason.contains("co-authored commit"), "{bob:?}");
}

#[test]
fn a_bar_raiser_who_only_committed_an_unrelated_file_still_can() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let (name, mail) = person("bob");
    s.push_by(
        7,
        &[file("README.md", "Typo fixed.\n")],
        &by(name, &mail, "Fix a typo"),
    );
    let out = s.approve("bob", 7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(code(&s.ci(7)), 0);
    assert_eq!(s.status(7), "success");
    assert_eq!(decided_both_ways(&s, 7).of("bob").state, "valid");
    s.assert_contract();
}

#[test]
fn web_flow_excludes_no_one_and_updating_the_branch_writes_nothing() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    // Dana edits the gated file in GitHub's web editor: GitHub commits it as web-flow.
    let (dana, dana_mail) = person(AUTHOR);
    s.push_by(
        7,
        &[file("deploy/checkout.yaml", "replicas: 7\n")],
        &Who {
            author: (dana, &dana_mail),
            committer: ("GitHub", "noreply@github.com"),
            message: "Update checkout.yaml",
        },
    );
    // Main moves on; Alice presses "Update branch": a merge she authors, web-flow commits.
    let main = s
        .git
        .commit("main", T0, &[file("docs/unrelated.md", "news\n")]);
    let pr_head = s.git.repo.refname_to_id("refs/heads/pr-7").unwrap();
    let (alice, alice_mail) = person("alice");
    let merge = s.git.commit_with(
        &[pr_head, main],
        T0 + 30,
        &[file("docs/unrelated.md", "news\n")],
        &Who {
            author: (alice, &alice_mail),
            committer: ("GitHub", "noreply@github.com"),
            message: "Merge branch 'main' into pr-7",
        },
    );
    s.git.branch("pr-7", merge);
    s.fake.set_head(REPO, 7, &merge.to_string());
    s.fake.set_base(REPO, 7, &main.to_string());
    let out = s.approve("alice", 7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(code(&s.ci(7)), 0);
    assert_eq!(s.status(7), "success");
    let decided = decided_both_ways(&s, 7);
    assert_eq!(decided.of("alice").state, "valid", "{decided:?}");
    s.assert_contract();
}

#[test]
fn more_commits_than_github_lists_leave_no_verdict() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    for i in 0..250 {
        s.push(7, &[file("notes.txt", format!("{i}\n"))]);
    }
    let head = s.fake.pull(REPO, 7).unwrap().head_sha;
    s.fake
        .seed_review(REPO, 7, "alice", "APPROVED", "LGTM", &head);
    let out = s.ci(7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_eq!(s.status(7), "error");
    let out = s.as_user("erin", &["review", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("250 of the 251 commits"), "{err}");
}
