//! A YAML tree that remembers where every node and key came from, on top of
//! serde-saphyr with budgets against alias bombs, deep nesting and huge inputs.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Options, Spanned};

use crate::Pos;

/// A YAML value whose nodes carry positions.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Any other scalar, including dates and durations (YAML 1.2 core schema).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key as text.
    pub name: String,
    /// Where the key starts.
    pub pos: Pos,
}

/// A value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub pos: Pos,
}

/// A YAML syntax or budget error, with its position in the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Where (0:0 when unknown).
    pub pos: Pos,
    /// What went wrong, without a snippet.
    pub message: String,
}

/// Nesting deeper than this is rejected: no change, policy or checklist needs it,
/// and deserialising deep trees recursively would risk the stack.
const MAX_DEPTH: usize = 24;

/// Limits for untrusted YAML: small documents, shallow nesting, few aliases.
fn budget() -> Option<serde_saphyr::Budget> {
    serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 100_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_events: 400_000,
            max_total_scalar_bytes: 4 * 1024 * 1024,
            max_recorded_anchor_events: 20_000,
    }
}

/// YAML 1.2 core: `y`, `no` and `on` are text, not booleans (`service: no` is a
/// service called "no"), and `010` is ten, not eight.
fn options() -> Options {
    serde_saphyr::options! {
        budget: budget(),
        strict_booleans: true,
        legacy_octal_numbers: false,
    }
}

fn to_pos(loc: &serde_saphyr::Location) -> Pos {
    Pos::new(
        u32::try_from(loc.line()).unwrap_or(u32::MAX),
        u32::try_from(loc.column()).unwrap_or(u32::MAX),
    )
}

impl YamlError {
    fn from_saphyr(err: &serde_saphyr::Error) -> Self {
        let pos = err.location().map(|l| to_pos(&l)).unwrap_or_default();
        let rendered = err.without_snippet().to_string();
        // The rendered text may repeat the position; keep the first line only.
        let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
        Self {
            pos,
            message: tidy(first),
        }
    }
}

/// The parser's message, minus what only confuses a reader: its positions are
/// relative to the YAML text (not the file, when the YAML is front matter) and
/// `pos` already carries the right one; budget breaches and duplicate keys name
/// the parser's own types and options.
fn tidy(message: &str) -> String {
    let mut message = message;
    if let Some(at) = message.find(" at line ") {
        message = &message[..at];
    }
    if let Some(at) = message.find(", set DuplicateKeyPolicy") {
        message = &message[..at];
    }
    if message.contains("recursion limit") || message.contains("nesting limit") {
        return limit_message("Depth");
    }
    match message.strip_prefix("budget breached: ") {
        Some(breach) => limit_message(breach),
        None => message.trim().to_string(),
    }
}

/// A budget breach (the parser's `Debug` name for it), in words.
fn limit_message(breach: &str) -> String {
    let what = if breach.contains("Depth") {
        format!("it nests deeper than {MAX_DEPTH} levels")
    } else if breach.contains("Alias") || breach.contains("Anchor") {
        "aliases expand to too much data (a YAML alias bomb?)".to_string()
    } else {
        "it is too large".to_string()
    };
    format!("YAML exceeds barraiser's limits for untrusted input: {what}")
}

/// Parses `text` into a typed value with the hostile-input budgets applied.
pub fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    prescan(text)?;
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| YamlError::from_saphyr(&e))
}

/// Streams the events once, without building anything, so that budget breaches
/// (depth above all) are refused before the recursive deserialiser sees them.
fn prescan(text: &str) -> Result<(), YamlError> {
    use serde_saphyr::budget::{EnforcingPolicy, check_yaml_budget};
    let Some(budget) = budget() else {
        return Ok(());
    };
    match check_yaml_budget(text, budget, EnforcingPolicy::AllContent) {
        Ok(report) => match report.breached {
            None => Ok(()),
            Some(breach) => Err(YamlError {
                pos: Pos::default(),
                message: limit_message(&format!("{breach:?}")),
            }),
        },
        Err(e) => Err(YamlError {
            pos: Pos::new(
                u32::try_from(e.marker().line()).unwrap_or(0),
                u32::try_from(e.marker().col() + 1).unwrap_or(0),
            ),
            message: tidy(&e.info()),
        }),
    }
}

/// Parses `text` into a positioned tree. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            pos: Pos::new(1, 1),
        });
    }
    from_str(text)
}

impl Node {
    /// The child at `key`, for a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key entry for `key`, for a mapping.
    pub fn key(&self, key: &str) -> Option<&Key> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// Follows a dotted path (`rollback.trigger`, `pipeline.stages.0`).
    pub fn path(&self, path: &str) -> Option<&Node> {
        path.split('.')
            .try_fold(self, |node, part| match &node.value {
                Value::Seq(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => node.get(part),
            })
    }

    /// The scalar as text (numbers and booleans too); `None` for null and collections.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// The mapping entries, or an empty slice.
    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Shifts every position down by `lines` (for YAML embedded after other text).
    pub fn shift_lines(&mut self, lines: u32) {
        self.pos.line += lines;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift_lines(lines)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.pos.line += lines;
                v.shift_lines(lines);
            }),
            _ => {}
        }
    }

    /// Every string scalar with its position and dotted path, depth first.
    pub fn strings(&self) -> Vec<(String, &str, Pos)> {
        let mut out = Vec::new();
        self.collect_strings(String::new(), &mut out);
        out
    }

    fn collect_strings<'a>(&'a self, path: String, out: &mut Vec<(String, &'a str, Pos)>) {
        match &self.value {
            Value::Str(s) => out.push((path, s, self.pos)),
            Value::Seq(items) => {
                for (i, n) in items.iter().enumerate() {
                    n.collect_strings(join(&path, &i.to_string()), out);
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    v.collect_strings(join(&path, &k.name), out);
                }
            }
            _ => {}
        }
    }

    /// Converts to JSON for templates and expressions (positions dropped).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}.{part}")
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            value: spanned.value,
            pos: to_pos(&spanned.referenced),
        })
    }
}

/// A scalar key of any type, kept as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match ValueVisitor::scalar(d)? {
            Value::Str(s) => Ok(KeyText(s)),
            Value::Int(i) => Ok(KeyText(i.to_string())),
            Value::Float(f) => Ok(KeyText(f.to_string())),
            Value::Bool(b) => Ok(KeyText(b.to_string())),
            Value::Null => Ok(KeyText("null".into())),
            Value::Seq(_) | Value::Map(_) => Err(de::Error::custom("mapping keys must be scalars")),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl ValueVisitor {
    fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        String::from_utf8(v.to_vec())
            .map(Value::Str)
            .map_err(|_| E::custom("binary values are not supported"))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Node>()?;
            let key = Key {
                name: key.value.0,
                pos: to_pos(&key.referenced),
            };
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_carry_positions() {
        let node = parse("title: X\nrollback:\n  trigger: \"a > 1\"\n  minutes: 5\n").unwrap();
        let trigger = node.path("rollback.trigger").unwrap();
        assert_eq!(trigger.pos, Pos::new(3, 12));
        assert_eq!(
            node.get("rollback").unwrap().key("minutes").unwrap().pos,
            Pos::new(4, 3)
        );
        assert_eq!(node.path("rollback.minutes").unwrap().value, Value::Int(5));
    }

    #[test]
    fn dates_and_durations_stay_text() {
        let node = parse("a: 2026-11-18\nb: 2h\nc: 2026-12-01T18:00:00Z\n").unwrap();
        assert_eq!(
            node.get("a").unwrap().as_text().as_deref(),
            Some("2026-11-18")
        );
        assert_eq!(node.get("b").unwrap().value, Value::Str("2h".into()));
    }

    #[test]
    fn yaml_1_1_booleans_are_text() {
        let node = parse("a: y\nb: no\nc: on\nd: true\n").unwrap();
        assert_eq!(node.get("a").unwrap().value, Value::Str("y".into()));
        assert_eq!(node.get("b").unwrap().value, Value::Str("no".into()));
        assert_eq!(node.get("c").unwrap().value, Value::Str("on".into()));
        assert_eq!(node.get("d").unwrap().value, Value::Bool(true));
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_position() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos.line, 3, "{err:?}");
    }

    /// Changes are parsed on worker threads, whose stacks are smaller than the main
    /// thread's: deep documents must be refused before anything recurses deeply.
    /// (A live budget alone is not enough: unclosed nested flow mappings recurse
    /// before it trips, which is why the prescan runs first.)
    #[test]
    fn deep_documents_are_refused_on_a_small_stack() {
        for deep in [
            format!("{}{}", "[".repeat(8000), "]".repeat(8000)),
            format!("a: {}", "{b: ".repeat(3000)),
            (0..120).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        ] {
            let parsed = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || parse(&deep))
                .unwrap()
                .join()
                .unwrap();
            assert!(parsed.is_err());
        }
    }

    #[test]
    fn alias_bomb_and_deep_nesting_hit_the_budget() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        assert!(parse(&bomb).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).is_err());
        let deep_block: String = (0..10_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse(&deep_block).is_err());
    }
}
