//! `barraiser audit`: every merged pull request that carried a change description,
//! with the approvals that were valid when it merged. CSV or JSON.

use anyhow::Context;
use barraiser::github::{GitHub, PullState};
use barraiser::pr::ledger::{self, AuditRecord};
use barraiser::pr::{self};

use super::api::{self, ReposArgs};
use super::{emit, warn};

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
    let client = api::client()?;
    let local = api::local();
    let mut records: Vec<AuditRecord> = Vec::new();
    let mut failed = false;
    for name in &args.repos.repos {
        let repo = api::repo(name)?;
        let pulls = client
            .list_pulls(&repo, PullState::Closed, Some(since))
            .with_context(|| format!("cannot list the closed pull requests of {repo}"))?;
        for pull in pulls {
            let Some(merged) = pull
                .merged_at
                .as_deref()
                .and_then(|m| m.parse::<jiff::Timestamp>().ok())
            else {
                continue;
            };
            if merged < since || merged >= until {
                continue;
            }
            let number = pull.number;
            match pr::judge_until(&client, &repo, pull, local.as_ref(), Some(merged)) {
                Ok(judged) => records.extend(ledger::audit_record(&repo.to_string(), &judged)),
                Err(e) => {
                    failed = true;
                    warn(&format!("{repo}#{number} could not be audited: {e}"));
                }
            }
        }
    }
    records
        .sort_by(|a, b| (&a.merged_at, &a.repo, a.number).cmp(&(&b.merged_at, &b.repo, b.number)));
    let text = match args.format {
        AuditFormat::Csv => {
            let mut buf = Vec::new();
            ledger::write_csv(&records, &mut buf)?;
            String::from_utf8(buf).context("CSV output is not UTF-8")?
        }
        AuditFormat::Json => {
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "version": 1,
                "since": since.to_string(),
                "until": until.to_string(),
                "pull_requests": records,
            }))?;
            text.push('\n');
            text
        }
    };
    emit(&text)?;
    Ok(if failed { 2 } else { 0 })
}
