//! How local commands (`check`, `explain`, `rota`) read the central policy a
//! repository's `.barraiser.yaml` extends: `--central FILE` when given, else through the
//! GitHub API with the caller's `GH_TOKEN` or `GITHUB_TOKEN`, else an error that says how.

use std::path::PathBuf;

use barraiser::github::{Client, ClientConfig, env};
use barraiser::parse::policy::{CentralSource, Extends};
use barraiser::pr::central::ApiCentral;

/// `--central FILE`.
#[derive(Debug, Default, clap::Args)]
pub struct CentralArgs {
    /// Read the central policy that .barraiser.yaml `extends` from FILE instead of through
    /// the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN).
    #[arg(long, value_name = "FILE")]
    central: Option<PathBuf>,
}

/// The central policy for a local run.
pub struct LocalCentral {
    file: Option<PathBuf>,
}

impl CentralArgs {
    /// The source these arguments describe.
    pub fn source(&self) -> LocalCentral {
        LocalCentral {
            file: self.central.clone(),
        }
    }
}

impl CentralSource for LocalCentral {
    fn read(&self, at: &Extends) -> Result<Option<String>, String> {
        if let Some(path) = &self.file {
            return std::fs::read_to_string(path)
                .map(Some)
                .map_err(|e| format!("cannot read --central {}: {e}", path.display()));
        }
        let Some(token) = env::token(&env::process) else {
            return Err(format!(
                "it is read through the GitHub API: set GH_TOKEN (for example `export \
                 GH_TOKEN=$(gh auth token)`) to a token that can read {}/{}, or pass \
                 --central FILE with a copy of {}",
                at.owner, at.repo, at.path
            ));
        };
        let api_url = env::api_url(&env::process).map_err(|e| e.to_string())?;
        let client = Client::new(token, ClientConfig::new(api_url)).map_err(|e| e.to_string())?;
        ApiCentral::new(&client).read(at)
    }
}
