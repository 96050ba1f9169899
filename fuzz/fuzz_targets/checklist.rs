//! A repository checklist (`.barraiser/checklists/*.yaml`): parsing and compiling
//! (expressions, regexes, message templates) never panic.
#![no_main]

use barraiser::evaluate::Engine;
use barraiser::parse::checklist::parse_checklist;
use barraiser::parse::policy::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = ".barraiser/checklists/fuzz.yaml";
    let Ok(file) = parse_checklist(path, text) else {
        return;
    };
    let (Ok(policy), Ok(now)) = (Policy::embedded(), "2026-11-20T00:00:00Z".parse()) else {
        return;
    };
    let _ = Engine::new(&policy, vec![(path.to_string(), file)], now);
});
