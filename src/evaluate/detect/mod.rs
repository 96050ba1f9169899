//! Built-in text detectors. Mechanisms live here; their word lists, patterns and
//! thresholds come from the checklists.

mod commands;
mod fields;
mod parameters;
mod patterns;
mod repo_files;
mod requires;
mod shell;
mod steps;

pub use commands::Commands;
pub use fields::{FieldTypes, RequiredFields, UnknownFields, field_pos as fields_pos};
pub use parameters::Parameters;
pub use patterns::Patterns;
pub use repo_files::RepoFiles;
pub use requires::Requires;
pub use steps::Steps;

use crate::Pos;
use crate::parse::change::Change;
use crate::parse::checklist::pos;
use crate::parse::policy::ConfigError;
use serde_saphyr::Spanned;

pub use crate::read::Files;

/// One place a detector found something.
#[derive(Clone, Debug, Default)]
pub struct Hit {
    /// Where.
    pub pos: Pos,
    /// Variables for the message template (`match`, `name`, `field`, `step`, ...).
    pub vars: Vec<(&'static str, String)>,
    /// A message template specific to this hit, overriding the assertion's.
    pub message: Option<String>,
    /// The matched text when it is a secret: no output may repeat it.
    pub secret: Option<String>,
}

/// Everything a detector needs besides the change.
pub struct Input<'a> {
    /// The change.
    pub change: &'a Change,
    /// The repository at the checked revision.
    pub files: &'a dyn Files,
}

/// A built-in detector.
pub trait Detector: Send + Sync {
    /// Finds problems in one change.
    fn detect(&self, input: &Input<'_>) -> Vec<Hit>;

    /// Whether `step` names the automation that carries it out, for a detector that
    /// recognises automation (`steps`); None for the others.
    fn automated(&self, _step: &crate::parse::markdown::Step) -> Option<bool> {
        None
    }
}

pub use crate::parse::pattern::Pattern;

/// A regex from a checklist, checked now and compiled when first used; errors are
/// reported at its position.
pub fn regex(
    path: &str,
    s: &Spanned<String>,
    case_sensitive: bool,
) -> Result<Pattern, ConfigError> {
    let source = if case_sensitive {
        s.value.clone()
    } else {
        format!("(?i){}", s.value)
    };
    Pattern::new(&source)
        .map_err(|e| ConfigError::new(path, pos(s), format!("invalid regular expression: {e}")))
}

/// The largest char boundary of `text` at or before `at`.
pub(crate) fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` cut to at most `max` bytes (on a char boundary) with `…` when cut: what a
/// finding may quote, so no hit holds a copy of a whole hostile sentence.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut out = text[..char_floor(text, max)].to_owned();
    out.push('…');
    out
}
