//! `barraiser agenda`: the office-hours agenda as one document for the meeting's
//! notes (Markdown, or one self-contained HTML page).

use barraiser::pr;
use barraiser::render::{self, Templates, agenda::AgendaFormat};

use super::api::{self, ReposArgs, TzArgs};
use super::emit;

/// Output formats of `agenda`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, to paste into a wiki page or a GitHub issue.
    Markdown,
    /// One self-contained HTML page (inline style, no script, nothing fetched).
    Html,
}

/// Arguments of `barraiser agenda`.
#[derive(Debug, clap::Args)]
pub struct AgendaArgs {
    #[command(flatten)]
    repos: ReposArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
    #[command(flatten)]
    tz: TzArgs,
}

/// Runs `agenda`.
pub fn run(args: AgendaArgs) -> anyhow::Result<u8> {
    let tz = args.tz.zone()?;
    let client = api::client()?;
    let scope = args.repos.resolve(&client)?;
    let entries = api::agenda(&client, &scope)?;
    let now = barraiser::clock();
    // Who is on duty, by the rotation of the policy that judged the first item.
    let duty = entries
        .first()
        .and_then(|e| pr::duty::duty(Some(&client), &e.judged.outcome.policy, now))
        .map(|duty| duty.login);
    let format = match args.format {
        Format::Markdown => AgendaFormat::Markdown,
        Format::Html => AgendaFormat::Html,
    };
    emit(&render::agenda::agenda(
        &entries,
        &scope.labels,
        (now, &tz),
        duty,
        format,
        &Templates::embedded()?,
    )?)?;
    Ok(0)
}
