//! Reading a change the way an operator runs it: code as logical command lines
//! (continuations joined, heredoc bodies kept with the command that reads them),
//! step prose as sentences, and the steps of a change in document order.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::change::Change;
use crate::parse::markdown::{Command, Section, Step};
use crate::parse::text::{CODE_MARK, Text};

/// `<<EOF`, `<<-'EOF'`, `<< "SQL"`: a heredoc and its terminator (not `<<<`).
static HEREDOC: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(^|[^<])<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?"#).ok());

/// One logical command line: its text and where it starts in the command's code.
#[derive(Debug)]
pub struct Line {
    /// The joined text.
    pub text: String,
    /// Byte offset in the command's code where the line starts.
    pub start: usize,
}

/// Splits code into logical lines: a line ending in `\` continues on the next one,
/// and a heredoc's body belongs to the line that opens it.
pub fn logical_lines(code: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut current: Option<Line> = None;
    let mut heredoc: Option<String> = None;
    let mut at = 0;
    for raw in code.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some(end) = &heredoc {
            if let Some(cur) = current.as_mut() {
                cur.text.push('\n');
                cur.text.push_str(line);
            }
            if line.trim() == end {
                heredoc = None;
                out.extend(current.take());
            }
            continue;
        }
        let (body, continued) = match line.strip_suffix('\\') {
            Some(b) => (b, true),
            None => (line, false),
        };
        match current.as_mut() {
            Some(cur) => {
                cur.text.push(' ');
                cur.text.push_str(body.trim_start());
            }
            None => {
                current = Some(Line {
                    text: body.to_string(),
                    start,
                });
            }
        }
        if let Some(re) = HEREDOC.as_ref()
            && let Some(caps) = re.captures(body)
            && let Some(end) = caps.get(2)
        {
            heredoc = Some(end.as_str().to_string());
            continue;
        }
        if !continued {
            out.extend(current.take());
        }
    }
    out.extend(current.take());
    out.retain(|l| !l.text.trim().is_empty());
    out
}

/// Whether a logical line is only a shell comment.
pub fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Sentences of prose with their byte offsets in the prose: split after `.`, `!`,
/// `?` or `:` followed by white space, and at blank lines; line breaks become spaces.
pub fn sentences(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        let stop = (matches!(c, b'.' | b'!' | b'?' | b':')
            && next.is_none_or(|n| n.is_ascii_whitespace()))
            || (c == b'\n' && next == Some(b'\n'));
        if stop {
            push_sentence(text, start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

fn push_sentence(text: &str, from: usize, to: usize, out: &mut Vec<(usize, String)>) {
    let Some(s) = text.get(from..to) else { return };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push((from + lead, trimmed.replace('\n', " ")));
    }
}

/// A step's prose with each inline-code mark replaced by its code in backticks, so
/// that "answer `yes`" or "`--timeout 10m`" reads as written.
pub fn step_prose(step: &Step) -> String {
    let mut codes: Vec<&Command> = step
        .commands
        .iter()
        .chain(&step.expected_code)
        .filter(|c| c.inline)
        .collect();
    codes.sort_by_key(|c| c.offset);
    let mut codes = codes.into_iter();
    let mut out = String::with_capacity(step.prose.text.len());
    for ch in step.prose.text.chars() {
        if ch == CODE_MARK {
            match codes.next() {
                Some(c) => {
                    out.push('`');
                    out.push_str(&c.code.text);
                    out.push('`');
                }
                None => out.push('…'),
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// A step's whole text: prose (with its inline code) and every command.
pub fn step_text(step: &Step) -> String {
    let mut out = step_prose(step);
    for c in step.commands.iter().filter(|c| !c.inline) {
        out.push('\n');
        out.push_str(&c.code.text);
    }
    out
}

/// One unit of work in document order: a step, or the loose code of a section.
pub struct Unit<'c> {
    /// The section it is in.
    pub section: &'c Section,
    /// The step, when it is one.
    pub step: Option<&'c Step>,
    /// Its commands.
    pub commands: &'c [Command],
    /// Source offset where it starts.
    pub offset: usize,
}

/// Every step and every section's loose code, in document order.
pub fn units(change: &Change) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    for section in &change.sections {
        if !section.commands.is_empty() {
            out.push(Unit {
                section,
                step: None,
                commands: &section.commands,
                offset: section
                    .commands
                    .first()
                    .map_or(section.offset, |c| c.offset),
            });
        }
        for step in &section.steps {
            out.push(Unit {
                section,
                step: Some(step),
                commands: &step.commands,
                offset: step.offset,
            });
        }
    }
    out.sort_by_key(|u| u.offset);
    out
}

/// Whether a section's kind is one of `kinds` (`None` means every section).
pub fn selected(section: &Section, kinds: Option<&[String]>) -> bool {
    kinds.is_none_or(|ks| section.kind.as_ref().is_some_and(|k| ks.contains(k)))
}

/// The first line of `text`, at most 60 characters, for messages (short enough that
/// a credential further along a command line is not repeated).
pub fn short(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut out: String = first.chars().take(60).collect();
    if first.chars().count() > 60 || text.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// The source offset of byte `at` of a command's code.
pub fn code_offset(code: &Text, at: usize) -> usize {
    code.source_offset(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_and_heredocs_make_one_logical_line() {
        let code = "kubectl --context prod \\\n  delete pod x\nmysql -h db <<'SQL'\nDROP TABLE t;\nSQL\necho done\n";
        let lines: Vec<String> = logical_lines(code).into_iter().map(|l| l.text).collect();
        assert_eq!(lines[0], "kubectl --context prod  delete pod x");
        assert_eq!(lines[1], "mysql -h db <<'SQL'\nDROP TABLE t;\nSQL");
        assert_eq!(lines[2], "echo done");
        assert_eq!(logical_lines("cat <<<\"$X\"\nls").len(), 2);
    }

    #[test]
    fn sentences_split_on_stops_followed_by_space() {
        let s = sentences("Wait for it. Then run\n`x`: done.\n\nNext");
        let texts: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["Wait for it.", "Then run `x`:", "done.", "Next"]);
    }
}
