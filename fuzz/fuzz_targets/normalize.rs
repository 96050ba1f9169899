//! Paths named by change descriptions and on the command line: normalising never
//! yields a path that leaves the repository, and is idempotent.
#![no_main]

use barraiser::read::normalize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    let Some(norm) = normalize(path) else {
        return;
    };
    assert!(!norm.starts_with('/'), "{path:?} -> {norm:?}");
    assert!(!norm.contains('\0'));
    for part in norm.split('/') {
        if norm.is_empty() {
            break;
        }
        assert!(
            !part.is_empty() && part != "." && part != "..",
            "{path:?} -> {norm:?}"
        );
    }
    assert_eq!(normalize(&norm).as_deref(), Some(norm.as_str()));
    // Resolved lexically against a root, it stays under that root.
    let joined = std::path::Path::new("/repo").join(&norm);
    assert!(joined.starts_with("/repo"));
});
