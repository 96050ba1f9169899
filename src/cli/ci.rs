//! `barraiser ci`: the pull-request gate inside GitHub Actions.

use anyhow::Context;
use barraiser::github::{
    CiEnv, Client, ClientConfig, DeliverOptions, Delivery, DeliveryOutcome, GitHub, ReportVia,
    deliver_with,
};
use barraiser::pr::{self, Gated, PullError};
use barraiser::read::Workspace;
use barraiser::render::{self, Format, LinkBase, RenderOptions, Templates};

use super::{cwd, emit};

/// Arguments of `barraiser ci`.
#[derive(Debug, clap::Args)]
pub struct CiArgs {
    /// Print the comment, status and annotations instead of sending them.
    #[arg(long)]
    dry_run: bool,
    /// The login the token comments as (e.g. `my-gate[bot]` for a GitHub App token);
    /// without it, `GET /user` tells, or, for an App token, the comment's app.
    #[arg(long, value_name = "LOGIN")]
    bot_login: Option<String>,
    /// How to report the gate: the `barraiser` commit status, or a `barraiser` check
    /// run (needs a GitHub App token with `checks: write`).
    #[arg(long, value_enum, value_name = "HOW", default_value = "status")]
    report: Report,
}

/// How `ci` reports the gate to branch protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Report {
    /// The commit status `barraiser`.
    Status,
    /// A check run `barraiser`, made by the app whose token runs `ci`.
    CheckRun,
}

impl From<Report> for ReportVia {
    fn from(r: Report) -> Self {
        match r {
            Report::Status => ReportVia::Status,
            Report::CheckRun => ReportVia::CheckRun,
        }
    }
}

fn missing_token(env: &CiEnv) -> anyhow::Error {
    env.require_token().err().map_or_else(
        || anyhow::anyhow!("GITHUB_TOKEN (or GH_TOKEN) is not set"),
        anyhow::Error::from,
    )
}

/// Sets the action's step outputs; a verdict that errors made unreliable is not one.
fn outputs(env: &CiEnv, report: &barraiser::Report, comment_url: Option<&str>) {
    let verdict = if report.errors.is_empty() {
        report.verdict.to_string()
    } else {
        "error".to_owned()
    };
    let text = match comment_url.filter(|u| !u.contains(['\n', '\r'])) {
        Some(url) => format!("verdict={verdict}\ncomment-url={url}\n"),
        None => format!("verdict={verdict}\n"),
    };
    if let Some(path) = &env.output
        && let Err(e) = append_file(path, &text)
    {
        super::warn(&format!(
            "cannot write step outputs to {}: {e}",
            path.display()
        ));
    }
}

fn append_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Runs the gate; returns the exit code.
///
/// Whenever the verdict cannot be fully computed (an input error, an API error, a list
/// GitHub cut short), the exit code is 2 and the gate is reported as `error`, never
/// `success`; the reason reaches the sticky comment and the job summary when it can.
pub fn run(args: CiArgs) -> anyhow::Result<u8> {
    let mut env = CiEnv::from_env()?;
    if let Some(login) = args
        .bot_login
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        env.bot_login = Some(login.to_owned());
    }
    // Only --dry-run may run without a token; it then judges no reviews.
    let client = match &env.token {
        Some(token) => Some(
            Client::new(token.clone(), ClientConfig::new(env.api_url.clone()))
                .context("cannot set up the GitHub client")?,
        ),
        None if args.dry_run => None,
        None => return Err(missing_token(&env)),
    };
    match gate(&args, &env, client.as_ref()) {
        Ok(code) => Ok(code),
        Err(error) => {
            if let Some(client) = client.as_ref().filter(|_| !args.dry_run) {
                report_failure(&args, &env, client, &error);
            }
            Err(error)
        }
    }
}

/// Delivers what is known when no verdict could be computed: the error in the comment
/// and the summary, and an `error` status (or a failed check run).
fn report_failure(args: &CiArgs, env: &CiEnv, client: &Client, error: &anyhow::Error) {
    let reason = barraiser::render::neutralize(&format!("{error:#}"));
    let body = format!(
        "**barraiser: error**: the verdict could not be computed, so this pull request \
         is not cleared.\n\n> {reason}\n\nFix the cause and push again, or re-run the job.\n"
    );
    let delivery = Delivery {
        verdict: barraiser::Verdict::Blocked,
        headline: "error: the verdict could not be computed",
        comment_body: &body,
        summary: &format!("## barraiser: error\n\n{body}"),
        annotations: "",
    };
    let opts = DeliverOptions {
        dry_run: false,
        report: args.report.into(),
        incomplete: true,
    };
    let outcome = deliver_with(client, env, &delivery, &opts);
    if let Some(path) = &env.output
        && let Err(e) = append_file(path, "verdict=error\n")
    {
        super::warn(&format!(
            "cannot write step outputs to {}: {e}",
            path.display()
        ));
    }
    // The run already fails on `error`; problems delivering it are only worth a line.
    let _ = print_problems(&outcome);
}

fn print_problems(outcome: &DeliveryOutcome) -> anyhow::Result<()> {
    for warning in &outcome.warnings {
        // Workflow-command data escaping, as the Actions toolkit does it.
        let data = warning
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        emit(&format!("::warning title=barraiser::{data}\n"))?;
    }
    for failure in &outcome.failures {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("error: {failure}");
        }
    }
    Ok(())
}

/// Judges the pull request and delivers the verdict; an error means there is none.
fn gate(args: &CiArgs, env: &CiEnv, client: Option<&Client>) -> anyhow::Result<u8> {
    let ws = Workspace::discover(&cwd()?).context("cannot open the checked-out repository")?;
    let gh = client.map(|c| c as &dyn GitHub);
    let Gated {
        outcome,
        report,
        reviewed_by,
    } = pr::gate(&ws, &env.repo, &env.event, gh).map_err(|e| match e {
        PullError::Check(_) => anyhow::Error::new(e).context(format!(
            "checking {}...{}",
            env.event.base_sha, env.event.head_sha
        )),
        other => other.into(),
    })?;
    let gated_policy = outcome.policy.clone();
    let templates = Templates::new(outcome.templates.clone())
        .context("invalid template override in .barraiser/templates (base commit)")?;
    let links = LinkBase {
        server_url: env.server_url.clone(),
        repo: env.repo.to_string(),
        sha: env.event.head_sha.clone(),
    };
    let opts = RenderOptions {
        color: false,
        templates: &templates,
        links: Some(&links),
    };
    let comment = render::comment(&report, &opts)?;
    let summary = render::render(&report, Format::Markdown, &opts)?;
    let annotations = render::render(&report, Format::Github, &opts)?;
    let line = render::headline(&report);
    let delivery = Delivery {
        verdict: report.verdict,
        headline: &line,
        comment_body: &comment,
        summary: &summary,
        annotations: &annotations,
    };
    // Input errors (an unreadable file, a name that is not UTF-8) leave part of the pull
    // request unjudged: the verdict shows, but the gate does not open.
    let opts = DeliverOptions {
        dry_run: args.dry_run,
        report: args.report.into(),
        incomplete: !report.errors.is_empty(),
    };
    if args.dry_run {
        let plan = barraiser::github::ci::plan_with(env, &delivery, &opts);
        let gate = match &plan.check_run {
            Some(run) => format!(
                "check run `barraiser` on {}: {}: {}",
                plan.head_sha,
                run.conclusion.as_str(),
                run.title
            ),
            None => format!(
                "status `barraiser` on {}: {:?}: {}",
                plan.head_sha, plan.status.state, plan.status.description
            ),
        };
        emit(&format!(
            "--- comment on {}#{} ---\n{}\n--- {gate} ---\n--- annotations ---\n{}",
            plan.repo, plan.pr, plan.comment_body, plan.annotations
        ))?;
        outputs(env, &report, None);
        return Ok(if opts.incomplete {
            2
        } else {
            report.exit_code()
        });
    }
    let Some(client) = client else {
        return Err(missing_token(env));
    };
    emit(&annotations)?;
    let outcome = deliver_with(client, env, &delivery, &opts);
    let comment_url = outcome
        .comment
        .as_ref()
        .map(|c| c.comment().html_url.as_str());
    outputs(env, &report, comment_url);
    print_problems(&outcome)?;
    // A pull request waiting for approval asks the bar raiser on duty, once.
    if report.verdict == barraiser::Verdict::NeedsApproval
        && !opts.incomplete
        && let Some(request) = pr::duty::request_review(
            client,
            &env.repo,
            env.event.number,
            &env.event.author,
            &gated_policy,
            &reviewed_by,
            barraiser::clock(),
        )
    {
        emit(&render::rota::duty_request(&request))?;
    }
    Ok(if opts.incomplete {
        2
    } else {
        outcome.exit_code(report.verdict)
    })
}
