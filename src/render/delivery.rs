//! What `barraiser ci` prints and writes besides the report: the dry run's preview,
//! workflow-command warnings for the job log, and the action's step outputs.

use super::workflow::escape_data;
use crate::decide::Report;
use crate::github::DeliveryPlan;

/// Exactly what a delivery would send, for `--dry-run`.
pub fn dry_run(plan: &DeliveryPlan) -> String {
    format!(
        "--- comment on {}#{} ---\n{}\n--- status `barraiser` on {}: {:?}: {} ---\n--- annotations ---\n{}",
        plan.repo,
        plan.pr,
        plan.comment_body,
        plan.head_sha,
        plan.status.state,
        plan.status.description,
        plan.annotations
    )
}

/// A warning for the job log, as a workflow command escaped as the Actions toolkit does.
pub fn warning(text: &str) -> String {
    format!("::warning title=barraiser::{}\n", escape_data(text))
}

/// The step outputs (`verdict`, `comment-url`) as `GITHUB_OUTPUT` lines. A verdict
/// that input errors made unreliable is `error`; a URL that would break a line is left out.
pub fn step_outputs(report: &Report, comment_url: Option<&str>) -> String {
    let verdict = if report.errors.is_empty() {
        report.verdict.as_str()
    } else {
        "error"
    };
    match comment_url.filter(|u| !u.contains(['\n', '\r'])) {
        Some(url) => format!("verdict={verdict}\ncomment-url={url}\n"),
        None => format!("verdict={verdict}\n"),
    }
}
