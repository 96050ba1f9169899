//! Who is on bar-raiser duty when: the policy's `rotation` over its members, shift by
//! shift, skipping the shifts that holidays cancel. `rota`, `ci` (the duty review
//! request) and `queue` (the agenda's heading) all ask here.

use jiff::civil::Date;
use jiff::{Timestamp, Zoned};

use crate::parse::policy::Policy;
use crate::parse::rotation::{Member, Rotation};

/// One shift of the rotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// Its first day.
    pub start: Date,
    /// The day after its last.
    pub end: Date,
    /// Who is on duty; None when a skip date cancels the shift.
    pub login: Option<String>,
    /// Its first office hours, when the rotation has office hours and the shift runs.
    pub office_hours: Option<Zoned>,
}

/// Bar-raiser duty at an instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Duty {
    /// Who is on duty.
    pub login: String,
    /// Who takes the next shift that runs (the stand-in when `login` cannot act).
    pub next: Option<String>,
    /// The shift.
    pub shift: Shift,
    /// The next office hours at or after the instant asked about.
    pub next_office_hours: Option<Zoned>,
}

/// The duty under `policy`'s rotation at `at`, when its members are logins (a team
/// needs resolving first: use [`duty_with`] with its members).
pub fn duty(policy: &Policy, at: Timestamp) -> Option<Duty> {
    let rotation = policy.rotation.as_ref()?;
    let members: Option<Vec<String>> = rotation
        .members
        .iter()
        .map(|m| match Member::parse(m) {
            Ok(Member::Login(login)) => Some(login),
            _ => None,
        })
        .collect();
    duty_with(rotation, &members?, at)
}

/// The duty at `at` with the rotation's members resolved to `members`, in duty order.
/// None before the first shift, in a cancelled shift, or with nobody to take it.
pub fn duty_with(rotation: &Rotation, members: &[String], at: Timestamp) -> Option<Duty> {
    let index = shift_index(rotation, at)?;
    let shift = shift(rotation, members, index);
    let login = shift.login.clone()?;
    let next = (index + 1..index + 1 + 64)
        .map(|i| shift_of(rotation, members, i))
        .find_map(|(login, _)| login)
        .filter(|n| !n.eq_ignore_ascii_case(&login));
    Some(Duty {
        login,
        next,
        shift,
        next_office_hours: next_office_hours(rotation, at),
    })
}

/// The shift running at `at` and the `count` after it (all shifts from the first, when
/// `at` is before the rotation starts).
pub fn shifts(rotation: &Rotation, members: &[String], at: Timestamp, count: usize) -> Vec<Shift> {
    let first = shift_index(rotation, at).unwrap_or(0);
    (first..)
        .take(count.saturating_add(1))
        .map(|i| shift(rotation, members, i))
        .collect()
}

/// The next office hours at or after `at`, outside cancelled shifts.
pub fn next_office_hours(rotation: &Rotation, at: Timestamp) -> Option<Zoned> {
    let hours = rotation.office_hours.as_ref()?;
    let today = at.to_zoned(rotation.tz.clone()).date();
    let mut day = today.max(rotation.start);
    for _ in 0..(366 * 2) {
        if day.weekday() == hours.weekday
            && !cancelled(rotation, index_of(rotation, day))
            && let Ok(when) = day.to_datetime(hours.time).to_zoned(rotation.tz.clone())
            && when.timestamp() >= at
        {
            return Some(when);
        }
        day = day.tomorrow().ok()?;
    }
    None
}

/// Days from the rotation's start to `day`, in whole shifts.
fn index_of(rotation: &Rotation, day: Date) -> i64 {
    let days = i64::from((day - rotation.start).get_days());
    days.div_euclid(i64::from(rotation.shift_days))
}

fn shift_index(rotation: &Rotation, at: Timestamp) -> Option<i64> {
    let day = at.to_zoned(rotation.tz.clone()).date();
    let index = index_of(rotation, day);
    (index >= 0).then_some(index)
}

fn bounds(rotation: &Rotation, index: i64) -> (Date, Date) {
    let days = |n: i64| jiff::Span::new().days(n);
    let start = rotation
        .start
        .checked_add(days(index * i64::from(rotation.shift_days)))
        .unwrap_or(rotation.start);
    let end = start
        .checked_add(days(i64::from(rotation.shift_days)))
        .unwrap_or(start);
    (start, end)
}

fn cancelled(rotation: &Rotation, index: i64) -> bool {
    let (start, end) = bounds(rotation, index);
    rotation.skip.iter().any(|d| *d >= start && *d < end)
}

/// Who takes shift `index` (None when cancelled), and its bounds.
fn shift_of(rotation: &Rotation, members: &[String], index: i64) -> (Option<String>, (Date, Date)) {
    let span = bounds(rotation, index);
    if members.is_empty() || cancelled(rotation, index) {
        return (None, span);
    }
    // Cancelled shifts do not use up a turn.
    let skipped = rotation
        .skip
        .iter()
        .map(|d| index_of(rotation, *d))
        .filter(|i| *i >= 0 && *i < index)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let turn = (index - i64::try_from(skipped).unwrap_or(0))
        .rem_euclid(i64::try_from(members.len()).unwrap_or(1));
    let login = usize::try_from(turn)
        .ok()
        .and_then(|t| members.get(t))
        .cloned();
    (login, span)
}

fn shift(rotation: &Rotation, members: &[String], index: i64) -> Shift {
    let (login, (start, end)) = shift_of(rotation, members, index);
    let office_hours = match (&rotation.office_hours, &login) {
        (Some(_), Some(_)) => start
            .to_zoned(rotation.tz.clone())
            .ok()
            .and_then(|z| next_office_hours(rotation, z.timestamp()))
            .filter(|z| z.date() < end),
        _ => None,
    };
    Shift {
        start,
        end,
        login,
        office_hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(rotation: &str) -> Policy {
        Policy::from_repo(".barraiser.yaml", &format!("rotation: {rotation}\n")).unwrap()
    }

    fn at(t: &str) -> Timestamp {
        t.parse().unwrap()
    }

    #[test]
    fn duty_follows_the_shifts_and_passes_over_cancelled_ones() {
        let p = policy("{members: [alice, bob], start: 2026-11-30, skip: [2026-12-09]}");
        assert_eq!(
            duty(&p, at("2026-11-29T23:59:00Z")),
            None,
            "before the start"
        );
        let d = duty(&p, at("2026-12-01T09:00:00Z")).unwrap();
        assert_eq!(
            (d.login.as_str(), d.next.as_deref()),
            ("alice", Some("bob"))
        );
        assert_eq!(duty(&p, at("2026-12-08T09:00:00Z")), None, "a holiday week");
        // bob's turn was not used up by the cancelled week.
        assert_eq!(duty(&p, at("2026-12-15T09:00:00Z")).unwrap().login, "bob");
        assert_eq!(duty(&p, at("2026-12-22T09:00:00Z")).unwrap().login, "alice");
        // A team needs resolving first.
        let team = policy("{members: \"@acme/br\", start: 2026-11-30}");
        assert_eq!(duty(&team, at("2026-12-01T09:00:00Z")), None);
        let rotation = team.rotation.as_ref().unwrap();
        let members = ["carol".to_owned()];
        let d = duty_with(rotation, &members, at("2026-12-01T09:00:00Z")).unwrap();
        assert_eq!((d.login.as_str(), d.next), ("carol", None));
    }

    #[test]
    fn office_hours_are_the_next_at_or_after_the_instant() {
        let p = policy("{members: [alice], start: 2026-11-30, office_hours: \"Tue 15:00 UTC\"}");
        let r = p.rotation.as_ref().unwrap();
        let next = |t: &str| next_office_hours(r, at(t)).map(|z| z.timestamp().to_string());
        assert_eq!(
            next("2026-12-01T14:59:00Z").as_deref(),
            Some("2026-12-01T15:00:00Z")
        );
        assert_eq!(
            next("2026-12-01T15:01:00Z").as_deref(),
            Some("2026-12-08T15:00:00Z")
        );
    }
}
