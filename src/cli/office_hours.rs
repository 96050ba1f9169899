//! `barraiser office-hours`: walk the queue on a terminal, record decisions, print minutes.

use std::io::{BufRead, IsTerminal, Write};

use barraiser::approval::Action;
use barraiser::github::GitHub;
use barraiser::pr::{ledger, queue};
use barraiser::render;

use super::api::{self, ReposArgs};
use super::review::{ReviewFormat, show};
use super::{approve, emit, minutes, warn};

/// Arguments of `barraiser office-hours`.
#[derive(Debug, clap::Args)]
pub struct OfficeHoursArgs {
    #[command(flatten)]
    repos: ReposArgs,
}

const NOT_A_TERMINAL: &str = "\
barraiser office-hours is interactive and needs a terminal (stdin and stdout).
Without one, use the non-interactive commands:
  barraiser queue --repo O/R [--format table|markdown|json]   the agenda
  barraiser review --repo O/R --pr N                          one pull request in full
  barraiser approve --repo O/R --pr N [--note T]              record an approval
  barraiser request-changes --repo O/R --pr N --note T        record a request for changes
  barraiser minutes --repo O/R --since DATE                   the decisions, as Markdown
";

fn ask(prompt: &str) -> anyhow::Result<Option<String>> {
    let mut out = std::io::stdout().lock();
    out.write_all(prompt.as_bytes())?;
    out.flush()?;
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line)?;
    Ok((read > 0).then(|| line.trim().to_owned()))
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
    let repos = args.repos.parse()?;
    let client = api::client()?;
    let login = client.viewer_login()?;
    let started = jiff::Timestamp::now();
    let entries = api::warn_skipped(queue::agenda(&client, &repos, api::local().as_ref())?);
    emit(&render::queue::agenda_heading(entries.len()))?;
    'agenda: for (i, entry) in entries.iter().enumerate() {
        let repo = api::repo(&entry.item.repo)?;
        emit(&render::queue::item_heading(i + 1, entries.len()))?;
        emit(&show(&repo, &entry.judged, ReviewFormat::Human)?)?;
        loop {
            let Some(answer) = ask("[a]pprove, [r]equest changes, [s]kip, [q]uit? ")? else {
                break 'agenda;
            };
            let (decision, note) = match answer.to_ascii_lowercase().as_str() {
                "a" | "approve" => {
                    let note = ask("Note (optional, Enter to skip): ")?.unwrap_or_default();
                    (Action::Approve, (!note.is_empty()).then_some(note))
                }
                "r" | "request" | "request changes" => {
                    let note = ask("What must change? ")?.unwrap_or_default();
                    if note.is_empty() {
                        emit("A request for changes needs a note.\n")?;
                        continue;
                    }
                    (Action::RequestChanges, Some(note))
                }
                "s" | "skip" => break,
                "q" | "quit" => break 'agenda,
                _ => continue,
            };
            match approve::record(
                &client,
                &repo,
                &entry.judged,
                &login,
                decision,
                note.as_deref(),
            ) {
                Ok(()) => break,
                Err(e) => {
                    warn(&format!("{e:#}"));
                    break;
                }
            }
        }
    }
    let until = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(1))
        .unwrap_or(jiff::Timestamp::MAX);
    let mut mine = api::warn_skipped(ledger::minutes(&client, &repos, started, until)?);
    mine.retain(|d| d.reviewer.eq_ignore_ascii_case(&login));
    emit("\n")?;
    minutes::print(&mine, &args.repos, started, until)?;
    Ok(0)
}
