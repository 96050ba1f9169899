//! The gate cannot be gamed by the shape of the diff: deletions, moves, type changes
//! and bar deletions count; risk floors hold; a reformatted old description does not
//! satisfy `require_change_for`; freezes hold at every risk.

use super::fixture::*;
use crate::support::repo::{delete, link};

const POLICY: &str = "require_change_for: [deploy/**, migrations/**]\n";

/// The message of the `missing-change-description` finding, when the range has one.
fn missing(report: &serde_json::Value) -> Option<String> {
    report["changes"].as_array()?.iter().find_map(|c| {
        c["findings"].as_array()?.iter().find_map(|f| {
            (f["rule"] == "missing-change-description")
                .then(|| f["message"].as_str().unwrap_or_default().to_owned())
        })
    })
}

/// The human output of the range check (run notes are not part of JSON v1).
fn notes(repo: &TestRepo) -> String {
    run(
        repo.root(),
        &["check", "--base", "main", "--head", "feature"],
    )
    .stdout
}

#[test]
fn deleting_a_gated_file_needs_a_change_description() {
    let repo = range_repo(
        &[
            file(".barraiser.yaml", POLICY),
            file(
                "migrations/001_create.sql",
                "CREATE TABLE orders (id int);\n",
            ),
        ],
        &[delete("migrations/001_create.sql")],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    let message = missing(&report).expect("a deletion is gated");
    assert!(message.contains("migrations/001_create.sql"), "{message}");
    assert!(message.contains("deleted"), "{message}");
}

#[test]
fn moving_a_gated_file_away_needs_a_change_description() {
    let repo = range_repo(
        &[
            file(".barraiser.yaml", POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
        ],
        &[
            delete("deploy/app.yaml"),
            file("attic/app.yaml", "replicas: 2\n"),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    let message = missing(&report).expect("a move away is gated");
    assert!(message.contains("deploy/app.yaml"), "{message}");
}

#[test]
fn replacing_a_gated_directory_with_a_symlink_needs_a_change_description() {
    let repo = range_repo(
        &[
            file(".barraiser.yaml", POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
            file("elsewhere/app.yaml", "replicas: 9\n"),
        ],
        &[delete("deploy/app.yaml"), link("deploy", "elsewhere")],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    let message = missing(&report).expect("a directory swapped for a symlink is gated");
    assert!(message.contains("deploy"), "{message}");

    // A file replaced by a symlink, too.
    let repo = range_repo(
        &[
            file(".barraiser.yaml", POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
        ],
        &[link("deploy/app.yaml", "../elsewhere/app.yaml")],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    assert!(missing(&report).is_some_and(|m| m.contains("deploy/app.yaml")));
}

#[test]
fn deleting_or_renaming_a_bar_file_is_a_bar_change() {
    let checklist = "checklist: team\nrules: []\n";
    for head in [
        vec![delete(".barraiser/checklists/team.yaml")],
        vec![
            delete(".barraiser/checklists/team.yaml"),
            file("attic/team.yaml", checklist),
        ],
        vec![delete(".barraiser.yaml")],
    ] {
        let repo = range_repo(
            &[
                file(".barraiser.yaml", POLICY),
                file(".barraiser/checklists/team.yaml", checklist),
            ],
            &head,
        );
        let notes = notes(&repo);
        assert!(notes.contains("edits the bar itself"), "{head:?}: {notes}");
    }
}

#[test]
fn a_checklist_named_with_a_leading_dot_slash_is_a_bar_file() {
    let checklist = "checklist: team\nrules: []\n";
    let policy = "checklists: [./checklists/team.yaml]\n";
    let repo = range_repo(
        &[
            file(".barraiser.yaml", policy),
            file("checklists/team.yaml", checklist),
        ],
        &[file(
            "checklists/team.yaml",
            format!("{checklist}# weaker\n"),
        )],
    );
    let notes = notes(&repo);
    assert!(
        notes.contains("edits the bar itself (checklists/team.yaml)"),
        "{notes}"
    );
}

#[test]
fn reformatting_an_old_change_description_does_not_satisfy_require_change_for() {
    let old = good("low");
    let repo = range_repo(
        &[
            file(".barraiser.yaml", POLICY),
            file("deploy/app.yaml", "replicas: 2\n"),
            file("changes/old.md", &old),
        ],
        &[
            file("deploy/app.yaml", "replicas: 3\n"),
            // A trailing newline and re-wrapped white space only.
            file(
                "changes/old.md",
                format!("{}\n\n", old.replace("## Steps\n", "##   Steps\n")),
            ),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    let message = missing(&report).expect("a reformatted old description is not the PR's own");
    assert!(message.contains("changes/old.md"), "{message}");

    // An edit in substance makes it the PR's own.
    repo.commit(
        "feature",
        T0 + 7200,
        &[file(
            "changes/old.md",
            edit(
                &old,
                "(ticket ORD-311)",
                "(ticket ORD-311; now with 3 replicas)",
            ),
        )],
    );
    let (run, report) = range(&repo);
    run.assert_code(0);
    assert!(missing(&report).is_none(), "{report}");
}

/// `GOOD` declared low, with a type.
fn low_of_type(kind: &str) -> String {
    edit(&good("low"), "type: deploy", &format!("type: {kind}"))
}

#[test]
fn a_path_floor_raises_a_declared_low_risk_and_says_why() {
    let policy = format!("{POLICY}risk_floor: {{ \"migrations/**\": high }}\n");
    let repo = range_repo(
        &[file(".barraiser.yaml", &policy)],
        &[
            file("migrations/002_drop.sql", "DROP TABLE orders CASCADE;\n"),
            file("changes/drop.md", low_of_type("deploy")),
        ],
    );
    let (_, report) = range(&repo);
    let change = &report["changes"][0];
    assert_eq!(change["risk"], "low");
    assert_eq!(
        change["risk_raised"],
        "risk raised to high by `migrations/**` (declared low)"
    );
    assert_eq!(change["judged_risk"], "high");
    assert!(notes(&repo).contains("risk raised to high by `migrations/**` (declared low)"));
}

#[test]
fn the_default_policy_floors_migrations_and_data_changes() {
    for (kind, floor) in [("migration", "medium"), ("Data", "medium")] {
        let repo = range_repo(&[], &[file("changes/x.md", low_of_type(kind))]);
        let (_, report) = range(&repo);
        let raised = report["changes"][0]["risk_raised"]
            .as_str()
            .unwrap_or_default();
        assert!(
            raised.starts_with(&format!(
                "risk raised to {floor} by type `{}`",
                kind.to_lowercase()
            )),
            "{kind}: {report}"
        );
    }
    // Without a floor, nothing is said.
    let repo = range_repo(&[], &[file("changes/x.md", low_of_type("deploy"))]);
    let (run, report) = range(&repo);
    run.assert_code(0);
    assert!(
        report["changes"][0].get("risk_raised").is_none(),
        "{report}"
    );
}

#[test]
fn a_raised_risk_brings_the_rules_of_that_risk() {
    // A change whose window is inside a freeze that lets low risk through: declared
    // low it passes, but a path floor to medium makes the freeze apply.
    let policy = |floor: &str| {
        format!(
            "{POLICY}{floor}freeze:\n  - {{ start: 2026-11-30T00:00:00Z, end: 2026-12-03T00:00:00Z, reason: Peak, allow: [low] }}\n"
        )
    };
    let repo = range_repo(
        &[file(".barraiser.yaml", policy("risk_floor: {}\n"))],
        &[
            file("migrations/002.sql", "ALTER TABLE orders ADD c int;\n"),
            file("changes/x.md", low_of_type("deploy")),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(0);
    assert!(!rules(&report, "changes/x.md").contains(&"freeze-window:blocker".into()));

    let repo = range_repo(
        &[file(
            ".barraiser.yaml",
            policy("risk_floor: { \"migrations/**\": medium }\n"),
        )],
        &[
            file("migrations/002.sql", "ALTER TABLE orders ADD c int;\n"),
            file("changes/x.md", low_of_type("deploy")),
        ],
    );
    let (run, report) = range(&repo);
    run.assert_code(1);
    assert!(
        rules(&report, "changes/x.md").contains(&"freeze-window:blocker".into()),
        "{report}"
    );
}

#[test]
fn a_freeze_applies_to_low_risk_unless_it_allows_it() {
    let freeze = |allow: &str| {
        format!(
            "freeze:\n  - {{ start: 2026-11-30T00:00:00Z, end: 2026-12-03T00:00:00Z, reason: Peak{allow} }}\n"
        )
    };
    let repo = repo_with(&[
        file(".barraiser.yaml", freeze("")),
        file("changes/x.md", low_of_type("deploy")),
    ]);
    let (run, report) = check_json(&repo, &["--rev", "HEAD", "changes/x.md"]);
    run.assert_code(1);
    assert!(rules(&report, "changes/x.md").contains(&"freeze-window:blocker".into()));

    let repo = repo_with(&[
        file(".barraiser.yaml", freeze(", allow: [low]")),
        file("changes/x.md", low_of_type("deploy")),
    ]);
    let (run, _) = check_json(&repo, &["--rev", "HEAD", "changes/x.md"]);
    run.assert_code(0);
}

/// `GOOD` at high risk with a 10-minute bake (a `short-bake-time` blocker) and `waivers`.
fn waiving(waivers: &str) -> String {
    edit(
        &edit(&good("high"), "bake_time: 2h", "bake_time: 10m"),
        "parameters:",
        &format!("{waivers}parameters:"),
    )
}

#[test]
fn a_waiver_with_a_reason_takes_a_blocker_out_of_the_verdict() {
    let repo = repo_with(&[file(
        "changes/x.md",
        waiving(
            "waivers:\n  - rule: short-bake-time\n    reason: \"the canary is the whole fleet (INC-2211)\"\n",
        ),
    )]);
    let (run, report) = check_json(&repo, &["--rev", "HEAD", "changes/x.md"]);
    run.assert_code(0);
    let change = &report["changes"][0];
    assert!(rules(&report, "changes/x.md").is_empty(), "{report}");
    assert_eq!(change["waived"][0]["rule"], "short-bake-time");
    assert_eq!(
        change["waived"][0]["reason"],
        "the canary is the whole fleet (INC-2211)"
    );
    // The human output lists it, with its reason.
    let out = run_human(&repo);
    assert!(
        out.contains("waives `short-bake-time`") && out.contains("INC-2211"),
        "{out}"
    );
}

fn run_human(repo: &TestRepo) -> String {
    run(repo.root(), &["check", "--rev", "HEAD", "changes/x.md"]).stdout
}

#[test]
fn a_waiver_without_a_reason_or_for_a_quiet_rule_is_itself_a_blocker() {
    for (waivers, message) in [
        (
            "waivers:\n  - rule: short-bake-time\n",
            "needs a `rule` and a `reason`",
        ),
        (
            "waivers:\n  - rule: short-bake-time\n    reason: ok\n  - rule: placeholder\n    reason: none here\n",
            "waiver of `placeholder` waives nothing",
        ),
    ] {
        let repo = repo_with(&[file("changes/x.md", waiving(waivers))]);
        let (run, report) = check_json(&repo, &["--rev", "HEAD", "changes/x.md"]);
        run.assert_code(1);
        let found = findings(&report, "changes/x.md");
        assert!(
            found.contains(&("invalid-waiver".into(), "blocker".into())),
            "{waivers}: {report}"
        );
        assert!(report.to_string().contains(message), "{report}");
    }
}

#[test]
fn the_policy_can_make_a_rule_unwaivable() {
    let repo = repo_with(&[
        file(".barraiser.yaml", "unwaivable: [short-bake-time]\n"),
        file(
            "changes/x.md",
            waiving("waivers:\n  - rule: short-bake-time\n    reason: trust me\n"),
        ),
    ]);
    let (run, report) = check_json(&repo, &["--rev", "HEAD", "changes/x.md"]);
    run.assert_code(1);
    let found = rules(&report, "changes/x.md");
    assert!(
        found.contains(&"short-bake-time:blocker".into()),
        "{found:?}"
    );
    assert!(
        found.contains(&"invalid-waiver:blocker".into()),
        "{found:?}"
    );
    assert!(report.to_string().contains("cannot be waived"), "{report}");
}
