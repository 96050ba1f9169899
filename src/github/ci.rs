//! `barraiser ci` delivery: the Actions environment in, comment, status and summary out.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use super::env::{self, nonempty};
use super::sticky::{self, StickyAction};
use super::{CheckConclusion, CheckRun, CommitStatus, Error, GitHub, Repo, StatusState, Token};
use crate::Verdict;

/// The commit-status context branch protection requires.
pub const STATUS_CONTEXT: &str = "barraiser";

/// GitHub rejects longer status descriptions.
pub const MAX_STATUS_DESCRIPTION: usize = 140;

/// GitHub keeps at most this many bytes of one step's job summary.
pub const MAX_SUMMARY_BYTES: usize = 1024 * 1024;

/// GitHub rejects check-run summaries longer than this many characters.
pub const MAX_CHECK_SUMMARY_CHARS: usize = 65_535;

/// How `barraiser ci` reports the gate to branch protection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportVia {
    /// The commit status `barraiser` (any token with `statuses: write` can set one).
    #[default]
    Status,
    /// A check run `barraiser`, made with a GitHub App token; branch protection can
    /// require it from that app, so no other token can forge it.
    CheckRun,
}

/// How to deliver.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeliverOptions {
    /// Send nothing; only plan.
    pub dry_run: bool,
    /// Commit status or check run.
    pub report: ReportVia,
    /// The verdict could not be fully computed (an input or API error): the gate is
    /// reported as `error` (status) or `failure` (check run), never as success.
    pub incomplete: bool,
}

/// A missing or malformed part of the Actions environment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CiEnvError {
    /// A required variable is unset or empty.
    #[error("{0} is not set; `barraiser ci` reads it from the GitHub Actions environment")]
    Missing(&'static str),
    /// A variable is set but unusable.
    #[error("{var} is invalid: {reason}")]
    Invalid {
        /// The variable.
        var: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// The pull request the workflow runs for, from the event payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PullEvent {
    /// Pull request number.
    pub number: u64,
    /// Base commit: policy, checklists, templates and roster are read here.
    pub base_sha: String,
    /// Head commit: change descriptions are read here, and the status is set on it.
    pub head_sha: String,
    /// Login of the pull request's author.
    pub author: String,
    /// Base branch name.
    pub base_ref: String,
}

impl PullEvent {
    /// Parses a `pull_request` or `pull_request_target` event payload.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let event: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let pr = event
            .get("pull_request")
            .filter(|v| v.is_object())
            .ok_or("the event has no `pull_request`; run `barraiser ci` on pull_request or pull_request_target")?;
        let text_at = |pointer: &str| -> Result<String, String> {
            pr.pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("`pull_request{}` is missing", pointer.replace('/', ".")))
        };
        let sha_at = |pointer: &str| -> Result<String, String> {
            let sha = text_at(pointer)?;
            // The SHA goes into a URL path and a git lookup, so only a real object id passes.
            let hex =
                sha.len() >= 40 && sha.len() <= 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
            if hex {
                Ok(sha)
            } else {
                Err(format!(
                    "`pull_request{}` is not a commit id",
                    pointer.replace('/', ".")
                ))
            }
        };
        Ok(Self {
            number: pr
                .get("number")
                .and_then(Value::as_u64)
                .ok_or("`pull_request.number` is missing")?,
            base_sha: sha_at("/base/sha")?,
            head_sha: sha_at("/head/sha")?,
            author: text_at("/user/login")?,
            base_ref: text_at("/base/ref")?,
        })
    }
}

/// What `barraiser ci` needs from the Actions environment.
#[derive(Clone, Debug)]
pub struct CiEnv {
    /// `GITHUB_TOKEN`, else `GH_TOKEN`. Only `--dry-run` works without one.
    pub token: Option<Token>,
    /// `GITHUB_REPOSITORY`.
    pub repo: Repo,
    /// `GITHUB_API_URL`, default `https://api.github.com`.
    pub api_url: String,
    /// `GITHUB_SERVER_URL`, default `https://github.com`; for links to lines at the head SHA.
    pub server_url: String,
    /// The pull request, from the payload at `GITHUB_EVENT_PATH`.
    pub event: PullEvent,
    /// `GITHUB_STEP_SUMMARY`: the file the job summary is appended to.
    pub step_summary: Option<PathBuf>,
    /// `GITHUB_OUTPUT`: the file step outputs (`verdict`, `comment-url`) are appended to.
    pub output: Option<PathBuf>,
    /// Link to this workflow run, the status's target when there is no comment.
    pub run_url: Option<String>,
    /// `BARRAISER_BOT_LOGIN`: who the token comments as when `GET /user` is refused.
    pub bot_login: Option<String>,
}

impl CiEnv {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, CiEnvError> {
        Self::from_vars(env::process)
    }

    /// Reads variables through `var`, so tests need not touch the process environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, CiEnvError> {
        let get = |name: &str| nonempty(&var, name);
        let token = env::token(&var);
        let repo_text = get("GITHUB_REPOSITORY").ok_or(CiEnvError::Missing("GITHUB_REPOSITORY"))?;
        let repo = Repo::parse(&repo_text).ok_or_else(|| CiEnvError::Invalid {
            var: "GITHUB_REPOSITORY",
            reason: format!("expected owner/name, got {repo_text:?}"),
        })?;
        let event_path =
            get("GITHUB_EVENT_PATH").ok_or(CiEnvError::Missing("GITHUB_EVENT_PATH"))?;
        let invalid_event = |reason: String| CiEnvError::Invalid {
            var: "GITHUB_EVENT_PATH",
            reason,
        };
        let text = std::fs::read_to_string(&event_path)
            .map_err(|e| invalid_event(format!("cannot read {event_path}: {e}")))?;
        let event =
            PullEvent::from_json(&text).map_err(|e| invalid_event(format!("{event_path}: {e}")))?;
        let api_url = env::api_url(&var)?;
        let server_url =
            get("GITHUB_SERVER_URL").unwrap_or_else(|| "https://github.com".to_owned());
        // The server URL ends up in links the comment and the status publish.
        check_url("GITHUB_SERVER_URL", &server_url)?;
        let run_url = get("GITHUB_RUN_ID").map(|id| {
            format!(
                "{}/{repo}/actions/runs/{id}",
                server_url.trim_end_matches('/')
            )
        });
        Ok(Self {
            token,
            repo,
            api_url,
            server_url: server_url.trim_end_matches('/').to_owned(),
            event,
            step_summary: get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: get("GITHUB_OUTPUT").map(PathBuf::from),
            run_url,
            bot_login: get("BARRAISER_BOT_LOGIN"),
        })
    }

    /// The token, or an error naming the variables to set.
    pub fn require_token(&self) -> Result<&Token, CiEnvError> {
        self.token
            .as_ref()
            .ok_or(CiEnvError::Missing("GITHUB_TOKEN (or GH_TOKEN)"))
    }
}

/// An http(s) URL with no credentials in it; the error never repeats what could be one.
fn check_url(var: &'static str, url: &str) -> Result<(), CiEnvError> {
    super::redact::check_api_url(url).map_err(|reason| CiEnvError::Invalid { var, reason })
}

/// What to deliver: rendered elsewhere, sent here.
#[derive(Clone, Copy, Debug)]
pub struct Delivery<'a> {
    /// The verdict; decides the status state and the exit code.
    pub verdict: Verdict,
    /// One line for the commit status (cut to 140 characters).
    pub headline: &'a str,
    /// The sticky comment's Markdown (the marker is added when missing).
    pub comment_body: &'a str,
    /// Markdown appended to the job summary.
    pub summary: &'a str,
    /// Workflow-command annotations, for the CLI to print.
    pub annotations: &'a str,
}

/// Exactly what is (or, with `--dry-run`, would be) sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryPlan {
    /// Target repository.
    pub repo: Repo,
    /// Pull request number.
    pub pr: u64,
    /// Commit the status is set on.
    pub head_sha: String,
    /// Comment body after the marker and length limit were applied.
    pub comment_body: String,
    /// The status; its target becomes the comment's link once it is known.
    pub status: CommitStatus,
    /// The check run sent instead of the status with `--report check-run`.
    pub check_run: Option<CheckRun>,
    /// Markdown for the job summary.
    pub summary: String,
    /// Annotations for the CLI to print.
    pub annotations: String,
}

/// What happened when delivering.
#[derive(Clone, Debug, Serialize)]
pub struct DeliveryOutcome {
    /// What was sent, or would have been.
    pub plan: DeliveryPlan,
    /// Nothing was sent.
    pub dry_run: bool,
    /// The sticky comment's fate, when the comment was delivered.
    pub comment: Option<StickyAction>,
    /// Whether the commit status (or the check run) was set.
    pub status_set: bool,
    /// Whether the job summary was appended to.
    pub summary_written: bool,
    /// Problems that do not change the exit code (a read-only token's 403s).
    pub warnings: Vec<String>,
    /// Requests that failed for other reasons (bad token, unreachable GitHub).
    #[serde(serialize_with = "as_strings")]
    pub failures: Vec<Error>,
}

impl DeliveryOutcome {
    /// 2 when delivery failed outright, else the verdict's exit code.
    pub fn exit_code(&self, verdict: Verdict) -> u8 {
        if self.failures.is_empty() {
            verdict.exit_code()
        } else {
            2
        }
    }
}

fn as_strings<S: serde::Serializer>(errors: &[Error], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(ToString::to_string))
}

/// The status state a verdict maps to.
pub fn status_state(verdict: Verdict) -> StatusState {
    match verdict {
        Verdict::Pass | Verdict::Approved | Verdict::NotRequired => StatusState::Success,
        Verdict::Blocked => StatusState::Failure,
        Verdict::NeedsApproval => StatusState::Pending,
    }
}

/// One line of at most 140 characters, ending in `…` when cut.
pub fn status_description(headline: &str, verdict: Verdict) -> String {
    let line = headline.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = if line.is_empty() {
        format!("barraiser: {verdict}")
    } else {
        line
    };
    if line.chars().count() <= MAX_STATUS_DESCRIPTION {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_STATUS_DESCRIPTION - 1).collect();
    cut.push('…');
    cut
}

/// The check-run conclusion a verdict maps to.
pub fn check_conclusion(verdict: Verdict) -> CheckConclusion {
    match verdict {
        Verdict::Pass | Verdict::Approved | Verdict::NotRequired => CheckConclusion::Success,
        Verdict::Blocked => CheckConclusion::Failure,
        Verdict::NeedsApproval => CheckConclusion::ActionRequired,
    }
}

/// Builds the plan for `delivery` without sending anything.
pub fn plan(env: &CiEnv, delivery: &Delivery<'_>) -> DeliveryPlan {
    plan_with(env, delivery, &DeliverOptions::default())
}

/// Builds the plan for `delivery` as `opts` asks, without sending anything.
pub fn plan_with(env: &CiEnv, delivery: &Delivery<'_>, opts: &DeliverOptions) -> DeliveryPlan {
    let state = if opts.incomplete {
        StatusState::Error
    } else {
        status_state(delivery.verdict)
    };
    let description = status_description(delivery.headline, delivery.verdict);
    let check_run = (opts.report == ReportVia::CheckRun).then(|| CheckRun {
        name: STATUS_CONTEXT.to_owned(),
        head_sha: env.event.head_sha.clone(),
        conclusion: if opts.incomplete {
            CheckConclusion::Failure
        } else {
            check_conclusion(delivery.verdict)
        },
        title: description.clone(),
        summary: sticky::truncate(delivery.comment_body, MAX_CHECK_SUMMARY_CHARS),
        details_url: env.run_url.clone(),
    });
    DeliveryPlan {
        repo: env.repo.clone(),
        pr: env.event.number,
        head_sha: env.event.head_sha.clone(),
        comment_body: sticky::prepare_body(delivery.comment_body),
        status: CommitStatus {
            context: STATUS_CONTEXT.to_owned(),
            state,
            description,
            target_url: env.run_url.clone(),
        },
        check_run,
        summary: cap_summary(delivery.summary, MAX_SUMMARY_BYTES),
        annotations: delivery.annotations.to_owned(),
    }
}

/// The note that ends a job summary cut to fit GitHub's limit.
const SUMMARY_NOTE: &str = "\n\n---\n**Truncated:** GitHub keeps at most 1 MiB of a step's job \
summary, so this verdict was cut here. The sticky comment has the verdict, and \
`barraiser check` in a clone shows every finding.\n";

/// Cuts `text` at a line break so that it, its closing tags, `SUMMARY_NOTE` and a final
/// newline take at most `budget` bytes.
pub fn cap_summary(text: &str, budget: usize) -> String {
    if text.len() < budget {
        return text.to_owned();
    }
    if budget <= SUMMARY_NOTE.len() + 1 {
        return String::new();
    }
    // Headroom for the fences and `</details>` the cut may leave open.
    let mut room = budget.saturating_sub(SUMMARY_NOTE.len() + 4_096);
    loop {
        let mut cut = room.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let kept = &text[..cut];
        let kept = kept.rfind('\n').map_or(kept, |i| &kept[..i]);
        let mut out = kept.to_owned();
        sticky::close_open_blocks(&mut out);
        out.push_str(SUMMARY_NOTE);
        if out.len() < budget || room == 0 {
            return out;
        }
        room /= 2;
    }
}

/// Appends the summary, posts or updates the sticky comment, and sets the status.
///
/// Each step runs even when an earlier one failed, so a fork's read-only token still
/// leaves the job summary; 403s become warnings and the verdict keeps gating.
pub fn deliver(
    gh: &dyn GitHub,
    env: &CiEnv,
    delivery: &Delivery<'_>,
    dry_run: bool,
) -> DeliveryOutcome {
    let opts = DeliverOptions {
        dry_run,
        ..DeliverOptions::default()
    };
    deliver_with(gh, env, delivery, &opts)
}

/// [`deliver`] as `opts` asks: a check run instead of the status, or an incomplete verdict.
pub fn deliver_with(
    gh: &dyn GitHub,
    env: &CiEnv,
    delivery: &Delivery<'_>,
    opts: &DeliverOptions,
) -> DeliveryOutcome {
    let dry_run = opts.dry_run;
    let mut out = DeliveryOutcome {
        plan: plan_with(env, delivery, opts),
        dry_run,
        comment: None,
        status_set: false,
        summary_written: false,
        warnings: Vec::new(),
        failures: Vec::new(),
    };
    if dry_run {
        return out;
    }
    if let Some(path) = &env.step_summary {
        match append(path, &out.plan.summary) {
            Ok(()) => out.summary_written = true,
            Err(e) => out.warnings.push(format!(
                "cannot append to the job summary {}: {e}",
                path.display()
            )),
        }
    }
    let (repo, pr) = (&env.repo, env.event.number);
    let comment = sticky::own_identity(gh, env.bot_login.as_deref())
        .and_then(|own| sticky::upsert(gh, repo, pr, &own, &out.plan.comment_body));
    match comment {
        Ok(action) => {
            out.plan.status.target_url = Some(action.comment().html_url.clone());
            if let Some(run) = &mut out.plan.check_run {
                run.details_url = Some(action.comment().html_url.clone());
            }
            out.comment = Some(action);
        }
        Err(e) => record(&mut out, e, "post the verdict comment"),
    }
    if let Some(run) = &out.plan.check_run {
        match gh.create_check_run(repo, run) {
            Ok(()) => out.status_set = true,
            Err(e) => record(&mut out, e, "create the `barraiser` check run"),
        }
        return out;
    }
    match gh.create_commit_status(repo, &out.plan.head_sha, &out.plan.status) {
        Ok(()) => out.status_set = true,
        Err(e) => record(&mut out, e, "set the `barraiser` commit status"),
    }
    out
}

fn record(out: &mut DeliveryOutcome, error: Error, what: &str) {
    if error.is_forbidden() {
        out.warnings.push(format!(
            "cannot {what} ({error}); the token is read-only here (a fork's pull request?) \
             or lacks the permission. The job summary and annotations carry the verdict."
        ));
    } else {
        out.failures.push(error);
    }
}

/// Appends `text` (`GITHUB_OUTPUT` lines) to the step outputs file, when there is one.
pub fn write_outputs(env: &CiEnv, text: &str) -> std::io::Result<()> {
    match &env.output {
        Some(path) => append(path, text),
        None => Ok(()),
    }
}

fn append(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    // Earlier steps' writes to this step's file count against the same limit.
    let used = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let text = cap_summary(text, MAX_SUMMARY_BYTES.saturating_sub(used));
    if text.is_empty() {
        return Ok(());
    }
    file.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    Ok(())
}
