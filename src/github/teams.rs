//! The teams a roster names, and the reviewers requested on a pull request.

use serde::Deserialize;
use serde_json::json;

use super::client::{Client, repo_path};
use super::retry::Replay;
use super::wire::WireUser;
use super::{Error, Repo};

#[derive(Deserialize)]
struct WireRequested {
    users: Vec<WireUser>,
}

impl Client {
    /// Every member of `org`'s team `slug`, every page. GitHub's list already holds the
    /// members of its child teams ("Team members will include the members of child
    /// teams", REST docs, List team members). Read once per run.
    pub(super) fn members(&self, org: &str, slug: &str) -> Result<Vec<String>, Error> {
        let key = format!("{}/{}", org.to_lowercase(), slug.to_lowercase());
        if let Some(done) = self.teams_read().get(&key) {
            return done.clone();
        }
        let path = format!("/orgs/{org}/teams/{slug}/members");
        let answer = self
            .get_all(&path, |u: &WireUser| u.login.to_lowercase())
            .map(|users| users.into_iter().map(|u| u.login).collect::<Vec<_>>());
        self.teams_read().insert(key, answer.clone());
        answer
    }

    pub(super) fn requested(&self, repo: &Repo, pr: u64) -> Result<Vec<String>, Error> {
        let path = format!("{}/pulls/{pr}/requested_reviewers", repo_path(repo));
        let reply: WireRequested = self.get_json(&path)?;
        Ok(reply.users.into_iter().map(|u| u.login).collect())
    }

    pub(super) fn request(&self, repo: &Repo, pr: u64, logins: &[String]) -> Result<(), Error> {
        let path = format!("{}/pulls/{pr}/requested_reviewers", repo_path(repo));
        // Requesting someone already requested changes nothing, so a retry is harmless.
        self.send(
            "POST",
            &path,
            "",
            Some(&json!({ "reviewers": logins })),
            Replay::Safe,
        )
        .map(drop)
    }
}
