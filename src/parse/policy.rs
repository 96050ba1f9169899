//! The policy: `.barraiser.yaml`, merged over the embedded default.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::change::Risk;
use super::markdown::BodyConfig;
use super::rotation::{Rotation, RotationFile};
use super::yaml;
use crate::Pos;

mod extends;
mod merge;

pub use extends::{Central, CentralSource, Extends, NoCentral};

/// The embedded default policy; also what `barraiser init` writes.
pub const DEFAULT_POLICY: &str = include_str!("../../defaults/policy.yaml");

/// Where the policy lives in a repository.
pub const POLICY_PATH: &str = ".barraiser.yaml";

/// A problem in a policy or checklist file, with its position.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{}:{}: {message}", pos.line, pos.column)]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// Where in it (0:0 when unknown).
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// An error at `pos` in `path`.
    pub fn new(path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            pos,
            message: message.into(),
        }
    }

    /// An error from a YAML parse of `path`.
    pub fn yaml(path: &str, e: yaml::YamlError) -> Self {
        Self::new(path, e.pos, e.message)
    }
}

/// A per-rule override from the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// Disable the rule.
    Off,
    /// Make it a blocker.
    Blocker,
    /// Make it a warning.
    Warning,
    /// Make it advice.
    Advice,
}

/// A change freeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Freeze {
    /// Start, inclusive.
    pub start: jiff::Timestamp,
    /// End, exclusive.
    pub end: jiff::Timestamp,
    /// Why, shown to authors.
    pub reason: String,
    /// Risks it lets through; every risk is frozen when empty.
    pub allow: Vec<Risk>,
}

impl Freeze {
    /// Whether the window `[start, end)` overlaps the freeze.
    pub fn overlaps(&self, start: jiff::Timestamp, end: jiff::Timestamp) -> bool {
        start < self.end && self.start < end
    }
}

/// Approvals needed by risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approvals {
    /// For low risk.
    pub low: u32,
    /// For medium risk.
    pub medium: u32,
    /// For high risk.
    pub high: u32,
}

impl Approvals {
    /// Approvals needed for `risk`.
    pub fn needed(&self, risk: Risk) -> u32 {
        match risk {
            Risk::Low => self.low,
            Risk::Medium => self.medium,
            Risk::High => self.high,
        }
    }
}

/// A validated policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The file it came from (`<embedded default>` when none).
    pub source: String,
    /// Directory of change descriptions.
    pub changes_dir: String,
    /// Globs that require a change description, as written.
    pub require_change_for: Vec<String>,
    require_set: GlobSet,
    /// Checklist names or repository paths.
    pub checklists: Vec<(String, Pos)>,
    /// Bar raisers: GitHub logins, and teams written `@org/team` (resolved through the
    /// GitHub API where a roster is needed).
    pub bar_raisers: Vec<String>,
    /// Approvals needed by risk.
    pub approvals: Approvals,
    /// Change freezes.
    pub freeze: Vec<Freeze>,
    /// The least risk of a change that touches a path, by glob, as written.
    pub risk_floor: Vec<(String, Risk)>,
    floor_set: GlobSet,
    /// The least risk of a change by its `type` (lowercase).
    pub risk_floor_by_type: BTreeMap<String, Risk>,
    /// Rules a change may not waive.
    pub unwaivable: Vec<String>,
    /// Rule overrides with their positions.
    pub rules: Vec<(String, RuleSetting, Pos)>,
    /// How the body is read.
    pub body: BodyConfig,
    /// The default branch, when set explicitly.
    pub default_branch: Option<String>,
    /// The central policy this one extends, as written in it.
    pub extends: Option<Extends>,
    /// The central policy it was merged over, once read.
    pub central: Option<Central>,
    /// The bar raisers' duty rotation.
    pub rotation: Option<Rotation>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FreezeFile {
    #[schemars(with = "String")]
    start: Spanned<String>,
    #[schemars(with = "String")]
    end: Spanned<String>,
    #[serde(default)]
    reason: String,
    /// Risks the freeze lets through (for example `[low]`); none by default.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    allow: Vec<Risk>,
}

/// `.barraiser.yaml`; every key is optional.
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFile {
    /// A central policy this file tightens: `OWNER/REPO:PATH@REF`.
    #[schemars(with = "Option<String>")]
    extends: Option<Spanned<String>>,
    changes_dir: Option<String>,
    #[schemars(with = "Option<Vec<String>>")]
    require_change_for: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    checklists: Option<Vec<Spanned<String>>>,
    /// GitHub logins, or teams written `@org/team`.
    #[schemars(with = "Option<Vec<String>>")]
    bar_raisers: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Approvals>")]
    approvals: Option<Spanned<Approvals>>,
    freeze: Option<Vec<FreezeFile>>,
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    risk_floor: Option<BTreeMap<String, Spanned<Risk>>>,
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    risk_floor_by_type: Option<BTreeMap<String, Spanned<Risk>>>,
    unwaivable: Option<Vec<String>>,
    #[schemars(with = "Option<BTreeMap<String, RuleSetting>>")]
    rules: Option<BTreeMap<String, Spanned<RuleSetting>>>,
    sections: Option<BTreeMap<String, Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    expectation_prefixes: Option<Vec<Spanned<String>>>,
    default_branch: Option<String>,
    /// The bar raisers' duty rotation.
    rotation: Option<RotationFile>,
}

/// One set of `globs` (each with where it was written, for its error).
fn glob_set<'a>(
    path: &str,
    globs: impl IntoIterator<Item = (&'a str, Pos)>,
) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for (glob, at) in globs {
        let compiled = Glob::new(glob)
            .map_err(|e| ConfigError::new(path, at, format!("invalid glob `{glob}`: {e}")))?;
        builder.add(compiled);
    }
    builder
        .build()
        .map_err(|e| ConfigError::new(path, Pos::default(), e.to_string()))
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as u32, s.referenced.column() as u32)
}

impl Policy {
    /// The embedded default policy.
    pub fn embedded() -> Result<Policy, ConfigError> {
        Policy::parse("<embedded default policy>", DEFAULT_POLICY, None, false)
    }

    /// Parses a repository policy over the embedded default. A policy that `extends` a
    /// central one is an error here: use [`Policy::load`], which can read it.
    pub fn from_repo(path: &str, text: &str) -> Result<Policy, ConfigError> {
        Policy::load(
            path,
            text,
            &NoCentral("this command does not read central policies".into()),
        )
    }

    /// Parses a repository policy: over the central policy it `extends` (read through
    /// `central`, and only tightened), else over the embedded default. A central policy
    /// that is missing or unreadable is an error: the bar is never guessed.
    pub fn load(
        path: &str,
        text: &str,
        central: &dyn CentralSource,
    ) -> Result<Policy, ConfigError> {
        let embedded = Policy::embedded()?;
        let Some((extends, at)) = Policy::extends_of(path, text)? else {
            return Policy::parse(path, text, Some(embedded), false);
        };
        let label = extends.to_string();
        let central_text = central
            .read(&extends)
            .map_err(|e| {
                ConfigError::new(path, at, format!("cannot read the central policy {label}: {e}"))
            })?
            .ok_or_else(|| {
                ConfigError::new(
                    path,
                    at,
                    format!(
                        "the central policy {label} does not exist (or the token cannot see {}/{}); \
                         it decides the bar here, so nothing is judged without it",
                        extends.owner, extends.repo
                    ),
                )
            })?;
        if let Some((_, nested)) = Policy::extends_of(&label, &central_text)? {
            return Err(ConfigError::new(
                &label,
                nested,
                "a central policy cannot itself extend another",
            ));
        }
        let central_policy = Policy::parse(&label, &central_text, Some(embedded), false)?;
        let mut policy = Policy::parse(path, text, Some(central_policy), true)?;
        policy.extends = Some(extends);
        Ok(policy)
    }

    /// The central policy `text` extends, with where `extends` is written.
    pub fn extends_of(path: &str, text: &str) -> Result<Option<(Extends, Pos)>, ConfigError> {
        let file = Policy::file(path, text)?;
        match file.extends {
            None => Ok(None),
            Some(e) => {
                let at = pos_of(&e);
                Extends::parse(&e.value)
                    .map(|x| Some((x, at)))
                    .map_err(|m| ConfigError::new(path, at, m))
            }
        }
    }

    fn file(path: &str, text: &str) -> Result<PolicyFile, ConfigError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim().is_empty() {
            Ok(PolicyFile::default())
        } else {
            yaml::from_str(text).map_err(|e| ConfigError::yaml(path, e))
        }
    }

    /// What makes a range that changed `paths` need a change description it lacks:
    /// the first path that matches `require_change_for`, with the glob it matches,
    /// when none of `paths` is a change description.
    pub fn missing_change<'p>(&'p self, paths: &'p [String]) -> Option<(&'p str, &'p str)> {
        if paths.iter().any(|p| self.is_change_path(p)) {
            return None;
        }
        paths
            .iter()
            .find_map(|p| self.requiring_glob(p).map(|glob| (p.as_str(), glob)))
    }

    /// Whether a touched path needs a change description.
    pub fn requires_change(&self, path: &str) -> bool {
        self.requiring_glob(path).is_some()
    }

    /// The first `require_change_for` glob that `path` matches, as written.
    pub fn requiring_glob(&self, path: &str) -> Option<&str> {
        let index = self.require_set.matches(path).into_iter().min()?;
        self.require_change_for.get(index).map(String::as_str)
    }

    /// Whether `path` is the policy, a checklist the policy names (however its path
    /// is spelled: `./checklists/db.yaml` is `checklists/db.yaml`), or anything under
    /// `.barraiser/`: a change to the bar itself.
    pub fn is_bar_file(&self, path: &str) -> bool {
        let Some(path) = crate::read::normalize(path) else {
            return false;
        };
        path == POLICY_PATH
            || path.starts_with(".barraiser/")
            || self
                .checklists
                .iter()
                .any(|(c, _)| crate::read::normalize(c).is_some_and(|c| c == path))
    }

    /// The highest `risk_floor` any of `paths` reaches, with the glob that sets it.
    pub fn path_floor<'a>(
        &'a self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Option<(Risk, &'a str)> {
        let mut best: Option<(Risk, &str)> = None;
        for path in paths {
            for index in self.floor_set.matches(path) {
                if let Some((glob, risk)) = self.risk_floor.get(index)
                    && best.is_none_or(|(b, _)| *risk > b)
                {
                    best = Some((*risk, glob.as_str()));
                }
            }
        }
        best
    }

    /// Whether `path` matches a `risk_floor` glob.
    pub fn has_floor(&self, path: &str) -> bool {
        self.floor_set.is_match(path)
    }

    /// The `risk_floor_by_type` of a change `type`, if any.
    pub fn type_floor(&self, kind: &str) -> Option<Risk> {
        self.risk_floor_by_type
            .get(&kind.trim().to_lowercase())
            .copied()
    }

    /// Whether `path` is a change description under `changes_dir`.
    pub fn is_change_path(&self, path: &str) -> bool {
        path.strip_prefix(&self.changes_dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| name.ends_with(".md") && !name.contains('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses() {
        let p = Policy::embedded().unwrap();
        assert_eq!(p.changes_dir, "changes");
        assert_eq!(p.checklists.len(), 4);
        let paths = |list: &[&str]| list.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let deploy = paths(&["src/main.rs", "deploy/app.yaml"]);
        assert_eq!(
            p.missing_change(&deploy),
            Some(("deploy/app.yaml", "deploy/**"))
        );
        assert_eq!(p.missing_change(&paths(&["src/main.rs"])), None);
        let described = paths(&["deploy/app.yaml", "changes/scale.md"]);
        assert_eq!(p.missing_change(&described), None);
        assert!(p.body.section_aliases.iter().any(|(k, _)| k == "rollback"));
    }

    #[test]
    fn section_aliases_match_headings_however_either_is_written() {
        let p = Policy::from_repo(
            ".barraiser.yaml",
            "sections: {rollback: ['Back-out Plan'], steps: ['2. Runbook']}\n",
        )
        .unwrap();
        assert_eq!(
            p.body.kind_of("## back out PLAN").as_deref(),
            Some("rollback")
        );
        assert_eq!(
            p.body.kind_of("Runbook (primary)").as_deref(),
            Some("steps")
        );
        assert_eq!(p.body.kind_of("Runbooks"), None);
    }

    #[test]
    fn repo_policy_overrides_keys_and_reports_positions() {
        let p = Policy::from_repo(
            ".barraiser.yaml",
            "bar_raisers: ['@alice', bob]\napprovals: {low: 0, medium: 2, high: 3}\n",
        )
        .unwrap();
        assert_eq!(p.bar_raisers, ["alice", "bob"]);
        assert_eq!(p.approvals.needed(Risk::Medium), 2);
        assert_eq!(p.changes_dir, "changes");
        let e = Policy::from_repo(
            ".barraiser.yaml",
            "freeze:\n  - {start: 2026-12-20, end: 2027-01-04T00:00:00Z}\n",
        )
        .unwrap_err();
        assert_eq!(e.pos.line, 2, "{e}");
        let e = Policy::from_repo(".barraiser.yaml", "checklist: [x]\n").unwrap_err();
        assert_eq!(e.pos.line, 1, "{e}");
        assert!(e.message.contains("checklist"), "{e}");
    }
}
