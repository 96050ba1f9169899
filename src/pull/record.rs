//! Recording a bar-raiser decision as a pull-request review bound to the content at head.

use super::Judged;
use crate::approval::{Block, Decision, review_body};
use crate::github::{self, GitHub, Repo, Review, ReviewEvent};

/// Why a decision is refused before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The caller wrote the pull request.
    #[error(
        "{login} opened {repo}#{number}; the author cannot approve or reject their own change. Ask another bar raiser."
    )]
    Author {
        /// The caller.
        login: String,
        /// The repository.
        repo: String,
        /// The pull request.
        number: u64,
    },
    /// The caller is not in the base commit's roster.
    #[error(
        "{login} is not a bar raiser for {repo}#{number}: the base commit's .barraiser.yaml lists {roster}. A roster added by the pull request itself does not count."
    )]
    NotInRoster {
        /// The caller.
        login: String,
        /// The repository.
        repo: String,
        /// The pull request.
        number: u64,
        /// The roster, for the message.
        roster: String,
    },
    /// The pull request is closed.
    #[error("{repo}#{number} is {state}; decisions are recorded on open pull requests only")]
    NotOpen {
        /// The repository.
        repo: String,
        /// The pull request.
        number: u64,
        /// Its state.
        state: String,
    },
    /// `request-changes` without a note.
    #[error("request-changes needs a note saying what to change (--note)")]
    NoteRequired,
}

/// Whether `login` may record `decision` on the judged pull request.
pub fn may_decide(
    judged: &Judged,
    repo: &Repo,
    login: &str,
    decision: Decision,
    note: Option<&str>,
) -> Result<(), Refusal> {
    let pull = &judged.pull;
    if decision == Decision::RequestChanges && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::NoteRequired);
    }
    if pull.state != "open" {
        return Err(Refusal::NotOpen {
            repo: repo.to_string(),
            number: pull.number,
            state: pull.state.clone(),
        });
    }
    if pull.author.eq_ignore_ascii_case(login) {
        return Err(Refusal::Author {
            login: login.to_owned(),
            repo: repo.to_string(),
            number: pull.number,
        });
    }
    let roster = &judged.outcome.policy.bar_raisers;
    if !roster.iter().any(|r| r.eq_ignore_ascii_case(login)) {
        return Err(Refusal::NotInRoster {
            login: login.to_owned(),
            repo: repo.to_string(),
            number: pull.number,
            roster: if roster.is_empty() {
                "no bar raisers".to_owned()
            } else {
                format!("bar_raisers: [{}]", roster.join(", "))
            },
        });
    }
    Ok(())
}

/// Posts the review: the decision, bound to the files at head by the block, on the head commit.
pub fn record(
    gh: &dyn GitHub,
    repo: &Repo,
    judged: &Judged,
    decision: Decision,
    note: Option<&str>,
) -> Result<Review, github::Error> {
    let block = Block::new(&judged.pull.head_sha, judged.bound.clone(), note);
    let event = match decision {
        Decision::Approve => ReviewEvent::Approve,
        Decision::RequestChanges => ReviewEvent::RequestChanges,
    };
    gh.create_review(
        repo,
        judged.pull.number,
        event,
        &review_body(decision, &block),
        Some(&judged.pull.head_sha),
    )
}
