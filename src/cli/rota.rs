//! `barraiser rota`: who is on bar-raiser duty now and for the next shifts.

use anyhow::Context;
use barraiser::github::{Client, ClientConfig, GitHub, env};
use barraiser::pr::duty;
use barraiser::read::Workspace;
use barraiser::render;

use super::central::CentralArgs;
use super::{cwd, emit};

/// Arguments of `barraiser rota`.
#[derive(Debug, clap::Args)]
pub struct RotaArgs {
    /// How many shifts after the current one to show.
    #[arg(long, value_name = "N", default_value_t = 4)]
    weeks: usize,
    #[command(flatten)]
    central: CentralArgs,
}

/// Runs `rota`: the policy of the working tree (over its central policy); a team of
/// members is read with GH_TOKEN or GITHUB_TOKEN.
pub fn run(args: RotaArgs) -> anyhow::Result<u8> {
    let ws = Workspace::discover(&cwd()?).context("cannot open the repository")?;
    let policy = barraiser::run::load_policy(&ws.worktree(), &args.central.source())?;
    let Some(rotation) = &policy.rotation else {
        anyhow::bail!(
            "{} has no `rotation` (members, start, shift, office_hours, skip)",
            policy.source
        );
    };
    let client = match env::token(&env::process) {
        Some(token) => Some(
            Client::new(token, ClientConfig::new(env::api_url(&env::process)?))
                .context("cannot set up the GitHub client")?,
        ),
        None => None,
    };
    let (members, unread) = duty::members(client.as_ref().map(|c| c as &dyn GitHub), &policy);
    let now = barraiser::clock();
    let shifts = barraiser::rotation::shifts(rotation, &members, now, args.weeks);
    emit(&render::rota::rota(&shifts, now, &unread))?;
    Ok(if members.is_empty() { 2 } else { 0 })
}
