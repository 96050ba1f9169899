//! Runs the real `barraiser` binary with a controlled environment: no `GITHUB_*`,
//! `GH_*` or colour settings leak in from the machine running the tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_barraiser");

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` when killed by a signal, which a test treats as a crash).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Self {
        Self {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Stdout parsed as JSON, failing the test with both streams when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e})\nstdout:\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing both streams on failure.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// A command for the binary in `dir`, with a scrubbed environment.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("GITHUB_")
            || key.starts_with("GH_")
            || key.starts_with("GIT_")
            || key == "CLICOLOR_FORCE"
            || key == "CLICOLOR"
            || key == "BARRAISER_UPDATE_DOCS"
        {
            cmd.env_remove(&key);
        }
    }
    // Never pick up the developer's global git configuration or a repository above the temp dir.
    cmd.env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env("HOME", dir);
    cmd
}

/// Runs the binary in `dir` and collects its output.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    Run::from(command(dir, args).output().expect("run barraiser"))
}

/// Every finding of the change at `path` in a JSON report, as (rule, severity).
pub fn findings(report: &serde_json::Value, path: &str) -> Vec<(String, String)> {
    let change = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in the report: {report:#}"));
    change["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The paths of the changes in a JSON report, sorted.
pub fn paths(report: &serde_json::Value) -> Vec<String> {
    let mut paths: Vec<String> = report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    paths
}
