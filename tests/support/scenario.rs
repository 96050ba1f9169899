//! A bar-raiser scenario: a real git repository built with git2, a stateful fake
//! GitHub serving it, and the real binary run as CI and as bar raisers would.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use git2::Oid;
use tempfile::TempDir;

use super::contract;
use super::fake_github::{FakeGitHub, FakePull};
use super::repo::{Edit, TestRepo, Who, file};

pub const REPO: &str = "acme/shop";
pub const CI_TOKEN: &str = "ghs_ActionsTokenForCi0123456789";
pub const AUTHOR: &str = "dana";
/// 2026-11-20T12:00:00Z: the fixtures' rollbacks were tested recently as of then.
pub const T0: i64 = 1_795_176_000;

pub const MEDIUM: &str = include_str!("../fixtures/approvals/checkout-medium.md");
pub const HIGH: &str = include_str!("../fixtures/approvals/payments-high.md");
pub const SCRIPT: &str = include_str!("../fixtures/approvals/migrate-payments.sh");

/// The policy on main; `dana` (the usual author) is a bar raiser too, so refusing her
/// own approval is about authorship, not the roster.
pub const POLICY: &str = "\
changes_dir: changes
require_change_for: [deploy/**, scripts/**]
bar_raisers: [alice, bob, dana]
approvals: { low: 0, medium: 1, high: 2 }
";

/// The commit email GitHub matches to a user login in the fake.
pub fn email(login: &str) -> String {
    format!("{login}@acme.test")
}

/// The token of a user login in the fake.
pub fn token(login: &str) -> String {
    format!("ghp_{login}_PersonalToken0123456789")
}

pub struct Scenario {
    pub fake: FakeGitHub,
    pub git: TestRepo,
    pub main: Oid,
    /// A directory outside any repository: bar raisers run from here.
    pub elsewhere: TempDir,
    pub events: TempDir,
    time: std::cell::Cell<i64>,
}

impl Scenario {
    /// main with the policy and a deploy file; users alice, bob, carol, dana, erin.
    pub fn new() -> Self {
        Self::with_policy(POLICY)
    }

    pub fn with_policy(policy: &str) -> Self {
        let fake = FakeGitHub::start();
        fake.add_actions_token(CI_TOKEN, true);
        for login in ["alice", "bob", "carol", "dana", "erin"] {
            fake.add_user_token(&token(login), login);
            fake.add_email(&email(login), login);
        }
        let git = TestRepo::new();
        let main = git.commit(
            "main",
            T0 - 86_400,
            &[
                file(".barraiser.yaml", policy),
                file("deploy/checkout.yaml", "replicas: 3\n"),
                file("scripts/migrate-payments.sh", SCRIPT),
            ],
        );
        fake.add_git(REPO, git.root());
        Self {
            fake,
            git,
            main,
            elsewhere: tempfile::tempdir().unwrap(),
            events: tempfile::tempdir().unwrap(),
            time: std::cell::Cell::new(T0),
        }
    }

    fn tick(&self) -> i64 {
        self.time.set(self.time.get() + 60);
        self.time.get()
    }

    /// Opens pull request `number` by `author` on a new branch from main.
    pub fn open_pr(&self, number: u64, author: &str, edits: &[Edit]) -> Oid {
        let branch = format!("pr-{number}");
        self.git.branch(&branch, self.main);
        let head = self.git.commit(&branch, self.tick(), edits);
        let created =
            jiff::Timestamp::from_second(T0 - 86_400 + i64::try_from(number).unwrap() * 60)
                .unwrap()
                .to_string();
        self.fake.add_pull(
            REPO,
            FakePull {
                number,
                title: format!("Change {number}"),
                author: author.into(),
                state: "open".into(),
                base_ref: "main".into(),
                base_sha: self.main.to_string(),
                head_sha: head.to_string(),
                created_at: created,
                merged_at: None,
                merge_commit_sha: None,
            },
        );
        head
    }

    /// Pushes `edits` onto pull request `number` and moves its head.
    pub fn push(&self, number: u64, edits: &[Edit]) -> Oid {
        let head = self.git.commit(&format!("pr-{number}"), self.tick(), edits);
        self.fake.set_head(REPO, number, &head.to_string());
        head
    }

    /// Pushes `edits` onto pull request `number` as `who` wrote them, and moves its head.
    pub fn push_by(&self, number: u64, edits: &[Edit], who: &Who<'_>) -> Oid {
        let head = self
            .git
            .commit_by(&format!("pr-{number}"), self.tick(), edits, who);
        self.fake.set_head(REPO, number, &head.to_string());
        head
    }

    /// The binary with GitHub variables scrubbed, pointed at the fake.
    fn command(&self, cwd: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_barraiser"));
        for (key, _) in std::env::vars() {
            if key.starts_with("GITHUB_") || key.starts_with("GH_") || key == "BARRAISER_BOT_LOGIN"
            {
                cmd.env_remove(key);
            }
        }
        // The run's clock: the scenario's, which every commit advances (time rules
        // are judged at the run time, never at a commit's date).
        let now = jiff::Timestamp::from_second(self.time.get()).unwrap();
        cmd.current_dir(cwd)
            .env("GITHUB_API_URL", self.fake.url())
            .env("BARRAISER_NOW", now.to_string())
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs `barraiser ARGS` as `login` from outside any clone.
    pub fn as_user(&self, login: &str, args: &[&str]) -> Output {
        self.as_user_in(login, args, self.elsewhere.path())
    }

    /// Runs `barraiser ARGS` as `login` from `cwd`.
    pub fn as_user_in(&self, login: &str, args: &[&str], cwd: &Path) -> Output {
        self.command(cwd)
            .env("GH_TOKEN", token(login))
            .args(args)
            .output()
            .unwrap()
    }

    /// `barraiser approve --repo acme/shop --pr N` as `login`.
    pub fn approve(&self, login: &str, pr: u64) -> Output {
        self.as_user(login, &["approve", "--repo", REPO, "--pr", &pr.to_string()])
    }

    /// Runs `barraiser ci` in the clone for pull request `number` at its current head.
    pub fn ci(&self, number: u64) -> Output {
        let pull = self.fake.pull(REPO, number).unwrap();
        let event = serde_json::json!({ "action": "synchronize", "pull_request": {
            "number": number, "user": { "login": pull.author },
            "base": { "ref": "main", "sha": pull.base_sha },
            "head": { "ref": format!("pr-{number}"), "sha": pull.head_sha } } });
        let path = self.events.path().join(format!("event-{number}.json"));
        std::fs::write(&path, event.to_string()).unwrap();
        self.command(self.git.root())
            .env("GITHUB_TOKEN", CI_TOKEN)
            .env("GITHUB_REPOSITORY", REPO)
            .env("GITHUB_EVENT_PATH", &path)
            .env("GITHUB_STEP_SUMMARY", self.events.path().join("summary.md"))
            .env(
                "GITHUB_OUTPUT",
                self.events.path().join(format!("output-{number}")),
            )
            .arg("ci")
            .output()
            .unwrap()
    }

    /// What `barraiser ci` appended to `GITHUB_OUTPUT` for pull request `number`, all runs.
    pub fn step_outputs(&self, number: u64) -> String {
        std::fs::read_to_string(self.events.path().join(format!("output-{number}")))
            .unwrap_or_default()
    }

    /// The latest `barraiser` status on pull request `number`'s head.
    pub fn status(&self, number: u64) -> String {
        let pull = self.fake.pull(REPO, number).unwrap();
        self.fake
            .statuses(REPO, &pull.head_sha)
            .last()
            .map(|s| s.state.clone())
            .unwrap_or_default()
    }

    /// The sticky comment on pull request `number`.
    pub fn comment(&self, number: u64) -> String {
        self.fake
            .comments(REPO, number)
            .first()
            .map(|c| c.body.clone())
            .unwrap_or_default()
    }

    /// Pull request `number` decided again, as `barraiser review --format json` reports
    /// it from the clone (the content and the approvals read as `ci` reads them).
    pub fn decided(&self, number: u64) -> Decided {
        self.decided_in(number, self.git.root())
    }

    /// Like [`Scenario::decided`], read through the API from outside any clone.
    pub fn decided_remotely(&self, number: u64) -> Decided {
        self.decided_in(number, self.elsewhere.path())
    }

    fn decided_in(&self, number: u64, cwd: &Path) -> Decided {
        let out = self.as_user_in(
            "erin",
            &[
                "review",
                "--repo",
                REPO,
                "--pr",
                &number.to_string(),
                "--format",
                "json",
            ],
            cwd,
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("review --format json: {e}\n{}", show(&out)));
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        Decided {
            verdict: text(&json["verdict"]),
            needed: json["approvals_needed"].as_u64().unwrap_or(0),
            approvals: json["approvals"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| Approval {
                    reviewer: text(&a["reviewer"]),
                    state: text(&a["state"]),
                    reason: text(&a["reason"]),
                })
                .collect(),
        }
    }

    /// Every request so far passes GitHub's OpenAPI description.
    pub fn assert_contract(&self) {
        contract::assert_requests_match(&self.fake.requests());
    }
}

/// A pull request's decision, from the versioned JSON report.
#[derive(Debug)]
pub struct Decided {
    /// `pass`, `blocked`, `needs-approval`, `approved` or `not-required`.
    pub verdict: String,
    /// Valid approvals needed.
    pub needed: u64,
    /// Each reviewer's latest decision.
    pub approvals: Vec<Approval>,
}

/// One reviewer's decision, judged.
#[derive(Clone, Debug)]
pub struct Approval {
    pub reviewer: String,
    /// `valid`, `stale`, `changes-requested` or `not-counted`.
    pub state: String,
    pub reason: String,
}

impl Decided {
    /// The decision of `reviewer`.
    pub fn of(&self, reviewer: &str) -> Approval {
        self.approvals
            .iter()
            .find(|a| a.reviewer == reviewer)
            .cloned()
            .unwrap_or_else(|| panic!("no decision by {reviewer}: {self:#?}"))
    }

    /// How many approvals are valid.
    pub fn valid(&self) -> u64 {
        self.approvals.iter().filter(|a| a.state == "valid").count() as u64
    }
}

/// Exit code, stdout and stderr, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The medium-risk change description plus a deploy edit.
pub fn medium_change() -> Vec<Edit> {
    vec![
        file("changes/checkout.md", MEDIUM),
        file("deploy/checkout.yaml", "replicas: 4\n"),
    ]
}

// Added for tests/gate_github.rs: `ci` with another token, extra arguments or variables.
impl Scenario {
    /// Runs `barraiser ci ARGS` for pull request `number` with `token`, plus `vars`.
    pub fn ci_as(&self, number: u64, token: &str, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let pull = self.fake.pull(REPO, number).unwrap();
        let event = serde_json::json!({ "action": "synchronize", "pull_request": {
            "number": number, "user": { "login": pull.author },
            "base": { "ref": "main", "sha": pull.base_sha },
            "head": { "ref": format!("pr-{number}"), "sha": pull.head_sha } } });
        let path = self.events.path().join(format!("event-{number}.json"));
        std::fs::write(&path, event.to_string()).unwrap();
        let mut cmd = self.command(self.git.root());
        cmd.env("GITHUB_TOKEN", token)
            .env("GITHUB_REPOSITORY", REPO)
            .env("GITHUB_EVENT_PATH", &path)
            .env("GITHUB_STEP_SUMMARY", self.summary_path())
            .env("GITHUB_RUN_ID", "99")
            .arg("ci")
            .args(args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// The job summary file every `ci` run appends to.
    pub fn summary_path(&self) -> std::path::PathBuf {
        self.events.path().join("summary.md")
    }

    /// Runs `barraiser ARGS` with `vars` and no token, from outside any clone.
    pub fn bare(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(self.elsewhere.path());
        cmd.args(args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
}
