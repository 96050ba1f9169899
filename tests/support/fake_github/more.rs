//! The gate's GitHub behaviour: deleting comments, check runs, GitHub App tokens,
//! lists that lag behind writes, racing runs, and GitHub's cap of 3,000 files per
//! pull request.

use super::state::comment_json;
use super::*;

// ---------------------------------------------------------------------------------------
// Added for the gate's GitHub behaviour (tests/gate_github.rs): deleting comments, check
// runs, GitHub App tokens, lists that lag behind writes, racing runs, and GitHub's cap of
// 3,000 files per pull request.

/// GitHub lists at most this many files of a pull request.
pub const MAX_PULL_FILES: usize = 3_000;

/// GitHub lists at most this many commits of a pull request.
pub const MAX_PULL_COMMITS: usize = 250;

/// Routes served by `route_more`, spelled as in GitHub's OpenAPI description.
pub const MORE_ROUTES: &[(&str, &str)] = &[
    (
        "DELETE",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ),
    ("POST", "/repos/{owner}/{repo}/check-runs"),
];

/// A stored check run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeCheckRun {
    pub name: String,
    pub head_sha: String,
    pub status: String,
    pub conclusion: Option<String>,
    pub title: String,
    pub summary: String,
    pub details_url: Option<String>,
    /// The app that created it (its slug).
    pub app: String,
}

#[derive(Default)]
pub(super) struct More {
    /// Tokens whose `GET /user` answers 404 rather than 403.
    pub(super) user_not_found: std::collections::HashSet<String>,
    /// Comments created from now on stay out of this many comment lists each.
    pub(super) list_lag: usize,
    /// Comment id -> lists it still stays out of.
    pub(super) hidden: HashMap<u64, usize>,
    /// Posted, as by another run, just before the next comment create is applied.
    pub(super) race: Option<(String, String)>,
    /// How long `serve` holds the current answer.
    pub(super) delay: Option<std::time::Duration>,
    pub(super) check_runs: BTreeMap<(String, String), Vec<FakeCheckRun>>,
    /// Commit emails GitHub matches to an account (lowercase email -> login).
    pub(super) emails: HashMap<String, String>,
}

pub(super) fn app_json(slug: &str) -> Value {
    json!({ "id": 1, "slug": slug, "name": slug, "owner": { "login": "acme", "id": 1 } })
}

impl FakeGitHub {
    /// A GitHub App installation token of app `slug`: comments as `<slug>[bot]`, and its
    /// `GET /user` is refused with `user_status` (403 or 404, as GitHub answers).
    pub fn add_app_token(&self, token: &str, slug: &str, user_status: u16) {
        self.add_token(
            token,
            TokenInfo {
                login: format!("{slug}[bot]"),
                installation: true,
                can_write: true,
            },
        );
        if user_status == 404 {
            self.state().more.user_not_found.insert(token.to_owned());
        }
    }

    /// Each comment created from now on stays out of the next `lists` comment lists, as
    /// when GitHub answers a read from a replica that has not caught up with a write.
    pub fn lag_comment_lists(&self, lists: usize) {
        self.state().more.list_lag = lists;
    }

    /// Just before the next comment create is applied, `author` posts `body`: another
    /// run of the same job, racing this one.
    pub fn race_next_comment(&self, author: &str, body: &str) {
        self.state().more.race = Some((author.to_owned(), body.to_owned()));
    }

    /// Moves a pull request's base, as GitHub does when the base branch moves.
    pub fn set_base(&self, repo: &str, pr: u64, base_sha: &str) {
        if let Some(p) = self.state().pulls.get_mut(&(repo.to_owned(), pr)) {
            p.base_sha = base_sha.to_owned();
        }
    }

    /// Makes GitHub match commits with `email` to the account `login`, as a verified
    /// email of that account is.
    pub fn add_email(&self, email: &str, login: &str) {
        self.state()
            .more
            .emails
            .insert(email.to_lowercase(), login.to_owned());
    }

    /// The check runs on a commit, oldest first.
    pub fn check_runs(&self, repo: &str, sha: &str) -> Vec<FakeCheckRun> {
        self.state()
            .more
            .check_runs
            .get(&(repo.to_owned(), sha.to_owned()))
            .cloned()
            .unwrap_or_default()
    }
}

impl State {
    /// The added routes and behaviours, then the original ones.
    pub(super) fn route_more(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        who: &TokenInfo,
        token: Option<&str>,
    ) -> Reply {
        if let Some(answer) = self.route_dept(method, path, query, body, who, token) {
            return answer;
        }
        let found = MORE_ROUTES
            .iter()
            .filter(|(m, _)| *m == method)
            .find_map(|(_, t)| match_template(t, path).map(|p| (*t, p)));
        if let Some((template, params)) = found {
            if !who.can_write {
                return message(403, "Resource not accessible by integration");
            }
            let repo = format!("{}/{}", params[0], params[1]);
            return match template {
                "/repos/{owner}/{repo}/check-runs" => self.create_check_run(&repo, body, who),
                _ => self.delete_comment(&repo, &params[2]),
            };
        }
        if method == "GET"
            && path == "/user"
            && token.is_some_and(|t| self.more.user_not_found.contains(t))
        {
            return message(404, "Not Found");
        }
        let comments = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
        let files = "/repos/{owner}/{repo}/pulls/{pull_number}/files";
        let pull = "/repos/{owner}/{repo}/pulls/{pull_number}";
        if method == "GET"
            && let Some(params) = match_template(comments, path)
        {
            return self.list_comments_lagging(&params, path, query);
        }
        if method == "POST" && match_template(comments, path).is_some() {
            if let (Some((author, text)), Some(params)) =
                (self.more.race.take(), match_template(comments, path))
            {
                let repo = format!("{}/{}", params[0], params[1]);
                if let Ok(pr) = params[2].parse::<u64>() {
                    self.new_comment(&repo, pr, &author, &text);
                }
            }
            let out = self.route(method, path, query, body, who);
            if self.more.list_lag > 0
                && let Some(id) = out.body.get("id").and_then(Value::as_u64)
            {
                self.more.hidden.insert(id, self.more.list_lag);
            }
            return out;
        }
        if method == "GET"
            && let Some(params) = match_template(files, path)
        {
            let repo = format!("{}/{}", params[0], params[1]);
            return match self.pull_files_of(&repo, &params[2]) {
                Some(mut items) => {
                    items.truncate(MAX_PULL_FILES);
                    self.page(path, query, items)
                }
                None => message(404, "Not Found"),
            };
        }
        let mut out = self.route(method, path, query, body, who);
        if method == "GET"
            && out.status == 200
            && let Some(params) = match_template(pull, path)
        {
            let repo = format!("{}/{}", params[0], params[1]);
            if let Some(items) = self.pull_files_of(&repo, &params[2]) {
                out.body["changed_files"] = json!(items.len());
            }
            if let Some(items) = self.pull_commits_of(&repo, &params[2]) {
                out.body["commits"] = json!(items.len());
            }
        }
        out
    }

    pub(super) fn pull_files_of(&self, repo: &str, number: &str) -> Option<Vec<Value>> {
        let pull = self.pulls.get(&(repo.to_owned(), number.parse().ok()?))?;
        fake_git::pull_files(self.gits.get(repo)?, &pull.base_sha, &pull.head_sha)
    }

    /// The commits of a pull request, every one (the route caps them as GitHub does).
    pub(super) fn pull_commits_of(&self, repo: &str, number: &str) -> Option<Vec<Value>> {
        let pull = self.pulls.get(&(repo.to_owned(), number.parse().ok()?))?;
        let emails = &self.more.emails;
        // GitHub's own matches: its web UI's committer, private no-reply addresses, and
        // the verified emails of accounts.
        let login_of = |email: &str| -> Option<String> {
            let email = email.to_lowercase();
            if email == "noreply@github.com" {
                return Some("web-flow".into());
            }
            if let Some(local) = email.strip_suffix("@users.noreply.github.com") {
                return Some(local.rsplit('+').next().unwrap_or(local).to_owned());
            }
            emails.get(&email).cloned()
        };
        fake_git::pull_commits(
            self.gits.get(repo)?,
            &pull.base_sha,
            &pull.head_sha,
            &login_of,
        )
    }

    pub(super) fn list_comments_lagging(
        &mut self,
        params: &[String],
        path: &str,
        query: &str,
    ) -> Reply {
        let repo = format!("{}/{}", params[0], params[1]);
        let Some(pr) = params[2].parse::<u64>().ok() else {
            return message(404, "Not Found");
        };
        let hidden = &mut self.more.hidden;
        let items: Vec<Value> = self
            .comments
            .get(&(repo.clone(), pr))
            .into_iter()
            .flatten()
            .filter(|c| match hidden.get_mut(&c.id) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|c| comment_json(c, &repo, pr))
            .collect();
        self.page(path, query, items)
    }

    pub(super) fn delete_comment(&mut self, repo: &str, id: &str) -> Reply {
        let Some(id) = id.parse::<u64>().ok() else {
            return message(404, "Not Found");
        };
        for ((r, _), list) in self.comments.iter_mut() {
            if r == repo
                && let Some(at) = list.iter().position(|c| c.id == id)
            {
                list.remove(at);
                return reply(204, Value::Null);
            }
        }
        message(404, "Not Found")
    }

    /// `POST /repos/{o}/{r}/check-runs`: only GitHub Apps may create check runs.
    pub(super) fn create_check_run(&mut self, repo: &str, body: &str, who: &TokenInfo) -> Reply {
        let Some(app) = who.login.strip_suffix("[bot]").filter(|_| who.installation) else {
            return message(403, "You must authenticate via a GitHub App.");
        };
        let input: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let (Some(name), Some(head_sha)) = (text(&input["name"]), text(&input["head_sha"])) else {
            return message(422, "Invalid request: name and head_sha are required.");
        };
        let conclusion = text(&input["conclusion"]);
        let details_url = text(&input["details_url"]);
        if conclusion.as_deref() == Some("action_required") && details_url.is_none() {
            return message(
                422,
                "Invalid request: details_url is required for action_required.",
            );
        }
        let summary = text(&input["output"]["summary"]).unwrap_or_default();
        if summary.chars().count() > 65_535 {
            return message(
                422,
                "Invalid request: output.summary is too long (maximum is 65535 characters)",
            );
        }
        let run = FakeCheckRun {
            name,
            head_sha: head_sha.clone(),
            status: text(&input["status"]).unwrap_or_else(|| "queued".into()),
            conclusion,
            title: text(&input["output"]["title"]).unwrap_or_default(),
            summary,
            details_url,
            app: app.to_owned(),
        };
        self.next_id += 1;
        let answer = json!({
            "id": self.next_id, "name": run.name, "head_sha": run.head_sha,
            "status": run.status, "conclusion": run.conclusion,
            "app": app_json(app),
        });
        self.more
            .check_runs
            .entry((repo.to_owned(), head_sha))
            .or_default()
            .push(run);
        reply(201, answer)
    }
}
