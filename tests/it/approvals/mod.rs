//! Bar-raiser approvals end to end: the real binary runs `approve`, `ci`, `queue`,
//! `minutes` and `audit` against a stateful fake GitHub backed by real git repositories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::repo;
use crate::support::scenario;

use barraiser::approval::parse_block;
use repo::file;
use scenario::{AUTHOR, HIGH, MEDIUM, REPO, Scenario, T0, code, medium_change, show, stdout};

/// The git blob id of `text`, as the approval block must name it.
fn blob_of(text: &str) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())
        .unwrap()
        .to_string()
}

mod authorship;
mod ledger;
mod safety;
mod validity;
