//! A repository policy (`.barraiser/policy.yaml`): parsing never panics, and a
//! policy that parses compiles with the embedded checklists without panics.
#![no_main]

use barraiser::evaluate::Engine;
use barraiser::parse::checklist::{EMBEDDED, parse_checklist};
use barraiser::parse::policy::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::from_repo(".barraiser/policy.yaml", text) else {
        return;
    };
    for glob in ["deploy/x.yaml", "changes/a.md", "", "../x"] {
        let _ = policy.missing_change(&[glob.to_owned()]);
        let _ = policy.is_change_path(glob);
        let _ = policy.is_bar_file(glob);
    }
    let lists = EMBEDDED
        .iter()
        .filter_map(|(_, path, text)| {
            parse_checklist(path, text)
                .ok()
                .map(|f| (path.to_string(), f))
        })
        .collect();
    if let Ok(now) = "2026-11-20T00:00:00Z".parse() {
        let _ = Engine::new(&policy, lists, now);
    }
});
