//! Text assembled from pieces of a source file, remembering where each piece came from.

/// Text built from several source ranges; any offset maps back to a source byte offset.
#[derive(Clone, Debug, Default)]
pub struct Text {
    /// The assembled text.
    pub text: String,
    /// (offset in `text`, offset in the source) at the start of each piece.
    segments: Vec<(usize, usize)>,
}

/// Stands in for inline code inside prose, so prose detectors never match code.
pub const CODE_MARK: char = '\u{E000}';

impl Text {
    /// Appends `piece`, which starts at byte `src` of the source.
    pub fn push(&mut self, piece: &str, src: usize) {
        if piece.is_empty() {
            return;
        }
        self.segments.push((self.text.len(), src));
        self.text.push_str(piece);
    }

    /// Appends separator text that has no source of its own.
    pub fn push_synthetic(&mut self, piece: &str) {
        self.text.push_str(piece);
    }

    /// The source byte offset of `offset` in the assembled text.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|&(t, _)| t <= offset);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(t, s)) => s + (offset - t),
            None => self.segments.first().map_or(0, |&(_, s)| s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_pieces() {
        let mut t = Text::default();
        t.push("hello", 10);
        t.push_synthetic(" ");
        t.push("world", 40);
        assert_eq!(t.source_offset(0), 10);
        assert_eq!(t.source_offset(3), 13);
        assert_eq!(t.source_offset(6), 40);
        assert_eq!(t.source_offset(8), 42);
    }
}
