//! The minijinja environment for checklist expressions and messages: every filter,
//! test and function that checklists can use is registered here, in one place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};
use regex::Regex;

use crate::parse::policy::Freeze;

/// Parses a duration such as `90m`, `2h`, `1h30m` or `PT2H` into whole minutes.
pub fn duration_minutes(text: &str) -> Option<i64> {
    let d: jiff::SignedDuration = text.trim().parse().ok()?;
    (!d.is_negative()).then(|| d.as_secs() / 60)
}

/// Parses an RFC 3339 time with an offset.
pub fn timestamp(text: &str) -> Option<jiff::Timestamp> {
    text.trim().parse().ok()
}

/// Parses a calendar date (`2026-11-18`) or a timestamp, as a date in UTC.
pub fn date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    text.parse::<jiff::civil::Date>()
        .ok()
        .or_else(|| timestamp(text).map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date()))
}

fn text_of(v: &Value) -> Option<String> {
    if v.is_undefined() || v.is_none() {
        None
    } else {
        v.as_str()
            .map(str::to_string)
            .or_else(|| Some(v.to_string()))
    }
}

/// Builds the environment for one run. `now` is the time checks are judged at.
pub fn environment(now: jiff::Timestamp, freezes: Vec<Freeze>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();

    env.add_filter("minutes", |v: Value| -> Value {
        if let Some(n) = v.as_i64() {
            return Value::from(n);
        }
        text_of(&v)
            .and_then(|t| duration_minutes(&t))
            .map_or(Value::from(()), Value::from)
    });
    env.add_filter("days_since", move |v: Value| -> Value {
        text_of(&v)
            .and_then(|t| date(&t))
            .and_then(|d| d.until(today).ok())
            .map_or(Value::from(()), |span| {
                Value::from(i64::from(span.get_days()))
            })
    });
    env.add_filter("timestamp", |v: Value| -> Value {
        text_of(&v)
            .and_then(|t| timestamp(&t))
            .map_or(Value::from(()), |t| Value::from(t.as_second()))
    });
    env.add_filter("is_date", |v: Value| {
        text_of(&v).and_then(|t| date(&t)).is_some()
    });

    let cache: Arc<Mutex<HashMap<String, Option<Regex>>>> = Arc::default();
    let matcher = move |text: &str, pattern: &str| -> bool {
        let Ok(mut cache) = cache.lock() else {
            return false;
        };
        let re = cache
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok());
        re.as_ref().is_some_and(|re| re.is_match(text))
    };
    let m = matcher.clone();
    env.add_test("matching", move |v: Value, pattern: String| {
        text_of(&v).is_some_and(|t| m(&t, &pattern))
    });
    env.add_filter("matches", move |v: Value, pattern: String| {
        text_of(&v).is_some_and(|t| matcher(&t, &pattern))
    });
    env.add_filter("contains_any", |v: Value, items: Value| -> bool {
        let Some(text) = text_of(&v).map(|t| t.to_lowercase()) else {
            return false;
        };
        items.try_iter().is_ok_and(|mut it| {
            it.any(|i| {
                text_of(&i).is_some_and(|i| !i.is_empty() && text.contains(&i.to_lowercase()))
            })
        })
    });
    env.add_function(
        "freeze_for",
        move |start: Value, end: Value, risk: Option<Value>| -> Value {
            // A freeze may let some risks through (`allow: [low]`); without a risk, none.
            let risk = risk
                .as_ref()
                .and_then(text_of)
                .and_then(|r| crate::parse::change::Risk::parse(&r));
            let (Some(s), Some(e)) = (
                text_of(&start).and_then(|t| timestamp(&t)),
                text_of(&end).and_then(|t| timestamp(&t)),
            ) else {
                return Value::from(());
            };
            freezes
                .iter()
                .find(|f| f.overlaps(s, e) && risk.is_none_or(|r| !f.allow.contains(&r)))
                .map_or(Value::from(()), |f| {
                    let reason = if f.reason.is_empty() {
                        "a change freeze".to_string()
                    } else {
                        f.reason.clone()
                    };
                    Value::from(format!("{reason} ({} to {})", f.start, f.end))
                })
        },
    );
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(env: &Environment<'static>, expr: &str, ctx: serde_json::Value) -> Value {
        env.compile_expression(expr)
            .unwrap()
            .eval(Value::from(minijinja::value::Serde(&ctx)))
            .unwrap()
    }

    #[test]
    fn durations_dates_and_freezes() {
        let now: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        let freeze = Freeze {
            start: "2026-12-20T00:00:00Z".parse().unwrap(),
            end: "2027-01-04T00:00:00Z".parse().unwrap(),
            reason: "End-of-year freeze".into(),
            allow: Vec::new(),
        };
        let lenient = Freeze {
            reason: "Lets low risk through".into(),
            allow: vec![crate::parse::change::Risk::Low],
            ..freeze.clone()
        };
        let env = environment(now, vec![lenient.clone()]);
        let w = serde_json::json!({"w": {"start": "2026-12-22T10:00:00Z", "end": "2026-12-22T12:00:00Z"}});
        assert!(eval(&env, "freeze_for(w.start, w.end, 'low')", w.clone()).is_none());
        assert!(!eval(&env, "freeze_for(w.start, w.end, 'medium')", w.clone()).is_none());
        // Without a risk, no freeze lets anything through.
        assert!(!eval(&env, "freeze_for(w.start, w.end)", w).is_none());
        let env = environment(now, vec![freeze]);
        let ctx = serde_json::json!({"b": "1h30m", "t": "2026-11-10", "w": {"start": "2026-12-22T10:00:00Z", "end": "2026-12-22T12:00:00Z"}});
        assert_eq!(eval(&env, "b | minutes", ctx.clone()), Value::from(90));
        assert_eq!(
            eval(&env, "'45m' | minutes >= 30", ctx.clone()),
            Value::from(true)
        );
        assert_eq!(eval(&env, "t | days_since", ctx.clone()), Value::from(10));
        assert!(
            eval(&env, "freeze_for(w.start, w.end)", ctx.clone())
                .to_string()
                .contains("End-of-year")
        );
        assert!(eval(&env, "freeze_for(missing.start, w.end)", ctx.clone()).is_none());
        assert!(eval(&env, "nothing.here | minutes", ctx.clone()).is_none());
        assert_eq!(
            eval(&env, "'errors above 1%' is matching('\\\\d')", ctx.clone()),
            Value::from(true)
        );
        assert_eq!(
            eval(&env, "(nothing.here | default([])) | length", ctx),
            Value::from(0)
        );
    }
}
