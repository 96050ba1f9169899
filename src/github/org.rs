//! An organization's repositories, for department-wide commands (`--org`).

use serde::Deserialize;

use super::client::Client;
use super::{Error, OrgRepo, Repo};

#[derive(Deserialize)]
struct WireOrgRepo {
    full_name: String,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    disabled: bool,
    default_branch: Option<String>,
}

impl Client {
    /// Every repository of `org`, every page (`GET /orgs/{org}/repos`).
    pub(super) fn org_repos(&self, org: &str) -> Result<Vec<OrgRepo>, Error> {
        let path = format!("/orgs/{org}/repos");
        let items = self.get_pages(
            &path,
            "type=all&sort=full_name",
            |r: &WireOrgRepo| r.full_name.to_lowercase(),
            |_| true,
        )?;
        Ok(items
            .into_iter()
            .filter_map(|r| {
                Some(OrgRepo {
                    repo: Repo::parse(&r.full_name)?,
                    default_branch: r.default_branch.unwrap_or_else(|| "main".to_owned()),
                    archived: r.archived || r.disabled,
                })
            })
            .collect())
    }
}
