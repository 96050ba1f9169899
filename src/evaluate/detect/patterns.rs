//! `patterns`: text that should not be in a change (placeholders, tribal knowledge,
//! personal paths, private links, relative times), with sentence-level exceptions.

use crate::parse::pattern::{AnyOf, Found};

use super::{Detector, Hit, Input, Pattern, regex};
use crate::evaluate::secret;
use crate::parse::change::Change;
use crate::parse::checklist::{PatternsFile, pos};
use crate::parse::markdown::Section;
use crate::parse::policy::ConfigError;
use crate::parse::text::Text;
use serde_saphyr::Spanned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Prose,
    StepProse,
    Commands,
    Links,
    FrontMatter,
    Headings,
    Expectations,
    Source,
}

/// What a match of one pattern must also be, and how it is reported.
struct Listed {
    message: Option<String>,
    label: Option<String>,
    min_entropy: f64,
    min_length: usize,
}

/// The compiled `patterns` detector.
pub struct Patterns {
    scopes: Vec<Scope>,
    sections: Option<Vec<String>>,
    fields: Option<Vec<String>>,
    /// What to find, searched in one pass (most texts match none).
    patterns: AnyOf,
    /// For each of `patterns`, in order.
    listed: Vec<Listed>,
    unless: AnyOf,
    unless_match: AnyOf,
    /// `unless_in_change` templates, validated with a sample name.
    unless_in_change: Vec<String>,
    /// Those templates filled with each name met so far.
    filled: std::sync::Mutex<std::collections::HashMap<String, Vec<Pattern>>>,
    case_sensitive: bool,
    only_steps_without_commands: bool,
    redact: bool,
}

fn phrase_regex(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let body = words.join(r"\s+");
    let start = if phrase.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let end = if phrase.ends_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{body}{end}")
}

/// How many bytes of a match or its sentence a message may quote.
const QUOTE: usize = 300;

/// How many bytes of a sentence on each side of a match `unless` reads.
const CONTEXT: usize = 400;

/// An `unless_in_change` template with `{who}` (the name as matched) and
/// `{who_lower}` (in lower case, as a command is typed) filled in.
fn fill(template: &str, who: &str) -> String {
    template
        .replace("{who_lower}", &regex::escape(&who.to_lowercase()))
        .replace("{who}", &regex::escape(who))
}

impl Patterns {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &PatternsFile) -> Result<Self, ConfigError> {
        if file.scopes.is_empty() {
            return Err(ConfigError::new(
                path,
                Default::default(),
                "a `patterns` assertion needs `in:` with at least one scope",
            ));
        }
        let mut scopes = Vec::new();
        for s in &file.scopes {
            scopes.push(match s.value.as_str() {
                "prose" => Scope::Prose,
                "step-prose" => Scope::StepProse,
                "commands" => Scope::Commands,
                "links" => Scope::Links,
                "front-matter" => Scope::FrontMatter,
                "headings" => Scope::Headings,
                "expectations" => Scope::Expectations,
                "source" => Scope::Source,
                other => {
                    return Err(ConfigError::new(
                        path,
                        pos(s),
                        format!("unknown scope `{other}`; use prose, step-prose, commands, links, expectations, front-matter, headings or source"),
                    ));
                }
            });
        }
        let mut patterns = Vec::new();
        let mut listed = Vec::new();
        for p in &file.patterns {
            let re = match (&p.regex, &p.phrase) {
                (Some(r), None) => regex(path, r, file.case_sensitive)?,
                (None, Some(ph)) => {
                    let spanned = serde_saphyr::Spanned {
                        value: phrase_regex(&ph.value),
                        ..ph.clone()
                    };
                    regex(path, &spanned, file.case_sensitive)?
                }
                (Some(r), Some(_)) => {
                    return Err(ConfigError::new(
                        path,
                        pos(r),
                        "a pattern has either `regex` or `phrase`, not both",
                    ));
                }
                (None, None) => {
                    return Err(ConfigError::new(
                        path,
                        Default::default(),
                        "a pattern needs `regex` or `phrase`",
                    ));
                }
            };
            patterns.push(re);
            listed.push(Listed {
                message: p.message.clone(),
                label: p.label.clone(),
                min_entropy: p.min_entropy.or(file.min_entropy).unwrap_or(0.0),
                min_length: p.min_length.or(file.min_length).unwrap_or(0),
            });
        }
        let compile_all = |list: &[serde_saphyr::Spanned<String>]| {
            list.iter()
                .map(|u| regex(path, u, file.case_sensitive))
                .collect::<Result<Vec<_>, _>>()
                .map(AnyOf::new)
        };
        let unless = compile_all(&file.unless)?;
        let unless_match = compile_all(&file.unless_match)?;
        let mut unless_in_change = Vec::new();
        for u in &file.unless_in_change {
            let sample = Spanned {
                value: fill(&u.value, "someone"),
                ..u.clone()
            };
            regex(path, &sample, file.case_sensitive)?;
            unless_in_change.push(u.value.clone());
        }
        Ok(Self {
            unless_in_change,
            filled: Default::default(),
            case_sensitive: file.case_sensitive,
            scopes,
            sections: file.sections.clone(),
            fields: file.fields.clone(),
            patterns: AnyOf::new(patterns),
            listed,
            unless,
            unless_match,
            only_steps_without_commands: file.only_steps_without_commands,
            redact: file.redact,
        })
    }

    fn section_selected(&self, section: &Section) -> bool {
        match &self.sections {
            None => true,
            Some(kinds) => section.kind.as_ref().is_some_and(|k| kinds.contains(k)),
        }
    }

    /// The sentence (or line) around a match, for `unless`: at most [`CONTEXT`]
    /// bytes on each side, so a hostile run-on sentence repeating a match costs
    /// each hit a bounded window, never the whole sentence.
    fn context(text: &str, start: usize, end: usize, lines_only: bool) -> &str {
        let is_stop = |c: char| c == '\n' || (!lines_only && matches!(c, '.' | '!' | '?' | ';'));
        let lo = super::char_floor(text, start.saturating_sub(CONTEXT));
        let hi = super::char_floor(text, end.saturating_add(CONTEXT).min(text.len()));
        let before = text.get(lo..start).unwrap_or("");
        let from = before
            .char_indices()
            .rev()
            .find(|&(i, c)| {
                is_stop(c)
                    && (c == '\n' || text[lo + i + c.len_utf8()..].starts_with(char::is_whitespace))
            })
            .map_or(lo, |(i, c)| lo + i + c.len_utf8());
        let after = text.get(end..hi.max(end)).unwrap_or("");
        let to = after
            .char_indices()
            .find(|&(i, c)| {
                is_stop(c)
                    && (c == '\n'
                        || after[i + c.len_utf8()..].is_empty()
                        || after[i + c.len_utf8()..].starts_with(char::is_whitespace))
            })
            .map_or(hi.max(end), |(i, _)| end + i);
        text.get(from..to).unwrap_or("")
    }

    fn scan(&self, change: &Change, text: &Text, lines_only: bool, hits: &mut Vec<Hit>) {
        self.scan_in(change, text, lines_only, None, hits);
    }

    /// Whether an `unless_in_change` template, filled with `who`, matches the change.
    /// The filled patterns are compiled once per name and run (a bar over thousands of
    /// changes meets the same few service accounts again and again).
    fn excused_in_change(&self, who: &str, source: &str) -> bool {
        let compile = || -> Vec<Pattern> {
            self.unless_in_change
                .iter()
                .filter_map(|template| {
                    let filled = fill(template, who);
                    let flags = if self.case_sensitive { "" } else { "(?i)" };
                    Pattern::new(&format!("{flags}{filled}")).ok()
                })
                .collect()
        };
        let Ok(mut cache) = self.filled.lock() else {
            return compile().iter().any(|re| re.is_match(source));
        };
        let patterns = cache.entry(who.to_owned()).or_insert_with(compile);
        patterns.iter().any(|re| re.is_match(source))
    }

    /// Every match in `text` that survives `unless`, judged against the sentence
    /// (or line) that `around` gives for the match's range.
    fn found<'t>(
        &'t self,
        text: &'t str,
        source: &str,
        around: impl Fn(usize, usize) -> &'t str,
    ) -> Vec<(Found<'t>, &'t str, &'t Listed)> {
        let mut out = Vec::new();
        for (index, re) in self.patterns.matching(text) {
            let Some(pattern) = self.listed.get(index) else {
                continue;
            };
            // A `m` group narrows the reported match (and its column) inside a wider pattern.
            for caps in re.captures_iter(text) {
                let Some(m) = caps.name("m").or_else(|| caps.get(0)) else {
                    continue;
                };
                if !self.counts(pattern, m.as_str().trim()) {
                    continue;
                }
                let context = around(m.start(), m.end());
                let excused = self.unless.is_match(context)
                    || caps
                        .name("who")
                        .is_some_and(|who| self.excused_in_change(who.as_str(), source));
                if !excused {
                    out.push((m, context, pattern));
                }
            }
        }
        out
    }

    /// Whether the matched text itself is long and random enough, and not excused
    /// by `unless_match`.
    fn counts(&self, pattern: &Listed, matched: &str) -> bool {
        if matched.chars().count() < pattern.min_length {
            return false;
        }
        if pattern.min_entropy > 0.0 && secret::entropy(matched) < pattern.min_entropy {
            return false;
        }
        !self.unless_match.is_match(matched)
    }

    /// Whether the next hit is one the report shows (under the cap).
    fn reported(hits: &[Hit]) -> bool {
        hits.len() < crate::evaluate::MAX_HITS
    }

    /// Adds a hit for `m` to `hits`. Past the places a rule reports
    /// ([`crate::evaluate::MAX_HITS`]), only its position (and a secret, which must
    /// still be hidden wherever it shows) is kept: the report only counts those, and
    /// a text repeating a match a hundred thousand times must not keep a hundred
    /// thousand quotes.
    fn push_hit(
        &self,
        hits: &mut Vec<Hit>,
        m: &str,
        context: &str,
        step: Option<(&Section, usize)>,
        pos: crate::Pos,
        pattern: &Listed,
    ) {
        if hits.len() >= crate::evaluate::MAX_HITS {
            hits.push(Hit {
                pos,
                secret: self.redact.then(|| m.trim().to_string()),
                ..Hit::default()
            });
        } else {
            hits.push(self.hit(m, context, step, pos, pattern));
        }
    }

    fn hit(
        &self,
        m: &str,
        context: &str,
        step: Option<(&Section, usize)>,
        pos: crate::Pos,
        pattern: &Listed,
    ) -> Hit {
        let m = m.trim();
        let mut hidden = None;
        let mut vars = if self.redact {
            let secrets = [m.to_string()];
            hidden = Some(m.to_string());
            vec![
                ("match", secret::shown(m)),
                ("length", secret::length(m).to_string()),
                (
                    "sentence",
                    super::excerpt(&secret::hide(context.trim(), &secrets), QUOTE),
                ),
            ]
        } else {
            vec![
                ("match", super::excerpt(m, QUOTE)),
                ("sentence", super::excerpt(context.trim(), QUOTE)),
            ]
        };
        if let Some(label) = &pattern.label {
            vars.push(("label", label.clone()));
        }
        if let Some((section, number)) = step {
            vars.push(("step", number.to_string()));
            vars.push(("section", section.heading.clone()));
        }
        Hit {
            pos,
            vars,
            message: pattern.message.clone(),
            secret: hidden,
        }
    }

    fn scan_in(
        &self,
        change: &Change,
        text: &Text,
        lines_only: bool,
        step: Option<(&Section, usize)>,
        hits: &mut Vec<Hit>,
    ) {
        for (m, context, pattern) in self.found(&text.text, &change.source, |s, e| {
            Self::context(&text.text, s, e, lines_only)
        }) {
            // The message quotes the trimmed match; point at the same text, not at
            // the white space a pattern matched before it (`(^|\s)<name>`).
            let lead = m.as_str().len() - m.as_str().trim_start().len();
            // Past the cap a hit is only counted: its position (a count of the
            // characters before it on its line) would make a long line quadratic.
            let pos = if Self::reported(hits) {
                change.pos(text.source_offset(m.start() + lead))
            } else {
                crate::Pos::default()
            };
            self.push_hit(hits, m.as_str(), context, step, pos, pattern);
        }
    }

    /// The whole file as written, judged line by line; a pattern may still match
    /// across lines (a private key block).
    fn scan_source(&self, change: &Change, hits: &mut Vec<Hit>) {
        let text = change.source.as_str();
        for (m, context, pattern) in self.found(text, text, |s, e| Self::context(text, s, e, true))
        {
            let lead = m.as_str().len() - m.as_str().trim_start().len();
            let pos = if Self::reported(hits) {
                change.pos(m.start() + lead)
            } else {
                crate::Pos::default()
            };
            self.push_hit(hits, m.as_str(), context, None, pos, pattern);
        }
    }

    /// A single value (a field, a heading, a URL, an expectation): the whole value is the context.
    fn scan_str(
        &self,
        change: &Change,
        text: &str,
        pos: crate::Pos,
        step: Option<(&Section, usize)>,
        hits: &mut Vec<Hit>,
    ) {
        for (m, context, pattern) in self.found(text, &change.source, |_, _| text) {
            self.push_hit(hits, m.as_str(), context, step, pos, pattern);
        }
    }
}

impl Detector for Patterns {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let mut hits = Vec::new();
        for scope in &self.scopes {
            match scope {
                Scope::FrontMatter => {
                    for (path, value, pos) in change.front.strings() {
                        let wanted = self.fields.as_ref().is_none_or(|fs| {
                            fs.iter()
                                .any(|f| path == *f || path.starts_with(&format!("{f}.")))
                        });
                        if wanted {
                            self.scan_str(change, value, pos, None, &mut hits);
                        }
                    }
                }
                Scope::Headings => {
                    for s in change.sections.iter().filter(|s| !s.heading.is_empty()) {
                        self.scan_str(change, &s.heading, change.pos(s.offset), None, &mut hits);
                    }
                }
                Scope::Source => self.scan_source(change, &mut hits),
                _ => {
                    for section in change.sections.iter().filter(|s| self.section_selected(s)) {
                        if *scope == Scope::Prose && !self.only_steps_without_commands {
                            self.scan(change, &section.prose, false, &mut hits);
                        }
                        if *scope == Scope::Commands && !self.only_steps_without_commands {
                            for c in &section.commands {
                                self.scan(change, &c.code, true, &mut hits);
                            }
                        }
                        for step in &section.steps {
                            if self.only_steps_without_commands && !step.commands.is_empty() {
                                continue;
                            }
                            let at = Some((section, step.number));
                            match scope {
                                Scope::Prose | Scope::StepProse => {
                                    self.scan_in(change, &step.prose, false, at, &mut hits);
                                }
                                Scope::Commands => {
                                    for c in &step.commands {
                                        self.scan_in(change, &c.code, true, at, &mut hits);
                                    }
                                }
                                Scope::Expectations | Scope::Links => {
                                    // Single values: an expectation, each link's URL.
                                    let values = step
                                        .expectation
                                        .iter()
                                        .filter(|_| *scope == Scope::Expectations)
                                        .map(|e| (e.text.as_str(), e.offset))
                                        .chain(
                                            step.links
                                                .iter()
                                                .filter(|_| *scope == Scope::Links)
                                                .map(|l| (l.url.as_str(), l.offset)),
                                        );
                                    for (text, offset) in values {
                                        let pos = change.pos(offset);
                                        self.scan_str(change, text, pos, at, &mut hits);
                                    }
                                }
                                Scope::FrontMatter | Scope::Headings | Scope::Source => {}
                            }
                        }
                    }
                }
            }
        }
        hits
    }
}
