//! The department at scale, as a benchmark (ignored in the usual run; see
//! bench/README.md): an organization of 500 repositories, one in five with a pull
//! request waiting for approval, every answer 20 ms late as over a network. It prints
//! the requests made, the wall time and the most requests in flight, and holds the
//! request count to a budget per repository and per pull request.
//!
//! ```sh
//! cargo test --release --test it dept::scale -- --ignored --nocapture
//! ```

use std::time::{Duration, Instant};

use crate::support::fake_github::FakePull;
use crate::support::scenario::{AUTHOR, REPO, Scenario, code, medium_change, show, stdout};

const REPOS: usize = 500;
const WITH_PULL: usize = 5;

#[test]
#[ignore = "a benchmark: run by hand (bench/README.md)"]
fn queue_across_500_repositories() {
    let s = Scenario::new();
    let head = s.open_pr(1, AUTHOR, &medium_change());
    let pull = s.fake.pull(REPO, 1).unwrap();
    let mut pulls = 0;
    for i in 0..REPOS {
        let name = format!("svc-{i:03}");
        s.fake.add_org_repo("acme", &name, false, "main");
        s.fake.add_git(&format!("acme/{name}"), s.git.root());
        if i % WITH_PULL == 0 && std::env::var_os("NO_PULLS").is_none() {
            pulls += 1;
            s.fake.add_pull(
                &format!("acme/{name}"),
                FakePull {
                    number: 1,
                    head_sha: head.to_string(),
                    ..pull.clone()
                },
            );
        }
    }
    s.fake.set_latency(Duration::from_millis(
        std::env::var("LATENCY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20),
    ));
    s.fake.clear_requests();
    let started = Instant::now();
    let out = s.as_user("erin", &["queue", "--org", "acme", "--format", "json"]);
    let wall = started.elapsed();
    assert_eq!(code(&out), 0, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), pulls);
    let requests = s.fake.requests().len();
    let peak = s.fake.peak_in_flight();
    eprintln!(
        "{REPOS} repositories, {pulls} pull requests: {requests} requests, {:.1} s, \
         at most {peak} in flight ({:.1} requests a second; one at a time would take {:.1} s)",
        wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64(),
        requests as f64 * 0.020,
    );
    // Budget: the listing, then per repository its policy and its pull requests,
    // and per pull request what judging it needs.
    assert!(
        requests <= 5 + 2 * REPOS + 12 * pulls,
        "{requests} requests"
    );
    assert!(peak <= 10, "{peak} in flight");
}
