//! Reading from a commit's tree: blobs come from the object database, never disk.

use git2::{ObjectType, Oid, Tree, TreeEntry};

use super::content::{classify, join, rejected, sort};
use super::error::ReadError;
use super::snapshot::CommitTree;
use super::{Entry, MAX_TEXT_BYTES, Rejection};

const MODE_TREE: i32 = 0o040000;
const MODE_LINK: i32 = 0o120000;
const MODE_GITLINK: i32 = 0o160000;

/// Link targets are short; a huge "target" is hostile and is not worth inflating.
const MAX_LINK_BYTES: usize = 4096;

/// What a path names in a tree.
enum Found<'t> {
    Missing,
    Root,
    Entry(TreeEntry<'t>),
    /// The path goes through a link or a submodule, which are never followed.
    Through(Rejection),
}

pub(crate) fn read(c: &CommitTree<'_>, rel: &str) -> Result<Option<Entry>, ReadError> {
    match lookup(c, rel)? {
        Found::Missing => Ok(None),
        Found::Root => Ok(rejected(rel, Rejection::Directory)),
        Found::Through(reason) => Ok(rejected(rel, reason)),
        Found::Entry(entry) => entry_at(c, rel.to_owned(), &entry).map(Some),
    }
}

pub(crate) fn list_dir(
    c: &CommitTree<'_>,
    dir: &str,
    suffix: &str,
    label: &str,
) -> Result<Vec<Entry>, ReadError> {
    let not_dir = |what: String| ReadError::NotADirectory {
        path: dir.to_owned(),
        snapshot: label.to_owned(),
        what,
    };
    let owned;
    let tree = match lookup(c, dir)? {
        Found::Missing => return Ok(Vec::new()),
        Found::Root => &c.tree,
        Found::Through(reason) => return Err(not_dir(reason.to_string())),
        Found::Entry(entry) => match entry.filemode() {
            MODE_TREE => {
                owned = find_tree(c, dir, entry.id())?;
                &owned
            }
            MODE_LINK => {
                return Err(not_dir(
                    Rejection::Symlink(link_target(c, dir, entry.id())?).to_string(),
                ));
            }
            MODE_GITLINK => return Err(not_dir(Rejection::Submodule.to_string())),
            _ => return Err(not_dir("is a file, not a directory".to_owned())),
        },
    };
    let mut entries = Vec::new();
    for entry in tree.iter() {
        let name = entry.name_bytes();
        if !name.ends_with(suffix.as_bytes()) {
            continue;
        }
        match std::str::from_utf8(name) {
            Ok(name) => entries.push(entry_at(c, join(dir, name), &entry)?),
            Err(_) => entries.push(Entry::Rejected {
                path: join(dir, &String::from_utf8_lossy(name)),
                reason: Rejection::NonUtf8Name,
            }),
        }
    }
    sort(&mut entries);
    Ok(entries)
}

pub(crate) fn exists(c: &CommitTree<'_>, rel: &str) -> bool {
    matches!(lookup(c, rel), Ok(Found::Root | Found::Entry(_)))
}

/// Walks `rel` one component at a time so links and submodules on the way are seen.
fn lookup(c: &CommitTree<'_>, rel: &str) -> Result<Found<'static>, ReadError> {
    if rel.is_empty() {
        return Ok(Found::Root);
    }
    let mut tree: Tree<'_> = c.tree.clone();
    let mut parts = rel.split('/').peekable();
    let mut walked = String::new();
    while let Some(part) = parts.next() {
        let Some(entry) = tree.get_name(part).map(|e| e.to_owned()) else {
            return Ok(Found::Missing);
        };
        if parts.peek().is_none() {
            return Ok(Found::Entry(entry));
        }
        walked = join(&walked, part);
        match entry.filemode() {
            MODE_TREE => tree = find_tree(c, &walked, entry.id())?,
            MODE_LINK => {
                return Ok(Found::Through(Rejection::Symlink(link_target(
                    c,
                    &walked,
                    entry.id(),
                )?)));
            }
            MODE_GITLINK => return Ok(Found::Through(Rejection::Submodule)),
            _ => return Ok(Found::Missing),
        }
    }
    Ok(Found::Missing)
}

fn find_tree<'w>(c: &CommitTree<'w>, path: &str, id: Oid) -> Result<Tree<'w>, ReadError> {
    if let Some(tree) = c.trees.borrow().get(&id) {
        return Ok(tree.clone());
    }
    let tree = c
        .repo
        .find_tree(id)
        .map_err(|e| ReadError::git(format!("the directory `{path}`"), Some(id), e))?;
    c.trees.borrow_mut().insert(id, tree.clone());
    Ok(tree)
}

/// Reads one tree entry as text or a rejection.
fn entry_at(c: &CommitTree<'_>, path: String, entry: &TreeEntry<'_>) -> Result<Entry, ReadError> {
    let rejected = |reason| {
        Ok(Entry::Rejected {
            path: path.clone(),
            reason,
        })
    };
    match entry.filemode() {
        MODE_LINK => rejected(Rejection::Symlink(link_target(c, &path, entry.id())?)),
        MODE_GITLINK => rejected(Rejection::Submodule),
        MODE_TREE => rejected(Rejection::Directory),
        _ => read_blob(c, path, entry.id()),
    }
}

fn read_blob(c: &CommitTree<'_>, path: String, id: Oid) -> Result<Entry, ReadError> {
    let what = || format!("the file `{path}`");
    // The header gives the size without inflating, so a huge blob is never loaded.
    let (size, kind) = c
        .odb
        .read_header(id)
        .map_err(|e| ReadError::git(what(), Some(id), e))?;
    if kind != ObjectType::Blob {
        return Err(ReadError::Git {
            action: format!("reading {}", what()),
            message: format!("object {id} is a {kind}, not a blob"),
        });
    }
    if size as u64 > MAX_TEXT_BYTES {
        return Ok(Entry::Rejected {
            path,
            reason: Rejection::TooLarge(size as u64),
        });
    }
    let object = c
        .odb
        .read(id)
        .map_err(|e| ReadError::git(what(), Some(id), e))?;
    Ok(classify(path, object.data(), id.to_string()))
}

/// The stored target of a symbolic link, for the message only: it is never followed.
fn link_target(c: &CommitTree<'_>, path: &str, id: Oid) -> Result<String, ReadError> {
    let what = || format!("the link `{path}`");
    let (size, _) = c
        .odb
        .read_header(id)
        .map_err(|e| ReadError::git(what(), Some(id), e))?;
    if size > MAX_LINK_BYTES {
        return Ok(format!("a {size}-byte target"));
    }
    let object = c
        .odb
        .read(id)
        .map_err(|e| ReadError::git(what(), Some(id), e))?;
    Ok(String::from_utf8_lossy(object.data()).into_owned())
}
