//! Validity without a network: each rule of SPEC section 6 on its own.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::approval::{Action, Block, BoundFile, review_body};

const HEAD: &str = "1111111111111111111111111111111111111111";
const OLD: &str = "2222222222222222222222222222222222222222";

struct Fixed(Result<Vec<Option<String>>, String>);

impl Bindings for Fixed {
    fn blobs_at(&self, _: &str, _: &[String]) -> Result<Vec<Option<String>>, String> {
        self.0.clone()
    }
}

fn file(path: &str, blob: &str) -> BoundFile {
    BoundFile {
        path: path.into(),
        blob: blob.into(),
    }
}

fn review(id: u64, who: &str, state: &str, body: &str, commit: &str) -> ReviewRecord {
    ReviewRecord {
        id,
        reviewer: who.into(),
        state: ReviewState::parse(state),
        body: body.into(),
        commit_id: commit.into(),
        submitted_at: format!("2026-11-20T12:00:{:02}Z", id % 60),
        submitted: format!("2026-11-20T12:00:{:02}Z", id % 60).parse().ok(),
    }
}

fn blocked(files: Vec<BoundFile>) -> String {
    review_body(Action::Approve, &Block::new(HEAD, files, None))
}

fn run(reviews: &[ReviewRecord], bindings: &Fixed) -> Vec<(String, ApprovalState, String)> {
    let roster = vec!["Alice".to_owned(), "bob".to_owned()];
    let head = vec![file("changes/a.md", "aaa")];
    let ctx = Context {
        roster: &roster,
        author: "dana",
        head_sha: HEAD,
        head: &head,
        authorship: &Authorship::default(),
    };
    assess(reviews, &ctx, bindings)
        .views
        .into_iter()
        .map(|v| (v.reviewer, v.state, v.reason))
        .collect()
}

fn none() -> Fixed {
    Fixed(Err("unused".into()))
}

#[test]
fn a_block_approval_of_the_head_blobs_is_valid_and_logins_ignore_case() {
    let views = run(
        &[review(
            1,
            "alice",
            "APPROVED",
            &blocked(vec![file("changes/a.md", "aaa")]),
            OLD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::Valid, "{views:?}");
}

#[test]
fn a_block_names_what_changed_was_added_or_dropped() {
    let views = run(
        &[review(
            1,
            "bob",
            "APPROVED",
            &blocked(vec![file("changes/a.md", "old"), file("changes/b.md", "b")]),
            OLD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::Stale);
    assert!(
        views[0]
            .2
            .contains("changes/a.md changed since the approval"),
        "{views:?}"
    );
    assert!(
        views[0].2.contains("changes/b.md is no longer changed"),
        "{views:?}"
    );
    let views = run(
        &[review(1, "bob", "APPROVED", &blocked(vec![]), OLD)],
        &none(),
    );
    assert!(
        views[0]
            .2
            .contains("changes/a.md was added after the approval"),
        "{views:?}"
    );
}

#[test]
fn only_the_latest_decision_counts_and_comments_are_not_decisions() {
    let body = blocked(vec![file("changes/a.md", "aaa")]);
    let views = run(
        &[
            review(1, "bob", "APPROVED", &body, HEAD),
            review(2, "bob", "CHANGES_REQUESTED", "no", HEAD),
            review(3, "bob", "COMMENTED", "hmm", HEAD),
        ],
        &none(),
    );
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].1, ApprovalState::ChangesRequested);
    let views = run(
        &[
            review(1, "bob", "APPROVED", &body, HEAD),
            review(2, "bob", "DISMISSED", &body, HEAD),
        ],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
}

#[test]
fn authors_and_people_outside_the_roster_do_not_count() {
    let body = blocked(vec![file("changes/a.md", "aaa")]);
    let views = run(
        &[
            review(1, "DANA", "APPROVED", &body, HEAD),
            review(2, "carol", "APPROVED", &body, HEAD),
        ],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
    assert!(views[0].2.contains("author"));
    assert_eq!(views[1].1, ApprovalState::NotCounted);
    assert!(views[1].2.contains("not a bar raiser"));
}

#[test]
fn plain_approvals_bind_through_their_commit() {
    let at_head = run(&[review(1, "bob", "APPROVED", "LGTM", HEAD)], &none());
    assert_eq!(at_head[0].1, ApprovalState::Valid);
    let same = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Ok(vec![Some("aaa".into())])),
    );
    assert_eq!(same[0].1, ApprovalState::Valid);
    let edited = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Ok(vec![Some("zzz".into())])),
    );
    assert_eq!(edited[0].1, ApprovalState::Stale);
    let missing = run(
        &[review(1, "bob", "APPROVED", "", OLD)],
        &Fixed(Err("commit 2222222 is not in this checkout".into())),
    );
    assert_eq!(missing[0].1, ApprovalState::Stale);
    assert!(missing[0].2.contains("not in this checkout"));
}

#[test]
fn an_unreadable_block_is_not_counted() {
    let views = run(
        &[review(
            1,
            "bob",
            "APPROVED",
            "<!-- barraiser:approval {\"version\":9} -->",
            HEAD,
        )],
        &none(),
    );
    assert_eq!(views[0].1, ApprovalState::NotCounted);
    assert!(views[0].2.contains("version 9"), "{views:?}");
}

// The decision as a whole: scope, effective risk, quorum and the time reviews count up to.

fn change(path: &str, risk: Option<Risk>) -> ChangeReport {
    ChangeReport {
        path: path.into(),
        risk,
        blob: "aaa".into(),
        ..ChangeReport::default()
    }
}

fn outcome(changes: Vec<ChangeReport>, bar_changed: &[&str]) -> Outcome {
    let mut policy = crate::parse::policy::Policy::embedded().unwrap();
    policy.bar_raisers = vec!["alice".into(), "bob".into()];
    policy.approvals.low = 0;
    policy.approvals.medium = 1;
    policy.approvals.high = 2;
    Outcome {
        report: Report::from_changes(changes, Vec::new()),
        policy,
        templates: Vec::new(),
        touched: Vec::new(),
        bar_changed: bar_changed.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn decide_with(outcome: &Outcome, reviews: &[ReviewRecord], cutoff: Option<&str>) -> Decision {
    let head = vec![file("changes/a.md", "aaa")];
    decide(&Inputs {
        outcome,
        reviews,
        context: Context {
            roster: &outcome.policy.bar_raisers,
            author: "dana",
            head_sha: HEAD,
            head: &head,
            authorship: &Authorship::default(),
        },
        bindings: &none(),
        cutoff: cutoff.map(|c| c.parse().unwrap()),
    })
}

#[test]
fn a_pull_request_without_changes_or_bar_edits_needs_no_review() {
    let out = outcome(Vec::new(), &[]);
    let decision = decide_with(&out, &[], None);
    assert_eq!(decision.verdict, Verdict::NotRequired);
    assert!(!decision.in_scope);
    assert_eq!(decision.risk.reason, RiskReason::NoChange);
    assert_eq!(decision.report(&out.report).approvals_needed, None);
}

#[test]
fn a_change_without_a_valid_risk_counts_as_high() {
    let out = outcome(
        vec![
            change("changes/a.md", Some(Risk::Medium)),
            change("changes/b.md", None),
        ],
        &[],
    );
    let decision = decide_with(&out, &[], None);
    assert_eq!(decision.risk.risk, Some(Risk::High));
    assert_eq!(
        decision.risk.reason,
        RiskReason::Undeclared("changes/b.md".into())
    );
    assert_eq!(decision.needed, 2);
    assert_eq!(decision.verdict, Verdict::NeedsApproval);
}

#[test]
fn an_edit_to_the_bar_needs_at_least_one_approval() {
    let out = outcome(
        vec![change("changes/a.md", Some(Risk::Low))],
        &[".barraiser.yaml"],
    );
    let decision = decide_with(&out, &[], None);
    assert_eq!(decision.needed, 1);
    assert_eq!(decision.verdict, Verdict::NeedsApproval);
    let approved = decide_with(&out, &[review(1, "bob", "APPROVED", "LGTM", HEAD)], None);
    assert_eq!(approved.verdict, Verdict::Approved);
    assert!(approved.quorum_met());
    assert_eq!(approved.valid_with_approval_by("BOB"), 1);
    assert_eq!(approved.valid_with_approval_by("alice"), 2);
}

#[test]
fn reviews_after_the_cutoff_do_not_count() {
    let out = outcome(vec![change("changes/a.md", Some(Risk::Medium))], &[]);
    let reviews = [review(30, "bob", "APPROVED", "LGTM", HEAD)];
    let before = decide_with(&out, &reviews, Some("2026-11-20T12:00:10Z"));
    assert_eq!(before.verdict, Verdict::NeedsApproval);
    assert!(before.approvals.is_empty());
    let after = decide_with(&out, &reviews, Some("2026-11-20T12:00:30Z"));
    assert_eq!(after.verdict, Verdict::Approved);
}

#[test]
fn blockers_decide_before_approvals() {
    let mut blocked = change("changes/a.md", Some(Risk::Low));
    blocked.findings.push(Finding {
        rule: "r".into(),
        checklist: "c".into(),
        severity: Severity::Blocker,
        message: String::new(),
        line: 1,
        column: 1,
        fix: String::new(),
    });
    let out = outcome(vec![blocked], &[]);
    let decision = decide_with(&out, &[review(1, "bob", "APPROVED", "LGTM", HEAD)], None);
    assert_eq!(decision.verdict, Verdict::Blocked);
    assert_eq!(decision.valid, 1);
}

#[test]
fn a_raised_risk_sets_the_quorum_and_says_why() {
    let mut low = change("changes/drop.md", Some(Risk::Low));
    low.raised_to = Some(Risk::High);
    low.raised_by = Some("risk raised to high by `migrations/**` (declared low)".into());
    let outcome = outcome(vec![low], &[]);
    let decision = decide_with(&outcome, &[], None);
    assert_eq!(decision.risk.risk, Some(Risk::High));
    assert_eq!(decision.needed, 2);
    assert_eq!(
        decision.risk.reason,
        RiskReason::Raised(
            "changes/drop.md".into(),
            "risk raised to high by `migrations/**` (declared low)".into()
        )
    );
    assert_eq!(decision.verdict, Verdict::NeedsApproval);
    assert_noted(&outcome, "raised to high");
}

#[test]
fn a_waived_blocker_needs_a_bar_raiser_approval_at_any_risk() {
    let mut low = change("changes/x.md", Some(Risk::Low));
    low.waived = vec![crate::decide::Waived {
        rule: "short-bake-time".into(),
        reason: "canary is the fleet".into(),
        message: "`pipeline.bake_time` is 10m".into(),
        line: 9,
    }];
    let outcome = outcome(vec![low], &[]);
    let decision = decide_with(&outcome, &[], None);
    assert_eq!(decision.needed, 1);
    assert_eq!(decision.verdict, Verdict::NeedsApproval);
    assert_noted(&outcome, "waives `short-bake-time`");
}

#[track_caller]
fn assert_noted(outcome: &Outcome, text: &str) {
    let notes = &outcome.report.notes;
    assert!(notes.iter().any(|n| n.contains(text)), "{notes:?}");
}

#[test]
fn an_approval_by_whoever_wrote_a_bound_file_is_not_counted_but_their_request_stands() {
    let roster = vec!["alice".to_owned(), "bob".to_owned()];
    let head = vec![file("changes/a.md", "aaa")];
    let authorship = Authorship {
        contributions: vec![Contribution {
            login: "Bob".into(),
            role: Role::CoAuthor,
            commit: OLD.into(),
            touch: Touch::File("changes/a.md".into()),
        }],
        unmapped: Vec::new(),
    };
    let ctx = Context {
        roster: &roster,
        author: "dana",
        head_sha: HEAD,
        head: &head,
        authorship: &authorship,
    };
    let reviews = [
        review(1, "alice", "APPROVED", "LGTM", HEAD),
        review(2, "bob", "APPROVED", "LGTM", HEAD),
    ];
    assert_eq!(candidates(&reviews, &roster, "dana"), ["alice", "bob"]);
    let views = assess(&reviews, &ctx, &none()).views;
    assert_eq!(views[0].state, ApprovalState::Valid);
    assert_eq!(views[1].state, ApprovalState::NotCounted);
    assert!(
        views[1].reason.starts_with(
            "co-authored commit 2222222 (its Co-authored-by trailer), which changes changes/a.md;"
        ),
        "{views:?}"
    );
    let asked = [review(3, "bob", "CHANGES_REQUESTED", "no", HEAD)];
    let views = assess(&asked, &ctx, &none()).views;
    assert_eq!(views[0].state, ApprovalState::ChangesRequested);
}
