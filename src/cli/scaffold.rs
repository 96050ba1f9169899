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
/// The workflow for a central repository, required by a ruleset.
const WORKFLOW_REQUIRED: &str = include_str!("../../defaults/workflow-required.yml");
/// The workflow on `pull_request_target`, reporting through a GitHub App's check run.
const WORKFLOW_TARGET: &str = include_str!("../../defaults/workflow-target.yml");
const WORKFLOW_PATH: &str = ".github/workflows/barraiser.yml";

/// How the gate is deployed (docs/ci.md, "Deployment modes").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// A `pull_request` workflow in the repository; branch protection requires the
    /// `barraiser` status.
    #[default]
    PullRequest,
    /// A workflow in a central repository that an org or repository ruleset requires at
    /// a pinned commit; the gate is the workflow's own result.
    RequiredWorkflow,
    /// `pull_request_target` with the released binary, reporting through a check run made
    /// with a GitHub App token held in an environment limited to the default branch.
    PullRequestTarget,
}

impl Mode {
    fn workflow(self) -> &'static str {
        match self {
            Mode::PullRequest => WORKFLOW,
            Mode::RequiredWorkflow => WORKFLOW_REQUIRED,
            Mode::PullRequestTarget => WORKFLOW_TARGET,
        }
    }

    /// What to do after `init`, beyond filling in the policy.
    fn next_step(self) -> &'static str {
        match self {
            Mode::PullRequest => "",
            Mode::RequiredWorkflow => {
                "then: commit the workflow to a central repository and require it from there at a pinned commit in a ruleset (docs/ci.md, \"Deployment modes\")\n"
            }
            Mode::PullRequestTarget => {
                "then: create the gate's GitHub App and the `barraiser` environment, and require the `barraiser` check from that app (see the workflow's header and docs/ci.md, \"Deployment modes\")\n"
            }
        }
    }
}

fn policy_at(ws: &Workspace) -> anyhow::Result<Policy> {
    match ws.worktree().read(POLICY_PATH)? {
        Some(Entry::Text { text, .. }) => Ok(Policy::load(
            POLICY_PATH,
            &text,
            &super::central::CentralArgs::default().source(),
        )?),
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
#[cfg(test)]
fn workflow_at(action_ref: Option<&str>) -> anyhow::Result<String> {
    workflow_for(Mode::PullRequest, action_ref)
}

/// The workflow of `mode` with the action pinned at `action_ref`.
fn workflow_for(mode: Mode, action_ref: Option<&str>) -> anyhow::Result<String> {
    let workflow = mode.workflow();
    let default = default_uses_line();
    if !workflow.contains(&default) {
        bail!("internal: the {mode:?} workflow does not contain `{default}`");
    }
    let Some(reference) = action_ref else {
        return Ok(workflow.to_owned());
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
    Ok(workflow.replace(&default, &line))
}

/// `barraiser init`.
pub fn init(force: bool, action_ref: Option<&str>, mode: Mode) -> anyhow::Result<()> {
    let workflow = workflow_for(mode, action_ref)?;
    let ws = Workspace::discover(&cwd()?)?;
    let root = ws.root();
    write_new(&root.join(POLICY_PATH), DEFAULT_POLICY, force)?;
    write_new(&root.join(WORKFLOW_PATH), &workflow, force)?;
    emit(&format!(
        "wrote {POLICY_PATH} and {WORKFLOW_PATH}\nnext: add bar_raisers to {POLICY_PATH}, then `barraiser new my-first-change`\n{}",
        mode.next_step()
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
    fn every_mode_pins_the_action_the_same_way() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        for mode in [
            Mode::PullRequest,
            Mode::RequiredWorkflow,
            Mode::PullRequestTarget,
        ] {
            let text = workflow_for(mode, Some(sha)).unwrap_or_default();
            assert!(
                text.contains(&format!("@{sha} # pinned by commit")),
                "{mode:?}"
            );
            assert!(!text.contains("unpinned-uses"), "{mode:?}");
        }
    }

    #[test]
    fn the_target_mode_reports_through_the_app_and_never_checks_out_the_pull_request() {
        let text = workflow_for(Mode::PullRequestTarget, None).unwrap_or_default();
        assert!(text.contains("pull_request_target:"));
        assert!(text.contains("report: check-run"));
        assert!(text.contains("environment: barraiser"));
        assert!(
            !text.contains("ref:"),
            "the checkout stays on the default branch"
        );
        assert!(
            text.contains("version: "),
            "the released binary, not a build"
        );
    }

    #[test]
    fn a_ref_that_could_break_the_yaml_is_refused() {
        for bad in ["", "v1 # x", "v1\nrun: x", "a:b"] {
            assert!(workflow_at(Some(bad)).is_err(), "{bad:?}");
        }
    }
}
