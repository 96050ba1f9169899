//! The one verdict comment per pull request: found by marker and author, updated in place.

use serde::Serialize;

use super::{Comment, Error, GitHub, Repo};

/// Hidden marker that identifies the verdict comment (only when its author is the tool).
pub const MARKER: &str = "<!-- barraiser:verdict -->";

/// GitHub rejects comment bodies longer than this many characters.
pub const MAX_BODY_CHARS: usize = 65_536;

/// Login that the Actions `GITHUB_TOKEN` comments as.
pub const ACTIONS_BOT_LOGIN: &str = "github-actions[bot]";

/// Headroom under the limit for the truncation note and closing tags.
const TRUNCATION_HEADROOM: usize = 1_024;

/// Creating is not idempotent; after this many ambiguous failures the tool stops trying.
const MAX_CREATES: usize = 2;

/// What happened to the sticky comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum StickyAction {
    /// A new comment was posted.
    Created {
        /// The comment.
        comment: Comment,
    },
    /// The existing comment was edited.
    Updated {
        /// The comment.
        comment: Comment,
    },
    /// The existing comment already said this; nothing was sent.
    Unchanged {
        /// The comment.
        comment: Comment,
    },
}

impl StickyAction {
    /// The comment, whichever way it came about.
    pub fn comment(&self) -> &Comment {
        match self {
            StickyAction::Created { comment }
            | StickyAction::Updated { comment }
            | StickyAction::Unchanged { comment } => comment,
        }
    }
}

/// The login whose comments count as the tool's own.
///
/// `GET /user` answers for personal and fine-grained tokens. The Actions installation token
/// gets a 403 there; it comments as `fallback` (`BARRAISER_BOT_LOGIN`) or `github-actions[bot]`.
pub fn own_login(gh: &dyn GitHub, fallback: Option<&str>) -> Result<String, Error> {
    match gh.viewer_login() {
        Ok(login) => Ok(login),
        Err(e) if e.is_forbidden() => Ok(fallback
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(ACTIONS_BOT_LOGIN)
            .trim()
            .to_owned()),
        Err(e) => Err(e),
    }
}

/// The tool's comment among `comments`: carries the marker and was written by `own_login`.
///
/// Anyone can paste the marker, so a comment by another author is never a match.
pub fn find_ours<'a>(comments: &'a [Comment], own_login: &str) -> Option<&'a Comment> {
    comments
        .iter()
        .find(|c| c.author.eq_ignore_ascii_case(own_login) && c.body.contains(MARKER))
}

/// Makes `body` a valid sticky body: marker present, under GitHub's length limit.
pub fn prepare_body(body: &str) -> String {
    let with_marker = if body.contains(MARKER) {
        body.to_owned()
    } else {
        format!("{MARKER}\n{body}")
    };
    truncate(&with_marker, MAX_BODY_CHARS)
}

/// Cuts `body` to at most `limit` characters at a line break, closing open code fences and
/// `<details>` blocks and saying that it was cut.
pub fn truncate(body: &str, limit: usize) -> String {
    if body.chars().count() <= limit {
        return body.to_owned();
    }
    let budget = limit.saturating_sub(TRUNCATION_HEADROOM);
    let cut = body
        .char_indices()
        .nth(budget)
        .map_or(body.len(), |(i, _)| i);
    let kept = &body[..cut];
    let kept = kept.rfind('\n').map_or(kept, |i| &kept[..i]);
    let mut out = kept.to_owned();
    let fences = out
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    if fences % 2 == 1 {
        out.push_str("\n```");
    }
    let open_details = out
        .matches("<details")
        .count()
        .saturating_sub(out.matches("</details>").count());
    for _ in 0..open_details {
        out.push_str("\n</details>");
    }
    out.push_str("\n\n---\n**Truncated:** this verdict is longer than a GitHub comment allows. ");
    out.push_str("The job summary of this run has the full text.\n");
    if !out.contains(MARKER) {
        out.push_str(MARKER);
        out.push('\n');
    }
    out
}

/// Posts or updates the verdict comment so that exactly one of the tool's own exists.
///
/// A failed create may still have gone through, so after an ambiguous failure the comments
/// are listed again and a comment that appeared is updated rather than duplicated.
pub fn upsert(
    gh: &dyn GitHub,
    repo: &Repo,
    pr: u64,
    own_login: &str,
    body: &str,
) -> Result<StickyAction, Error> {
    let mut comments = gh.list_issue_comments(repo, pr)?;
    let mut creates = 0;
    loop {
        if let Some(ours) = find_ours(&comments, own_login) {
            if ours.body == body {
                return Ok(StickyAction::Unchanged {
                    comment: ours.clone(),
                });
            }
            let comment = gh.update_issue_comment(repo, ours.id, body)?;
            return Ok(StickyAction::Updated { comment });
        }
        creates += 1;
        match gh.create_issue_comment(repo, pr, body) {
            Ok(comment) => return Ok(StickyAction::Created { comment }),
            Err(e) if e.is_ambiguous() && creates < MAX_CREATES => {
                comments = gh.list_issue_comments(repo, pr)?;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u64, author: &str, body: &str) -> Comment {
        Comment {
            id,
            author: author.into(),
            body: body.into(),
            html_url: format!("https://example/c/{id}"),
        }
    }

    #[test]
    fn ours_needs_both_marker_and_author() {
        let comments = [
            comment(1, "mallory", &format!("{MARKER} fake")),
            comment(2, "github-actions[bot]", "no marker"),
            comment(3, "GitHub-Actions[bot]", &format!("{MARKER} real")),
        ];
        assert_eq!(
            find_ours(&comments, "github-actions[bot]").map(|c| c.id),
            Some(3)
        );
        assert_eq!(find_ours(&comments[..2], "github-actions[bot]"), None);
    }

    #[test]
    fn body_gets_the_marker_once() {
        assert!(prepare_body("hello").starts_with(MARKER));
        let already = format!("x\n{MARKER}\n");
        assert_eq!(prepare_body(&already), already);
    }

    #[test]
    fn truncation_stays_under_the_limit_and_closes_fences() {
        let body = format!("{MARKER}\n<details>\n```\n{}", "é line\n".repeat(20_000));
        let cut = truncate(&body, MAX_BODY_CHARS);
        assert!(cut.chars().count() <= MAX_BODY_CHARS);
        assert!(cut.contains("**Truncated:**"));
        assert_eq!(cut.lines().filter(|l| l.starts_with("```")).count() % 2, 0);
        assert!(cut.contains("</details>"));
        assert!(cut.starts_with(MARKER));
    }

    #[test]
    fn short_bodies_are_untouched() {
        assert_eq!(truncate("short", 10), "short");
    }
}
