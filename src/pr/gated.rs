//! The gated files of a pull request as text, before and after: what it changes
//! under `require_change_for` and `risk_floor` globs, which a bar raiser reads
//! beside the change description (office hours' diff stat and `d` key).

use super::{Judged, PullError, RemoteTree, usable};
use crate::github::{GitHub, Repo};
use crate::read::{Entry, Source, Workspace};

/// A gated file the pull request touches, with its text at base and at head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatedFile {
    /// Repository-relative path.
    pub path: String,
    /// Text at the base; None when absent there (added).
    pub before: Option<String>,
    /// Text at the head; None when absent there (deleted).
    pub after: Option<String>,
    /// Why the text is missing where the file exists: "binary", "too large".
    pub unreadable: Option<String>,
}

/// The gated files `judged` touches, read from the local clone when it has both
/// commits, otherwise through the API.
pub fn gated_files(
    gh: &dyn GitHub,
    repo: &Repo,
    judged: &Judged,
    local: Option<&Workspace>,
) -> Result<Vec<GatedFile>, PullError> {
    let policy = &judged.outcome.policy;
    let mut paths: Vec<&str> = judged
        .outcome
        .touched
        .iter()
        .map(|t| t.path.as_str())
        .filter(|p| policy.requires_change(p) || policy.has_floor(p))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let (base, head) = (&judged.pull.base_sha, &judged.pull.head_sha);
    match usable(local, &judged.pull) {
        Some(ws) => {
            let before = ws.at_rev(base).map_err(crate::run::CheckError::from)?;
            let after = ws.at_rev(head).map_err(crate::run::CheckError::from)?;
            Ok(read_all(&paths, &before, &after))
        }
        None => {
            let at = crate::clock();
            let before = RemoteTree::new(gh, repo, base, at);
            let after = RemoteTree::new(gh, repo, head, at);
            let files = read_all(&paths, &before, &after);
            match after.failure().or_else(|| before.failure()) {
                Some(e) => Err(e.into()),
                None => Ok(files),
            }
        }
    }
}

fn read_all(paths: &[&str], before: &dyn Source, after: &dyn Source) -> Vec<GatedFile> {
    paths
        .iter()
        .map(|path| {
            let mut unreadable = None;
            let mut text = |source: &dyn Source| match source.read(path) {
                Ok(Some(Entry::Text { text, .. })) => Some(text),
                Ok(Some(Entry::Rejected { reason, .. })) => {
                    unreadable = Some(reason.to_string());
                    None
                }
                Ok(None) => None,
                Err(e) => {
                    unreadable = Some(e.to_string());
                    None
                }
            };
            let (before, after) = (text(before), text(after));
            GatedFile {
                path: (*path).to_owned(),
                before,
                after,
                unreadable,
            }
        })
        .collect()
}
