//! A change description as a pull request author could write it: parsing never
//! panics, and a parsed change is evaluated against the embedded bar without panics.
#![no_main]

use std::sync::OnceLock;

use barraiser::evaluate::Engine;
use barraiser::read::Files;
use barraiser::parse::change::parse_change;
use barraiser::parse::checklist::{EMBEDDED, parse_checklist};
use barraiser::parse::policy::Policy;
use libfuzzer_sys::fuzz_target;

struct Repo;

impl Files for Repo {
    fn exists(&self, path: &str) -> bool {
        path.len() % 2 == 0
    }
    fn label(&self) -> String {
        "fuzz".into()
    }
}

fn bar() -> Option<&'static (Policy, Engine)> {
    static BAR: OnceLock<Option<(Policy, Engine)>> = OnceLock::new();
    BAR.get_or_init(|| {
        let policy = Policy::embedded().ok()?;
        let lists = EMBEDDED
            .iter()
            .map(|(_, path, text)| parse_checklist(path, text).map(|f| (path.to_string(), f)))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        let now = "2026-11-20T00:00:00Z".parse().ok()?;
        let engine = Engine::new(&policy, lists, now).ok()?;
        Some((policy, engine))
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some((policy, engine)) = bar() else {
        panic!("the embedded bar does not load");
    };
    if let Ok(change) = parse_change("changes/fuzz.md", "0", text, &policy.body) {
        for f in engine.check(&change, &Repo) {
            assert!(!f.rule.is_empty());
        }
        let _ = change.title();
        let _ = change.risk();
    }
});
