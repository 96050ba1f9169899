//! The department's bar-raiser group (issue 13): a central policy every team repository
//! extends and may only tighten, rosters from GitHub teams, the weekly duty rotation, and
//! each team's operational-excellence report.
//! The real binary runs against the fake GitHub, every request checked against GitHub's
//! OpenAPI description.

use crate::support::repo::{TestRepo, file};
use crate::support::scenario::Scenario;

mod central;
mod discover;
mod report;
mod roster;
mod rotation;
mod scale;

/// Where the department's central policy lives in the fake.
pub const CENTRAL_REPO: &str = "acme/.github";
/// The `extends` line every team repository carries.
pub const EXTENDS: &str = "extends: acme/.github:barraiser/policy.yaml@main\n";

/// The central policy: bar raisers alice and bob, scripts/** needs a description,
/// one approval for medium risk.
pub const CENTRAL: &str = "\
require_change_for: [scripts/**]
bar_raisers: [alice, bob]
approvals: { low: 0, medium: 1, high: 2 }
risk_floor: { \"db/**\": medium }
";

/// A central repository in the fake whose `main` holds `files`; kept alive by the caller.
pub fn central_repo(s: &Scenario, files: &[(&str, &str)]) -> TestRepo {
    let git = TestRepo::new();
    let edits: Vec<_> = files.iter().map(|(p, t)| file(*p, *t)).collect();
    git.commit("main", 1_790_000_000, &edits);
    s.fake.add_git(CENTRAL_REPO, git.root());
    git
}

/// Runs the binary in `cwd` at `now`, GitHub variables scrubbed, with `vars`.
pub fn run_at(
    s: &Scenario,
    cwd: &std::path::Path,
    now: &str,
    args: &[&str],
    vars: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_barraiser"));
    for (key, _) in std::env::vars() {
        if key.starts_with("GITHUB_") || key.starts_with("GH_") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(cwd)
        .env("GITHUB_API_URL", s.fake.url())
        .env("BARRAISER_NOW", now)
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .args(args)
        .output()
        .unwrap()
}
