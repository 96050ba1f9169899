//! Bounded memory and time, as a property (#11 item 11): `check` on a change
//! description built from the shapes that once blew up (placeholder and
//! tribal-knowledge hits in one run-on sentence, nested HTML, lists and quotes, long
//! code spans) runs under a 200 MiB address-space limit, and ends within a hang
//! detector.
//!
//! Memory is the assertion: the child runs under `ulimit -v`, so an allocation past
//! the budget aborts it and fails the case, whatever else the machine is doing. Wall
//! time on a shared, loaded machine and a debug build is only a hang detector.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::support::bin;
use crate::support::repo::TestRepo;

/// The memory budget: 200 MiB of address space, in KiB for `ulimit -v`.
const BUDGET_KIB: u64 = 200 * 1024;
/// Longer than any sane run of a debug build on a loaded machine: only a hang fails it.
const HANG: Duration = Duration::from_secs(180);
/// The largest input tried here. Inputs up to the 1 MiB limit behave the same per
/// byte; this keeps a debug build's run short.
const MAX_INPUT: usize = 96 * 1024;

const FRONT: &str = "---\ntitle: Hostile\nservice: search\nowner: \"@acme/search\"\nrisk: medium\ntype: config\n---\n\n## Steps\n1. ";

/// A body of `size` bytes repeating a unit made of hostile pieces.
fn hostile_body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("TODO "),
        Just("ask the team "),
        Just("etc. "),
        Just("<div>"),
        Just("</div>"),
        Just("\n- "),
        Just("- "),
        Just("> "),
        Just("`"),
        Just("\n```sh\n"),
        Just("$UNDECLARED "),
        Just("rm -rf /data "),
        Just("wait until ready "),
        Just("~/bin/fix.sh "),
        Just("https://acme.slack.com/archives/C1/p1 "),
        Just("tomorrow "),
        Just("word "),
    ];
    (prop::collection::vec(piece, 1..24), 1..=MAX_INPUT).prop_map(|(pieces, size)| {
        let unit = pieces.concat();
        unit.repeat(size / unit.len() + 1)
            .chars()
            .take(size)
            .collect()
    })
}

/// Runs `check` on `body` under `limit_kib` of address space: (exit code, stderr,
/// wall time).
fn check_bounded(body: &str, limit_kib: u64) -> (Option<i32>, String, Duration) {
    let repo = TestRepo::new();
    repo.write("changes/hostile.md", format!("{FRONT}{body}\n"));
    let cmd = bin::command(
        repo.root(),
        &["check", "changes/hostile.md", "--format", "json"],
    );
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" \"$@\""))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .current_dir(repo.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => shell.env(key, v),
            None => shell.env_remove(key),
        };
    }
    let started = Instant::now();
    let mut child = shell.spawn().expect("run barraiser");
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                std::io::Read::read_to_string(&mut pipe, &mut stderr).ok();
            }
            return (status.code(), stderr, started.elapsed());
        }
        if started.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            return (None, "hung".into(), started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn check_stays_within_200_mib_on_any_hostile_input(body in hostile_body()) {
        let (code, stderr, took) = check_bounded(&body, BUDGET_KIB);
        prop_assert!(
            matches!(code, Some(0..=2)),
            "exit {:?} after {:?} on {} bytes under {} KiB: {}",
            code, took, body.len(), BUDGET_KIB, stderr
        );
        prop_assert!(!stderr.contains("memory allocation"), "{}", stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
    }
}

#[test]
fn the_limit_ends_a_run_that_needs_more() {
    // The property can fail: the same mechanism with a budget the run cannot fit in
    // ends it instead of letting it finish.
    let (code, _, _) = check_bounded("word ", 8 * 1024);
    assert!(!matches!(code, Some(0..=2)), "{code:?}");
    let (code, stderr, _) = check_bounded("word ", BUDGET_KIB);
    assert!(matches!(code, Some(0..=2)), "{code:?} {stderr}");
}
