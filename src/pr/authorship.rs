//! Who wrote the commits of a pull request, read for the approvers that could count:
//! the commits come from GitHub's pulls commits API (which maps emails to logins),
//! and what each commit changes from where the content is read (the clone or the
//! contents API), through the same [`Bindings`] that judge staleness, so both agree.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::approval::BoundFile;
use crate::decide::{Authorship, Bindings, Contribution, Role, Touch, Unmapped};
use crate::github::{self, CommitIdentity, GitHub, PullCommit, Repo};

/// GitHub's committer for what its web UI commits (merges, suggestions, "Update
/// branch"): not a person, so it excludes no one.
const WEB_FLOW: &str = "web-flow";
/// The committer email of GitHub's web UI.
const WEB_FLOW_EMAIL: &str = "noreply@github.com";
/// GitHub's private commit emails: `ID+login@users.noreply.github.com` (or, for older
/// accounts, `login@users.noreply.github.com`).
const NOREPLY: &str = "@users.noreply.github.com";
/// Notes about unmapped identities shown at most.
const MAX_UNMAPPED: usize = 10;

/// Who of `logins` wrote a commit of pull request `number` that changes a file of
/// `bound`. Reads nothing when `logins` is empty.
pub(crate) fn authorship(
    gh: &dyn GitHub,
    repo: &Repo,
    number: u64,
    bound: &[BoundFile],
    bindings: &dyn Bindings,
    logins: &[String],
) -> Result<Authorship, github::Error> {
    if logins.is_empty() || bound.is_empty() {
        return Ok(Authorship::default());
    }
    let commits = gh.list_pull_commits(repo, number)?;
    Ok(of_commits(&commits, bound, bindings, logins))
}

/// One person of a commit: their login, or `Name <email>` when none is known.
type Person = (Role, Result<String, String>);

fn of_commits(
    commits: &[PullCommit],
    bound: &[BoundFile],
    bindings: &dyn Bindings,
    logins: &[String],
) -> Authorship {
    let known = known_emails(commits);
    let paths: Vec<String> = bound.iter().map(|f| f.path.clone()).collect();
    let cached = Cached {
        inner: bindings,
        seen: RefCell::new(HashMap::new()),
    };
    let wanted = |login: &str| logins.iter().any(|l| l.eq_ignore_ascii_case(login));
    let mut out = Authorship::default();
    for commit in commits {
        let people = people(commit, &known);
        if !people
            .iter()
            .any(|(_, who)| who.as_ref().is_ok_and(|l| wanted(l)) || who.is_err())
        {
            continue;
        }
        let touch = match touched(commit, &paths, &cached) {
            Ok(None) => continue,
            Ok(Some(path)) => Touch::File(path),
            Err(why) => Touch::Unknown(why),
        };
        for (role, who) in people {
            match who {
                Ok(login) if wanted(&login) && out.of(&login).is_none() => {
                    out.contributions.push(Contribution {
                        login,
                        role,
                        commit: commit.sha.clone(),
                        touch: touch.clone(),
                    });
                }
                Ok(_) => {}
                Err(identity) => {
                    let new = !out.unmapped.iter().any(|u| u.identity == identity);
                    if new && matches!(touch, Touch::File(_)) && out.unmapped.len() < MAX_UNMAPPED {
                        out.unmapped.push(Unmapped {
                            role,
                            commit: commit.sha.clone(),
                            identity,
                        });
                    }
                }
            }
        }
    }
    out
}

/// Emails GitHub matched to a login somewhere in the pull request, so a
/// `Co-authored-by` trailer with the same email maps to that login.
fn known_emails(commits: &[PullCommit]) -> HashMap<String, String> {
    commits
        .iter()
        .flat_map(|c| [&c.author, &c.committer])
        .filter_map(|id| {
            let login = id.login.as_ref().filter(|l| !is_web_flow(l))?;
            (!id.email.is_empty()).then(|| (id.email.to_lowercase(), login.clone()))
        })
        .collect()
}

fn is_web_flow(login: &str) -> bool {
    login.eq_ignore_ascii_case(WEB_FLOW)
}

/// The login of a GitHub no-reply email.
fn noreply_login(email: &str) -> Option<String> {
    let lower = email.trim().to_lowercase();
    let local = lower.strip_suffix(NOREPLY)?;
    let login = local.rsplit_once('+').map_or(local, |(_, l)| l);
    let valid = !login.is_empty()
        && login.len() <= 39
        && login
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    valid.then(|| login.to_owned())
}

/// The login of an email: GitHub's no-reply form, or one GitHub matched elsewhere in
/// the pull request.
fn login_of(email: &str, known: &HashMap<String, String>) -> Option<String> {
    noreply_login(email).or_else(|| known.get(&email.trim().to_lowercase()).cloned())
}

fn identity(name: &str, email: &str) -> String {
    format!("{} <{}>", name.trim(), email.trim())
}

/// Everyone who took part in `commit`: author and committer (not `web-flow`) with a
/// known login, and every `Co-authored-by` trailer.
fn people(commit: &PullCommit, known: &HashMap<String, String>) -> Vec<Person> {
    let mut out = Vec::new();
    let mut git = |role: Role, id: &CommitIdentity| {
        let web_flow = id.login.as_deref().is_some_and(is_web_flow)
            || id.email.eq_ignore_ascii_case(WEB_FLOW_EMAIL);
        if web_flow || (id.email.is_empty() && id.login.is_none()) {
            return;
        }
        // An email GitHub matches to no account is shown unlinked on GitHub too; only
        // co-authors, whom GitHub never matches, are worth a note.
        if let Some(login) = id.login.clone().or_else(|| login_of(&id.email, known)) {
            out.push((role, Ok(login)));
        }
    };
    git(Role::Author, &commit.author);
    git(Role::Committer, &commit.committer);
    for (name, email) in co_authors(&commit.message) {
        let login = login_of(&email, known).filter(|l| !is_web_flow(l));
        out.push((Role::CoAuthor, login.ok_or_else(|| identity(&name, &email))));
    }
    out
}

/// Every `Co-authored-by: Name <email>` line of a message. Read anywhere in the
/// message, not only in the final trailer block: reading more can only exclude more.
fn co_authors(message: &str) -> Vec<(String, String)> {
    const KEY: &str = "co-authored-by:";
    message
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let head = line.get(..KEY.len())?;
            if !head.eq_ignore_ascii_case(KEY) {
                return None;
            }
            let rest = line.get(KEY.len()..)?.trim();
            let (name, email) = rest.split_once('<')?;
            let email = email.split('>').next()?.trim();
            (!email.is_empty()).then(|| (name.trim().to_owned(), email.to_owned()))
        })
        .collect()
}

/// The first of `paths` that `commit` changes: its content differs from that in
/// every parent (so a merge that only brings in the base changes nothing of its own).
fn touched(
    commit: &PullCommit,
    paths: &[String],
    bindings: &dyn Bindings,
) -> Result<Option<String>, String> {
    let at = bindings.blobs_at(&commit.sha, paths)?;
    let parents = commit
        .parents
        .iter()
        .map(|p| bindings.blobs_at(p, paths))
        .collect::<Result<Vec<_>, String>>()?;
    let none = vec![None; paths.len()];
    let parents = if parents.is_empty() {
        vec![none]
    } else {
        parents
    };
    Ok(paths
        .iter()
        .enumerate()
        .find(|(i, _)| parents.iter().all(|p| p.get(*i) != at.get(*i)))
        .map(|(_, path)| path.clone()))
}

/// What a commit's bound paths are bound to, or why it could not be read.
type Blobs = Result<Vec<Option<String>>, String>;

/// Bindings read once per commit: a commit is the next one's parent.
struct Cached<'b> {
    inner: &'b dyn Bindings,
    seen: RefCell<HashMap<String, Blobs>>,
}

impl Bindings for Cached<'_> {
    fn blobs_at(&self, commit: &str, paths: &[String]) -> Blobs {
        if let Some(hit) = self.seen.borrow().get(commit) {
            return hit.clone();
        }
        let found = self.inner.blobs_at(commit, paths);
        self.seen
            .borrow_mut()
            .insert(commit.to_owned(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noreply_emails_give_the_login() {
        assert_eq!(
            noreply_login("12345+Bob-B@users.noreply.github.com").as_deref(),
            Some("bob-b")
        );
        assert_eq!(
            noreply_login("bob@users.noreply.github.com").as_deref(),
            Some("bob")
        );
        assert_eq!(noreply_login("bob@example.com"), None);
        assert_eq!(noreply_login("+@users.noreply.github.com"), None);
    }

    #[test]
    fn co_author_trailers_are_read_in_any_case() {
        let message = "Fix\n\nco-authored-by: Bob B <bob@example.com>\nCo-Authored-By: x\nCo-authored-by: <a@b.c>\n";
        assert_eq!(
            co_authors(message),
            vec![
                ("Bob B".to_owned(), "bob@example.com".to_owned()),
                (String::new(), "a@b.c".to_owned())
            ]
        );
    }
}
