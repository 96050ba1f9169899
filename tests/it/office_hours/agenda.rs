//! `barraiser agenda`: the queue as one document for the meeting's notes.

use crate::support::repo::file;
use crate::support::scenario::{AUTHOR, HIGH, MEDIUM, REPO, Scenario, code, show, stdout};

fn scenario() -> Scenario {
    let s = Scenario::new();
    let warned = MEDIUM.replace("until 7.4.", "until 7.4, tomorrow.");
    s.open_pr(
        7,
        AUTHOR,
        &[
            file("changes/checkout.md", &warned),
            file("deploy/checkout.yaml", "replicas: 4\n"),
        ],
    );
    s.open_pr(8, "erin", &[file("changes/payments.md", HIGH)]);
    s
}

#[test]
fn the_markdown_agenda_gives_each_item_risk_window_team_findings_and_link() {
    let s = scenario();
    let out = s.as_user("carol", &["agenda", "--repo", REPO]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = stdout(&out);
    let first = text.find("## 1. [acme/shop#7](https://github.com/acme/shop/pull/7)");
    let second = text.find("## 2. [acme/shop#8](https://github.com/acme/shop/pull/8)");
    assert!(first.is_some() && first < second, "{text}");
    assert!(text.contains("- **Risk:** medium"), "{text}");
    assert!(
        text.contains("- **Window:** starts 2026-11-25 14:00:00 UTC"),
        "{text}"
    );
    // The owning team is named, never mentioned (no notification from a pasted agenda).
    assert!(text.contains("checkout-oncall"), "{text}");
    assert!(!text.contains(" @acme/"), "{text}");
    assert!(
        text.contains("warning `relative-time` at changes/checkout.md:"),
        "{text}"
    );
    assert!(text.contains("- **Findings:** none"), "{text}");
    assert!(
        text.contains("- **Waiting for approval:** 2 pull requests"),
        "{text}"
    );
    assert!(
        !text.contains("Duty bar raiser"),
        "no rotation, no duty line: {text}"
    );
    let tz = s.as_user("carol", &["agenda", "--repo", REPO, "--tz", "+02:00"]);
    assert!(
        stdout(&tz).contains("starts 2026-11-25 16:00:00 +02"),
        "{}",
        show(&tz)
    );
    let bad = s.as_user("carol", &["agenda", "--repo", REPO, "--tz", "Mars/Olympus"]);
    assert_eq!(code(&bad), 2, "{}", show(&bad));
    s.assert_contract();
}

#[test]
fn the_html_agenda_is_one_self_contained_page() {
    let s = scenario();
    let out = s.as_user("carol", &["agenda", "--repo", REPO, "--format", "html"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    assert!(html.contains("<style>"), "{html}");
    for fetches in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(fetches), "{fetches} in {html}");
    }
    // Every value is HTML-escaped, the link included (`/` as `&#x2f;`, which a browser reads back).
    let link = "https://github.com/acme/shop/pull/7".replace('/', "&#x2f;");
    assert!(html.contains(&format!(r#"<a href="{link}">"#)), "{html}");
    assert!(html.contains("relative-time"), "{html}");
    assert!(html.contains("checkout-oncall"), "{html}");
    assert!(html.contains("&quot;tomorrow&quot;"), "{html}");
}
