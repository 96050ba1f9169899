//! Evaluating checklist rules against a change. The [`Engine`] is compiled once
//! per run from the policy and checklists; every expression and pattern is
//! validated then, so a broken checklist fails before any change is judged.

pub(crate) mod context;
pub(crate) mod detect;
pub(crate) mod env;
#[cfg(test)]
mod examples;
mod facts;
pub(crate) mod secret;
#[cfg(test)]
mod secret_tests;

use minijinja::value::Value;
use minijinja::{Environment, Expression};

use crate::Pos;
use crate::decide::{Finding, Severity, Waived};
use crate::parse::change::{Change, Risk};
use crate::parse::checklist::{AssertFile, ChecklistFile, Examples, Level, SeverityFile, pos};
use crate::parse::markdown::BodyConfig;
use crate::parse::policy::{ConfigError, Policy, RuleSetting};
use detect::{Detector, Files, Hit, Input};
use serde_saphyr::Spanned;

/// A compiled rule.
pub struct Rule {
    /// Stable kebab-case id.
    pub id: String,
    /// One line.
    pub title: String,
    /// Level by risk (low, medium, high).
    pub levels: [Level; 3],
    /// What goes wrong without this rule.
    pub why: String,
    /// What to write.
    pub fix: String,
    /// Bad and good examples.
    pub examples: Option<Examples>,
    when: Option<usize>,
    asserts: Vec<Assertion>,
}

impl Rule {
    /// The level at `risk`.
    pub fn level(&self, risk: Risk) -> Level {
        self.levels[risk as usize]
    }

    /// Whether the rule judges a whole range (`change-required`) rather than one
    /// change description.
    pub fn judges_ranges(&self) -> bool {
        self.asserts.iter().any(|a| matches!(a.check, Check::Range))
    }
}

enum Check {
    Expr(usize, Vec<String>),
    Detector(Box<dyn Detector>),
    /// `change-required`: judged per range by [`Engine::change_required`].
    Range,
}

struct Assertion {
    check: Check,
    message: Option<String>,
    when: Option<usize>,
    /// What it matches is a secret (`patterns` with `redact: true`).
    redact: bool,
}

/// An assertion's place: (checklist, rule, assertion), each an index.
type AssertionAt = (usize, usize, usize);

/// What the `redact` assertions found in one change, before any other ran.
#[derive(Default)]
struct Redacted {
    /// Their hits, by assertion.
    hits: Vec<(AssertionAt, Vec<Hit>)>,
    /// The secrets those hits matched.
    secrets: Vec<String>,
}

impl Redacted {
    /// The hits of the assertion `at`, taken out.
    fn take(&mut self, at: AssertionAt) -> Vec<Hit> {
        self.hits
            .iter_mut()
            .find(|(a, _)| *a == at)
            .map(|(_, hits)| std::mem::take(hits))
            .unwrap_or_default()
    }
}

/// One change after checking.
pub struct Checked {
    /// The findings, with no secret in any message.
    pub findings: Vec<Finding>,
    /// The change as outputs may show it: with every secret a `redact` assertion
    /// found masked in place.
    pub change: Change,
    /// The blockers its `waivers:` waive, no longer among `findings`.
    pub waived: Vec<Waived>,
}

/// The engine with its expressions compiled, for checking many changes in one run.
pub struct Evaluator<'e> {
    engine: &'e Engine,
    exprs: Vec<Option<Expression<'e, 'static>>>,
}

impl Evaluator<'_> {
    /// Checks one change, like [`Engine::check`] without compiling anything again,
    /// and gives it back as outputs may show it (secrets masked).
    pub fn check(&self, change: Change, files: &dyn Files) -> Checked {
        let (findings, masked) = self.engine.check_with(&self.exprs, &change, files);
        let change = masked.unwrap_or(change);
        let (findings, waived) = self.engine.waive(&change, findings);
        Checked {
            findings,
            change,
            waived,
        }
    }
}

/// A compiled checklist.
pub struct Checklist {
    /// Its name.
    pub name: String,
    /// The file it came from.
    pub path: String,
    /// What it is for.
    pub description: String,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    vars: Value,
}

/// The compiled checklists, the policy overrides and the time checks are judged at.
pub struct Engine {
    env: Environment<'static>,
    exprs: Vec<String>,
    /// Compiled checklists, in order of application.
    pub checklists: Vec<Checklist>,
    overrides: Vec<(String, RuleSetting)>,
    kinds: Vec<String>,
    body: BodyConfig,
    now: jiff::Timestamp,
    type_floors: std::collections::BTreeMap<String, Risk>,
    path_floor: Option<Floor>,
    unwaivable: Vec<String>,
}

/// How many findings one assertion reports in one change before it counts the rest.
pub(crate) const MAX_HITS: usize = 50;

/// A least risk, and what sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Floor {
    /// The least risk.
    pub risk: Risk,
    /// What sets it: "`migrations/**`" or "type `migration`".
    pub by: String,
}

fn compile_levels(path: &str, sev: &Spanned<SeverityFile>) -> Result<[Level; 3], ConfigError> {
    match &sev.value {
        SeverityFile::One(l) => Ok([*l; 3]),
        SeverityFile::ByRisk(map) => {
            let mut levels = [Level::Off; 3];
            for (risk, level) in map {
                let r = Risk::parse(risk).ok_or_else(|| {
                    ConfigError::new(
                        path,
                        pos(sev),
                        format!("unknown risk `{risk}` in severity; use low, medium, high"),
                    )
                })?;
                levels[r as usize] = *level;
            }
            Ok(levels)
        }
    }
}

impl Engine {
    /// Compiles `checklists` (already parsed) under `policy`, judging time at `now`.
    pub fn new(
        policy: &Policy,
        checklists: Vec<(String, ChecklistFile)>,
        now: jiff::Timestamp,
    ) -> Result<Engine, ConfigError> {
        let mut engine = Engine {
            env: env::environment(now, policy.freeze.clone()),
            exprs: Vec::new(),
            checklists: Vec::new(),
            overrides: policy
                .rules
                .iter()
                .map(|(id, s, _)| (id.clone(), *s))
                .collect(),
            kinds: policy
                .body
                .section_aliases
                .iter()
                .map(|(k, _)| k.clone())
                .collect(),
            body: policy.body.clone(),
            type_floors: policy.risk_floor_by_type.clone(),
            path_floor: None,
            unwaivable: policy.unwaivable.clone(),
            now,
        };
        for (path, file) in checklists {
            let compiled = engine.compile_checklist(&path, file)?;
            engine.checklists.retain(|c| c.name != compiled.name);
            engine.checklists.push(compiled);
        }
        for (id, _, at) in &policy.rules {
            if engine.rule(id).is_none() {
                return Err(ConfigError::new(
                    &policy.source,
                    *at,
                    format!("`rules` names `{id}`, which no active checklist defines"),
                ));
            }
        }
        Ok(engine)
    }

    fn expr(&mut self, path: &str, source: &Spanned<String>) -> Result<usize, ConfigError> {
        self.env.compile_expression(&source.value).map_err(|e| {
            ConfigError::new(
                path,
                pos(source),
                format!("invalid expression `{}`: {e}", source.value),
            )
        })?;
        self.exprs.push(source.value.clone());
        Ok(self.exprs.len() - 1)
    }

    /// Compiles a message template once, kept under its own source as its name, so
    /// that rendering a finding looks it up instead of parsing it again.
    fn message(&mut self, path: &str, at: Pos, template: &str) -> Result<(), ConfigError> {
        if self
            .env
            .add_template_owned(template.to_string(), template.to_string())
            .is_ok()
        {
            return Ok(());
        }
        // Compiled again only to report the error as an unnamed template.
        self.env
            .template_from_str(template)
            .map(|_| ())
            .map_err(|e| ConfigError::new(path, at, format!("invalid message template: {e}")))
    }

    fn compile_assert(
        &mut self,
        path: &str,
        rule_pos: Pos,
        a: AssertFile,
    ) -> Result<Assertion, ConfigError> {
        let kinds = [
            a.expr.is_some(),
            a.patterns.is_some(),
            a.steps.is_some(),
            a.parameters.is_some(),
            a.repo_files.is_some(),
            a.required_fields.is_some(),
            a.field_types.is_some(),
            a.unknown_fields.is_some(),
            a.commands.is_some(),
            a.requires.is_some(),
            a.change_required.is_some(),
        ];
        let at = a.expr.as_ref().map_or(rule_pos, pos);
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(ConfigError::new(
                path,
                at,
                "each assertion has exactly one of: expr, patterns, steps, parameters, repo-files, required-fields, field-types, unknown-fields, commands, requires, change-required",
            ));
        }
        let redact = a.patterns.as_ref().is_some_and(|p| p.redact);
        let check = if let Some(e) = &a.expr {
            Check::Expr(
                self.expr(path, e)?,
                a.at.clone().map(|x| x.into_vec()).unwrap_or_default(),
            )
        } else if let Some(p) = &a.patterns {
            for m in p.patterns.iter().filter_map(|p| p.message.as_deref()) {
                self.message(path, at, m)?;
            }
            Check::Detector(Box::new(detect::Patterns::compile(path, p)?))
        } else if let Some(s) = &a.steps {
            Check::Detector(Box::new(detect::Steps::compile(path, s)?))
        } else if let Some(p) = &a.parameters {
            Check::Detector(Box::new(detect::Parameters::compile(path, p)?))
        } else if let Some(r) = &a.repo_files {
            Check::Detector(Box::new(detect::RepoFiles::compile(path, r)?))
        } else if let Some(r) = &a.required_fields {
            Check::Detector(Box::new(detect::RequiredFields::compile(r)))
        } else if let Some(t) = &a.field_types {
            Check::Detector(Box::new(detect::FieldTypes::compile(path, t)?))
        } else if let Some(u) = &a.unknown_fields {
            Check::Detector(Box::new(detect::UnknownFields::compile(u)))
        } else if let Some(c) = &a.commands {
            for m in c.table.iter().filter_map(|e| e.message.as_deref()) {
                self.message(path, at, m)?;
            }
            Check::Detector(Box::new(detect::Commands::compile(path, c)?))
        } else if let Some(r) = &a.requires {
            Check::Detector(Box::new(detect::Requires::compile(path, r)?))
        } else if a.change_required.is_some() {
            Check::Range
        } else {
            return Err(ConfigError::new(path, at, "empty assertion"));
        };
        if let Some(m) = &a.message {
            self.message(path, pos(m), &m.value)?;
        }
        let when = a.when.as_ref().map(|w| self.expr(path, w)).transpose()?;
        Ok(Assertion {
            check,
            message: a.message.map(|m| m.value),
            when,
            redact,
        })
    }

    fn compile_checklist(
        &mut self,
        path: &str,
        file: ChecklistFile,
    ) -> Result<Checklist, ConfigError> {
        let mut rules = Vec::new();
        for r in file.rules {
            let rule_pos = pos(&r.id);
            let id = r.id.value.clone();
            if self.rule(&id).is_some() || rules.iter().any(|x: &Rule| x.id == id) {
                let other = self
                    .checklists
                    .iter()
                    .find(|c| c.rules.iter().any(|x| x.id == id))
                    .map(|c| c.name.as_str());
                if other != Some(file.checklist.value.as_str()) {
                    return Err(ConfigError::new(
                        path,
                        rule_pos,
                        format!(
                            "rule id `{id}` is already defined by checklist `{}`",
                            other.unwrap_or("?")
                        ),
                    ));
                }
            }
            let when = r.when.as_ref().map(|w| self.expr(path, w)).transpose()?;
            let levels = compile_levels(path, &r.severity)?;
            let asserts = r
                .asserts
                .into_iter()
                .map(|a| self.compile_assert(path, rule_pos, a))
                .collect::<Result<_, _>>()?;
            rules.push(Rule {
                id,
                title: r.title,
                levels,
                why: r.why,
                fix: r.fix,
                examples: r.examples,
                when,
                asserts,
            });
        }
        Ok(Checklist {
            name: file.checklist.value,
            path: path.to_string(),
            description: file.description,
            rules,
            vars: Value::from(minijinja::value::Serde(&file.vars)),
        })
    }

    /// Finds a rule by id, with its checklist.
    pub fn rule(&self, id: &str) -> Option<(&Checklist, &Rule)> {
        self.checklists
            .iter()
            .find_map(|c| c.rules.iter().find(|r| r.id == id).map(|r| (c, r)))
    }

    /// The severity of `rule` for `risk` after policy overrides; `None` when off.
    fn severity(&self, rule: &Rule, risk: Risk) -> Option<Severity> {
        let base = match rule.level(risk) {
            Level::Off => return None,
            Level::Advice => Severity::Advice,
            Level::Warning => Severity::Warning,
            Level::Blocker => Severity::Blocker,
        };
        match self
            .overrides
            .iter()
            .find(|(id, _)| *id == rule.id)
            .map(|(_, s)| *s)
        {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Advice) => Some(Severity::Advice),
            Some(RuleSetting::Warning) => Some(Severity::Warning),
            Some(RuleSetting::Blocker) => Some(Severity::Blocker),
            None => Some(base),
        }
    }

    /// Sets the least risk every change of this run is judged at, from the paths the
    /// range touches (`risk_floor`).
    pub fn set_path_floor(&mut self, floor: Option<Floor>) {
        self.path_floor = floor;
    }

    /// The highest floor that applies to `change`: the run's path floor, or its
    /// type's (`risk_floor_by_type`).
    pub fn floor(&self, change: &Change) -> Option<Floor> {
        let by_type = change.field("type").and_then(|kind| {
            let kind = kind.trim().to_lowercase();
            self.type_floors.get(&kind).map(|risk| Floor {
                risk: *risk,
                by: format!("type `{kind}`"),
            })
        });
        match (by_type, &self.path_floor) {
            (Some(t), Some(p)) if p.risk > t.risk => Some(p.clone()),
            (Some(t), _) => Some(t),
            (None, p) => p.clone(),
        }
    }

    /// The risk `change` is judged at: its declared risk (high when it gives none
    /// or an invalid one), raised to its [`floor`](Self::floor).
    pub fn judged_risk(&self, change: &Change) -> Risk {
        let declared = change.risk().unwrap_or(Risk::High);
        self.floor(change)
            .map_or(declared, |f| declared.max(f.risk))
    }

    /// Applies the change's `waivers:` (`[{rule, reason}]`) to its findings: each
    /// waived blocker leaves the findings for the returned list (it needs a
    /// bar-raiser approval instead). A waiver for a rule that did not fire, or that
    /// the policy makes `unwaivable`, is itself an `invalid-waiver` finding; one
    /// without a reason waives nothing (the `invalid-waiver` rule's assertion
    /// reports it).
    fn waive(&self, change: &Change, mut findings: Vec<Finding>) -> (Vec<Finding>, Vec<Waived>) {
        let Some(crate::parse::yaml::Value::Seq(items)) =
            change.front.get("waivers").map(|n| &n.value)
        else {
            return (findings, Vec::new());
        };
        let invalid = self.checklists.iter().find_map(|list| {
            let rule = list.rules.iter().find(|r| r.id == "invalid-waiver")?;
            let severity = self.severity(rule, self.judged_risk(change))?;
            Some((list, rule, severity))
        });
        let mut waived = Vec::new();
        let mut problems = Vec::new();
        for item in items {
            let text = |key: &str| {
                item.get(key)
                    .and_then(|n| n.as_text())
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
            };
            let (Some(rule), Some(reason)) = (text("rule"), text("reason")) else {
                continue;
            };
            if self.unwaivable.contains(&rule) {
                problems.push((
                    item.pos,
                    format!("`{rule}` cannot be waived: the policy lists it under `unwaivable`"),
                ));
                continue;
            }
            let fired = findings
                .iter()
                .any(|f| f.rule == rule && f.severity == Severity::Blocker);
            if !fired {
                problems.push((
                    item.pos,
                    format!(
                        "the waiver of `{rule}` waives nothing: the rule does not block this change"
                    ),
                ));
                continue;
            }
            findings.retain(|f| {
                if f.rule != rule {
                    return true;
                }
                waived.push(Waived {
                    rule: f.rule.clone(),
                    reason: reason.clone(),
                    message: f.message.clone(),
                    line: f.line,
                });
                false
            });
        }
        if let Some((list, rule, severity)) = invalid {
            for (pos, message) in problems {
                findings.push(Finding {
                    rule: rule.id.clone(),
                    checklist: list.name.clone(),
                    severity,
                    message,
                    line: pos.line,
                    column: pos.column,
                    fix: rule.fix.trim().to_string(),
                });
            }
        }
        findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
        (findings, waived)
    }

    /// The findings for a range that touched `trigger` (it matches the policy's
    /// `glob`; `how` says how it changed) and owns no change description under
    /// `changes_dir` (`edited` lists those it only reformats): one for each
    /// `change-required` assertion of a rule that is on. A range declares no risk,
    /// so its rules are judged at high risk, as a change without one is.
    pub fn change_required(
        &self,
        trigger: &str,
        glob: &str,
        changes_dir: &str,
        how: &str,
        edited: &str,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        for list in &self.checklists {
            for rule in &list.rules {
                let Some(severity) = self.severity(rule, Risk::High) else {
                    continue;
                };
                for a in rule
                    .asserts
                    .iter()
                    .filter(|a| matches!(a.check, Check::Range))
                {
                    let ctx = minijinja::context! {
                        trigger, glob, changes_dir, how, edited, vars => list.vars.clone()
                    };
                    let template = a.message.as_deref().unwrap_or(&rule.title);
                    let message = match self.env.get_template(template) {
                        Ok(compiled) => compiled.render(ctx),
                        Err(_) => self.env.render_str(template, ctx),
                    }
                    .unwrap_or_else(|_| rule.title.clone());
                    findings.push(Finding {
                        rule: rule.id.clone(),
                        checklist: list.name.clone(),
                        severity,
                        message: message.trim().to_string(),
                        line: 0,
                        column: 0,
                        fix: rule.fix.trim().to_string(),
                    });
                }
            }
        }
        findings
    }

    /// Compiles every expression once, for checking many changes.
    pub fn evaluator(&self) -> Evaluator<'_> {
        Evaluator {
            engine: self,
            exprs: self
                .exprs
                .iter()
                .map(|source| self.env.compile_expression_owned(source.clone()).ok())
                .collect(),
        }
    }

    /// Checks one change. Expressions that fail at run time become findings, never panics.
    pub fn check(&self, change: &Change, files: &dyn Files) -> Vec<Finding> {
        self.evaluator().check(change.clone(), files).findings
    }

    /// What every `redact` assertion finds in `input`. Run whatever the rule's
    /// severity or condition: a secret is masked even where its rule is off.
    fn redacted(&self, input: &Input<'_>) -> Redacted {
        let mut out = Redacted::default();
        for (l, list) in self.checklists.iter().enumerate() {
            for (r, rule) in list.rules.iter().enumerate() {
                for (a, assertion) in rule.asserts.iter().enumerate() {
                    if let (true, Check::Detector(d)) = (assertion.redact, &assertion.check) {
                        let hits = d.detect(input);
                        out.secrets
                            .extend(hits.iter().filter_map(|h| h.secret.clone()));
                        out.hits.push(((l, r, a), hits));
                    }
                }
            }
        }
        out
    }

    fn check_with(
        &self,
        compiled: &[Option<Expression<'_, 'static>>],
        original: &Change,
        files: &dyn Files,
    ) -> (Vec<Finding>, Option<Change>) {
        // Secrets first: every other assertion then reads the change with them
        // masked, so that no message (a quoted sentence, a step summary, a field
        // value) can repeat one.
        let mut redacted = self.redacted(&Input {
            change: original,
            files,
        });
        let secrets = std::mem::take(&mut redacted.secrets);
        let masked = (!secrets.is_empty())
            .then(|| original.rewritten(secret::mask(&original.source, &secrets), &self.body));
        let change = masked.as_ref().unwrap_or(original);
        let risk = self.judged_risk(change);
        let kinds: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
        let base = Value::from(minijinja::value::Serde(context::build(
            change, risk, &kinds, self.now,
        )));
        let input = Input { change, files };
        let mut findings: Vec<Finding> = Vec::new();
        // Per rule, the places found past MAX_HITS, said on its last finding.
        let mut unreported: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        for (l, list) in self.checklists.iter().enumerate() {
            let ctx = minijinja::context! { vars => list.vars.clone(), ..base.clone() };
            for (r, rule) in list.rules.iter().enumerate() {
                let Some(severity) = self.severity(rule, risk) else {
                    continue;
                };
                if let Some(w) = rule.when {
                    match self.truthy(compiled, w, &ctx) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(e) => {
                            findings.push(self.broken(list, rule, change, &e));
                            continue;
                        }
                    }
                }
                for (i, a) in rule.asserts.iter().enumerate() {
                    if let Some(w) = a.when
                        && !self.truthy(compiled, w, &ctx).unwrap_or(false)
                    {
                        continue;
                    }
                    let hits = match &a.check {
                        Check::Range => Vec::new(),
                        Check::Detector(_) if a.redact => redacted.take((l, r, i)),
                        Check::Detector(d) => d.detect(&input),
                        Check::Expr(e, at) => match self.truthy(compiled, *e, &ctx) {
                            Ok(true) => Vec::new(),
                            Ok(false) => vec![Hit {
                                pos: self.locate(change, at),
                                ..Hit::default()
                            }],
                            Err(err) => {
                                findings.push(self.broken(list, rule, change, &err));
                                continue;
                            }
                        },
                    };
                    // A rule reports at most MAX_HITS places in one change, then says
                    // how many more: a hostile text that repeats a match thousands of
                    // times costs a bounded report.
                    let more = hits.len().saturating_sub(MAX_HITS);
                    for hit in hits.into_iter().take(MAX_HITS) {
                        let template = hit
                            .message
                            .as_deref()
                            .or(a.message.as_deref())
                            .unwrap_or(&rule.title);
                        let vars: std::collections::BTreeMap<&str, &str> =
                            hit.vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        let msg_ctx = minijinja::context! { ..Value::from(minijinja::value::Serde(&vars)), ..ctx.clone() };
                        let message = match self.env.get_template(template) {
                            Ok(compiled) => compiled.render(msg_ctx),
                            Err(_) => self.env.render_str(template, msg_ctx),
                        }
                        .unwrap_or_else(|_| rule.title.clone());
                        findings.push(Finding {
                            rule: rule.id.clone(),
                            checklist: list.name.clone(),
                            severity,
                            // Whatever a template quoted, a secret never leaves in full.
                            message: secret::hide(message.trim(), &secrets),
                            line: hit.pos.line,
                            column: hit.pos.column,
                            fix: rule.fix.trim().to_string(),
                        });
                    }
                    if more > 0 {
                        *unreported.entry(rule.id.clone()).or_insert(0) += more;
                    }
                }
            }
        }
        // One finding per rule and line: a specific message beats a generic one for the same spot.
        let mut seen = std::collections::HashSet::new();
        findings.retain(|f| seen.insert((f.rule.clone(), f.line)));
        findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
        // The count of places past the cap goes on the rule's last finding that is
        // kept, wherever its hits were (all on one line, too).
        for (rule, more) in unreported {
            if let Some(last) = findings.iter_mut().rev().find(|f| f.rule == rule) {
                last.message
                    .push_str(&format!(" (and {more} more like it in this change)"));
            }
        }
        (findings, masked)
    }

    fn truthy(
        &self,
        compiled: &[Option<Expression<'_, 'static>>],
        expr: usize,
        ctx: &Value,
    ) -> Result<bool, minijinja::Error> {
        if let Some(Some(compiled)) = compiled.get(expr) {
            return Ok(compiled.eval(ctx.clone())?.is_true());
        }
        let source = self.exprs.get(expr).map_or("false", String::as_str);
        Ok(self
            .env
            .compile_expression(source)?
            .eval(ctx.clone())?
            .is_true())
    }

    fn locate(&self, change: &Change, at: &[String]) -> Pos {
        for target in at {
            if let Some(kind) = target.strip_prefix("section:") {
                if let Some(s) = change.section(kind) {
                    return change.pos(s.offset);
                }
            } else if change.front.path(target).is_some() {
                return detect::fields_pos(change, target);
            }
        }
        match at.first() {
            Some(first) if !first.starts_with("section:") => detect::fields_pos(change, first),
            _ => change.front_pos,
        }
    }

    fn broken(
        &self,
        list: &Checklist,
        rule: &Rule,
        change: &Change,
        err: &minijinja::Error,
    ) -> Finding {
        Finding {
            rule: rule.id.clone(),
            checklist: list.name.clone(),
            severity: Severity::Blocker,
            message: format!(
                "could not evaluate this rule ({err}); fix the checklist `{}`",
                list.path
            ),
            line: change.front_pos.line,
            column: change.front_pos.column,
            fix: rule.fix.trim().to_string(),
        }
    }
}
