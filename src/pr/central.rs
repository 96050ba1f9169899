//! The central policy a repository's policy `extends`, read through the contents API
//! at the ref the policy names (in `ci`, the *base* commit's policy, so a pull request
//! never picks the policy that judges it). Each file is read once per run.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::github::{Contents, GitHub, Repo};
use crate::parse::policy::{CentralSource, Extends};

/// Reads central policies through the GitHub API, each at most once.
pub struct ApiCentral<'g> {
    gh: &'g dyn GitHub,
    read: RefCell<HashMap<String, Result<Option<String>, String>>>,
}

impl<'g> ApiCentral<'g> {
    /// Reads through `gh`.
    pub fn new(gh: &'g dyn GitHub) -> Self {
        Self {
            gh,
            read: RefCell::new(HashMap::new()),
        }
    }

    fn fetch(&self, at: &Extends) -> Result<Option<String>, String> {
        let repo = Repo {
            owner: at.owner.clone(),
            name: at.repo.clone(),
        };
        let how_to_grant = format!(
            "the token must be able to read {repo} (Contents: read): the default \
             GITHUB_TOKEN of Actions reads only its own repository, so make {repo} public \
             or internal and readable, or run barraiser with a GitHub App installation \
             token or a fine-grained token that has Contents: read on {repo}"
        );
        match self.gh.get_contents(&repo, &at.path, &at.rev) {
            Ok(Some(Contents::File {
                content: Some(bytes),
                ..
            })) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| format!("{}:{} is not UTF-8 text", repo, at.path)),
            Ok(Some(Contents::File { content: None, .. })) => Err(format!(
                "{repo}:{} is too large to read through the contents API",
                at.path
            )),
            Ok(Some(_)) => Err(format!("{repo}:{} at {} is not a file", at.path, at.rev)),
            Ok(None) => Ok(None),
            Err(e) if e.is_forbidden() || e.status() == Some(404) => {
                Err(format!("{e}; {how_to_grant}"))
            }
            Err(e) => Err(e.to_string()),
        }
    }
}

impl CentralSource for ApiCentral<'_> {
    fn read(&self, at: &Extends) -> Result<Option<String>, String> {
        let key = at.to_string();
        if let Some(done) = self.read.borrow().get(&key) {
            return done.clone();
        }
        let answer = self.fetch(at);
        self.read.borrow_mut().insert(key, answer.clone());
        answer
    }
}
