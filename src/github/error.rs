//! Errors from talking to GitHub. They name the request, never its headers or token.

/// A failed GitHub request, or a client that could not be set up.
///
/// Every variant holds only owned strings already scrubbed of the token, so neither
/// `Display`, `Debug` nor the source chain can reveal it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// GitHub answered with an error status.
    #[error("{method} {path}: HTTP {status}: {message}")]
    Status {
        /// HTTP method.
        method: &'static str,
        /// Request path, without the query.
        path: String,
        /// HTTP status code.
        status: u16,
        /// GitHub's `message`, or the start of the body.
        message: String,
    },
    /// No usable answer: connection failure or timeout.
    #[error("{method} {path}: {reason}")]
    Transport {
        /// HTTP method.
        method: &'static str,
        /// Request path, without the query.
        path: String,
        /// What failed.
        reason: String,
    },
    /// GitHub answered 2xx with a body the tool could not read.
    #[error("{method} {path}: unexpected response: {reason}")]
    Decode {
        /// HTTP method.
        method: &'static str,
        /// Request path, without the query.
        path: String,
        /// What was wrong with the body.
        reason: String,
    },
    /// The client could not be built (bad base URL, runtime failure).
    #[error("GitHub client: {0}")]
    Setup(String),
    /// A list went on past the page cap. Anything decided from the pages read would be
    /// decided on part of the data, so the read fails instead.
    #[error(
        "GET {path}: stopped after {pages} pages of {per_page} and more remain; \
         refusing to decide on a truncated list"
    )]
    Truncated {
        /// Request path, without the query.
        path: String,
        /// Pages read before stopping.
        pages: u32,
        /// Items asked for per page.
        per_page: u32,
    },
    /// GitHub lists at most 3,000 files of a pull request, and this one changes more (or
    /// would not say how many it changes). A verdict on the files listed would miss the rest.
    #[error("{}", files_capped(path, *listed, *total))]
    FilesCapped {
        /// Request path, without the query.
        path: String,
        /// Files GitHub listed.
        listed: usize,
        /// Files the pull request changes, when GitHub said.
        total: Option<u64>,
    },
    /// GitHub lists at most 250 commits of a pull request, and this one has more (or
    /// would not say how many). Who wrote the commits past the cap is unknown, so an
    /// approval cannot be cleared of having written them.
    #[error("{}", commits_capped(path, *listed, *total))]
    CommitsCapped {
        /// Request path, without the query.
        path: String,
        /// Commits GitHub listed.
        listed: usize,
        /// Commits the pull request has, when GitHub said.
        total: Option<u64>,
    },
}

fn commits_capped(path: &str, listed: usize, total: Option<u64>) -> String {
    let total = total.map_or_else(|| format!("more than {listed}"), |t| t.to_string());
    format!(
        "GET {path}: GitHub lists only {listed} of the {total} commits of this pull request; \
         refusing to decide who wrote it on a truncated commit list (squash or split the \
         pull request)"
    )
}

fn files_capped(path: &str, listed: usize, total: Option<u64>) -> String {
    let total = total.map_or_else(|| format!("more than {listed}"), |t| t.to_string());
    format!(
        "GET {path}: GitHub lists only {listed} of the {total} files this pull request changes; \
         refusing to decide on a truncated file list (run from a clone that has the pull \
         request's base and head commits)"
    )
}

impl Error {
    /// The HTTP status, when GitHub answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A 403 for lack of permission (a fork's read-only token), not for a rate limit.
    pub fn is_forbidden(&self) -> bool {
        match self {
            Error::Status {
                status: 403,
                message,
                ..
            } => !message.to_ascii_lowercase().contains("rate limit"),
            _ => false,
        }
    }

    /// The request may or may not have taken effect: a 5xx, or no answer at all.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Status { status, .. } => *status >= 500,
            Error::Transport { .. } => true,
            Error::Decode { .. }
            | Error::Setup(_)
            | Error::Truncated { .. }
            | Error::FilesCapped { .. }
            | Error::CommitsCapped { .. } => false,
        }
    }
}
