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

use regex::Regex;

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
}

/// A checklist regex: its syntax is checked when the checklist loads (so a broken
/// pattern is a configuration error at its `file:line:column`), and it is compiled
/// the first time a detector uses it. Most `unless` lists are never needed, and a
/// run over a few changes would otherwise spend most of its time compiling them.
pub struct LazyRegex {
    source: String,
    compiled: std::sync::OnceLock<Regex>,
}

/// How large a compiled pattern may grow (the syntax check bounds the rest).
const PATTERN_SIZE_LIMIT: usize = 1 << 24;

impl LazyRegex {
    /// Checks `source` and keeps it for compiling on first use.
    pub fn new(source: String) -> Result<LazyRegex, String> {
        // The syntax tree only: translating it (Unicode classes, case folding) is
        // most of the cost of compiling, and is left to the first use.
        regex_syntax::ast::parse::Parser::new()
            .parse(&source)
            .map_err(|e| e.to_string())?;
        // Under test every pattern is compiled at once, so an embedded one that
        // cannot be compiled fails the build instead of matching everything.
        #[cfg(test)]
        regex::RegexBuilder::new(&source)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(LazyRegex {
            source,
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// The compiled regex. A pattern that passed the syntax check but cannot be
    /// compiled (past the size limit) matches everything, so the rule fails closed
    /// and shows instead of going quiet.
    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            regex::RegexBuilder::new(&self.source)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
                .unwrap_or_else(|_| match_everything())
        })
    }

    /// The pattern as written (with its flags).
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// The empty pattern, which matches everywhere (and always compiles).
fn match_everything() -> Regex {
    #[allow(clippy::unwrap_used)]
    Regex::new("").unwrap()
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.get()
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.source).finish()
    }
}

/// A regex from a checklist, checked now and compiled when first used; errors are
/// reported at its position.
pub fn regex(
    path: &str,
    s: &Spanned<String>,
    case_sensitive: bool,
) -> Result<LazyRegex, ConfigError> {
    let source = if case_sensitive {
        s.value.clone()
    } else {
        format!("(?i){}", s.value)
    };
    LazyRegex::new(source)
        .map_err(|e| ConfigError::new(path, pos(s), format!("invalid regular expression: {e}")))
}
