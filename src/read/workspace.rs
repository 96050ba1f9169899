//! Opening a repository (or a plain directory) and resolving revisions.

use std::path::{Path, PathBuf};

use git2::{ErrorClass, ErrorCode, Oid, Repository};

use super::error::{ReadError, is_missing_object, revision_error};
use super::snapshot::Snapshot;

/// A repository or plain directory being checked.
pub struct Workspace {
    root: PathBuf,
    repo: Option<Repository>,
}

/// Where the default branch is looked for when none is configured, in order.
const DEFAULT_BRANCHES: [(&str, &str); 4] = [
    ("refs/heads/main", "main"),
    ("refs/heads/master", "master"),
    ("refs/remotes/origin/main", "origin/main"),
    ("refs/remotes/origin/master", "origin/master"),
];

impl Workspace {
    /// Opens the repository containing `start` (git2 discover). Outside any repository, a plain-directory workspace (only `worktree()` works; git operations give a clear error).
    pub fn discover(start: &Path) -> Result<Self, ReadError> {
        let meta = std::fs::metadata(start).map_err(ReadError::io(start))?;
        let dir = if meta.is_dir() {
            start
        } else {
            match start.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            }
        };
        match Repository::discover(dir) {
            Ok(repo) => {
                // A bare repository has no work tree: its snapshots are git-only.
                let root: PathBuf = repo.workdir().unwrap_or(repo.path()).components().collect();
                Ok(Self {
                    root,
                    repo: Some(repo),
                })
            }
            Err(e) if e.code() == ErrorCode::Owner => Err(ReadError::UnsafeOwner {
                path: owner_path(dir),
            }),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(Self {
                root: dir.components().collect(),
                repo: None,
            }),
            Err(e) => Err(ReadError::Open {
                path: dir.display().to_string(),
                message: e.message().to_owned(),
            }),
        }
    }

    /// The top-level directory of the work tree (or the plain directory).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether this workspace is a git repository.
    pub fn is_git(&self) -> bool {
        self.repo.is_some()
    }

    /// The files on disk as they are now; `time()` is the current time.
    pub fn worktree(&self) -> Snapshot<'_> {
        let dir = match &self.repo {
            Some(repo) if repo.is_bare() => None,
            _ => Some(self.root.as_path()),
        };
        Snapshot::worktree(dir)
    }

    /// The tree of the commit `rev` names; `time()` is that commit's committer time.
    pub fn at_rev(&self, rev: &str) -> Result<Snapshot<'_>, ReadError> {
        let repo = self.repo("reading a revision")?;
        let id = resolve(repo, rev)?;
        Snapshot::at_commit(repo, id, rev)
    }

    /// Default branch: `configured` if given, else refs/remotes/origin/HEAD's target, else the first of main, master, origin/main, origin/master that exists.
    pub fn default_branch(&self, configured: Option<&str>) -> Result<String, ReadError> {
        if let Some(name) = configured.map(str::trim).filter(|name| !name.is_empty()) {
            return Ok(name.to_owned());
        }
        let repo = self.repo("finding the default branch")?;
        if let Ok(head) = repo.find_reference("refs/remotes/origin/HEAD")
            && let Ok(Some(target)) = head.symbolic_target()
            // A dangling origin/HEAD (its branch deleted) falls through to the names.
            && let Ok(branch) = repo.find_reference(target)
            && let Ok(short) = branch.shorthand()
        {
            return Ok(short.to_owned());
        }
        DEFAULT_BRANCHES
            .iter()
            .find(|(full, _)| repo.find_reference(full).is_ok())
            .map(|(_, short)| (*short).to_owned())
            .ok_or_else(|| ReadError::NoDefaultBranch {
                path: self.root.display().to_string(),
            })
    }

    /// The merge base of two revisions, as a snapshot. Shallow clone / missing objects => the clear "fetch more history" error.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Snapshot<'_>, ReadError> {
        let repo = self.repo("finding a merge base")?;
        let shallow = || ReadError::ShallowHistory {
            a: a.to_owned(),
            b: b.to_owned(),
        };
        let (one, two) = (resolve(repo, a)?, resolve(repo, b)?);
        let base = match repo.merge_base(one, two) {
            Ok(base) => base,
            // In a shallow clone the walk stops at the boundary, so "no base" means
            // "not fetched"; in a full clone it means unrelated histories.
            Err(e) if e.code() == ErrorCode::NotFound && e.class() == ErrorClass::Merge => {
                return Err(if repo.is_shallow() {
                    shallow()
                } else {
                    ReadError::NoMergeBase {
                        a: a.to_owned(),
                        b: b.to_owned(),
                    }
                });
            }
            Err(e) if is_missing_object(&e) => return Err(shallow()),
            Err(e) => {
                return Err(ReadError::git(
                    format!("finding the merge base of `{a}` and `{b}`"),
                    None,
                    e,
                ));
            }
        };
        let label = base.to_string();
        Snapshot::at_commit(repo, base, &label).map_err(|e| match e {
            ReadError::MissingObject { .. } => shallow(),
            other => other,
        })
    }

    /// The repository, or the "needs git" error naming `operation`.
    pub(crate) fn repo(&self, operation: &'static str) -> Result<&Repository, ReadError> {
        self.repo.as_ref().ok_or_else(|| ReadError::NotGit {
            path: self.root.display().to_string(),
            operation,
        })
    }
}

/// Resolves `rev` to a commit id.
fn resolve(repo: &Repository, rev: &str) -> Result<Oid, ReadError> {
    if rev.trim().is_empty() {
        return Err(ReadError::InvalidRevision {
            rev: rev.to_owned(),
        });
    }
    let object = repo.revparse_single(rev).map_err(|e| {
        if is_missing_object(&e) {
            ReadError::UnknownRevision {
                rev: rev.to_owned(),
            }
        } else {
            revision_error(rev, &e)
        }
    })?;
    match object.peel_to_commit() {
        Ok(commit) => Ok(commit.id()),
        Err(e) if is_missing_object(&e) => Err(ReadError::git(
            format!("the commit `{rev}` names"),
            Some(object.id()),
            e,
        )),
        Err(_) => Err(ReadError::NotACommit {
            rev: rev.to_owned(),
            kind: object
                .kind()
                .map_or_else(|| "object".to_owned(), |k| k.to_string()),
        }),
    }
}

/// The directory to name in `safe.directory`: the work tree holding the refused repository.
fn owner_path(dir: &Path) -> String {
    // discover_path finds the git dir without opening (and validating) it.
    let found = Repository::discover_path(dir, std::iter::empty::<&Path>()).ok();
    let top = found.map(|git_dir| {
        let git_dir: PathBuf = git_dir.components().collect();
        match git_dir.file_name() {
            Some(name) if name == ".git" => {
                git_dir.parent().map(Path::to_path_buf).unwrap_or(git_dir)
            }
            _ => git_dir,
        }
    });
    top.unwrap_or_else(|| dir.to_path_buf())
        .display()
        .to_string()
}
