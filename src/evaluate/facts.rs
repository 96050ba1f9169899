//! What the engine knows about a change besides its findings, for `report`: whether a
//! step names the automation that carries it out (as the `steps` detector recognises
//! it, from the checklists' `automation_links` and `automation_text`), and the
//! checklists' variables (`max_days_since_test`).

use super::{Check, Engine};
use crate::parse::markdown::Step;

impl Engine {
    /// Whether `step` names the automation that carries it out, by the first
    /// detector that recognises automation; None when no checklist has one.
    pub fn step_automated(&self, step: &Step) -> Option<bool> {
        self.checklists
            .iter()
            .flat_map(|c| &c.rules)
            .flat_map(|r| &r.asserts)
            .find_map(|a| match &a.check {
                Check::Detector(d) => d.automated(step),
                _ => None,
            })
    }

    /// The whole-number variable `name` of the first checklist that sets it
    /// (`max_days_since_test` in `rollback`).
    pub fn var_number(&self, name: &str) -> Option<i64> {
        self.checklists
            .iter()
            .filter_map(|c| c.vars.get_attr(name).ok())
            .find_map(|v| i64::try_from(v).ok())
    }
}
