//! The bar-raiser roster with its `@org/team` entries resolved through the teams API.
//! A team the token cannot read counts nobody, and says which permission is missing.

use crate::Verdict;
use crate::decide::{Decision, InputError, Report};
use crate::github::GitHub;
use crate::parse::policy::POLICY_PATH;
use crate::parse::rotation::Member;

/// A roster, resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// Every login: those written, then each team's members, without repeats.
    pub logins: Vec<String>,
    /// One message per team that could not be read (its members are not counted).
    pub unread: Vec<String>,
}

/// What to do about a team the token cannot read.
pub fn missing_permission(team: &str, answer: &str) -> String {
    format!(
        "cannot read the members of {team} ({answer}): reading a team needs the organization \
         permission \"Members: read\", which the default GITHUB_TOKEN of Actions never has. \
         Give barraiser a GitHub App installation token (the app granted Organization \
         permissions > Members: read, minted in the workflow with \
         actions/create-github-app-token) or a fine-grained personal access token with \
         Organization permissions > Members: read, as GITHUB_TOKEN. Until then nobody \
         from {team} counts as a bar raiser."
    )
}

/// Resolves `entries` (logins and `@org/team`) through `gh`; without a client, teams
/// stay unread.
pub fn resolve(gh: Option<&dyn GitHub>, entries: &[String]) -> Roster {
    let mut roster = Roster::default();
    let add = |login: String, logins: &mut Vec<String>| {
        if !logins
            .iter()
            .any(|l: &String| l.eq_ignore_ascii_case(&login))
        {
            logins.push(login);
        }
    };
    for entry in entries {
        match Member::parse(entry) {
            Ok(Member::Login(login)) => add(login, &mut roster.logins),
            Ok(Member::Team { org, slug }) => {
                let team = format!("@{org}/{slug}");
                match gh.map(|gh| gh.team_members(&org, &slug)) {
                    Some(Ok(members)) => {
                        for login in members {
                            add(login, &mut roster.logins);
                        }
                    }
                    Some(Err(e)) if e.is_forbidden() || e.status() == Some(404) => roster
                        .unread
                        .push(missing_permission(&team, &format!("GitHub answered {e}"))),
                    Some(Err(e)) => roster
                        .unread
                        .push(format!("cannot read the members of {team}: {e}")),
                    None => roster.unread.push(format!(
                        "the members of {team} were not read: no GITHUB_TOKEN or GH_TOKEN"
                    )),
                }
            }
            // The policy validated its entries; one that is not is nobody.
            Err(_) => {}
        }
    }
    roster
}

impl Roster {
    /// Says in `report` which teams were not read; when the decision then waits for
    /// approvals, the verdict is incomplete (an error: exit 2, never success).
    pub fn apply(&self, decision: &Decision, report: &mut Report) {
        if self.unread.is_empty() {
            return;
        }
        if decision.verdict == Verdict::NeedsApproval {
            for message in &self.unread {
                report.errors.push(InputError {
                    path: POLICY_PATH.to_owned(),
                    line: 0,
                    column: 0,
                    message: message.clone(),
                });
            }
        } else {
            report.notes.extend(self.unread.iter().cloned());
        }
    }
}
