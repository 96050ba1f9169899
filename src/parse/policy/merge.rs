//! Parsing a policy file over a base: the embedded default, or (extending) a central
//! policy that lists only add to and that nothing may lower.

use std::collections::BTreeMap;

use globset::GlobSet;
use serde_saphyr::Spanned;

use super::extends::{Central, Loosening};
use super::{Approvals, BodyConfig, ConfigError, Freeze, Policy, glob_set, pos_of};
use crate::Pos;
use crate::parse::change::Risk;
use crate::parse::markdown::normalize_heading;
use crate::parse::rotation::entries;

impl Policy {
    /// Parses `text` over `base`. With `tighten`, `base` is a central policy: lists add
    /// to it, and whatever would lower or remove one of its keys is an error.
    pub(super) fn parse(
        path: &str,
        text: &str,
        base: Option<Policy>,
        tighten: bool,
    ) -> Result<Policy, ConfigError> {
        let file = Policy::file(path, text)?;
        let err = |pos: Pos, msg: String| ConfigError::new(path, pos, msg);
        let mut policy = match base {
            Some(base) => base,
            None => Policy {
                source: String::new(),
                changes_dir: "changes".into(),
                require_change_for: Vec::new(),
                require_set: GlobSet::empty(),
                checklists: Vec::new(),
                bar_raisers: Vec::new(),
                approvals: Approvals {
                    low: 0,
                    medium: 1,
                    high: 2,
                },
                freeze: Vec::new(),
                risk_floor: Vec::new(),
                floor_set: GlobSet::empty(),
                risk_floor_by_type: BTreeMap::new(),
                unwaivable: Vec::new(),
                rules: Vec::new(),
                body: BodyConfig {
                    section_aliases: Vec::new(),
                    expectation_prefixes: Vec::new(),
                    reading: Default::default(),
                },
                default_branch: None,
                extends: None,
                central: None,
                rotation: None,
            },
        };
        let central_label = policy.source.clone();
        let loose = Loosening {
            path,
            central: &central_label,
        };
        if tighten {
            policy.central = Some(Central {
                label: central_label.clone(),
                checklists: policy.checklists.iter().map(|(c, _)| c.clone()).collect(),
            });
        }
        policy.source = path.to_string();
        if let Some(dir) = file.changes_dir {
            let dir = dir.trim_matches('/').to_string();
            if dir.is_empty() || crate::read::normalize(&dir).as_deref() != Some(dir.as_str()) {
                return Err(err(
                    Pos::default(),
                    format!("changes_dir `{dir}` must be a relative path inside the repository"),
                ));
            }
            policy.changes_dir = dir;
        }
        if let Some(globs) = file.require_change_for {
            let mut globs: Vec<(String, Pos)> = globs
                .into_iter()
                .map(|g| (g.value.clone(), pos_of(&g)))
                .collect();
            if tighten {
                // The central globs stay; the repository's add to them.
                let mut all: Vec<(String, Pos)> = policy
                    .require_change_for
                    .iter()
                    .map(|g| (g.clone(), Pos::default()))
                    .collect();
                all.extend(
                    globs
                        .into_iter()
                        .filter(|(g, _)| !policy.require_change_for.contains(g)),
                );
                globs = all;
            }
            policy.require_set = glob_set(path, globs.iter().map(|(g, at)| (g.as_str(), *at)))?;
            policy.require_change_for = globs.into_iter().map(|(g, _)| g).collect();
        }
        if let Some(lists) = file.checklists {
            let lists = lists.into_iter().map(|c| {
                let p = pos_of(&c);
                (c.value, p)
            });
            if tighten {
                for (c, at) in lists {
                    if !policy.checklists.iter().any(|(have, _)| *have == c) {
                        policy.checklists.push((c, at));
                    }
                }
            } else {
                policy.checklists = lists.collect();
            }
        }
        if let Some(logins) = file.bar_raisers {
            let mut roster = Vec::new();
            for l in &logins {
                let entry = entries(path, pos_of(l), std::slice::from_ref(&l.value))?;
                if tighten
                    && !policy
                        .bar_raisers
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(&entry[0]))
                {
                    return Err(loose.error(
                        pos_of(l),
                        format!("bar raiser `{}`", entry[0]),
                        format!(
                            "bar_raisers: [{}]; a repository may name fewer, never others",
                            policy.bar_raisers.join(", ")
                        ),
                    ));
                }
                roster.extend(entry);
            }
            policy.bar_raisers = roster;
        }
        if let Some(approvals) = file.approvals {
            let (at, new) = (pos_of(&approvals), approvals.value);
            if tighten {
                for risk in [Risk::Low, Risk::Medium, Risk::High] {
                    let (have, want) = (policy.approvals.needed(risk), new.needed(risk));
                    if want < have {
                        return Err(loose.error(
                            at,
                            format!("`approvals.{}: {want}`", risk.as_str()),
                            format!("{}: {have}", risk.as_str()),
                        ));
                    }
                }
            }
            policy.approvals = new;
        }
        if let Some(freezes) = file.freeze {
            if !tighten {
                policy.freeze.clear();
            }
            for f in freezes {
                let parse = |s: &Spanned<String>| {
                    s.value.trim().parse::<jiff::Timestamp>().map_err(|e| {
                        err(pos_of(s), format!("`{}` is not an RFC 3339 time with an offset (2026-12-20T00:00:00Z): {e}", s.value))
                    })
                };
                let (start, end) = (parse(&f.start)?, parse(&f.end)?);
                if end <= start {
                    return Err(err(
                        pos_of(&f.end),
                        "freeze end must be after its start".into(),
                    ));
                }
                policy.freeze.push(Freeze {
                    start,
                    end,
                    reason: f.reason,
                    allow: f.allow,
                });
            }
        }
        if let Some(floors) = file.risk_floor {
            let mut merged: Vec<(String, Pos, Risk)> = if tighten {
                policy
                    .risk_floor
                    .iter()
                    .map(|(g, r)| (g.clone(), Pos::default(), *r))
                    .collect()
            } else {
                Vec::new()
            };
            for (glob, risk) in floors {
                let at = pos_of(&risk);
                match merged.iter_mut().find(|(g, _, _)| *g == glob) {
                    Some((_, _, have)) if tighten => {
                        loose.floor(at, "risk_floor", &glob, risk.value, *have)?;
                        *have = risk.value;
                    }
                    _ => merged.push((glob, at, risk.value)),
                }
            }
            policy.floor_set = glob_set(path, merged.iter().map(|(g, at, _)| (g.as_str(), *at)))?;
            policy.risk_floor = merged.into_iter().map(|(g, _, r)| (g, r)).collect();
        }
        if let Some(floors) = file.risk_floor_by_type {
            if !tighten {
                policy.risk_floor_by_type.clear();
            }
            for (kind, risk) in floors {
                let kind = kind.trim().to_lowercase();
                if tighten && let Some(have) = policy.risk_floor_by_type.get(&kind) {
                    loose.floor(
                        pos_of(&risk),
                        "risk_floor_by_type",
                        &kind,
                        risk.value,
                        *have,
                    )?;
                }
                policy.risk_floor_by_type.insert(kind, risk.value);
            }
        }
        if let Some(rules) = file.unwaivable {
            if tighten {
                for rule in rules {
                    if !policy.unwaivable.contains(&rule) {
                        policy.unwaivable.push(rule);
                    }
                }
            } else {
                policy.unwaivable = rules;
            }
        }
        if let Some(rules) = file.rules {
            if !tighten {
                policy.rules.clear();
            }
            for (id, s) in rules {
                let at = pos_of(&s);
                let have = policy.rules.iter().position(|(r, _, _)| *r == id);
                if tighten {
                    loose.rule(at, &id, s.value, have.map(|i| policy.rules[i].1))?;
                }
                match have {
                    Some(i) => policy.rules[i] = (id, s.value, at),
                    None => policy.rules.push((id, s.value, at)),
                }
            }
        }
        if let Some(sections) = file.sections {
            for (kind, aliases) in sections {
                let aliases: Vec<String> = aliases.iter().map(|a| normalize_heading(a)).collect();
                match policy
                    .body
                    .section_aliases
                    .iter_mut()
                    .find(|(k, _)| *k == kind)
                {
                    // Extending, more names for a section only help find it.
                    Some((_, list)) if tighten => {
                        for alias in aliases {
                            if !list.contains(&alias) {
                                list.push(alias);
                            }
                        }
                    }
                    Some((_, list)) => *list = aliases,
                    None => policy.body.section_aliases.push((kind, aliases)),
                }
            }
        }
        if let Some(prefixes) = file.expectation_prefixes {
            let at = prefixes.first().map(pos_of).unwrap_or_default();
            let prefixes: Vec<String> = prefixes.into_iter().map(|p| p.value).collect();
            if tighten && prefixes != policy.body.expectation_prefixes {
                return Err(loose.error(
                    at,
                    "`expectation_prefixes`".into(),
                    "more prefixes make more text count as an expectation".into(),
                ));
            }
            policy.body.expectation_prefixes = prefixes;
        }
        if file.default_branch.is_some() {
            policy.default_branch = file.default_branch;
        }
        if let Some(rotation) = file.rotation {
            if tighten && policy.rotation.is_some() {
                return Err(loose.error(
                    rotation.pos(),
                    "`rotation`".into(),
                    "the department's rotation is set there".into(),
                ));
            }
            policy.rotation = Some(rotation.validate(path)?);
        }
        Ok(policy)
    }
}
