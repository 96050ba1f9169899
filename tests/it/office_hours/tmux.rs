//! A terminal a test can read and type into: the binary runs in a detached tmux
//! session of a fixed size on a private server; the test reads the screen with
//! `capture-pane` and presses keys with `send-keys`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a screen may take to show what a test waits for (the machine may be busy).
const PATIENCE: Duration = Duration::from_secs(90);

/// Whether tmux can be run; tests that need it skip with a note when not.
pub fn available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "note: skipping the office-hours terminal test: tmux is not installed \
             (.ci/run installs it; `apt-get install -y tmux`)"
        );
    }
    ok
}

/// One program on an 80-column terminal.
pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Runs `program args` in `cwd` with only `env` (plus PATH, HOME and a UTF-8
    /// locale) on an 80 × `rows` terminal. When it exits, `[exit CODE]` is printed
    /// and the pane stays for reading.
    pub fn start(
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cwd: &Path,
        rows: u16,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let mut line = String::from("env -i");
        let path = std::env::var("PATH").unwrap_or_default();
        let home = std::env::var("HOME").unwrap_or_default();
        for (k, v) in [
            ("PATH", path.as_str()),
            ("HOME", home.as_str()),
            ("LANG", "C.UTF-8"),
            ("TERM", "xterm-256color"),
        ]
        .iter()
        .chain(env)
        {
            line.push_str(&format!(" {k}={}", quote(v)));
        }
        line.push_str(&format!(" {}", quote(&program.to_string_lossy())));
        for a in args {
            line.push_str(&format!(" {}", quote(a)));
        }
        let script = dir.path().join("run.sh");
        std::fs::write(
            &script,
            format!(
                "cd {}\n{line}\necho \"[exit $?]\"\nsleep 600\n",
                quote(&cwd.to_string_lossy())
            ),
        )
        .unwrap();
        let socket = dir.path().join("tmux.sock");
        let tmux = Self { socket, _dir: dir };
        let out = tmux
            .command()
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "oh",
                "-x",
                "80",
                "-y",
            ])
            .arg(rows.to_string())
            .arg("sh")
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = tmux
            .command()
            .args(["set-option", "-t", "oh", "history-limit", "20000"])
            .output();
        tmux
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-u").arg("-S").arg(&self.socket);
        cmd
    }

    /// The visible screen, trailing blank lines dropped.
    pub fn screen(&self) -> String {
        self.capture(&["capture-pane", "-p", "-t", "oh"])
    }

    /// The visible screen with its colours and attributes as escape sequences.
    pub fn screen_with_escapes(&self) -> String {
        self.capture(&["capture-pane", "-p", "-e", "-t", "oh"])
    }

    /// Everything printed so far, scrollback included; lines the terminal wrapped
    /// are joined again, so a line longer than the screen shows as one.
    pub fn history(&self) -> String {
        self.capture(&["capture-pane", "-p", "-J", "-S", "-", "-t", "oh"])
    }

    fn capture(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n") + "\n"
    }

    /// Waits until the whole output holds `text` `times` times; returns it.
    pub fn wait_for_n(&self, text: &str, times: usize) -> String {
        let start = Instant::now();
        loop {
            let all = self.history();
            if all.matches(text).count() >= times {
                return all;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {text:?} ×{times}; the terminal shows:\n{all}");
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Waits until the whole output holds `text`; returns it.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_n(text, 1)
    }

    /// Presses keys, as tmux names them (`a`, `Enter`, `C-c`).
    pub fn press(&self, keys: &[&str]) {
        for k in keys {
            let out = self
                .command()
                .args(["send-keys", "-t", "oh", k])
                .output()
                .unwrap();
            assert!(out.status.success(), "send-keys {k}");
            // One key at a time, as a person types: the program reads each in raw mode.
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        let out = self
            .command()
            .args(["send-keys", "-t", "oh", "-l", text])
            .output()
            .unwrap();
        assert!(out.status.success(), "send-keys -l");
        std::thread::sleep(Duration::from_millis(60));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
    }
}
