//! Which paths changed between two snapshots: tree diffs limited to a prefix, so a
//! large repository costs only the directories asked about.

use git2::{Delta, DiffOptions, Oid, Repository, Tree, TreeEntry};

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
            (Some(old), Some(new)) => return tree_changes(repo, old, new, &under),
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

const MODE_TREE: i32 = 0o040000;

/// Commit-to-commit changes under `under`. Unlike libgit2's diff, which visits every
/// entry of both trees, this skips any subtree whose id is unchanged, so the cost
/// follows the size of the change rather than the size of the repository.
fn tree_changes(
    repo: &Repository,
    old: &Tree<'_>,
    new: &Tree<'_>,
    under: &str,
) -> Result<Vec<String>, ReadError> {
    let mut out = Vec::new();
    if under.is_empty() {
        compare(repo, Some(old), new, "", &mut out)?;
    } else {
        let path = std::path::Path::new(under);
        let Ok(new_entry) = new.get_path(path) else {
            return Ok(out);
        };
        let old_entry = old.get_path(path).ok();
        compare_entry(
            repo,
            old_entry.as_ref(),
            &new_entry,
            under.to_owned(),
            &mut out,
        )?;
    }
    out.sort();
    Ok(out)
}

fn compare(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
    dir: &str,
    out: &mut Vec<String>,
) -> Result<(), ReadError> {
    for entry in new.iter() {
        let name = String::from_utf8_lossy(entry.name_bytes());
        let path = if dir.is_empty() {
            name.into_owned()
        } else {
            format!("{dir}/{name}")
        };
        let before = old.and_then(|old| old.get_name_bytes(entry.name_bytes()));
        compare_entry(repo, before.as_ref(), &entry, path, out)?;
    }
    Ok(())
}

fn compare_entry(
    repo: &Repository,
    old: Option<&TreeEntry<'_>>,
    new: &TreeEntry<'_>,
    path: String,
    out: &mut Vec<String>,
) -> Result<(), ReadError> {
    if let Some(old) = old
        && old.id() == new.id()
        && old.filemode() == new.filemode()
    {
        return Ok(());
    }
    if new.filemode() != MODE_TREE {
        out.push(path);
        return Ok(());
    }
    let new_tree = find_tree(repo, &path, new.id())?;
    let old_tree = match old {
        Some(old) if old.filemode() == MODE_TREE => Some(find_tree(repo, &path, old.id())?),
        _ => None,
    };
    compare(repo, old_tree.as_ref(), &new_tree, &path, out)
}

fn find_tree<'r>(repo: &'r Repository, path: &str, id: Oid) -> Result<Tree<'r>, ReadError> {
    repo.find_tree(id)
        .map_err(|e| ReadError::git(format!("the directory `{path}`"), Some(id), e))
}
