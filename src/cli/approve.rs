//! `barraiser approve` and `barraiser request-changes`: record a bar-raiser decision
//! as a pull-request review bound to the change descriptions at head, and only on
//! the content that was shown (`--expect-head`).

use anyhow::Context;
use barraiser::approval::Action;
use barraiser::decide::{Moved, Refusal, may_record, moved};
use barraiser::github::{Client, GitHub, Repo, Review};
use barraiser::pr::{self, Judged};
use barraiser::render::{self, office::Screen};

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
    /// Record nothing unless the pull request's head is still this commit (the `head`
    /// that `review` printed): approve exactly what was read.
    #[arg(long, value_name = "SHA")]
    expect_head: Option<String>,
}

/// Arguments of `barraiser request-changes`.
#[derive(Debug, clap::Args)]
pub struct RequestChangesArgs {
    #[command(flatten)]
    pull: PullArgs,
    /// What to change (required).
    #[arg(long, value_name = "TEXT")]
    note: String,
    /// Record nothing unless the pull request's head is still this commit (the `head`
    /// that `review` printed).
    #[arg(long, value_name = "SHA")]
    expect_head: Option<String>,
}

/// Runs `approve`.
pub fn approve(args: ApproveArgs) -> anyhow::Result<u8> {
    decide(
        &args.pull,
        Action::Approve,
        args.note.as_deref(),
        args.expect_head.as_deref(),
    )
}

/// Runs `request-changes`.
pub fn request_changes(args: RequestChangesArgs) -> anyhow::Result<u8> {
    decide(
        &args.pull,
        Action::RequestChanges,
        Some(&args.note),
        args.expect_head.as_deref(),
    )
}

/// Judges the pull request, refuses what the caller may not do or what moved since
/// `expect_head`, records the decision.
fn decide(
    pull: &PullArgs,
    decision: Action,
    note: Option<&str>,
    expect_head: Option<&str>,
) -> anyhow::Result<u8> {
    let repo = &api::repo(&pull.repo)?;
    let number = pull.pr;
    let client = &api::client()?;
    let login = client
        .viewer_login()
        .context("cannot tell who the token belongs to (GET /user); use your own token, not an Actions token")?;
    let judged = api::judge_pull(client, repo, number)?;
    if let Some(expected) = expect_head
        && let Some(m) = moved((expected, None), (&judged.pull.head_sha, &judged.bound))
    {
        // What was shown: the pull request judged at the head the caller read.
        let shown = barraiser::pr::judge(
            client,
            repo,
            barraiser::github::PullRequest {
                head_sha: expected.trim().to_ascii_lowercase(),
                ..judged.pull.clone()
            },
            api::local().as_ref(),
        )
        .ok();
        let m = match &shown {
            Some(s) => moved(
                (&s.pull.head_sha, Some(&s.bound)),
                (&judged.pull.head_sha, &judged.bound),
            )
            .unwrap_or(m),
            None => m,
        };
        emit(&render::office::moved(
            repo,
            &m,
            shown.as_ref(),
            &judged,
            screen(),
        ))?;
        anyhow::bail!(
            "{repo}#{number} is no longer at {}; read it again (`barraiser review`) and decide on what it is now",
            expected.trim()
        );
    }
    record(client, repo, &judged, &login, decision, note)?;
    Ok(0)
}

/// How text is laid out on stdout: its width when a terminal, else 80 columns.
pub fn screen() -> Screen {
    use std::io::IsTerminal;
    let terminal = std::io::stdout().is_terminal();
    Screen {
        width: crossterm::terminal::size()
            .ok()
            .filter(|_| terminal)
            .map_or(80, |(w, _)| usize::from(w)),
        color: super::check::use_color(),
    }
}

/// Records a decision on an already judged pull request and says what it did.
pub fn record(
    client: &Client,
    repo: &Repo,
    judged: &Judged,
    login: &str,
    decision: Action,
    note: Option<&str>,
) -> anyhow::Result<Review> {
    may_record(
        repo,
        &judged.pull,
        &judged.roster.logins,
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
    ))?;
    Ok(review)
}

/// What moved between `shown` and the pull request as it is now (`now`); None when
/// a decision may be recorded on what was shown.
pub fn moved_since(shown: &Judged, now: &Judged) -> Option<Moved> {
    moved(
        (&shown.pull.head_sha, Some(&shown.bound)),
        (&now.pull.head_sha, &now.bound),
    )
}
