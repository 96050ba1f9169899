//! `barraiser minutes`: the bar-raiser decisions recorded in a period, as Markdown.

use barraiser::pr::ledger;
use barraiser::render::{self, Templates};

use super::api::{self, PeriodArgs, ReposArgs};
use super::emit;

/// Arguments of `barraiser minutes`.
#[derive(Debug, clap::Args)]
pub struct MinutesArgs {
    #[command(flatten)]
    repos: ReposArgs,
    #[command(flatten)]
    period: PeriodArgs,
}

/// Runs `minutes`.
pub fn run(args: MinutesArgs) -> anyhow::Result<u8> {
    let (since, until) = args.period.period()?;
    let repos = args.repos.parse()?;
    let client = api::client()?;
    let decisions = api::warn_skipped(ledger::minutes(&client, &repos, since, until)?);
    print(&decisions, &args.repos, since, until)?;
    Ok(0)
}

/// Prints the minutes of `decisions` on `repos` in `[since, until)`.
pub fn print(
    decisions: &[ledger::DecisionEntry],
    repos: &ReposArgs,
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> anyhow::Result<()> {
    let templates = Templates::embedded()?;
    emit(&render::minutes::minutes(
        decisions,
        &repos.repos,
        since,
        until,
        &templates,
    )?)
}
