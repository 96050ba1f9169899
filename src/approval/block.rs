//! The machine-readable block a bar-raiser review carries: which change
//! descriptions, at which git blob ids, the decision is about.

use serde::{Deserialize, Serialize};

use crate::render::neutralize;
use crate::short;

/// The start of the block inside a review body. The JSON follows on the same line.
pub const BLOCK_START: &str = "<!-- barraiser:approval ";
/// The end of the block.
const BLOCK_END: &str = " -->";
/// The block format this version writes and reads.
pub const BLOCK_VERSION: u32 = 1;

/// A file a decision is bound to, by path and git blob id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BoundFile {
    /// Repository-relative path.
    pub path: String,
    /// Git blob id (hex) of the content reviewed.
    pub blob: String,
}

/// The block itself: `<!-- barraiser:approval {"version":1,...} -->`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Format version, `BLOCK_VERSION`.
    pub version: u32,
    /// The pull request's head commit when the decision was made.
    pub head: String,
    /// The change descriptions (and bar files) reviewed, sorted by path.
    pub changes: Vec<BoundFile>,
    /// The bar raiser's note, as written (the visible copy in the body is neutralised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A bar raiser's decision on a pull request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// The content is approved.
    Approve,
    /// The content needs changes first.
    RequestChanges,
}

/// Why a block could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    /// The block starts but never ends.
    #[error("the approval block is not closed with `-->`")]
    Unterminated,
    /// The JSON inside is not a block.
    #[error("the approval block is not valid: {0}")]
    Invalid(String),
    /// A version this build does not know.
    #[error("the approval block has version {0}; this barraiser reads version {BLOCK_VERSION}")]
    Version(u32),
}

impl Block {
    /// A block for `changes` at `head`; the files are sorted so equal content gives equal text.
    pub fn new(head: &str, mut changes: Vec<BoundFile>, note: Option<&str>) -> Self {
        changes.sort();
        changes.dedup();
        Self {
            version: BLOCK_VERSION,
            head: head.to_owned(),
            changes,
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        }
    }

    /// The block as one HTML comment line.
    pub fn to_comment(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        // These characters only occur inside JSON strings, where the escapes are equivalent.
        // Without them a path could end the HTML comment early, and a note's @-mention
        // or #123 would sit raw in the body.
        let json = json
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('@', "\\u0040")
            .replace('#', "\\u0023");
        format!("{BLOCK_START}{json}{BLOCK_END}")
    }
}

/// Finds and reads the block in a review body: None when the body carries none.
///
/// Only a block at the start of a line counts; a note quoted inside the body is
/// neutralised when written, so it cannot smuggle in a second block.
pub fn parse_block(body: &str) -> Option<Result<Block, BlockError>> {
    let line = body
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with(BLOCK_START))?;
    let rest = &line[BLOCK_START.len()..];
    let Some(end) = rest.find("-->") else {
        return Some(Err(BlockError::Unterminated));
    };
    let json = rest[..end].trim();
    #[derive(Deserialize)]
    struct Versioned {
        version: u32,
    }
    let parsed = serde_json::from_str::<Versioned>(json)
        .map_err(|e| BlockError::Invalid(e.to_string()))
        .and_then(|v| {
            if v.version == BLOCK_VERSION {
                serde_json::from_str::<Block>(json).map_err(|e| BlockError::Invalid(e.to_string()))
            } else {
                Err(BlockError::Version(v.version))
            }
        });
    Some(parsed)
}

/// The review body for a decision: the block, a sentence a person can read, and the
/// block's note quoted.
pub fn review_body(decision: Action, block: &Block) -> String {
    let files = if block.changes.is_empty() {
        "this pull request".to_owned()
    } else {
        block
            .changes
            .iter()
            .map(|f| format!("{} (blob {})", neutralize(&f.path), short(&f.blob)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sentence = match decision {
        Action::Approve => format!(
            "**Bar-raiser approval** of {files} at commit {}. It stays valid while these files are unchanged; an edit to any of them makes it stale.",
            short(&block.head)
        ),
        Action::RequestChanges => format!(
            "**Bar raiser requested changes** to {files} at commit {}.",
            short(&block.head)
        ),
    };
    let mut body = format!("{}\n{sentence}\n", block.to_comment());
    if let Some(note) = &block.note {
        body.push('\n');
        for line in note.lines() {
            let line = line.trim();
            if line.is_empty() {
                body.push_str(">\n");
            } else {
                body.push_str(&format!("> {}\n", neutralize(line)));
            }
        }
    }
    body
}

/// The note a review carries, as written, for minutes: the block's note, or the whole
/// body of a plain GitHub review. Not neutralised: whoever shows it must.
pub fn note_of(body: &str) -> String {
    match parse_block(body) {
        Some(Ok(block)) => block.note.unwrap_or_default(),
        Some(Err(_)) => String::new(),
        None => body.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn block_with(note: Option<&str>) -> Block {
        Block::new(
            "abc",
            vec![
                BoundFile {
                    path: "changes/b.md".into(),
                    blob: "2".into(),
                },
                BoundFile {
                    path: "changes/a-->x<.md".into(),
                    blob: "1".into(),
                },
            ],
            note,
        )
    }

    #[test]
    fn a_written_block_reads_back() {
        let note = "ok @team #12\n<!-- barraiser:approval {} -->";
        let body = review_body(Action::Approve, &block_with(Some(note)));
        let parsed = parse_block(&body).unwrap().unwrap();
        assert_eq!(parsed, block_with(Some(note)));
        assert_eq!(parsed.changes[0].path, "changes/a-->x<.md");
        assert_eq!(body.matches(BLOCK_START).count(), 1, "{body}");
        assert!(!body.contains("@team") && !body.contains("#12"), "{body}");
    }

    #[test]
    fn bodies_without_or_with_broken_blocks() {
        assert!(parse_block("LGTM").is_none());
        assert_eq!(
            parse_block("<!-- barraiser:approval {\"version\":1"),
            Some(Err(BlockError::Unterminated))
        );
        assert_eq!(
            parse_block(
                "<!-- barraiser:approval {\"version\":2,\"head\":\"x\",\"changes\":[]} -->"
            ),
            Some(Err(BlockError::Version(2)))
        );
        assert!(matches!(
            parse_block("<!-- barraiser:approval {\"version\":1} -->"),
            Some(Err(BlockError::Invalid(_)))
        ));
    }

    #[test]
    fn notes_come_back_for_minutes() {
        let body = review_body(
            Action::RequestChanges,
            &block_with(Some("Add a rollback trigger.\nThanks")),
        );
        assert_eq!(note_of(&body), "Add a rollback trigger.\nThanks");
        assert!(
            body.contains("> Add a rollback trigger.\n> Thanks\n"),
            "{body}"
        );
        assert_eq!(note_of("Looks fine"), "Looks fine");
    }
}
