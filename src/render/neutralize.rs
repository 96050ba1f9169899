//! Making user-supplied text inert before it is echoed into GitHub Markdown.
//!
//! Change descriptions, file names and review notes come from whoever opened the
//! pull request. The sticky comment is posted with the CI token, so anything they
//! write must not ping people, link issues, inject HTML or images, or close the
//! markup the templates wrap around it.
//!
//! The Markdown templates print every value through [`neutralize`] (it is their
//! formatter, see `templates.rs`). Only text barraiser builds itself, the comment
//! marker and links, is handed to them as [`Trusted`] and printed as it is.

use serde::{Serialize, Serializer};

/// The hidden marker on the first line of the sticky comment.
pub const COMMENT_MARKER: &str = "<!-- barraiser:verdict -->";

/// Zero-width space: GitHub's mention and issue-reference matchers need the
/// `@`, `#` or `GH-` to touch the name or number, so this breaks the match while
/// leaving the text readable. Renovate and Dependabot use the same character.
const BREAK: char = '\u{200B}';

/// Makes `text` safe to place inline in GitHub Markdown, in table cells and
/// inside HTML blocks such as `<summary>`.
///
/// Newlines and other control characters collapse to single spaces. Characters
/// that open or close markup become numeric character references: CommonMark
/// never reads those as structure, and unlike backslash escapes they also
/// display correctly inside HTML blocks, where Markdown is not parsed.
/// Mentions and issue references get a zero-width space so they stay inert.
pub fn neutralize(text: &str) -> String {
    let line = single_line(text);
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + line.len() / 4);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Code spans, emphasis, links and images, tables, strikethrough,
            // math, and the backslash that would escape our own escapes.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => push_reference(&mut out, c),
            '#' => {
                if i == 0 {
                    push_reference(&mut out, c);
                } else {
                    out.push(c);
                }
                if next.is_some_and(|n| n.is_alphanumeric()) {
                    out.push(BREAK);
                }
            }
            '@' => {
                out.push('@');
                if next.is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '-') {
                    out.push(BREAK);
                }
            }
            '-' if is_gh_reference(&chars, i) => {
                out.push('-');
                out.push(BREAK);
            }
            // At the start of a template line these would open a list or a
            // setext heading.
            '-' | '+' | '=' if i == 0 => push_reference(&mut out, c),
            '.' | ')' if is_ordered_list_marker(&chars, i) => push_reference(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// Text barraiser built itself, which a Markdown template prints as it is: the
/// comment marker, or a link (whose characters that would end a Markdown link
/// destination are percent-encoded). Serialised as a plain string for JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Trusted {
    /// Markup, printed as is.
    Markup(&'static str),
    /// A URL for a link destination.
    Link(String),
}

impl Serialize for Trusted {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = match self {
            Trusted::Markup(text) => text,
            Trusted::Link(url) => url.as_str(),
        };
        if !minijinja::value::serializing_for_value() {
            return s.serialize_str(text);
        }
        let printed = match self {
            Trusted::Markup(_) => text.to_owned(),
            Trusted::Link(_) => link_destination(text),
        };
        minijinja::Value::from_safe_string(printed).serialize(s)
    }
}

/// `url` with the characters that would end or break a Markdown link destination
/// (white space, controls, parentheses, angle brackets) percent-encoded.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>') {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `c` as a decimal numeric character reference, such as `&#96;`.
fn push_reference(out: &mut String, c: char) {
    out.push_str("&#");
    out.push_str(&u32::from(c).to_string());
    out.push(';');
}

/// Collapses every run of whitespace and control characters to one space and
/// drops invisible direction overrides, so the text fits one line and reads
/// the way it displays.
fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if is_bidi_control(c) || c == BREAK || c == '\u{200D}' || c == '\u{2060}' || c == '\u{FEFF}'
        {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Bidirectional overrides and isolates can make text display differently
/// from what it says ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `GH-123` is an issue reference on GitHub; the dash at `i` is its separator.
fn is_gh_reference(chars: &[char], i: usize) -> bool {
    i >= 2
        && chars[i - 2].eq_ignore_ascii_case(&'g')
        && chars[i - 1].eq_ignore_ascii_case(&'h')
        && chars.get(i + 1).is_some_and(char::is_ascii_digit)
}

/// `1.` or `1)` at the very start would turn a line into an ordered list.
fn is_ordered_list_marker(chars: &[char], i: usize) -> bool {
    i > 0 && chars[..i].iter().all(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_get_a_zero_width_space() {
        assert_eq!(neutralize("ask @alice"), "ask @\u{200B}alice");
        assert_eq!(neutralize("a@b.example"), "a@\u{200B}b.example");
        assert_eq!(neutralize("@ alone"), "@ alone");
    }

    #[test]
    fn text_collapses_to_one_line() {
        assert_eq!(neutralize("  a\r\n\tb\u{7}c  "), "a b c");
        assert_eq!(neutralize("x\u{202E}y"), "xy");
    }

    #[test]
    fn links_cannot_close_their_markup() {
        assert_eq!(
            link_destination("https://x.example/a b)(<c>"),
            "https://x.example/a%20b%29%28%3Cc%3E"
        );
        assert_eq!(
            link_destination("https://github.com/acme/shop/pull/7#L3"),
            "https://github.com/acme/shop/pull/7#L3"
        );
    }

    #[test]
    fn leading_block_markers_are_escaped() {
        assert_eq!(neutralize("- item"), "&#45; item");
        assert_eq!(neutralize("12. item"), "12&#46; item");
        assert_eq!(neutralize("# heading"), "&#35; heading");
        assert_eq!(neutralize("a-b 1.2"), "a-b 1.2");
    }
}
