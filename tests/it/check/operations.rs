//! The operational rules read commands and step prose for meaning: waits without a
//! limit, prompts nobody answers, destructive commands on the operator's default
//! target, deletes without a backup, and rollbacks that leave migrated data behind.
//! Each case is one change; all are checked in one run.

use super::fixture::*;

/// `GOOD` with its Steps section replaced by `steps` (a numbered list).
fn with_steps(steps: &str) -> String {
    let start = GOOD.find("## Steps\n").unwrap() + "## Steps\n".len();
    let end = GOOD.find("## Verification").unwrap();
    format!("{}{}\n\n{}", &GOOD[..start], steps.trim_end(), &GOOD[end..])
}

/// `change` with its Rollback section replaced by `rollback`.
fn with_rollback(change: &str, rollback: &str) -> String {
    let start = change.find("## Rollback\n").unwrap() + "## Rollback\n".len();
    format!("{}{}\n", &change[..start], rollback.trim_end())
}

/// `change` marked irreversible with `justification`.
fn irreversible(change: &str, justification: &str) -> String {
    edit(
        change,
        "  tested_on: 2026-11-10\n",
        &format!(
            "  tested_on: 2026-11-10\n  irreversible: true\n  justification: \"{justification}\"\n"
        ),
    )
}

/// One step with `lead` as its prose, `code` as its shell block.
fn step(lead: &str, code: &str) -> String {
    let code: String = code.lines().map(|l| format!("   {l}\n")).collect();
    format!("1. {lead}\n   ```sh\n{code}   ```\n   Expect: it exits 0.\n")
}

/// Two steps.
fn steps(first: &str, second: &str) -> String {
    format!("{}\n{}", first, second.replacen("1. ", "2. ", 1))
}

struct Case {
    name: &'static str,
    change: String,
    rule: &'static str,
    fires: bool,
}

fn case(name: &'static str, rule: &'static str, fires: bool, change: String) -> Case {
    Case {
        name,
        change,
        rule,
        fires,
    }
}

fn cases() -> Vec<Case> {
    let ctx = r#"--context "$KUBE_CONTEXT""#;
    vec![
        // unbounded-wait
        case(
            "wait-watch",
            "unbounded-wait",
            true,
            with_steps(&step(
                "Watch the pods come up:",
                &format!("kubectl {ctx} -n shop get pods -w"),
            )),
        ),
        case(
            "wait-until-loop",
            "unbounded-wait",
            true,
            with_steps(&step(
                "Wait for the endpoint:",
                "until curl -fsS https://shop.example/healthz; do sleep 5; done",
            )),
        ),
        case(
            "wait-rollout-status",
            "unbounded-wait",
            true,
            with_steps(&step(
                "Follow the rollout:",
                &format!("kubectl {ctx} -n shop rollout status deploy/api"),
            )),
        ),
        case(
            "wait-prose",
            "unbounded-wait",
            true,
            with_steps(&step(
                "Keep checking the replica lag until it reports 0:",
                "mysql -h db1 -e 'SHOW REPLICA STATUS\\G' | grep Seconds_Behind",
            )),
        ),
        case(
            "wait-timeout-wrapper",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Wait for the endpoint:",
                "timeout 10m sh -c 'until curl -fsS https://shop.example/healthz; do sleep 5; done'",
            )),
        ),
        case(
            "wait-limit-in-prose",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Check every 30 seconds, for at most 20 minutes, that the member is back:",
                "until mongosh \"$URI\" --quiet --eval 'rs.status().ok'; do sleep 30; done",
            )),
        ),
        case(
            "wait-not-after",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Wait until the node group is active. If it has not turned active after 40 minutes, run the Rollback:",
                "aws eks describe-nodegroup --cluster-name shop --nodegroup-name ng-1 --query nodegroup.status",
            )),
        ),
        case(
            "wait-bounded-loop",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Poll the job:",
                "for i in $(seq 1 30); do jobctl status nightly | grep -q done && break; sleep 10; done",
            )),
        ),
        case(
            "wait-waiter",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Wait for the node group to become active:",
                "aws eks wait nodegroup-active --cluster-name shop --nodegroup-name ng-1",
            )),
        ),
        case(
            "wait-rollout-timeout",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Follow the rollout:",
                &format!("kubectl {ctx} -n shop rollout status deploy/api --timeout=10m"),
            )),
        ),
        case(
            "wait-command-runs-to-end",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Run the upgrade and wait for it to finish:",
                "ssh web-01 sudo apt-get -y dist-upgrade",
            )),
        ),
        case(
            "wait-commented-watch",
            "unbounded-wait",
            false,
            with_steps(&step(
                "Restart the service:",
                "# watch the log in another terminal if you like\nssh app-01 sudo systemctl restart api",
            )),
        ),
        // interactive-prompt
        case(
            "prompt-password-attached",
            "interactive-prompt",
            false,
            with_steps(&step(
                "Count the rows:",
                "mysql -h db1 -u report -p\"$REPORT_PASSWORD\" -P 3306 shop -e 'SELECT COUNT(*) FROM orders'",
            )),
        ),
        case(
            "prompt-password-asked",
            "interactive-prompt",
            true,
            with_steps(&step(
                "Count the rows:",
                "mysql -h db1 -u report -p shop -e 'SELECT COUNT(*) FROM orders'",
            )),
        ),
        case(
            "prompt-terraform",
            "interactive-prompt",
            true,
            with_steps(&step("Apply:", "terraform -chdir=infra/prod apply")),
        ),
        case(
            "prompt-apt-over-ssh",
            "interactive-prompt",
            true,
            with_steps(&step(
                "Install nginx:",
                "ssh web-01 \"sudo apt-get update && sudo apt-get install nginx\"",
            )),
        ),
        case(
            "prompt-follow-the-prompts",
            "interactive-prompt",
            true,
            with_steps(&step(
                "Run the release upgrade. Follow the prompts:",
                "ssh -t web-01 sudo do-release-upgrade",
            )),
        ),
        case(
            "prompt-continued-line",
            "interactive-prompt",
            true,
            with_steps(&step(
                "Delete the old instance group:",
                "gcloud compute instance-groups managed delete web-old \\\n  --project shop-prod --zone europe-west1-b",
            )),
        ),
        case(
            "prompt-saved-plan",
            "interactive-prompt",
            false,
            with_steps(&step(
                "Apply the reviewed plan:",
                "terraform -chdir=infra/prod apply prod.tfplan",
            )),
        ),
        case(
            "prompt-yes-flag",
            "interactive-prompt",
            false,
            with_steps(&step(
                "Install nginx:",
                "ssh web-01 \"sudo apt-get update && sudo apt-get install -y nginx\"",
            )),
        ),
        case(
            "prompt-fed",
            "interactive-prompt",
            false,
            with_steps(&step(
                "Remove the package:",
                "yes | pip uninstall legacy-client",
            )),
        ),
        case(
            "prompt-answer-given",
            "interactive-prompt",
            false,
            with_steps(&step(
                "Switch over. When it asks to confirm, answer `y`:",
                "patronictl -c /etc/patroni.yml switchover --leader pg-1 --candidate pg-2",
            )),
        ),
        // ambiguous-target
        case(
            "target-kubectl-no-context",
            "ambiguous-target",
            true,
            with_steps(&step(
                "Delete the stuck pod:",
                "kubectl -n shop delete pod api-0",
            )),
        ),
        case(
            "target-kubectl-no-namespace",
            "ambiguous-target",
            true,
            with_steps(&step(
                "Delete the stuck pod:",
                &format!("kubectl {ctx} delete pod api-0"),
            )),
        ),
        case(
            "target-gcloud-no-project",
            "ambiguous-target",
            true,
            with_steps(&step(
                "Delete the old VM:",
                "gcloud compute instances delete web-old --zone europe-west1-b --quiet",
            )),
        ),
        case(
            "target-sql-no-host",
            "ambiguous-target",
            true,
            with_steps(&step(
                "Drop the old table:",
                "psql -c 'DROP TABLE orders_2019'",
            )),
        ),
        case(
            "target-relative-rm",
            "ambiguous-target",
            true,
            with_steps(&step("Clear the cache:", "rm -rf cache/*")),
        ),
        case(
            "target-use-context-earlier",
            "ambiguous-target",
            false,
            with_steps(&steps(
                &step(
                    "Select the cluster:",
                    "kubectl config use-context prod-euw1",
                ),
                &step("Delete the stuck pod:", "kubectl -n shop delete pod api-0"),
            )),
        ),
        case(
            "target-s3-url",
            "ambiguous-target",
            false,
            with_steps(&step(
                "Remove the prefix:",
                "aws s3 rm s3://shop-exports/tmp/ --recursive",
            )),
        ),
        case(
            "target-sql-heredoc",
            "ambiguous-target",
            false,
            with_steps(&step(
                "Delete the test rows:",
                "psql -h orders-db.internal -d orders <<'SQL'\nDELETE FROM orders WHERE customer_id = 0;\nSQL",
            )),
        ),
        case(
            "target-mongo-uri",
            "ambiguous-target",
            false,
            with_steps(&step(
                "Drop the collection:",
                "mongosh \"$ANALYTICS_URI\" --eval 'db.getSiblingDB(\"analytics\").events_2023.drop()'",
            )),
        ),
        case(
            "target-rm-over-ssh",
            "ambiguous-target",
            false,
            with_steps(&step(
                "Clear the spool:",
                "ssh mx-01 sudo rm -rf /var/spool/exim4/input/*",
            )),
        ),
        // destructive-without-backup
        case(
            "backup-missing",
            "destructive-without-backup",
            true,
            with_steps(&step(
                "Drop the old table:",
                "psql -h orders-db.internal -d orders -c 'DROP TABLE orders_2019'",
            )),
        ),
        case(
            "backup-only-suggested",
            "destructive-without-backup",
            true,
            with_steps(&step(
                "Wipe the data directory so the member resyncs. Consider making a backup first:",
                "ssh db-3 sudo rm -rf /var/lib/mongodb/*",
            )),
        ),
        case(
            "backup-waiver-without-reason",
            "destructive-without-backup",
            true,
            irreversible(
                &with_steps(&step(
                    "Purge old media:",
                    "curl -X POST https://matrix.example/_synapse/admin/v1/purge_media_cache?before_ts=1700000000000",
                )),
                "Synapse has no undelete for media.",
            ),
        ),
        case(
            "backup-taken-first",
            "destructive-without-backup",
            false,
            with_steps(&steps(
                &step(
                    "Dump the table to the backup bucket:",
                    "pg_dump -h orders-db.internal -d orders -t orders_2019 -Fc | aws s3 cp - s3://orders-backups/orders_2019.dump",
                ),
                &step(
                    "Drop the old table:",
                    "psql -h orders-db.internal -d orders -c 'DROP TABLE orders_2019'",
                ),
            )),
        ),
        case(
            "backup-waived-with-reason",
            "destructive-without-backup",
            false,
            irreversible(
                &with_steps(&step(
                    "Drop the old table:",
                    "psql -h orders-db.internal -d orders -c 'DROP TABLE orders_2019'",
                )),
                "The table was exported to the data lake in DATA-702 and has had no reads for 90 days.",
            ),
        ),
        // rollback-not-reversing
        case(
            "reverse-missing",
            "rollback-not-reversing",
            true,
            with_steps(&step(
                "Apply the migrations:",
                "alembic -x env=prod upgrade head",
            )),
        ),
        case(
            "reverse-missing-prose",
            "rollback-not-reversing",
            true,
            with_steps(&step(
                "Restart the service; on start it migrates the database schema:",
                "ssh app-01 sudo systemctl restart grafana-server",
            )),
        ),
        case(
            "reverse-down-migration",
            "rollback-not-reversing",
            false,
            with_rollback(
                &with_steps(&step(
                    "Apply the migrations:",
                    "alembic -x env=prod upgrade head",
                )),
                &step("Reverse the migration:", "alembic -x env=prod downgrade -1"),
            ),
        ),
        case(
            "reverse-restore",
            "rollback-not-reversing",
            false,
            with_rollback(
                &with_steps(&step(
                    "Backfill the column:",
                    "psql -h db -d shop -c \"UPDATE orders SET region = 'eu' WHERE region IS NULL\"",
                )),
                &step(
                    "Restore the table from the dump taken in Preparation:",
                    "pg_restore -h db -d shop --clean -t orders \"$BACKUP\"",
                ),
            ),
        ),
        case(
            "reverse-waived",
            "rollback-not-reversing",
            false,
            irreversible(
                &with_steps(&step(
                    "Apply the migrations:",
                    "alembic -x env=prod upgrade head",
                )),
                "The migration only adds a nullable column that the previous release ignores.",
            ),
        ),
        case(
            "reverse-ceph-backfill-is-not-data",
            "rollback-not-reversing",
            false,
            with_steps(&step(
                "Let the backfill finish, checking every minute for at most 6 hours:",
                "timeout 6h sh -c \"until ceph pg stat | grep -q 'active+clean;'; do sleep 60; done\"",
            )),
        ),
        case(
            "backup-cache-is-not-data",
            "destructive-without-backup",
            false,
            with_steps(&step(
                "Clear the package lists:",
                "ssh web-01 sudo rm -rf /var/lib/apt/lists/*",
            )),
        ),
        case(
            "reverse-no-data-change",
            "rollback-not-reversing",
            false,
            GOOD.to_string(),
        ),
    ]
}

#[test]
fn operational_rules_read_commands_and_steps_for_meaning() {
    let cases = cases();
    let files: Vec<_> = cases
        .iter()
        .map(|c| file(format!("changes/{}.md", c.name), &c.change))
        .collect();
    let repo = repo_with(&files);
    let (_, report) = check_json(&repo, &["--all"]);
    let mut wrong = Vec::new();
    for c in &cases {
        let found = findings(&report, &format!("changes/{}.md", c.name));
        let fired = found.iter().any(|(r, _)| r == c.rule);
        if fired != c.fires {
            wrong.push(format!(
                "{}: expected {} {}, got {found:?}",
                c.name,
                c.rule,
                if c.fires { "to fire" } else { "not to fire" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
