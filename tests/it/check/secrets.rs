//! A change with credentials pasted in: every output format reports them by a
//! masked prefix and a length, and none repeats any of them.

use super::fixture::*;

/// Fake credentials of different kinds, and where each is pasted.
pub const SECRETS: [&str; 6] = [
    // A GitHub token in a command.
    "ghp_R7tK2mQ9vX4bN8cL1pZ6wY3hJ5dF0sA2gE7u",
    // A database password in a URL, in a front-matter parameter.
    "Wq8zTnVsLpkd7Rx",
    // An AWS access key id in prose.
    "AKIAQ3EGTV7YHN2XKC5M",
    // A password typed into a command, in inline code.
    "Zr4pX9qLm2wB",
    // A GitLab token in expected output.
    "glpat-Ab3dE5fG7hJ9kL1mN3pQ",
    // A Slack webhook in a step that has no command, so that other rules quote it.
    "T0ABCD123/B0EFGH456/xY7zW2vU9tS4rQ1pO6nM3kL8",
];

/// `GOOD` with every one of [`SECRETS`] pasted somewhere different.
pub fn leaky() -> String {
    let text = edit(
        GOOD,
        "  PREVIOUS: orders-4.1.9\n",
        &format!(
            "  PREVIOUS: orders-4.1.9\n  DB_URL: postgresql://orders:{}@orders-db.internal/orders\n",
            SECRETS[1]
        ),
    );
    let text = edit(
        &text,
        "Ships orders 4.2.0 with cursor pagination (ticket ORD-311).",
        &format!(
            "Ships orders 4.2.0 with cursor pagination (ticket ORD-311). The pipeline \
             deploys with key {} in this window.",
            SECRETS[2]
        ),
    );
    let text = edit(
        &text,
        "   pipectl promote orders-release --version \"$RELEASE\"",
        &format!(
            "   pipectl promote orders-release --version \"$RELEASE\" --github-token {}",
            SECRETS[0]
        ),
    );
    edit(
        &text,
        "   Expect: `prod: succeeded` for `orders-4.2.0`.",
        &format!(
            "   Expect: `prod: succeeded` for `orders-4.2.0`, and the log line `token: {}`.\n\
             2. Announce it with a POST to https://hooks.slack.com/services/{}\n\
             3. Warm the cache with `PGPASSWORD={} orders-cache warm` on the bastion.\n   Expect: `warmed`.",
            SECRETS[4], SECRETS[5], SECRETS[3]
        ),
    )
}

/// Every 6-character piece of each secret after the first four characters.
fn pieces() -> Vec<String> {
    let mut out = Vec::new();
    for secret in SECRETS {
        let chars: Vec<char> = secret.chars().collect();
        for start in 4..chars.len().saturating_sub(5) {
            out.push(chars[start..start + 6].iter().collect());
        }
    }
    out
}

#[track_caller]
fn assert_no_secret(what: &str, output: &str) {
    for piece in pieces() {
        assert!(
            !output.contains(&piece),
            "{what} repeats a secret ({piece}):\n{output}"
        );
    }
}

#[test]
fn no_output_format_repeats_a_pasted_secret() {
    let repo = repo_with(&[file("changes/leaky.md", leaky())]);
    let (run_json, report) = check_json(&repo, &["--all"]);
    run_json.assert_code(1);
    assert_no_secret("json", &run_json.stdout);
    let messages: Vec<String> = report["changes"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "secret-in-text")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "A GitHub token (`ghp_…`, 40 characters)",
        "A password in a URL (`Wq8…`, 15 characters)",
        "An AWS access key id (`AKIA…`, 20 characters)",
        "A password (`Zr4…`, 12 characters)",
        "A GitLab token (`glpa…`, 26 characters)",
        "A Slack webhook URL (`T0AB…`, 44 characters)",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(expected)),
            "no {expected:?} in {messages:#?}"
        );
    }
    // Other rules quoted the step with the webhook in it, masked.
    assert!(
        run_json.stdout.contains("step-without-command"),
        "{}",
        run_json.stdout
    );
    for format in ["human", "markdown", "github", "sarif"] {
        let out = run(repo.root(), &["check", "--all", "--format", format]);
        out.assert_code(1);
        assert_no_secret(format, &out.stdout);
        assert_no_secret(format, &out.stderr);
        assert!(
            out.stdout.contains("secret-in-text"),
            "{format}:\n{}",
            out.stdout
        );
    }
    // The human snippet shows the line with the secret masked in place.
    let human = run(repo.root(), &["check", "--all", "--format", "human"]);
    assert!(
        human
            .stdout
            .contains("--github-token ghp_************************************"),
        "{}",
        human.stdout
    );
}
