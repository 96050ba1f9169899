//! A change description: YAML front matter between `---` lines, then a Markdown body.

use serde::{Deserialize, Serialize};

use super::markdown::{BodyConfig, Section, parse_body};
use super::yaml::{self, Node, Value};
use crate::Pos;
use crate::location::LineIndex;

/// Risk levels, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Low risk.
    Low,
    /// Medium risk.
    Medium,
    /// High risk.
    High,
}

impl Risk {
    /// All levels, lowest first.
    pub const ALL: [Risk; 3] = [Risk::Low, Risk::Medium, Risk::High];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`, ignoring case and surrounding space.
    pub fn parse(text: &str) -> Option<Risk> {
        Risk::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// A parsed change description.
#[derive(Clone, Debug)]
pub struct Change {
    /// Repository-relative path.
    pub path: String,
    /// Git blob id of the checked content.
    pub blob: String,
    /// The text as checked (byte-order mark removed, CRLF as LF).
    pub source: String,
    /// The front matter; positions are positions in the file.
    pub front: Node,
    /// Position of the opening `---`.
    pub front_pos: Pos,
    /// The body's sections, starting with the text before the first `##` heading.
    pub sections: Vec<Section>,
    lines: LineIndex,
}

/// Why a change description could not be parsed at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// The file does not start with `---`.
    #[error(
        "no front matter: a change description starts with a `---` line, then YAML, then `---`"
    )]
    NoFrontMatter,
    /// The opening `---` has no closing line.
    #[error("the front matter opened on line {0} is never closed: add a `---` line after the YAML")]
    Unclosed(u32),
    /// The front matter is not valid YAML.
    #[error("front matter: {message}")]
    Yaml {
        /// Where, in the file.
        pos: Pos,
        /// What.
        message: String,
    },
    /// The front matter is YAML but not a mapping.
    #[error(
        "front matter must be a mapping of fields (`title: ...`), not a list or a single value"
    )]
    NotMapping(Pos),
    /// A NUL byte in the text.
    #[error("contains a NUL byte; change descriptions are text")]
    Nul(Pos),
}

impl ChangeError {
    /// Where the problem is (line 1 when it is the whole file).
    pub fn pos(&self) -> Pos {
        match self {
            ChangeError::NoFrontMatter => Pos::new(1, 1),
            ChangeError::Unclosed(line) => Pos::new(*line, 1),
            ChangeError::Yaml { pos, .. }
            | ChangeError::NotMapping(pos)
            | ChangeError::Nul(pos) => *pos,
        }
    }
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Parses a change description.
pub fn parse_change(
    path: &str,
    blob: &str,
    text: &str,
    config: &BodyConfig,
) -> Result<Change, ChangeError> {
    parse_source(path, blob, as_source(text), config)
}

/// Like [`parse_change`], but keeps `text` as the change's source instead of
/// copying it when it needs no cleaning (no byte-order mark, no CRLF).
pub fn parse_change_owned(
    path: &str,
    blob: &str,
    text: String,
    config: &BodyConfig,
) -> Result<Change, ChangeError> {
    let source = if text.starts_with('\u{FEFF}') || text.contains("\r\n") {
        as_source(&text)
    } else {
        text
    };
    parse_source(path, blob, source, config)
}

/// The text as checked: byte-order mark removed, CRLF as LF.
fn as_source(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

fn parse_source(
    path: &str,
    blob: &str,
    source: String,
    config: &BodyConfig,
) -> Result<Change, ChangeError> {
    let lines = LineIndex::new(&source);
    if let Some(nul) = source.find('\0') {
        return Err(ChangeError::Nul(lines.pos(&source, nul)));
    }
    let mut iter = source.split_inclusive('\n');
    let first = iter.next().unwrap_or("");
    if !is_delimiter(first) {
        return Err(ChangeError::NoFrontMatter);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut close = None;
    for line in iter {
        if is_delimiter(line) || line.trim_end() == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        return Err(ChangeError::Unclosed(1));
    };
    let yaml_text = source.get(yaml_start..yaml_end).unwrap_or("");
    let mut front = yaml::parse(yaml_text).map_err(|e| ChangeError::Yaml {
        pos: if e.pos.line > 0 {
            Pos::new(e.pos.line + 1, e.pos.column)
        } else {
            Pos::new(1, 1)
        },
        message: e.message,
    })?;
    front.shift_lines(1);
    match front.value {
        Value::Map(_) => {}
        Value::Null => front.value = Value::Map(Vec::new()),
        _ => return Err(ChangeError::NotMapping(front.pos)),
    }
    let sections = parse_body(&source, body_start, config);
    Ok(Change {
        path: path.to_string(),
        blob: blob.to_string(),
        front,
        front_pos: Pos::new(1, 1),
        sections,
        lines,
        source,
    })
}

impl Change {
    /// The position of a byte offset in [`Change::source`].
    pub fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(&self.source, offset)
    }

    /// A front-matter field as text.
    pub fn field(&self, path: &str) -> Option<String> {
        self.front.path(path).and_then(Node::as_text)
    }

    /// The title, or an empty string.
    pub fn title(&self) -> String {
        self.field("title").unwrap_or_default()
    }

    /// The declared risk, when valid.
    pub fn risk(&self) -> Option<Risk> {
        self.field("risk").as_deref().and_then(Risk::parse)
    }

    /// The first section of `kind`.
    pub fn section(&self, kind: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.kind.as_deref() == Some(kind))
    }

    /// The same change read from `source`, a rewrite of the same length in bytes
    /// (secrets masked in place). Falls back to this change's structure with only
    /// the text replaced when the rewrite no longer parses.
    pub fn rewritten(&self, source: String, config: &BodyConfig) -> Change {
        match parse_source(&self.path, &self.blob, source.clone(), config) {
            Ok(change) => change,
            Err(_) => Change {
                source,
                ..self.clone()
            },
        }
    }
}
