//! The queue, the audit trail, the minutes, `review` and `office-hours`.

use super::*;

/// The medium change with its window moved to start at `start` (and end two hours later).
fn medium_at(start: &str, end: &str) -> Vec<repo::Edit> {
    vec![file(
        "changes/checkout.md",
        MEDIUM
            .replace("2026-11-25T14:00:00Z", start)
            .replace("2026-11-25T16:00:00Z", end),
    )]
}

#[test]
fn the_queue_orders_by_window_then_risk_then_age() {
    let s = Scenario::new();
    let dec2 = ("2026-12-02T09:00:00Z", "2026-12-02T11:00:00Z");
    s.open_pr(11, AUTHOR, &medium_change()); // 25 Nov, medium, oldest
    s.open_pr(12, "erin", &[file("changes/payments.md", HIGH)]); // 2 Dec, high
    s.open_pr(13, AUTHOR, &medium_at(dec2.0, dec2.1)); // 2 Dec, medium, older
    s.open_pr(14, "erin", &medium_at(dec2.0, dec2.1)); // 2 Dec, medium, newer
    s.open_pr(
        15,
        AUTHOR,
        &medium_at("2026-11-21T09:00:00Z", "2026-11-21T10:00:00Z"),
    );
    assert_eq!(code(&s.approve("alice", 15)), 0, "approved: not waiting");
    s.open_pr(
        16,
        AUTHOR,
        &[file(
            "changes/checkout.md",
            MEDIUM.replace("## Rollback", "## Notes"),
        )],
    );
    s.open_pr(17, AUTHOR, &[file("README.md", "docs only\n")]);
    let out = s.as_user("carol", &["queue", "--repo", REPO, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let numbers: Vec<u64> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [11, 12, 13, 14], "{}", stdout(&out));
    let first = &json["items"][0];
    assert_eq!(first["service"], "checkout");
    assert_eq!(first["risk"], "medium");
    assert_eq!(first["window_start"], "2026-11-25T14:00:00Z");
    assert_eq!(first["author"], AUTHOR);
    assert_eq!(first["approvals_needed"], 1);
    assert!(first["age"].as_str().unwrap().ends_with('d'));
    assert_eq!(json["items"][1]["risk"], "high");

    let md = s.as_user("carol", &["queue", "--repo", REPO, "--format", "markdown"]);
    assert_eq!(code(&md), 0, "{}", show(&md));
    let text = stdout(&md);
    assert!(text.contains("4 pull requests waiting"), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(
        rows[0].contains("acme/shop#11") && rows[3].contains("acme/shop#14"),
        "{text}"
    );

    let table = s.as_user("carol", &["queue", "--repo", REPO]);
    let lines: Vec<String> = stdout(&table).lines().map(str::to_owned).collect();
    assert!(lines[0].starts_with("WINDOW"), "{lines:?}");
    assert!(lines[1].contains("acme/shop#11"), "{lines:?}");
    s.assert_contract();
}

/// `audit` over November 2026, before `--format`.
const AUDIT_NOVEMBER: [&str; 7] = [
    "audit",
    "--repo",
    REPO,
    "--since",
    "2026-11-01",
    "--until",
    "2026-11-30",
];

#[test]
fn audit_lists_merged_changes_with_their_approvals_at_merge() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    s.fake.merge(
        REPO,
        7,
        "2026-11-21T10:00:00Z",
        "7777777777777777777777777777777777777777",
    );
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 8)), 0);
    s.fake.merge(
        REPO,
        8,
        "2026-11-21T11:00:00Z",
        "8888888888888888888888888888888888888888",
    );
    // Too late to count: after the merge.
    let head8 = s.fake.pull(REPO, 8).unwrap().head_sha;
    s.fake.seed_review_at(
        REPO,
        8,
        "bob",
        "APPROVED",
        "",
        &head8,
        "2026-11-22T00:00:00Z",
    );
    s.open_pr(9, AUTHOR, &[file("README.md", "no change description\n")]);
    s.fake.merge(
        REPO,
        9,
        "2026-11-21T12:00:00Z",
        "9999999999999999999999999999999999999999",
    );
    s.open_pr(10, AUTHOR, &medium_change()); // open: not in an audit of merges

    let args = AUDIT_NOVEMBER;
    let out = s.as_user("carol", &[&args[..], &["--format", "csv"]].concat());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, barraiser::render::audit::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{}", stdout(&out));
    let col = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_owned()
    };
    assert_eq!(col(&rows[0], "pr"), "7");
    assert_eq!(col(&rows[0], "change_path"), "changes/checkout.md");
    assert_eq!(col(&rows[0], "risk"), "medium");
    assert_eq!(col(&rows[0], "approvers"), "alice");
    assert_eq!(
        col(&rows[0], "approved_blobs"),
        format!("alice={}", blob_of(MEDIUM))
    );
    assert_eq!(col(&rows[0], "valid_at_merge"), "true");
    assert_eq!(col(&rows[0], "merge_sha"), "7".repeat(40));
    assert_eq!(col(&rows[0], "merged_at"), "2026-11-21T10:00:00Z");
    assert!(!col(&rows[0], "approval_times").is_empty());
    assert_eq!(col(&rows[1], "pr"), "8");
    assert_eq!(col(&rows[1], "risk"), "high");
    assert_eq!(col(&rows[1], "approvals_needed"), "2");
    assert_eq!(col(&rows[1], "approvals_valid"), "1");
    assert_eq!(col(&rows[1], "valid_at_merge"), "false");

    let out = s.as_user("carol", &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let prs = json["pull_requests"].as_array().unwrap();
    assert_eq!(prs.len(), 2);
    assert_eq!(
        prs[0]["approvals"][0]["approved"][0]["blob"],
        blob_of(MEDIUM)
    );
    assert_eq!(prs[1]["valid_at_merge"], false);
    s.assert_contract();
}

#[test]
fn audit_records_each_waiver_and_its_reason() {
    let s = Scenario::new();
    // A medium change with a 10-minute bake (a `short-bake-time` blocker), waived.
    let waived = MEDIUM.replacen("bake_time: 45m", "bake_time: 10m", 1).replacen(
        "\n---\n",
        "\nwaivers:\n  - rule: short-bake-time\n    reason: \"the canary is the whole fleet\"\n---\n",
        1,
    );
    assert!(waived.contains("bake_time: 10m") && waived.contains("waivers:"));
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", &waived),
            file("deploy/checkout.yaml", "replicas: 4\n"),
        ],
    );
    assert_eq!(code(&s.approve("alice", 7)), 0);
    s.fake.merge(
        REPO,
        7,
        "2026-11-21T10:00:00Z",
        "7777777777777777777777777777777777777777",
    );
    let args = AUDIT_NOVEMBER;
    let out = s.as_user("carol", &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let waivers = &json["pull_requests"][0]["changes"][0]["waivers"];
    assert_eq!(waivers[0]["rule"], "short-bake-time", "{json}");
    assert_eq!(waivers[0]["reason"], "the canary is the whole fleet");
    let out = s.as_user("carol", &[&args[..], &["--format", "csv"]].concat());
    assert!(
        stdout(&out).contains("short-bake-time: the canary is the whole fleet"),
        "{}",
        stdout(&out)
    );
    s.assert_contract();
}

#[test]
fn minutes_list_the_decisions_of_the_period() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let rc = [
        "request-changes",
        "--repo",
        REPO,
        "--pr",
        "8",
        "--note",
        "Add the <b>replica</b> check",
    ];
    assert_eq!(code(&s.as_user("bob", &rc)), 0);
    let out = s.as_user(
        "carol",
        &["minutes", "--repo", REPO, "--since", "2026-01-01"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2 decisions: 1 approved, 1 with changes requested"),
        "{text}"
    );
    assert!(
        text.contains("**Approved**") && text.contains("by alice"),
        "{text}"
    );
    assert!(
        text.contains("**Changes requested**") && text.contains("by bob"),
        "{text}"
    );
    assert!(
        text.contains("Note: Add the &lt;b&gt;replica&lt;/b&gt; check"),
        "{text}"
    );
    let none = s.as_user(
        "carol",
        &[
            "minutes",
            "--repo",
            REPO,
            "--since",
            "2027-01-01",
            "--until",
            "2027-01-31",
        ],
    );
    assert!(
        stdout(&none).contains("No bar-raiser decisions"),
        "{}",
        show(&none)
    );
    let bad = s.as_user(
        "carol",
        &["minutes", "--repo", REPO, "--since", "last tuesday"],
    );
    assert_eq!(code(&bad), 2, "{}", show(&bad));
    s.assert_contract();
}

#[test]
fn review_shows_the_verdict_and_approvals_in_every_format() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &[file("changes/payments.md", HIGH)]);
    assert_eq!(code(&s.approve("alice", 7)), 0);
    let out = s.as_user("erin", &["review", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let text = stdout(&out);
    assert!(text.contains("acme/shop#7: Change 7"), "{text}");
    assert!(text.contains("approval: alice valid"), "{text}");
    assert!(
        text.contains("1 valid of 2 needed; 1 more needed"),
        "{text}"
    );
    assert!(text.contains("needs-approval"), "{text}");
    let json = s.as_user(
        "erin",
        &["review", "--repo", REPO, "--pr", "7", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["verdict"], "needs-approval");
    assert_eq!(v["approvals_needed"], 2);
    assert_eq!(v["approvals"][0]["state"], "valid");
    let md = s.as_user(
        "erin",
        &[
            "review", "--repo", REPO, "--pr", "7", "--format", "markdown",
        ],
    );
    assert!(stdout(&md).contains("**1 more needed**"), "{}", show(&md));
    s.assert_contract();
}

#[test]
fn office_hours_off_a_terminal_explains_the_commands() {
    let s = Scenario::new();
    let out = s.as_user("alice", &["office-hours", "--repo", REPO]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("barraiser queue") && err.contains("barraiser approve"),
        "{err}"
    );
}
