//! Reading from the working tree on disk. Links are never followed: every component
//! is looked at with `symlink_metadata`, so a link anywhere on the way is reported,
//! and nested repositories count as submodules, as they would at a revision.

use std::fs::{self, Metadata};
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::content::{classify, join, rejected, sort};
use super::error::ReadError;
use super::{Entry, MAX_TEXT_BYTES, Rejection};

/// What a path names on disk.
enum Found {
    Missing,
    Root,
    Entry(PathBuf, Metadata),
    /// The path goes through a link or a nested repository, never followed.
    Through(Rejection),
}

pub(crate) fn read(root: &Path, rel: &str) -> Result<Option<Entry>, ReadError> {
    match lookup(root, rel)? {
        Found::Missing => Ok(None),
        Found::Root => Ok(rejected(rel, Rejection::Directory)),
        Found::Through(reason) => Ok(rejected(rel, reason)),
        Found::Entry(full, meta) => entry_at(&full, rel.to_owned(), &meta),
    }
}

pub(crate) fn list_dir(root: &Path, dir: &str, suffix: &str) -> Result<Vec<Entry>, ReadError> {
    let not_dir = |what: String| ReadError::NotADirectory {
        path: dir.to_owned(),
        snapshot: "the working tree".to_owned(),
        what,
    };
    let full = match lookup(root, dir)? {
        Found::Missing => return Ok(Vec::new()),
        Found::Root => root.to_path_buf(),
        Found::Through(reason) => return Err(not_dir(reason.to_string())),
        Found::Entry(full, meta) => match kind(&full, &meta)? {
            Kind::Dir => full,
            Kind::Link(target) => return Err(not_dir(Rejection::Symlink(target).to_string())),
            Kind::Repo => return Err(not_dir(Rejection::Submodule.to_string())),
            Kind::File | Kind::Special => {
                return Err(not_dir("is a file, not a directory".to_owned()));
            }
        },
    };
    let children = match fs::read_dir(&full) {
        Ok(children) => children,
        // Removed between the check and the listing: as good as missing.
        Err(e) if is_absent(&e) => return Ok(Vec::new()),
        Err(e) => {
            return Err(ReadError::Io {
                path: full.display().to_string(),
                source: e,
            });
        }
    };
    let mut entries = Vec::new();
    for child in children {
        let child = child.map_err(ReadError::io(&full))?;
        let name = child.file_name();
        if !name.as_bytes().ends_with(suffix.as_bytes()) || name == ".git" {
            continue;
        }
        let Some(name) = name.to_str() else {
            entries.push(Entry::Rejected {
                path: join(dir, &name.to_string_lossy()),
                reason: Rejection::NonUtf8Name,
            });
            continue;
        };
        let path = child.path();
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if is_absent(&e) => continue,
            Err(e) => {
                return Err(ReadError::Io {
                    path: path.display().to_string(),
                    source: e,
                });
            }
        };
        if let Some(entry) = entry_at(&path, join(dir, name), &meta)? {
            entries.push(entry);
        }
    }
    sort(&mut entries);
    Ok(entries)
}

pub(crate) fn exists(root: &Path, rel: &str) -> bool {
    matches!(lookup(root, rel), Ok(Found::Root | Found::Entry(..)))
}

/// Walks `rel` one component at a time without following links.
fn lookup(root: &Path, rel: &str) -> Result<Found, ReadError> {
    if rel.is_empty() {
        return Ok(Found::Root);
    }
    let mut full = root.to_path_buf();
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        // Git never tracks `.git`, so it does not exist at a revision either.
        if part == ".git" {
            return Ok(Found::Missing);
        }
        full.push(part);
        let meta = match fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(e) if is_absent(&e) => return Ok(Found::Missing),
            Err(e) => {
                return Err(ReadError::Io {
                    path: full.display().to_string(),
                    source: e,
                });
            }
        };
        if parts.peek().is_none() {
            return Ok(Found::Entry(full, meta));
        }
        match kind(&full, &meta)? {
            Kind::Dir => {}
            Kind::Link(target) => return Ok(Found::Through(Rejection::Symlink(target))),
            Kind::Repo => return Ok(Found::Through(Rejection::Submodule)),
            Kind::File | Kind::Special => return Ok(Found::Missing),
        }
    }
    Ok(Found::Missing)
}

enum Kind {
    File,
    Dir,
    Repo,
    Link(String),
    Special,
}

fn kind(full: &Path, meta: &Metadata) -> Result<Kind, ReadError> {
    let kind = meta.file_type();
    Ok(if kind.is_symlink() {
        let target = fs::read_link(full).map_err(ReadError::io(full))?;
        Kind::Link(target.to_string_lossy().into_owned())
    } else if kind.is_dir() {
        // A `.git` file or directory inside marks a submodule or a nested clone.
        if fs::symlink_metadata(full.join(".git")).is_ok() {
            Kind::Repo
        } else {
            Kind::Dir
        }
    } else if kind.is_file() {
        Kind::File
    } else {
        Kind::Special
    })
}

/// Reads one file as text or a rejection; None if it vanished meanwhile.
fn entry_at(full: &Path, path: String, meta: &Metadata) -> Result<Option<Entry>, ReadError> {
    let rejected = |reason| {
        Ok(Some(Entry::Rejected {
            path: path.clone(),
            reason,
        }))
    };
    match kind(full, meta)? {
        Kind::Link(target) => return rejected(Rejection::Symlink(target)),
        Kind::Repo => return rejected(Rejection::Submodule),
        Kind::Dir => return rejected(Rejection::Directory),
        // Opening a FIFO would block forever, so it is rejected before any open.
        Kind::Special => return rejected(Rejection::Special),
        Kind::File => {}
    }
    if meta.len() > MAX_TEXT_BYTES {
        return rejected(Rejection::TooLarge(meta.len()));
    }
    let mut file = match fs::File::open(full) {
        Ok(file) => file,
        Err(e) if is_absent(&e) => return Ok(None),
        Err(e) => {
            return Err(ReadError::Io {
                path: full.display().to_string(),
                source: e,
            });
        }
    };
    // The name may have been swapped for a link or FIFO since the check: compare inodes.
    let opened = file.metadata().map_err(ReadError::io(full))?;
    if opened.ino() != meta.ino() || opened.dev() != meta.dev() || !opened.is_file() {
        return Err(ReadError::Io {
            path: full.display().to_string(),
            source: io::Error::other("the file changed while it was being read; run again"),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the size check; never read past the limit.
    (&mut file)
        .take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::io(full))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return rejected(Rejection::TooLarge(opened.len().max(bytes.len() as u64)));
    }
    let blob = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
        .map_err(|e| ReadError::git(format!("hashing `{path}`"), None, e))?;
    Ok(Some(classify(path, &bytes, blob.to_string())))
}

fn is_absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}
