//! `barraiser ci`: the pull-request gate inside GitHub Actions.

use anyhow::Context;
use barraiser::approval;
use barraiser::check::{Request, Selection};
use barraiser::github::{CiEnv, Client, ClientConfig, Delivery, deliver};
use barraiser::pull::{self, LocalBindings, Subject};
use barraiser::read::Workspace;
use barraiser::render::{self, Format, LinkBase, RenderOptions, Templates};
use barraiser::{InputError, gate};

use super::{cwd, emit};

/// Arguments of `barraiser ci`.
#[derive(Debug, clap::Args)]
pub struct CiArgs {
    /// Print the comment, status and annotations instead of sending them.
    #[arg(long)]
    dry_run: bool,
}

fn headline(report: &barraiser::Report, needed: u32, valid: u32) -> String {
    let blockers: usize = report
        .changes
        .iter()
        .map(|c| c.count(barraiser::Severity::Blocker))
        .sum();
    match report.verdict {
        barraiser::Verdict::Blocked => format!(
            "blocked: {blockers} blocker(s) in {} change description(s)",
            report.changes.len()
        ),
        barraiser::Verdict::NeedsApproval => {
            format!("checks pass; {valid} of {needed} bar-raiser approval(s)")
        }
        barraiser::Verdict::Approved => {
            format!("approved: checks pass with {valid} of {needed} bar-raiser approval(s)")
        }
        barraiser::Verdict::NotRequired => "no change description needed".into(),
        barraiser::Verdict::Pass => "checks pass".into(),
    }
}

fn missing_token(env: &CiEnv) -> anyhow::Error {
    env.require_token().err().map_or_else(
        || anyhow::anyhow!("GITHUB_TOKEN (or GH_TOKEN) is not set"),
        anyhow::Error::from,
    )
}

/// Sets the action's step outputs; a verdict that errors made unreliable is not one.
fn outputs(env: &CiEnv, report: &barraiser::Report, comment_url: Option<&str>) {
    let verdict = if report.errors.is_empty() {
        report.verdict.to_string()
    } else {
        "error".to_owned()
    };
    let text = match comment_url.filter(|u| !u.contains(['\n', '\r'])) {
        Some(url) => format!("verdict={verdict}\ncomment-url={url}\n"),
        None => format!("verdict={verdict}\n"),
    };
    if let Some(path) = &env.output
        && let Err(e) = append_file(path, &text)
    {
        super::warn(&format!(
            "cannot write step outputs to {}: {e}",
            path.display()
        ));
    }
}

fn append_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Runs the gate; returns the exit code.
pub fn run(args: CiArgs) -> anyhow::Result<u8> {
    let env = CiEnv::from_env()?;
    let cwd = cwd()?;
    let ws = Workspace::discover(&cwd).context("cannot open the checked-out repository")?;
    let request = Request {
        selection: Selection::Changed,
        rev: None,
        range: Some((env.event.base_sha.clone(), env.event.head_sha.clone())),
    };
    let outcome = barraiser::check::run(&ws, &request, &cwd)
        .with_context(|| format!("checking {}...{}", env.event.base_sha, env.event.head_sha))?;
    let head = ws
        .at_rev(&env.event.head_sha)
        .context("cannot read the head commit")?;
    let bound = approval::bound_files(&outcome, &|p| pull::blob_of(&head, p));
    // Only --dry-run may run without a token; it then judges no reviews.
    let client = match &env.token {
        Some(token) => Some(
            Client::new(token.clone(), ClientConfig::new(env.api_url.clone()))
                .context("cannot set up the GitHub client")?,
        ),
        None if args.dry_run => None,
        None => return Err(missing_token(&env)),
    };
    let subject = Subject {
        repo: &env.repo,
        number: env.event.number,
        author: &env.event.author,
        head_sha: &env.event.head_sha,
        cutoff: None,
    };
    let bindings = LocalBindings { ws: &ws };
    let judged = match &client {
        Some(client) => pull::decide(client, &subject, &outcome, &bound, &bindings)
            .map(|(judgement, _)| judgement),
        None => Ok(approval::judge(
            &outcome,
            &[],
            &approval::Context {
                roster: &outcome.policy.bar_raisers,
                author: subject.author,
                head_sha: subject.head_sha,
                head: &bound,
            },
            &bindings,
        )),
    };
    let (mut report, needed, valid) = match judged {
        Ok(j) => (j.report, j.needed, j.valid),
        // Reviews past the page cap could hold the approvals or the changes requested that
        // decide: no verdict, no comment, no status; the missing status keeps the gate shut.
        Err(e @ pull::PullError::GitHub(barraiser::github::Error::Truncated { .. })) => {
            return Err(anyhow::Error::new(e).context(format!(
                "cannot decide #{}: its reviews were not all read",
                env.event.number
            )));
        }
        Err(e) => {
            let mut report = outcome.report.clone();
            let needed = gate::required_approvals(&outcome);
            report.verdict = gate::decide(&outcome.report, gate::in_scope(&outcome), needed, 0);
            report.approvals_needed = Some(needed);
            report.errors.push(InputError {
                path: format!("reviews of #{}", env.event.number),
                line: 0,
                column: 0,
                message: format!("cannot read the bar-raiser approvals: {e}"),
            });
            (report, needed, 0)
        }
    };
    if client.is_none() && gate::in_scope(&outcome) {
        report
            .notes
            .push("Approvals were not read: no GITHUB_TOKEN or GH_TOKEN in this dry run.".into());
    }
    let templates = Templates::new(outcome.templates.clone())
        .context("invalid template override in .barraiser/templates (base commit)")?;
    let links = LinkBase {
        server_url: env.server_url.clone(),
        repo: env.repo.to_string(),
        sha: env.event.head_sha.clone(),
    };
    let opts = RenderOptions {
        color: false,
        templates: &templates,
        links: Some(&links),
    };
    let comment = render::comment(&report, &opts)?;
    let summary = render::render(&report, Format::Markdown, &opts)?;
    let annotations = render::render(&report, Format::Github, &opts)?;
    let line = headline(&report, needed, valid);
    let delivery = Delivery {
        verdict: report.verdict,
        headline: &line,
        comment_body: &comment,
        summary: &summary,
        annotations: &annotations,
    };
    if args.dry_run {
        let plan = barraiser::github::ci::plan(&env, &delivery);
        emit(&format!(
            "--- comment on {}#{} ---\n{}\n--- status `barraiser` on {}: {:?}: {} ---\n--- annotations ---\n{}",
            plan.repo,
            plan.pr,
            plan.comment_body,
            plan.head_sha,
            plan.status.state,
            plan.status.description,
            plan.annotations
        ))?;
        outputs(&env, &report, None);
        return Ok(report.exit_code());
    }
    let Some(client) = client else {
        return Err(missing_token(&env));
    };
    emit(&annotations)?;
    let outcome = deliver(&client, &env, &delivery, false);
    let comment_url = outcome
        .comment
        .as_ref()
        .map(|c| c.comment().html_url.as_str());
    outputs(&env, &report, comment_url);
    for warning in &outcome.warnings {
        // Workflow-command data escaping, as the Actions toolkit does it.
        let data = warning
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        emit(&format!("::warning title=barraiser::{data}\n"))?;
    }
    for failure in &outcome.failures {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("error: {failure}");
        }
    }
    Ok(if report.errors.is_empty() {
        outcome.exit_code(report.verdict)
    } else {
        2
    })
}
