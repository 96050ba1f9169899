//! The read layer against real repositories built with git2 in temp dirs.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::support::repo;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use barraiser::read::{Entry, MAX_TEXT_BYTES, ReadError, Rejection, Workspace, normalize};
use git2::{ObjectType, Oid};
use repo::{TestRepo, delete, file, gitlink, link};

const T0: i64 = 1_700_000_000;

fn open(repo: &TestRepo) -> Workspace {
    Workspace::discover(repo.root()).expect("discover")
}

/// The text and blob of a Text entry, failing the test on anything else.
fn text(entry: Option<Entry>) -> (String, String) {
    match entry {
        Some(Entry::Text { text, blob, .. }) => (text, blob),
        other => panic!("expected text, got {other:?}"),
    }
}

/// The path and reason of a Rejected entry.
fn rejection(entry: Option<Entry>) -> (String, Rejection) {
    match entry {
        Some(Entry::Rejected { path, reason }) => (path, reason),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

fn paths(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(Entry::path).collect()
}

fn blob_id(bytes: &[u8]) -> String {
    Oid::hash_object(ObjectType::Blob, bytes)
        .unwrap()
        .to_string()
}

mod history;
mod rejections;
mod snapshots;
