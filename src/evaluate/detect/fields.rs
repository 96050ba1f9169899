//! Front-matter detectors: required fields, field types, and misspelled field names.

use super::{Detector, Hit, Input};
use crate::Pos;
use crate::evaluate::env::{date, duration_minutes, timestamp};
use crate::parse::change::Change;
use crate::parse::checklist::{FieldTypesFile, RequiredFieldsFile, UnknownFieldsFile, pos};
use crate::parse::policy::ConfigError;
use crate::parse::yaml::{Node, Value};

/// Where a finding about `path` points: the value if present, else the nearest
/// existing ancestor's key, else the front matter's first line.
pub fn field_pos(change: &Change, path: &str) -> Pos {
    let mut node = &change.front;
    let mut at = change.front_pos;
    for part in path.split('.') {
        match (node.key(part), node.get(part)) {
            (Some(key), Some(child)) => {
                at = key.pos;
                node = child;
            }
            _ => return at,
        }
    }
    node.pos
}

fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Seq(v) => v.is_empty(),
        Value::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// `required-fields`.
pub struct RequiredFields {
    fields: Vec<String>,
}

impl RequiredFields {
    /// Compiles the detector from its checklist form.
    pub fn compile(file: &RequiredFieldsFile) -> Self {
        Self {
            fields: file.fields.clone(),
        }
    }
}

impl Detector for RequiredFields {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        self.fields
            .iter()
            .filter(|f| change.front.path(f).is_none_or(is_empty))
            .map(|f| Hit {
                pos: field_pos(change, f),
                vars: vec![("field", f.clone())],
                message: None,
                secret: None,
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Integer,
    Bool,
    Date,
    Timestamp,
    Duration,
    List,
    Map,
}

impl Kind {
    fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "string" => Kind::String,
            "number" => Kind::Number,
            "integer" => Kind::Integer,
            "bool" | "boolean" => Kind::Bool,
            "date" => Kind::Date,
            "timestamp" => Kind::Timestamp,
            "duration" => Kind::Duration,
            "list" => Kind::List,
            "map" => Kind::Map,
            _ => return None,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::String => "text",
            Kind::Number => "a number",
            Kind::Integer => "a whole number",
            Kind::Bool => "true or false",
            Kind::Date => "a date (2026-11-18)",
            Kind::Timestamp => "an RFC 3339 time with an offset (2026-12-01T18:00:00Z)",
            Kind::Duration => "a duration (90m, 2h, 1h30m)",
            Kind::List => "a list ([a, b])",
            Kind::Map => "a mapping of fields",
        }
    }

    fn accepts(self, node: &Node) -> bool {
        match (self, &node.value) {
            (Kind::String, Value::Str(_) | Value::Int(_) | Value::Float(_)) => true,
            (Kind::Number, Value::Int(_) | Value::Float(_)) | (Kind::Integer, Value::Int(_)) => {
                true
            }
            (Kind::Bool, Value::Bool(_))
            | (Kind::List, Value::Seq(_))
            | (Kind::Map, Value::Map(_)) => true,
            (Kind::Date, Value::Str(s)) => date(s).is_some(),
            (Kind::Timestamp, Value::Str(s)) => timestamp(s).is_some(),
            (Kind::Duration, Value::Str(s)) => duration_minutes(s).is_some(),
            (Kind::Duration, Value::Int(n)) => *n >= 0,
            _ => false,
        }
    }
}

/// `field-types`.
pub struct FieldTypes {
    fields: Vec<(String, Kind, Option<Vec<String>>)>,
}

impl FieldTypes {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &FieldTypesFile) -> Result<Self, ConfigError> {
        let mut fields = Vec::new();
        for (field, spec) in &file.fields {
            let kind = Kind::parse(&spec.kind.value).ok_or_else(|| {
                ConfigError::new(
                    path,
                    pos(&spec.kind),
                    format!("unknown type `{}`; use string, number, integer, bool, date, timestamp, duration, list or map", spec.kind.value),
                )
            })?;
            fields.push((field.clone(), kind, spec.values.clone()));
        }
        Ok(Self { fields })
    }
}

impl Detector for FieldTypes {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let mut hits = Vec::new();
        for (field, kind, values) in &self.fields {
            let Some(node) = change.front.path(field) else {
                continue;
            };
            if matches!(node.value, Value::Null) {
                continue;
            }
            let shown = node.as_text().unwrap_or_else(|| "a list or mapping".into());
            let expected = if !kind.accepts(node) {
                kind.describe().to_string()
            } else if let Some(values) = values {
                let text = node.as_text().unwrap_or_default();
                if values.iter().any(|v| v.eq_ignore_ascii_case(text.trim())) {
                    continue;
                }
                format!("one of {}", values.join(", "))
            } else {
                continue;
            };
            hits.push(Hit {
                pos: node.pos,
                vars: vec![
                    ("field", field.clone()),
                    ("expected", expected),
                    ("value", shown),
                ],
                message: None,
                secret: None,
            });
        }
        hits
    }
}

/// `unknown-fields`.
pub struct UnknownFields {
    known: Vec<String>,
    max_distance: usize,
}

impl UnknownFields {
    /// Compiles the detector from its checklist form.
    pub fn compile(file: &UnknownFieldsFile) -> Self {
        Self {
            known: file.known.clone(),
            max_distance: file.max_distance,
        }
    }

    fn walk(&self, node: &Node, parent: &str, hits: &mut Vec<Hit>) {
        for (key, child) in node.entries() {
            let path = if parent.is_empty() {
                key.name.clone()
            } else {
                format!("{parent}.{}", key.name)
            };
            if self.known.contains(&path) {
                self.walk(child, &path, hits);
                continue;
            }
            if self
                .known
                .iter()
                .any(|k| k.strip_suffix(".*") == Some(parent) && !parent.is_empty())
            {
                continue;
            }
            // Suggest the closest known sibling one edit away.
            let siblings = self.known.iter().filter_map(|k| {
                let (p, name) = k.rsplit_once('.').unwrap_or(("", k));
                (p == parent && name != "*").then_some(name)
            });
            let best = siblings
                .map(|name| (strsim::osa_distance(&key.name.to_lowercase(), name), name))
                .filter(|(d, _)| *d <= self.max_distance)
                .min_by_key(|(d, _)| *d);
            if let Some((_, name)) = best {
                let suggestion = if parent.is_empty() {
                    name.to_string()
                } else {
                    format!("{parent}.{name}")
                };
                hits.push(Hit {
                    pos: key.pos,
                    vars: vec![("field", path), ("suggestion", suggestion)],
                    message: None,
                    secret: None,
                });
            }
        }
    }
}

impl Detector for UnknownFields {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.walk(&input.change.front, "", &mut hits);
        hits
    }
}
