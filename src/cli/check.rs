//! `barraiser check`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use barraiser::read::Workspace;
use barraiser::render::{self, Format, RenderOptions, Templates};
use barraiser::run::{Request, Selection};

use super::{OutputFormat, cwd, emit};

/// Arguments of `barraiser check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Change descriptions or directories to check (working tree, or at --rev).
    paths: Vec<PathBuf>,
    /// Check every change description in the changes directory.
    #[arg(long, conflicts_with = "paths")]
    all: bool,
    /// Read everything from this commit's tree instead of the working tree.
    #[arg(long, value_name = "REV", conflicts_with_all = ["base", "head"])]
    rev: Option<String>,
    /// With --head: check what BASE...HEAD changed, judged by the policy at BASE.
    #[arg(long, value_name = "REV", requires = "head")]
    base: Option<String>,
    /// With --base: the revision whose change descriptions are checked.
    #[arg(long, value_name = "REV", requires = "base")]
    head: Option<String>,
    /// Output format [default: human; github inside GitHub Actions when not a terminal].
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    #[command(flatten)]
    central: super::central::CentralArgs,
}

/// Picks the format: explicit, else human (annotations inside GitHub Actions logs).
pub fn format_of(format: Option<OutputFormat>) -> Format {
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    match format {
        Some(OutputFormat::Human) => Format::Human,
        Some(OutputFormat::Json) => Format::Json,
        Some(OutputFormat::Markdown) => Format::Markdown,
        Some(OutputFormat::Github) => Format::Github,
        Some(OutputFormat::Sarif) => Format::Sarif,
        None if in_actions && !std::io::stdout().is_terminal() => Format::Github,
        None => Format::Human,
    }
}

/// Colour only for a terminal, and never when `NO_COLOR` is set to anything.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs the check and prints the report; returns the exit code.
pub fn run(args: CheckArgs) -> anyhow::Result<u8> {
    let cwd = cwd()?;
    // Explicit paths are judged by the repository they live in, wherever we run from.
    let start = match args.paths.first() {
        Some(first) => {
            let p = cwd.join(first);
            if p.is_dir() {
                p
            } else {
                p.parent()
                    .map_or_else(|| cwd.clone(), std::path::Path::to_path_buf)
            }
        }
        None => cwd.clone(),
    };
    let ws = Workspace::discover(&start)
        .with_context(|| format!("cannot open the repository at {}", start.display()))?;
    let selection = if args.all {
        Selection::All
    } else if !args.paths.is_empty() {
        Selection::Paths(args.paths)
    } else {
        Selection::Changed
    };
    let request = Request {
        selection,
        rev: args.rev,
        range: args.base.zip(args.head),
        at: None,
    };
    let outcome = barraiser::run::check(&ws, &request, &cwd, &args.central.source())?;
    let templates = Templates::new(outcome.templates)
        .context("invalid template override in .barraiser/templates")?;
    let format = format_of(args.format);
    let opts = RenderOptions {
        color: format == Format::Human && use_color(),
        templates: &templates,
        links: None,
    };
    emit(&render::render(&outcome.report, format, &opts)?)?;
    Ok(outcome.report.exit_code())
}
