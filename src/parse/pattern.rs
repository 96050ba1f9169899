//! Checklist regexes read with ASCII classes. In every pattern a checklist gives
//! (`regex`, `phrase`, `words`, `verbs`, command tables, `unless`), `\w`, `\d`,
//! `\s` and the word boundaries (`\b`, `\B`, `\b{start}`, `\<`, ...) mean their ASCII
//! forms. Unicode classes cost most of the time of compiling a pattern and make
//! searches fall back to slower engines on text with non-ASCII characters; the bar's
//! vocabularies are English words, commands and tokens, which ASCII covers. A
//! pattern that needs more says so with a Unicode class, such as `\p{L}`.
//!
//! A [`Pattern`] is checked when its checklist loads and compiled when first used,
//! in two tiers: its first [`QUICK_USES`] searches run on an NFA compiled without
//! DFAs or literal prefilters (a fraction of the cost to build), and only a pattern
//! used more often than that is compiled in full. A run over a few changes then
//! pays little for the hundreds of patterns in the bar, and a run over thousands
//! pays the full compile once for the patterns that do the work.
//!
//! A [`Sieve`] searches many patterns in one pass and says which match; [`AnyOf`]
//! is a list of patterns tried in order (evidence, `unless` lists) that uses one.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};

use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind, PatternID, PatternSet, hybrid, meta};

use regex_syntax::ast::{
    self, Assertion, AssertionKind, Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl,
    ClassPerlKind, ClassSet, ClassSetItem, Flag, Flags, FlagsItem, FlagsItemKind, Group, GroupKind,
};

/// `pattern` with its Perl classes and word boundaries made ASCII-only; the syntax
/// error when it is not a valid pattern.
pub fn ascii(pattern: &str) -> Result<String, String> {
    ASCII.get_or(pattern.to_owned(), || ascii_uncached(pattern))
}

fn ascii_uncached(pattern: &str) -> Result<String, String> {
    let mut tree = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    rewrite(&mut tree);
    let mut out = String::with_capacity(pattern.len() + 16);
    // Writing into a String cannot fail; should the printer ever refuse, the
    // pattern as written is still valid and means nearly the same.
    if ast::print::Printer::new().print(&tree, &mut out).is_err() {
        return Ok(pattern.to_owned());
    }
    Ok(out)
}

fn ascii_class(perl: &ClassPerl) -> ClassAscii {
    ClassAscii {
        span: perl.span,
        kind: match perl.kind {
            ClassPerlKind::Digit => ClassAsciiKind::Digit,
            ClassPerlKind::Space => ClassAsciiKind::Space,
            ClassPerlKind::Word => ClassAsciiKind::Word,
        },
        negated: perl.negated,
    }
}

fn is_word_boundary(kind: &AssertionKind) -> bool {
    !matches!(
        kind,
        AssertionKind::StartLine
            | AssertionKind::EndLine
            | AssertionKind::StartText
            | AssertionKind::EndText
    )
}

/// `(?-u:\b)` for an assertion `\b`.
fn ascii_assertion(assertion: &Assertion) -> Ast {
    let span = assertion.span;
    let flag = |kind| FlagsItem { span, kind };
    Ast::Group(Box::new(Group {
        span,
        kind: GroupKind::NonCapturing(Flags {
            span,
            items: vec![
                flag(FlagsItemKind::Negation),
                flag(FlagsItemKind::Flag(Flag::Unicode)),
            ],
        }),
        ast: Box::new(Ast::Assertion(Box::new(assertion.clone()))),
    }))
}

fn rewrite(tree: &mut Ast) {
    let replacement = match tree {
        Ast::ClassPerl(perl) => Ast::ClassBracketed(Box::new(ClassBracketed {
            span: perl.span,
            negated: false,
            kind: ClassSet::Item(ClassSetItem::Ascii(ascii_class(perl))),
        })),
        Ast::Assertion(a) if is_word_boundary(&a.kind) => ascii_assertion(a),
        Ast::ClassBracketed(class) => return rewrite_set(&mut class.kind),
        Ast::Repetition(rep) => return rewrite(&mut rep.ast),
        Ast::Group(group) => return rewrite(&mut group.ast),
        Ast::Alternation(alt) => return alt.asts.iter_mut().for_each(rewrite),
        Ast::Concat(concat) => return concat.asts.iter_mut().for_each(rewrite),
        _ => return,
    };
    *tree = replacement;
}

fn rewrite_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => {
            rewrite_set(&mut op.lhs);
            rewrite_set(&mut op.rhs);
        }
    }
}

fn rewrite_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(perl) => *item = ClassSetItem::Ascii(ascii_class(perl)),
        ClassSetItem::Bracketed(class) => rewrite_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(rewrite_item),
        _ => {}
    }
}

/// How many searches a pattern answers with its quick tier before it is compiled in full.
pub const QUICK_USES: usize = 48;

/// Texts longer than this are searched with the full tier from the first use.
pub const QUICK_TEXT: usize = 16 * 1024;

/// How large a compiled pattern may grow (the syntax check bounds the rest).
const SIZE_LIMIT: usize = 1 << 24;

/// A checklist regex (see the module docs).
pub struct Pattern {
    source: String,
    uses: AtomicUsize,
    quick: OnceLock<meta::Regex>,
    full: OnceLock<meta::Regex>,
}

impl Pattern {
    /// Checks `source` and keeps it, with ASCII classes, for compiling on first use.
    pub fn new(source: &str) -> Result<Pattern, String> {
        let source = ascii(source)?;
        // Under test every pattern is compiled at once, so an embedded one that
        // cannot be compiled fails the build instead of matching everything.
        #[cfg(test)]
        build(&source, true)?;
        Ok(Pattern {
            source,
            uses: AtomicUsize::new(0),
            quick: OnceLock::new(),
            full: OnceLock::new(),
        })
    }

    /// Whether the pattern has a group named `name`.
    pub fn has_group(&self, name: &str) -> bool {
        fn named(tree: &Ast, name: &str) -> bool {
            match tree {
                Ast::Group(group) => {
                    matches!(&group.kind, GroupKind::CaptureName { name: n, .. } if n.name == name)
                        || named(&group.ast, name)
                }
                Ast::Repetition(rep) => named(&rep.ast, name),
                Ast::Alternation(alt) => alt.asts.iter().any(|a| named(a, name)),
                Ast::Concat(concat) => concat.asts.iter().any(|a| named(a, name)),
                _ => false,
            }
        }
        ast::parse::Parser::new()
            .parse(&self.source)
            .is_ok_and(|tree| named(&tree, name))
    }

    /// The pattern as compiled: as written, with its flags and ASCII classes.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The engine for the next search. A pattern that passed the syntax check but
    /// cannot be compiled (past the size limit) matches everything, so its rule
    /// fails closed and shows instead of going quiet.
    ///
    /// A long `text` (past [`QUICK_TEXT`] bytes) goes to the full tier at once: the
    /// quick tier's PikeVM is linear in the text times the pattern, which a hostile
    /// megabyte-long line makes seconds.
    fn engine(&self, text: &str) -> &meta::Regex {
        if let Some(full) = self.full.get() {
            return full;
        }
        let quick =
            text.len() <= QUICK_TEXT && self.uses.fetch_add(1, Ordering::Relaxed) < QUICK_USES;
        let tier = if quick { &self.quick } else { &self.full };
        tier.get_or_init(|| {
            build(&self.source, std::ptr::eq(tier, &self.full)).unwrap_or_else(|_| everything())
        })
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.engine(text).is_match(text)
    }

    /// The leftmost-first match in `text`.
    pub fn find<'h>(&self, text: &'h str) -> Option<Found<'h>> {
        let m = self.engine(text).find(text)?;
        Some(Found::new(text, m.range()))
    }

    /// Every successive non-overlapping match in `text`.
    pub fn find_iter<'a, 'h: 'a>(&'a self, text: &'h str) -> impl Iterator<Item = Found<'h>> + 'a {
        self.engine(text)
            .find_iter(text)
            .map(move |m| Found::new(text, m.range()))
    }

    /// The groups of the leftmost-first match in `text`.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Groups<'h>> {
        let engine = self.engine(text);
        let mut caps = engine.create_captures();
        engine.captures(text, &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    /// The groups of every successive non-overlapping match in `text`.
    pub fn captures_iter<'a, 'h: 'a>(
        &'a self,
        text: &'h str,
    ) -> impl Iterator<Item = Groups<'h>> + 'a {
        self.engine(text)
            .captures_iter(text)
            .map(move |caps| Groups { text, caps })
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// What one process has compiled, shared by every bar it reads: `queue` and `report`
/// judge hundreds of pull requests by the same checklists. Keyed by the text that was
/// compiled, so a hit is the same automaton; cleared when it grows past
/// [`MEMO_LIMIT`] entries (bars that differ in every pull request).
struct Memo<T>(LazyLock<Mutex<HashMap<String, T>>>);

const MEMO_LIMIT: usize = 4096;

impl<T: Clone> Memo<T> {
    const fn new() -> Self {
        Memo(LazyLock::new(|| Mutex::new(HashMap::new())))
    }

    fn get_or(&self, key: String, make: impl FnOnce() -> T) -> T {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = lock().get(&key) {
            return done.clone();
        }
        let made = make();
        let mut memo = lock();
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(key, made.clone());
        made
    }
}

static ASCII: Memo<Result<String, String>> = Memo::new();
static BUILT: Memo<Result<meta::Regex, String>> = Memo::new();
static SIEVES: Memo<Result<hybrid::dfa::DFA, String>> = Memo::new();

fn build(source: &str, full: bool) -> Result<meta::Regex, String> {
    let key = format!("{}{source}", if full { 'F' } else { 'Q' });
    BUILT.get_or(key, || build_uncached(source, full))
}

fn build_uncached(source: &str, full: bool) -> Result<meta::Regex, String> {
    let config = meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT));
    let config = if full {
        config
    } else {
        // The PikeVM and the bounded backtracker only: no forward or reverse
        // DFA, no one-pass DFA, no literal extraction.
        config
            .hybrid(false)
            .dfa(false)
            .onepass(false)
            .auto_prefilter(false)
    };
    meta::Builder::new()
        .configure(config)
        .build(source)
        .map_err(|e| e.to_string())
}

/// The empty pattern, which matches everywhere (and always compiles).
fn everything() -> meta::Regex {
    #[allow(clippy::unwrap_used)]
    meta::Regex::new("").unwrap()
}

/// Many patterns in one forward lazy DFA, which says in one pass over a text which
/// of them match somewhere in it; the rest need neither a search nor, when none of
/// their texts ever matches, a compile. The DFA reads the same ASCII classes as
/// each pattern, so its answer is exact on any text.
pub struct Sieve {
    dfa: hybrid::dfa::DFA,
    caches: Mutex<Vec<hybrid::dfa::Cache>>,
}

impl std::fmt::Debug for Sieve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sieve")
            .field("patterns", &self.dfa.pattern_len())
            .finish()
    }
}

impl Sieve {
    /// The sieve for `patterns`, in order; the error when they are too large together.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> Result<Sieve, String> {
        Sieve::of(
            patterns
                .into_iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
        )
    }

    /// The sieve for `patterns` searched in a text made of many lines joined: `^` and
    /// `$` also match at each line's start and end, so a pattern anchored to a line
    /// is found in the joined text. It may then say "may match" of a pattern that
    /// reaches across a line break, never "cannot" of one that matches a line.
    pub fn multi_line<'p>(
        patterns: impl IntoIterator<Item = &'p Pattern>,
    ) -> Result<Sieve, String> {
        Sieve::of(
            patterns
                .into_iter()
                .map(|p| format!("(?m){}", p.as_str()))
                .collect(),
        )
    }

    fn of(sources: Vec<String>) -> Result<Sieve, String> {
        // Length-prefixed, so no two lists of sources make the same key.
        let key: String = sources.iter().map(|s| format!("{}:{s}", s.len())).collect();
        let dfa = SIEVES.get_or(key, || {
            hybrid::dfa::DFA::builder()
                .configure(hybrid::dfa::DFA::config().match_kind(MatchKind::All))
                .thompson(thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT)))
                .build_many(&sources)
                .map_err(|e| e.to_string())
        })?;
        Ok(Sieve {
            dfa,
            caches: Mutex::new(Vec::new()),
        })
    }

    /// The patterns that may match somewhere in `text`: exactly those that do, or
    /// all of them when the automaton could not tell.
    pub fn candidates(&self, text: &str) -> Candidates {
        let mut cache = self
            .caches
            .lock()
            .ok()
            .and_then(|mut caches| caches.pop())
            .unwrap_or_else(|| self.dfa.create_cache());
        let mut found = PatternSet::new(self.dfa.pattern_len());
        // Most texts match nothing, which a search that stops at the first match
        // says faster than one that goes on to name every pattern.
        let input = Input::new(text);
        let told = match self
            .dfa
            .try_search_fwd(&mut cache, &input.clone().earliest(true))
        {
            Ok(None) => true,
            Ok(Some(_)) => self
                .dfa
                .try_which_overlapping_matches(&mut cache, &input, &mut found)
                .is_ok(),
            Err(_) => false,
        };
        if let Ok(mut caches) = self.caches.lock() {
            caches.push(cache);
        }
        Candidates(told.then_some(found))
    }
}

/// A list of checklist patterns tried in order (evidence, `unless` lists). From
/// [`SIEVE_FROM`] patterns on, one [`Sieve`] pass says which of them match a text,
/// and only those are searched again, for their match.
pub struct AnyOf {
    patterns: Vec<Pattern>,
    sieve: OnceLock<Option<Sieve>>,
}

/// How many patterns a list needs before a [`Sieve`] pays for itself.
pub const SIEVE_FROM: usize = 3;

impl AnyOf {
    /// The list, in order.
    pub fn new(patterns: Vec<Pattern>) -> AnyOf {
        AnyOf {
            patterns,
            sieve: OnceLock::new(),
        }
    }

    /// Whether the list has no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The patterns, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Pattern> {
        self.patterns.iter()
    }

    fn candidates(&self, text: &str) -> Candidates {
        self.sieve
            .get_or_init(|| {
                (self.patterns.len() >= SIEVE_FROM)
                    .then(|| Sieve::new(&self.patterns).ok())
                    .flatten()
            })
            .as_ref()
            .map_or_else(Candidates::all, |sieve| sieve.candidates(text))
    }

    /// Whether any pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let candidates = self.candidates(text);
        match candidates.exact() {
            Some(any) => any,
            None => self.patterns.iter().any(|p| p.is_match(text)),
        }
    }

    /// The patterns that match somewhere in `text` (or, when the sieve cannot tell,
    /// may), in order, with their index.
    pub fn matching(&self, text: &str) -> impl Iterator<Item = (usize, &Pattern)> {
        let candidates = if self.patterns.is_empty() {
            Candidates::all()
        } else {
            self.candidates(text)
        };
        self.patterns
            .iter()
            .enumerate()
            .filter(move |(i, _)| candidates.may(*i))
    }

    /// The first pattern, in order, for which `f` gives something on `text`; only
    /// the patterns that match `text` are asked.
    pub fn first<'t, T>(
        &self,
        text: &'t str,
        mut f: impl FnMut(&Pattern, &'t str) -> Option<T>,
    ) -> Option<T> {
        self.matching(text).find_map(|(_, p)| f(p, text))
    }
}

impl std::fmt::Debug for AnyOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.patterns).finish()
    }
}

/// What a [`Sieve`] says of one text: which patterns, by index, may match it.
pub struct Candidates(Option<PatternSet>);

impl Candidates {
    /// Every pattern may match (there is no sieve, or it could not tell).
    pub fn all() -> Candidates {
        Candidates(None)
    }

    /// Whether no pattern can match.
    pub fn none(&self) -> bool {
        self.0.as_ref().is_some_and(PatternSet::is_empty)
    }

    /// Whether some pattern matches, when the sieve could tell.
    pub fn exact(&self) -> Option<bool> {
        self.0.as_ref().map(|set| !set.is_empty())
    }

    /// Whether the pattern at `index` may match.
    pub fn may(&self, index: usize) -> bool {
        self.0
            .as_ref()
            .is_none_or(|set| PatternID::new(index).is_ok_and(|id| set.contains(id)))
    }
}

/// One match: where it is in the text searched, and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    fn new(text: &'h str, range: Range<usize>) -> Found<'h> {
        Found {
            text,
            start: range.start,
            end: range.end,
        }
    }

    /// Byte offset of the start.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset past the end.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        self.text.get(self.range()).unwrap_or("")
    }
}

/// The groups of one match.
pub struct Groups<'h> {
    text: &'h str,
    caps: regex_automata::util::captures::Captures,
}

impl<'h> Groups<'h> {
    /// Group `index` (0 is the whole match), when it took part.
    pub fn get(&self, index: usize) -> Option<Found<'h>> {
        let span = self.caps.get_group(index)?;
        Some(Found::new(self.text, span.range()))
    }

    /// The group named `name`, when it took part.
    pub fn name(&self, name: &str) -> Option<Found<'h>> {
        let span = self.caps.get_group_by_name(name)?;
        Some(Found::new(self.text, span.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::{AnyOf, Pattern, QUICK_USES, SIEVE_FROM, Sieve, ascii};

    #[test]
    fn perl_classes_and_boundaries_become_ascii() {
        // Each line: the pattern as written, then as compiled.
        let cases = r"
            \bTODO\b                => (?-u:\b)TODO(?-u:\b)
            \w+\s\d                 => [[:word:]]+[[:space:]][[:digit:]]
            \W\S\D                  => [[:^word:]][[:^space:]][[:^digit:]]
            [\w'’/-]+               => [[:word:]'’/-]+
            [^\s\]]                 => [^[:space:]\]]
            [a[\d]]                 => [a[[:digit:]]]
            [\w&&[^_]]              => [[:word:]&&[^_]]
            \Bx\b{start}\<          => (?-u:\B)x(?-u:\b{start})(?-u:\<)
            ^a$|(?m:^b)             => ^a$|(?m:^b)
            (?i)(?P<n>\w){2,3}?     => (?i)(?P<n>[[:word:]]){2,3}?
            \p{L}+\\b               => \p{L}+\\b
            []b\]]\b                => []b\]](?-u:\b)
        ";
        // In the last, a `]` first in a class is a literal.
        let cases = cases.lines().filter_map(|l| l.trim().split_once(" => "));
        let cases: Vec<(&str, &str)> = cases.map(|(a, b)| (a.trim(), b.trim())).collect();
        assert_eq!(cases.len(), 12);
        for (input, want) in cases {
            let got = ascii(input).unwrap();
            assert_eq!(got, want, "{input}");
            regex::Regex::new(&got).unwrap();
        }
        assert!(ascii("a(").is_err());
    }

    #[test]
    fn ascii_patterns_match_ascii_words_only() {
        let re = regex::Regex::new(&ascii(r"\b\w+\b").unwrap()).unwrap();
        let words: Vec<&str> = re.find_iter("naïve café-ok").map(|m| m.as_str()).collect();
        assert_eq!(words, ["na", "ve", "caf", "ok"]);
        // A Unicode class still reads Unicode.
        let re = regex::Regex::new(&ascii(r"\p{L}+").unwrap()).unwrap();
        assert_eq!(re.find("naïve").map(|m| m.as_str()), Some("naïve"));
    }

    #[test]
    fn both_tiers_find_the_same_matches() {
        let pattern = Pattern::new(r"(?i)\b(?P<verb>wait|poll)\w*\s+(for\s+)?(\d+)").unwrap();
        let text = "Poll for 30s, then WAITING 5 more; wait 7.";
        let expected = vec![(0, 11), (19, 28), (35, 41)];
        for round in 0..=QUICK_USES + 2 {
            let found: Vec<(usize, usize)> = pattern
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(found, expected, "search {round}");
        }
        assert!(pattern.full.get().is_some() && pattern.quick.get().is_some());
        let groups = pattern.captures(text).unwrap();
        assert_eq!(groups.name("verb").unwrap().as_str(), "Poll");
        assert_eq!(groups.get(3).unwrap().as_str(), "30");
        assert!(groups.get(9).is_none());
        assert_eq!(pattern.captures_iter(text).count(), 3);
        assert!(!pattern.is_match("nothing here"));
        assert!(pattern.has_group("verb") && !pattern.has_group("noun"));
    }

    #[test]
    fn a_sieve_names_exactly_the_patterns_that_match() {
        let patterns: Vec<Pattern> = [r"(?i)\bdrop\s+table\b", r"\bTODO\b", r"ghp_\w{4}", r"^#"]
            .into_iter()
            .map(|p| Pattern::new(p).unwrap())
            .collect();
        let sieve = Sieve::new(&patterns).unwrap();
        for text in [
            "DROP  TABLE x; TODO",
            "nothing",
            "# ghp_abcd and ghp_",
            "naïve TODO",
            "",
        ] {
            let candidates = sieve.candidates(text);
            let got: Vec<usize> = (0..patterns.len()).filter(|&i| candidates.may(i)).collect();
            let want: Vec<usize> = (0..patterns.len())
                .filter(|&i| patterns[i].is_match(text))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn a_multi_line_sieve_finds_line_anchored_patterns_in_joined_lines() {
        let patterns: Vec<Pattern> = [r"^kubectl\s+delete\b", r"--force$", r"^rm\b"]
            .into_iter()
            .map(|p| Pattern::new(p).unwrap())
            .collect();
        let lines = ["echo start", "kubectl delete pod x --force", "done"];
        let joined = lines.join("\n");
        let candidates = Sieve::multi_line(&patterns).unwrap().candidates(&joined);
        for (i, pattern) in patterns.iter().enumerate() {
            let on_a_line = lines.iter().any(|l| pattern.is_match(l));
            assert_eq!(candidates.may(i), on_a_line, "{pattern:?}");
        }
        // Searched as one text, without `(?m)`, the anchors would miss both.
        assert!(Sieve::new(&patterns).unwrap().candidates(&joined).none());
    }

    #[test]
    fn any_of_answers_as_its_patterns_do_in_order() {
        let list = |sources: &[&str]| {
            AnyOf::new(sources.iter().map(|p| Pattern::new(p).unwrap()).collect())
        };
        // One and two patterns are searched one by one; three or more through a sieve.
        for any in [
            list(&[]),
            list(&[r"\bbackup\b"]),
            list(&[r"\bbackup\b", r"snapshot (?P<m>\w+)"]),
            list(&[
                r"\bbackup\b",
                r"snapshot (?P<m>\w+)",
                r"pg_dump",
                r"^restore",
            ]),
        ] {
            for text in [
                "take a snapshot first, then backup",
                "pg_dump db",
                "restore it",
                "nothing",
                "",
            ] {
                let want = any.iter().position(|p| p.is_match(text));
                let first = any.first(text, |p, t| {
                    p.is_match(t)
                        .then(|| any.iter().position(|q| std::ptr::eq(p, q)))
                        .flatten()
                });
                assert_eq!(first, want, "{text:?}");
                assert_eq!(any.is_match(text), want.is_some(), "{text:?}");
                let all: Vec<&str> = any
                    .iter()
                    .filter(|p| p.is_match(text))
                    .map(Pattern::as_str)
                    .collect();
                let matching: Vec<&str> = any.matching(text).map(|(_, p)| p.as_str()).collect();
                // Exact through a sieve; without one, every pattern may match.
                if any.iter().len() >= SIEVE_FROM {
                    assert_eq!(matching, all, "{text:?}");
                } else {
                    assert_eq!(matching.len(), any.iter().len(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn a_pattern_too_large_to_compile_matches_everything() {
        let huge = r"[[:word:]]{1000}{1000}{10}";
        // Under test such a pattern is refused when its checklist loads...
        assert!(Pattern::new(huge).is_err());
        // ...and should one reach a run, its rule fails closed.
        let pattern = Pattern {
            source: huge.to_owned(),
            uses: Default::default(),
            quick: Default::default(),
            full: Default::default(),
        };
        assert!(pattern.is_match("x"));
    }
}
