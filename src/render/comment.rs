//! The sticky pull-request comment, kept under GitHub's size limit.

use super::context::ReportContext;
use super::{RenderError, RenderOptions};
use crate::decide::Report;

/// Largest comment body produced, in bytes. GitHub rejects bodies of 65,536
/// characters or more; counting bytes keeps a margin for any character width.
pub const MAX_COMMENT_BYTES: usize = 65_000;

/// Renders the sticky comment for `report` from `comment.md.j2`.
///
/// When the whole report does not fit in [`MAX_COMMENT_BYTES`], whole findings
/// are dropped from the end and the template says how many were omitted.
pub fn comment(report: &Report, opts: &RenderOptions<'_>) -> Result<String, RenderError> {
    let render = |keep: usize| {
        let ctx = ReportContext::new(report, opts.links, keep);
        opts.templates
            .render("comment.md.j2", super::context::Root { r: ctx })
    };
    let total: usize = report.changes.iter().map(|c| c.findings.len()).sum();
    let full = render(total)?;
    if full.len() <= MAX_COMMENT_BYTES {
        return Ok(full);
    }

    // The body grows with every finding kept, so the largest count that fits
    // is found by bisection: about 15 renders for thousands of findings.
    let (mut fits, mut too_many) = (0, total);
    let mut best = render(0)?;
    if best.len() > MAX_COMMENT_BYTES {
        return Ok(minimal(report));
    }
    while too_many - fits > 1 {
        let mid = fits + (too_many - fits) / 2;
        let body = render(mid)?;
        if body.len() <= MAX_COMMENT_BYTES {
            fits = mid;
            best = body;
        } else {
            too_many = mid;
        }
    }
    Ok(best)
}

/// A last resort when even the report without findings is too long (thousands
/// of changes or notes): the marker, the verdict line and a pointer to the full
/// report, which always fits.
fn minimal(report: &Report) -> String {
    format!(
        "{}\n{}\n\n> The full report is too long for a pull-request comment. \
         Run `barraiser check` locally, or read the job summary, to see it.\n",
        super::COMMENT_MARKER,
        super::verdict::markdown_line(report)
    )
}
