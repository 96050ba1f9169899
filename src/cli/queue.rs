//! `barraiser queue`: open pull requests waiting for bar-raiser approval, across repositories.

use barraiser::pr::central::ApiCentral;
use barraiser::pr::{self, queue};
use barraiser::render::{self, Templates};
use barraiser::run::load_policy;

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
    let client = api::client()?;
    let scope = args.repos.resolve(&client)?;
    let agenda = api::agenda(&client, &scope)?;
    let items: Vec<&queue::QueueItem> = agenda.iter().map(|e| &e.item).collect();
    let now = jiff::Timestamp::now();
    // The agenda opens with who is on duty: the rotation of the policy that judged the
    // first item, else of the clone the command runs in.
    let policy = agenda
        .first()
        .map(|e| e.judged.outcome.policy.clone())
        .or_else(|| {
            let ws = api::local()?;
            load_policy(&ws.worktree(), &ApiCentral::new(&client)).ok()
        });
    let duty = policy
        .as_ref()
        .and_then(|p| pr::duty::duty(Some(&client), p, barraiser::clock()));
    let heading = render::rota::duty_heading(duty.as_ref());
    let text = match args.format {
        QueueFormat::Json => render::queue::json(&items, now)?,
        QueueFormat::Markdown => {
            let agenda =
                render::queue::markdown(&items, &scope.labels, now, &Templates::embedded()?)?;
            format!(
                "{heading}{}{agenda}",
                if heading.is_empty() { "" } else { "\n" }
            )
        }
        QueueFormat::Table => format!("{heading}{}", render::queue::table(&items, now)),
    };
    emit(&text)?;
    Ok(0)
}
