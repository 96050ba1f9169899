//! `commands`: a table of commands (or step phrases) that need something more,
//! each with the flags or wordings that supply it. The checklist holds the table;
//! this file only knows how to read commands as an operator runs them.

use std::sync::OnceLock;

use super::shell::{self, Unit};
use super::{Detector, Hit, Input, Pattern, regex};
use crate::parse::checklist::{CommandEntryFile, CommandsFile, pos};
use crate::parse::pattern::{AnyOf, Candidates, Sieve};
use crate::parse::policy::ConfigError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum On {
    Line,
    Block,
    Prose,
}

struct Entry {
    on: On,
    pattern: Pattern,
    unless: AnyOf,
    unless_step: AnyOf,
    declared_by_earlier: AnyOf,
    declared_in_step: AnyOf,
    message: Option<String>,
}

/// The compiled `commands` detector.
pub struct Commands {
    sections: Option<Vec<String>>,
    skip_sections: Vec<String>,
    entries: Vec<Entry>,
    unless: AnyOf,
    unless_step: AnyOf,
    /// Every entry's pattern in one automaton (see [`Commands::candidates`]).
    sieve: OnceLock<Option<Sieve>>,
}

fn all(path: &str, list: &[serde_saphyr::Spanned<String>]) -> Result<AnyOf, ConfigError> {
    Ok(AnyOf::new(
        list.iter()
            .map(|r| regex(path, r, false))
            .collect::<Result<_, _>>()?,
    ))
}

impl Entry {
    fn compile(path: &str, e: &CommandEntryFile) -> Result<Self, ConfigError> {
        let on = match e.on.as_ref().map(|s| s.value.as_str()) {
            None | Some("line") => On::Line,
            Some("block") => On::Block,
            Some("prose") => On::Prose,
            Some(other) => {
                let at = e.on.as_ref().map(pos).unwrap_or_default();
                return Err(ConfigError::new(
                    path,
                    at,
                    format!("unknown `on: {other}`; use line, block or prose"),
                ));
            }
        };
        Ok(Self {
            on,
            pattern: regex(path, &e.pattern, false)?,
            unless: all(path, &e.unless)?,
            unless_step: all(path, &e.unless_step)?,
            declared_by_earlier: all(path, &e.declared_by_earlier)?,
            declared_in_step: all(path, &e.declared_in_step)?,
            message: e.message.clone(),
        })
    }
}

impl Commands {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &CommandsFile) -> Result<Self, ConfigError> {
        Ok(Self {
            sections: file.sections.clone(),
            skip_sections: file.skip_sections.clone(),
            entries: file
                .table
                .iter()
                .map(|e| Entry::compile(path, e))
                .collect::<Result<_, _>>()?,
            unless: all(path, &file.unless)?,
            unless_step: all(path, &file.unless_step)?,
            sieve: OnceLock::new(),
        })
    }
}

/// What one unit offers to match: its logical lines and blocks, with source offsets.
struct Read {
    lines: Vec<(usize, String)>,
    blocks: Vec<crate::parse::text::Text>,
}

fn read(unit: &Unit<'_>) -> Read {
    let mut lines = Vec::new();
    let mut blocks = Vec::new();
    for c in unit.commands {
        for l in shell::logical_lines(&c.code.text) {
            lines.push((shell::code_offset(&c.code, l.start), l.text));
        }
        blocks.push(c.code.clone());
    }
    Read { lines, blocks }
}

impl Commands {
    /// Which entries can match anywhere in `text` (a step's lines, blocks and prose
    /// joined): one pass of every entry's pattern at once (see [`Sieve::multi_line`]).
    fn candidates(&self, text: &str) -> Candidates {
        self.sieve
            .get_or_init(|| Sieve::multi_line(self.entries.iter().map(|e| &e.pattern)).ok())
            .as_ref()
            .map_or_else(Candidates::all, |sieve| sieve.candidates(text))
    }
}

impl Detector for Commands {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let units = shell::units(change);
        let reads: Vec<Read> = units.iter().map(read).collect();
        let mut hits = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            if !shell::selected(unit.section, self.sections.as_deref())
                || unit
                    .section
                    .kind
                    .as_ref()
                    .is_some_and(|k| self.skip_sections.contains(k))
            {
                continue;
            }
            let prose: Vec<(usize, String)> = unit
                .step
                .map(|s| shell::sentences(&shell::step_prose(s)))
                .unwrap_or_default();
            let joined: String = reads[i]
                .lines
                .iter()
                .map(|(_, l)| l.as_str())
                .chain(reads[i].blocks.iter().map(|b| b.text.as_str()))
                .chain(prose.iter().map(|(_, p)| p.as_str()))
                .collect::<Vec<_>>()
                .join("\n");
            let candidates = self.candidates(&joined);
            if candidates.none() {
                continue;
            }
            let step_text = unit.step.map(shell::step_text).unwrap_or_else(|| {
                reads[i]
                    .blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            if self.unless_step.is_match(&step_text) {
                continue;
            }
            // At most one finding per step: the first entry that matches, in table order.
            'entries: for (n, entry) in self.entries.iter().enumerate() {
                if !candidates.may(n) {
                    continue;
                }
                if entry.unless_step.is_match(&step_text) {
                    continue;
                }
                let candidates: Vec<(usize, &str, bool, Option<usize>)> = match entry.on {
                    On::Line => reads[i]
                        .lines
                        .iter()
                        .filter(|(_, l)| !shell::is_comment(l))
                        .map(|(o, l)| (*o, l.as_str(), true, None))
                        .collect(),
                    On::Block => reads[i]
                        .blocks
                        .iter()
                        .enumerate()
                        .map(|(k, b)| (b.source_offset(0), b.text.as_str(), true, Some(k)))
                        .collect(),
                    On::Prose => prose
                        .iter()
                        .map(|(_, s)| (unit.offset, s.as_str(), false, None))
                        .collect(),
                };
                for (at, text, is_code, block) in candidates {
                    // The first match outside a shell comment; a `m` group narrows what
                    // the message quotes.
                    if !entry.pattern.is_match(text) {
                        continue;
                    }
                    let Some(m) = entry
                        .pattern
                        .captures_iter(text)
                        .filter_map(|caps| caps.name("m").or_else(|| caps.get(0)))
                        .find(|m| !is_code || !in_comment(text, m.start()))
                    else {
                        continue;
                    };
                    if entry.unless.is_match(text) || (is_code && self.unless.is_match(text)) {
                        continue;
                    }
                    if self.declared(entry, &reads, i, at) {
                        continue;
                    }
                    // In a block, point at (and quote) the line where the match starts.
                    let (at, line) = if let Some(k) = block {
                        // A match may begin with the line break before the command.
                        let from = m.start() + usize::from(text[m.start()..].starts_with('\n'));
                        let start = text[..from].rfind('\n').map_or(0, |i| i + 1);
                        (reads[i].blocks[k].source_offset(start), &text[start..])
                    } else {
                        (at, text)
                    };
                    let mut vars = vec![
                        ("match", shell::short(m.as_str())),
                        ("command", shell::short(line)),
                    ];
                    if let Some(step) = unit.step {
                        vars.push(("step", step.number.to_string()));
                    }
                    vars.push(("section", unit.section.heading.clone()));
                    hits.push(Hit {
                        pos: change.pos(if is_code { at } else { unit.offset }),
                        vars,
                        message: entry.message.clone(),
                        secret: None,
                    });
                    break 'entries;
                }
            }
        }
        hits
    }
}

/// Whether byte `at` of `code` is on a line that is a shell comment.
fn in_comment(code: &str, at: usize) -> bool {
    let from = at + usize::from(code[at..].starts_with('\n'));
    let start = code[..from].rfind('\n').map_or(0, |i| i + 1);
    shell::is_comment(&code[start..])
}

impl Commands {
    /// Whether an earlier command selects the target explicitly: anywhere earlier in
    /// the change (`declared_by_earlier`), or earlier in the same step (`declared_in_step`).
    fn declared(&self, entry: &Entry, reads: &[Read], unit: usize, at: usize) -> bool {
        let earlier_in = |read: &Read, res: &AnyOf| {
            read.lines
                .iter()
                .filter(|(o, _)| *o < at)
                .any(|(_, l)| res.is_match(l))
        };
        if !entry.declared_in_step.is_empty() && earlier_in(&reads[unit], &entry.declared_in_step) {
            return true;
        }
        !entry.declared_by_earlier.is_empty()
            && reads[..=unit]
                .iter()
                .any(|r| earlier_in(r, &entry.declared_by_earlier))
    }
}
