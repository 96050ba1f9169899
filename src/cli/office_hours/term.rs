//! The terminal of an office-hours session: one key per decision (raw mode only while
//! a key is read), a short line editor for notes, paging by the screen's height,
//! `$PAGER`, and Ctrl-C, which ends the session with its minutes wherever it is pressed.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;

/// A key pressed at a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// A character key.
    Char(char),
    /// Enter.
    Enter,
    /// Ctrl-C (or Ctrl-D): end the session with its minutes.
    Interrupt,
    /// Any other key, named for the message that re-asks.
    Other(String),
}

/// A line typed at a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// The text, Enter pressed.
    Text(String),
    /// Esc: back to the item's keys.
    Cancelled,
    /// Ctrl-C.
    Interrupt,
}

/// Raw mode for as long as this lives.
struct Raw;

impl Raw {
    fn on() -> std::io::Result<Self> {
        terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The session's terminal.
pub struct Term {
    interrupted: Arc<AtomicBool>,
}

fn out(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// The next key press (not its release or repeat) while in raw mode.
fn next_key() -> std::io::Result<KeyEvent> {
    loop {
        if let Event::Key(k) = event::read()?
            && k.kind == KeyEventKind::Press
        {
            return Ok(k);
        }
    }
}

fn is_interrupt(k: &KeyEvent) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && matches!(k.code, KeyCode::Char('c' | 'd'))
}

impl Term {
    /// Takes the terminal: Ctrl-C outside a prompt (during a request, in the pager) is
    /// noted and ends the session at the next prompt, with its minutes.
    pub fn new() -> Self {
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        // Already set (never, in this binary) only means Ctrl-C keeps its default.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        Self { interrupted }
    }

    /// Whether Ctrl-C was pressed outside a prompt.
    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// The terminal's columns and rows (80 × 24 when it cannot tell).
    pub fn size(&self) -> (usize, usize) {
        terminal::size().map_or((80, 24), |(w, h)| (usize::from(w), usize::from(h)))
    }

    /// Prints `prompt` and reads one key, echoing it.
    pub fn key(&self, prompt: &str) -> anyhow::Result<Key> {
        if self.interrupted() {
            return Ok(Key::Interrupt);
        }
        out(prompt)?;
        let k = {
            let _raw = Raw::on()?;
            next_key()?
        };
        let key = match k.code {
            _ if is_interrupt(&k) => Key::Interrupt,
            // Caps Lock on is no reason to re-ask.
            KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                Key::Char(c.to_ascii_lowercase())
            }
            KeyCode::Enter => Key::Enter,
            other => Key::Other(format!("{other:?}")),
        };
        // What the key does shows next; the prompt may fill the line, so no echo.
        out("\n")?;
        Ok(key)
    }

    /// Prints `prompt` and reads a line: Enter ends it, Backspace edits, Esc cancels.
    pub fn line(&self, prompt: &str) -> anyhow::Result<Line> {
        if self.interrupted() {
            return Ok(Line::Interrupt);
        }
        out(prompt)?;
        let mut text = String::new();
        let line = {
            let _raw = Raw::on()?;
            loop {
                let k = next_key()?;
                match k.code {
                    _ if is_interrupt(&k) => break Line::Interrupt,
                    KeyCode::Enter => break Line::Text(text.trim().to_owned()),
                    KeyCode::Esc => break Line::Cancelled,
                    KeyCode::Backspace if text.pop().is_some() => out("\u{8} \u{8}")?,
                    KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                        text.push(c);
                        out(c.encode_utf8(&mut [0; 4]))?;
                    }
                    _ => {}
                }
            }
        };
        out("\n")?;
        Ok(line)
    }

    /// Prints `text` a screenful at a time, so nothing scrolls away unread. Returns
    /// false when Ctrl-C was pressed.
    pub fn page(&self, text: &str, more: impl Fn(usize, usize) -> String) -> anyhow::Result<bool> {
        let lines: Vec<&str> = text.lines().collect();
        let rows = self.size().1.saturating_sub(2).max(5);
        let mut at = 0;
        while at < lines.len() {
            let end = if lines.len() - at <= rows + 1 {
                lines.len()
            } else {
                at + rows
            };
            let mut chunk = lines[at..end].join("\n");
            chunk.push('\n');
            out(&chunk)?;
            at = end;
            if at >= lines.len() {
                break;
            }
            out(&more(at, lines.len()))?;
            let k = {
                let _raw = Raw::on()?;
                next_key()?
            };
            // Back to the start of the line and clear it: the prompt is gone.
            out("\r\x1b[K")?;
            if is_interrupt(&k) {
                return Ok(false);
            }
            if matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
                break;
            }
        }
        Ok(!self.interrupted())
    }

    /// Shows `text` in `$PAGER` (`less -R` when unset; printed as is when empty).
    pub fn pager(&self, text: &str) -> anyhow::Result<()> {
        let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -R".to_owned());
        let mut words = pager.split_whitespace();
        let Some(program) = words.next() else {
            return Ok(out(text)?);
        };
        let child = std::process::Command::new(program)
            .args(words)
            .stdin(std::process::Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                super::super::warn(&format!(
                    "cannot start the pager {pager:?} ({e}); printing instead"
                ));
                return Ok(out(text)?);
            }
        };
        if let Some(mut stdin) = child.stdin.take() {
            // The pager may quit before reading everything; that is the reader's choice.
            let _ = stdin.write_all(text.as_bytes());
        }
        let _ = child.wait();
        // Ctrl-C in the pager belongs to the pager.
        self.interrupted.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// Prints `text`.
    pub fn print(&self, text: &str) -> anyhow::Result<()> {
        Ok(out(text)?)
    }
}
