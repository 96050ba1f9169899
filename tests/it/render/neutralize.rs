//! User text made inert for GitHub Markdown.

use super::*;

#[test]
fn neutralize_defuses_mentions_and_team_mentions() {
    for text in [
        "@alice please look",
        "cc @acme/orders-oncall",
        "(@bob)",
        "email me@example.com",
    ] {
        let out = neutralize(text);
        assert_inert(&out);
        assert_eq!(
            out.replace('\u{200B}', ""),
            text,
            "only invisible characters are added"
        );
    }
}

#[test]
fn neutralize_defuses_issue_references() {
    for text in ["fixes #123", "see GH-45", "acme/shop#9", "gh-7"] {
        assert_inert(&neutralize(text));
    }
}

#[test]
fn neutralize_escapes_html_and_comments() {
    let out = neutralize("<img src=x onerror=alert(1)> & <!-- hidden --> </details>");
    assert_inert(&out);
    assert_eq!(
        out,
        "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!-- hidden --&gt; &lt;/details&gt;"
    );
}

#[test]
fn neutralize_cannot_spoof_the_marker() {
    let out = neutralize(COMMENT_MARKER);
    assert!(!out.contains(COMMENT_MARKER));
    assert!(!out.contains("<!--"));
    assert!(!out.contains("-->"));
}

#[test]
fn neutralize_escapes_backticks_links_images_and_pipes() {
    let out =
        neutralize("`code` ![img](https://evil.example/x.png) [link](https://evil.example) a | b");
    assert_inert(&out);
    assert!(out.contains("&#96;code&#96;"));
    assert!(out.contains("&#124;"));
}

#[test]
fn neutralize_collapses_newlines() {
    let out = neutralize("line one\n\n## Heading\r\n- [x] forged task");
    assert_eq!(out, "line one ## Heading - &#91;x&#93; forged task");
    assert_inert(&out);
}
