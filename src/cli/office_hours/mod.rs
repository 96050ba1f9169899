//! `barraiser office-hours`: walk the queue on a terminal, read each item in full,
//! record decisions on exactly what was shown, and print the session's minutes.

mod term;

use std::io::IsTerminal;

use anyhow::Context;
use barraiser::approval::Action;
use barraiser::github::{Client, GitHub, Repo};
use barraiser::pr::{GatedFile, Judged, gated_files, ledger};
use barraiser::render::{self, office};

use super::api::{self, ReposArgs, TzArgs};
use super::approve::{moved_since, record};
use super::check::use_color;
use super::{minutes, warn};
use term::{Key, Line, Term};

/// Arguments of `barraiser office-hours`.
#[derive(Debug, clap::Args)]
pub struct OfficeHoursArgs {
    #[command(flatten)]
    repos: ReposArgs,
    #[command(flatten)]
    tz: TzArgs,
}

const NOT_A_TERMINAL: &str = "\
barraiser office-hours is interactive and needs a terminal (stdin and stdout).
Without one, use the non-interactive commands:
  barraiser agenda --repo O/R [--format markdown|html]        the agenda, for the notes
  barraiser queue --repo O/R [--format table|markdown|json]   the queue
  barraiser review --repo O/R --pr N                          one pull request in full
  barraiser approve --repo O/R --pr N --expect-head SHA       record an approval
  barraiser request-changes --repo O/R --pr N --note T        record a request for changes
  barraiser minutes --repo O/R --since DATE                   the decisions, as Markdown
";

/// An agenda item as the session last showed it.
struct Shown {
    judged: Judged,
    gated: Vec<GatedFile>,
}

/// What the session needs at every item.
struct Session<'a> {
    client: &'a Client,
    login: String,
    term: Term,
    color: bool,
    /// The decisions recorded in this session, for its minutes.
    recorded: Vec<ledger::DecisionEntry>,
}

/// What the bar raiser chose at an item.
enum Next {
    Forward,
    Back,
    Quit,
}

/// Runs `office-hours`; exit 2 when not on a terminal.
pub fn run(args: OfficeHoursArgs) -> anyhow::Result<u8> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        #[allow(clippy::print_stderr)]
        {
            eprint!("{NOT_A_TERMINAL}");
        }
        return Ok(2);
    }
    let tz = args.tz.zone()?;
    let client = api::client()?;
    let scope = args.repos.resolve(&client)?;
    let login = client
        .viewer_login()
        .context("cannot tell who the token belongs to (GET /user); use your own token")?;
    let started = jiff::Timestamp::now();
    let mut session = Session {
        client: &client,
        login,
        term: Term::new(),
        color: use_color(),
        recorded: Vec::new(),
    };
    let entries = api::agenda(&client, &scope)?;
    session
        .term
        .print(&render::queue::agenda_heading(entries.len()))?;
    let mut shown: Vec<Option<Shown>> = Vec::new();
    let mut items: Vec<(Repo, Option<Judged>)> = Vec::new();
    for e in entries {
        items.push((api::repo(&e.item.repo)?, Some(e.judged)));
    }
    shown.resize_with(items.len(), || None);
    let (mut i, count) = (0, items.len());
    while i < count {
        let (repo, first) = &mut items[i];
        // The agenda's judgement the first time; read again when coming back to it.
        let judged = match (first.take(), shown[i].as_ref()) {
            (Some(j), _) => j,
            (None, Some(s)) => match api::judge_pull(&client, repo, s.judged.pull.number) {
                Ok(j) => j,
                Err(e) => {
                    warn(&format!("{e:#}; moving on"));
                    i += 1;
                    continue;
                }
            },
            (None, None) => break,
        };
        match session.item((i + 1, count), repo, judged, &mut shown[i])? {
            Next::Forward => i += 1,
            Next::Back if i > 0 => i -= 1,
            Next::Back => session.term.print("This is the first item.\n")?,
            Next::Quit => break,
        }
    }
    let until = jiff::Timestamp::now();
    session.term.print("\n")?;
    minutes::print(&session.recorded, &scope.labels, (started, until), &tz)?;
    Ok(0)
}

impl Session<'_> {
    fn screen(&self) -> office::Screen {
        office::Screen {
            width: self.term.size().0,
            color: self.color,
        }
    }

    /// Shows item `at` and takes keys until the bar raiser moves on.
    fn item(
        &mut self,
        at: (usize, usize),
        repo: &Repo,
        judged: Judged,
        slot: &mut Option<Shown>,
    ) -> anyhow::Result<Next> {
        let gated =
            gated_files(self.client, repo, &judged, api::local().as_ref()).unwrap_or_else(|e| {
                warn(&format!(
                    "cannot read the gated files of {repo}#{}: {e}",
                    judged.pull.number
                ));
                Vec::new()
            });
        let text = office::item(at, repo, &judged, &gated, self.screen());
        let current = slot.insert(Shown { judged, gated });
        if !self.term.page(&text, office::more)? {
            return Ok(Next::Quit);
        }
        loop {
            let key = self
                .term
                .key(&office::prompt(at.0, at.1, self.term.size().0))?;
            let action = match key {
                Key::Interrupt | Key::Char('q') => return Ok(Next::Quit),
                Key::Char('s' | 'n') => return Ok(Next::Forward),
                Key::Char('p') => return Ok(Next::Back),
                Key::Char('o') => {
                    self.term
                        .print(&format!("{}\n", current.judged.pull.html_url))?;
                    continue;
                }
                Key::Char('v') => {
                    let screen = self.screen();
                    let text: String = current
                        .judged
                        .report
                        .changes
                        .iter()
                        .map(|c| office::description(c, screen))
                        .collect();
                    self.term.pager(&text)?;
                    continue;
                }
                Key::Char('d') => {
                    self.term
                        .pager(&office::diff(&current.gated, self.screen()))?;
                    continue;
                }
                Key::Char('a') => Action::Approve,
                Key::Char('r') => Action::RequestChanges,
                Key::Enter => continue,
                Key::Char(c) => {
                    self.term.print(&office::unknown_key(&c.to_string()))?;
                    continue;
                }
                Key::Other(name) => {
                    self.term.print(&office::unknown_key(&name))?;
                    continue;
                }
            };
            let note = match self.note(action)? {
                Line::Text(note) => note,
                Line::Cancelled => continue,
                Line::Interrupt => return Ok(Next::Quit),
            };
            // Approve exactly what was shown: read it again, and record only if nothing moved.
            let now = match api::judge_pull(self.client, repo, current.judged.pull.number) {
                Ok(now) => now,
                Err(e) => {
                    // Nothing recorded; the session goes on (and can still end with its minutes).
                    warn(&format!("{e:#}; nothing was recorded"));
                    continue;
                }
            };
            if let Some(m) = moved_since(&current.judged, &now) {
                let text = office::moved(repo, &m, Some(&current.judged), &now, self.screen());
                current.gated =
                    gated_files(self.client, repo, &now, api::local().as_ref()).unwrap_or_default();
                current.judged = now;
                if !self.term.page(&text, office::more)? {
                    return Ok(Next::Quit);
                }
                continue;
            }
            let note = (!note.is_empty()).then_some(note);
            match record(
                self.client,
                repo,
                &now,
                &self.login,
                action,
                note.as_deref(),
            ) {
                Ok(review) => {
                    self.recorded
                        .extend(ledger::entry(&repo.to_string(), &now.pull, &review));
                    return Ok(Next::Forward);
                }
                Err(e) => warn(&format!("{e:#}")),
            }
        }
    }

    /// The note for `action`: optional for an approval, required for changes.
    fn note(&self, action: Action) -> anyhow::Result<Line> {
        loop {
            let line = match action {
                Action::Approve => self
                    .term
                    .line("Note (optional; Enter to record, Esc to go back): ")?,
                Action::RequestChanges => self
                    .term
                    .line("What must change? (Enter to record, Esc to go back): ")?,
            };
            match (&line, action) {
                (Line::Text(t), Action::RequestChanges) if t.is_empty() => {
                    self.term.print("A request for changes needs a note.\n")?;
                }
                _ => return Ok(line),
            }
        }
    }
}
