//! `barraiser approve` and `barraiser request-changes`: record a bar-raiser decision
//! as a pull-request review bound to the change descriptions at head.

use anyhow::Context;
use barraiser::approval::Action;
use barraiser::decide::{Refusal, may_record};
use barraiser::github::{Client, GitHub, Repo};
use barraiser::pr::{self, Judged};
use barraiser::render;

use super::api::{self, PullArgs};
use super::emit;

/// Arguments of `barraiser approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    #[command(flatten)]
    pull: PullArgs,
    /// A note for the author and the minutes.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

/// Arguments of `barraiser request-changes`.
#[derive(Debug, clap::Args)]
pub struct RequestChangesArgs {
    #[command(flatten)]
    pull: PullArgs,
    /// What to change (required).
    #[arg(long, value_name = "TEXT")]
    note: String,
}

/// Runs `approve`.
pub fn approve(args: ApproveArgs) -> anyhow::Result<u8> {
    decide(&args.pull, Action::Approve, args.note.as_deref())
}

/// Runs `request-changes`.
pub fn request_changes(args: RequestChangesArgs) -> anyhow::Result<u8> {
    decide(&args.pull, Action::RequestChanges, Some(&args.note))
}

/// Judges the pull request, refuses what the caller may not do, records the decision.
fn decide(pull: &PullArgs, decision: Action, note: Option<&str>) -> anyhow::Result<u8> {
    let repo = &api::repo(&pull.repo)?;
    let number = pull.pr;
    let client = &api::client()?;
    let login = client
        .viewer_login()
        .context("cannot tell who the token belongs to (GET /user); use your own token, not an Actions token")?;
    let judged = api::judge_pull(client, repo, number)?;
    record(client, repo, &judged, &login, decision, note)?;
    Ok(0)
}

/// Records a decision on an already judged pull request and says what it did.
pub fn record(
    client: &Client,
    repo: &Repo,
    judged: &Judged,
    login: &str,
    decision: Action,
    note: Option<&str>,
) -> anyhow::Result<()> {
    may_record(
        repo,
        &judged.pull,
        &judged.outcome.policy.bar_raisers,
        login,
        decision,
        note,
    )?;
    if decision == Action::Approve
        && let Some(wrote) = pr::wrote(client, repo, judged, api::local().as_ref(), login)
            .with_context(|| format!("cannot judge {repo}#{}", judged.pull.number))?
    {
        return Err(Refusal::Wrote {
            login: login.to_owned(),
            repo: repo.to_string(),
            number: judged.pull.number,
            wrote: wrote.to_string(),
        }
        .into());
    }
    let review = pr::record(client, repo, judged, decision, note)
        .with_context(|| format!("cannot record the review on {repo}#{}", judged.pull.number))?;
    emit(&render::pull::recorded(
        repo, judged, login, decision, &review,
    ))
}
