//! Who may record a bar-raiser decision on a pull request: refused before anything is sent.

use crate::approval::Action;
use crate::github::{PullRequest, Repo};

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
    /// The caller wrote a commit of the pull request that changes what is approved.
    #[error(
        "{login} {wrote}, in {repo}#{number}; a bar raiser cannot approve what they wrote. Ask another bar raiser."
    )]
    Wrote {
        /// The caller.
        login: String,
        /// The repository.
        repo: String,
        /// The pull request.
        number: u64,
        /// What they wrote ([`crate::decide::Contribution`]'s text).
        wrote: String,
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

/// Whether `login` may record `action` on `pull`, judged by the base commit's `roster`.
pub fn may_record(
    repo: &Repo,
    pull: &PullRequest,
    roster: &[String],
    login: &str,
    action: Action,
    note: Option<&str>,
) -> Result<(), Refusal> {
    if action == Action::RequestChanges && note.is_none_or(|n| n.trim().is_empty()) {
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
