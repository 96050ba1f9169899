//! Properties over generated input, on stable Rust in `cargo test`: the same
//! invariants the fuzz targets in `fuzz/` check, with default proptest case counts.
//!
//! - the parsers never panic, whatever the text;
//! - a change description written out as Markdown with YAML front matter parses
//!   back to the same title, service, risk, steps and commands;
//! - neutralised text has no live mention or issue reference and no raw tag;
//! - a normalised path never leaves the repository.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::OnceLock;

use barraiser::evaluate::Engine;
use barraiser::parse::change::{Risk, parse_change};
use barraiser::parse::checklist::{EMBEDDED, parse_checklist};
use barraiser::parse::policy::Policy;
use barraiser::read::Files;
use barraiser::read::normalize;
use barraiser::render::{COMMENT_MARKER, neutralize};
use proptest::prelude::*;

/// Default case counts; failures are printed, not written next to the sources.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The embedded policy and checklists, compiled once for every case.
fn bar() -> &'static (Policy, Engine) {
    static BAR: OnceLock<(Policy, Engine)> = OnceLock::new();
    BAR.get_or_init(|| {
        let policy = Policy::embedded().expect("embedded policy");
        let lists = EMBEDDED
            .iter()
            .map(|(_, path, text)| (path.to_string(), parse_checklist(path, text).expect(path)))
            .collect();
        let now = "2026-11-20T00:00:00Z".parse().expect("time");
        let engine = Engine::new(&policy, lists, now).expect("embedded bar compiles");
        (policy, engine)
    })
}

struct NoFiles;

impl Files for NoFiles {
    fn exists(&self, _: &str) -> bool {
        false
    }
    fn label(&self) -> String {
        "test".into()
    }
}

/// Text that looks enough like a change description to get past the delimiters:
/// front matter lines, headings, list items, fences, and arbitrary text between.
fn change_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("## Steps\n".to_string()),
        Just("## Rollback\n".to_string()),
        Just("1. ".to_string()),
        Just("```sh\n".to_string()),
        Just("```\n".to_string()),
        Just("Expect: `ok`\n".to_string()),
        Just("risk: high\n".to_string()),
        Just("rollback:\n  trigger: \"errors above 1%\"\n".to_string()),
        Just("parameters: {A: 1}\n".to_string()),
        Just("&a [*a]\n".to_string()),
        "[ -~]{0,20}\n",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| format!("---\n{}", pieces.concat()))
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn change_parsing_and_checking_never_panic(text in prop_oneof![change_like(), "\\PC*"]) {
        let (policy, engine) = bar();
        if let Ok(change) = parse_change("changes/x.md", "0", &text, &policy.body) {
            let findings = engine.check(&change, &NoFiles);
            for f in findings {
                prop_assert!(!f.rule.is_empty());
            }
        }
    }

    #[test]
    fn policy_and_checklist_parsing_never_panic(text in prop_oneof![
        "\\PC*",
        "(checklist|rules|- id|title|severity|assert|expr|patterns|match|regex|changes_dir|freeze|sections|approvals|[a-z]{1,8}|  |: |\n|-|\\[|\\]|\\{|\\}|'|\"|\\*|&|[0-9]){0,60}",
    ]) {
        let _ = Policy::from_repo(".barraiser/policy.yaml", &text);
        let _ = parse_checklist(".barraiser/checklists/x.yaml", &text);
        let _ = barraiser::parse::yaml::parse(&text);
    }
}

/// One step of a generated change: prose, a command, an expectation.
#[derive(Clone, Debug)]
struct GenStep {
    prose: String,
    command: String,
    expect: String,
}

fn gen_step() -> impl Strategy<Value = GenStep> {
    (
        "[A-Z][a-z]{1,10}( [a-z]{1,10}){0,6}",
        "[a-z]{2,8}( (--[a-z]{2,8}|\"\\$[A-Z]{2,6}\"|[a-z0-9./=-]{1,12})){0,5}",
        "[a-z0-9]{1,10}( [a-z0-9]{1,10}){0,3}",
    )
        .prop_map(|(prose, command, expect)| GenStep {
            prose,
            command,
            expect,
        })
}

fn risk() -> impl Strategy<Value = Risk> {
    prop_oneof![Just(Risk::Low), Just(Risk::Medium), Just(Risk::High)]
}

/// Writes a change description the way a person would.
fn write_change(title: &str, service: &str, risk: Risk, steps: &[GenStep]) -> String {
    let mut out = String::from("---\n");
    // A JSON string is a valid YAML double-quoted scalar.
    out.push_str(&format!("title: {}\n", serde_json::Value::from(title)));
    out.push_str(&format!(
        "service: {service}\nrisk: {}\n---\n\n",
        risk.as_str()
    ));
    out.push_str("## Summary\nA generated change.\n\n## Steps\n");
    for (i, s) in steps.iter().enumerate() {
        out.push_str(&format!(
            "{}. {}:\n   ```sh\n   {}\n   ```\n   Expect: {}\n",
            i + 1,
            s.prose,
            s.command,
            s.expect
        ));
    }
    out
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn a_written_change_parses_back(
        title in "[\\p{L}\\p{N}\\p{P}\\p{S}][\\p{L}\\p{N}\\p{P}\\p{S} ]{0,50}[\\p{L}\\p{N}\\p{P}\\p{S}]",
        // Plain scalars that YAML reads as something other than text (serde-saphyr
        // accepts the YAML 1.1 booleans `y`, `n`, `yes`, `on`, ...) are left out.
        service in "[a-z][a-z0-9-]{0,20}".prop_filter("a YAML 1.1 boolean or null", |s| {
            !matches!(s.as_str(), "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null")
        }),
        risk in risk(),
        steps in prop::collection::vec(gen_step(), 1..6),
        crlf in any::<bool>(),
    ) {
        let (policy, _) = bar();
        let mut text = write_change(&title, &service, risk, &steps);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let change = parse_change("changes/x.md", "0", &text, &policy.body)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(change.title(), title);
        prop_assert_eq!(change.field("service"), Some(service));
        prop_assert_eq!(change.risk(), Some(risk));
        let section = change.section("steps").ok_or_else(|| TestCaseError::fail("no steps section"))?;
        prop_assert_eq!(section.steps.len(), steps.len());
        for (i, (parsed, written)) in section.steps.iter().zip(&steps).enumerate() {
            prop_assert_eq!(parsed.number, i + 1);
            prop_assert!(parsed.prose.text.contains(&written.prose), "{:?} vs {:?}", parsed.prose.text, written.prose);
            let commands: Vec<&str> = parsed.commands.iter().map(|c| c.code.text.trim_end()).collect();
            prop_assert_eq!(commands, vec![written.command.as_str()]);
            let expectation = parsed.expectation.as_ref().map(|e| e.text.trim());
            prop_assert_eq!(expectation, Some(written.expect.as_str()));
        }
    }
}

/// Text rich in what neutralising is for: mentions, references, tags, markers.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("@".to_string()),
        Just("#".to_string()),
        Just("GH-".to_string()),
        Just("gh-".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("&lt;".to_string()),
        Just("&#60;".to_string()),
        Just(COMMENT_MARKER.to_string()),
        Just("<img src=x>".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\n".to_string()),
        Just("`".to_string()),
        "[a-zA-Z0-9_-]{1,6}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn neutralised_text_has_no_live_mention_or_tag(text in prop_oneof![hostile_text(), "\\PC*", any::<String>()]) {
        let out = neutralize(&text);
        prop_assert!(!out.contains('<') && !out.contains('>'), "{:?}", out);
        prop_assert!(!out.contains(COMMENT_MARKER));
        prop_assert!(!out.contains(['\n', '\r']), "{:?}", out);
        let chars: Vec<char> = out.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            if c == '@' {
                prop_assert!(!next.is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '-'), "live mention in {:?}", out);
            }
            // `&#91;` is a character reference, not an issue reference.
            if c == '#' && (i == 0 || chars[i - 1] != '&') {
                prop_assert!(!next.is_some_and(char::is_alphanumeric), "live reference in {:?}", out);
            }
            if c == '&' {
                let rest: String = chars[i + 1..].iter().take(12).collect();
                let escaped = ["amp;", "lt;", "gt;"].iter().any(|e| rest.starts_with(e))
                    || rest
                        .strip_prefix('#')
                        .and_then(|r| r.split_once(';'))
                        .is_some_and(|(d, _)| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(escaped, "raw & in {:?}", out);
            }
        }
        for w in chars.windows(4) {
            let live = w[0].eq_ignore_ascii_case(&'g')
                && w[1].eq_ignore_ascii_case(&'h')
                && w[2] == '-'
                && w[3].is_ascii_digit();
            prop_assert!(!live, "live GH- reference in {:?}", out);
        }
    }

    #[test]
    fn normalised_paths_stay_inside(parts in prop::collection::vec(
        prop_oneof![Just(".."), Just("."), Just(""), Just("a"), Just("b c"), Just("..."), Just("/"), Just("\\")],
        0..12,
    ), absolute in any::<bool>()) {
        let path = format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"));
        match normalize(&path) {
            None => {}
            Some(norm) => {
                prop_assert!(!absolute);
                prop_assert!(!norm.starts_with('/'));
                if !norm.is_empty() {
                    prop_assert!(norm.split('/').all(|p| !p.is_empty() && p != "." && p != ".."), "{:?} -> {:?}", path, norm);
                }
                // Never deeper up than the path went down: resolving against a root stays under it.
                let mut depth = 0i32;
                for p in path.split('/') {
                    match p {
                        "" | "." => {}
                        ".." => depth -= 1,
                        _ => depth += 1,
                    }
                    prop_assert!(depth >= 0, "{:?} escapes but normalised to {:?}", path, norm);
                }
                prop_assert_eq!(normalize(&norm), Some(norm.clone()));
            }
        }
    }
}

#[test]
fn normalize_refuses_the_classic_escapes() {
    for path in [
        "../x",
        "./../outside.sh",
        "a/../../x",
        "/etc/passwd",
        "a\0b",
    ] {
        assert_eq!(normalize(path), None, "{path}");
    }
}

/// A commit of `files` in a new repository, built with git2.
fn repository(files: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let mut index = repo.index().unwrap();
    for (path, text) in files {
        let blob = repo.blob(text.as_bytes()).unwrap();
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: blob,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        index.add(&entry).unwrap();
    }
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who =
        git2::Signature::new("t", "t@example.com", &git2::Time::new(1_795_132_800, 0)).unwrap();
    repo.commit(Some("HEAD"), &who, &who, "changes", &tree, &[])
        .unwrap();
    dir
}

/// Checking many changes at once (on worker threads where the machine has several
/// cores) gives the same reports, in the same order, as checking a few at a time.
#[test]
fn checking_many_changes_at_once_matches_checking_them_a_few_at_a_time() {
    use barraiser::read::Workspace;
    use barraiser::run::{check_entries, load_bar};

    let mut files = vec![("scripts/present.sh".to_string(), "exit 0\n".to_string())];
    for i in 0..150 {
        let script = if i % 3 == 0 { "present" } else { "absent" };
        let risk = ["low", "medium", "high"][i % 3];
        let text = format!(
            "---\ntitle: Change {i}\nservice: s{i}\nrisk: {risk}\n---\n\n## Steps\n1. Run it:\n   ```sh\n   ./scripts/{script}.sh --n {i}\n   ```\n{}\n## Rollback\n1. Ask Priya.\n",
            if i % 2 == 0 { "   Expect: `ok`.\n" } else { "" }
        );
        files.push((format!("changes/c{i:03}.md"), text));
    }
    files.push((
        "changes/broken.md".to_string(),
        "no front matter\n".to_string(),
    ));
    let dir = repository(&files);
    let ws = Workspace::discover(dir.path()).unwrap();
    let head = ws.at_rev("HEAD").unwrap();
    let none = barraiser::parse::policy::NoCentral(String::new());
    let bar = load_bar(&head, head.time(), &none).unwrap();
    let entries = head.list_dir("changes", ".md").unwrap();
    assert_eq!(entries.len(), 151);

    let (all, all_errors) = check_entries(&bar, entries.clone(), &head);
    let (mut few, mut few_errors) = (Vec::new(), Vec::new());
    for chunk in entries.chunks(10) {
        let (reports, errors) = check_entries(&bar, chunk.to_vec(), &head);
        few.extend(reports);
        few_errors.extend(errors);
    }
    let summary = |reports: &[barraiser::ChangeReport]| {
        reports
            .iter()
            .map(|r| {
                let findings: Vec<String> = r
                    .findings
                    .iter()
                    .map(|f| format!("{}:{}:{}:{}", f.rule, f.line, f.column, f.message))
                    .collect();
                format!("{} {} {:?} {:?}", r.path, r.title, r.risk, findings)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&all), summary(&few));
    assert_eq!(all.len(), 150);
    // The repo-files rule saw the repository through the worker threads.
    let missing =
        |r: &barraiser::ChangeReport| r.findings.iter().any(|f| f.rule == "missing-repo-file");
    assert!(
        !missing(&all[0]) && missing(&all[1]),
        "{:?}",
        all[1].findings
    );
    let paths = |e: &[barraiser::InputError]| e.iter().map(|e| e.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&all_errors), vec!["changes/broken.md".to_string()]);
    assert_eq!(paths(&all_errors), paths(&few_errors));
}
