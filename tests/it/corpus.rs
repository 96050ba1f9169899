//! The labelled corpora in `../shared/`: the house-style `corpus/` and the
//! real-runbook `corpus-real/part-a` and `part-b`. Every change description gets
//! the verdict `expected.yaml` gives it, with the listed defects reported as
//! blocker (or warning) findings. Skipped, with a note, when `../shared` is absent
//! (a user's clone has none).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

use crate::support::bin;
use crate::support::repo;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use repo::{Edit, TestRepo, file};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    as_of: String,
    cases: BTreeMap<String, Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    verdict: String,
    #[serde(default)]
    because: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
}

/// `../shared` next to the crate, or `BARRAISER_SHARED` (for a worktree elsewhere).
fn shared_dir() -> PathBuf {
    match std::env::var_os("BARRAISER_SHARED") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

/// Every file under `dir`, as edits relative to `root`.
fn edits(root: &Path, dir: &Path, out: &mut Vec<Edit>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            edits(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push(file(rel, std::fs::read(&path).unwrap()));
        }
    }
}

#[test]
fn house_style_corpus_matches_expected_yaml() {
    check_corpus("corpus");
}

#[test]
fn real_runbook_corpus_part_a_matches_expected_yaml() {
    check_corpus("corpus-real/part-a");
}

#[test]
fn real_runbook_corpus_part_b_matches_expected_yaml() {
    check_corpus("corpus-real/part-b");
}

fn check_corpus(name: &str) {
    let corpus = shared_dir().join(name);
    let expected_path = corpus.join("expected.yaml");
    if !expected_path.exists() {
        eprintln!(
            "note: {} is absent; skipping the corpus test (it runs inside the project workspace)",
            expected_path.display()
        );
        return;
    }
    let expected: Expected =
        serde_saphyr::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    let as_of: jiff::Timestamp = expected.as_of.parse().unwrap();

    let repo = TestRepo::new();
    let mut files = Vec::new();
    let source = corpus.join("repo");
    edits(&source, &source, &mut files);
    repo.commit("main", as_of.as_second(), &files);

    let run = bin::run(
        repo.root(),
        &["check", "--all", "--rev", "HEAD", "--format", "json"],
    );
    assert!(
        matches!(run.code, Some(0 | 1)),
        "check failed: {}",
        run.stderr
    );
    let report = run.json();
    assert_eq!(report["errors"], serde_json::json!([]), "input errors");

    let checked: Vec<String> = bin::paths(&report);
    let listed: Vec<String> = expected
        .cases
        .keys()
        .map(|name| format!("changes/{name}"))
        .collect();
    assert_eq!(
        checked, listed,
        "the corpus and expected.yaml list different changes"
    );

    let mut failures = Vec::new();
    for (name, case) in &expected.cases {
        let path = format!("changes/{name}");
        let change = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"] == path.as_str())
            .unwrap();
        let findings = bin::findings(&report, &path);
        let blocked = findings.iter().any(|(_, s)| s == "blocker");
        let verdict = if blocked { "blocked" } else { "pass" };
        if verdict != case.verdict {
            failures.push(format!(
                "{name}: expected {}, got {verdict}: {findings:?}",
                case.verdict
            ));
        }
        for category in &case.because {
            if !findings
                .iter()
                .any(|(r, s)| r == category && s == "blocker")
            {
                failures.push(format!("{name}: no blocker `{category}` in {findings:?}"));
            }
        }
        // The labels give severities at the declared risk. When the default policy's
        // `risk_floor_by_type` raises it (a `type: data` change is judged medium),
        // BAR.md's severity at the raised risk applies: a warning may be a blocker.
        let raised = change.get("judged_risk").is_some();
        for category in &case.warnings {
            if !findings
                .iter()
                .any(|(r, s)| r == category && (s == "warning" || (raised && s == "blocker")))
            {
                failures.push(format!("{name}: no warning `{category}` in {findings:?}"));
            }
        }
        // The blob id in the report is the blob committed at HEAD.
        let blob = git2::Oid::hash_object(
            git2::ObjectType::Blob,
            &std::fs::read(source.join("changes").join(name)).unwrap(),
        )
        .unwrap();
        if change["blob"] != blob.to_string().as_str() {
            failures.push(format!("{name}: blob {} is not {blob}", change["blob"]));
        }
    }
    let overall = if expected.cases.values().any(|c| c.verdict == "blocked") {
        "blocked"
    } else {
        "pass"
    };
    assert_eq!(report["verdict"], overall);
    assert_eq!(run.code, Some(if overall == "blocked" { 1 } else { 0 }));
    assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
}
