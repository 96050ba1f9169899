//! The gate against GitHub as an attacker or bad luck would meet it (issue 11): one
//! sticky comment whatever the races, App tokens, lists GitHub cuts short, reviews that
//! cannot be read, names that are not UTF-8, the 1 MiB job summary, credentials in
//! URLs, and a check run that only the gate's own app can make. Every request is
//! checked against GitHub's OpenAPI description.

use crate::support::{contract, fake_github, repo, scenario};

use std::time::Duration;

use barraiser::Verdict;
use barraiser::github::{
    CiEnv, Client, ClientConfig, DeliverOptions, Delivery, DeliveryOutcome, MARKER, ReportVia,
    RetryPolicy, StickyAction, Token, deliver_with,
};
use fake_github::{FakeGitHub, Fault};
use repo::file;
use scenario::{AUTHOR, CI_TOKEN, MEDIUM, REPO, Scenario, code, medium_change, show, stdout};
use tempfile::TempDir;

const PR: u64 = 7;
const TOKEN: &str = "ghs_GateTestToken0123456789abcdef";
const HEAD: &str = "1111111111111111111111111111111111111111";
const BOT: &str = "github-actions[bot]";
const COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";

/// A fake GitHub and the Actions environment of pull request 7 in it.
struct Gate {
    fake: FakeGitHub,
    env: CiEnv,
    dir: TempDir,
}

impl Gate {
    /// The Actions `GITHUB_TOKEN` (an installation token of `github-actions`).
    fn actions() -> Self {
        Self::with(|fake| fake.add_actions_token(TOKEN, true))
    }

    fn with(setup: impl FnOnce(&FakeGitHub)) -> Self {
        let fake = FakeGitHub::start();
        setup(&fake);
        let dir = tempfile::tempdir().unwrap();
        let env = fake_github::ci_env(REPO, fake.url(), TOKEN, dir.path(), &[]);
        Self { fake, env, dir }
    }

    /// A client that gives up on an answer after `timeout`, with tiny backoffs.
    fn client(&self, timeout: Duration) -> Client {
        let mut config = ClientConfig::new(self.env.api_url.clone());
        config.retry = RetryPolicy {
            max_attempts: 4,
            base_backoff: Duration::from_millis(1),
            max_wait: Duration::from_secs(60),
        };
        config.request_timeout = timeout;
        Client::new(Token::new(TOKEN), config)
            .unwrap()
            .with_sleeper(std::sync::Arc::new(|_| {}))
    }

    fn deliver_with(&self, verdict: Verdict, text: &str, opts: &DeliverOptions) -> DeliveryOutcome {
        let body = body(text);
        let delivery = Delivery {
            verdict,
            headline: text,
            comment_body: &body,
            summary: "## barraiser verdict\n",
            annotations: "",
        };
        deliver_with(
            &self.client(Duration::from_secs(20)),
            &self.env,
            &delivery,
            opts,
        )
    }

    fn deliver(&self, verdict: Verdict, text: &str) -> DeliveryOutcome {
        self.deliver_with(verdict, text, &DeliverOptions::default())
    }

    fn comments(&self) -> Vec<fake_github::FakeComment> {
        self.fake.comments(REPO, PR)
    }

    /// `METHOD /path` of every request, after checking them all against the contract.
    fn requests(&self) -> Vec<String> {
        let requests = self.fake.requests();
        contract::assert_requests_match(&requests);
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

fn body(text: &str) -> String {
    format!("{MARKER}\n### barraiser: {text}\n")
}

// ----- Item 9: one comment, always -----------------------------------------------------

#[test]
fn a_duplicate_left_by_an_earlier_race_is_deleted_and_the_oldest_kept() {
    let g = Gate::actions();
    let oldest = g.fake.seed_comment(REPO, PR, BOT, &body("stale one"));
    g.fake.seed_comment(REPO, PR, "dana", "looks good");
    let newer = g.fake.seed_comment(REPO, PR, BOT, &body("stale two"));
    let out = g.deliver(Verdict::Pass, "pass");
    assert!(out.failures.is_empty(), "{out:?}");
    let ours: Vec<_> = g
        .comments()
        .into_iter()
        .filter(|c| c.author == BOT)
        .collect();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(ours[0].id, oldest);
    assert_eq!(ours[0].body, body("pass"));
    assert!(g.comments().iter().all(|c| c.id != newer));
    assert_eq!(g.comments().len(), 2, "dana's comment stays");
    assert!(
        g.requests()
            .contains(&format!("DELETE /repos/acme/shop/issues/comments/{newer}"))
    );
}

#[test]
fn a_run_racing_another_ends_with_one_comment() {
    let g = Gate::actions();
    // Another run of the job lists no comment either, and posts just before this one.
    g.fake.race_next_comment(BOT, &body("the other run"));
    let out = g.deliver(Verdict::Blocked, "blocked");
    assert!(out.failures.is_empty(), "{out:?}");
    let comments = g.comments();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(
        comments[0].body,
        body("blocked"),
        "the kept comment is current"
    );
    assert!(
        matches!(out.comment, Some(StickyAction::Updated { .. })),
        "{out:?}"
    );
    g.requests();
}

#[test]
fn concurrent_runs_end_with_one_comment() {
    let g = Gate::actions();
    std::thread::scope(|scope| {
        for n in 0..4 {
            let g = &g;
            scope.spawn(move || g.deliver(Verdict::Pass, &format!("run {n}")));
        }
    });
    let comments = g.comments();
    assert_eq!(comments.len(), 1, "{comments:?}");
    g.requests();
}

#[test]
fn a_timed_out_post_that_github_applied_leaves_one_comment() {
    let g = Gate::actions();
    // GitHub applies the create but answers after the client gave up, and the next list
    // comes from a replica that has not seen it yet.
    g.fake
        .fail_next("POST", COMMENTS, 1, Fault::SlowAfterApply { millis: 1_300 });
    g.fake.lag_comment_lists(1);
    let body = body("pass");
    let delivery = Delivery {
        verdict: Verdict::Pass,
        headline: "pass",
        comment_body: &body,
        summary: "",
        annotations: "",
    };
    let client = g.client(Duration::from_secs(1));
    let out = deliver_with(&client, &g.env, &delivery, &DeliverOptions::default());
    assert!(out.failures.is_empty(), "{out:?}");
    let comments = g.comments();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0].body, body);
    // The timed-out POST is followed by a list before the create is ever sent again.
    let requests = g.requests();
    let comment_requests: Vec<&str> = requests
        .iter()
        .filter(|r| r.contains("/comments"))
        .map(|r| r.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        comment_requests[..3],
        ["GET", "POST", "GET"],
        "{requests:?}"
    );
}

#[test]
fn an_app_token_refused_on_user_updates_its_comment_on_every_push() {
    for status in [403, 404] {
        let g = Gate::with(|fake| fake.add_app_token(TOKEN, "gate-app", status));
        let first = g.deliver(Verdict::NeedsApproval, "needs approval");
        assert!(first.failures.is_empty(), "{status}: {first:?}");
        let second = g.deliver(Verdict::Approved, "approved");
        assert!(second.failures.is_empty(), "{status}: {second:?}");
        let comments = g.comments();
        assert_eq!(comments.len(), 1, "{status}: {comments:?}");
        assert_eq!(comments[0].author, "gate-app[bot]");
        assert_eq!(comments[0].body, body("approved"));
        assert!(
            matches!(second.comment, Some(StickyAction::Updated { .. })),
            "{status}"
        );
        g.requests();
    }
}

#[test]
fn an_app_token_never_takes_a_person_s_comment() {
    let g = Gate::with(|fake| fake.add_app_token(TOKEN, "gate-app", 403));
    // dana pastes a verdict, marker first, as her own comment.
    let forged = g.fake.seed_comment(REPO, PR, "dana", &body("approved"));
    g.deliver(Verdict::Blocked, "blocked");
    let comments = g.comments();
    assert_eq!(comments.len(), 2, "{comments:?}");
    let theirs = comments.iter().find(|c| c.id == forged).unwrap();
    assert_eq!(theirs.body, body("approved"), "never edited");
}

#[test]
fn bot_login_names_the_account_without_asking_user() {
    let mut g = Gate::with(|fake| fake.add_app_token(TOKEN, "gate-app", 403));
    g.env.bot_login = Some("gate-app[bot]".into());
    g.deliver(Verdict::Pass, "one");
    g.deliver(Verdict::Pass, "two");
    assert_eq!(g.comments().len(), 1);
    let requests = g.requests();
    assert!(!requests.iter().any(|r| r == "GET /user"), "{requests:?}");
}

#[test]
fn the_marker_counts_only_on_the_first_line() {
    // A personal token: its owner also comments by hand, quoting the marker.
    let g = Gate::with(|fake| fake.add_user_token(TOKEN, "release-bot"));
    let quoted = format!("Why does the bot write {MARKER} in its comments?\n");
    let own_hand = g.fake.seed_comment(REPO, PR, "release-bot", &quoted);
    let inline = format!("{MARKER} is the marker, says the docs\n");
    let inline_id = g.fake.seed_comment(REPO, PR, "release-bot", &inline);
    g.deliver(Verdict::Pass, "pass");
    let comments = g.comments();
    assert_eq!(comments.len(), 3, "{comments:?}");
    let text = |id| comments.iter().find(|c| c.id == id).unwrap().body.clone();
    assert_eq!(text(own_hand), quoted);
    assert_eq!(text(inline_id), inline);
    g.requests();
}

#[test]
fn ci_with_an_app_token_updates_instead_of_adding() {
    let s = Scenario::new();
    s.fake
        .add_app_token("ghs_AppInstallationToken0123456789", "gate-app", 403);
    s.open_pr(7, AUTHOR, &medium_change());
    for push in 0..2 {
        if push == 1 {
            s.push(7, &[file("deploy/checkout.yaml", "replicas: 5\n")]);
        }
        let out = s.ci_as(7, "ghs_AppInstallationToken0123456789", &[], &[]);
        assert_eq!(code(&out), 1, "{}", show(&out));
    }
    assert_eq!(s.fake.comments(REPO, 7).len(), 1);
    s.assert_contract();
}

// ----- Item 10: fail closed ------------------------------------------------------------

/// A pull request of `extra` filler files plus a gated deploy edit that GitHub's file
/// list (sorted by path, cut at 3,000) leaves out.
fn over_the_file_cap(s: &Scenario, number: u64, extra: usize) {
    let mut edits: Vec<_> = (0..extra)
        .map(|i| file(format!("assets/f{i:05}.txt"), format!("{i}\n")))
        .collect();
    edits.push(file("deploy/checkout.yaml", "replicas: 9\n"));
    s.open_pr(number, AUTHOR, &edits);
}

#[test]
fn more_than_3000_files_review_and_approve_refuse_outside_a_clone() {
    let s = Scenario::new();
    over_the_file_cap(&s, 7, 3_000);
    let out = s.as_user("alice", &["review", "--repo", REPO, "--pr", "7"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("3000 of the 3001 files") && err.contains("clone"),
        "{err}"
    );
    let out = s.approve("alice", 7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(s.fake.reviews(REPO, 7).is_empty(), "no approval of nothing");
    s.assert_contract();
}

#[test]
fn exactly_3000_files_are_a_complete_list() {
    let s = Scenario::new();
    over_the_file_cap(&s, 7, 2_999);
    let out = s.as_user("alice", &["review", "--repo", REPO, "--pr", "7"]);
    // The deploy edit is seen: a change description is missing.
    assert_eq!(code(&out), 1, "{}", show(&out));
    s.assert_contract();
}

#[test]
fn more_than_3000_files_audit_reports_the_gap() {
    let s = Scenario::new();
    over_the_file_cap(&s, 7, 3_000);
    s.fake.merge(
        REPO,
        7,
        "2026-11-21T10:00:00Z",
        "7777777777777777777777777777777777777777",
    );
    let out = s.as_user(
        "carol",
        &[
            "audit",
            "--repo",
            REPO,
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 2, "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("acme/shop#7") && err.contains("3001"), "{err}");
}

#[test]
fn more_than_3000_files_ci_in_the_clone_sees_them_all() {
    let s = Scenario::new();
    over_the_file_cap(&s, 7, 3_000);
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "failure");
}

/// The medium fixture declared low: no approval is needed.
fn low_risk_change() -> Vec<repo::Edit> {
    vec![
        file(
            "changes/checkout.md",
            MEDIUM.replacen("risk: medium", "risk: low", 1),
        ),
        file("deploy/checkout.yaml", "replicas: 4\n"),
    ]
}

#[test]
fn unreadable_reviews_fail_closed_even_at_low_risk() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &low_risk_change());
    // Control: readable reviews, no approval needed.
    let out = s.ci(7);
    assert_eq!(code(&out), 0, "{}", show(&out));
    s.push(7, &[file("deploy/checkout.yaml", "replicas: 6\n")]);
    s.fake.fail_next(
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        10,
        Fault::ServerError(500),
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_eq!(s.status(7), "error");
    let comment = s.comment(7);
    assert!(
        comment.contains("barraiser: error") && comment.contains("reviews could not be read"),
        "{comment}"
    );
    let summary = std::fs::read_to_string(s.summary_path()).unwrap();
    assert!(summary.contains("reviews could not be read"), "{summary}");
    assert!(
        s.step_outputs(7).ends_with("verdict=error\n"),
        "{}",
        s.step_outputs(7)
    );
    s.assert_contract();
}

#[test]
fn a_non_utf8_name_under_changes_fails_closed_with_a_comment() {
    let s = Scenario::new();
    let mut edits = medium_change();
    edits.push(file(b"changes/r\xe9sum\xe9.md".as_slice(), MEDIUM));
    s.open_pr(7, AUTHOR, &edits);
    s.fake.seed_review(
        REPO,
        7,
        "alice",
        "APPROVED",
        "",
        &s.fake.pull(REPO, 7).unwrap().head_sha,
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_ne!(s.status(7), "success");
    assert!(!s.status(7).is_empty(), "the gate says why it is shut");
    assert_eq!(s.status(7), "error");
    let comment = s.comment(7);
    assert!(
        comment.contains("not valid UTF-8") && comment.contains("changes/r"),
        "{comment}"
    );
    let summary = std::fs::read_to_string(s.summary_path()).unwrap();
    assert!(summary.contains("not valid UTF-8"), "{summary}");
    assert!(
        s.step_outputs(7).starts_with("verdict=error\n"),
        "{}",
        s.step_outputs(7)
    );
    s.assert_contract();
}

// ----- Item 11: the job summary and URLs -----------------------------------------------

#[test]
fn the_job_summary_stays_under_1_mib() {
    let g = Gate::actions();
    let path = g.dir.path().join("summary.md");
    let huge = format!(
        "## barraiser verdict\n<details>\n\n```\n{}",
        "a finding that repeats\n".repeat(100_000)
    );
    let delivery = Delivery {
        verdict: Verdict::Blocked,
        headline: "blocked",
        comment_body: &body("blocked"),
        summary: &huge,
        annotations: "",
    };
    let client = g.client(Duration::from_secs(20));
    deliver_with(&client, &g.env, &delivery, &DeliverOptions::default());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.len() < 1024 * 1024, "{}", written.len());
    assert!(written.contains("**Truncated:**"), "the cut is said");
    assert!(written.contains("\n```\n") && written.contains("</details>"));

    // An earlier step's writes to the same file count against the same limit.
    std::fs::write(&path, "x".repeat(700 * 1024)).unwrap();
    deliver_with(&client, &g.env, &delivery, &DeliverOptions::default());
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
}

#[test]
fn credentials_in_an_api_url_are_never_echoed() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let secret = "s3cretInUrl42";
    let port = s.fake.url().trim_start_matches("http://").to_owned();
    for url in [
        format!("htps://user:{secret}@ghe.example/api/v3"),
        format!("http://user:{secret}@{port}"),
        format!("https://ghe.example/api?access_token={secret}"),
        format!("user:{secret}@ghe example"),
    ] {
        let out = s.ci_as(7, CI_TOKEN, &[], &[("GITHUB_API_URL", &url)]);
        assert_eq!(code(&out), 2, "{url}: {}", show(&out));
        assert!(!show(&out).contains(secret), "{url}: {}", show(&out));
        assert!(show(&out).contains("GITHUB_API_URL"), "{}", show(&out));
        let out = s.bare(
            &["review", "--repo", REPO, "--pr", "7"],
            &[("GITHUB_API_URL", &url), ("GH_TOKEN", "ghp_x0123456789")],
        );
        assert_eq!(code(&out), 2, "{url}: {}", show(&out));
        assert!(!show(&out).contains(secret), "{url}: {}", show(&out));
    }
    let out = s.ci_as(
        7,
        CI_TOKEN,
        &[],
        &[(
            "GITHUB_SERVER_URL",
            &format!("https://u:{secret}@github.com"),
        )],
    );
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(!show(&out).contains(secret), "{}", show(&out));
    assert!(s.fake.comments(REPO, 7).is_empty(), "nothing posted");
}

#[test]
fn a_client_never_shows_credentials_in_its_api_url() {
    let err = Client::new(
        Token::new("t0ken-value"),
        ClientConfig::new("https://user:s3cret@api.example"),
    )
    .unwrap_err();
    assert!(!err.to_string().contains("s3cret"), "{err}");
}

// ----- Item 7: a check run only the gate's app can make --------------------------------

#[test]
fn a_check_run_reports_the_gate_instead_of_a_status() {
    let g = Gate::with(|fake| fake.add_app_token(TOKEN, "gate-app", 403));
    let opts = DeliverOptions {
        report: ReportVia::CheckRun,
        ..DeliverOptions::default()
    };
    let out = g.deliver_with(Verdict::NeedsApproval, "needs approval", &opts);
    assert!(out.failures.is_empty(), "{out:?}");
    let runs = g.fake.check_runs(REPO, HEAD);
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].name, "barraiser");
    assert_eq!(runs[0].app, "gate-app");
    assert_eq!(runs[0].status, "completed");
    assert_eq!(runs[0].conclusion.as_deref(), Some("action_required"));
    assert_eq!(
        runs[0].details_url.as_deref(),
        Some(g.comments()[0].html_url.as_str())
    );
    assert!(g.fake.statuses(REPO, HEAD).is_empty(), "no status to forge");

    g.deliver_with(Verdict::Approved, "approved", &opts);
    let runs = g.fake.check_runs(REPO, HEAD);
    assert_eq!(runs.last().unwrap().conclusion.as_deref(), Some("success"));

    let failed = DeliverOptions {
        incomplete: true,
        ..opts
    };
    g.deliver_with(Verdict::Approved, "approved", &failed);
    let runs = g.fake.check_runs(REPO, HEAD);
    assert_eq!(runs.last().unwrap().conclusion.as_deref(), Some("failure"));
    g.requests();
}

#[test]
fn ci_report_check_run_end_to_end() {
    let s = Scenario::new();
    let app = "ghs_AppInstallationToken0123456789";
    s.fake.add_app_token(app, "gate-app", 403);
    let head = s.open_pr(7, AUTHOR, &medium_change());
    let out = s.ci_as(7, app, &["--report", "check-run"], &[]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let runs = s.fake.check_runs(REPO, &head.to_string());
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].conclusion.as_deref(), Some("action_required"));
    assert!(s.fake.statuses(REPO, &head.to_string()).is_empty());
    // A token that is no app (a workflow's own, or a person's) cannot make it.
    // The run says so; the required check stays missing, so the merge stays blocked.
    let out = s.ci_as(7, &scenario::token("dana"), &["--report", "check-run"], &[]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).contains("GitHub App"), "{}", show(&out));
    assert_eq!(s.fake.check_runs(REPO, &head.to_string()).len(), 1);
    s.assert_contract();
}

#[test]
fn ci_dry_run_shows_the_check_run() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    let out = s.ci_as(7, CI_TOKEN, &["--dry-run", "--report", "check-run"], &[]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(
        stdout(&out).contains("check run `barraiser`") && stdout(&out).contains("action_required"),
        "{}",
        show(&out)
    );
}

#[test]
fn init_writes_the_workflow_of_each_deployment_mode() {
    let root = Scenario::new();
    let dir = root.git.root();
    let init = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_barraiser"))
            .current_dir(dir)
            .args(["init", "--force"])
            .args(args)
            .output()
            .unwrap()
    };
    let written = || std::fs::read_to_string(dir.join(".github/workflows/barraiser.yml")).unwrap();
    for (mode, shipped) in [
        ("pull-request", include_str!("../../defaults/workflow.yml")),
        (
            "required-workflow",
            include_str!("../../defaults/workflow-required.yml"),
        ),
        (
            "pull-request-target",
            include_str!("../../defaults/workflow-target.yml"),
        ),
    ] {
        let out = init(&["--mode", mode]);
        assert_eq!(code(&out), 0, "{mode}: {}", show(&out));
        assert_eq!(written(), shipped, "{mode}");
    }
    assert!(stdout(&init(&["--mode", "pull-request-target"])).contains("GitHub App"));
    let target = written();
    assert!(target.contains("pull_request_target:") && target.contains("report: check-run"));
    let out = init(&[
        "--mode",
        "pull-request-target",
        "--action-ref",
        &"a".repeat(40),
    ]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(written().contains(&format!("@{} # pinned by commit", "a".repeat(40))));
    let out = init(&["--mode", "push"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
}

#[test]
fn the_action_installer_never_prints_credentials_of_its_download_url() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no curl");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let action = dir.path().join("action-checkout");
    std::fs::create_dir_all(action.join("action")).unwrap();
    std::fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"barraiser\"\nversion = \"9.9.9\"\n",
    )
    .unwrap();
    std::fs::write(
        action.join("action/checksums.txt"),
        format!(
            "{}  v9.9.9/barraiser-x86_64-unknown-linux-musl.tar.xz\n",
            "0".repeat(64)
        ),
    )
    .unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/install-action.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ACTION_PATH", &action)
        .env("ACTION_REPOSITORY", "example/barraiser")
        // Port 1 on loopback: nothing listens, so the download fails at once.
        .env(
            "BARRAISER_RELEASES_URL",
            "http://user:s3cretRel@127.0.0.1:1/releases?token=s3cretRel",
        )
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", dir.path())
        .env("RUNNER_TOOL_CACHE", dir.path().join("cache"))
        .output()
        .unwrap();
    assert_ne!(code(&out), 0, "{}", show(&out));
    assert!(
        show(&out).contains("http://***@127.0.0.1:1/releases"),
        "{}",
        show(&out)
    );
    assert!(!show(&out).contains("s3cretRel"), "{}", show(&out));
}
