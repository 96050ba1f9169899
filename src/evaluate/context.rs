//! What checklist expressions see: the front matter at the top level, plus
//! `sections`, `headings`, `change`, `risk`, `now` and `today`.

use serde_json::{Map, Value as Json, json};

use crate::parse::change::{Change, Risk};
use crate::parse::markdown::{Section, Step};
use crate::parse::text::CODE_MARK;

fn step_json(change: &Change, step: &Step) -> Json {
    let commands: Vec<&str> = step.commands.iter().map(|c| c.code.text.as_str()).collect();
    let pos = change.pos(step.offset);
    json!({
        "number": step.number,
        "line": pos.line,
        "text": step.prose.text.replace(CODE_MARK, "`…`").trim(),
        "commands": commands,
        "expectation": step.expectation.as_ref().map(|e| e.text.clone()),
        "links": step.links.iter().map(|l| l.url.clone()).collect::<Vec<_>>(),
    })
}

fn section_json(change: &Change, section: &Section) -> Json {
    json!({
        "present": true,
        "heading": section.heading,
        "line": change.pos(section.offset).line,
        "steps": section.steps.iter().map(|s| step_json(change, s)).collect::<Vec<_>>(),
    })
}

/// Builds the context for one change. `risk` is the effective risk (high when missing).
pub fn build(change: &Change, risk: Risk, kinds: &[&str], now: jiff::Timestamp) -> Json {
    let mut root = match change.front.to_json() {
        Json::Object(map) => map,
        _ => Map::new(),
    };
    let mut sections = Map::new();
    for kind in kinds {
        sections.insert(
            (*kind).to_string(),
            json!({"present": false, "heading": "", "line": 0, "steps": []}),
        );
    }
    for section in &change.sections {
        if let Some(kind) = &section.kind {
            // The first section of a kind wins; later duplicates stay in `headings`.
            let entry = sections
                .get(kind)
                .and_then(|v| v.get("present"))
                .and_then(Json::as_bool);
            if entry != Some(true) {
                sections.insert(kind.clone(), section_json(change, section));
            }
        }
    }
    let headings: Vec<&str> = change
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .filter(|h| !h.is_empty())
        .collect();
    root.insert("risk".into(), json!(risk.as_str()));
    root.insert("sections".into(), Json::Object(sections));
    root.insert("headings".into(), json!(headings));
    root.insert(
        "change".into(),
        json!({"path": change.path, "blob": change.blob, "title": change.title()}),
    );
    root.insert("now".into(), json!(now.to_string()));
    root.insert(
        "today".into(),
        json!(now.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()),
    );
    Json::Object(root)
}
