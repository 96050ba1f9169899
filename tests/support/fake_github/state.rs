//! How the fake answers each route: its state, changed by writes and read by lists.

use super::*;

impl State {
    pub(super) fn new_comment(
        &mut self,
        repo: &str,
        pr: u64,
        author: &str,
        body: &str,
    ) -> FakeComment {
        self.next_id += 1;
        let id = self.next_id;
        let comment = FakeComment {
            id,
            author: author.into(),
            body: body.into(),
            html_url: format!("https://github.com/{repo}/pull/{pr}#issuecomment-{id}"),
        };
        self.comments
            .entry((repo.to_owned(), pr))
            .or_default()
            .push(comment.clone());
        comment
    }

    pub(super) fn take_fault(&mut self, method: &str, path: &str) -> Option<Fault> {
        let rule = self.faults.iter_mut().find(|r| {
            r.remaining > 0 && r.method == method && match_template(&r.template, path).is_some()
        })?;
        rule.remaining -= 1;
        Some(rule.fault.clone())
    }

    pub(super) fn handle(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        auth: Option<&str>,
    ) -> Reply {
        let token = auth.and_then(|a| {
            a.strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("token "))
        });
        let Some(who) = token.and_then(|t| self.tokens.get(t)).cloned() else {
            return message(401, "Bad credentials");
        };
        let fault = self.take_fault(method, path);
        match fault {
            Some(Fault::ServerError(code)) => return message(code, "Server Error"),
            Some(Fault::SecondaryRateLimit { retry_after }) => {
                let mut r = message(
                    403,
                    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                );
                r.headers
                    .push(("retry-after".into(), retry_after.to_string()));
                return r;
            }
            Some(Fault::ReadOnly) => return message(403, "Resource not accessible by integration"),
            Some(Fault::RateLimitExhausted { reset_in }) => {
                let now = jiff::Timestamp::now().as_second();
                let mut r = message(403, "API rate limit exceeded");
                r.headers.push(("x-ratelimit-remaining".into(), "0".into()));
                r.headers.push((
                    "x-ratelimit-reset".into(),
                    (now + i64::try_from(reset_in).unwrap_or(0)).to_string(),
                ));
                return r;
            }
            Some(Fault::ServerErrorAfterApply | Fault::SlowAfterApply { .. }) | None => {}
        }
        if let Some(Fault::SlowAfterApply { millis }) = fault {
            self.more.delay = Some(std::time::Duration::from_millis(millis));
        }
        let result = self.route_more(method, path, query, body, &who, token);
        if fault == Some(Fault::ServerErrorAfterApply) {
            message(502, "Bad Gateway")
        } else {
            result
        }
    }

    pub(super) fn route(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        who: &TokenInfo,
    ) -> Reply {
        let Some((template, params)) = ROUTES
            .iter()
            .filter(|(m, _)| *m == method)
            .find_map(|(_, t)| match_template(t, path).map(|p| (*t, p)))
        else {
            return message(404, "Not Found");
        };
        let input: Value = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or(Value::Null)
        };
        let repo = if params.len() >= 2 {
            format!("{}/{}", params[0], params[1])
        } else {
            String::new()
        };
        if method != "GET" && !who.can_write {
            return message(403, "Resource not accessible by integration");
        }
        match (method, template) {
            ("GET", "/user") if who.installation => {
                message(403, "Resource not accessible by integration")
            }
            ("GET", "/user") => reply(200, json!({ "login": who.login, "id": 1, "type": "User" })),
            ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let items: Vec<Value> = self
                    .comments
                    .get(&(repo.clone(), pr))
                    .into_iter()
                    .flatten()
                    .map(|c| comment_json(c, &repo, pr))
                    .collect();
                self.page(path, query, items)
            }
            ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let Some(text) = input.get("body").and_then(Value::as_str) else {
                    return message(422, "Invalid request. \"body\" wasn't supplied.");
                };
                if text.chars().count() > 65_536 {
                    return message(
                        422,
                        "Validation Failed: body is too long (maximum is 65536 characters)",
                    );
                }
                let c = self.new_comment(&repo, pr, &who.login, text);
                reply(201, comment_json(&c, &repo, pr))
            }
            ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}") => {
                let Some(id) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let Some(text) = input.get("body").and_then(Value::as_str).map(str::to_owned)
                else {
                    return message(422, "Invalid request. \"body\" wasn't supplied.");
                };
                if text.chars().count() > 65_536 {
                    return message(
                        422,
                        "Validation Failed: body is too long (maximum is 65536 characters)",
                    );
                }
                // Like GitHub, a token with write access may edit anyone's comment.
                for ((r, pr), list) in self.comments.iter_mut() {
                    if *r != repo {
                        continue;
                    }
                    if let Some(c) = list.iter_mut().find(|c| c.id == id) {
                        c.body = text;
                        let (c, pr) = (c.clone(), *pr);
                        return reply(200, comment_json(&c, &repo, pr));
                    }
                }
                message(404, "Not Found")
            }
            ("POST", "/repos/{owner}/{repo}/statuses/{sha}") => {
                let state = input
                    .get("state")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if !["error", "failure", "pending", "success"].contains(&state.as_str()) {
                    return message(422, "Validation Failed: state is invalid");
                }
                let description = input
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if description
                    .as_ref()
                    .is_some_and(|d| d.chars().count() > 140)
                {
                    return message(
                        422,
                        "Validation Failed: description is too long (maximum is 140 characters)",
                    );
                }
                let status = FakeStatus {
                    state,
                    context: input
                        .get("context")
                        .and_then(Value::as_str)
                        .unwrap_or("default")
                        .to_owned(),
                    description,
                    target_url: input
                        .get("target_url")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    creator: who.login.clone(),
                };
                let reply_body = json!({
                    "id": 1, "state": status.state, "context": status.context,
                    "description": status.description, "target_url": status.target_url,
                    "creator": { "login": who.login, "id": 1, "type": "User" },
                });
                self.statuses
                    .entry((repo, params[2].clone()))
                    .or_default()
                    .push(status);
                reply(201, reply_body)
            }
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}") => {
                let pull = params[2]
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| self.pulls.get(&(repo.clone(), n)));
                match pull {
                    Some(p) => reply(200, pull_json(p, &repo)),
                    None => message(404, "Not Found"),
                }
            }
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews") => {
                let Some(pr) = params[2].parse::<u64>().ok() else {
                    return message(404, "Not Found");
                };
                let items: Vec<Value> = self
                    .reviews
                    .get(&(repo.clone(), pr))
                    .into_iter()
                    .flatten()
                    .map(|r| review_json(r, &repo, pr))
                    .collect();
                self.page(path, query, items)
            }
            ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews") => {
                self.create_review(&repo, &params[2], &input, who)
            }
            ("GET", "/repos/{owner}/{repo}/pulls") => self.list_pulls(&repo, path, query),
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files") => {
                let Some(pull) = params[2]
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| self.pulls.get(&(repo.clone(), n)))
                    .cloned()
                else {
                    return message(404, "Not Found");
                };
                match self.gits.get(&repo) {
                    Some(dir) => match fake_git::pull_files(dir, &pull.base_sha, &pull.head_sha) {
                        Some(items) => self.page(path, query, items),
                        None => message(404, "Not Found"),
                    },
                    None => message(404, "Not Found"),
                }
            }
            ("GET", "/repos/{owner}/{repo}/contents/{path}") => match self.gits.get(&repo) {
                Some(dir) => {
                    let rev = query_text(query, "ref").unwrap_or_else(|| "HEAD".into());
                    let file = percent_decode(&params[2]);
                    match fake_git::contents(dir, &repo, &rev, &file) {
                        Some(v) => reply(200, v),
                        None => message(404, "Not Found"),
                    }
                }
                None => message(404, "Not Found"),
            },
            ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits") => {
                match self.pull_commits_of(&repo, &params[2]) {
                    Some(mut items) => {
                        items.truncate(MAX_PULL_COMMITS);
                        self.page(path, query, items)
                    }
                    None => message(404, "Not Found"),
                }
            }
            _ => message(404, "Not Found"),
        }
    }

    pub(super) fn create_review(
        &mut self,
        repo: &str,
        number: &str,
        input: &Value,
        who: &TokenInfo,
    ) -> Reply {
        let Some(pull) = number
            .parse::<u64>()
            .ok()
            .and_then(|n| self.pulls.get(&(repo.to_owned(), n)))
            .cloned()
        else {
            return message(404, "Not Found");
        };
        let body = input
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let state = match input.get("event").and_then(Value::as_str) {
            Some("APPROVE") => "APPROVED",
            Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
            Some("COMMENT") => "COMMENTED",
            _ => "PENDING",
        };
        if pull.author == who.login && state != "COMMENTED" && state != "PENDING" {
            return message(
                422,
                "Unprocessable Entity: Can not approve your own pull request",
            );
        }
        if matches!(state, "CHANGES_REQUESTED" | "COMMENTED") && body.is_empty() {
            return message(422, "Unprocessable Entity: body is required");
        }
        let commit_id = input
            .get("commit_id")
            .and_then(Value::as_str)
            .unwrap_or(&pull.head_sha)
            .to_owned();
        self.next_id += 1;
        let id = self.next_id;
        let review = FakeReview {
            id,
            author: who.login.clone(),
            state: state.into(),
            body,
            commit_id,
            submitted_at: timestamp(id),
        };
        self.reviews
            .entry((repo.to_owned(), pull.number))
            .or_default()
            .push(review.clone());
        reply(200, review_json(&review, repo, pull.number))
    }

    pub(super) fn list_pulls(&self, repo: &str, path: &str, query: &str) -> Reply {
        let state = query_text(query, "state").unwrap_or_else(|| "open".into());
        let mut pulls: Vec<&FakePull> = self
            .pulls
            .iter()
            .filter(|((r, _), p)| r == repo && (state == "all" || p.state == state))
            .map(|(_, p)| p)
            .collect();
        let updated = |p: &FakePull| p.merged_at.clone().unwrap_or_else(|| p.created_at.clone());
        match query_text(query, "sort").as_deref() {
            Some("updated") => pulls.sort_by_key(|p| updated(p)),
            _ => pulls.sort_by_key(|p| (p.created_at.clone(), p.number)),
        }
        if query_text(query, "direction").as_deref() == Some("desc") {
            pulls.reverse();
        }
        let items = pulls.into_iter().map(|p| pull_json(p, repo)).collect();
        self.page(path, query, items)
    }

    /// Slices `items` as GitHub does: `per_page` (default 30, max 100), `page` from 1, `Link` header.
    pub(super) fn page(&self, path: &str, query: &str, items: Vec<Value>) -> Reply {
        let per_page = query_param(query, "per_page").unwrap_or(30).clamp(1, 100);
        let page = query_param(query, "page").unwrap_or(1).max(1);
        let total = u64::try_from(items.len()).unwrap_or(0);
        let last = total.div_ceil(per_page).max(1);
        let start = usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX);
        let slice: Vec<Value> = items
            .into_iter()
            .skip(start)
            .take(usize::try_from(per_page).unwrap_or(100))
            .collect();
        let mut r = reply(200, Value::Array(slice));
        let link = |p: u64, rel: &str| {
            format!(
                "<{}{path}?per_page={per_page}&page={p}>; rel=\"{rel}\"",
                self.base_url
            )
        };
        let mut links = Vec::new();
        if page < last {
            links.push(link(page + 1, "next"));
            links.push(link(last, "last"));
        }
        if page > 1 {
            links.push(link(1, "first"));
            links.push(link(page - 1, "prev"));
        }
        if !links.is_empty() {
            r.headers.push(("link".into(), links.join(", ")));
        }
        r
    }
}

pub(super) fn comment_json(c: &FakeComment, repo: &str, pr: u64) -> Value {
    json!({
        "id": c.id,
        "node_id": format!("IC_{}", c.id),
        "url": format!("https://api.github.com/repos/{repo}/issues/comments/{}", c.id),
        "html_url": c.html_url,
        "issue_url": format!("https://api.github.com/repos/{repo}/issues/{pr}"),
        "body": c.body,
        "user": { "login": c.author, "id": 1, "type": if c.author.ends_with("[bot]") { "Bot" } else { "User" } },
        // A bot account comments through its app, and GitHub says which.
        "performed_via_github_app": c.author.strip_suffix("[bot]").map(app_json),
        "created_at": timestamp(c.id),
        "updated_at": timestamp(c.id),
        "author_association": "NONE",
    })
}

fn review_json(r: &FakeReview, repo: &str, pr: u64) -> Value {
    json!({
        "id": r.id,
        "node_id": format!("PRR_{}", r.id),
        "user": { "login": r.author, "id": 1, "type": "User" },
        "body": r.body,
        "state": r.state,
        "commit_id": r.commit_id,
        "submitted_at": r.submitted_at,
        "html_url": format!("https://github.com/{repo}/pull/{pr}#pullrequestreview-{}", r.id),
        "author_association": "MEMBER",
    })
}

fn pull_json(p: &FakePull, repo: &str) -> Value {
    json!({
        "number": p.number,
        "title": p.title,
        "user": { "login": p.author, "id": 1, "type": "User" },
        "state": p.state,
        "draft": false,
        "base": { "ref": p.base_ref, "sha": p.base_sha },
        "head": { "ref": format!("pr-{}", p.number), "sha": p.head_sha },
        "html_url": format!("https://github.com/{repo}/pull/{}", p.number),
        "created_at": p.created_at,
        "updated_at": p.merged_at.clone().unwrap_or_else(|| p.created_at.clone()),
        "merged_at": p.merged_at,
        "merge_commit_sha": p.merge_commit_sha,
    })
}
