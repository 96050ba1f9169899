//! Which paths changed between two snapshots: tree diffs limited to a prefix, so a
//! large repository costs only the directories asked about.

use git2::{Delta, DiffOptions, Oid, Repository, Tree, TreeEntry};

use super::error::ReadError;
use super::path::normalize;
use super::snapshot::Snapshot;
use super::workspace::Workspace;

/// How a path changed between two snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum How {
    /// It is new.
    Added,
    /// Its content or mode changed.
    Modified,
    /// It is gone (a rename away is a deletion of the old path and an addition).
    Deleted,
    /// It changed kind: a file, a symlink, a directory or a submodule became another.
    TypeChanged,
}

/// One path a range touched.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Touched {
    /// Repository-relative, '/'-separated.
    pub path: String,
    /// How it changed.
    pub how: How,
}

impl Touched {
    /// `path` touched `how`.
    pub fn new(path: impl Into<String>, how: How) -> Self {
        Touched {
            path: path.into(),
            how,
        }
    }

    /// Whether the path exists at the newer snapshot (so it can be read there).
    pub fn exists_after(&self) -> bool {
        self.how != How::Deleted
    }
}

impl Workspace {
    /// Repository-relative paths ('/'-separated, sorted) that were added or modified (NOT deleted) going from `from` to `to`, limited to those under the directory prefix `under` ("" = everything). `to` may be the working tree: then staged, unstaged AND untracked (not ignored) files count. Renames count as additions of the new path.
    pub fn changed_paths(
        &self,
        from: &Snapshot<'_>,
        to: &Snapshot<'_>,
        under: &str,
    ) -> Result<Vec<String>, ReadError> {
        let mut paths: Vec<String> = self
            .touched(from, to, under)?
            .into_iter()
            .filter(Touched::exists_after)
            .map(|t| t.path)
            .collect();
        paths.dedup();
        Ok(paths)
    }

    /// Every path that differs going from `from` to `to` under `under` ("" =
    /// everything), with how: additions, modifications, deletions and type changes.
    /// A rename is the deletion of its old path and the addition of its new one; a
    /// directory replaced by a symlink is a type change of the directory's path and
    /// the deletion of every file that was in it. Sorted by path.
    pub fn touched(
        &self,
        from: &Snapshot<'_>,
        to: &Snapshot<'_>,
        under: &str,
    ) -> Result<Vec<Touched>, ReadError> {
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
        let path_of = |file: git2::DiffFile<'_>| {
            let bytes = file.path_bytes()?;
            // Untracked nested repositories come back as `dir/`.
            let bytes = bytes.strip_suffix(b"/").unwrap_or(bytes);
            Some(String::from_utf8_lossy(bytes).into_owned())
        };
        let mut out: Vec<Touched> = Vec::new();
        for delta in diff.deltas() {
            let new = || path_of(delta.new_file());
            let old = || path_of(delta.old_file());
            let found: Vec<(Option<String>, How)> = match delta.status() {
                Delta::Added | Delta::Copied => vec![(new(), How::Added)],
                Delta::Modified | Delta::Conflicted => vec![(new(), How::Modified)],
                Delta::Renamed => vec![(old(), How::Deleted), (new(), How::Added)],
                Delta::Typechange => vec![(new(), How::TypeChanged)],
                Delta::Deleted => vec![(old(), How::Deleted)],
                // Reversed, an untracked file is one the target commit does not have.
                Delta::Untracked if !reversed => vec![(new(), How::Added)],
                Delta::Untracked => vec![(new(), How::Deleted)],
                Delta::Unmodified | Delta::Ignored | Delta::Unreadable => Vec::new(),
            };
            out.extend(
                found
                    .into_iter()
                    .filter_map(|(path, how)| path.map(|p| Touched::new(p, how)))
                    .filter(|t| {
                        under.is_empty()
                            || t.path
                                .strip_prefix(under.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    }),
            );
        }
        out.sort();
        out.dedup();
        Ok(out)
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

/// What an entry is, for telling a type change from an edit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Symlink,
    Submodule,
    Tree,
}

fn kind(entry: &TreeEntry<'_>) -> Kind {
    match entry.filemode() {
        MODE_TREE => Kind::Tree,
        0o120000 => Kind::Symlink,
        0o160000 => Kind::Submodule,
        _ => Kind::File,
    }
}

/// Commit-to-commit changes under `under`. Unlike libgit2's diff, which visits every
/// entry of both trees, this skips any subtree whose id is unchanged, so the cost
/// follows the size of the change rather than the size of the repository.
fn tree_changes(
    repo: &Repository,
    old: &Tree<'_>,
    new: &Tree<'_>,
    under: &str,
) -> Result<Vec<Touched>, ReadError> {
    let mut out = Vec::new();
    if under.is_empty() {
        compare(repo, Some(old), Some(new), "", &mut out)?;
    } else {
        let path = std::path::Path::new(under);
        let old_entry = old.get_path(path).ok();
        let new_entry = new.get_path(path).ok();
        compare_entry(
            repo,
            old_entry.as_ref(),
            new_entry.as_ref(),
            under.to_owned(),
            &mut out,
        )?;
    }
    out.sort();
    Ok(out)
}

fn join(dir: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if dir.is_empty() {
        name.into_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// `dir/name` with every byte of `name` that is not UTF-8 written as `\xNN`, when
/// there is any such byte.
fn escaped(dir: &str, name: &[u8]) -> Option<String> {
    std::str::from_utf8(name).err()?;
    let mut out = String::new();
    let mut rest = name;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                for byte in &bad[..n] {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
                rest = &bad[n..];
            }
        }
    }
    Some(if dir.is_empty() {
        out
    } else {
        format!("{dir}/{out}")
    })
}

fn compare(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    dir: &str,
    out: &mut Vec<Touched>,
) -> Result<(), ReadError> {
    for entry in new.into_iter().flat_map(|t| t.iter()) {
        let before = old.and_then(|old| old.get_name_bytes(entry.name_bytes()));
        let path = join(dir, entry.name_bytes());
        let touched = compare_entry(repo, before.as_ref(), Some(&entry), path, out)?;
        refuse_non_utf8(touched, dir, entry.name_bytes())?;
    }
    for entry in old.into_iter().flat_map(|t| t.iter()) {
        if new.is_none_or(|new| new.get_name_bytes(entry.name_bytes()).is_none()) {
            let path = join(dir, entry.name_bytes());
            let touched = compare_entry(repo, Some(&entry), None, path, out)?;
            refuse_non_utf8(touched, dir, entry.name_bytes())?;
        }
    }
    Ok(())
}

/// A touched name that is not UTF-8 is an error, never a lossy match: its lossy form
/// could match a gated glob or miss it, and could not be read back to bind it.
fn refuse_non_utf8(touched: bool, dir: &str, name: &[u8]) -> Result<(), ReadError> {
    match escaped(dir, name) {
        Some(path) if touched => Err(ReadError::NonUtf8Path { path }),
        _ => Ok(()),
    }
}

fn compare_entry(
    repo: &Repository,
    old: Option<&TreeEntry<'_>>,
    new: Option<&TreeEntry<'_>>,
    path: String,
    out: &mut Vec<Touched>,
) -> Result<bool, ReadError> {
    if let (Some(old), Some(new)) = (old, new)
        && old.id() == new.id()
        && old.filemode() == new.filemode()
    {
        return Ok(false);
    }
    let old_kind = old.map(kind);
    let new_kind = new.map(kind);
    // The entry itself, when it is not a directory on either side, or changes kind.
    let how = match (old_kind, new_kind) {
        (None, Some(Kind::Tree))
        | (Some(Kind::Tree), None)
        | (Some(Kind::Tree), Some(Kind::Tree)) => None,
        (None, Some(_)) => Some(How::Added),
        (Some(_), None) => Some(How::Deleted),
        (Some(a), Some(b)) if a == b => Some(How::Modified),
        (Some(_), Some(_)) => Some(How::TypeChanged),
        (None, None) => None,
    };
    if let Some(how) = how {
        out.push(Touched::new(path.clone(), how));
    }
    let tree_of = |entry: Option<&TreeEntry<'_>>| match entry {
        Some(e) if kind(e) == Kind::Tree => find_tree(repo, &path, e.id()).map(Some),
        _ => Ok(None),
    };
    let old_tree = tree_of(old)?;
    let new_tree = tree_of(new)?;
    if old_tree.is_some() || new_tree.is_some() {
        compare(repo, old_tree.as_ref(), new_tree.as_ref(), &path, out)?;
    }
    Ok(true)
}

fn find_tree<'r>(repo: &'r Repository, path: &str, id: Oid) -> Result<Tree<'r>, ReadError> {
    repo.find_tree(id)
        .map_err(|e| ReadError::git(format!("the directory `{path}`"), Some(id), e))
}
