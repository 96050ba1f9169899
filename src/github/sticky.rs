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

/// Whose comments count as the tool's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "login", rename_all = "kebab-case")]
pub enum Own {
    /// A known login: `GET /user`'s answer, or `--bot-login`.
    Login(String),
    /// A GitHub App installation token, which `GET /user` refuses: comments made through
    /// a GitHub App (`performed_via_github_app`) by that app's own bot account
    /// (`<slug>[bot]`), or by `github-actions[bot]`.
    App,
}

impl Own {
    /// Whether `comment` was written by this identity (the marker is checked elsewhere).
    pub fn wrote(&self, comment: &Comment) -> bool {
        match self {
            Own::Login(login) => comment.author.eq_ignore_ascii_case(login),
            // An app acting for a person (a user-to-server token) writes as that person,
            // so only the app's bot account counts.
            Own::App => {
                comment.author.eq_ignore_ascii_case(ACTIONS_BOT_LOGIN)
                    || comment.app.as_deref().is_some_and(|slug| {
                        comment
                            .author
                            .strip_suffix("[bot]")
                            .is_some_and(|name| name.eq_ignore_ascii_case(slug))
                    })
            }
        }
    }
}

/// Who the token comments as.
///
/// `bot_login` (`--bot-login`) names it outright. Otherwise `GET /user` answers for
/// personal and fine-grained tokens; GitHub App installation tokens (the Actions
/// `GITHUB_TOKEN` among them) get a 403 or a 404 there, and their comments are
/// recognised by the app they were made through.
pub fn own_identity(gh: &dyn GitHub, bot_login: Option<&str>) -> Result<Own, Error> {
    if let Some(login) = bot_login.map(str::trim).filter(|s| !s.is_empty()) {
        return Ok(Own::Login(login.to_owned()));
    }
    match gh.viewer_login() {
        Ok(login) => Ok(Own::Login(login)),
        Err(e) if e.is_forbidden() || e.status() == Some(404) => Ok(Own::App),
        Err(e) => Err(e),
    }
}

/// Whether `body` carries the marker where the tool writes it: alone on the first line.
pub fn is_marked(body: &str) -> bool {
    body.lines().next().map(str::trim) == Some(MARKER)
}

/// The tool's comments among `comments`, oldest first: marked on their first line and
/// written by `own`.
///
/// Anyone can paste the marker, so a comment by another author, or with the marker
/// anywhere but the first line, is never a match. With an App token and comments by
/// several apps, the app of the oldest one is taken; `--bot-login` settles it instead.
pub fn own_comments<'a>(comments: &'a [Comment], own: &Own) -> Vec<&'a Comment> {
    let mut ours: Vec<&Comment> = comments
        .iter()
        .filter(|c| is_marked(&c.body) && own.wrote(c))
        .collect();
    ours.sort_by_key(|c| c.id);
    if *own == Own::App
        && let Some(first) = ours.first().map(|c| c.author.clone())
    {
        ours.retain(|c| c.author.eq_ignore_ascii_case(&first));
    }
    ours
}

/// The tool's comment among `comments` (the oldest of its own), for a known login.
#[cfg(test)]
fn find_ours<'a>(comments: &'a [Comment], own_login: &str) -> Option<&'a Comment> {
    own_comments(comments, &Own::Login(own_login.to_owned()))
        .first()
        .copied()
}

/// Makes `body` a valid sticky body: the marker alone on the first line, under GitHub's
/// length limit.
pub fn prepare_body(body: &str) -> String {
    let with_marker = if is_marked(body) {
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
    close_open_blocks(&mut out);
    out.push_str("\n\n---\n**Truncated:** this verdict is longer than a GitHub comment allows. ");
    out.push_str("The job summary of this run has the full text.\n");
    out
}

/// Closes the code fence and `<details>` blocks a cut left open.
pub(crate) fn close_open_blocks(out: &mut String) {
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
}

/// Posts or updates the verdict comment so that exactly one of the tool's own exists.
///
/// A create that fails ambiguously (5xx, timeout) may still have gone through, so the
/// comments are listed again before it is ever resent. After a create, the comments are
/// listed once more and converged: the oldest own comment is kept and carries `body`,
/// and every other own comment is deleted. Two runs racing, or a list that lagged
/// behind a create, thus still end with one comment.
pub fn upsert(
    gh: &dyn GitHub,
    repo: &Repo,
    pr: u64,
    own: &Own,
    body: &str,
) -> Result<StickyAction, Error> {
    let mut comments = gh.list_issue_comments(repo, pr)?;
    let mut creates = 0;
    let created = loop {
        if !own_comments(&comments, own).is_empty() {
            return converge(gh, repo, &comments, own, body, None);
        }
        creates += 1;
        match gh.create_issue_comment(repo, pr, body) {
            Ok(comment) => break comment,
            Err(e) if e.is_ambiguous() && creates < MAX_CREATES => {
                comments = gh.list_issue_comments(repo, pr)?;
            }
            Err(e) => return Err(e),
        }
    };
    // Now the exact author is known, whatever `own` said.
    let own = Own::Login(created.author.clone());
    let mut comments = gh.list_issue_comments(repo, pr)?;
    if !comments.iter().any(|c| c.id == created.id) {
        // The list lags behind the create; the comment exists all the same.
        comments.push(created.clone());
    }
    converge(gh, repo, &comments, &own, body, Some(created))
}

/// Keeps the oldest own comment in `comments` with `body`, deleting the other own ones.
fn converge(
    gh: &dyn GitHub,
    repo: &Repo,
    comments: &[Comment],
    own: &Own,
    body: &str,
    created: Option<Comment>,
) -> Result<StickyAction, Error> {
    let ours = own_comments(comments, own);
    let Some((keep, extra)) = ours.split_first() else {
        // Unreachable in practice: callers only converge when an own comment exists.
        return created.map_or_else(
            || Err(Error::Setup("no comment to keep".into())),
            |comment| Ok(StickyAction::Created { comment }),
        );
    };
    for duplicate in extra {
        match gh.delete_issue_comment(repo, duplicate.id) {
            // Another run deleted it first.
            Err(e) if e.status() == Some(404) => {}
            other => other?,
        }
    }
    let kept_created = created.as_ref().is_some_and(|c| c.id == keep.id);
    if kept_created {
        return Ok(StickyAction::Created {
            comment: (*keep).clone(),
        });
    }
    if keep.body == body {
        return Ok(StickyAction::Unchanged {
            comment: (*keep).clone(),
        });
    }
    let comment = gh.update_issue_comment(repo, keep.id, body)?;
    Ok(StickyAction::Updated { comment })
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
            app: None,
        }
    }

    #[test]
    fn ours_needs_both_marker_and_author() {
        let comments = [
            comment(1, "mallory", &format!("{MARKER}\nfake")),
            comment(2, "github-actions[bot]", "no marker"),
            comment(3, "GitHub-Actions[bot]", &format!("{MARKER}\nreal")),
        ];
        assert_eq!(
            find_ours(&comments, "github-actions[bot]").map(|c| c.id),
            Some(3)
        );
        assert_eq!(find_ours(&comments[..2], "github-actions[bot]"), None);
    }

    #[test]
    fn body_gets_the_marker_on_its_first_line() {
        assert!(prepare_body("hello").starts_with(&format!("{MARKER}\n")));
        let first = format!("{MARKER}\nx\n");
        assert_eq!(prepare_body(&first), first);
        // A marker further down is only text: the first line still gets its own.
        let later = format!("x\n{MARKER}\n");
        assert_eq!(prepare_body(&later), format!("{MARKER}\n{later}"));
    }

    #[test]
    fn the_marker_counts_only_on_the_first_line() {
        let comments = [
            comment(1, "github-actions[bot]", &format!("quoting:\n{MARKER}\n")),
            comment(2, "github-actions[bot]", &format!("{MARKER} and more")),
            comment(3, "github-actions[bot]", &format!("{MARKER}\nverdict")),
        ];
        assert_eq!(
            find_ours(&comments, "github-actions[bot]").map(|c| c.id),
            Some(3)
        );
    }

    #[test]
    fn an_app_token_owns_its_bot_comments_only() {
        let marked = format!("{MARKER}\nverdict");
        let mut by_app = comment(5, "gate-app[bot]", &marked);
        by_app.app = Some("gate-app".into());
        // A person writing through an app (a user-to-server token) is not the app.
        let mut by_person = comment(4, "mallory", &marked);
        by_person.app = Some("gate-app".into());
        let plain_bot = comment(3, "other[bot]", &marked);
        let comments = [plain_bot, by_person, by_app];
        let ours: Vec<u64> = own_comments(&comments, &Own::App)
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ours, [5]);
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
