//! The department's routes (issue 13): organization teams with child teams, and the
//! reviewers requested on a pull request.

use super::*;

/// Routes served by `route_dept`, spelled as in GitHub's OpenAPI description.
pub const DEPT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/orgs/{org}/repos"),
    ("GET", "/orgs/{org}/teams/{team_slug}/members"),
    (
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    ),
    (
        "POST",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    ),
];

#[derive(Clone, Debug, Default)]
pub(super) struct FakeTeam {
    parent: Option<String>,
    members: Vec<String>,
}

#[derive(Default)]
pub(super) struct Dept {
    /// `org/slug` -> team.
    teams: BTreeMap<String, FakeTeam>,
    /// Installation tokens granted the organization permission "Members: read".
    members_readers: std::collections::HashSet<String>,
    /// (repo, pr) -> logins whose review is requested.
    requested: BTreeMap<(String, u64), Vec<String>>,
    /// Repositories (`owner/name`) every route refuses with 403.
    forbidden: std::collections::HashSet<String>,
    /// org -> its repositories: (name, archived, default branch).
    org_repos: BTreeMap<String, Vec<(String, bool, String)>>,
}

impl FakeGitHub {
    /// Adds team `slug` of `org` (a child of `parent`, when given) with direct `members`.
    pub fn add_team(&self, org: &str, slug: &str, parent: Option<&str>, members: &[&str]) {
        self.state().dept.teams.insert(
            format!("{org}/{slug}"),
            FakeTeam {
                parent: parent.map(|p| format!("{org}/{p}")),
                members: members.iter().map(|m| (*m).to_owned()).collect(),
            },
        );
    }

    /// Grants an installation token the organization permission "Members: read" (user
    /// tokens of organization members have it; the Actions `GITHUB_TOKEN` never does).
    pub fn grant_members_read(&self, token: &str) {
        self.state().dept.members_readers.insert(token.to_owned());
    }

    /// Adds repository `name` to organization `org` (its full name is `org/name`).
    pub fn add_org_repo(&self, org: &str, name: &str, archived: bool, default_branch: &str) {
        self.state()
            .dept
            .org_repos
            .entry(org.to_owned())
            .or_default()
            .push((name.to_owned(), archived, default_branch.to_owned()));
    }

    /// Makes every `/repos/{owner}/{repo}/...` route of `repo` answer 403, as for a
    /// repository the token cannot read.
    pub fn forbid_repo(&self, repo: &str) {
        self.state().dept.forbidden.insert(repo.to_owned());
    }

    /// The logins whose review is requested on a pull request.
    pub fn requested_reviewers(&self, repo: &str, pr: u64) -> Vec<String> {
        self.state()
            .dept
            .requested
            .get(&(repo.to_owned(), pr))
            .cloned()
            .unwrap_or_default()
    }
}

fn user_json(login: &str) -> Value {
    json!({ "login": login, "id": 1, "type": "User" })
}

impl State {
    /// `GET /orgs/{org}/repos`, sorted by full name as asked, one page.
    fn org_repos_page(&self, org: &str, path: &str, query: &str) -> Reply {
        let Some(repos) = self.dept.org_repos.get(org) else {
            return message(404, "Not Found");
        };
        let mut repos = repos.clone();
        repos.sort();
        let items = repos
            .iter()
            .enumerate()
            .map(|(i, (name, archived, branch))| {
                json!({
                    "id": i + 1,
                    "node_id": format!("R_{i}"),
                    "name": name,
                    "full_name": format!("{org}/{name}"),
                    "private": false,
                    "archived": archived,
                    "disabled": false,
                    "default_branch": branch,
                    "owner": { "login": org, "id": 1, "type": "Organization" },
                    "html_url": format!("https://github.com/{org}/{name}"),
                })
            })
            .collect();
        self.page(path, query, items)
    }

    /// A team's members and, as GitHub lists them, its descendants' members.
    fn team_members(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut pending = vec![key.to_owned()];
        while let Some(team) = pending.pop() {
            if let Some(t) = self.dept.teams.get(&team) {
                out.extend(t.members.iter().cloned());
            }
            pending.extend(
                self.dept
                    .teams
                    .iter()
                    .filter(|(_, t)| t.parent.as_deref() == Some(team.as_str()))
                    .map(|(k, _)| k.clone()),
            );
        }
        out.sort_by_key(|l| l.to_lowercase());
        out.dedup();
        out
    }

    /// Answers the department's routes; None for any other.
    pub(super) fn route_dept(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        who: &TokenInfo,
        token: Option<&str>,
    ) -> Option<Reply> {
        let mut parts = path.trim_start_matches('/').splitn(4, '/');
        if let (Some("repos"), Some(owner), Some(name)) = (parts.next(), parts.next(), parts.next())
            && self.dept.forbidden.contains(&format!("{owner}/{name}"))
        {
            return Some(message(403, "Resource not accessible by integration"));
        }
        let (template, params) = DEPT_ROUTES
            .iter()
            .filter(|(m, _)| *m == method)
            .find_map(|(_, t)| match_template(t, path).map(|p| (*t, p)))?;
        if template == "/orgs/{org}/repos" {
            return Some(self.org_repos_page(&params[0], path, query));
        }
        let key = format!("{}/{}", params[0], params[1]);
        Some(match template {
            "/orgs/{org}/teams/{team_slug}/members" => {
                let granted = token.is_some_and(|t| self.dept.members_readers.contains(t));
                if who.installation && !granted {
                    return Some(message(403, "Resource not accessible by integration"));
                }
                if !self.dept.teams.contains_key(&key) {
                    return Some(message(404, "Not Found"));
                }
                let items = self
                    .team_members(&key)
                    .iter()
                    .map(|l| user_json(l))
                    .collect();
                self.page(path, query, items)
            }
            _ => {
                let Ok(pr) = params[2].parse::<u64>() else {
                    return Some(message(404, "Not Found"));
                };
                let Some(author) = self.pulls.get(&(key.clone(), pr)).map(|p| p.author.clone())
                else {
                    return Some(message(404, "Not Found"));
                };
                if method == "GET" {
                    let users: Vec<Value> = self
                        .dept
                        .requested
                        .get(&(key.clone(), pr))
                        .into_iter()
                        .flatten()
                        .map(|l| user_json(l))
                        .collect();
                    return Some(reply(200, json!({ "users": users, "teams": [] })));
                }
                if !who.can_write {
                    return Some(message(403, "Resource not accessible by integration"));
                }
                let input: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                let logins: Vec<String> = input["reviewers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if logins.iter().any(|l| l.eq_ignore_ascii_case(&author)) {
                    return Some(message(
                        422,
                        "Review cannot be requested from pull request author.",
                    ));
                }
                let list = self.dept.requested.entry((key.clone(), pr)).or_default();
                for login in logins {
                    if !list.contains(&login) {
                        list.push(login);
                    }
                }
                let users: Vec<Value> = list.iter().map(|l| user_json(l)).collect();
                reply(
                    201,
                    json!({ "number": pr, "requested_reviewers": users, "requested_teams": [] }),
                )
            }
        })
    }
}
