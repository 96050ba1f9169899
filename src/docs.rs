//! Reference documentation generated from what the binary embeds: `docs/rules.md`
//! from the checklists, `docs/schema/*.json` from the schemas. `tests/it/docs.rs`
//! fails when the committed files are out of date.

use serde_json::{Value, json};

use crate::evaluate::Engine;
use crate::parse::change::Risk;
use crate::parse::checklist::{EMBEDDED, Level, parse_checklist};
use crate::parse::policy::{ConfigError, Policy};
use crate::render::{RenderError, Templates};

/// Where the generated rule reference lives.
pub const RULES_PATH: &str = "docs/rules.md";

/// Why a document could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// An embedded checklist or the default policy is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A schema could not be printed.
    #[error("cannot print a schema: {0}")]
    Json(#[from] serde_json::Error),
}

/// The embedded checklists, compiled under the embedded default policy.
fn embedded_engine() -> Result<Engine, ConfigError> {
    let policy = Policy::embedded()?;
    let files = EMBEDDED
        .iter()
        .map(|(_, path, text)| Ok(((*path).to_string(), parse_checklist(path, text)?)))
        .collect::<Result<Vec<_>, ConfigError>>()?;
    // Rule metadata does not depend on the time checks are judged at.
    Engine::new(&policy, files, jiff::Timestamp::UNIX_EPOCH)
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "-",
        Level::Advice => "advice",
        Level::Warning => "warning",
        Level::Blocker => "blocker",
    }
}

/// Every rule of the embedded checklists as `checklist/rule-id`, in checklist order.
pub fn rule_ids() -> Result<Vec<String>, DocsError> {
    Ok(embedded_engine()?
        .checklists
        .iter()
        .flat_map(|c| c.rules.iter().map(move |r| format!("{}/{}", c.name, r.id)))
        .collect())
}

/// `docs/rules.md`: every rule of the embedded checklists with its severity by
/// risk, why it exists, how to fix it, and a bad and a good example.
pub fn rules_markdown() -> Result<String, DocsError> {
    let engine = embedded_engine()?;
    let checklists: Vec<Value> = engine
        .checklists
        .iter()
        .map(|c| {
            let rules: Vec<Value> = c
                .rules
                .iter()
                .map(|r| {
                    let levels: Vec<&str> = Risk::ALL
                        .iter()
                        .map(|risk| level_name(r.level(*risk)))
                        .collect();
                    json!({
                        "id": r.id,
                        "title": r.title,
                        "levels": levels,
                        "why": r.why.trim(),
                        "fix": r.fix.trim(),
                        "examples": r.examples.as_ref().map(|e| json!({
                            "bad": e.bad.trim_end(),
                            "good": e.good.trim_end(),
                        })),
                    })
                })
                .collect();
            json!({
                "name": c.name,
                "path": c.path,
                "description": c.description.trim(),
                "rules": rules,
            })
        })
        .collect();
    let risks: Vec<&str> = Risk::ALL.iter().map(|r| r.as_str()).collect();
    let ctx = json!({"checklists": checklists, "risks": risks});
    Ok(Templates::embedded()?.render("rules.md.j2", ctx)?)
}

/// The committed schema files, as (path, pretty JSON ending in a newline).
pub fn schema_files() -> Result<Vec<(&'static str, String)>, DocsError> {
    let all = crate::parse::schema::all()?;
    [
        ("docs/schema/change.json", "change"),
        ("docs/schema/policy.json", "policy"),
        ("docs/schema/checklist.json", "checklist"),
    ]
    .into_iter()
    .map(|(path, key)| Ok((path, serde_json::to_string_pretty(&all[key])? + "\n")))
    .collect()
}
