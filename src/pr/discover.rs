//! Department-wide discovery: the repositories of an organization that carry a
//! barraiser policy, read at their default branch.

use super::Listed;
use super::fan::{self, Progress};
use crate::github::{GitHub, OrgRepo, Repo};
use crate::parse::policy::POLICY_PATH;

/// Why an organization could not be looked through.
#[derive(Debug, thiserror::Error)]
#[error("cannot list the repositories of {org}")]
pub struct DiscoverError {
    /// The organization.
    pub org: String,
    /// Why.
    #[source]
    pub source: crate::github::Error,
}

/// The repositories of `orgs` that hold `.barraiser.yaml` on their default branch,
/// archived ones left out, in name order without duplicates. A repository whose
/// policy cannot be read is named in `skipped`, not a failure; an organization that
/// cannot be listed is.
pub fn repositories(
    gh: &dyn GitHub,
    orgs: &[String],
    progress: &dyn Progress,
) -> Result<Listed<Repo>, DiscoverError> {
    let mut candidates: Vec<OrgRepo> = Vec::new();
    for org in orgs {
        let listed = gh.list_org_repos(org).map_err(|source| DiscoverError {
            org: org.clone(),
            source,
        })?;
        candidates.extend(listed.into_iter().filter(|r| !r.archived));
    }
    candidates.sort_by_key(|r| key(&r.repo));
    candidates.dedup_by_key(|r| key(&r.repo));
    let found = fan::map(&candidates, progress, "repositories", |r| {
        gh.get_contents(&r.repo, POLICY_PATH, &r.default_branch)
    });
    let mut listed = Listed {
        items: Vec::new(),
        skipped: Vec::new(),
    };
    for (candidate, answer) in candidates.into_iter().zip(found) {
        match answer {
            Ok(Some(_)) => listed.items.push(candidate.repo),
            Ok(None) => {}
            Err(e) => listed.skipped.push(format!(
                "{} skipped: cannot read its {POLICY_PATH}: {e}",
                candidate.repo
            )),
        }
    }
    Ok(listed)
}

/// Repositories named twice (by `--repo` and by an organization, or in two
/// spellings) are looked at once, at their first place.
pub fn dedup(repos: Vec<Repo>) -> Vec<Repo> {
    let mut seen = std::collections::HashSet::new();
    repos.into_iter().filter(|r| seen.insert(key(r))).collect()
}

/// GitHub names are case-insensitive.
fn key(repo: &Repo) -> String {
    repo.to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_ignores_case_and_keeps_the_first() {
        let r = |s: &str| Repo::parse(s).unwrap();
        let got = dedup(vec![r("acme/Shop"), r("acme/web"), r("ACME/shop")]);
        assert_eq!(got, vec![r("acme/Shop"), r("acme/web")]);
    }
}
