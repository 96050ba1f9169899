//! `barraiser queue`: open pull requests waiting for bar-raiser approval, across repositories.

use barraiser::pr::queue;
use barraiser::render::{self, Templates};

use super::api::{self, ReposArgs};
use super::emit;

/// Output formats of `queue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum QueueFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Markdown from templates/queue.md.j2, for meeting notes.
    Markdown,
    /// JSON: `{"version": 1, "items": [...]}`.
    Json,
}

/// Arguments of `barraiser queue`.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    #[command(flatten)]
    repos: ReposArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: QueueFormat,
}

/// Runs `queue`.
pub fn run(args: QueueArgs) -> anyhow::Result<u8> {
    let repos = args.repos.parse()?;
    let client = api::client()?;
    let agenda = api::warn_skipped(queue::agenda(&client, &repos, api::local().as_ref())?);
    let items: Vec<&queue::QueueItem> = agenda.iter().map(|e| &e.item).collect();
    let now = jiff::Timestamp::now();
    let text = match args.format {
        QueueFormat::Json => render::queue::json(&items, now)?,
        QueueFormat::Markdown => {
            render::queue::markdown(&items, &args.repos.repos, now, &Templates::embedded()?)?
        }
        QueueFormat::Table => render::queue::table(&items, now),
    };
    emit(&text)?;
    Ok(0)
}
