//! `requires`: a step that does A needs B: earlier in the change (a backup before a
//! delete), or in another section (a restore in Rollback when the steps migrate data).
//! The checklist says what A and B look like; this file only orders and locates them.

use crate::parse::pattern::Found as Match;

use super::shell::{self, Unit};
use super::{Detector, Hit, Input, Pattern, regex};
use crate::parse::checklist::{EvidenceFile, RegexOrList, RequiresFile, flatten_regexes};
use crate::parse::pattern::AnyOf;
use crate::parse::policy::ConfigError;

/// What to look for, in commands (logical lines) and in step prose (sentences).
struct Evidence {
    sections: Option<Vec<String>>,
    skip_sections: Vec<String>,
    commands: AnyOf,
    prose: AnyOf,
    unless: AnyOf,
}

/// Something found: its source offset, its text and where it is.
struct Found {
    offset: usize,
    text: String,
    step: Option<usize>,
    section: String,
}

fn all(path: &str, list: &[serde_saphyr::Spanned<String>]) -> Result<AnyOf, ConfigError> {
    Ok(AnyOf::new(
        list.iter()
            .map(|r| regex(path, r, false))
            .collect::<Result<_, _>>()?,
    ))
}

/// The match of `re` in `text` (which it is known to match), narrowed to its `m`
/// group when it has one.
fn narrowed<'t>(re: &Pattern, text: &'t str) -> Option<Match<'t>> {
    let caps = re.captures(text)?;
    caps.name("m").or_else(|| caps.get(0))
}

impl Evidence {
    fn compile(path: &str, e: &EvidenceFile) -> Result<Self, ConfigError> {
        Ok(Self {
            sections: e.sections.clone(),
            skip_sections: e.skip_sections.clone(),
            commands: all(path, &flatten_regexes(&e.commands))?,
            prose: all(path, &e.prose)?,
            unless: all(path, &e.unless)?,
        })
    }

    /// Every match in `unit`, in order.
    fn find(&self, unit: &Unit<'_>) -> Vec<Found> {
        let mut out = Vec::new();
        let skipped = unit
            .section
            .kind
            .as_ref()
            .is_some_and(|k| self.skip_sections.contains(k));
        if skipped || !shell::selected(unit.section, self.sections.as_deref()) {
            return out;
        }
        let found = |offset, context: &str, m: &str| Found {
            offset,
            text: shell::short(if m.trim().is_empty() { context } else { m }),
            step: unit.step.map(|s| s.number),
            section: unit.section.heading.clone(),
        };
        if let Some(step) = unit.step {
            for (_, sentence) in shell::sentences(&shell::step_prose(step)) {
                if let Some(m) = self.prose.first(&sentence, narrowed)
                    && !self.unless.is_match(&sentence)
                {
                    out.push(found(unit.offset, &sentence, m.as_str()));
                }
            }
        }
        for c in unit.commands {
            for line in shell::logical_lines(&c.code.text) {
                if shell::is_comment(&line.text) {
                    continue;
                }
                if let Some(m) = self.commands.first(&line.text, narrowed)
                    && !self.unless.is_match(&line.text)
                {
                    out.push(found(
                        shell::code_offset(&c.code, line.start),
                        &line.text,
                        m.as_str(),
                    ));
                }
            }
        }
        out
    }
}

/// The compiled `requires` detector.
pub struct Requires {
    trigger: Evidence,
    earlier: Option<Evidence>,
    section: Option<(String, Evidence)>,
}

impl Requires {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &RequiresFile) -> Result<Self, ConfigError> {
        let trigger = Evidence::compile(path, &file.trigger)?;
        let earlier = file
            .earlier
            .as_ref()
            .map(|e| Evidence::compile(path, e))
            .transpose()?;
        let section = file
            .in_section
            .as_ref()
            .map(|s| {
                let e = EvidenceFile {
                    sections: None,
                    skip_sections: Vec::new(),
                    commands: s.commands.iter().cloned().map(RegexOrList::One).collect(),
                    prose: s.prose.clone(),
                    unless: s.unless.clone(),
                };
                Ok::<_, ConfigError>((s.kind.clone(), Evidence::compile(path, &e)?))
            })
            .transpose()?;
        if earlier.is_some() == section.is_some() {
            return Err(ConfigError::new(
                path,
                crate::Pos::default(),
                "`requires` needs exactly one of `earlier` or `in-section`",
            ));
        }
        Ok(Self {
            trigger,
            earlier,
            section,
        })
    }
}

fn hit(input: &Input<'_>, f: &Found, at: usize) -> Hit {
    let mut vars = vec![("match", f.text.clone()), ("section", f.section.clone())];
    if let Some(n) = f.step {
        vars.push(("step", n.to_string()));
    }
    Hit {
        pos: input.change.pos(at),
        vars,
        message: None,
        secret: None,
    }
}

impl Detector for Requires {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let units = shell::units(change);
        let triggers: Vec<Found> = units.iter().flat_map(|u| self.trigger.find(u)).collect();
        if triggers.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        if let Some(earlier) = &self.earlier {
            let evidence: Vec<usize> = units
                .iter()
                .flat_map(|u| earlier.find(u))
                .map(|f| f.offset)
                .collect();
            // One finding per step: the first trigger with nothing before it.
            let mut reported: Vec<(String, Option<usize>)> = Vec::new();
            for t in &triggers {
                if evidence.iter().any(|&e| e < t.offset) {
                    continue;
                }
                let key = (t.section.clone(), t.step);
                if !reported.contains(&key) {
                    reported.push(key);
                    hits.push(hit(input, t, t.offset));
                }
            }
        }
        if let Some((kind, evidence)) = &self.section {
            let Some(section) = change
                .sections
                .iter()
                .find(|s| s.kind.as_deref() == Some(kind))
            else {
                return hits;
            };
            let satisfied = units
                .iter()
                .filter(|u| std::ptr::eq(u.section, section))
                .any(|u| !evidence.find(u).is_empty())
                || evidence.prose.is_match(&section.prose.text);
            if !satisfied && let Some(first) = triggers.first() {
                hits.push(hit(input, first, section.offset));
            }
        }
        hits
    }
}
