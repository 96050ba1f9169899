//! `barraiser minutes`: the bar-raiser decisions recorded in a period, as Markdown.

use anyhow::Context;
use barraiser::github::{Client, Contents, GitHub, PullState, Repo};
use barraiser::parse::policy::POLICY_PATH as POLICY_PATH_FOR_ROSTER;
use barraiser::parse::policy::Policy;
use barraiser::pr::ledger::{self, DecisionEntry, Ruling};
use barraiser::render::Templates;

use super::api::{self, PeriodArgs, ReposArgs};
use super::{emit, warn};

/// Arguments of `barraiser minutes`.
#[derive(Debug, clap::Args)]
pub struct MinutesArgs {
    #[command(flatten)]
    repos: ReposArgs,
    #[command(flatten)]
    period: PeriodArgs,
}

/// The roster of `repo` on branch `rev`, for recognising plain GitHub decisions.
fn roster(client: &Client, repo: &Repo, rev: &str) -> Vec<String> {
    let text = match client.get_contents(repo, POLICY_PATH_FOR_ROSTER, rev) {
        Ok(Some(Contents::File {
            content: Some(bytes),
            ..
        })) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => return Vec::new(),
    };
    Policy::from_repo(POLICY_PATH_FOR_ROSTER, &text)
        .map(|p| p.bar_raisers)
        .unwrap_or_default()
}

/// The decisions on `repos` in `[since, until)`, oldest first.
pub fn collect(
    client: &Client,
    repos: &[String],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> anyhow::Result<Vec<DecisionEntry>> {
    let mut all = Vec::new();
    for name in repos {
        let repo = api::repo(name)?;
        let pulls = client
            .list_pulls(&repo, PullState::All, Some(since))
            .with_context(|| format!("cannot list the pull requests of {repo}"))?;
        let mut rosters: Vec<(String, Vec<String>)> = Vec::new();
        for pull in pulls {
            let recent = pull
                .updated_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|t| t >= since);
            if !recent {
                continue;
            }
            let reviews = match client.list_reviews(&repo, pull.number) {
                Ok(r) => r,
                Err(e) => {
                    warn(&format!("{repo}#{} skipped: {e}", pull.number));
                    continue;
                }
            };
            let position = rosters.iter().position(|(b, _)| *b == pull.base_ref);
            let index = position.unwrap_or_else(|| {
                rosters.push((pull.base_ref.clone(), roster(client, &repo, &pull.base_ref)));
                rosters.len() - 1
            });
            all.extend(ledger::decisions(
                &repo.to_string(),
                &pull,
                &reviews,
                &rosters[index].1,
                since,
                until,
            ));
        }
    }
    all.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    Ok(all)
}

/// Renders the minutes.
pub fn render(
    decisions: &[DecisionEntry],
    repos: &[String],
    since: jiff::Timestamp,
    until: jiff::Timestamp,
) -> anyhow::Result<String> {
    let approved = decisions
        .iter()
        .filter(|d| d.decision == Ruling::Approved)
        .count();
    Ok(Templates::embedded()?.render(
        "minutes.md.j2",
        serde_json::json!({
            "since": since.to_string(),
            "until": until.to_string(),
            "repos": repos,
            "decisions": decisions,
            "approved": approved,
            "changes_requested": decisions.len() - approved,
        }),
    )?)
}

/// Runs `minutes`.
pub fn run(args: MinutesArgs) -> anyhow::Result<u8> {
    let (since, until) = args.period.period()?;
    let client = api::client()?;
    let decisions = collect(&client, &args.repos.repos, since, until)?;
    emit(&render(&decisions, &args.repos.repos, since, until)?)?;
    Ok(0)
}
