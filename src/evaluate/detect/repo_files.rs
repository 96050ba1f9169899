//! `repo-files`: a `./` or `../` path in a command exists in the repository at the
//! checked revision. Paths that leave the repository are reported, never looked up.

use super::{Detector, Hit, Input, Pattern, regex};
use crate::parse::checklist::{RepoFilesFile, pos};
use crate::parse::policy::ConfigError;

/// The compiled `repo-files` detector.
pub struct RepoFiles {
    pattern: Pattern,
    outside_message: Option<String>,
}

impl RepoFiles {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &RepoFilesFile) -> Result<Self, ConfigError> {
        let pattern = regex(path, &file.pattern, true)?;
        if !pattern.has_group("path") {
            return Err(ConfigError::new(
                path,
                pos(&file.pattern),
                "the pattern needs a `(?P<path>...)` group",
            ));
        }
        Ok(Self {
            pattern,
            outside_message: file.outside_message.clone(),
        })
    }
}

impl Detector for RepoFiles {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let mut hits = Vec::new();
        let commands = change.sections.iter().flat_map(|s| {
            s.commands
                .iter()
                .chain(s.steps.iter().flat_map(|st| st.commands.iter()))
        });
        for cmd in commands {
            for caps in self.pattern.captures_iter(&cmd.code.text) {
                let Some(m) = caps.name("path") else { continue };
                let raw = m
                    .as_str()
                    .trim_end_matches(['.', ',', ':', ';', ')', ']', '}', '"', '\'', '`']);
                // Paths built from variables or globs cannot be resolved statically.
                if raw.contains(['$', '*', '?', '{', '<']) || raw.is_empty() {
                    continue;
                }
                let pos = change.pos(cmd.code.source_offset(m.start()));
                let vars = vec![
                    ("path", raw.to_string()),
                    ("match", raw.to_string()),
                    ("revision", input.files.label()),
                ];
                match crate::read::normalize(raw) {
                    None => hits.push(Hit {
                        pos,
                        vars,
                        message: self.outside_message.clone(),
                        secret: None,
                    }),
                    Some(norm) if norm.is_empty() || input.files.exists(&norm) => {}
                    Some(_) => hits.push(Hit {
                        pos,
                        vars,
                        message: None,
                        secret: None,
                    }),
                }
            }
        }
        hits
    }
}
