//! Which paths changed between two snapshots: tree diffs limited to a prefix, so a
//! large repository costs only the directories asked about.

use git2::{Delta, DiffOptions};

use super::error::ReadError;
use super::path::normalize;
use super::snapshot::Snapshot;
use super::workspace::Workspace;

impl Workspace {
    /// Repository-relative paths ('/'-separated, sorted) that were added or modified (NOT deleted) going from `from` to `to`, limited to those under the directory prefix `under` ("" = everything). `to` may be the working tree: then staged, unstaged AND untracked (not ignored) files count. Renames count as additions of the new path.
    pub fn changed_paths(
        &self,
        from: &Snapshot<'_>,
        to: &Snapshot<'_>,
        under: &str,
    ) -> Result<Vec<String>, ReadError> {
        let repo = self.repo("listing changed files")?;
        let under = normalize(under).ok_or_else(|| ReadError::OutsideRoot {
            path: under.to_owned(),
        })?;
        let mut opts = DiffOptions::new();
        // Only names are wanted: never read contents to decide binary-ness.
        opts.skip_binary_check(true);
        if !under.is_empty() {
            // Literal, so a directory named `a*` is not a glob.
            opts.pathspec(under.as_str()).disable_pathspec_match(true);
        }
        let action = || format!("comparing {} with {}", from.label(), to.label());
        let (diff, reversed) = match (from.tree(), to.tree()) {
            (Some(old), Some(new)) => (
                repo.diff_tree_to_tree(Some(old), Some(new), Some(&mut opts)),
                false,
            ),
            (Some(old), None) => {
                worktree_options(&mut opts);
                (
                    repo.diff_tree_to_workdir_with_index(Some(old), Some(&mut opts)),
                    false,
                )
            }
            (None, Some(new)) => {
                worktree_options(&mut opts);
                opts.reverse(true);
                (
                    repo.diff_tree_to_workdir_with_index(Some(new), Some(&mut opts)),
                    true,
                )
            }
            (None, None) => return Ok(Vec::new()),
        };
        let diff = diff.map_err(|e| ReadError::git(action(), None, e))?;
        let mut paths: Vec<String> = diff
            .deltas()
            .filter(|delta| match delta.status() {
                Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied => true,
                Delta::Typechange | Delta::Conflicted => true,
                // Reversed, an untracked file is one the target commit does not have.
                Delta::Untracked => !reversed,
                Delta::Deleted | Delta::Unmodified | Delta::Ignored | Delta::Unreadable => false,
            })
            .filter_map(|delta| {
                let bytes = delta.new_file().path_bytes()?;
                // Untracked nested repositories come back as `dir/`.
                let bytes = bytes.strip_suffix(b"/").unwrap_or(bytes);
                Some(String::from_utf8_lossy(bytes).into_owned())
            })
            .filter(|path| {
                under.is_empty()
                    || path
                        .strip_prefix(under.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .collect();
        paths.sort();
        paths.dedup();
        Ok(paths)
    }
}

fn worktree_options(opts: &mut DiffOptions) {
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        // Submodules are other repositories: never opened to see if they are dirty.
        .ignore_submodules(true);
}
