//! `extends: OWNER/REPO:PATH@REF`: a repository policy over a central one, which it may
//! only tighten. The central file is read through a [`CentralSource`] (the GitHub API in
//! `ci`, `review` and `queue`; a token or `--central FILE` for a local `check`).

use super::{ConfigError, RuleSetting};
use crate::Pos;
use crate::parse::change::Risk;

/// Where a central policy lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extends {
    /// The repository's owner.
    pub owner: String,
    /// The repository's name.
    pub repo: String,
    /// The file inside it.
    pub path: String,
    /// The branch, tag or commit it is read at.
    pub rev: String,
}

impl std::fmt::Display for Extends {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}:{}@{}", self.owner, self.repo, self.path, self.rev)
    }
}

impl Extends {
    /// Reads `OWNER/REPO:PATH@REF`, e.g. `acme/.github:barraiser/policy.yaml@main`.
    pub fn parse(text: &str) -> Result<Extends, String> {
        let usage = || {
            format!(
                "extends `{text}` is not OWNER/REPO:PATH@REF, e.g. acme/.github:barraiser/policy.yaml@main"
            )
        };
        let text = text.trim();
        let (repo, rest) = text.split_once(':').ok_or_else(usage)?;
        let (path, rev) = rest.rsplit_once('@').ok_or_else(usage)?;
        let (owner, name) = repo.split_once('/').ok_or_else(usage)?;
        let part_ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                && s != "."
                && s != ".."
        };
        let rev_ok = !rev.is_empty()
            && !rev.contains("..")
            && rev
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
        let path_ok = crate::read::normalize(path).is_some_and(|p| p == path && !p.is_empty());
        if !(part_ok(owner) && part_ok(name) && path_ok && rev_ok) {
            return Err(usage());
        }
        Ok(Extends {
            owner: owner.to_owned(),
            repo: name.to_owned(),
            path: path.to_owned(),
            rev: rev.to_owned(),
        })
    }
}

/// Reads the central policy a repository policy extends.
pub trait CentralSource {
    /// The central file's text; None when it does not exist there.
    fn read(&self, at: &Extends) -> Result<Option<String>, String>;
}

/// No way to read a central policy here: `extends` fails with `why`.
pub struct NoCentral(pub String);

impl CentralSource for NoCentral {
    fn read(&self, _: &Extends) -> Result<Option<String>, String> {
        Err(self.0.clone())
    }
}

/// The central policy a repository policy was merged over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Central {
    /// `OWNER/REPO:PATH@REF`.
    pub label: String,
    /// The checklists it names (a repository checklist may not replace them).
    pub checklists: Vec<String>,
}

/// Builds "`what` would loosen the central policy": the error that names both files.
pub(super) struct Loosening<'a> {
    /// The repository policy's path.
    pub path: &'a str,
    /// The central policy's label.
    pub central: &'a str,
}

impl Loosening<'_> {
    pub(super) fn error(&self, at: Pos, what: String, central_says: String) -> ConfigError {
        ConfigError::new(
            self.path,
            at,
            format!(
                "{what} would loosen the central policy {} ({central_says}); a repository \
                 that extends it may only tighten it",
                self.central
            ),
        )
    }

    /// A risk floor the repository sets below the central one.
    pub(super) fn floor(
        &self,
        at: Pos,
        key: &str,
        name: &str,
        repo: Risk,
        central: Risk,
    ) -> Result<(), ConfigError> {
        if repo < central {
            return Err(self.error(
                at,
                format!("`{key}: {{{name}: {}}}`", repo.as_str()),
                format!("{name}: {}", central.as_str()),
            ));
        }
        Ok(())
    }

    /// A rule setting: the repository may make a rule a blocker, or raise the central
    /// setting; turning a rule off or lowering it is loosening.
    pub(super) fn rule(
        &self,
        at: Pos,
        id: &str,
        repo: RuleSetting,
        central: Option<RuleSetting>,
    ) -> Result<(), ConfigError> {
        let rank = |s: RuleSetting| match s {
            RuleSetting::Off => 0,
            RuleSetting::Advice => 1,
            RuleSetting::Warning => 2,
            RuleSetting::Blocker => 3,
        };
        let name = |s: RuleSetting| format!("{s:?}").to_lowercase();
        let ok = repo == RuleSetting::Blocker || central.is_some_and(|c| rank(repo) >= rank(c));
        if ok {
            return Ok(());
        }
        Err(self.error(
            at,
            format!("`rules: {{{id}: {}}}`", name(repo)),
            match central {
                Some(c) => format!("{id}: {}", name(c)),
                None => format!("{id} as its checklist sets it; only `blocker` is sure to tighten"),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::policy::Policy;

    struct Fixed(&'static str);

    impl CentralSource for Fixed {
        fn read(&self, _: &Extends) -> Result<Option<String>, String> {
            Ok(Some(self.0.to_owned()))
        }
    }

    const CENTRAL: &str = "\
require_change_for: [scripts/**]
bar_raisers: [alice, bob]
approvals: { low: 0, medium: 1, high: 2 }
unwaivable: [secret-in-text]
freeze: [{ start: 2026-12-20T00:00:00Z, end: 2027-01-04T00:00:00Z }]
rules: { relative-time: warning }
rotation: { members: [alice, bob], start: 2026-11-30 }
";

    fn load(repo: &str) -> Result<Policy, ConfigError> {
        let text = format!("extends: acme/.github:p.yaml@main\n{repo}");
        Policy::load(".barraiser.yaml", &text, &Fixed(CENTRAL))
    }

    #[test]
    fn a_repository_adds_to_the_central_lists_and_raises_its_numbers() {
        let p = load(
            "require_change_for: [db/**]\nbar_raisers: [bob]\napprovals: {low: 1, medium: 1, high: 3}\n\
             unwaivable: [placeholder]\nfreeze: [{ start: 2026-11-01T00:00:00Z, end: 2026-11-02T00:00:00Z }]\n\
             rules: { relative-time: blocker, placeholder: blocker }\n",
        )
        .unwrap();
        assert!(p.requires_change("scripts/x.sh") && p.requires_change("db/x.sql"));
        assert_eq!(p.bar_raisers, ["bob"]);
        assert_eq!(p.approvals.needed(Risk::High), 3);
        assert_eq!(p.unwaivable, ["secret-in-text", "placeholder"]);
        assert_eq!(p.freeze.len(), 2);
        assert_eq!(p.rules.len(), 2);
        assert!(p.rotation.is_some());
        assert_eq!(p.central.unwrap().label, "acme/.github:p.yaml@main");
    }

    #[test]
    fn each_loosening_is_refused_at_its_line_naming_both_files() {
        for (repo, line) in [
            ("approvals: {low: 0, medium: 0, high: 2}\n", 2),
            ("bar_raisers: [alice, mallory]\n", 2),
            ("rules: { relative-time: advice }\n", 2),
            ("rules: { placeholder: off }\n", 2),
            ("risk_floor_by_type: { migration: low }\n", 2),
            ("rotation: { members: [carol], start: 2026-11-30 }\n", 2),
            ("expectation_prefixes: [\"Maybe:\"]\n", 2),
        ] {
            let e = load(repo).unwrap_err();
            assert_eq!(e.path, ".barraiser.yaml", "{repo}: {e}");
            assert_eq!(e.pos.line, line, "{repo}: {e}");
            assert!(
                e.message.contains("acme/.github:p.yaml@main"),
                "{repo}: {e}"
            );
            assert!(e.message.contains("may only tighten"), "{repo}: {e}");
        }
        // Without a way to read the central policy, `from_repo` fails closed.
        let e = Policy::from_repo(".barraiser.yaml", "extends: acme/.github:p.yaml@main\n");
        assert!(
            e.unwrap_err()
                .message
                .contains("cannot read the central policy")
        );
    }

    #[test]
    fn parses_the_central_address() {
        let e = Extends::parse("acme/.github:barraiser/policy.yaml@main").unwrap();
        assert_eq!(e.owner, "acme");
        assert_eq!(e.repo, ".github");
        assert_eq!(e.path, "barraiser/policy.yaml");
        assert_eq!(e.rev, "main");
        assert_eq!(e.to_string(), "acme/.github:barraiser/policy.yaml@main");
        for bad in [
            "acme/.github:barraiser/policy.yaml",
            "acme:policy.yaml@main",
            "acme/.github:../policy.yaml@main",
            "acme/.github:policy.yaml@",
            "acme/.github:policy.yaml@a..b",
            "acme/x y:policy.yaml@main",
        ] {
            assert!(Extends::parse(bad).is_err(), "{bad}");
        }
    }
}
