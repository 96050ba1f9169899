//! `steps`: every step in the chosen sections has a command, or an expectation.

use super::{Detector, Hit, Input, Pattern, regex};
use crate::parse::checklist::{StepsFile, pos};
use crate::parse::markdown::Step;
use crate::parse::policy::ConfigError;
use crate::parse::text::CODE_MARK;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Requirement {
    Command,
    Expectation,
}

/// The compiled `steps` detector.
pub struct Steps {
    sections: Vec<String>,
    require: Requirement,
    inline_command: Option<Pattern>,
    automation_links: Vec<Pattern>,
    automation_text: Vec<Pattern>,
}

impl Steps {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &StepsFile) -> Result<Self, ConfigError> {
        let require = match file.require.value.as_str() {
            "command" => Requirement::Command,
            "expectation" => Requirement::Expectation,
            other => {
                return Err(ConfigError::new(
                    path,
                    pos(&file.require),
                    format!("unknown requirement `{other}`; use `command` or `expectation`"),
                ));
            }
        };
        Ok(Self {
            sections: file.sections.clone(),
            require,
            inline_command: file
                .inline_command
                .as_ref()
                .map(|r| regex(path, r, true))
                .transpose()?,
            automation_links: file
                .automation_links
                .iter()
                .map(|r| regex(path, r, false))
                .collect::<Result<_, _>>()?,
            automation_text: file
                .automation_text
                .iter()
                .map(|r| regex(path, r, false))
                .collect::<Result<_, _>>()?,
        })
    }

    fn has_command(&self, step: &Step) -> bool {
        let code = step.commands.iter().any(|c| {
            !c.inline
                || self
                    .inline_command
                    .as_ref()
                    .is_none_or(|re| re.is_match(c.code.text.trim()))
        });
        code || self.names_automation(step)
    }

    /// Whether the step links to, or names, the automation that carries it out.
    fn names_automation(&self, step: &Step) -> bool {
        step.links
            .iter()
            .any(|l| self.automation_links.iter().any(|re| re.is_match(&l.url)))
            || self
                .automation_text
                .iter()
                .any(|re| re.is_match(&step.prose.text))
    }
}

fn summary(step: &Step) -> String {
    let text = step.prose.text.replace(CODE_MARK, "`…`");
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        out.push('…');
    }
    out
}

impl Detector for Steps {
    fn automated(&self, step: &Step) -> Option<bool> {
        (!self.automation_links.is_empty() || !self.automation_text.is_empty())
            .then(|| self.names_automation(step))
    }

    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let mut hits = Vec::new();
        for section in &change.sections {
            if !section
                .kind
                .as_ref()
                .is_some_and(|k| self.sections.contains(k))
            {
                continue;
            }
            for step in &section.steps {
                let ok = match self.require {
                    Requirement::Command => self.has_command(step),
                    Requirement::Expectation => step.expectation.is_some(),
                };
                if !ok {
                    hits.push(Hit {
                        pos: change.pos(step.offset),
                        vars: vec![
                            ("step", step.number.to_string()),
                            ("section", section.heading.clone()),
                            ("summary", summary(step)),
                        ],
                        message: None,
                        secret: None,
                    });
                }
            }
        }
        hits
    }
}
