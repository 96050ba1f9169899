//! `barraiser approve` and `barraiser request-changes`: record a bar-raiser decision
//! as a pull-request review bound to the change descriptions at head.

use anyhow::Context;
use barraiser::Verdict;
use barraiser::approval::Decision;
use barraiser::github::{Client, GitHub, Repo};
use barraiser::pull::{self, Judged};

use super::{api, emit};

/// Arguments of `barraiser approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The repository, owner/name.
    #[arg(long, value_name = "OWNER/NAME")]
    repo: String,
    /// The pull request number.
    #[arg(long, value_name = "N")]
    pr: u64,
    /// A note for the author and the minutes.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

/// Arguments of `barraiser request-changes`.
#[derive(Debug, clap::Args)]
pub struct RequestChangesArgs {
    /// The repository, owner/name.
    #[arg(long, value_name = "OWNER/NAME")]
    repo: String,
    /// The pull request number.
    #[arg(long, value_name = "N")]
    pr: u64,
    /// What to change (required).
    #[arg(long, value_name = "TEXT")]
    note: String,
}

/// Runs `approve`.
pub fn approve(args: ApproveArgs) -> anyhow::Result<u8> {
    let repo = api::repo(&args.repo)?;
    let client = api::client()?;
    decide(
        &client,
        &repo,
        args.pr,
        Decision::Approve,
        args.note.as_deref(),
    )
}

/// Runs `request-changes`.
pub fn request_changes(args: RequestChangesArgs) -> anyhow::Result<u8> {
    let repo = api::repo(&args.repo)?;
    let client = api::client()?;
    decide(
        &client,
        &repo,
        args.pr,
        Decision::RequestChanges,
        Some(&args.note),
    )
}

/// Judges the pull request, refuses what the caller may not do, records the decision.
pub fn decide(
    client: &Client,
    repo: &Repo,
    number: u64,
    decision: Decision,
    note: Option<&str>,
) -> anyhow::Result<u8> {
    let login = client
        .viewer_login()
        .context("cannot tell who the token belongs to (GET /user); use your own token, not an Actions token")?;
    let pull = client
        .get_pull(repo, number)
        .with_context(|| format!("cannot read {repo}#{number}"))?;
    let local = api::local();
    let judged = pull::judge(client, repo, pull, local.as_ref())
        .with_context(|| format!("cannot judge {repo}#{number}"))?;
    record(client, repo, &judged, &login, decision, note)?;
    Ok(0)
}

/// Records a decision on an already judged pull request and says what it did.
pub fn record(
    client: &Client,
    repo: &Repo,
    judged: &Judged,
    login: &str,
    decision: Decision,
    note: Option<&str>,
) -> anyhow::Result<()> {
    pull::may_decide(judged, repo, login, decision, note)?;
    let review = pull::record(client, repo, judged, decision, note)
        .with_context(|| format!("cannot record the review on {repo}#{}", judged.pull.number))?;
    let files: Vec<String> = judged
        .bound
        .iter()
        .map(|f| format!("{} ({})", f.path, short(&f.blob)))
        .collect();
    let what = match decision {
        Decision::Approve => "Approved",
        Decision::RequestChanges => "Requested changes to",
    };
    let mut text = format!(
        "{what} {repo}#{} at {} as {login}: {}\n{}\n",
        judged.pull.number,
        short(&judged.pull.head_sha),
        if files.is_empty() {
            "no change description".to_owned()
        } else {
            files.join(", ")
        },
        review.html_url
    );
    let report = &judged.judgement.report;
    if decision == Decision::Approve {
        if report.verdict == Verdict::Blocked {
            text.push_str("note: the checks are blocked; the verdict stays blocked until the blockers are fixed.\n");
        }
        let already = report
            .approvals
            .iter()
            .any(|a| a.state == "valid" && a.reviewer.eq_ignore_ascii_case(login));
        let after = judged.judgement.valid + u32::from(!already);
        if report.verdict == Verdict::NeedsApproval && after < judged.judgement.needed {
            text.push_str(&format!(
                "{after} of {} valid approvals once counted; {} more needed.\n",
                judged.judgement.needed,
                judged.judgement.needed - after
            ));
        }
    }
    emit(&text)
}

/// The first seven characters of a commit or blob id.
fn short(id: &str) -> String {
    id.chars().take(7).collect()
}
