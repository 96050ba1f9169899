//! The walk: read, approve, request changes, skip, quit, Ctrl-C, the pager, the
//! stale-head refusal and the closing minutes, on a real terminal.

use super::{office_hours, office_hours_in_colour, tmux, to_keys};
use crate::support::repo::file;
use crate::support::scenario::{AUTHOR, HIGH, MEDIUM, REPO, Scenario, medium_change};

/// Three pull requests: #7 and #9 (medium, the same window, #7 older) then #8 (high, later).
fn three() -> Scenario {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    // A warning does not block; it shows under the line it is about.
    let warned = MEDIUM.replace("until 7.4.", "until 7.4, tomorrow.");
    s.open_pr(
        9,
        "erin",
        &[
            file("changes/tax.md", &warned),
            file("deploy/checkout.yaml", "replicas: 5\n"),
        ],
    );
    s
}

#[test]
fn a_bar_raiser_reads_approves_requests_changes_and_skips_and_the_minutes_count_it() {
    if !tmux::available() {
        return;
    }
    let s = three();
    let t = office_hours(&s, "alice", 40);
    // The first item, as it first appears: its description rendered for reading.
    t.wait_for("-- line ");
    t.press(&["Enter"]);
    let page = super::screen_with(&t, "Steps");
    crate::support::assert_snapshot("office_hours_item_description", &page);
    let all = to_keys(&t, "1/3 [a]pprove", 1);
    assert!(all.contains("acme/shop#7: Change 7"), "{all}");
    assert!(
        all.contains("1. Start the release in the pipeline:"),
        "{all}"
    );
    assert!(
        all.contains("┃    pipectl promote checkout-release"),
        "{all}"
    );
    assert!(all.contains("deploy/checkout.yaml |"), "{all}");
    assert!(all.contains("none recorded yet"), "{all}");
    // v: the full description through $PAGER (cat here), then the keys again.
    t.press(&["v"]);
    let all = to_keys(&t, "1/3 [a]pprove", 2);
    assert!(
        all.matches("Ships the tax calculator rewrite").count() >= 2,
        "{all}"
    );
    // o: the link.
    let link = "https://github.com/acme/shop/pull/7";
    let before = t.history().matches(link).count();
    t.press(&["o"]);
    t.wait_for_n(link, before + 1);
    t.press(&["a"]);
    t.wait_for("Note (optional");
    t.type_text("Reads well");
    t.press(&["Enter"]);
    t.wait_for("Approved acme/shop#7");
    // #9: its finding in place; an unknown key re-asks; a request for changes needs a note.
    let all = to_keys(&t, "2/3 [a]pprove", 1);
    let lines: Vec<&str> = all.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("▲ warning relative-time:"))
        .unwrap_or_else(|| panic!("no finding in place:\n{all}"));
    assert!(lines[at - 1].contains("tomorrow"), "{}", lines[at - 1]);
    t.press(&["x"]);
    t.wait_for("is not a key here");
    to_keys(&t, "2/3 [a]pprove", 2);
    t.press(&["r"]);
    t.wait_for("What must change?");
    t.press(&["Enter"]);
    t.wait_for("A request for changes needs a note.");
    t.type_text("Add the replica check");
    t.press(&["Enter"]);
    t.wait_for("Requested changes to acme/shop#9");
    // #8: the diff key, then skip; the session ends with its minutes.
    to_keys(&t, "3/3 [a]pprove", 1);
    t.press(&["d"]);
    t.wait_for("changes no file under require_change_for or risk_floor.");
    to_keys(&t, "3/3 [a]pprove", 2);
    t.press(&["s"]);
    let all = t.wait_for("[exit 0]");
    // Everything up to the minutes (Markdown, for pasting) fits 80 columns.
    let session = &all[..all.find("## Bar-raiser minutes").unwrap_or(all.len())];
    for line in session.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    // The bug this guards: the closing minutes were re-listed from GitHub for the
    // session's period by the local clock, so a decision GitHub stamped outside it
    // (another clock, whole seconds, a pull request not listed as updated) was lost:
    // "0 approved, 1 with changes requested". The fake stamps reviews with its own
    // clock (2026-09), far from this session's: re-listed, none would count.
    assert!(
        all.contains("**Totals:** 2 decisions: 1 approved, 1 with changes requested."),
        "{all}"
    );
    assert!(all.contains("**Attended:** alice"), "{all}");
    assert!(all.contains("  - Note: Reads well"), "{all}");
    let approved = s.fake.reviews(REPO, 7);
    assert_eq!(approved.len(), 1, "{approved:?}");
    assert_eq!(approved[0].state, "APPROVED");
    assert!(approved[0].body.contains("Reads well"));
    let requested = s.fake.reviews(REPO, 9);
    assert_eq!(requested.len(), 1, "{requested:?}");
    assert_eq!(requested[0].state, "CHANGES_REQUESTED");
    assert!(
        s.fake.reviews(REPO, 8).is_empty(),
        "skipped, so nothing recorded"
    );
    s.assert_contract();
}

#[test]
fn quit_and_ctrl_c_end_the_session_with_the_minutes_so_far() {
    if !tmux::available() {
        return;
    }
    let s = three();
    let t = office_hours(&s, "bob", 40);
    to_keys(&t, "1/3 [a]pprove", 1);
    t.press(&["a"]);
    t.wait_for("Note (optional");
    t.press(&["Enter"]);
    t.wait_for("Approved acme/shop#7");
    to_keys(&t, "2/3 [a]pprove", 1);
    t.press(&["C-c"]);
    let all = t.wait_for("[exit 0]");
    assert!(
        all.contains("**Totals:** 1 decision: 1 approved, 0 with changes requested."),
        "{all}"
    );
    drop(t);
    // #7 has its approval now, so it has left the agenda.
    let t = office_hours(&s, "bob", 40);
    let all = to_keys(&t, "1/2 [a]pprove", 1);
    assert!(all.contains("acme/shop#9: Change 9"), "{all}");
    t.press(&["n"]);
    to_keys(&t, "2/2 [a]pprove", 1);
    t.press(&["p"]);
    to_keys(&t, "1/2 [a]pprove", 2);
    t.press(&["q"]);
    let all = t.wait_for("[exit 0]");
    assert!(all.contains("**Totals:** 0 decisions"), "{all}");
    assert_eq!(s.fake.reviews(REPO, 7).len(), 1, "nothing more recorded");
    assert!(s.fake.reviews(REPO, 9).is_empty());
}

#[test]
fn an_edit_pushed_while_the_bar_raiser_reads_is_shown_and_asked_again() {
    if !tmux::available() {
        return;
    }
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let t = office_hours(&s, "alice", 40);
    to_keys(&t, "1/1 [a]pprove", 1);
    // The author pushes while the bar raiser reads.
    let edited = MEDIUM.replace("Expect: `4.17`.", "Expect: `4.18`.");
    let head = s.push(7, &[file("changes/checkout.md", &edited)]);
    t.press(&["a"]);
    t.wait_for("Note (optional");
    t.press(&["Enter"]);
    let all = t.wait_for("changed since it was shown: nothing was recorded.");
    assert!(s.fake.reviews(REPO, 7).is_empty(), "nothing recorded");
    let _ = all;
    let all = to_keys(&t, "1/1 [a]pprove", 2);
    assert!(all.contains("changes/checkout.md: changed"), "{all}");
    assert!(all.contains("-   Expect: `4.17`."), "{all}");
    assert!(all.contains("+   Expect: `4.18`."), "{all}");
    // Asked again, the bar raiser approves what they have now seen.
    t.press(&["a"]);
    t.wait_for_n("Note (optional", 2);
    t.press(&["Enter"]);
    t.wait_for("Approved acme/shop#7");
    let reviews = s.fake.reviews(REPO, 7);
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    assert_eq!(reviews[0].commit_id, head.to_string());
    t.press(&["q"]);
    t.wait_for("[exit 0]");
}

#[test]
fn colour_only_when_no_color_is_unset() {
    if !tmux::available() {
        return;
    }
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let plain = office_hours(&s, "alice", 60);
    to_keys(&plain, "1/1 [a]pprove", 1);
    let screen = plain.screen_with_escapes();
    assert!(!screen.contains('\u{1b}'), "NO_COLOR, yet: {screen:?}");
    plain.press(&["q"]);
    plain.wait_for("[exit 0]");
    let coloured = office_hours_in_colour(&s, "alice", 60, true);
    to_keys(&coloured, "1/1 [a]pprove", 1);
    let screen = coloured.screen_with_escapes();
    assert!(
        screen.contains('\u{1b}'),
        "no colour on a terminal: {screen}"
    );
    coloured.press(&["q"]);
    coloured.wait_for("[exit 0]");
}
