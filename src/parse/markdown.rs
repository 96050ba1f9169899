//! The Markdown body of a change description: sections, steps, commands and expectations.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::reading::Reading;
use super::text::{CODE_MARK, Text};

/// Lists nested deeper than this are not tracked: their content is read as prose of
/// the enclosing step, so a hostile nesting costs no more than flat text.
pub const MAX_LIST_NESTING: usize = 32;

/// How headings map to known sections and how expectations are written.
#[derive(Clone, Debug)]
pub struct BodyConfig {
    /// Canonical section kind (`steps`, `rollback`, ...) and the headings that mean it,
    /// each as [`normalize_heading`] leaves it.
    pub section_aliases: Vec<(String, Vec<String>)>,
    /// Line prefixes that introduce an expectation (`Expect:`), matched case-insensitively.
    pub expectation_prefixes: Vec<String>,
    /// Headings and expectations by meaning, from the checklists' `reading:` blocks.
    pub reading: std::sync::Arc<Reading>,
}

/// A level-2 section of the body.
#[derive(Clone, Debug, Default)]
pub struct Section {
    /// The heading text as written.
    pub heading: String,
    /// The canonical kind when the heading is a known section or alias.
    pub kind: Option<String>,
    /// Source byte offset of the heading (the `#`); the body start for the preamble.
    pub offset: usize,
    /// The steps: ordered-list items, else bullet items, else the whole body as one step.
    pub steps: Vec<Step>,
    /// Prose outside any step.
    pub prose: Text,
    /// Code outside any step.
    pub commands: Vec<Command>,
}

/// One step: a top-level list item.
#[derive(Clone, Debug, Default)]
pub struct Step {
    /// 1-based number within its section.
    pub number: usize,
    /// Source byte offset where the item starts.
    pub offset: usize,
    /// Prose of the step; inline code appears as [`CODE_MARK`]. Lines end with `\n`.
    pub prose: Text,
    /// Fenced code blocks and inline code spans outside the expectation.
    pub commands: Vec<Command>,
    /// Code inside expectations: spans in an expectation sentence after what it
    /// observes, and the block an "Expected output:" sentence introduces. What the
    /// operator will see, never what they run.
    pub expected_code: Vec<Command>,
    /// The first expectation, without its prefix.
    pub expectation: Option<Expectation>,
    /// Source byte offsets of every expectation sentence in the step (for marking
    /// them when the change is shown on a terminal).
    pub expected_at: Vec<usize>,
    /// Link destinations in the step.
    pub links: Vec<Link>,
}

/// An expectation: a sentence stating what the operator will observe.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// The sentence, without an `Expect:`-style prefix.
    pub text: String,
    /// Source byte offset of the sentence.
    pub offset: usize,
}

/// A command: a fenced code block or an inline code span.
#[derive(Clone, Debug)]
pub struct Command {
    /// The code, mapped back to the source.
    pub code: Text,
    /// An inline code span rather than a block.
    pub inline: bool,
    /// Source byte offset of the first character of code.
    pub offset: usize,
    /// Offset in the owning step's (or section's) prose where the code stands: its
    /// [`CODE_MARK`] for a span, the end of the prose before it for a block.
    pub at: usize,
    /// A fenced block the author marked as shell (```` ```sh ````, `bash`, `shell`,
    /// `zsh`, `powershell`, ...): a command to run, never expected output.
    pub shell: bool,
}

/// Whether a fenced block's info string names a shell language.
fn is_shell(info: &str) -> bool {
    let lang = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        lang.as_str(),
        "sh" | "bash"
            | "shell"
            | "zsh"
            | "ksh"
            | "fish"
            | "powershell"
            | "pwsh"
            | "ps1"
            | "bat"
            | "cmd"
    )
}

/// A Markdown link.
#[derive(Clone, Debug)]
pub struct Link {
    /// The destination URL.
    pub url: String,
    /// Source byte offset of the link.
    pub offset: usize,
}

/// Normalises a heading for alias matching: lowercase words, no punctuation or numbering.
pub fn normalize_heading(heading: &str) -> String {
    let lowered = heading.to_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // Drop a leading section number ("3. Rollback", "Step 2: ...").
    let start = usize::from(
        words
            .first()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())),
    );
    words[start..].join(" ")
}

impl BodyConfig {
    /// The section kind for a heading: an exact alias, else what its words mean (the
    /// checklists' `reading.sections`), else an alias the heading starts with.
    pub fn kind_of(&self, heading: &str) -> Option<String> {
        let norm = normalize_heading(heading);
        let aliases = || {
            self.section_aliases
                .iter()
                .flat_map(|(kind, list)| list.iter().map(move |a| (kind, a.as_str())))
        };
        if let Some((kind, _)) = aliases().find(|(_, a)| *a == norm.as_str()) {
            return Some(kind.clone());
        }
        if let Some(kind) = self.reading.section_kind(&norm) {
            return Some(kind.to_string());
        }
        aliases()
            .filter(|(_, a)| {
                !a.is_empty()
                    && norm
                        .strip_prefix(*a)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .max_by_key(|(_, a)| a.len())
            .map(|(kind, _)| kind.clone())
    }

    /// The end of an `Expect:`-style prefix at the start of `sentence` (after any
    /// emphasis or quote marks), if it has one.
    fn expectation_in(&self, sentence: &str) -> Option<usize> {
        let trimmed = sentence.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '>' | '-' | '+')
        });
        let lead = sentence.len() - trimmed.len();
        self.expectation_prefixes
            .iter()
            .filter(|p| {
                trimmed
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p))
            })
            .map(|p| {
                let end = lead + p.len();
                // Emphasis closing the prefix (`**Expect:**`).
                end + sentence[end..].len() - sentence[end..].trim_start_matches(['*', '_']).len()
            })
            .max()
    }
}

/// Where we are while walking events.
#[derive(Default)]
struct Walk {
    sections: Vec<Section>,
    list_depth: usize,
    /// Lists opened past [`MAX_LIST_NESTING`], read flat.
    flat: usize,
    /// Per list depth: whether that list is ordered.
    ordered: Vec<bool>,
    /// Items of the current section: (ordered?, step).
    ordered_items: Vec<Step>,
    bullet_items: Vec<Step>,
    /// The top-level item being filled, and whether its list is ordered.
    item: Option<(bool, Step)>,
    heading: Option<(usize, String)>,
    code: Option<Command>,
    in_image: bool,
}

impl Walk {
    fn current(&mut self) -> &mut Section {
        last_section(&mut self.sections)
    }

    fn prose(&mut self) -> &mut Text {
        let Walk { item, sections, .. } = self;
        match item {
            Some((_, step)) => &mut step.prose,
            None => &mut last_section(sections).prose,
        }
    }

    fn push_command(&mut self, command: Command) {
        let Walk { item, sections, .. } = self;
        match item {
            Some((_, step)) => step.commands.push(command),
            None => last_section(sections).commands.push(command),
        }
    }

    fn close_section(&mut self, config: &BodyConfig) {
        self.close_item();
        let ordered = std::mem::take(&mut self.ordered_items);
        let bullets = std::mem::take(&mut self.bullet_items);
        let section = self.current();
        section.kind = config.kind_of(&section.heading).or(section.kind.take());
        let mut steps = if ordered.is_empty() { bullets } else { ordered };
        // A section with a command but no list is one implicit step. Prose alone ("we
        // can always go back to it"), even naming a file, is not a step anyone can
        // carry out: a block, or a span with an argument (`systemctl restart x`), is.
        let runnable = section
            .commands
            .iter()
            .any(|c| !c.inline || c.code.text.trim().contains(char::is_whitespace));
        if steps.is_empty() && runnable {
            steps.push(Step {
                offset: section.offset,
                prose: std::mem::take(&mut section.prose),
                commands: std::mem::take(&mut section.commands),
                ..Step::default()
            });
        }
        for (i, step) in steps.iter_mut().enumerate() {
            step.number = i + 1;
        }
        section.steps = steps;
    }

    fn close_item(&mut self) {
        if let Some((ordered, step)) = self.item.take() {
            if ordered {
                self.ordered_items.push(step)
            } else {
                self.bullet_items.push(step)
            }
        }
    }
}

fn last_section(sections: &mut Vec<Section>) -> &mut Section {
    if sections.is_empty() {
        sections.push(Section::default());
    }
    let last = sections.len() - 1;
    &mut sections[last]
}

/// Parses the body, which starts at byte `base` of `source`.
pub fn parse_body(source: &str, base: usize, config: &BodyConfig) -> Vec<Section> {
    let body = source.get(base..).unwrap_or_default();
    let mut walk = Walk::default();
    walk.sections.push(Section {
        offset: base,
        ..Section::default()
    });
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let at = base + range.start;
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) if walk.list_depth == 0 => {
                walk.close_section(config);
                walk.heading = Some((at, String::new()));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) if walk.heading.is_some() => {
                if let Some((offset, heading)) = walk.heading.take() {
                    walk.sections.push(Section {
                        heading: heading.trim().to_string(),
                        offset,
                        ..Section::default()
                    });
                }
            }
            Event::Start(Tag::List(_)) if walk.list_depth >= MAX_LIST_NESTING => walk.flat += 1,
            Event::End(TagEnd::List(_)) if walk.flat > 0 => walk.flat -= 1,
            Event::Start(Tag::List(first)) => {
                walk.list_depth += 1;
                walk.ordered.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                walk.list_depth = walk.list_depth.saturating_sub(1);
                walk.ordered.pop();
                if walk.list_depth == 0 {
                    walk.close_item();
                }
            }
            Event::Start(Tag::Item) if walk.list_depth == 1 => {
                walk.close_item();
                let ordered = walk.ordered.last().copied().unwrap_or(false);
                walk.item = Some((
                    ordered,
                    Step {
                        offset: at,
                        ..Step::default()
                    },
                ));
            }
            Event::End(TagEnd::Item) if walk.list_depth == 1 => walk.close_item(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let prose_at = walk.prose().text.len();
                walk.code = Some(Command {
                    code: Text::default(),
                    inline: false,
                    offset: at,
                    at: prose_at,
                    shell: matches!(&kind, CodeBlockKind::Fenced(info) if is_shell(info)),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut cmd) = walk.code.take() {
                    cmd.offset = cmd.code.source_offset(0).max(cmd.offset);
                    walk.push_command(cmd);
                    walk.prose().push_synthetic("\n");
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, step)) = walk.item.as_mut() {
                    step.links.push(Link {
                        url: dest_url.to_string(),
                        offset: at,
                    });
                } else {
                    // Links outside steps are still prose; keep the URL visible to detectors.
                    let url = format!(" <{dest_url}> ");
                    walk.current().prose.push_synthetic(&url);
                }
            }
            Event::Start(Tag::Image { .. }) => walk.in_image = true,
            Event::End(TagEnd::Image) => walk.in_image = false,
            // A blank line ends a paragraph (and so a sentence); a line break does not.
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableRow | TagEnd::Item,
            ) => {
                walk.prose().push_synthetic("\n\n");
            }
            Event::SoftBreak | Event::HardBreak => walk.prose().push_synthetic("\n"),
            Event::Text(text) => {
                if let Some(cmd) = walk.code.as_mut() {
                    cmd.code.push(&text, at);
                } else if let Some((_, heading)) = walk.heading.as_mut() {
                    heading.push_str(&text);
                } else if !walk.in_image {
                    walk.prose().push(&text, at);
                }
            }
            Event::Code(code) => {
                if let Some((_, heading)) = walk.heading.as_mut() {
                    heading.push_str(&code);
                    continue;
                }
                // The span's content starts after its opening backticks.
                let ticks = body
                    .get(range.clone())
                    .map_or(1, |s| s.len() - s.trim_start_matches('`').len());
                let mut text = Text::default();
                text.push(&code, at + ticks);
                let prose = walk.prose();
                let cmd = Command {
                    code: text,
                    inline: true,
                    offset: at + ticks,
                    at: prose.text.len(),
                    shell: false,
                };
                prose.push(&CODE_MARK.to_string(), at);
                walk.push_command(cmd);
            }
            Event::Html(html) | Event::InlineHtml(html) => walk.prose().push(&html, at),
            _ => {}
        }
    }
    walk.close_section(config);
    for section in &mut walk.sections {
        for step in &mut section.steps {
            split_expectations(step, config);
        }
    }
    walk.sections
}

/// What a sentence of a step says about the outcome.
enum Said {
    /// `Expect: ...`: the expectation starts after the prefix.
    Prefixed(usize),
    /// A concrete observation; what is observed starts at the verb.
    Observed(usize),
    /// "Expected output:", "The last lines are:": the next code block is the expectation.
    Intro,
}

/// The sentences of `text` as ranges: split after `.`, `!`, `?` or `;` before white
/// space, after a `:` that ends a line, at a blank line, and before a line that
/// starts with an `Expect:`-style prefix.
fn sentences(text: &str, config: &BodyConfig) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let boundary = match c {
            '.' | '!' | '?' | ';' => next.is_none_or(char::is_whitespace),
            ':' => next.is_none_or(|n| n == '\n'),
            '\n' => next == Some('\n') || config.expectation_in(&text[end..]).is_some(),
            _ => false,
        };
        if boundary {
            if !text[start..end].trim().is_empty() {
                out.push((start, end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

fn classify(sentence: &str, config: &BodyConfig) -> Option<Said> {
    if let Some(end) = config.expectation_in(sentence) {
        let body = sentence[end..].trim();
        return Some(if body.is_empty() {
            Said::Intro
        } else {
            Said::Prefixed(end)
        });
    }
    let trimmed = sentence.trim_end();
    if trimmed.ends_with(':') && config.reading.introduces_output(trimmed) {
        return Some(Said::Intro);
    }
    config.reading.observation(sentence).map(Said::Observed)
}

/// Finds the step's expectations (by prefix or by meaning) and moves the code
/// inside them out of the commands: it is what the operator will see.
fn split_expectations(step: &mut Step, config: &BodyConfig) {
    let text = step.prose.text.clone();
    // Ranges of prose whose inline code is expected output, and the ends of
    // sentences that introduce an expected-output block.
    let mut expected: Vec<(usize, usize)> = Vec::new();
    let mut intros: Vec<(usize, usize)> = Vec::new();
    for (start, end) in sentences(&text, config) {
        let sentence = &text[start..end];
        let lead = sentence.len() - sentence.trim_start().len();
        let (from, body) = match classify(sentence, config) {
            None => continue,
            Some(Said::Intro) => {
                intros.push((start + lead, end));
                continue;
            }
            Some(Said::Prefixed(at)) => (start, start + at),
            Some(Said::Observed(at)) => (start + at, start + lead),
        };
        expected.push((from, end));
        step.expected_at
            .push(step.prose.source_offset(start + lead));
        if step.expectation.is_none() {
            step.expectation = Some(Expectation {
                text: text[body..end].replace(CODE_MARK, "…").trim().to_string(),
                offset: step.prose.source_offset(
                    body + (text[body..end].len() - text[body..end].trim_start().len()),
                ),
            });
        }
    }
    let mut intro_used = None;
    let (moved, commands): (Vec<Command>, Vec<Command>) = std::mem::take(&mut step.commands)
        .into_iter()
        .partition(|c| {
            if c.inline {
                return expected.iter().any(|&(s, e)| c.at >= s && c.at < e);
            }
            // A block right after an introducing sentence, with only white space between,
            // unless its author marked it as shell ("The API still answers:" over a
            // ```` ```sh ```` block that runs `curl`).
            if c.shell {
                return false;
            }
            let intro = intros.iter().find(|&&(_, e)| {
                e <= c.at && text.get(e..c.at).is_some_and(|gap| gap.trim().is_empty())
            });
            if let Some(&intro) = intro {
                intro_used.get_or_insert(intro);
                true
            } else {
                false
            }
        });
    step.commands = commands;
    step.expected_code = moved;
    if step.expectation.is_none()
        && let Some((start, end)) = intro_used
    {
        step.expectation = Some(Expectation {
            text: text[start..end].replace(CODE_MARK, "…").trim().to_string(),
            offset: step.prose.source_offset(start),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_heading;

    #[test]
    fn headings_normalize_to_lowercase_words_without_a_number() {
        for (heading, want) in [
            ("Rollback", "rollback"),
            ("3. Back-out  Plan", "back out plan"),
            ("Step 2: Verify", "step 2 verify"),
            ("3", ""),
            ("Ünïcode", "ünïcode"),
        ] {
            assert_eq!(normalize_heading(heading), want, "{heading:?}");
        }
    }
}
