//! `barraiser queue`: open pull requests waiting for bar-raiser approval, across repositories.

use anyhow::Context;
use barraiser::github::{Client, GitHub, PullState};
use barraiser::pr::queue::{self, QueueItem};
use barraiser::pr::{self, Judged};
use barraiser::render::Templates;
use serde::Serialize;

use super::api::{self, ReposArgs};
use super::{emit, warn};

/// Output formats of `queue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum QueueFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Markdown from templates/queue.md.j2, for meeting notes.
    Markdown,
    /// JSON: `{"version": 1, "items": [...]}`.
    Json,
}

/// Arguments of `barraiser queue`.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    #[command(flatten)]
    repos: ReposArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: QueueFormat,
}

/// An agenda item with the judged pull request behind it (office hours reuses it).
pub struct Entry {
    /// The row.
    pub item: QueueItem,
    /// The pull request, judged.
    pub judged: Judged,
}

/// Builds the ordered agenda. Pull requests that cannot be judged are reported and skipped.
pub fn collect(client: &Client, repos: &[String]) -> anyhow::Result<Vec<Entry>> {
    let local = api::local();
    let mut entries = Vec::new();
    for name in repos {
        let repo = api::repo(name)?;
        let pulls = client
            .list_pulls(&repo, PullState::Open, None)
            .with_context(|| format!("cannot list the open pull requests of {repo}"))?;
        for pull in pulls.into_iter().filter(|p| !p.draft) {
            let number = pull.number;
            match pr::judge(client, &repo, pull, local.as_ref()) {
                Ok(judged) => {
                    if let Some(item) = queue::item(&repo.to_string(), &judged) {
                        entries.push(Entry { item, judged });
                    }
                }
                Err(e) => warn(&format!("{repo}#{number} skipped: {e}")),
            }
        }
    }
    let mut items: Vec<QueueItem> = entries.iter().map(|e| e.item.clone()).collect();
    queue::order(&mut items);
    let mut ordered = Vec::with_capacity(entries.len());
    for item in items {
        if let Some(i) = entries.iter().position(|e| e.item == item) {
            ordered.push(entries.swap_remove(i));
        }
    }
    Ok(ordered)
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    item: &'a QueueItem,
    age: String,
}

/// Runs `queue`.
pub fn run(args: QueueArgs) -> anyhow::Result<u8> {
    let client = api::client()?;
    let entries = collect(&client, &args.repos.repos)?;
    let now = jiff::Timestamp::now();
    let rows: Vec<Row<'_>> = entries
        .iter()
        .map(|e| Row {
            item: &e.item,
            age: queue::age(e.item.created, now),
        })
        .collect();
    let text = match args.format {
        QueueFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "items": rows }))?;
            text.push('\n');
            text
        }
        QueueFormat::Markdown => Templates::embedded()?.render(
            "queue.md.j2",
            serde_json::json!({
                "generated_at": now.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                "repos": args.repos.repos,
                "items": rows,
            }),
        )?,
        QueueFormat::Table => table(&rows),
    };
    emit(&text)?;
    Ok(0)
}

fn table(rows: &[Row<'_>]) -> String {
    if rows.is_empty() {
        return "Nothing is waiting for bar-raiser approval.\n".to_owned();
    }
    let clean = |s: &str| {
        let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // Terminal escapes in titles must not reach the terminal.
        line.chars().filter(|c| !c.is_control()).collect::<String>()
    };
    let header = [
        "WINDOW",
        "RISK",
        "PR",
        "TITLE",
        "SERVICE",
        "AUTHOR",
        "AGE",
        "FINDINGS",
        "APPROVALS",
        "LINK",
    ];
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for r in rows {
        let i = r.item;
        cells.push(vec![
            i.window_start
                .map_or_else(|| "-".to_owned(), |w| w.to_string()),
            i.risk.map_or("", |r| r.as_str()).to_owned(),
            format!("{}#{}", i.repo, i.number),
            clean(&i.title).chars().take(50).collect(),
            clean(&i.service),
            clean(&i.author),
            r.age.clone(),
            i.findings.to_string(),
            format!("{}/{}", i.approvals_valid, i.approvals_needed),
            i.url.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
