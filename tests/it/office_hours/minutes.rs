//! `barraiser minutes` as meeting notes: period, attendees and totals stated, times to
//! the second in UTC or `--tz`, each decision a list item with its note on its own line.

use crate::support::repo::file;
use crate::support::scenario::{AUTHOR, HIGH, REPO, Scenario, code, medium_change, show, stdout};

#[test]
fn the_minutes_read_as_meeting_notes() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    let approve = [
        "approve",
        "--repo",
        REPO,
        "--pr",
        "7",
        "--note",
        "Reads well",
    ];
    assert_eq!(code(&s.as_user("alice", &approve)), 0);
    let rc = [
        "request-changes",
        "--repo",
        REPO,
        "--pr",
        "8",
        "--note",
        "Ask @carol about #12",
    ];
    assert_eq!(code(&s.as_user("bob", &rc)), 0);
    let period = ["--since", "2026-09-01", "--until", "2026-09-30"];
    let args = [&["minutes", "--repo", REPO][..], &period[..]].concat();
    let out = s.as_user("carol", &args);
    assert_eq!(code(&out), 0, "{}", show(&out));
    crate::support::assert_snapshot("minutes_as_meeting_notes", &stdout(&out));
    let zoned = [&args[..], &["--tz", "Europe/London"][..]].concat();
    let out = s.as_user("carol", &zoned);
    assert!(
        stdout(&out).contains("- **Period:** 2026-09-01 01:00:00 Europe/London to"),
        "{}",
        show(&out)
    );
}
