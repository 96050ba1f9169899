//! Checklist files: named lists of rules, parsed with positions so that every
//! mistake in a checklist is reported as `file:line:column`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::policy::ConfigError;
use super::yaml;
use crate::Pos;

/// The checklists compiled into the binary: (name, file name, text).
pub const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "change",
        "checklists/change.yaml",
        include_str!("../../checklists/change.yaml"),
    ),
    (
        "rollback",
        "checklists/rollback.yaml",
        include_str!("../../checklists/rollback.yaml"),
    ),
    (
        "pipeline",
        "checklists/pipeline.yaml",
        include_str!("../../checklists/pipeline.yaml"),
    ),
    (
        "automation",
        "checklists/automation.yaml",
        include_str!("../../checklists/automation.yaml"),
    ),
    (
        "no-context",
        "checklists/no-context.yaml",
        include_str!("../../checklists/no-context.yaml"),
    ),
];

/// The checklist that validates front matter; applied to every change.
pub const ALWAYS: &str = "change";

/// Strings written in a checklist (regexes, scope names), each with its position so
/// that a mistake in one is reported at its `file:line:column`. Reads and
/// documents as a list of strings; a key left out (or `null`) is the empty list.
#[derive(Clone, Debug, Default)]
pub struct SpannedStrings(pub Vec<Spanned<String>>);

/// Read through `Option`: serde asks a missing field's type for "none", so a list
/// left out is empty without a `#[serde(default)]` on every field.
impl<'de> Deserialize<'de> for SpannedStrings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SpannedStrings(
            Option::<Vec<Spanned<String>>>::deserialize(d)?.unwrap_or_default(),
        ))
    }
}

impl std::ops::Deref for SpannedStrings {
    type Target = Vec<Spanned<String>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a> IntoIterator for &'a SpannedStrings {
    type Item = &'a Spanned<String>;
    type IntoIter = std::slice::Iter<'a, Spanned<String>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl schemars::JsonSchema for SpannedStrings {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<String>>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = <Vec<String>>::json_schema(generator);
        schema.insert("default".into(), serde_json::json!([]));
        schema
    }

    fn inline_schema() -> bool {
        true
    }

    /// Never a required key: left out, it is the empty list.
    fn _schemars_private_is_option() -> bool {
        true
    }
}

/// A severity level, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not apply.
    Off,
    /// Advice.
    Advice,
    /// Warning.
    Warning,
    /// Blocker.
    Blocker,
}

/// `severity: blocker`, or by risk: `severity: {low: warning, medium: blocker, high: blocker}`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum SeverityFile {
    /// The same for every risk.
    One(Level),
    /// Per risk; a missing risk means off.
    ByRisk(BTreeMap<String, Level>),
}

/// Examples shown by `barraiser explain`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Text that breaks the rule.
    pub bad: String,
    /// Text that satisfies it.
    pub good: String,
}

/// One or several strings.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single string.
    One(String),
    /// A list.
    Many(Vec<String>),
}

impl OneOrMany {
    /// As a list.
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A pattern: a regular expression, or a phrase matched as whole words.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// A regular expression (Rust `regex` syntax).
    #[schemars(with = "Option<String>")]
    pub regex: Option<Spanned<String>>,
    /// A phrase; spaces match any run of white space, matched case-insensitively on word boundaries.
    #[schemars(with = "Option<String>")]
    pub phrase: Option<Spanned<String>>,
    /// A message for matches of this pattern (a template; `{{ match }}` is the matched text).
    pub message: Option<String>,
    /// What this pattern finds, for messages (`{{ label }}`): "a GitHub token".
    pub label: Option<String>,
    /// The match (its `m` group) counts only when it is at least this random:
    /// Shannon entropy in bits per character. Overrides the assertion's.
    pub min_entropy: Option<f64>,
    /// The match (its `m` group) counts only when it has at least this many characters.
    /// Overrides the assertion's.
    pub min_length: Option<usize>,
}

/// `patterns`: report text that matches.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternsFile {
    /// Where to look: prose, step-prose, commands, links, expectations, front-matter,
    /// headings, or `source` (the whole file as written, line by line). At least one.
    #[serde(rename = "in")]
    #[schemars(with = "Vec<String>")]
    pub scopes: SpannedStrings,
    /// Limit to these section kinds.
    pub sections: Option<Vec<String>>,
    /// For `front-matter`: limit to these dotted field paths (prefixes).
    pub fields: Option<Vec<String>>,
    /// What to find.
    #[serde(rename = "match")]
    pub patterns: Vec<PatternFile>,
    /// A match is ignored when its sentence (or command line) also matches one of these.
    pub unless: SpannedStrings,
    /// A match is ignored when one of these matches anywhere in the change, with
    /// `{who}` replaced by the match's `who` group (`sudo -u {who}`: a home directory
    /// used as a service account is where the software lives, not a person's), and
    /// `{who_lower}` by the same in lower case (a tool named in prose, "from Vault",
    /// and typed as a command, `vault kv get ...`).
    pub unless_in_change: SpannedStrings,
    /// Only look at steps that have no command.
    #[serde(default)]
    pub only_steps_without_commands: bool,
    /// Match case exactly (default: ignore case).
    #[serde(default)]
    pub case_sensitive: bool,
    /// A match is ignored when the matched text itself (its `m` group) matches one
    /// of these: a `$VAR`, a placeholder, a masked value.
    pub unless_match: SpannedStrings,
    /// Default `min_entropy` for every pattern.
    pub min_entropy: Option<f64>,
    /// Default `min_length` for every pattern.
    pub min_length: Option<usize>,
    /// No longer needed, and accepted for older checklists: word boundaries and
    /// `\w`, `\d`, `\s` are ASCII-only in every checklist pattern.
    #[serde(default)]
    pub ascii_boundaries: bool,
    /// The matched text is a secret: no output repeats it. Messages get `{{ match }}`
    /// as a masked prefix and `{{ length }}`, and the engine masks it in the change
    /// that every other rule reads and every output format shows.
    #[serde(default)]
    pub redact: bool,
}

/// `steps`: every step in the given sections must have something.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepsFile {
    /// Section kinds whose steps are checked.
    pub sections: Vec<String>,
    /// `command` or `expectation`.
    #[schemars(with = "String")]
    pub require: Spanned<String>,
    /// Inline code counts as a command when it matches this.
    #[schemars(with = "Option<String>")]
    pub inline_command: Option<Spanned<String>>,
    /// A link whose URL matches one of these counts as a command (it points at the automation).
    pub automation_links: SpannedStrings,
    /// A step whose prose matches one of these names the exact automation that
    /// carries it out ("merge MR !9412; its `apply` job runs the change"), which
    /// counts as its command. A code span in the prose reads as `\x{E000}`.
    pub automation_text: SpannedStrings,
}

/// `parameters`: every `$NAME` in a command is declared.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParametersFile {
    /// Names that never need declaring.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Regexes whose `name` group declares a variable for the rest of the step (`NAME=...`).
    pub assignments: SpannedStrings,
}

/// `repo-files`: paths in commands exist in the repository at the checked revision.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoFilesFile {
    /// A regex whose `path` group is a repository path.
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// Message when the path escapes the repository.
    pub outside_message: Option<String>,
}

/// One row of a `commands` table: what to look for and what makes it fine.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandEntryFile {
    /// A regex (case-insensitive) on a logical command line, a code block or a prose sentence.
    #[serde(rename = "match")]
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// What `match` reads: `line` (a logical command line: continuations joined,
    /// heredoc bodies included; the default), `block` (a whole code block) or
    /// `prose` (a sentence of the step, inline code in backticks).
    #[schemars(with = "Option<String>")]
    pub on: Option<Spanned<String>>,
    /// The match is fine when the same line, block or sentence also matches one of these (the flags that supply what is missing).
    pub unless: SpannedStrings,
    /// The match is fine when the step's whole text (prose and commands) matches one of these.
    pub unless_step: SpannedStrings,
    /// The match is fine when a command anywhere earlier in the change matches one of these (`kubectl config use-context prod`).
    pub declared_by_earlier: SpannedStrings,
    /// The match is fine when a command earlier in the same step matches one of these (`\c orders`, `use orders`).
    pub declared_in_step: SpannedStrings,
    /// The finding's message (a template; `match`, `command`, `step`, `section`).
    pub message: Option<String>,
}

/// `commands`: a table of commands that need something more; at most one finding per step.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandsFile {
    /// Section kinds whose steps are read (default: all).
    pub sections: Option<Vec<String>>,
    /// Section kinds never read, even when `sections` is not given (`summary`).
    #[serde(default)]
    pub skip_sections: Vec<String>,
    /// The rows, tried in order.
    pub table: Vec<CommandEntryFile>,
    /// Any command line or block matching one of these is fine for every row (`yes | ...`, a heredoc).
    pub unless: SpannedStrings,
    /// Any step whose whole text matches one of these is fine for every row.
    pub unless_step: SpannedStrings,
}

/// A regex, or a list of them (so that a YAML alias can bring in a shared list).
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum RegexOrList {
    /// One regex.
    One(#[schemars(with = "String")] Spanned<String>),
    /// Several.
    Many(#[schemars(with = "Vec<String>")] Vec<Spanned<String>>),
}

/// Flattens regexes and lists of regexes.
pub fn flatten_regexes(list: &[RegexOrList]) -> Vec<Spanned<String>> {
    list.iter()
        .flat_map(|r| match r {
            RegexOrList::One(s) => vec![s.clone()],
            RegexOrList::Many(v) => v.clone(),
        })
        .collect()
}

/// What a `requires` assertion looks for: regexes on logical command lines and on step sentences.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Section kinds to look in (default: all).
    pub sections: Option<Vec<String>>,
    /// Section kinds never looked in, even when `sections` is not given.
    #[serde(default)]
    pub skip_sections: Vec<String>,
    /// Regexes (case-insensitive) on logical command lines; an item may be a list (a YAML alias).
    #[serde(default)]
    pub commands: Vec<RegexOrList>,
    /// Regexes (case-insensitive) on sentences of step prose.
    pub prose: SpannedStrings,
    /// A line or sentence that also matches one of these does not count.
    pub unless: SpannedStrings,
}

/// `in-section`: evidence somewhere in the first section of a kind.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionEvidenceFile {
    /// The section kind (`rollback`).
    pub kind: String,
    /// Regexes (case-insensitive) on the section's logical command lines.
    pub commands: SpannedStrings,
    /// Regexes (case-insensitive) on the section's prose sentences.
    pub prose: SpannedStrings,
    /// A line or sentence that also matches one of these does not count.
    pub unless: SpannedStrings,
}

/// `requires`: a step that does something (the trigger) needs something else, either
/// earlier in the change or in another section. Exactly one of `earlier` and `in-section`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresFile {
    /// What a step does that needs more.
    pub trigger: EvidenceFile,
    /// What must come before it in document order: an earlier step, or earlier in the same step.
    pub earlier: Option<EvidenceFile>,
    /// What a section must hold when any step triggers; the finding points at that section's heading.
    #[serde(default, rename = "in-section")]
    pub in_section: Option<SectionEvidenceFile>,
}

/// `required-fields`: these front-matter fields are present and not empty.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredFieldsFile {
    /// Dotted paths.
    pub fields: Vec<String>,
}

/// The expected shape of one front-matter field.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldTypeFile {
    /// string, number, integer, bool, date, timestamp, duration, list, map.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// Allowed values (compared case-insensitively).
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<String>>,
}

/// `field-types`: known fields have the right type.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldTypesFile {
    /// Dotted path → type.
    pub fields: BTreeMap<String, FieldTypeFile>,
}

/// `unknown-fields`: warn about a field one edit away from a known one.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnknownFieldsFile {
    /// Known dotted paths; `x.*` means anything below `x` is free-form.
    pub known: Vec<String>,
    /// Maximum edit distance for a suggestion.
    #[serde(default = "one")]
    pub max_distance: usize,
}

fn one() -> usize {
    1
}

/// `change-required`: a range (a pull request) that changes a path the policy's
/// `require_change_for` lists, and adds or edits no change description. Judged once
/// per range, never per change description; the message may use `{{ trigger }}`
/// (the path), `{{ glob }}` (what it matches) and `{{ changes_dir }}`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRequiredFile {}

/// One assertion: an expression or one built-in detector.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssertFile {
    /// A minijinja expression that must be true.
    #[schemars(with = "Option<String>")]
    pub expr: Option<Spanned<String>>,
    /// Text patterns.
    pub patterns: Option<PatternsFile>,
    /// Step requirements.
    pub steps: Option<StepsFile>,
    /// Declared parameters.
    pub parameters: Option<ParametersFile>,
    /// Repository paths.
    #[serde(rename = "repo-files")]
    pub repo_files: Option<RepoFilesFile>,
    /// Required fields.
    #[serde(rename = "required-fields")]
    pub required_fields: Option<RequiredFieldsFile>,
    /// Field types.
    #[serde(rename = "field-types")]
    pub field_types: Option<FieldTypesFile>,
    /// Misspelled fields.
    #[serde(rename = "unknown-fields")]
    pub unknown_fields: Option<UnknownFieldsFile>,
    /// A table of commands that need something more.
    pub commands: Option<CommandsFile>,
    /// Something a step does that needs something else earlier or elsewhere.
    pub requires: Option<RequiresFile>,
    /// A range that needs a change description and has none.
    #[serde(rename = "change-required")]
    pub change_required: Option<ChangeRequiredFile>,
    /// The finding's message (a minijinja template over the change).
    #[schemars(with = "Option<String>")]
    pub message: Option<Spanned<String>>,
    /// Where an `expr` finding points: field paths or `section:KIND`, first that exists.
    pub at: Option<OneOrMany>,
    /// An extra condition for this assertion only.
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
}

/// One rule of a checklist.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable kebab-case id.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// One line.
    pub title: String,
    /// Severity, possibly by risk.
    #[schemars(with = "SeverityFile")]
    pub severity: Spanned<SeverityFile>,
    /// What goes wrong without this rule.
    pub why: String,
    /// What to write.
    pub fix: String,
    /// Bad and good examples.
    pub examples: Option<Examples>,
    /// A minijinja expression; the rule applies only when true.
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
    /// What must hold.
    #[serde(rename = "assert")]
    pub asserts: Vec<AssertFile>,
}

/// A checklist file.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistFile {
    /// The checklist's name.
    #[schemars(with = "String")]
    pub checklist: Spanned<String>,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Values available to expressions as `vars.NAME` (word lists, thresholds, patterns).
    #[serde(default)]
    pub vars: BTreeMap<String, serde_json::Value>,
    /// How change descriptions are read for meaning (sections, expectations);
    /// merged across every active checklist.
    pub reading: Option<super::reading::ReadingFile>,
    /// The rules.
    pub rules: Vec<RuleFile>,
}

/// The position of a spanned value.
pub fn pos<T>(s: &Spanned<T>) -> Pos {
    Pos::new(
        u32::try_from(s.referenced.line()).unwrap_or(0),
        u32::try_from(s.referenced.column()).unwrap_or(0),
    )
}

/// Parses a checklist file (structure only; the engine validates expressions and patterns).
pub fn parse_checklist(path: &str, text: &str) -> Result<ChecklistFile, ConfigError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ConfigError::new(
            path,
            Pos::new(1, 1),
            "empty checklist: expected `checklist:` and `rules:`",
        ));
    }
    let file: ChecklistFile = yaml::from_str(text).map_err(|e| ConfigError::yaml(path, e))?;
    let mut seen: Vec<&str> = Vec::new();
    for rule in &file.rules {
        let id = rule.id.value.as_str();
        let kebab = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !kebab {
            return Err(ConfigError::new(
                path,
                pos(&rule.id),
                format!("rule id `{id}` must be kebab-case (a-z, 0-9, -)"),
            ));
        }
        if seen.contains(&id) {
            return Err(ConfigError::new(
                path,
                pos(&rule.id),
                format!("rule id `{id}` appears twice in this checklist"),
            ));
        }
        seen.push(id);
        if rule.asserts.is_empty() {
            return Err(ConfigError::new(
                path,
                pos(&rule.id),
                format!("rule `{id}` has no assertions under `assert:`"),
            ));
        }
    }
    Ok(file)
}
