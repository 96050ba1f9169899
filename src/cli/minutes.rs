//! `barraiser minutes`: the bar-raiser decisions recorded in a period, as Markdown.

use barraiser::pr::ledger;
use barraiser::render::{self, Templates};

use super::api::{self, PeriodArgs, ReposArgs, TzArgs};
use super::emit;

/// Arguments of `barraiser minutes`.
#[derive(Debug, clap::Args)]
pub struct MinutesArgs {
    #[command(flatten)]
    repos: ReposArgs,
    #[command(flatten)]
    period: PeriodArgs,
    #[command(flatten)]
    tz: TzArgs,
}

/// Runs `minutes`.
pub fn run(args: MinutesArgs) -> anyhow::Result<u8> {
    let (since, until) = args.period.period()?;
    let tz = args.tz.zone()?;
    let client = api::client()?;
    let scope = args.repos.resolve(&client)?;
    let decisions =
        api::with_progress(|bar| ledger::minutes(&client, &scope.repos, since, until, bar));
    let decisions = api::warn_skipped(decisions?);
    print(&decisions, &scope.labels, (since, until), &tz)?;
    Ok(0)
}

/// Prints the minutes of `decisions` on `repos` in `period`, times in `tz`.
pub fn print(
    decisions: &[ledger::DecisionEntry],
    repos: &[String],
    period: (jiff::Timestamp, jiff::Timestamp),
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<()> {
    emit(&text(decisions, repos, period, tz)?)
}

/// The minutes of `decisions` on `repos` in `period`, times in `tz`.
pub fn text(
    decisions: &[ledger::DecisionEntry],
    repos: &[String],
    period: (jiff::Timestamp, jiff::Timestamp),
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<String> {
    let templates = Templates::embedded()?;
    Ok(render::minutes::minutes(
        decisions, repos, period, tz, &templates,
    )?)
}
