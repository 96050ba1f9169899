//! The template engine, wrapped so that every filter and template is set up in one place.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior};
use serde::Serialize;

use super::RenderError;
use super::neutralize::neutralize;

/// The templates whose output goes to GitHub Markdown with user text in it: every
/// value they print is neutralised unless barraiser marked it trusted.
const NEUTRALIZED: &[&str] = &[
    "macros.md.j2",
    "report.md.j2",
    "comment.md.j2",
    "queue.md.j2",
    "minutes.md.j2",
    "agenda.md.j2",
    "team-report.md.j2",
];

/// The escaping mode of [`NEUTRALIZED`] templates, which the formatter implements.
const MARKDOWN: AutoEscape = AutoEscape::Custom(std::borrow::Cow::Borrowed("github-markdown"));

/// The embedded templates, by the name a repository uses to override them
/// (`.barraiser/templates/<name>`).
const EMBEDDED: &[(&str, &str)] = &[
    ("macros.md.j2", include_str!("../../templates/macros.md.j2")),
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    (
        "comment.md.j2",
        include_str!("../../templates/comment.md.j2"),
    ),
    ("change.md.j2", include_str!("../../templates/change.md.j2")),
    (
        "explain.txt.j2",
        include_str!("../../templates/explain.txt.j2"),
    ),
    ("rules.md.j2", include_str!("../../templates/rules.md.j2")),
    ("queue.md.j2", include_str!("../../templates/queue.md.j2")),
    (
        "minutes.md.j2",
        include_str!("../../templates/minutes.md.j2"),
    ),
    ("agenda.md.j2", include_str!("../../templates/agenda.md.j2")),
    (
        "agenda.html.j2",
        include_str!("../../templates/agenda.html.j2"),
    ),
    (
        "team-report.md.j2",
        include_str!("../../templates/team-report.md.j2"),
    ),
    (
        "team-report.html.j2",
        include_str!("../../templates/team-report.html.j2"),
    ),
];

/// The compiled Markdown templates, embedded or overridden by the repository.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Compiles the embedded templates, replacing any named in `overrides` (name, source).
    ///
    /// An override must use the name of an embedded template; a typo would
    /// otherwise be ignored silently and the embedded template used instead.
    pub fn new(overrides: Vec<(String, String)>) -> Result<Self, RenderError> {
        let mut env = Environment::new();
        // Strict: a misspelt variable in a template is an error, not an empty string.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Markdown is not HTML: the Markdown templates neutralise what they print
        // (the formatter below), so an override cannot echo raw user text by
        // forgetting a filter. The others (docs, `explain`, `new`) print as is.
        env.set_auto_escape_callback(|name| {
            if NEUTRALIZED.contains(&name) {
                MARKDOWN
            } else if name.ends_with(".html.j2") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build();
        env.set_syntax(syntax.map_err(RenderError::template)?);
        register_filters(&mut env);

        for (name, source) in EMBEDDED {
            env.add_template(name, source)
                .map_err(RenderError::template)?;
        }
        for (name, source) in overrides {
            if !EMBEDDED.iter().any(|(known, _)| *known == name) {
                return Err(RenderError::UnknownTemplate {
                    name,
                    known: Self::names().join(", "),
                });
            }
            env.add_template_owned(name, source)
                .map_err(RenderError::template)?;
        }
        Ok(Self { env })
    }

    /// The embedded templates only.
    pub fn embedded() -> Result<Self, RenderError> {
        Self::new(Vec::new())
    }

    /// Names of the templates a repository can override.
    pub fn names() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(name, _)| *name).collect()
    }

    /// Renders template `name` with `ctx`; runs of blank lines collapse to one.
    pub fn render(&self, name: &str, ctx: impl Serialize) -> Result<String, RenderError> {
        let template = self.env.get_template(name).map_err(RenderError::template)?;
        let text = template
            .render(Value::from(Serde(ctx)))
            .map_err(RenderError::template)?;
        Ok(collapse_blank_lines(&text))
    }
}

/// Prints a value. In [`NEUTRALIZED`] templates a string (or a list or map, as
/// text) goes through [`neutralize`] unless it is marked safe: trusted text, a
/// macro's output, or what `neutralize` already returned. Numbers, booleans and
/// `none` print as they are.
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if *state.auto_escape() != MARKDOWN {
        return minijinja::escape_formatter(out, state, value);
    }
    let plain = value.is_safe()
        || matches!(
            value.kind(),
            ValueKind::Undefined | ValueKind::None | ValueKind::Bool | ValueKind::Number
        );
    let text = if plain {
        value.to_string()
    } else {
        neutralize(&value.to_string())
    };
    out.write_str(&text).map_err(Error::from)
}

/// Every filter templates can use. Keep this the only place filters are added,
/// so an override author can read the whole vocabulary here.
fn register_filters(env: &mut Environment<'static>) {
    // `{{ title | neutralize }}`: user text made inert for GitHub Markdown. The
    // Markdown templates do this to whatever they print; the filter stays for
    // overrides written before, and returns safe text so it is not done twice.
    env.add_filter("neutralize", |text: &str| {
        Value::from_safe_string(neutralize(text))
    });
    // `{{ n | count("blocker") }}` gives "1 blocker" or "2 blockers";
    // `count("advice", "advice")` for nouns with an irregular plural.
    env.add_filter("count", |n: u64, singular: &str, plural: Option<&str>| {
        let noun = match (n, plural) {
            (1, _) => singular.to_owned(),
            (_, Some(plural)) => plural.to_owned(),
            (_, None) => format!("{singular}s"),
        };
        format!("{n} {noun}")
    });
    // `{{ share | percent }}`: a share from 0 to 1 as "66.7%", or "n/a" for none.
    // Safe: digits and a point, which Markdown would otherwise escape.
    env.add_filter("percent", |share: Option<f64>| {
        Value::from_safe_string(match share {
            Some(s) => format!("{}%", (s * 1000.0).round() / 10.0),
            None => "n/a".to_owned(),
        })
    });
    // `{{ blob | short }}`: the first seven characters of a commit or blob id.
    env.add_filter("short", |id: &str| crate::short(id));
}

/// Collapses runs of blank lines and ends the text with exactly one newline.
///
/// Sections that render empty would otherwise leave stacks of blank lines;
/// keeping the templates free of whitespace-control noise matters more to
/// the people who override them than the exact spacing.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
