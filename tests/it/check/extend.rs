//! Extending the bar with a team checklist: `examples/checklists/db-migrations.yaml`
//! (shown verbatim in the README) blocks a migration without a named tool or a
//! dry run, and passes one that has both.

use super::fixture::*;

fn checklist() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/checklists/db-migrations.yaml");
    std::fs::read_to_string(path).unwrap()
}

const STEP: &str = r#"1. Start the release in the pipeline:
   ```sh
   pipectl promote orders-release --version "$RELEASE"
   ```
   Expect: `prod: succeeded` for `orders-4.2.0`.
"#;

/// How `GOOD` rolls back: a redeploy, which does not undo a migration.
const REDEPLOY: &str = r#"1. Redeploy the previous version:
   ```sh
   pipectl rollback orders-release --to "$PREVIOUS"
   ```
   Expect: `prod: succeeded` for `orders-4.1.9` within 15 minutes.
"#;

/// A migration's rollback reverses the migration (rollback-not-reversing).
const DOWNGRADE: &str = r#"1. Reverse the migration:
   ```sh
   alembic downgrade -1
   ```
   Expect: `Running downgrade 042 -> 041`.
"#;

/// A low-risk migration whose Steps are `steps`.
fn migration(steps: &str) -> String {
    edit(
        &edit(
            &edit(&good("low"), "type: deploy", "type: migration"),
            STEP,
            steps,
        ),
        REDEPLOY,
        DOWNGRADE,
    )
}

const HAND_SQL: &str = r#"1. Apply the SQL:
   ```sh
   psql "$RELEASE" -f migrations/042_add_index.sql
   ```
   Expect: `CREATE INDEX`.
"#;

const TOOL_ONLY: &str = r#"1. Apply the migration:
   ```sh
   atlas migrate apply --url "$RELEASE"
   ```
   Expect: `Migrating to version 20261201`.
"#;

const DRY_RUN_FLAG: &str = r#"1. Preview the migration:
   ```sh
   atlas migrate apply --url "$RELEASE" --dry-run
   ```
   Expect: only `CREATE INDEX orders_created_at_idx` is printed.
2. Apply the migration:
   ```sh
   atlas migrate apply --url "$RELEASE"
   ```
   Expect: `Migrating to version 20261201`.
"#;

const DRY_RUN_WORDS: &str = r#"1. Dry run: print the SQL the upgrade would run.
   ```sh
   alembic upgrade head --sql
   ```
   Expect: one `CREATE INDEX` statement.
2. Apply it:
   ```sh
   alembic upgrade head
   ```
   Expect: `Running upgrade 041 -> 042`.
"#;

fn migration_rules(report: &serde_json::Value, path: &str) -> Vec<String> {
    rules(report, path)
        .into_iter()
        .filter(|r| r.starts_with("migration-"))
        .collect()
}

#[test]
fn the_db_migrations_example_checklist_blocks_and_passes() {
    let repo = repo_with(&[
        file(".barraiser/checklists/db-migrations.yaml", checklist()),
        file("changes/hand-sql.md", migration(HAND_SQL)),
        file("changes/tool-only.md", migration(TOOL_ONLY)),
        file("changes/dry-run-flag.md", migration(DRY_RUN_FLAG)),
        file("changes/dry-run-words.md", migration(DRY_RUN_WORDS)),
        // Not a migration: the checklist does not apply.
        file("changes/deploy.md", good("low")),
    ]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    let mut both = rules(&report, "changes/hand-sql.md");
    both.sort();
    assert_eq!(
        both,
        ["migration-dry-run:blocker", "migration-tool:blocker"]
    );
    assert_eq!(
        rules(&report, "changes/tool-only.md"),
        ["migration-dry-run:blocker"]
    );
    for passing in [
        "changes/dry-run-flag.md",
        "changes/dry-run-words.md",
        "changes/deploy.md",
    ] {
        assert_eq!(rules(&report, passing), Vec::<String>::new(), "{passing}");
    }
    let finding = &report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "changes/tool-only.md")
        .unwrap()["findings"][0];
    assert_eq!(finding["checklist"], "db-migrations");

    // Without the checklist, the same migrations pass the embedded bar.
    let plain = repo_with(&[file("changes/hand-sql.md", migration(HAND_SQL))]);
    let (run, report) = check_json(&plain, &["--all"]);
    run.assert_code(0);
    assert_eq!(
        migration_rules(&report, "changes/hand-sql.md"),
        Vec::<String>::new()
    );

    // `explain` knows the team's rules too.
    let out = crate::support::bin::run(repo.root(), &["explain", "migration-dry-run"]);
    out.assert_code(0);
    assert!(out.stdout.contains("db-migrations"), "{}", out.stdout);
}

#[test]
fn the_example_checklist_can_also_be_named_in_the_policy() {
    let repo = repo_with(&[
        file(
            ".barraiser.yaml",
            "checklists: [rollback, pipeline, automation, no-context, .barraiser/checklists/db-migrations.yaml]\n",
        ),
        file(".barraiser/checklists/db-migrations.yaml", checklist()),
        file("changes/tool-only.md", migration(TOOL_ONLY)),
    ]);
    let (run, report) = check_json(&repo, &["--all"]);
    run.assert_code(1);
    assert_eq!(
        migration_rules(&report, "changes/tool-only.md"),
        ["migration-dry-run:blocker"]
    );
}
