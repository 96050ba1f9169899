//! A [`Source`] over GitHub's contents API, so a bar raiser can review a pull
//! request from any directory. Reads are cached; blob ids are computed from the
//! bytes, exactly as git would, so they match a local checkout's.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::github::{Contents, Error, GitHub, Repo};
use crate::read::{
    Entry, Files, MAX_TEXT_BYTES, ReadError, Rejection, Source, classify, normalize,
};

/// The tree of one commit, read through the API.
pub struct RemoteTree<'g> {
    gh: &'g dyn GitHub,
    repo: Repo,
    sha: String,
    time: jiff::Timestamp,
    cache: RefCell<HashMap<String, Option<Contents>>>,
    failures: RefCell<Vec<Error>>,
}

impl<'g> RemoteTree<'g> {
    /// The tree of commit `sha`, judged at `time`.
    pub fn new(gh: &'g dyn GitHub, repo: &Repo, sha: &str, time: jiff::Timestamp) -> Self {
        Self {
            gh,
            repo: repo.clone(),
            sha: sha.to_owned(),
            time,
            cache: RefCell::new(HashMap::new()),
            failures: RefCell::new(Vec::new()),
        }
    }

    /// The first request that failed inside [`Files::exists`], which cannot report it.
    pub fn failure(&self) -> Option<Error> {
        self.failures.borrow().first().cloned()
    }

    fn contents(&self, path: &str) -> Result<Option<Contents>, Error> {
        if let Some(hit) = self.cache.borrow().get(path) {
            return Ok(hit.clone());
        }
        let found = self.gh.get_contents(&self.repo, path, &self.sha)?;
        self.cache
            .borrow_mut()
            .insert(path.to_owned(), found.clone());
        Ok(found)
    }

    fn fail(&self, path: &str, e: &Error) -> ReadError {
        ReadError::Git {
            action: format!(
                "reading `{path}` at {} through the GitHub API",
                self.label()
            ),
            message: e.to_string(),
        }
    }

    fn entry(&self, path: &str, found: Contents) -> Entry {
        let rejected = |reason| Entry::Rejected {
            path: path.to_owned(),
            reason,
        };
        match found {
            Contents::Dir(_) => rejected(Rejection::Directory),
            Contents::Symlink { target } => rejected(Rejection::Symlink(target)),
            Contents::Submodule { .. } => rejected(Rejection::Submodule),
            Contents::File { size, .. } if size > MAX_TEXT_BYTES => {
                rejected(Rejection::TooLarge(size))
            }
            Contents::File { content, blob, .. } => {
                let bytes = content.unwrap_or_default();
                let id = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
                    .map(|id| id.to_string())
                    .unwrap_or(blob);
                classify(path.to_owned(), &bytes, id)
            }
        }
    }
}

impl Files for RemoteTree<'_> {
    fn exists(&self, path: &str) -> bool {
        let Some(rel) = normalize(path) else {
            return false;
        };
        match self.contents(&rel) {
            Ok(found) => found.is_some(),
            Err(e) => {
                // Saying "missing" on a network error would invent a finding; the
                // caller reports the failure instead.
                self.failures.borrow_mut().push(e);
                true
            }
        }
    }

    fn label(&self) -> String {
        crate::short(&self.sha)
    }
}

impl Source for RemoteTree<'_> {
    fn object_id(&self, path: &str) -> Option<String> {
        match self.contents(&normalize(path)?).ok()?? {
            Contents::File { blob, .. } => Some(blob),
            Contents::Submodule { commit } => Some(commit),
            _ => None,
        }
    }

    fn read(&self, path: &str) -> Result<Option<Entry>, ReadError> {
        let rel = normalize(path).ok_or_else(|| ReadError::OutsideRoot {
            path: path.to_owned(),
        })?;
        if rel.is_empty() {
            return Ok(Some(Entry::Rejected {
                path: rel,
                reason: Rejection::Directory,
            }));
        }
        match self.contents(&rel) {
            Ok(found) => Ok(found.map(|f| self.entry(&rel, f))),
            Err(e) => Err(self.fail(&rel, &e)),
        }
    }

    fn list_dir(&self, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError> {
        let rel = normalize(dir).ok_or_else(|| ReadError::OutsideRoot {
            path: dir.to_owned(),
        })?;
        let items = match self.contents(&rel) {
            Ok(None) => return Ok(Vec::new()),
            Ok(Some(Contents::Dir(items))) => items,
            Ok(Some(_)) => {
                return Err(ReadError::NotADirectory {
                    path: rel,
                    snapshot: self.label(),
                    what: "is not a directory".into(),
                });
            }
            Err(e) => return Err(self.fail(&rel, &e)),
        };
        let mut entries = Vec::new();
        for item in items.iter().filter(|i| i.name.ends_with(suffix)) {
            let entry = match item.kind.as_str() {
                "dir" => Entry::Rejected {
                    path: item.path.clone(),
                    reason: Rejection::Directory,
                },
                "submodule" => Entry::Rejected {
                    path: item.path.clone(),
                    reason: Rejection::Submodule,
                },
                _ => match self.read(&item.path)? {
                    Some(entry) => entry,
                    None => continue,
                },
            };
            entries.push(entry);
        }
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(entries)
    }

    fn time(&self) -> jiff::Timestamp {
        self.time
    }
}
