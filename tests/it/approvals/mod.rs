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
mod swaps;
mod validity;

/// The decision on `number` from the clone and through the API, which must agree.
fn decided_both_ways(s: &Scenario, number: u64) -> scenario::Decided {
    let local = s.decided(number);
    let remote = s.decided_remotely(number);
    let states = |d: &scenario::Decided| {
        d.approvals
            .iter()
            .map(|a| (a.reviewer.clone(), a.state.clone(), a.reason.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&local), states(&remote), "clone and API disagree");
    assert_eq!(local.verdict, remote.verdict);
    local
}
