//! Every embedded rule proves its own examples: its `examples.bad`, set into an
//! otherwise good change, produces the rule, and its `examples.good` does not. A
//! rule without working examples fails the build, as ruff and zizmor keep theirs.
//!
//! An example is a front-matter fragment (`pipeline: ...`), a whole front matter
//! (`---` ... `---`), a body with `##` sections (it replaces the whole body), a
//! numbered list of steps (it replaces the Steps), a sentence (it joins the
//! Summary), or a command line (it becomes a step's command). A repository file an
//! example says is committed (`# committed at scripts/x.sh`) exists; no other does.
//!
//! A rule that judges a whole range (`change-required`) cannot be shown by one file:
//! its examples list the paths a pull request changes, one a line (`#` starts a
//! comment), and they are judged as a range is, under the embedded policy's
//! `require_change_for`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use super::Engine;
use crate::parse::change::{Risk, parse_change};
use crate::parse::checklist::{EMBEDDED, Level, parse_checklist};
use crate::parse::markdown::BodyConfig;
use crate::parse::policy::Policy;
use crate::parse::reading::Reading;
use crate::read::Files;

/// A change that no embedded rule blocks or warns about at any risk, judged at
/// [`NOW`].
const BASE_FRONT: &str = r#"title: Ship orders 4.2 with cursor pagination
service: orders
owner: "@acme/orders-oncall"
risk: high
type: deploy
window:
  start: 2026-12-01T18:00:00Z
  end: 2026-12-01T20:00:00Z
pipeline:
  name: orders-release
  stages: [beta, gamma, prod-onebox, prod]
  bake_time: 2h
  alarms: [orders-5xx-rate, orders-p99-latency]
automation:
  executed_by: pipeline
rollback:
  trigger: "orders-5xx-rate above 1% for 5 minutes"
  estimated_minutes: 15
  tested_on: 2026-11-10
parameters:
  RELEASE: orders-4.2.0
  PREVIOUS: orders-4.1.9
  NAMESPACE: notify
  BUCKET: reports-archive
  CLUSTER: sessions-cache
"#;

const BASE_SUMMARY: &str = "Ships orders 4.2.0 with cursor pagination (ticket ORD-311).\n";

const BASE_STEPS: &str = r#"1. Start the release in the pipeline:
   ```sh
   pipectl promote orders-release --version "$RELEASE"
   ```
   Expect: `prod: succeeded` for `orders-4.2.0`.
"#;

const BASE_REST: &str = r#"
## Verification
1. Read the active version:
   ```sh
   curl -s https://orders.acme.example/version
   ```
   Expect: `4.2.0`.

## Rollback
1. Redeploy the previous version:
   ```sh
   pipectl rollback orders-release --to "$PREVIOUS"
   ```
   Expect: `prod: succeeded` for `orders-4.1.9` within 15 minutes.
"#;

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_176_000;

/// Top-level front-matter blocks, in order: (key, the block's lines).
fn blocks(yaml: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in yaml.lines() {
        let top = !line.starts_with([' ', '\t', '-']) && line.contains(':');
        match out.last_mut() {
            Some((_, block)) if !top => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {
                let key = line.split(':').next().unwrap_or("").trim().to_string();
                out.push((key, format!("{line}\n")));
            }
        }
    }
    out
}

/// Maps of free-form names, to which an example adds.
const MERGED: &[&str] = &["parameters", "links"];

/// For [`MERGED`] keys, the base block with the fragment's second-level keys added
/// (so `parameters: {X: ...}` declares X too); any other block replaces the base's.
fn merge_block(base: &str, fragment: &str) -> String {
    let nested = |block: &str| {
        let mut lines = block.lines();
        let head = lines.next().unwrap_or("").to_string();
        let inner: String = lines
            .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
            .collect();
        (head, inner)
    };
    if !MERGED.iter().any(|k| base.starts_with(&format!("{k}:"))) {
        return fragment.to_string();
    }
    let (head, base_inner) = nested(base);
    let (fragment_head, fragment_inner) = nested(fragment);
    if head.trim_end() != head.split(':').next().unwrap_or("").to_string() + ":"
        || fragment_head.trim_end() != head.trim_end()
        || fragment_inner.trim().is_empty()
    {
        return fragment.to_string();
    }
    let mut children = blocks(&base_inner);
    for (key, child) in blocks(&fragment_inner) {
        match children.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = child,
            None => children.push((key, child)),
        }
    }
    let inner: String = children
        .into_iter()
        .flat_map(|(_, b)| b.lines().map(|l| format!("  {l}\n")).collect::<Vec<_>>())
        .collect();
    format!("{head}\n{inner}")
}

fn looks_like_yaml(example: &str) -> bool {
    let first = example.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let key = first.split(':').next().unwrap_or("");
    first.contains(':')
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
}

/// The example set into the good base change, at `risk`.
fn change_for(example: &str, risk: Risk) -> String {
    let risk_line = format!("risk: {}", risk.as_str());
    let body = |summary: &str, steps: &str| {
        format!("\n## Summary\n{BASE_SUMMARY}{summary}\n## Steps\n{steps}{BASE_REST}")
    };
    if let Some(rest) = example.strip_prefix("---\n") {
        return format!("---\n{rest}\n");
    }
    if looks_like_yaml(example) {
        let mut merged = blocks(BASE_FRONT);
        for (key, block) in blocks(example) {
            match merged.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = merge_block(&slot.1, &block),
                None => merged.push((key, block)),
            }
        }
        let front: String = merged.into_iter().map(|(_, b)| b).collect();
        let front = front.replacen("risk: high", &risk_line, 1);
        return format!("---\n{front}---\n{}", body("", BASE_STEPS));
    }
    let front = BASE_FRONT.replacen("risk: high", &risk_line, 1);
    let first = example.trim_start();
    let text = if example.lines().any(|l| l.starts_with("## ")) {
        format!("\n{example}")
    } else if first.starts_with(|c: char| c.is_ascii_digit()) {
        body("", example)
    } else if first.starts_with(|c: char| c.is_ascii_uppercase())
        && example.trim_end().ends_with(['.', ')'])
        && !example.trim().contains('\n')
    {
        body(&format!("\n{example}"), BASE_STEPS)
    } else {
        let code: String = example.lines().map(|l| format!("   {l}\n")).collect();
        body(
            "",
            &format!(
                "1. Run the command:\n   ```sh\n{code}   ```\n   Expect: `done` and exit status 0.\n"
            ),
        )
    };
    format!("---\n{front}---\n{text}")
}

/// Files an example says are committed.
struct Committed(Vec<String>);

impl Files for Committed {
    fn exists(&self, path: &str) -> bool {
        self.0.iter().any(|p| p == path)
    }
    fn label(&self) -> String {
        "example".into()
    }
}

fn committed(example: &str) -> Committed {
    Committed(
        example
            .split("committed at ")
            .skip(1)
            .filter_map(|rest| rest.split_whitespace().next())
            .map(str::to_string)
            .collect(),
    )
}

fn embedded() -> (Policy, Engine) {
    // The embedded policy with the end-of-year freeze of SPEC's example.
    let mut policy = Policy::from_repo(
        ".barraiser.yaml",
        "freeze:\n  - { start: 2026-12-20T00:00:00Z, end: 2027-01-04T00:00:00Z, reason: End-of-year freeze }\n",
    )
    .unwrap();
    let files: Vec<_> = EMBEDDED
        .iter()
        .map(|(_, path, text)| ((*path).to_string(), parse_checklist(path, text).unwrap()))
        .collect();
    policy.body.reading = Reading::compile(
        files
            .iter()
            .filter_map(|(p, f)| f.reading.as_ref().map(|r| (p.as_str(), r))),
    )
    .unwrap()
    .into();
    let engine = Engine::new(&policy, files, jiff::Timestamp::from_second(NOW).unwrap()).unwrap();
    (policy, engine)
}

/// The findings of the range rule `rule` for a range that changes the paths the
/// example lists, as `run::check_changed` judges a range.
fn range_findings(policy: &Policy, engine: &Engine, rule: &str, example: &str) -> Vec<String> {
    let paths: Vec<String> = example
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let Some((trigger, glob)) = policy.missing_change(&paths) else {
        return Vec::new();
    };
    engine
        .change_required(trigger, glob, &policy.changes_dir, "changed", "")
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{}:{} {}", f.line, f.column, f.message))
        .collect()
}

/// The findings of `rule` for `example` set into the base change.
fn findings(
    body: &BodyConfig,
    engine: &Engine,
    rule: &str,
    example: &str,
    risk: Risk,
) -> Vec<String> {
    let text = change_for(example, risk);
    let change = parse_change("changes/example.md", "0", &text, body).unwrap();
    engine
        .check(&change, &committed(example))
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{}:{} {}", f.line, f.column, f.message))
        .collect()
}

#[test]
fn the_base_change_passes_every_rule() {
    let (policy, engine) = embedded();
    let body = policy.body;
    for risk in Risk::ALL {
        let text = change_for(BASE_STEPS, risk);
        let change = parse_change("changes/example.md", "0", &text, &body).unwrap();
        let found: Vec<_> = engine
            .check(&change, &committed(""))
            .into_iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(found.is_empty(), "{risk:?}: {found:#?}\n{text}");
    }
}

#[test]
fn every_rule_proves_its_examples() {
    let (policy, engine) = embedded();
    let body = &policy.body;
    let mut failures = Vec::new();
    let mut snapshot: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for list in &engine.checklists {
        for rule in &list.rules {
            let id = format!("{}/{}", list.name, rule.id);
            let Some(examples) = &rule.examples else {
                failures.push(format!("{id}: no examples"));
                continue;
            };
            // The highest risk at which the rule is on.
            let Some(risk) = Risk::ALL
                .into_iter()
                .rev()
                .find(|r| rule.level(*r) != Level::Off)
            else {
                failures.push(format!("{id}: off at every risk"));
                continue;
            };
            let judge = |example: &str| {
                if rule.judges_ranges() {
                    range_findings(&policy, &engine, &rule.id, example)
                } else {
                    findings(body, &engine, &rule.id, example, risk)
                }
            };
            let bad = judge(&examples.bad);
            if bad.is_empty() {
                let shown = if rule.judges_ranges() {
                    format!("a range changing:\n{}", examples.bad)
                } else {
                    change_for(&examples.bad, risk)
                };
                failures.push(format!("{id}: examples.bad does not produce it:\n{shown}"));
            }
            let good = judge(&examples.good);
            if !good.is_empty() {
                failures.push(format!("{id}: examples.good produces it: {good:?}"));
            }
            snapshot.insert(id, bad);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_debug_snapshot!("rule_examples", snapshot);
}
