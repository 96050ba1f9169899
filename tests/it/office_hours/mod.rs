//! `office-hours` used as a bar raiser uses it: on an 80-column terminal (tmux),
//! against the fake GitHub, reading the screen and pressing keys; and the guard that
//! records a decision only on the content that was shown (`--expect-head`).

mod agenda;
mod expect_head;
mod minutes;
mod tmux;
mod walk;

use std::time::{Duration, Instant};

use crate::support::scenario::{REPO, Scenario, token};
use tmux::Tmux;

/// The clock of the runs: after every commit the scenarios make.
const NOW: &str = "2026-11-20T18:00:00Z";

/// `office-hours --repo acme/shop` as `login` on a terminal of `rows` rows, NO_COLOR set.
fn office_hours(s: &Scenario, login: &str, rows: u16) -> Tmux {
    office_hours_in_colour(s, login, rows, false)
}

/// `office-hours --repo acme/shop` as `login`; NO_COLOR set unless `colour`.
fn office_hours_in_colour(s: &Scenario, login: &str, rows: u16, colour: bool) -> Tmux {
    let api = s.fake.url().to_owned();
    let token = token(login);
    let mut env = vec![
        ("GITHUB_API_URL", api.as_str()),
        ("GH_TOKEN", token.as_str()),
        ("BARRAISER_NOW", NOW),
        ("PAGER", "cat"),
    ];
    if !colour {
        env.push(("NO_COLOR", "1"));
    }
    Tmux::start(
        env!("CARGO_BIN_EXE_barraiser").as_ref(),
        &["office-hours", "--repo", REPO],
        &env,
        s.elsewhere.path(),
        rows,
    )
}

/// Pages through the item on screen until the key prompt `prompt` has been shown
/// `times` times in all; returns everything printed.
fn to_keys(t: &Tmux, prompt: &str, times: usize) -> String {
    let start = Instant::now();
    loop {
        let all = t.history();
        if all.matches(prompt).count() >= times {
            return all;
        }
        let screen = t.screen();
        if screen
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("-- line "))
        {
            t.press(&["Enter"]);
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no prompt {prompt:?} ×{times}:\n{all}"
        );
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// The screen once it shows `text` and has stopped at a prompt (more, or the keys).
fn screen_with(t: &Tmux, text: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = t.screen();
        let last = screen.lines().last().unwrap_or_default();
        if screen.contains(text) && (last.starts_with("-- line ") || last.contains("[a]pprove")) {
            return screen;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no screen with {text:?}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(150));
    }
}
