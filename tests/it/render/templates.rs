//! Template overrides: replacing, neutralising whatever they print, and their errors.

use super::*;

#[test]
fn template_override_replaces_the_embedded_template() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "verdict={{ r.verdict }} changes={{ r.changes | length }} title={{ r.changes[0].title | neutralize }}\n".to_owned(),
    )])
    .unwrap();
    let text = render(&sample(), Format::Markdown, &opts(&templates, false, None)).unwrap();
    assert_eq!(
        text,
        "verdict=blocked changes=2 title=Move orders database to Aurora PostgreSQL 16\n"
    );
}

#[test]
fn an_override_that_forgets_to_neutralize_still_prints_inert_text() {
    // A repository's comment template that prints user text with no filter at all.
    let templates = Templates::new(vec![(
        "comment.md.j2".to_owned(),
        "{{ r.marker }}\n{% for c in r.changes %}{{ c.title }}\n{% endfor %}{{ r.notes | join(' ') }}\n"
            .to_owned(),
    )])
    .unwrap();
    let body = comment(&hostile_report(), &opts(&templates, false, None)).unwrap();
    assert!(body.starts_with(&format!("{COMMENT_MARKER}\n")), "{body}");
    assert_eq!(body.matches("<!--").count(), 1, "{body}");
    for needle in ["@alice", " #1", "<b>", "`y`", "](", "a|b", "\n- [ ] fake"] {
        assert!(!body.contains(needle), "{needle:?} survived in {body}");
    }
    assert!(body.contains("@\u{200B}alice"), "{body}");
    assert!(body.contains("&lt;b&gt;"), "{body}");
}

#[test]
fn an_explicit_neutralize_filter_is_not_applied_twice() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "{% for c in r.changes %}{{ c.title | neutralize }}|{{ c.title }}\n{% endfor %}".to_owned(),
    )])
    .unwrap();
    let mut report = sample();
    report.changes.truncate(1);
    report.changes[0].title = "Tom & Jerry <3".to_owned();
    let text = render(&report, Format::Markdown, &opts(&templates, false, None)).unwrap();
    assert_eq!(text, "Tom &amp; Jerry &lt;3|Tom &amp; Jerry &lt;3\n");
}

#[test]
fn broken_override_is_an_error_naming_template_and_line() {
    let err = Templates::new(vec![(
        "comment.md.j2".to_owned(),
        "ok\n{% if r.verdict %}\nnever closed\n".to_owned(),
    )])
    .unwrap_err();
    match &err {
        RenderError::Template { name, line, .. } => {
            assert_eq!(name, "comment.md.j2");
            assert!(line.is_some(), "{err}");
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("template `comment.md.j2`, line"),
        "{err}"
    );
}

#[test]
fn override_with_an_undefined_variable_fails_at_render() {
    let templates = Templates::new(vec![(
        "report.md.j2".to_owned(),
        "line one\n{{ r.verdcit }}\n".to_owned(),
    )])
    .unwrap();
    let err = render(&sample(), Format::Markdown, &opts(&templates, false, None)).unwrap_err();
    assert!(
        matches!(&err, RenderError::Template { name, line: Some(2), .. } if name == "report.md.j2"),
        "{err}"
    );
}

#[test]
fn override_of_an_unknown_template_is_an_error() {
    let err = Templates::new(vec![("coment.md.j2".to_owned(), "x".to_owned())]).unwrap_err();
    assert!(matches!(err, RenderError::UnknownTemplate { .. }), "{err}");
}
