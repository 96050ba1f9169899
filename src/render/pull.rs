//! A pull request as the bar-raiser commands show it: the header `review` puts over
//! the report, and what `approve` and `request-changes` say they recorded.

use super::LinkBase;
use crate::Verdict;
use crate::approval::Action;
use crate::github::{Repo, Review};
use crate::pr::{Judged, ReadFrom};
use crate::short;

/// Where the findings of `judged` link to: its head commit, on the server its web
/// link names (`https://github.com`, or a GitHub Enterprise host).
pub fn links(repo: &Repo, judged: &Judged) -> LinkBase {
    LinkBase {
        server_url: judged
            .pull
            .html_url
            .split('/')
            .take(3)
            .collect::<Vec<_>>()
            .join("/"),
        repo: repo.to_string(),
        sha: judged.pull.head_sha.clone(),
    }
}

/// Lines naming the pull request, where its content was read from, its full head
/// (what `approve --expect-head` takes), then its link.
pub fn review_header(repo: &Repo, judged: &Judged) -> String {
    let pull = &judged.pull;
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{repo}#{}: {}\nby {} · {}\nhead {}\n{}\n",
        pull.number,
        one_line(&pull.title),
        one_line(&pull.author),
        match judged.read_from {
            ReadFrom::Local => "read from the local clone",
            ReadFrom::Api => "read through the GitHub API",
        },
        pull.head_sha,
        pull.html_url,
    )
}

/// What was recorded: the decision, the files it binds with their blobs, the
/// review's link, and for an approval what it changes (or does not) for the verdict.
pub fn recorded(
    repo: &Repo,
    judged: &Judged,
    login: &str,
    action: Action,
    review: &Review,
) -> String {
    // One bound file a line, so the text fits a narrow terminal.
    let files: Vec<String> = judged
        .bound
        .iter()
        .map(|f| format!("\n  {} ({})", f.path, short(&f.blob)))
        .collect();
    let what = match action {
        Action::Approve => "Approved",
        Action::RequestChanges => "Requested changes to",
    };
    let mut text = format!(
        "{what} {repo}#{} at {} as {login}, bound to:{}\n{}\n",
        judged.pull.number,
        short(&judged.pull.head_sha),
        if files.is_empty() {
            " no change description".to_owned()
        } else {
            files.concat()
        },
        review.html_url
    );
    let decided = &judged.decision;
    if action == Action::Approve {
        if decided.verdict == Verdict::Blocked {
            text.push_str("note: the checks are blocked; the verdict stays blocked until the blockers are fixed.\n");
        }
        let after = decided.valid_with_approval_by(login);
        if decided.verdict == Verdict::NeedsApproval && after < decided.needed {
            text.push_str(&format!(
                "{after} of {} valid approvals once counted; {} more needed.\n",
                decided.needed,
                decided.needed - after
            ));
        }
    }
    text
}
