//! `barraiser new` and `barraiser init`: write starter files, never overwriting silently.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use barraiser::parse::policy::{DEFAULT_POLICY, POLICY_PATH, Policy};
use barraiser::read::{Entry, Workspace};
use barraiser::render::{self, Templates};

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
    let text = render::explain::new_change(slug, jiff::Timestamp::now(), &Templates::embedded()?)?;
    write_new(&ws.root().join(&rel), &text, false)?;
    emit(&format!(
        "wrote {rel}: fill in every TODO, then run `barraiser check {rel}`\n"
    ))
}

/// The action's `owner/name`, from the package's repository URL.
fn action_repo() -> &'static str {
    env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/")
}

/// The `uses:` line of the shipped workflow, which pins this version's release tag.
fn default_uses_line() -> String {
    format!(
        "uses: {}@v{} # zizmor: ignore[unpinned-uses]",
        action_repo(),
        env!("CARGO_PKG_VERSION")
    )
}

/// The workflow with the action pinned at `action_ref`. Any ref but a commit SHA is a tag
/// or branch, which zizmor rightly reports as movable, so it carries the same suppression
/// as the default.
fn workflow_at(action_ref: Option<&str>) -> anyhow::Result<String> {
    let default = default_uses_line();
    if !WORKFLOW.contains(&default) {
        bail!("internal: defaults/workflow.yml does not contain `{default}`");
    }
    let Some(reference) = action_ref else {
        return Ok(WORKFLOW.to_owned());
    };
    let valid = !reference.is_empty()
        && reference.len() <= 100
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    if !valid {
        bail!(
            "`{reference}` is not a git ref: use a release tag such as `v{}` or a 40-character commit SHA",
            env!("CARGO_PKG_VERSION")
        );
    }
    let is_sha = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    let line = if is_sha {
        format!("uses: {}@{reference} # pinned by commit", action_repo())
    } else {
        format!(
            "uses: {}@{reference} # zizmor: ignore[unpinned-uses]",
            action_repo()
        )
    };
    Ok(WORKFLOW.replace(&default, &line))
}

/// `barraiser init`.
pub fn init(force: bool, action_ref: Option<&str>) -> anyhow::Result<()> {
    let workflow = workflow_at(action_ref)?;
    let ws = Workspace::discover(&cwd()?)?;
    let root = ws.root();
    write_new(&root.join(POLICY_PATH), DEFAULT_POLICY, force)?;
    write_new(&root.join(WORKFLOW_PATH), &workflow, force)?;
    emit(&format!(
        "wrote {POLICY_PATH} and {WORKFLOW_PATH}\nnext: add bar_raisers to {POLICY_PATH}, then `barraiser new my-first-change`\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_workflow_is_the_shipped_file() {
        assert_eq!(workflow_at(None).ok().as_deref(), Some(WORKFLOW));
    }

    #[test]
    fn a_commit_sha_pins_without_a_suppression() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let text = workflow_at(Some(sha)).unwrap_or_default();
        let expected = format!("uses: {}@{sha} # pinned by commit\n", action_repo());
        assert!(text.contains(&expected), "{text}");
        assert!(!text.contains("unpinned-uses"), "{text}");
    }

    #[test]
    fn a_tag_keeps_the_suppression() {
        let text = workflow_at(Some("v9.9.9")).unwrap_or_default();
        assert!(
            text.contains("@v9.9.9 # zizmor: ignore[unpinned-uses]"),
            "{text}"
        );
    }

    #[test]
    fn a_ref_that_could_break_the_yaml_is_refused() {
        for bad in ["", "v1 # x", "v1\nrun: x", "a:b"] {
            assert!(workflow_at(Some(bad)).is_err(), "{bad:?}");
        }
    }
}
