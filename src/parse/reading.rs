//! How a change description is read for meaning: which headings are which
//! sections, and which sentences state what the operator will observe. The
//! vocabularies come from the checklists' `reading:` blocks (data, not Rust), are
//! merged across every active checklist, and are compiled once per run.

use std::sync::OnceLock;

use super::pattern::{Candidates, Pattern, Sieve};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::checklist::{SpannedStrings, pos};
use super::policy::ConfigError;

/// One meaning rule for headings: a heading whose normalised words match `words`
/// is a section of `kind`. Rules are tried in order; the first match wins.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionMeaningFile {
    /// The section kind (`steps`, `preparation`, `verification`, `rollback`, ...).
    pub kind: String,
    /// A regex over the heading, lowercased, punctuation and numbering removed.
    #[schemars(with = "String")]
    pub words: Spanned<String>,
}

/// One class of observation: a verb, then what is observed within a few words.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservationFile {
    /// A regex of verbs that report an observation (`prints`, `shows`, `returns`).
    #[schemars(with = "String")]
    pub verbs: Spanned<String>,
    /// How many words may stand between the verb and the concrete thing observed.
    #[serde(default)]
    pub within_words: usize,
}

/// What makes a sentence an expectation.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectationsFile {
    /// Observation verbs and how close the observed thing must follow.
    #[serde(default)]
    pub observations: Vec<ObservationFile>,
    /// What is concrete: a code span (written `\x{E000}`), a number, a quoted value,
    /// a named state, an exit status. Alternatives are joined.
    pub concrete: SpannedStrings,
    /// Vague claims that never count ("looks fine", "make sure it is OK").
    pub vague: SpannedStrings,
    /// Sentences that are not expectations whatever they say (a failure condition: "If it prints ...").
    pub not: SpannedStrings,
    /// A sentence ending in `:` that introduces the expected output in the code block after it.
    pub intro: SpannedStrings,
    /// Sentences that give an instruction ("Check the output:"), so the block after
    /// them is a command even when they mention output.
    pub instructions: SpannedStrings,
    /// Sentences that are observations on their own, with no verb ("Three running
    /// nodes", "Six rows, each with ..."); what is observed starts at the match.
    pub fragments: SpannedStrings,
}

/// A checklist's `reading:` block.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingFile {
    /// Headings by meaning, tried after the policy's `sections:` aliases.
    #[serde(default)]
    pub sections: Vec<SectionMeaningFile>,
    /// Expectations written as sentences.
    #[serde(default)]
    pub expectations: ExpectationsFile,
}

/// The compiled vocabularies of every active checklist.
#[derive(Debug, Default)]
pub struct Reading {
    /// (kind, heading regex), in order.
    pub sections: Vec<(String, Pattern)>,
    /// Verb, gap and concrete object in one regex per observation class.
    pub observations: Vec<Pattern>,
    /// Vague claims.
    pub vague: Option<Pattern>,
    /// Sentences that are never expectations.
    pub not: Option<Pattern>,
    /// Introductions of an expected-output block.
    pub intro: Option<Pattern>,
    /// Instructions, which never introduce output.
    pub instructions: Option<Pattern>,
    /// Verbless observations.
    pub fragments: Option<Pattern>,
    /// `not`, `vague`, the observations and the fragments in one automaton: most
    /// sentences match none of them, and one pass says so (built on first use).
    sieve: OnceLock<Option<Sieve>>,
}

fn compile(path: &str, source: &str, at: &Spanned<String>) -> Result<Pattern, ConfigError> {
    Pattern::new(&format!("(?i){source}"))
        .map_err(|e| ConfigError::new(path, pos(at), format!("invalid regular expression: {e}")))
}

/// Joins alternatives from several files into one regex (each validated on its own
/// first, so an error points at the line that has it).
fn alternation(parts: &[(&str, &Spanned<String>)]) -> Result<Option<Pattern>, ConfigError> {
    let Some((first_path, first)) = parts.first() else {
        return Ok(None);
    };
    // Each part's syntax is checked on its own, so an error points at its line;
    // only the joined regex is compiled.
    for (path, part) in parts {
        regex_syntax::ast::parse::Parser::new()
            .parse(&part.value)
            .map_err(|e| {
                ConfigError::new(path, pos(part), format!("invalid regular expression: {e}"))
            })?;
    }
    let joined = parts
        .iter()
        .map(|(_, p)| format!("(?:{})", p.value))
        .collect::<Vec<_>>()
        .join("|");
    compile(first_path, &joined, first).map(Some)
}

impl Reading {
    /// Compiles and merges the `reading:` blocks of the active checklists, in order.
    pub fn compile<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a ReadingFile)>,
    ) -> Result<Reading, ConfigError> {
        let files: Vec<(&str, &ReadingFile)> = files.into_iter().collect();
        let mut reading = Reading::default();
        for (path, file) in &files {
            for s in &file.sections {
                let re = compile(path, &s.words.value, &s.words)?;
                reading.sections.push((s.kind.clone(), re));
            }
        }
        let gather = |pick: fn(&ExpectationsFile) -> &Vec<Spanned<String>>| {
            files
                .iter()
                .flat_map(|(path, f)| pick(&f.expectations).iter().map(move |p| (*path, p)))
                .collect::<Vec<_>>()
        };
        let concrete = gather(|e| &e.concrete);
        let concrete_src =
            alternation(&concrete)?.map(|r| r.as_str().trim_start_matches("(?i)").to_string());
        reading.vague = alternation(&gather(|e| &e.vague))?;
        reading.not = alternation(&gather(|e| &e.not))?;
        reading.intro = alternation(&gather(|e| &e.intro))?;
        reading.instructions = alternation(&gather(|e| &e.instructions))?;
        reading.fragments = alternation(&gather(|e| &e.fragments))?;
        if let Some(concrete) = concrete_src {
            for (path, file) in &files {
                for o in &file.expectations.observations {
                    // The verb, at most `within_words` words, then the concrete thing.
                    let source = format!(
                        r"\b(?:{})\b(?:[\s,:]+[\w'’/-]+){{0,{}}}?[\s,:(]*(?:{})",
                        o.verbs.value, o.within_words, concrete
                    );
                    reading.observations.push(compile(path, &source, &o.verbs)?);
                }
            }
        }
        Ok(reading)
    }

    /// The section kind a normalised heading means, if any rule says.
    pub fn section_kind(&self, normalized: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(_, re)| re.is_match(normalized))
            .map(|(kind, _)| kind.as_str())
    }

    /// `not`, `vague`, the observations and the fragments, in the sieve's order.
    fn judged(&self) -> impl Iterator<Item = &Pattern> {
        self.not
            .iter()
            .chain(&self.vague)
            .chain(&self.observations)
            .chain(&self.fragments)
    }

    /// Where the observation in `sentence` starts (its verb), when the sentence
    /// concretely states what the operator will see.
    pub fn observation(&self, sentence: &str) -> Option<usize> {
        let candidates = self
            .sieve
            .get_or_init(|| Sieve::new(self.judged()).ok())
            .as_ref()
            .map_or_else(Candidates::all, |sieve| sieve.candidates(sentence));
        if candidates.none() {
            return None;
        }
        // `not` and `vague` come first in the sieve's order, and rule a sentence out.
        let excluding = usize::from(self.not.is_some()) + usize::from(self.vague.is_some());
        let mut start: Option<usize> = None;
        for (index, re) in self.judged().enumerate() {
            if !candidates.may(index) {
                continue;
            }
            if index < excluding {
                if re.is_match(sentence) {
                    return None;
                }
            } else if let Some(m) = re.find(sentence) {
                start = Some(start.map_or(m.start(), |s| s.min(m.start())));
            }
        }
        start
    }

    /// Whether `sentence` (ending in `:`) introduces an expected-output block.
    pub fn introduces_output(&self, sentence: &str) -> bool {
        self.intro.as_ref().is_some_and(|re| re.is_match(sentence))
            && ![&self.not, &self.instructions]
                .iter()
                .any(|re| re.as_ref().is_some_and(|re| re.is_match(sentence)))
    }
}
