//! Argument parsing and dispatch. Exit codes: 0 pass, 1 blocked or needs approval,
//! 2 usage, input or configuration error.

mod agenda;
mod api;
mod approve;
mod audit;
mod central;
mod check;
mod ci;
mod explain;
mod minutes;
mod office_hours;
mod queue;
mod report;
mod review;
mod rota;
mod scaffold;
mod schema;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// Change-management bar-raiser review: check change descriptions against
/// rollback, pipeline, automation and no-context checklists.
#[derive(Debug, Parser)]
#[command(name = "barraiser", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output formats for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics with snippets (the default on a terminal).
    Human,
    /// Versioned JSON (docs/json.md).
    Json,
    /// Markdown rendered from templates/.
    Markdown,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check change descriptions (by default, those changed since the merge base with the default branch).
    Check(check::CheckArgs),
    /// Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations.
    Ci(ci::CiArgs),
    /// Show a pull request's verdict with its bar-raiser approvals, recomputed live.
    Review(review::ReviewArgs),
    /// Approve a pull request as a bar raiser, bound to its change descriptions at head.
    Approve(approve::ApproveArgs),
    /// Request changes on a pull request as a bar raiser (a note is required).
    RequestChanges(approve::RequestChangesArgs),
    /// List open pull requests waiting for bar-raiser approval: the office-hours agenda.
    Queue(queue::QueueArgs),
    /// The office-hours agenda as one document for the meeting's notes (Markdown or HTML).
    Agenda(agenda::AgendaArgs),
    /// Run office hours on a terminal: read each item in full, approve or request changes, then the minutes.
    OfficeHours(office_hours::OfficeHoursArgs),
    /// Who is on bar-raiser duty now and for the next shifts, with the office hours.
    Rota(rota::RotaArgs),
    /// Bar-raiser decisions recorded in a period, as Markdown.
    Minutes(minutes::MinutesArgs),
    /// Merged pull requests with change descriptions and their approvals at merge (CSV or JSON).
    Audit(audit::AuditArgs),
    /// Per team and service, how its merged changes fared over a period, with charts.
    Report(report::ReportArgs),
    /// Write changes/SLUG.md from the template, ready to fill in.
    New {
        /// The file name without `.md`: lowercase letters, digits and dashes.
        slug: String,
    },
    /// Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository.
    Init {
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
        /// The ref the workflow uses the barraiser action at: a release tag (the default,
        /// this version's) or a commit SHA, which cannot be moved.
        #[arg(long, value_name = "REF")]
        action_ref: Option<String>,
        /// How the gate is deployed: a `pull_request` workflow, a workflow an org ruleset
        /// requires from a central repository, or `pull_request_target` reporting through
        /// a GitHub App's check run (docs/ci.md, "Deployment modes").
        #[arg(long, value_enum, default_value = "pull-request")]
        mode: scaffold::Mode,
    },
    /// Explain a rule: why it exists, what to write, and an example.
    Explain {
        /// A rule id, e.g. `tribal-knowledge`.
        rule: String,
    },
    /// Print the JSON Schemas for the change front matter, the policy and checklists.
    Schema {
        /// Print only one schema.
        #[arg(value_enum)]
        which: Option<schema::Which>,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from the command-line definitions.
    Man {
        /// Write `barraiser.1` and one page per subcommand into DIR instead of printing.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Writes to stdout; a closed pipe is not an error worth a message.
pub fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// A warning on stderr; the command goes on.
pub fn warn(text: &str) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("warning: {text}");
    }
}

/// The current directory, or an error that says why not.
pub fn cwd() -> anyhow::Result<PathBuf> {
    std::env::current_dir().map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Ci(args) => ci::run(args),
        Command::Review(args) => review::run(args),
        Command::Approve(args) => approve::approve(args),
        Command::RequestChanges(args) => approve::request_changes(args),
        Command::Queue(args) => queue::run(args),
        Command::Agenda(args) => agenda::run(args),
        Command::OfficeHours(args) => office_hours::run(args),
        Command::Minutes(args) => minutes::run(args),
        Command::Rota(args) => rota::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Report(args) => report::run(args),
        Command::New { slug } => scaffold::new(&slug).map(|()| 0),
        Command::Init {
            force,
            action_ref,
            mode,
        } => scaffold::init(force, action_ref.as_deref(), mode).map(|()| 0),
        Command::Explain { rule } => explain::run(&rule).map(|()| 0),
        Command::Schema { which } => schema::run(which).map(|()| 0),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "barraiser", &mut buf);
            emit(&String::from_utf8_lossy(&buf)).map(|()| 0)
        }
        Command::Man { dir: None } => {
            // As `generate_to` builds it, so the page printed and the page written agree.
            let mut cmd = Cli::command().disable_help_subcommand(true);
            cmd.build();
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            emit(&String::from_utf8_lossy(&buf)).map(|()| 0)
        }
        Command::Man { dir: Some(dir) } => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), &dir)
                .map_err(|e| anyhow::anyhow!("cannot write pages into {}: {e}", dir.display()))?;
            Ok(0)
        }
    }
}

/// Parses arguments, runs the command, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: help and version are not errors; every usage error is exit 2.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}
