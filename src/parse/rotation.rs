//! The policy's `rotation`: who takes bar-raiser duty, shift by shift, and when the
//! office hours are. Parsed and validated here; who is on duty when is decided in
//! [`crate::rotation`].

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::policy::ConfigError;
use crate::Pos;

/// `rotation.members`: one GitHub team, or a list of logins (or teams).
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum MembersFile {
    /// `"@acme/bar-raisers"`: the team's members, in login order.
    One(String),
    /// `[alice, bob, carol]`: in this order.
    Many(Vec<String>),
}

/// `rotation` as written.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RotationFile {
    /// Logins in duty order, or one GitHub team (`@org/team`, its members in login order).
    members: MembersFile,
    /// The first shift's first day (2026-11-30).
    #[schemars(with = "String")]
    start: Spanned<String>,
    /// The length of a shift: `1w` (the default), `2w`, `5d`.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    shift: Option<Spanned<String>>,
    /// The weekly office hours: `"Tue 15:00 Europe/London"` (time zone optional, UTC by default).
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    office_hours: Option<Spanned<String>>,
    /// Holidays: a shift that contains one of these dates is skipped; nobody is on duty
    /// then, and the member whose turn it was takes the next shift.
    #[schemars(with = "Option<Vec<String>>")]
    #[serde(default)]
    skip: Option<Vec<Spanned<String>>>,
}

/// The weekly office hours.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeHours {
    /// The day.
    pub weekday: Weekday,
    /// The local time.
    pub time: Time,
    /// The time zone's name as written (`UTC` when none).
    pub zone: String,
}

/// A validated rotation.
#[derive(Clone, Debug)]
pub struct Rotation {
    /// Roster entries in duty order: logins, or `@org/team` entries to resolve.
    pub members: Vec<String>,
    /// The first shift's first day, in `tz`.
    pub start: Date,
    /// The length of a shift, in days.
    pub shift_days: i32,
    /// The office hours, when set.
    pub office_hours: Option<OfficeHours>,
    /// Days that cancel the shift they fall in, sorted.
    pub skip: Vec<Date>,
    /// The zone shifts and office hours are reckoned in.
    pub tz: TimeZone,
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as u32, s.referenced.column() as u32)
}

/// A roster entry: a login, or a GitHub team written `@org/team`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// A GitHub login.
    Login(String),
    /// A GitHub team: its members and its child teams' members.
    Team {
        /// The organization.
        org: String,
        /// The team's slug.
        slug: String,
    },
}

impl Member {
    /// Reads an entry as written in `bar_raisers` or `rotation.members`.
    pub fn parse(text: &str) -> Result<Member, String> {
        let text = text.trim();
        let bare = text.strip_prefix('@').unwrap_or(text);
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 100
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        match bare.split_once('/') {
            Some((org, slug)) if name_ok(org) && name_ok(slug) => Ok(Member::Team {
                org: org.to_owned(),
                slug: slug.to_owned(),
            }),
            None if name_ok(bare)
                || bare.ends_with("[bot]") && name_ok(&bare[..bare.len() - 5]) =>
            {
                Ok(Member::Login(bare.to_owned()))
            }
            _ => Err(format!(
                "`{text}` is neither a GitHub login (alice) nor a team (@org/team)"
            )),
        }
    }

    /// How the policy stores it: `alice`, or `@org/team`.
    pub fn normalized(&self) -> String {
        match self {
            Member::Login(login) => login.clone(),
            Member::Team { org, slug } => format!("@{org}/{slug}"),
        }
    }
}

/// Validates roster entries written in `path`, normalized (`@alice` is `alice`).
pub(crate) fn entries(path: &str, at: Pos, list: &[String]) -> Result<Vec<String>, ConfigError> {
    list.iter()
        .map(|e| {
            Member::parse(e)
                .map(|m| m.normalized())
                .map_err(|m| ConfigError::new(path, at, m))
        })
        .collect()
}

fn weekday(text: &str) -> Option<Weekday> {
    let lower = text.to_ascii_lowercase();
    let days = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    // `Tue`, `Tues` or `Tuesday`: at least three letters of the name.
    days.iter()
        .find(|(name, _)| lower.len() >= 3 && name.starts_with(&lower))
        .map(|(_, d)| *d)
}

/// `+01:00` or `-05:30`.
fn fixed_offset(text: &str) -> Option<jiff::tz::Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 18 || m > 59 {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// A time zone by IANA name, `UTC`, or a fixed offset (`+01:00`).
fn zone(name: &str) -> Result<TimeZone, String> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    if let Some(offset) = fixed_offset(name) {
        return Ok(TimeZone::fixed(offset));
    }
    TimeZone::get(name).map_err(|e| {
        format!("unknown time zone `{name}` ({e}); use an IANA name such as Europe/London, UTC, or an offset such as +01:00")
    })
}

fn office_hours(text: &str) -> Result<(OfficeHours, TimeZone), String> {
    let usage = || {
        format!(
            "office_hours `{text}` is not `DAY HH:MM [TIME ZONE]`, e.g. \"Tue 15:00 Europe/London\""
        )
    };
    let mut words = text.split_whitespace();
    let (Some(day), Some(time)) = (words.next(), words.next()) else {
        return Err(usage());
    };
    let weekday = weekday(day).ok_or_else(usage)?;
    let time: Time = time.parse().map_err(|_| usage())?;
    let zone_name = words.next().unwrap_or("UTC").to_owned();
    if words.next().is_some() {
        return Err(usage());
    }
    let tz = zone(&zone_name)?;
    Ok((
        OfficeHours {
            weekday,
            time,
            zone: zone_name,
        },
        tz,
    ))
}

/// A shift length: `1w`, `2w`, `10d`.
fn shift_days(text: &str) -> Option<i32> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: i32 = number.parse().ok()?;
    let days = match unit.trim() {
        "w" | "week" | "weeks" => n.checked_mul(7)?,
        "d" | "day" | "days" => n,
        _ => return None,
    };
    (1..=366).contains(&days).then_some(days)
}

impl RotationFile {
    /// Where it is written (its `start`).
    pub(crate) fn pos(&self) -> Pos {
        pos_of(&self.start)
    }

    /// Validates the rotation written in `path`.
    pub(crate) fn validate(self, path: &str) -> Result<Rotation, ConfigError> {
        let err = |at: Pos, m: String| ConfigError::new(path, at, m);
        let start_at = pos_of(&self.start);
        let start: Date = self.start.value.trim().parse().map_err(|_| {
            err(
                start_at,
                format!(
                    "rotation.start `{}` is not a date (2026-11-30)",
                    self.start.value
                ),
            )
        })?;
        let members = match self.members {
            MembersFile::One(team) => vec![team],
            MembersFile::Many(list) => list,
        };
        if members.is_empty() {
            return Err(err(start_at, "rotation.members names nobody".into()));
        }
        let members = entries(path, start_at, &members)?;
        let shift_days = match &self.shift {
            Some(s) => shift_days(&s.value).ok_or_else(|| {
                err(
                    pos_of(s),
                    format!(
                        "rotation.shift `{}` is not a length such as 1w, 2w or 10d (1 to 366 days)",
                        s.value
                    ),
                )
            })?,
            None => 7,
        };
        let (office_hours, tz) = match &self.office_hours {
            Some(s) => {
                let (hours, tz) = office_hours(&s.value).map_err(|m| err(pos_of(s), m))?;
                (Some(hours), tz)
            }
            None => (None, TimeZone::UTC),
        };
        let mut skip = Vec::new();
        for day in self.skip.unwrap_or_default() {
            skip.push(day.value.trim().parse::<Date>().map_err(|_| {
                err(
                    pos_of(&day),
                    format!("rotation.skip `{}` is not a date (2026-12-21)", day.value),
                )
            })?);
        }
        skip.sort();
        skip.dedup();
        Ok(Rotation {
            members,
            start,
            shift_days,
            office_hours,
            skip,
            tz,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_days_and_lengths() {
        assert_eq!(
            Member::parse("@acme/bar-raisers"),
            Ok(Member::Team {
                org: "acme".into(),
                slug: "bar-raisers".into()
            })
        );
        assert_eq!(Member::parse("@alice"), Ok(Member::Login("alice".into())));
        assert!(Member::parse("a b").is_err());
        assert!(Member::parse("acme/").is_err());
        assert_eq!(weekday("Tue"), Some(Weekday::Tuesday));
        assert_eq!(weekday("tuesday"), Some(Weekday::Tuesday));
        assert_eq!(weekday("tuesdax"), None);
        assert_eq!(weekday("t"), None);
        assert_eq!(shift_days("1w"), Some(7));
        assert_eq!(shift_days("10d"), Some(10));
        assert_eq!(shift_days("0d"), None);
        assert_eq!(shift_days("w"), None);
        assert!(office_hours("Tue 15:00 Mars/Olympus").is_err());
        assert!(office_hours("Tue 15:00 +01:00").is_ok());
        assert!(office_hours("Tue").is_err());
    }
}
