//! The `barraiser-check` pre-commit hook (.pre-commit-hooks.yaml), run through
//! `pre-commit try-repo` against a sample repository: a blocked change description fails
//! the hook, a good one passes. Needs pre-commit (PyPI; .ci/run installs it and sets
//! BARRAISER_PRE_COMMIT) and git; without them the test says so and skips.
// Tests fail loudly on broken fixtures; unwrapping is how they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_barraiser");
const HOOK_REPO: &str = env!("CARGO_MANIFEST_DIR");

fn pre_commit() -> Option<PathBuf> {
    let candidate = std::env::var_os("BARRAISER_PRE_COMMIT")
        .map_or_else(|| PathBuf::from("pre-commit"), PathBuf::from);
    let works = Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(candidate)
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pre-commit try-repo` of the hook on the sample repository's staged files. The hook
/// repository is a copy of this one's `.pre-commit-hooks.yaml`, committed, so the test
/// reads the file as it is now and clones nothing large.
fn try_hook(pre_commit: &Path, hooks: &Path, sample: &Path, home: &Path) -> Output {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new(pre_commit)
        .arg("try-repo")
        .arg(hooks)
        .args(["barraiser-check", "--color", "never"])
        .current_dir(sample)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home.join("cache"))
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

#[test]
fn the_pre_commit_hook_blocks_a_bad_change_and_passes_a_good_one() {
    let Some(pre_commit) = pre_commit() else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: skipping the pre-commit hook test: pre-commit is not installed \
                 (pip install pre-commit, or set BARRAISER_PRE_COMMIT)"
            );
        }
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let sample = dir.path().join("sample");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(sample.join("changes")).unwrap();
    let hooks = dir.path().join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        Path::new(HOOK_REPO).join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    for repo in [&hooks, &sample] {
        git(repo, &["init", "--quiet"]);
        git(repo, &["config", "user.email", "dana@example.com"]);
        git(repo, &["config", "user.name", "Dana"]);
    }
    git(&hooks, &["add", ".pre-commit-hooks.yaml"]);
    git(&hooks, &["commit", "--quiet", "-m", "hooks"]);
    std::fs::write(sample.join("README.md"), "sample\n").unwrap();
    git(&sample, &["add", "README.md"]);
    git(&sample, &["commit", "--quiet", "-m", "start"]);

    // A fresh template: its TODOs are blockers.
    let out = Command::new(BIN)
        .args(["new", "add-index"])
        .current_dir(&sample)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    git(&sample, &["add", "changes/add-index.md"]);
    let out = try_hook(&pre_commit, &hooks, &sample, &home);
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "a blocked change passed: {log}");
    assert!(log.contains("barraiser check"), "{log}");
    assert!(log.contains("Failed"), "{log}");
    assert!(log.contains("verdict: blocked"), "{log}");

    // The project's example of a complete low-risk change passes.
    git(
        &sample,
        &["rm", "--quiet", "--cached", "changes/add-index.md"],
    );
    std::fs::remove_file(sample.join("changes/add-index.md")).unwrap();
    let good = std::fs::read_to_string(
        Path::new(HOOK_REPO).join("examples/changes/search-synonyms-low.md"),
    )
    .unwrap();
    std::fs::write(sample.join("changes/search-synonyms.md"), good).unwrap();
    git(&sample, &["add", "changes/search-synonyms.md"]);
    let out = try_hook(&pre_commit, &hooks, &sample, &home);
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "a good change failed: {log}");
    assert!(log.contains("Passed"), "{log}");
}
