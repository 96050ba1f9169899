//! The review request `ci` makes when a pull request waits for bar-raiser approval: to
//! the bar raiser on duty, never to the author (the next in the rota then), and once:
//! nothing is requested when a rotation member already reviewed or is already asked.

use crate::github::{GitHub, Repo};
use crate::parse::policy::Policy;
use crate::parse::rotation::Member;
use crate::rotation::{self, Duty};

/// What the duty review request did.
#[derive(Clone, Debug, PartialEq)]
pub enum DutyRequest {
    /// A review was requested from this login.
    Requested(String),
    /// A rotation member already reviewed or is already asked: nothing was sent.
    AlreadyAsked(String),
    /// Nobody could be asked, and why.
    Nobody(String),
    /// The request failed; a warning, the verdict stands.
    Failed(String),
}

/// The rotation's members resolved to logins, in duty order (a team's members in
/// login order), and any team that could not be read.
pub fn members(gh: Option<&dyn GitHub>, policy: &Policy) -> (Vec<String>, Vec<String>) {
    let Some(rotation) = &policy.rotation else {
        return (Vec::new(), Vec::new());
    };
    let roster = super::roster::resolve(gh, &rotation.members);
    let mut logins = roster.logins;
    let has_team = rotation
        .members
        .iter()
        .any(|m| matches!(Member::parse(m), Ok(Member::Team { .. })));
    if has_team {
        logins.sort_by_key(|l| l.to_lowercase());
    }
    (logins, roster.unread)
}

/// The duty at `at` under `policy`, its team members read through `gh`.
pub fn duty(gh: Option<&dyn GitHub>, policy: &Policy, at: jiff::Timestamp) -> Option<Duty> {
    let (logins, _) = members(gh, policy);
    rotation::duty_with(policy.rotation.as_ref()?, &logins, at)
}

/// Requests a review on `repo`#`pr` from the bar raiser on duty at `at`; None when the
/// policy has no rotation. `reviewed_by` are the logins that already reviewed.
pub fn request_review(
    gh: &dyn GitHub,
    repo: &Repo,
    pr: u64,
    author: &str,
    policy: &Policy,
    reviewed_by: &[String],
    at: jiff::Timestamp,
) -> Option<DutyRequest> {
    let rotation = policy.rotation.as_ref()?;
    let (logins, unread) = members(Some(gh), policy);
    if logins.is_empty() {
        let why = unread
            .first()
            .cloned()
            .unwrap_or_else(|| "the rotation has no members".to_owned());
        return Some(DutyRequest::Nobody(why));
    }
    let is_member = |l: &String| logins.iter().any(|m| m.eq_ignore_ascii_case(l));
    if let Some(reviewer) = reviewed_by.iter().find(|l| is_member(l)) {
        return Some(DutyRequest::AlreadyAsked(reviewer.clone()));
    }
    let requested = match gh.requested_reviewers(repo, pr) {
        Ok(list) => list,
        Err(e) => {
            return Some(DutyRequest::Failed(format!(
                "cannot read the reviewers requested on #{pr}: {e}"
            )));
        }
    };
    if let Some(asked) = requested.iter().find(|l| is_member(l)) {
        return Some(DutyRequest::AlreadyAsked(asked.clone()));
    }
    let Some(duty) = rotation::duty_with(rotation, &logins, at) else {
        return Some(DutyRequest::Nobody(
            "nobody is on duty now (before the rotation starts, or a skipped shift)".into(),
        ));
    };
    let pick = [Some(duty.login), duty.next]
        .into_iter()
        .flatten()
        .find(|l| !l.eq_ignore_ascii_case(author));
    let Some(login) = pick else {
        return Some(DutyRequest::Nobody(format!(
            "the bar raiser on duty is the author, {author}, and nobody else is in the rota"
        )));
    };
    Some(
        match gh.request_reviewers(repo, pr, std::slice::from_ref(&login)) {
            Ok(()) => DutyRequest::Requested(login),
            Err(e) if e.is_forbidden() => DutyRequest::Failed(format!(
                "cannot request a review from {login} ({e}): the token needs `pull-requests: write`"
            )),
            Err(e) => DutyRequest::Failed(format!("cannot request a review from {login}: {e}")),
        },
    )
}
