//! `barraiser ci`'s pull request: judged in the checkout the workflow made, with the
//! reviews read when a token allows. Without one (a dry run) or when the reviews
//! cannot be read, it is decided with no approvals, and the report says why.

use super::central::ApiCentral;
use super::{
    Judging, LocalBindings, PullError, check_local, reviews_if_in_scope, roster_if_in_scope,
};
use crate::decide::Report;
use crate::github::{self, GitHub, PullEvent, Repo};
use crate::parse::policy::{CentralSource, NoCentral};
use crate::read::Workspace;
use crate::run::Outcome;

/// The gate's pull request, decided.
pub struct Gated {
    /// The check of its content.
    pub outcome: Outcome,
    /// The report with the decision, and any notes and errors about the reviews.
    pub report: Report,
    /// Who has reviewed it so far.
    pub reviewed_by: Vec<String>,
}

/// Checks `event`'s range in `ws` (the checkout) and decides it with its reviews,
/// read through `gh` when there is a client.
pub fn gate(
    ws: &Workspace,
    repo: &Repo,
    event: &PullEvent,
    gh: Option<&dyn GitHub>,
) -> Result<Gated, PullError> {
    // The central policy the base commit's policy extends, if any, is read through the
    // API at the ref the base names: never at one the pull request could pick.
    let no_token = NoCentral(
        "reading it needs the GitHub API, and this dry run has no GITHUB_TOKEN or GH_TOKEN".into(),
    );
    let api = gh.map(ApiCentral::new);
    let central: &dyn CentralSource = match &api {
        Some(api) => api,
        None => &no_token,
    };
    // Time rules are judged now, never at a commit's date (the author sets that).
    let (outcome, bound) = check_local(
        ws,
        &event.base_sha,
        &event.head_sha,
        crate::clock(),
        central,
    )?;
    let reviews = match gh {
        Some(gh) => match reviews_if_in_scope(gh, repo, event.number, &outcome) {
            Ok(reviews) => reviews,
            // Reviews past the page cap could hold the approvals or the changes
            // requested that decide: no verdict, no comment, no status; the missing
            // status keeps the gate shut.
            Err(PullError::GitHub(source @ github::Error::Truncated { .. })) => {
                return Err(PullError::ReviewsTruncated {
                    number: event.number,
                    source,
                });
            }
            // Reviews that cannot be read leave no verdict at all, whatever the risk:
            // even a low-risk pull request may carry a request for changes among them.
            Err(e) => {
                return Err(PullError::Invalid(format!(
                    "cannot decide #{}: its bar-raiser reviews could not be read: {e}",
                    event.number
                )));
            }
        },
        None => Vec::new(),
    };
    let roster = roster_if_in_scope(gh, &outcome);
    let mut judging = Judging {
        outcome: &outcome,
        roster: &roster.logins,
        author: &event.author,
        head_sha: &event.head_sha,
        bound: &bound,
        bindings: &LocalBindings { ws },
        authorship: Default::default(),
    };
    if let Some(gh) = gh {
        judging.read_authorship(gh, repo, event.number, &reviews, None)?;
    }
    let decision = judging.decide(&reviews, None);
    let mut report = decision.report(&outcome.report);
    roster.apply(&decision, &mut report);
    if gh.is_none() && decision.in_scope {
        report
            .notes
            .push("Approvals were not read: no GITHUB_TOKEN or GH_TOKEN in this dry run.".into());
    }
    let mut reviewed_by: Vec<String> = reviews.iter().map(|r| r.author.clone()).collect();
    reviewed_by.dedup();
    Ok(Gated {
        outcome,
        report,
        reviewed_by,
    })
}
