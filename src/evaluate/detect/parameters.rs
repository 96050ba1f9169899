//! `parameters`: every `$NAME` or `${NAME}` in a command is declared in `parameters`,
//! assigned earlier in the same step, or ignored by the checklist.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Detector, Hit, Input, Pattern, regex};
use crate::parse::checklist::ParametersFile;
use crate::parse::markdown::Command;
use crate::parse::policy::ConfigError;

/// `$NAME`, `${NAME}` and `${NAME<op>...}`; group 1 is `{` when braced.
static PARAM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\$(\{?)([A-Za-z_][A-Za-z0-9_]*)(:?[-=+?]?)").ok());

/// The compiled `parameters` detector.
pub struct Parameters {
    ignore: HashSet<String>,
    assignments: Vec<Pattern>,
}

impl Parameters {
    /// Compiles the detector from its checklist form.
    pub fn compile(path: &str, file: &ParametersFile) -> Result<Self, ConfigError> {
        let assignments = file
            .assignments
            .iter()
            .map(|a| regex(path, a, true))
            .collect::<Result<Vec<_>, _>>()?;
        for (re, a) in assignments.iter().zip(&file.assignments) {
            if !re.has_group("name") {
                return Err(ConfigError::new(
                    path,
                    crate::parse::checklist::pos(a),
                    "an assignment pattern needs a `(?P<name>...)` group",
                ));
            }
        }
        Ok(Self {
            ignore: file.ignore.iter().cloned().collect(),
            assignments,
        })
    }
}

/// Byte ranges of single-quoted strings, where the shell does not expand `$`.
fn single_quoted(code: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut in_double, mut open) = (false, None);
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if open.is_none() => escaped = true,
            '"' if open.is_none() => in_double = !in_double,
            '\'' if !in_double => match open.take() {
                Some(start) => out.push((start, i)),
                None => open = Some(i),
            },
            '\n' if open.is_none() => in_double = false,
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push((start, code.len()));
    }
    out
}

impl Parameters {
    fn scan(
        &self,
        cmd: &Command,
        declared: &mut HashSet<String>,
        input: &Input<'_>,
        hits: &mut Vec<Hit>,
        reported: &mut HashSet<String>,
    ) {
        let Some(param) = PARAM.as_ref() else { return };
        let code = &cmd.code.text;
        let quoted = single_quoted(code);
        // Assignments and uses in source order, so only earlier assignments declare.
        let mut events: Vec<(usize, bool, String)> = Vec::new();
        for re in &self.assignments {
            for caps in re.captures_iter(code) {
                if let Some(name) = caps.name("name") {
                    events.push((name.start(), true, name.as_str().to_string()));
                }
            }
        }
        for caps in param.captures_iter(code) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.get(2)) else {
                continue;
            };
            let start = whole.start();
            if quoted.iter().any(|&(s, e)| start > s && start < e) || code[..start].ends_with('\\')
            {
                continue;
            }
            let braced = caps.get(1).is_some_and(|m| !m.as_str().is_empty());
            let op = caps.get(3).map_or("", |m| m.as_str());
            // `${NAME:-default}` and `${NAME=default}` run without NAME being set.
            if braced && matches!(op, ":-" | "-" | ":=" | "=" | ":+" | "+") {
                continue;
            }
            events.push((start, false, name.as_str().to_string()));
        }
        events.sort_by_key(|(at, assign, _)| (*at, !*assign));
        for (at, assign, name) in events {
            if assign {
                declared.insert(name);
            } else if !declared.contains(&name)
                && !self.ignore.contains(&name)
                && reported.insert(name.clone())
            {
                hits.push(Hit {
                    pos: input.change.pos(cmd.code.source_offset(at)),
                    vars: vec![("name", name.clone()), ("match", format!("${name}"))],
                    message: None,
                    secret: None,
                });
            }
        }
    }
}

impl Detector for Parameters {
    fn detect(&self, input: &Input<'_>) -> Vec<Hit> {
        let change = input.change;
        let params: HashSet<String> = change
            .front
            .get("parameters")
            .map(|p| p.entries().iter().map(|(k, _)| k.name.clone()).collect())
            .unwrap_or_default();
        let mut hits = Vec::new();
        for section in &change.sections {
            let mut loose_declared = params.clone();
            let mut reported = HashSet::new();
            for cmd in &section.commands {
                self.scan(cmd, &mut loose_declared, input, &mut hits, &mut reported);
            }
            for step in &section.steps {
                let mut declared = params.clone();
                let mut reported = HashSet::new();
                for cmd in &step.commands {
                    self.scan(cmd, &mut declared, input, &mut hits, &mut reported);
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::single_quoted;

    #[test]
    fn single_quotes_inside_double_quotes_do_not_count() {
        let code = r#"echo "it's $X" '$Y'"#;
        let q = single_quoted(code);
        assert_eq!(q.len(), 1);
        assert_eq!(&code[q[0].0..=q[0].1], "'$Y'");
    }
}
