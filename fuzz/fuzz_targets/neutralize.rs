//! Text echoed into the sticky comment: whatever goes in, what comes out has no
//! live mention or issue reference, no raw `<` (so no tag and no marker), no
//! newline, and no character reference the input could have smuggled in.
#![no_main]

use barraiser::render::{COMMENT_MARKER, neutralize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let out = neutralize(&text);
    assert!(!out.contains('<'), "raw < in {out:?}");
    assert!(!out.contains('>'), "raw > in {out:?}");
    assert!(!out.contains(COMMENT_MARKER));
    assert!(!out.contains(['\n', '\r']), "newline in {out:?}");
    let chars: Vec<char> = out.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        // `&#91;` is one of our character references, not an issue reference.
        if c == '@' || (c == '#' && (i == 0 || chars[i - 1] != '&')) {
            assert!(
                !next.is_some_and(|n| n.is_alphanumeric() || (c == '@' && (n == '_' || n == '-'))),
                "live {c} at {i} in {out:?}"
            );
        }
        if c == '&' {
            let rest: String = chars[i + 1..].iter().take(12).collect();
            let ok = ["amp;", "lt;", "gt;"].iter().any(|e| rest.starts_with(e))
                || rest
                    .strip_prefix('#')
                    .and_then(|r| r.split_once(';'))
                    .is_some_and(|(digits, _)| {
                        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
                    });
            assert!(ok, "unescaped & at {i} in {out:?}");
        }
    }
    for (i, w) in chars.windows(4).enumerate() {
        let live = w[0].eq_ignore_ascii_case(&'g')
            && w[1].eq_ignore_ascii_case(&'h')
            && w[2] == '-'
            && w[3].is_ascii_digit();
        assert!(!live, "live GH- reference at {i} in {out:?}");
    }
});
