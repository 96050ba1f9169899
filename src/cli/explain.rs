//! `barraiser explain RULE`.

use anyhow::bail;
use barraiser::read::Workspace;
use barraiser::render::Templates;
use barraiser::run::load_bar;

use super::{cwd, emit};

/// Explains a rule from the active bar (repository checklists included), or the embedded one.
pub fn run(id: &str) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now();
    // Outside a repository this is a plain directory: the embedded bar applies.
    let bar = load_bar(&Workspace::discover(&cwd()?)?.worktree(), now)?;
    let Some((list, rule)) = bar.engine.rule(id) else {
        let mut ids: Vec<&str> = bar
            .engine
            .checklists
            .iter()
            .flat_map(|c| c.rules.iter().map(|r| r.id.as_str()))
            .collect();
        ids.sort_unstable();
        let close: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| strsim::levenshtein(i, id) <= 3)
            .collect();
        let hint = if close.is_empty() {
            format!("known rules: {}", ids.join(", "))
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        bail!("no rule `{id}`; {hint}");
    };
    let levels: Vec<serde_json::Value> = barraiser::parse::change::Risk::ALL
        .iter()
        .map(|r| serde_json::json!({"risk": r.as_str(), "level": format!("{:?}", rule.level(*r)).to_lowercase()}))
        .collect();
    let ctx = serde_json::json!({
        "rule": {
            "id": rule.id, "title": rule.title, "why": rule.why, "fix": rule.fix,
            "examples": rule.examples.as_ref().map(|e| serde_json::json!({"bad": e.bad, "good": e.good})),
        },
        "checklist": list.name,
        "path": list.path,
        "severity": levels
            .iter()
            .map(|l| format!("{} {}", l["risk"].as_str().unwrap_or(""), l["level"].as_str().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(", "),
    });
    emit(&Templates::embedded()?.render("explain.txt.j2", ctx)?)
}
