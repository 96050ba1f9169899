//! The JSON shapes GitHub answers with, reduced to the fields the tool reads.

use serde::Deserialize;

use super::{Comment, Review};

/// Who wrote something; `null` for a deleted account.
#[derive(Deserialize)]
pub(super) struct WireUser {
    pub(super) login: String,
}

/// Deleted accounts come back as `null`; GitHub shows them as `ghost`.
pub(super) fn login(user: Option<WireUser>) -> String {
    user.map_or_else(|| "ghost".to_owned(), |u| u.login)
}

/// A comment, and what a review shares with one: who wrote what, and where.
#[derive(Deserialize)]
pub(super) struct WireComment {
    pub(super) id: u64,
    pub(super) body: Option<String>,
    pub(super) user: Option<WireUser>,
    pub(super) html_url: String,
    #[serde(default)]
    pub(super) performed_via_github_app: Option<WireApp>,
}

/// The GitHub App an object was created through.
#[derive(Deserialize)]
pub(super) struct WireApp {
    #[serde(default)]
    pub(super) slug: Option<String>,
}

impl From<WireComment> for Comment {
    fn from(w: WireComment) -> Self {
        Comment {
            id: w.id,
            author: login(w.user),
            body: w.body.unwrap_or_default(),
            html_url: w.html_url,
            app: w.performed_via_github_app.and_then(|a| a.slug),
        }
    }
}

/// A review: a comment with a decision, on a commit, at a time.
#[derive(Deserialize)]
pub(super) struct WireReview {
    #[serde(flatten)]
    pub(super) comment: WireComment,
    pub(super) state: String,
    pub(super) commit_id: Option<String>,
    pub(super) submitted_at: Option<String>,
}

impl From<WireReview> for Review {
    fn from(w: WireReview) -> Self {
        let Comment {
            id,
            author,
            body,
            html_url,
            ..
        } = Comment::from(w.comment);
        Review {
            id,
            author,
            state: w.state,
            body,
            commit_id: w.commit_id.unwrap_or_default(),
            submitted_at: w.submitted_at.unwrap_or_default(),
            html_url,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct WireRef {
    #[serde(rename = "ref")]
    pub(super) name: String,
    pub(super) sha: String,
}

/// A pull request.
#[derive(Deserialize)]
pub(super) struct WirePull {
    pub(super) number: u64,
    pub(super) title: String,
    pub(super) user: Option<WireUser>,
    pub(super) state: String,
    pub(super) draft: Option<bool>,
    pub(super) base: WireRef,
    pub(super) head: WireRef,
    pub(super) html_url: String,
    pub(super) created_at: String,
    pub(super) updated_at: Option<String>,
    pub(super) merged_at: Option<String>,
    pub(super) merge_commit_sha: Option<String>,
    #[serde(default)]
    pub(super) changed_files: Option<u64>,
    /// How many commits it has; only the single-pull read carries it.
    #[serde(default)]
    pub(super) commits: Option<u64>,
}

/// A file a pull request changes (`sha` is absent for some removals).
#[derive(Deserialize)]
pub(super) struct WirePullFile {
    pub(super) filename: String,
    pub(super) status: String,
    pub(super) sha: Option<String>,
    #[serde(default)]
    pub(super) previous_filename: Option<String>,
}

/// One object of the contents API: a file, or an item of a directory listing.
#[derive(Deserialize)]
pub(super) struct WireContent {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) path: String,
    #[serde(default)]
    pub(super) sha: String,
    #[serde(default)]
    pub(super) size: u64,
    pub(super) content: Option<String>,
    pub(super) encoding: Option<String>,
    pub(super) target: Option<String>,
}

/// A commit of a pull request (`GET .../pulls/{n}/commits`).
#[derive(Deserialize)]
pub(super) struct WirePullCommit {
    pub(super) sha: String,
    pub(super) commit: WireCommitData,
    /// The account GitHub matched to the author's email; `null` when none.
    pub(super) author: Option<WireUser>,
    /// The account GitHub matched to the committer's email; `null` when none.
    pub(super) committer: Option<WireUser>,
    #[serde(default)]
    pub(super) parents: Vec<WireParent>,
}

#[derive(Deserialize)]
pub(super) struct WireCommitData {
    pub(super) author: Option<WireGitActor>,
    pub(super) committer: Option<WireGitActor>,
    #[serde(default)]
    pub(super) message: String,
}

#[derive(Deserialize)]
pub(super) struct WireParent {
    pub(super) sha: String,
}

/// A git identity as the commit records it.
#[derive(Deserialize)]
pub(super) struct WireGitActor {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) email: Option<String>,
}
