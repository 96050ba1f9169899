//! What the release archives carry besides the binary: man pages and completions generated
//! from the clap definitions (assets/, via scripts/gen-assets.sh) must match the binary,
//! and the packaging metadata must name the archives the release workflow publishes.
// Tests fail loudly on broken fixtures; unwrapping is how they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_barraiser");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(out.status.success(), "barraiser {args:?}: {out:?}");
    out.stdout
}

fn committed(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}; run scripts/gen-assets.sh"))
}

#[test]
fn man_pages_in_assets_match_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    run(&["man", "--dir", out]);
    let mut generated: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    let mut shipped: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("assets/man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    shipped.sort();
    assert_eq!(generated, shipped, "run scripts/gen-assets.sh");
    for page in &generated {
        let fresh = std::fs::read(dir.path().join(page)).unwrap();
        assert!(
            fresh == committed(&format!("assets/man/{page}")),
            "assets/man/{page} is stale: run scripts/gen-assets.sh"
        );
    }
    assert!(
        run(&["man"]) == committed("assets/man/barraiser.1"),
        "`barraiser man` differs from assets/man/barraiser.1"
    );
    assert!(generated.contains(&"barraiser-check.1".to_owned()));
}

#[test]
fn completions_in_assets_match_the_binary() {
    for (shell, file) in [
        ("bash", "barraiser.bash"),
        ("zsh", "_barraiser"),
        ("fish", "barraiser.fish"),
        ("powershell", "_barraiser.ps1"),
        ("elvish", "barraiser.elv"),
    ] {
        assert!(
            run(&["completions", shell]) == committed(&format!("assets/completions/{file}")),
            "assets/completions/{file} is stale: run scripts/gen-assets.sh"
        );
    }
}

#[test]
fn dist_ships_the_assets_and_binstall_finds_the_archives() {
    let dist = String::from_utf8(committed("dist-workspace.toml")).unwrap();
    assert!(dist.contains(r#"include = ["assets/man/", "assets/completions/"]"#));
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(dist.contains(&format!("\"{target}\"")), "{target}");
    }
    let cargo = String::from_utf8(committed("Cargo.toml")).unwrap();
    assert!(cargo.contains(
        r#"pkg-url = "{ repo }/releases/download/v{ version }/{ name }-{ target }{ archive-suffix }""#
    ));
}
