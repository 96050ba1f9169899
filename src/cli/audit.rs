//! `barraiser audit`: every merged pull request that carried a change description,
//! with the approvals that were valid when it merged. CSV or JSON.

use barraiser::pr::ledger;
use barraiser::render;

use super::api::{self, ReposArgs};
use super::emit;

/// Output formats of `audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// One row per change description; columns in docs/approvals.md.
    Csv,
    /// `{"version": 1, "since", "until", "pull_requests": [...]}`.
    Json,
}

/// Arguments of `barraiser audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(flatten)]
    repos: ReposArgs,
    // Not the shared PeriodArgs: the period is by merge time, and the help says so.
    /// Start of the period (by merge time): a date (2026-07-01) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    since: String,
    /// End of the period, inclusive for a date [default: now].
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    format: AuditFormat,
}

/// Runs `audit`. Exit 2 when a merged pull request could not be judged: evidence
/// with a silent gap is worse than none.
pub fn run(args: AuditArgs) -> anyhow::Result<u8> {
    let (since, until) = api::period(&args.since, args.until.as_deref())?;
    let audit = api::merged(&args.repos, (since, until), ledger::audit)?;
    let text = match args.format {
        AuditFormat::Csv => render::audit::csv(&audit.items)?,
        AuditFormat::Json => render::audit::json(&audit.items, since, until)?,
    };
    emit(&text)?;
    Ok(if audit.complete() { 0 } else { 2 })
}
