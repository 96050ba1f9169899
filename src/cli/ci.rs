//! `barraiser ci`: the pull-request gate inside GitHub Actions.

use anyhow::Context;
use barraiser::InputError;
use barraiser::approval;
use barraiser::decide::{self, Inputs, ReviewRecord};
use barraiser::github::{CiEnv, Client, ClientConfig, Delivery, deliver};
use barraiser::pr::{self, LocalBindings};
use barraiser::read::Workspace;
use barraiser::render::{self, Format, LinkBase, RenderOptions, Templates};
use barraiser::run::{Request, Selection};

use super::{cwd, emit};

/// Arguments of `barraiser ci`.
#[derive(Debug, clap::Args)]
pub struct CiArgs {
    /// Print the comment, status and annotations instead of sending them.
    #[arg(long)]
    dry_run: bool,
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
pub fn run(args: CiArgs) -> anyhow::Result<u8> {
    let env = CiEnv::from_env()?;
    let cwd = cwd()?;
    let ws = Workspace::discover(&cwd).context("cannot open the checked-out repository")?;
    let request = Request {
        selection: Selection::Changed,
        rev: None,
        range: Some((env.event.base_sha.clone(), env.event.head_sha.clone())),
    };
    let outcome = barraiser::run::check(&ws, &request, &cwd)
        .with_context(|| format!("checking {}...{}", env.event.base_sha, env.event.head_sha))?;
    let head = ws
        .at_rev(&env.event.head_sha)
        .context("cannot read the head commit")?;
    let bound = approval::bound_files(&outcome, &|p| pr::blob_of(&head, p));
    // Only --dry-run may run without a token; it then judges no reviews.
    let client = match &env.token {
        Some(token) => Some(
            Client::new(token.clone(), ClientConfig::new(env.api_url.clone()))
                .context("cannot set up the GitHub client")?,
        ),
        None if args.dry_run => None,
        None => return Err(missing_token(&env)),
    };
    // Without a token (dry run) or when the reviews cannot be read, the pull request
    // is decided with no approvals; a read failure is reported as an input error.
    let (reviews, unread) = match &client {
        Some(client) => {
            match pr::reviews_if_in_scope(client, &env.repo, env.event.number, &outcome) {
                Ok(reviews) => (reviews, None),
                // Reviews past the page cap could hold the approvals or the changes
                // requested that decide: no verdict, no comment, no status; the missing
                // status keeps the gate shut.
                Err(e @ pr::PullError::GitHub(barraiser::github::Error::Truncated { .. })) => {
                    return Err(anyhow::Error::new(e).context(format!(
                        "cannot decide #{}: its reviews were not all read",
                        env.event.number
                    )));
                }
                Err(e) => (Vec::new(), Some(e)),
            }
        }
        None => (Vec::new(), None),
    };
    let records: Vec<ReviewRecord> = reviews.iter().map(ReviewRecord::from).collect();
    let decision = decide::decide(&Inputs {
        outcome: &outcome,
        reviews: &records,
        context: decide::Context {
            roster: &outcome.policy.bar_raisers,
            author: &env.event.author,
            head_sha: &env.event.head_sha,
            head: &bound,
        },
        bindings: &LocalBindings { ws: &ws },
        cutoff: None,
    });
    let mut report = decision.report(&outcome.report);
    if let Some(e) = unread {
        report.errors.push(InputError {
            path: format!("reviews of #{}", env.event.number),
            line: 0,
            column: 0,
            message: format!("cannot read the bar-raiser approvals: {e}"),
        });
    }
    if client.is_none() && decision.in_scope {
        report
            .notes
            .push("Approvals were not read: no GITHUB_TOKEN or GH_TOKEN in this dry run.".into());
    }
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
    if args.dry_run {
        let plan = barraiser::github::ci::plan(&env, &delivery);
        emit(&format!(
            "--- comment on {}#{} ---\n{}\n--- status `barraiser` on {}: {:?}: {} ---\n--- annotations ---\n{}",
            plan.repo,
            plan.pr,
            plan.comment_body,
            plan.head_sha,
            plan.status.state,
            plan.status.description,
            plan.annotations
        ))?;
        outputs(&env, &report, None);
        return Ok(report.exit_code());
    }
    let Some(client) = client else {
        return Err(missing_token(&env));
    };
    emit(&annotations)?;
    let outcome = deliver(&client, &env, &delivery, false);
    let comment_url = outcome
        .comment
        .as_ref()
        .map(|c| c.comment().html_url.as_str());
    outputs(&env, &report, comment_url);
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
    Ok(if report.errors.is_empty() {
        outcome.exit_code(report.verdict)
    } else {
        2
    })
}
