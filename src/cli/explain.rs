//! `barraiser explain RULE`.

use anyhow::bail;
use barraiser::read::Workspace;
use barraiser::render::{self, Templates};
use barraiser::run::{Bar, load_bar};

use super::{cwd, emit};

/// The bar rules are explained from: the current repository's (its checklists
/// included), or the embedded one outside a repository.
pub fn active_bar() -> anyhow::Result<Bar> {
    let now = jiff::Timestamp::now();
    // Outside a repository this is a plain directory: the embedded bar applies.
    let central = super::central::CentralArgs::default().source();
    Ok(load_bar(
        &Workspace::discover(&cwd()?)?.worktree(),
        now,
        &central,
    )?)
}

/// The `explain` text of rule `id` in `bar`; None when the bar has no such rule.
pub fn text(bar: &Bar, id: &str, templates: &Templates) -> anyhow::Result<Option<String>> {
    match bar.engine.rule(id) {
        Some((list, rule)) => Ok(Some(render::explain::explain(list, rule, templates)?)),
        None => Ok(None),
    }
}

/// Explains a rule from the active bar (repository checklists included), or the embedded one.
pub fn run(id: &str) -> anyhow::Result<()> {
    let bar = active_bar()?;
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
    emit(&render::explain::explain(
        list,
        rule,
        &Templates::embedded()?,
    )?)
}
