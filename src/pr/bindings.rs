//! Where blob ids at an older commit come from, for GitHub approvals made without
//! a block: the local checkout (in `ci`) or the contents API (elsewhere).

use crate::decide::Bindings;
use crate::github::{Contents, GitHub, Repo};
use crate::read::{Entry, Workspace};
use crate::short;

/// Whether `sha` looks like a full commit id, so nothing else reaches a rev parser or a URL.
pub(crate) fn is_commit_id(sha: &str) -> bool {
    (40..=64).contains(&sha.len()) && sha.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Blob ids from the local repository.
pub struct LocalBindings<'w> {
    /// The checkout.
    pub ws: &'w Workspace,
}

impl Bindings for LocalBindings<'_> {
    fn blobs_at(&self, commit: &str, paths: &[String]) -> Result<Vec<Option<String>>, String> {
        if !is_commit_id(commit) {
            return Err("the review names no commit".into());
        }
        let snapshot = self.ws.at_rev(commit).map_err(|_| {
            format!(
                "commit {} is not in this checkout; fetch the pull request's full history (actions/checkout with `fetch-depth: 0`)",
                short(commit)
            )
        })?;
        paths
            .iter()
            .map(|path| match snapshot.read(path) {
                Ok(Some(Entry::Text { blob, .. })) => Ok(Some(blob)),
                // Not readable then, readable now: content differs either way.
                Ok(Some(Entry::Rejected { reason, .. })) => Ok(Some(format!("({reason})"))),
                Ok(None) => Ok(None),
                Err(e) => Err(e.to_string()),
            })
            .collect()
    }
}

/// Blob ids through the contents API.
pub struct RemoteBindings<'g> {
    /// The API.
    pub gh: &'g dyn GitHub,
    /// The repository.
    pub repo: &'g Repo,
}

impl Bindings for RemoteBindings<'_> {
    fn blobs_at(&self, commit: &str, paths: &[String]) -> Result<Vec<Option<String>>, String> {
        if !is_commit_id(commit) {
            return Err("the review names no commit".into());
        }
        paths
            .iter()
            .map(|path| match self.gh.get_contents(self.repo, path, commit) {
                Ok(Some(Contents::File {
                    content: Some(bytes),
                    ..
                })) => Ok(git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
                    .map(|id| Some(id.to_string()))
                    .unwrap_or(None)),
                Ok(Some(Contents::File { blob, .. })) => Ok(Some(blob)),
                Ok(Some(_)) => Ok(Some("(not a file)".into())),
                Ok(None) => Ok(None),
                Err(e) => Err(format!("cannot read {path} at {}: {e}", short(commit))),
            })
            .collect()
    }
}
