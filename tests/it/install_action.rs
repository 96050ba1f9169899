//! scripts/install-action.sh, the action's installer, against a fake release served from
//! a loopback HTTP server: archives holding a stub binary, and checksums committed in a
//! fake checkout of the action. No network beyond 127.0.0.1.
// Tests fail loudly on broken fixtures; unwrapping is how they do it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/install-action.sh");

/// (RUNNER_OS, RUNNER_ARCH, target, archive suffix, binary name)
const RUNNERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Linux",
        "X64",
        "x86_64-unknown-linux-musl",
        ".tar.xz",
        "barraiser",
    ),
    (
        "Linux",
        "ARM64",
        "aarch64-unknown-linux-musl",
        ".tar.xz",
        "barraiser",
    ),
    (
        "macOS",
        "ARM64",
        "aarch64-apple-darwin",
        ".tar.xz",
        "barraiser",
    ),
    (
        "Windows",
        "X64",
        "x86_64-pc-windows-msvc",
        ".zip",
        "barraiser.exe",
    ),
];

fn missing_tools() -> Vec<&'static str> {
    ["bash", "curl", "tar", "xz", "zip", "unzip", "sha256sum"]
        .into_iter()
        .filter(|tool| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// An archive laid out as dist lays it out: a top directory in tarballs, none in zips.
fn archive(dir: &Path, target: &str, suffix: &str, binary: &str, stub_says: &str) -> PathBuf {
    let name = format!("barraiser-{target}");
    let stage = dir.join(format!("stage-{target}-{}", stub_says.len()));
    let inner = if suffix == ".zip" {
        stage.clone()
    } else {
        stage.join(&name)
    };
    std::fs::create_dir_all(&inner).unwrap();
    let bin = inner.join(binary);
    std::fs::write(&bin, format!("#!/bin/sh\necho \"{stub_says}\"\n")).unwrap();
    run(Command::new("chmod").arg("+x").arg(&bin));
    std::fs::write(inner.join("README.md"), "stub\n").unwrap();
    let out = dir.join(format!("{}-{name}{suffix}", stub_says.len()));
    if suffix == ".zip" {
        run(Command::new("zip")
            .arg("-qr")
            .arg(&out)
            .arg(".")
            .current_dir(&stage));
    } else {
        run(Command::new("tar")
            .arg("-cJf")
            .arg(&out)
            .arg(&name)
            .current_dir(&stage));
    }
    out
}

fn sha256(path: &Path) -> String {
    let out = run(Command::new("sha256sum").arg(path));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// A loopback server for `/v<version>/<asset>`; records every path asked for.
struct FakeRelease {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
}

fn serve(files: HashMap<String, Vec<u8>>) -> FakeRelease {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let hits = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&hits);
    std::thread::spawn(move || {
        // Bounded: the test binary's exit ends this thread; a stray client gets at most
        // this many answers.
        for request in server.incoming_requests().take(200) {
            let path = request.url().to_owned();
            seen.lock().unwrap().push(path.clone());
            let response = match files.get(&path) {
                Some(body) => tiny_http::Response::from_data(body.clone()),
                None => tiny_http::Response::from_data(b"Not Found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    FakeRelease { base, hits }
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    action: PathBuf,
    release: FakeRelease,
}

/// A fake action checkout at version 9.9.9 with a fake release of 9.9.9 (every runner) and
/// 9.9.8 (Linux x64, its archive swapped after the checksum was recorded).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let action = root.join("action-checkout");
    std::fs::create_dir_all(action.join("action")).unwrap();
    std::fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"barraiser\"\nversion = \"9.9.9\"\nrepository = \"https://github.com/example/barraiser\"\n",
    )
    .unwrap();
    let mut checksums = String::from("# sha256  v<version>/<asset>\n");
    let mut files = HashMap::new();
    for (_, _, target, suffix, binary) in RUNNERS {
        let says = format!("barraiser 9.9.9 (stub for {target})");
        let path = archive(&root, target, suffix, binary, &says);
        let asset = format!("barraiser-{target}{suffix}");
        checksums.push_str(&format!("{}  v9.9.9/{asset}\n", sha256(&path)));
        files.insert(format!("/v9.9.9/{asset}"), std::fs::read(&path).unwrap());
    }
    // 9.9.8: the recorded checksum is of the genuine archive, the server has another.
    let target = "x86_64-unknown-linux-musl";
    let genuine = archive(&root, target, ".tar.xz", "barraiser", "barraiser 9.9.8");
    let tampered = archive(
        &root,
        target,
        ".tar.xz",
        "barraiser",
        "barraiser 9.9.8 (tampered!)",
    );
    let asset = format!("barraiser-{target}.tar.xz");
    checksums.push_str(&format!("{}  v9.9.8/{asset}\n", sha256(&genuine)));
    files.insert(
        format!("/v9.9.8/{asset}"),
        std::fs::read(&tampered).unwrap(),
    );
    std::fs::write(action.join("action/checksums.txt"), checksums).unwrap();
    Fixture {
        release: serve(files),
        _dir: dir,
        root,
        action,
    }
}

impl Fixture {
    fn install(&self, os: &str, arch: &str, version: &str, cache: &str) -> Output {
        let temp = self.root.join("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        Command::new("bash")
            .arg(SCRIPT)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.root)
            .env("ACTION_PATH", &self.action)
            .env("ACTION_REPOSITORY", "example/barraiser")
            .env("BARRAISER_RELEASES_URL", &self.release.base)
            .env("BARRAISER_VERSION", version)
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_TOOL_CACHE", self.root.join(cache))
            .env("GITHUB_PATH", self.root.join(format!("{cache}.path")))
            .output()
            .unwrap()
    }

    fn hits(&self) -> Vec<String> {
        self.release.hits.lock().unwrap().clone()
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn install_action_script() {
    let missing = missing_tools();
    if !missing.is_empty() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("note: skipping the install-action test: missing {missing:?}");
        }
        return;
    }
    let started = Instant::now();
    let fx = fixture();

    // Each runner gets its own asset, installed into the tool cache, on PATH, and run.
    for (os, arch, target, suffix, binary) in RUNNERS {
        let cache = format!("cache-{os}-{arch}");
        let one = Instant::now();
        let out = fx.install(os, arch, "", &cache);
        let log = text(&out);
        assert!(out.status.success(), "{os}/{arch}: {log}");
        assert!(
            log.contains(&format!("/v9.9.9/barraiser-{target}{suffix}")),
            "{os}/{arch} picked the wrong asset: {log}"
        );
        assert!(
            log.contains(&format!("barraiser 9.9.9 (stub for {target})")),
            "{os}/{arch} did not run the installed binary: {log}"
        );
        let bin_dir = fx.root.join(&cache).join("barraiser/9.9.9").join(arch);
        assert!(bin_dir.join(binary).is_file(), "{log}");
        let on_path = std::fs::read_to_string(fx.root.join(format!("{cache}.path"))).unwrap();
        assert_eq!(on_path.trim(), bin_dir.to_string_lossy(), "{log}");
        assert!(one.elapsed() < Duration::from_secs(10), "{os}/{arch} slow");
    }

    // A second run on the same runner uses the tool cache and downloads nothing.
    let before = fx.hits().len();
    let out = fx.install("Linux", "X64", "v9.9.9", "cache-Linux-X64");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("from the tool cache"), "{}", text(&out));
    assert_eq!(fx.hits().len(), before);

    // A tampered archive is refused, with a clear error, and nothing is installed.
    let out = fx.install("Linux", "X64", "9.9.8", "cache-tampered");
    let log = text(&out);
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("checksum mismatch for barraiser-x86_64-unknown-linux-musl.tar.xz 9.9.8"),
        "{log}"
    );
    assert!(!log.contains("tampered!"), "the tampered binary ran: {log}");
    assert!(!fx.root.join("cache-tampered/barraiser/9.9.8").exists());

    // A version the action has no checksums for is refused before any download.
    let before = fx.hits().len();
    let out = fx.install("Linux", "X64", "1.2.3", "cache-unknown");
    let log = text(&out);
    assert!(!out.status.success(), "{log}");
    assert!(
        log.contains("barraiser 1.2.3 is not a release this action knows"),
        "{log}"
    );
    assert!(log.contains("known: v9.9.8 v9.9.9"), "{log}");
    assert_eq!(fx.hits().len(), before);

    // An OS the release does not cover is refused.
    let out = fx.install("FreeBSD", "X64", "", "cache-bsd");
    assert!(!out.status.success());
    assert!(text(&out).contains("no barraiser release is built for FreeBSD/X64"));

    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

/// At a commit whose version has no recorded release, the script says so and builds
/// from source (here a stand-in `cargo` that writes the binary).
#[test]
fn install_action_script_builds_from_source_without_a_release() {
    if !missing_tools().is_empty() {
        return;
    }
    let fx = fixture();
    std::fs::write(
        fx.action.join("Cargo.toml"),
        "[package]\nname = \"barraiser\"\nversion = \"9.10.0\"\n",
    )
    .unwrap();
    let fake_bin = fx.root.join("fake-bin");
    std::fs::create_dir_all(&fake_bin).unwrap();
    let cargo = fake_bin.join("cargo");
    // `cargo install --locked --quiet --path P --root R`: the root is the last argument.
    std::fs::write(
        &cargo,
        "#!/bin/sh\nfor a; do root=$a; done\nmkdir -p \"$root/bin\"\nprintf '#!/bin/sh\\necho \"barraiser 9.10.0 (from source)\"\\n' >\"$root/bin/barraiser\"\nchmod +x \"$root/bin/barraiser\"\n",
    )
    .unwrap();
    run(Command::new("chmod").arg("+x").arg(&cargo));
    let temp = fx.root.join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let path = format!(
        "{}:{}",
        fake_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(SCRIPT)
        .env_clear()
        .env("PATH", path)
        .env("ACTION_PATH", &fx.action)
        .env("BARRAISER_RELEASES_URL", &fx.release.base)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", &temp)
        .env("RUNNER_TOOL_CACHE", fx.root.join("cache-src"))
        .output()
        .unwrap();
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("barraiser 9.10.0 has no release recorded in this action"),
        "{log}"
    );
    assert!(log.contains("built from source"), "{log}");
    assert!(log.contains("barraiser 9.10.0 (from source)"), "{log}");
    assert!(fx.hits().is_empty(), "downloaded: {:?}", fx.hits());
}
