// Included by fake_github.rs: answers GitHub's git-backed routes from a real repository.

use std::path::Path;

use base64::Engine as _;
use git2::{Delta, ObjectType, Repository};
use serde_json::{Value, json};

fn open(dir: &Path) -> Option<Repository> {
    Repository::open(dir).ok()
}

fn commit_of<'r>(repo: &'r Repository, rev: &str) -> Option<git2::Commit<'r>> {
    repo.revparse_single(rev).ok()?.peel_to_commit().ok()
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// `GET /repos/{o}/{r}/pulls/{n}/commits`: the commits of `base..head`, oldest first,
/// each identity's email matched to a login by `login_of` (None: `null`, as GitHub
/// answers for an email no account has).
pub fn pull_commits(
    dir: &Path,
    base: &str,
    head: &str,
    login_of: &dyn Fn(&str) -> Option<String>,
) -> Option<Vec<Value>> {
    let repo = open(dir)?;
    let mut walk = repo.revwalk().ok()?;
    walk.push(commit_of(&repo, head)?.id()).ok()?;
    walk.hide(commit_of(&repo, base)?.id()).ok()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).ok()?;
    let mut out = Vec::new();
    for id in walk {
        let c = repo.find_commit(id.ok()?).ok()?;
        let actor = |s: &git2::Signature<'_>| {
            json!({ "name": s.name().unwrap_or(""), "email": s.email().unwrap_or(""), "date": rfc3339(s.when().seconds()) })
        };
        let user = |s: &git2::Signature<'_>| match login_of(s.email().unwrap_or("")) {
            Some(login) => json!({
                "login": login, "id": 1, "node_id": "U_1", "avatar_url": "", "gravatar_id": "",
                "url": "", "html_url": "", "followers_url": "", "following_url": "", "gists_url": "",
                "starred_url": "", "subscriptions_url": "", "organizations_url": "", "repos_url": "",
                "events_url": "", "received_events_url": "",
                "type": if login == "web-flow" { "Bot" } else { "User" }, "site_admin": false,
            }),
            None => Value::Null,
        };
        let sha = c.id().to_string();
        out.push(json!({
            "sha": sha,
            "node_id": "C_1",
            "url": format!("https://api.github.com/commits/{sha}"),
            "html_url": format!("https://github.com/commit/{sha}"),
            "comments_url": "https://api.github.com/comments",
            "commit": {
                "url": "https://api.github.com/git/commits",
                "author": actor(&c.author()),
                "committer": actor(&c.committer()),
                "message": c.message().unwrap_or(""),
                "comment_count": 0,
                "tree": { "sha": c.tree_id().to_string(), "url": "https://api.github.com/git/trees" },
            },
            "author": user(&c.author()),
            "committer": user(&c.committer()),
            "parents": c.parent_ids().map(|p| json!({ "sha": p.to_string(), "url": "", "html_url": "" })).collect::<Vec<_>>(),
        }));
    }
    Some(out)
}

/// `GET /repos/{o}/{r}/pulls/{n}/files`: the three-dot diff, like GitHub's.
pub fn pull_files(dir: &Path, base: &str, head: &str) -> Option<Vec<Value>> {
    let repo = open(dir)?;
    let base = commit_of(&repo, base)?;
    let head = commit_of(&repo, head)?;
    let merge_base = repo.merge_base(base.id(), head.id()).ok()?;
    let old = repo.find_commit(merge_base).ok()?.tree().ok()?;
    let new = head.tree().ok()?;
    let mut diff = repo.diff_tree_to_tree(Some(&old), Some(&new), None).ok()?;
    // GitHub reports renames, with the old path.
    diff.find_similar(None).ok()?;
    let mut out = Vec::new();
    for d in diff.deltas() {
        let (status, file) = match d.status() {
            Delta::Added => ("added", d.new_file()),
            Delta::Deleted => ("removed", d.old_file()),
            Delta::Modified => ("modified", d.new_file()),
            Delta::Renamed => ("renamed", d.new_file()),
            _ => ("changed", d.new_file()),
        };
        let path = String::from_utf8_lossy(file.path_bytes()?).into_owned();
        let previous = (status == "renamed")
            .then(|| String::from_utf8_lossy(d.old_file().path_bytes().unwrap_or_default()).into_owned());
        let mut entry = json!({
            "sha": if status == "removed" { Value::Null } else { Value::String(file.id().to_string()) },
            "filename": path,
            "status": status,
            "additions": 1, "deletions": 0, "changes": 1,
            "blob_url": "https://github.com/blob", "raw_url": "https://github.com/raw",
            "contents_url": "https://api.github.com/contents",
        });
        if let Some(previous) = previous {
            entry["previous_filename"] = Value::String(previous);
        }
        out.push(entry);
    }
    Some(out)
}

fn item(repo: &str, path: &str, name: &str, kind: &str, sha: &str, size: usize) -> Value {
    let url = format!("https://api.github.com/repos/{repo}/contents/{path}");
    json!({
        "type": kind, "name": name, "path": path, "sha": sha, "size": size,
        "url": url, "git_url": Value::Null, "html_url": Value::Null, "download_url": Value::Null,
        "_links": { "self": url, "git": Value::Null, "html": Value::Null },
    })
}

/// `GET /repos/{o}/{r}/contents/{path}?ref=`.
pub fn contents(dir: &Path, repo_name: &str, rev: &str, path: &str) -> Option<Value> {
    let repo = open(dir)?;
    let tree = commit_of(&repo, rev)?.tree().ok()?;
    let path = path.trim_matches('/');
    let entry = tree.get_path(Path::new(path)).ok()?;
    let name = path.rsplit('/').next().unwrap_or(path);
    match entry.filemode() {
        0o040000 => {
            let sub = repo.find_tree(entry.id()).ok()?;
            let items = sub
                .iter()
                .map(|e| {
                    let n = e.name().unwrap_or("");
                    let kind = match e.filemode() {
                        0o040000 => "dir",
                        0o120000 => "symlink",
                        0o160000 => "submodule",
                        _ => "file",
                    };
                    let size = if kind == "file" {
                        repo.find_blob(e.id()).map(|b| b.size()).unwrap_or(0)
                    } else {
                        0
                    };
                    item(repo_name, &format!("{path}/{n}"), n, kind, &e.id().to_string(), size)
                })
                .collect();
            Some(Value::Array(items))
        }
        0o160000 => Some(item(repo_name, path, name, "submodule", &entry.id().to_string(), 0)),
        mode => {
            let object = repo.find_object(entry.id(), Some(ObjectType::Blob)).ok()?;
            let blob = object.as_blob()?;
            let mut v = item(
                repo_name,
                path,
                name,
                if mode == 0o120000 { "symlink" } else { "file" },
                &entry.id().to_string(),
                blob.size(),
            );
            if mode == 0o120000 {
                v["target"] = Value::String(String::from_utf8_lossy(blob.content()).into_owned());
            } else {
                let encoded = base64::engine::general_purpose::STANDARD.encode(blob.content());
                // GitHub wraps at 60 columns.
                let wrapped: Vec<String> = encoded
                    .as_bytes()
                    .chunks(60)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                v["content"] = Value::String(wrapped.join("\n") + "\n");
                v["encoding"] = Value::String("base64".into());
            }
            Some(v)
        }
    }
}
