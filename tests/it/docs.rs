//! Generated documentation stays in sync with what the binary embeds:
//! `docs/rules.md` from the checklists, `docs/schema/*.json` from the schemas,
//! and the set of rule ids (snapshotted, so a rename shows in review).
//!
//! `BARRAISER_UPDATE_DOCS=1 cargo test --test it docs::` rewrites the files.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::support::bin;

use std::path::Path;

fn updating() -> bool {
    std::env::var_os("BARRAISER_UPDATE_DOCS").is_some_and(|v| v == "1")
}

/// Compares the committed `rel` with `generated`, or rewrites it when updating.
fn in_sync(rel: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{rel} is out of date: run `BARRAISER_UPDATE_DOCS=1 cargo test --test it docs::` and commit the result"
    );
}

#[test]
fn rules_md_is_up_to_date() {
    in_sync(
        barraiser::docs::RULES_PATH,
        &barraiser::docs::rules_markdown().unwrap(),
    );
}

#[test]
fn schema_files_are_up_to_date() {
    for (path, text) in barraiser::docs::schema_files().unwrap() {
        in_sync(path, &text);
    }
}

#[test]
fn every_rule_is_documented_with_why_fix_and_examples() {
    let md = barraiser::docs::rules_markdown().unwrap();
    for id in barraiser::docs::rule_ids().unwrap() {
        let (_, rule) = id.split_once('/').unwrap();
        let heading = format!("\n### {rule}\n");
        let at = md
            .find(&heading)
            .unwrap_or_else(|| panic!("no section for {id}"));
        let entry = &md[at + heading.len()..];
        let entry = &entry[..entry.find("\n### ").unwrap_or(entry.len())];
        for part in [
            "Severity: low: ",
            "**Why.** ",
            "**Fix.** ",
            "Instead of:",
            "Write:",
        ] {
            assert!(entry.contains(part), "{id} has no {part:?}:\n{entry}");
        }
        assert!(
            md.contains(&format!("| [`{rule}`](#{rule}) |")),
            "{id} not in the table"
        );
    }
}

#[test]
fn rule_ids_are_stable() {
    let ids = barraiser::docs::rule_ids().unwrap().join("\n");
    crate::support::assert_snapshot("docs__rule_ids", &ids);
}

#[test]
fn the_schema_command_prints_the_committed_schemas() {
    let dir = tempfile::tempdir().unwrap();
    for which in ["change", "policy", "checklist"] {
        let out = bin::run(dir.path(), &["schema", which]);
        out.assert_code(0);
        let committed: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/schema/{which}.json")),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(out.json(), committed, "barraiser schema {which}");
    }
}

/// YAML text as JSON, for schema validation.
fn yaml_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn the_embedded_checklists_and_default_policy_satisfy_the_schemas() {
    let all = barraiser::parse::schema::all().unwrap();
    let checklist = jsonschema::validator_for(&all["checklist"]).unwrap();
    for (name, _, text) in barraiser::parse::checklist::EMBEDDED {
        let errors: Vec<String> = checklist
            .iter_errors(&yaml_json(text))
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "checklist {name}: {errors:#?}");
    }
    let policy = jsonschema::validator_for(&all["policy"]).unwrap();
    let default = yaml_json(barraiser::parse::policy::DEFAULT_POLICY);
    let errors: Vec<String> = policy
        .iter_errors(&default)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "default policy: {errors:#?}");
    // The schema rejects what the parser rejects: an unknown key.
    assert!(!policy.is_valid(&serde_json::json!({"checklist": ["rollback"]})));
}
