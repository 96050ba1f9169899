//! Swapping a gated file after the approval: for a symbolic link, a new link target,
//! or nothing at all. Each makes the approval stale and names the file. A gated name
//! that is not UTF-8, which could not be bound, leaves no verdict.

use super::*;
use repo::{delete, link};

/// The medium-risk description with the gated deploy file replaced by a link.
fn linked(target: &str) -> Vec<repo::Edit> {
    vec![
        file("changes/checkout.md", MEDIUM),
        link("deploy/checkout.yaml", target),
    ]
}

/// What the first review on pull request `pr` bound `path` to.
fn first_bound(s: &Scenario, pr: u64, path: &str) -> String {
    let block = parse_block(&s.fake.reviews(REPO, pr)[0].body)
        .unwrap()
        .unwrap();
    block
        .changes
        .into_iter()
        .find(|f| f.path == path)
        .unwrap()
        .blob
}

#[test]
fn a_new_target_for_an_approved_symlink_makes_the_approval_stale() {
    let s = Scenario::new();
    let approved_at = s.open_pr(7, AUTHOR, &linked("../shared/checkout.yaml"));
    assert_eq!(code(&s.approve("alice", 7)), 0);
    // A plain GitHub approval is bound by its commit instead of a block.
    s.fake
        .seed_review(REPO, 7, "bob", "APPROVED", "LGTM", &approved_at.to_string());
    let bound = first_bound(&s, 7, "deploy/checkout.yaml");
    assert!(bound.starts_with("symlink:"), "{bound}");
    assert_eq!(code(&s.ci(7)), 0);

    s.push(7, &[link("deploy/checkout.yaml", "/etc/shadow")]);
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    let decided = decided_both_ways(&s, 7);
    for who in ["alice", "bob"] {
        let approval = decided.of(who);
        assert_eq!(approval.state, "stale", "{approval:?}");
        assert_eq!(
            approval.reason,
            "deploy/checkout.yaml changed since the approval"
        );
    }
    s.assert_contract();
}

#[test]
fn a_symlink_where_an_approved_deletion_was_makes_the_approval_stale() {
    let s = Scenario::new();
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", MEDIUM),
            delete("deploy/checkout.yaml"),
        ],
    );
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    s.push(7, &[link("deploy/checkout.yaml", "../../prod/secret.yaml")]);
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let alice = decided_both_ways(&s, 7).of("alice");
    assert_eq!(alice.state, "stale");
    assert_eq!(
        alice.reason,
        "deploy/checkout.yaml changed since the approval"
    );
    s.assert_contract();
}

#[test]
fn a_file_swapped_for_a_symlink_with_its_content_as_target_is_a_change() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    // The link's target bytes equal the approved file's bytes: still not that file.
    s.push(7, &[link("deploy/checkout.yaml", "replicas: 4\n")]);
    assert_eq!(code(&s.ci(7)), 1);
    let alice = decided_both_ways(&s, 7).of("alice");
    assert_eq!(alice.state, "stale");
    assert_eq!(
        alice.reason,
        "deploy/checkout.yaml changed since the approval"
    );
}

#[test]
fn deleting_a_gated_file_after_the_approval_makes_it_stale_and_names_it() {
    let s = Scenario::new();
    s.open_pr(7, AUTHOR, &medium_change());
    assert_eq!(code(&s.approve("alice", 7)), 0);
    assert_eq!(code(&s.ci(7)), 0);
    s.push(7, &[delete("deploy/checkout.yaml")]);
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(s.status(7), "pending");
    let alice = decided_both_ways(&s, 7).of("alice");
    assert_eq!(alice.state, "stale");
    assert_eq!(
        alice.reason,
        "deploy/checkout.yaml was deleted after the approval"
    );
    assert!(s.comment(7).contains(&alice.reason), "{}", s.comment(7));
    s.assert_contract();
}

#[test]
fn a_gated_file_whose_name_is_not_utf8_fails_closed_naming_it() {
    let s = Scenario::new();
    let mut edits = medium_change();
    edits.push(file(b"deploy/r\xe9plicas.yaml".as_slice(), "replicas: 4\n"));
    let head = s.open_pr(7, AUTHOR, &edits);
    s.fake
        .seed_review(REPO, 7, "alice", "APPROVED", "LGTM", &head.to_string());
    // Lossily it is `deploy/r\u{fffd}plicas.yaml`, which cannot be read back to bind
    // it: an approval would survive any edit of it. So no verdict at all.
    let named = "deploy/r\\xe9plicas.yaml";
    let out = s.ci(7);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_eq!(s.status(7), "error");
    // The comment neutralises the backslash as `&#92;`.
    let comment = s.comment(7).replace("&#92;", "\\");
    assert!(
        comment.contains(named) && comment.contains("not valid UTF-8"),
        "{comment}"
    );
    let out = s.as_user_in(
        "erin",
        &["review", "--repo", REPO, "--pr", "7"],
        s.git.root(),
    );
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(named),
        "{}",
        show(&out)
    );
    s.assert_contract();
}

#[test]
fn a_new_binary_in_place_of_an_approved_one_makes_the_approval_stale() {
    let s = Scenario::new();
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", MEDIUM),
            file("deploy/checkout.bin", b"\0approved build".as_slice()),
        ],
    );
    assert_eq!(code(&s.approve("alice", 7)), 0);
    // Bound by what it is and by its blob, not by its kind alone.
    let bound = first_bound(&s, 7, "deploy/checkout.bin");
    assert!(bound.starts_with("(binary):"), "{bound}");
    assert_eq!(code(&s.ci(7)), 0);
    // Another binary of the same kind is still another file.
    s.push(
        7,
        &[file("deploy/checkout.bin", b"\0swapped build".as_slice())],
    );
    let out = s.ci(7);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let alice = decided_both_ways(&s, 7).of("alice");
    assert_eq!(alice.state, "stale", "{alice:?}");
    assert_eq!(
        alice.reason,
        "deploy/checkout.bin changed since the approval"
    );
    s.assert_contract();
}
