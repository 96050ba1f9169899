//! `barraiser review`: the verdict a pull request's comment shows, recomputed live.

use anyhow::Context;
use barraiser::github::Repo;
use barraiser::pr::Judged;
use barraiser::render::{self, Format, RenderOptions, Templates};

use super::api::{self, PullArgs};
use super::check::use_color;
use super::emit;

/// Output formats of `review`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// Diagnostics with snippets, and the approvals.
    Human,
    /// The versioned JSON report.
    Json,
    /// Markdown, as in the job summary.
    Markdown,
}

/// Arguments of `barraiser review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pull: PullArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: ReviewFormat,
}

/// Runs `review`; the exit code is the verdict's.
pub fn run(args: ReviewArgs) -> anyhow::Result<u8> {
    let repo = api::repo(&args.pull.repo)?;
    let number = args.pull.pr;
    let client = api::client()?;
    let judged = api::judge_pull(&client, &repo, number)?;
    emit(&show(&repo, &judged, args.format)?)?;
    Ok(judged.report.exit_code())
}

/// The judged pull request in `format`, with a header naming it for the human format.
pub fn show(repo: &Repo, judged: &Judged, format: ReviewFormat) -> anyhow::Result<String> {
    let templates = Templates::new(judged.outcome.templates.clone())
        .context("invalid template override in .barraiser/templates (base commit)")?;
    let links = render::pull::links(repo, judged);
    let (format, color) = match format {
        ReviewFormat::Human => (Format::Human, use_color()),
        ReviewFormat::Json => (Format::Json, false),
        ReviewFormat::Markdown => (Format::Markdown, false),
    };
    let opts = RenderOptions {
        color,
        templates: &templates,
        links: Some(&links),
    };
    let body = render::render(&judged.report, format, &opts)?;
    if format != Format::Human {
        return Ok(body);
    }
    Ok(format!(
        "{}\n{body}",
        render::pull::review_header(repo, judged)
    ))
}
