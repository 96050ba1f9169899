//! The rota (`barraiser rota`), the duty line that heads `queue`'s agenda, and what
//! `ci`'s duty review request did.

use crate::pr::duty::DutyRequest;
use crate::rotation::{Duty, Shift};

fn when(z: &jiff::Zoned) -> String {
    z.strftime("%a %Y-%m-%d %H:%M %Z").to_string()
}

fn span(shift: &Shift) -> String {
    let last = shift.end.yesterday().unwrap_or(shift.end);
    format!("{} to {last}", shift.start)
}

/// `barraiser rota`: the shift running now (or the first, before the rotation starts)
/// and the ones after it.
pub fn rota(shifts: &[Shift], now: jiff::Timestamp, unread: &[String]) -> String {
    let mut out = String::new();
    for (i, shift) in shifts.iter().enumerate() {
        let who = shift.login.as_deref().unwrap_or("(skipped: holiday)");
        let running = shift
            .start
            .to_zoned(jiff::tz::TimeZone::UTC)
            .is_ok_and(|s| s.timestamp() <= now);
        let label = if i == 0 && running { "now " } else { "next" };
        out.push_str(&format!("{label}  {}  {who}", span(shift)));
        if let Some(hours) = &shift.office_hours {
            out.push_str(&format!("  office hours {}", when(hours)));
        }
        out.push('\n');
    }
    for line in unread {
        out.push_str(&format!("warning: {line}\n"));
    }
    out
}

/// The line that heads `queue`'s agenda.
pub fn duty_heading(duty: Option<&Duty>) -> String {
    match duty {
        Some(d) => {
            let hours = d
                .next_office_hours
                .as_ref()
                .map_or_else(String::new, |z| format!("; next office hours {}", when(z)));
            format!("On duty: {} ({}){hours}.\n", d.login, span(&d.shift))
        }
        None => String::new(),
    }
}

/// What `ci`'s duty review request did, in one line.
pub fn duty_request(request: &DutyRequest) -> String {
    match request {
        DutyRequest::Requested(login) => {
            format!("barraiser: requested a review from {login}, the bar raiser on duty\n")
        }
        DutyRequest::AlreadyAsked(login) => {
            format!(
                "barraiser: no review requested: {login} of the rota already reviewed or is asked\n"
            )
        }
        DutyRequest::Nobody(why) => format!("barraiser: no review requested: {why}\n"),
        DutyRequest::Failed(why) => format!("barraiser: {why}\n"),
    }
}
