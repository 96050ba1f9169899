//! `barraiser report`: per team and service, how its merged changes fared over a
//! period, with charts (Markdown with Mermaid, self-contained HTML with inline SVG, or
//! JSON): the input a bar raiser brings to office hours.

use std::collections::BTreeMap;

use barraiser::pr::report::{self, summary};
use barraiser::render::{
    Templates,
    report::{ReportFormat, Scope},
};

use super::api::{self, PeriodArgs, ReposArgs};
use super::{emit, explain, warn};

/// Output formats of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown with Mermaid charts, which GitHub renders.
    Markdown,
    /// One self-contained HTML page with inline SVG charts (no script, nothing fetched).
    Html,
    /// Versioned JSON (docs/json.md).
    Json,
}

/// Arguments of `barraiser report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    repos: ReposArgs,
    #[command(flatten)]
    period: PeriodArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
}

/// Runs `report`. Exit 2 when a merged pull request could not be read: the numbers
/// would have a silent gap.
pub fn run(args: ReportArgs) -> anyhow::Result<u8> {
    let (since, until) = args.period.period()?;
    let gathered = api::merged(&args.repos, (since, until), report::gather)?;
    let summary = summary::summarize(&gathered.items, (since, until));
    let templates = Templates::embedded()?;
    let explains = explains(&summary, &templates)?;
    let format = match args.format {
        Format::Markdown => ReportFormat::Markdown,
        Format::Html => ReportFormat::Html,
        Format::Json => ReportFormat::Json,
    };
    let period = Scope {
        since,
        until,
        repos: &gathered.scope.labels,
        skipped: &gathered.skipped,
    };
    emit(&barraiser::render::report::report(
        &summary, &period, &explains, format, &templates,
    )?)?;
    Ok(if gathered.complete() { 0 } else { 2 })
}

/// The `barraiser explain` text of every rule a team's section ends with.
fn explains(
    summary: &summary::Summary,
    templates: &Templates,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let rules: Vec<&str> = summary
        .teams
        .iter()
        .flat_map(|t| t.attention.iter().map(|r| r.rule.as_str()))
        .collect();
    if rules.is_empty() {
        return Ok(out);
    }
    let bar = match explain::active_bar() {
        Ok(bar) => bar,
        Err(e) => {
            warn(&format!("rules are not explained: {e:#}"));
            return Ok(out);
        }
    };
    for rule in rules {
        if let Some(text) = explain::text(&bar, rule, templates)? {
            out.insert(rule.to_owned(), text);
        }
    }
    Ok(out)
}
