//! `barraiser ci`: the pull-request gate inside GitHub Actions.

use anyhow::Context;
use barraiser::github::{CiEnv, Client, ClientConfig, Delivery, GitHub, ci, deliver};
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
}

fn missing_token(env: &CiEnv) -> anyhow::Error {
    env.require_token().err().map_or_else(
        || anyhow::anyhow!("GITHUB_TOKEN (or GH_TOKEN) is not set"),
        anyhow::Error::from,
    )
}

/// Sets the action's step outputs; failing to is a warning.
fn outputs(env: &CiEnv, report: &barraiser::Report, comment_url: Option<&str>) {
    let text = render::delivery::step_outputs(report, comment_url);
    if let (Some(path), Err(e)) = (&env.output, ci::write_outputs(env, &text)) {
        super::warn(&format!(
            "cannot write step outputs to {}: {e}",
            path.display()
        ));
    }
}

/// Runs the gate; returns the exit code.
pub fn run(args: CiArgs) -> anyhow::Result<u8> {
    let env = CiEnv::from_env()?;
    let ws = Workspace::discover(&cwd()?).context("cannot open the checked-out repository")?;
    // Only --dry-run may run without a token; it then judges no reviews.
    let client = match &env.token {
        Some(token) => Some(
            Client::new(token.clone(), ClientConfig::new(env.api_url.clone()))
                .context("cannot set up the GitHub client")?,
        ),
        None if args.dry_run => None,
        None => return Err(missing_token(&env)),
    };
    let gh = client.as_ref().map(|c| c as &dyn GitHub);
    let Gated { outcome, report } =
        pr::gate(&ws, &env.repo, &env.event, gh).map_err(|e| match e {
            PullError::Check(_) => anyhow::Error::new(e).context(format!(
                "checking {}...{}",
                env.event.base_sha, env.event.head_sha
            )),
            other => other.into(),
        })?;
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
        emit(&render::delivery::dry_run(&ci::plan(&env, &delivery)))?;
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
        emit(&render::delivery::warning(warning))?;
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
