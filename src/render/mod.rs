//! Every output barraiser prints or posts, from typed values to text.
//!
//! [`render`] turns a [`crate::Report`] into one of the `--format` outputs;
//! [`comment`] builds the sticky pull-request comment and [`headline`] the commit
//! status. [`queue`], [`minutes`] and [`audit`] render what `pr` gathers, with their
//! own frozen JSON structs, and [`agenda`] the queue as a meeting document (Markdown
//! or HTML); [`report`] each team's operational-excellence report (JSON, Markdown with
//! Mermaid charts, or HTML with inline SVG); [`office`] lays out what `office-hours` shows on a terminal; [`pull`],
//! [`delivery`] and [`explain`] hold the texts the other commands print. The verdict is worded once, in `verdict.rs`. Markdown goes
//! through [`Templates`], whose formatter runs every printed value through
//! [`neutralize()`].

pub mod agenda;
pub mod audit;
mod comment;
mod context;
pub mod delivery;
pub mod explain;
mod human;
mod json;
pub mod minutes;
pub(crate) mod neutralize;
pub mod office;
pub mod pull;
pub mod queue;
pub mod report;
pub mod rota;
mod sarif;
pub(crate) mod templates;
mod verdict;
mod workflow;

use std::fmt;
use std::str::FromStr;

use crate::decide::Report;

pub use comment::{MAX_COMMENT_BYTES, comment};
pub use neutralize::{COMMENT_MARKER, neutralize};
pub use templates::Templates;
pub use verdict::headline;

/// An output format, chosen with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Diagnostics with source snippets, for a terminal.
    Human,
    /// The stable, versioned JSON report (see `docs/json.md`).
    Json,
    /// Markdown from `templates/report.md.j2`.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Markdown,
        Format::Github,
        Format::Sarif,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = RenderError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == s)
            .ok_or_else(|| RenderError::UnknownFormat(s.to_owned()))
    }
}

/// Where a finding's line lives on GitHub: `{server_url}/{repo}/blob/{sha}/{path}#L{line}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkBase {
    /// For example `https://github.com` (`GITHUB_SERVER_URL`), without a trailing slash.
    pub server_url: String,
    /// `owner/name`.
    pub repo: String,
    /// The commit the links point at (the pull request's head).
    pub sha: String,
}

impl LinkBase {
    /// The URL of `line` in `path`; the path is percent-encoded so it cannot break Markdown.
    pub fn line_url(&self, path: &str, line: u32) -> String {
        let server = self.server_url.trim_end_matches('/');
        let path = encode_path(path);
        if line > 0 {
            format!("{server}/{}/blob/{}/{path}#L{line}", self.repo, self.sha)
        } else {
            format!("{server}/{}/blob/{}/{path}", self.repo, self.sha)
        }
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// "1 blocker", "2 blockers".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// How to render: colour, which templates, and where findings link to.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions<'a> {
    /// ANSI colour in human output (the CLI decides from the terminal and `NO_COLOR`).
    pub color: bool,
    /// The compiled Markdown templates.
    pub templates: &'a Templates,
    /// Link findings to GitHub in Markdown; plain text when `None`.
    pub links: Option<&'a LinkBase>,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// `--format` named a format that does not exist.
    #[error("unknown format `{0}` (expected human, json, markdown, github or sarif)")]
    UnknownFormat(String),
    /// A template failed to compile or render.
    #[error("template `{name}`{}: {detail}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Template {
        /// The template's name, for example `comment.md.j2`.
        name: String,
        /// 1-based line in the template, when known.
        line: Option<usize>,
        /// What went wrong.
        detail: String,
    },
    /// An override named a template that does not exist.
    #[error("no template named `{name}` to override (templates: {known})")]
    UnknownTemplate {
        /// The name given.
        name: String,
        /// The names that exist.
        known: String,
    },
    /// Serialising JSON or SARIF failed.
    #[error("cannot serialise the report: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
}

impl RenderError {
    fn template(err: minijinja::Error) -> Self {
        let detail = match err.detail() {
            Some(detail) => format!("{}: {detail}", err.kind()),
            None => err.kind().to_string(),
        };
        RenderError::Template {
            name: err.name().unwrap_or("<unknown>").to_owned(),
            line: err.line(),
            detail,
        }
    }
}

/// Renders `report` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    opts: &RenderOptions<'_>,
) -> Result<String, RenderError> {
    match format {
        Format::Human => Ok(human::render(report, opts.color)),
        Format::Json => json::render(report),
        Format::Markdown => {
            let ctx = context::ReportContext::new(report, opts.links, usize::MAX);
            opts.templates
                .render("report.md.j2", context::Root { r: ctx })
        }
        Format::Github => Ok(workflow::render(report)),
        Format::Sarif => sarif::render(report),
    }
}
