//! Where blob ids at an older commit come from, for GitHub approvals made without
//! a block: the local checkout (in `ci`) or the contents API (elsewhere).

use super::RemoteTree;
use crate::approval::binding;
use crate::decide::Bindings;
use crate::github::{GitHub, Repo};
use crate::read::{Source, Workspace};
use crate::short;

pub(crate) use crate::github::is_commit_id;

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
                Ok(entry) => Ok(entry
                    .as_ref()
                    .map(|e| binding(e, snapshot.object_id(path).as_deref()))),
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
        // Read as the head is read, so a binding here equals one made there.
        let tree = RemoteTree::new(self.gh, self.repo, commit, crate::clock());
        paths
            .iter()
            .map(|path| match tree.read(path) {
                Ok(entry) => Ok(entry
                    .as_ref()
                    .map(|e| binding(e, tree.object_id(path).as_deref()))),
                Err(e) => Err(format!("cannot read {path} at {}: {e}", short(commit))),
            })
            .collect()
    }
}
