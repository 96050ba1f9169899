//! The embedded `secret-in-text` rule: what it catches, what it lets through, and
//! that no finding of any rule repeats a secret it found.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use super::{Checked, Engine};
use crate::parse::change::parse_change;
use crate::parse::checklist::{EMBEDDED, parse_checklist};
use crate::parse::policy::Policy;
use crate::read::Files;

struct NoFiles;

impl Files for NoFiles {
    fn exists(&self, _: &str) -> bool {
        true
    }
    fn label(&self) -> String {
        "test".into()
    }
}

fn bar() -> &'static (Policy, Engine) {
    static BAR: OnceLock<(Policy, Engine)> = OnceLock::new();
    BAR.get_or_init(|| {
        let policy = Policy::embedded().unwrap();
        let lists = EMBEDDED
            .iter()
            .map(|(_, path, text)| (path.to_string(), parse_checklist(path, text).unwrap()))
            .collect();
        let engine = Engine::new(&policy, lists, "2026-11-20T00:00:00Z".parse().unwrap()).unwrap();
        (policy, engine)
    })
}

/// A change whose first step is `step` (indented as a list item's body).
fn change_with(step: &str) -> String {
    let body: String = step.lines().map(|l| format!("   {l}\n")).collect();
    format!(
        "---\ntitle: Rotate the orders database password\nrisk: low\n---\n\n## Steps\n1. Run it:\n{body}   Expect: `done`.\n"
    )
}

fn check(text: &str) -> Checked {
    let (policy, engine) = bar();
    let change = parse_change("changes/x.md", "0", text, &policy.body).unwrap();
    engine.evaluator().check(change, &NoFiles)
}

/// The `secret-in-text` messages for `step`.
fn secrets_in(step: &str) -> Vec<String> {
    check(&change_with(step))
        .findings
        .into_iter()
        .filter(|f| f.rule == "secret-in-text")
        .map(|f| f.message)
        .collect()
}

#[test]
fn credentials_of_every_kind_are_caught() {
    let bad = [
        ("aws s3 ls --profile x # AKIAQ3EGTV7YHN2XKC5M", "AKIA…"),
        (
            "AWS_SECRET_ACCESS_KEY=Jx8fQ2mLr5Tz9VbN4cW7hKp1sD6gY3aE0uRiOqZt aws s3 ls",
            "Jx8f…",
        ),
        (
            "curl -H 'Authorization: token ghp_R7tK2mQ9vX4bN8cL1pZ6wY3hJ5dF0sA2gE7u' https://api.github.com/user",
            "ghp_…",
        ),
        (
            "git clone https://oauth2:glpat-Ab3dE5fG7hJ9kL1mN3pQ@gitlab.acme.example/x.git",
            "glpa…",
        ),
        (
            "SLACK_BOT=xoxb-2144-9926-Hq7wLm2ZkP4tRv9s slack-notify",
            "xoxb…",
        ),
        (
            "curl -X POST https://hooks.slack.com/services/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",
            "T0AB…",
        ),
        (
            "psql postgresql://app:Wq8zTnV-Lpkd7@orders-db.internal/orders",
            "Wq8…",
        ),
        (
            "stripe --api-key sk_live_4eC39HqLyjWDarjtT1zdp7dc charges list",
            "sk_l…",
        ),
        (
            "curl 'https://maps.example/api?key=AIzaSyD3xQ8mN2pL7vK4tR9wB1cF6hJ0sA5gE3u'",
            "AIza…",
        ),
        (
            "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.Qm9vX2p3dF9zaWduYXR1cmU' https://api.acme.example",
            "eyJh…",
        ),
        ("PGPASSWORD=Zr4pX9qLm2w pg_dump -h db orders", "Zr…"),
        ("mysql -h db -u root -pT9v#kLq2Zx orders", "T9…"),
        ("orders-cli login --password 'Vq3!xT9mL2pRw7'", "Vq3…"),
        ("export API_TOKEN=f3a9c1d27b8e4f60a5c2", "f3a9…"),
        (
            "curl -u deploy:Hk7pQ2wZ9m https://nexus.acme.example/service/rest",
            "Hk…",
        ),
        (
            "vault login hvs.CAESIJ7kQm2pX9wL4vN8tR3yZ6bF1cH5dG0s",
            "hvs.…",
        ),
        ("echo done # X-Vault-Token: s9Fk2LmQ7xZp4TvR8wYb", "s9Fk…"),
        (
            "curl -H \"X-Api-Key: 9f8e7d6c5b4a39281706f5e4\" https://api.acme.example",
            "9f8e…",
        ),
        (
            "psql -c \"ALTER USER app WITH PASSWORD 'N3w-Orders!Pw'\"",
            "N3w…",
        ),
        (
            "mysql -e \"CREATE USER 'app'@'%' IDENTIFIED BY 'Xk29!mQ7zP'\"",
            "Xk…",
        ),
        ("sqlcmd -S db -U sa -P 'Sq7!mXz2Lp9'", "Sq…"),
        ("etcdctl --user root:Ev7kQ2mZ9x member list", "Ev…"),
        (
            "export CONSUL_HTTP_TOKEN=4d9f2c1e-8a7b-4c3d-9e2f-1a0b9c8d7e6f",
            "4d9f…",
        ),
        (
            "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef",
            "abcd…",
        ),
        (
            "echo \"The new admin password is S3cret-Orders-77\"",
            "S3cr…",
        ),
        (
            "Server=db;User Id=app;Password=Cn7mQ2xZ9p;Database=orders",
            "Cn…",
        ),
    ];
    for (step, prefix) in bad {
        let found = secrets_in(step);
        assert_eq!(found.len(), 1, "{step}: {found:?}");
        assert!(
            found[0].contains(&format!("`{prefix}`")),
            "{step}: {found:?}"
        );
        assert!(found[0].contains(" characters)"), "{found:?}");
    }
}

#[test]
fn a_private_key_block_is_caught_and_masked_on_every_line() {
    let key = "MIIEowIBAAKCAQEAx8Kp2mQ9vLzT4nRw7bYc\nHs8D2gK9fAqX5tJ3mN6pL1vB4cZ8wE0rT7yU\nk2Q5mP9xL3vN7tR1wY4bH6dF0sA8gE2uJ5cK";
    let text = change_with(&format!(
        "```sh\ncat > /etc/orders/key.pem <<'EOF'\n-----BEGIN RSA PRIVATE KEY-----\n{key}\n-----END RSA PRIVATE KEY-----\nEOF\n```"
    ));
    let checked = check(&text);
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule == "secret-in-text")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.starts_with("A private key (`MIIE…`"),
        "{found:?}"
    );
    for line in key.lines() {
        assert!(
            !checked.change.source.contains(&line[6..]),
            "{}",
            checked.change.source
        );
    }
    assert_eq!(checked.change.source.len(), text.len());
    assert_eq!(checked.change.source.lines().count(), text.lines().count());
}

#[test]
fn references_files_placeholders_and_ordinary_words_are_not_secrets() {
    let good = [
        "PGPASSWORD=\"$(vault kv get -field=password secret/orders-db/app)\" pg_dump -h db orders",
        "export API_TOKEN=$(aws ssm get-parameter --name /orders/token --with-decryption --query Parameter.Value --output text)",
        "orders-cli login --password-file /etc/orders/db.pass",
        "orders-cli login --password \"$DB_PASSWORD\"",
        "orders-cli login --password=${DB_PASSWORD}",
        "docker login --username ci --password-stdin < /run/secrets/registry",
        "mysql -h db -u root -p orders < /backups/orders.sql",
        "mysql -h db -u root -p\"$MYSQL_PWD\" orders",
        "curl -H \"Authorization: Bearer $TOKEN\" https://api.acme.example/health",
        "curl -H 'Authorization: Bearer ${API_TOKEN}' https://api.acme.example/health",
        "git clone https://x-access-token:${GITHUB_TOKEN}@github.com/acme/orders.git",
        "git clone https://oauth2:$CI_JOB_TOKEN@gitlab.acme.example/acme/orders.git",
        "psql postgresql://app:<password>@orders-db.internal/orders",
        "psql postgresql://app:****@orders-db.internal/orders",
        "kubectl create secret generic orders-db --from-literal=password=\"$DB_PASSWORD\"",
        "kubectl get secret orders-db-credentials -n orders -o name",
        "echo 'token: ${{ secrets.DEPLOY_TOKEN }}' >> config.yaml",
        "echo 'password_command: pass show orders/db' >> ~/.config/x",
        "echo 'key_name: orders-signing' >> config.yaml",
        "sha256sum orders.tar.gz # e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "git checkout 3f2a1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
        "orders-cli replay --request-id 7c9e6679-7425-40de-944b-e07fc1f98f6f",
        "openssl pkey -in /etc/orders/key.pem | head -1 # -----BEGIN PRIVATE KEY-----",
        "aws secretsmanager get-secret-value --secret-id prod/orders/db --query SecretString",
        "openssl rsa -in key.pem -passin env:KEY_PASS -out plain.pem",
        "kubeadm token create --ttl 1h --print-join-command",
        "echo 'secret: orders-db-2024' >> values.yaml",
        "terraform apply -var 'db_password_secret=orders/db/password'",
        "aws iam create-access-key --user-name ci-deployer --query AccessKey.AccessKeyId",
        "curl -u \"$NEXUS_USER:$NEXUS_PASSWORD\" https://nexus.acme.example/service/rest",
        "echo 'encryption_key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'",
        "echo 'auth: scram-sha-256' >> values.yaml",
        "docker run -u 1000:1000 orders:4.2",
        "etcdctl --user root:$ETCD_ROOT_PASSWORD member list",
        "keytool -importkeystore -srckeystore a.p12 -srcstorepass:file /etc/x",
        "psql -v newpass=\"$NEW_PASS\" -c \"ALTER ROLE app PASSWORD :'newpass'\"",
        "echo 'Rotate the password to 2026-11-30'",
        "echo 'Password: ********'",
        "mongosh \"mongodb://admin:${MONGO_PW}@mongo-prod-01:27017/admin\"",
        "gpg --recv-keys 0x3B4FE6ACC0B21F32",
    ];
    for step in good {
        let found = secrets_in(step);
        assert!(found.is_empty(), "{step}: {found:?}");
    }
    // Prose about credentials is not a credential.
    let text = "---\ntitle: Rotate the orders password\nrisk: low\n---\n\n## Summary\nThe password: stored in Vault under secret/orders.\nThe API token is read at run time; the key is AWS KMS alias/orders.\n";
    let checked = check(text);
    assert!(
        checked.findings.iter().all(|f| f.rule != "secret-in-text"),
        "{:?}",
        checked.findings
    );
}

#[test]
fn no_finding_of_any_rule_repeats_a_secret() {
    // A step with no command and no expectation: its summary is quoted by other rules.
    let token = "ghp_R7tK2mQ9vX4bN8cL1pZ6wY3hJ5dF0sA2gE7u";
    let text = format!(
        "---\ntitle: Use {token} for the deploy\nrisk: high\n---\n\n## Steps\n1. Paste {token} into the console and click Save.\n"
    );
    let checked = check(&text);
    assert!(
        checked.findings.iter().any(|f| f.rule == "secret-in-text"),
        "{:?}",
        checked.findings
    );
    assert!(checked.findings.len() > 2, "{:?}", checked.findings);
    for f in &checked.findings {
        assert!(!f.message.contains(&token[4..10]), "{f:?}");
    }
    assert!(!checked.change.source.contains(&token[4..10]));
    assert!(!checked.change.title().contains(&token[4..10]));
    assert_eq!(checked.change.source.len(), text.len());
}

#[test]
fn the_rules_own_examples_hold() {
    let (_, engine) = bar();
    let (_, rule) = engine.rule("secret-in-text").unwrap();
    let examples = rule.examples.as_ref().unwrap();
    let text =
        |steps: &str| format!("---\ntitle: Restore orders\nrisk: low\n---\n\n## Steps\n{steps}");
    let fires = |steps: &str| {
        check(&text(steps))
            .findings
            .iter()
            .any(|f| f.rule == "secret-in-text")
    };
    assert!(fires(&examples.bad), "{}", examples.bad);
    assert!(!fires(&examples.good), "{}", examples.good);
}
