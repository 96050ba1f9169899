//! `barraiser new` and `barraiser init`: write starter files, never overwriting silently.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use barraiser::parse::policy::{DEFAULT_POLICY, POLICY_PATH, Policy};
use barraiser::read::{Entry, Workspace};
use barraiser::render::Templates;

use super::{cwd, emit};

/// The workflow `init` writes.
const WORKFLOW: &str = include_str!("../../defaults/workflow.yml");
const WORKFLOW_PATH: &str = ".github/workflows/barraiser.yml";

fn policy_at(ws: &Workspace) -> anyhow::Result<Policy> {
    match ws.worktree().read(POLICY_PATH)? {
        Some(Entry::Text { text, .. }) => Ok(Policy::from_repo(POLICY_PATH, &text)?),
        Some(Entry::Rejected { reason, .. }) => bail!("{POLICY_PATH} {reason}"),
        None => Ok(Policy::embedded()?),
    }
}

fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!("{} already exists; not overwriting it", path.display());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// `barraiser new SLUG`.
pub fn new(slug: &str) -> anyhow::Result<()> {
    let valid = !slug.is_empty()
        && slug.len() <= 80
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if !valid {
        bail!(
            "`{slug}` is not a valid slug: use lowercase letters, digits and dashes, e.g. `orders-aurora-migration`"
        );
    }
    let ws = Workspace::discover(&cwd()?)?;
    let policy = policy_at(&ws)?;
    let rel = format!("{}/{slug}.md", policy.changes_dir);
    let now = jiff::Timestamp::now();
    let zoned = now.to_zoned(jiff::tz::TimeZone::UTC);
    let start = zoned
        .date()
        .tomorrow()
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .at(9, 0, 0, 0);
    let mut title = slug.replace('-', " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    let ctx = serde_json::json!({
        "slug": slug,
        "title": title,
        "today": zoned.date().to_string(),
        "start": format!("{start}Z"),
        "end": format!("{}Z", start.checked_add(jiff::Span::new().hours(2)).map_err(|e| anyhow::anyhow!("{e}"))?),
    });
    let text = Templates::embedded()?.render("change.md.j2", ctx)?;
    write_new(&ws.root().join(&rel), &text, false)?;
    emit(&format!(
        "wrote {rel}: fill in every TODO, then run `barraiser check {rel}`\n"
    ))
}

/// `barraiser init`.
pub fn init(force: bool) -> anyhow::Result<()> {
    let ws = Workspace::discover(&cwd()?)?;
    let root = ws.root();
    write_new(&root.join(POLICY_PATH), DEFAULT_POLICY, force)?;
    write_new(&root.join(WORKFLOW_PATH), WORKFLOW, force)?;
    emit(&format!(
        "wrote {POLICY_PATH} and {WORKFLOW_PATH}\nnext: add bar_raisers to {POLICY_PATH}, then `barraiser new my-first-change`\n"
    ))
}
