//! The bar reads for meaning (BAR.md, "What counts"): expectations written as
//! sentences, sections named by what they mean, one-box stages named after one
//! unit of production, steps the automation carries out, service-account homes,
//! and expected output that is never a command.

use super::fixture::*;

/// `GOOD` with its Steps section replaced by `steps` (numbered from 1).
fn with_steps(steps: &[&str]) -> String {
    let body: String = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}\n\n", i + 1, s.replace('\n', "\n    ")))
        .collect();
    let start = GOOD.find("## Steps\n").unwrap() + "## Steps\n".len();
    let end = GOOD.find("## Verification").unwrap();
    format!("{}{}{}", &GOOD[..start], body, &GOOD[end..])
}

/// The step numbers of "Steps" that `rule` reports, from its messages.
fn flagged(report: &serde_json::Value, rule: &str) -> Vec<usize> {
    let mut out: Vec<usize> = report["changes"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .filter_map(|f| {
            let m = f["message"].as_str().unwrap();
            m.strip_prefix("Step ")?.split(' ').next()?.parse().ok()
        })
        .collect();
    out.dedup();
    out
}

fn check(change: &str) -> serde_json::Value {
    let repo = repo_with(&[file("changes/x.md", change)]);
    check_json(&repo, &["--all"]).1
}

const CMD: &str = "Run it:\n```sh\nopsctl run --cluster orders-prod\n```\n";

#[test]
fn expectations_are_recognised_by_meaning_wherever_they_stand() {
    let concrete = [
        "The output shows three members with `IS LEADER` true.",
        "The last line is `Done renewing certificates`.",
        "Each run ends with `Ready, uncordoned` and exit status 0.",
        "The command returns after about 25 seconds with no output.",
        "You should see `Ready`.",
        "It prints `Done renewing certificates`.",
        "The command exits 0.",
        "Returns HTTP 200.",
        "Expect: `prod: succeeded`.",
        "**Expected result:** the pod count is `3`.",
        "Six rows, each with `is_live` `true`.",
        "`ranges_unavailable` and `ranges_underreplicated` are `0` on all five rows.",
        "The loop finishes without breaking.",
        "Every `apply` line ends in `serverside-applied`.",
        "`glab` prints the URL of the new merge request, ending in `/merge_requests/` and its number.",
    ];
    let vague = [
        "Check that it worked.",
        "It should look fine.",
        "The output looks reasonable.",
        "Make sure everything is OK before going on.",
        "If it prints `failed`, run the Rollback.",
        "This takes a while on our 180 tables.",
        "`await_online_quorum_plus_one` waits at most ten minutes; then the node is upgraded and started.",
    ];
    let steps: Vec<String> = concrete
        .iter()
        .chain(vague.iter())
        .map(|s| format!("{CMD}{s}"))
        .collect();
    let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
    let report = check(&with_steps(&steps));
    let expected: Vec<usize> = (concrete.len() + 1..=concrete.len() + vague.len()).collect();
    assert_eq!(
        flagged(&report, "missing-expectation"),
        expected,
        "{report:#}"
    );
}

#[test]
fn an_expected_output_block_is_an_expectation_and_never_a_command() {
    let steps = [
        // The block after "Expected output:" is what the operator sees: `...` and
        // `<none>` in it are not placeholders, `$X` is not a parameter.
        "List the services:\n```sh\nkubectl --context orders-prod -n istio-system get svc\n```\nExpected output (abridged):\n```\nNAME     CLUSTER-IP   EXTERNAL-IP\nistiod   10.32.5.247  <none>   ...  $X\n```",
        "Check the status:\n```sh\nopsctl status\n```\nThe output will look like:\n```\nstatus: <none> ... $UNSET\n```",
        // An instruction ending in a colon introduces a command, not output.
        "Check what clients see:\n```sh\ncurl -s https://cloud.acme.example/status.php\n```\nIt prints `29.0.9`.",
        // A block its author marked as shell is a command, even after a sentence
        // that could introduce output.
        "The API still answers:\n```sh\ncurl -s -o /dev/null -w '%{http_code}' https://api.acme.example/healthz\n```\nIt prints `200`.",
        // Code after the observation verb is expected output.
        "Read the version:\n```sh\nopsctl version\n```\nThe last command prints `$OC_VersionString = '29.0.8';`.",
    ];
    let report = check(&with_steps(&steps));
    let found = rules(&report, "changes/x.md");
    for rule in [
        "placeholder",
        "undeclared-parameter",
        "missing-expectation",
        "step-without-command",
    ] {
        assert!(
            !found.iter().any(|f| f.starts_with(rule)),
            "{rule} in {found:?}"
        );
    }
}

#[test]
fn sections_are_recognised_by_what_their_heading_means() {
    let change = GOOD
        .replace("## Steps", "## Pre-flight checks\n1. Look first:\n   ```sh\n   opsctl status\n   ```\n   It prints `ready`.\n\n## Execution plan")
        .replace("## Verification", "## Post-change verification")
        .replace("## Rollback", "## How to undo");
    let report = check(&change);
    assert_eq!(rules(&report, "changes/x.md"), Vec::<String>::new());

    // A pre-check is judged like a step, and does not replace the steps.
    let change = GOOD.replace(
        "## Steps",
        "## Before you begin\n1. Look at the queue depths; ask the billing team if they look high.\n\n## Steps",
    );
    let found = rules(&check(&change), "changes/x.md");
    assert!(
        found.contains(&"tribal-knowledge:blocker".into())
            && found.contains(&"step-without-command:blocker".into()),
        "{found:?}"
    );

    // A rollback written as prose only has no step.
    let change = edit(
        GOOD,
        "1. Redeploy the previous version:",
        "We can always go back to `homeserver-old.yaml`.\n\n1. Redeploy the previous version:",
    );
    let start = change.find("## Rollback").unwrap();
    let prose_only = format!(
        "{}## Backout plan\n\nIf it fails, the old config is kept as `homeserver-old.yaml`, so we can go back to it.\n",
        &change[..start]
    );
    assert!(
        rules(&check(&prose_only), "changes/x.md").contains(&"missing-rollback:blocker".into())
    );
}

#[test]
fn a_stage_on_one_unit_of_production_is_a_one_box() {
    let stages = |list: &str| edit(GOOD, "[beta, gamma, prod-onebox, prod]", list);
    for one_box in [
        "[staging, prod-cp-01, prod]",
        "[staging, gprd-replica-07, gprd]",
        "[staging, kafka-prod-partition-0, prod]",
        "[staging, prod-euw1a, prod]",
        "[staging, prod-canarypool, prod]",
        "[staging, prod-replica-reporting, prod]",
        "[staging, 1pct, prod]",
    ] {
        let found = rules(&check(&stages(one_box)), "changes/x.md");
        assert!(
            !found.contains(&"no-one-box-stage:blocker".into()),
            "{one_box}: {found:?}"
        );
    }
    for none in [
        "[staging, prod]",
        // A rehearsal on a copy of production is pre-production.
        "[staging, prod-restore-rehearsal-01, prod]",
        // A one-box needs the rest of production after it.
        "[staging, prod-cp-01]",
    ] {
        let found = rules(&check(&stages(none)), "changes/x.md");
        assert!(
            found.contains(&"no-one-box-stage:blocker".into()),
            "{none}: {found:?}"
        );
    }
}

#[test]
fn a_step_the_automation_carries_out_names_it_exactly() {
    let steps = [
        "Merge MR !9412; its `apply` job runs the change. The job log ends with `Apply complete!`.",
        "Merge PR #4471 in acme/orders-db-infra; its `rollout` job runs the pipeline, which prints `rolled`.",
        "Start the rollout from the ChatOps bot: `/chatops run rabbitmq-upgrade --env prod`. The bot posts `running 4.0.5`.",
        "Trigger the `deploy-prod` job of the release pipeline. It reports `succeeded`.",
        "The pipeline's `bake:prod-network` job holds for 30 minutes and finishes `passed`.",
        // Not exact: which merge request?
        "Merge the MR and let the pipeline do the rest. The job log ends with `Apply complete!`.",
        "Log into the console and click Apply. The page shows `Applied`.",
    ];
    let report = check(&with_steps(&steps));
    assert_eq!(
        flagged(&report, "step-without-command"),
        [6, 7],
        "{report:#}"
    );
}

#[test]
fn a_service_accounts_home_is_not_a_personal_path() {
    let steps = [
        "Install as the service account:\n```sh\nssh \"$HOST\" sudo -u mastodon /home/mastodon/live/bin/tootctl version\n```\nIt prints `4.3.2`.",
    ];
    let found = rules(
        &check(&with_steps(&steps).replace(
            "parameters:\n",
            "parameters:\n  HOST: social-prod-01.acme.example\n",
        )),
        "changes/x.md",
    );
    assert!(
        !found.iter().any(|f| f.starts_with("personal-path")),
        "{found:?}"
    );

    let steps = ["Run the fix:\n```sh\n/home/jsmith/bin/fix.sh --all\n```\nIt prints `fixed`."];
    let found = rules(&check(&with_steps(&steps)), "changes/x.md");
    assert!(found.contains(&"personal-path:blocker".into()), "{found:?}");
}

/// A tool named like a person ("from Vault") is no person when the change types it
/// as a command; a person's name stays tribal knowledge.
#[test]
fn a_source_the_change_runs_as_a_command_is_a_tool_not_a_person() {
    let tool = [
        "Fetch the new certificate from Vault into a private directory:\n```sh\ninstall -d -m 0700 /run/tls\nvault kv get -field=crt secret/tls/api/2026 > /run/tls/tls.crt\n```\nIt prints nothing and exits 0.",
    ];
    let found = rules(&check(&with_steps(&tool)), "changes/x.md");
    assert!(
        !found.iter().any(|f| f.starts_with("tribal-knowledge")),
        "{found:?}"
    );
    let person = [
        "Fetch the new certificate from Priya into a private directory:\n```sh\ninstall -d -m 0700 /run/tls\ncp ~/Downloads/tls.crt /run/tls/tls.crt\n```\nIt prints nothing and exits 0.",
    ];
    let found = rules(&check(&with_steps(&person)), "changes/x.md");
    assert!(
        found.iter().any(|f| f.starts_with("tribal-knowledge")),
        "{found:?}"
    );
}
