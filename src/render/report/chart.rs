//! The geometry of the report's inline SVG bar charts, in whole pixels. The HTML
//! template draws them; nothing here is text a reader wrote except the labels, which
//! the template escapes.

use serde::Serialize;

/// How many rows a finding chart shows at most (the most frequent).
pub const MAX_ROWS: usize = 10;

/// A bar chart: its size and its bars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BarChart {
    /// Width of the drawing.
    pub width: u32,
    /// Height of the drawing.
    pub height: u32,
    /// Where the bars start: the baseline's y for columns, the bars' x for rows.
    pub base: u32,
    /// The bars, in order.
    pub bars: Vec<Bar>,
}

/// One bar, with where its label and value are written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bar {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// What it counts.
    pub label: String,
    /// The count.
    pub value: usize,
    /// Where the label is written.
    pub label_x: u32,
    /// Where the label is written.
    pub label_y: u32,
    /// Where the value is written.
    pub value_x: u32,
    /// Where the value is written.
    pub value_y: u32,
}

const COLUMN: u32 = 44;
const PLOT: u32 = 150;
const TOP: u32 = 24;

const ROW: u32 = 24;
const LABEL: u32 = 230;
const LENGTH: u32 = 320;

/// `part` of `length` in proportion `value / max`.
fn scaled(value: usize, max: usize, length: u32) -> u32 {
    if max == 0 {
        return 0;
    }
    let v = u64::try_from(value).unwrap_or(u64::MAX);
    let m = u64::try_from(max).unwrap_or(u64::MAX);
    u32::try_from(v.saturating_mul(u64::from(length)) / m).unwrap_or(length)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Vertical bars, one per `(label, value)`, labels under the baseline.
pub fn columns(data: &[(String, usize)]) -> BarChart {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let base = TOP + PLOT;
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let x = 10 + count(i) * COLUMN;
            let height = scaled(*value, max, PLOT);
            Bar {
                x,
                y: base - height,
                width: COLUMN - 8,
                height,
                label: label.clone(),
                value: *value,
                label_x: x + (COLUMN - 8) / 2,
                label_y: base + 16,
                value_x: x + (COLUMN - 8) / 2,
                value_y: base - height - 4,
            }
        })
        .collect();
    BarChart {
        width: 20 + count(data.len()) * COLUMN,
        height: base + 28,
        base,
        bars,
    }
}

/// Horizontal bars, one per `(label, value)` (the first [`MAX_ROWS`]), labels on the left.
pub fn rows(data: &[(String, usize)]) -> BarChart {
    let shown = &data[..data.len().min(MAX_ROWS)];
    let max = shown.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bars = shown
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = 8 + count(i) * ROW;
            let width = scaled(*value, max, LENGTH).max(1);
            Bar {
                x: LABEL,
                y,
                width,
                height: ROW - 6,
                label: label.clone(),
                value: *value,
                label_x: LABEL - 8,
                label_y: y + 13,
                value_x: LABEL + width + 6,
                value_y: y + 13,
            }
        })
        .collect();
    BarChart {
        width: LABEL + LENGTH + 50,
        height: 16 + count(shown.len()) * ROW,
        base: LABEL,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_column_fills_the_plot_and_others_scale() {
        let c = columns(&[("a".into(), 2), ("b".into(), 1), ("c".into(), 0)]);
        let heights: Vec<u32> = c.bars.iter().map(|b| b.height).collect();
        assert_eq!(heights, [PLOT, PLOT / 2, 0]);
        assert!(c.bars.iter().all(|b| b.y + b.height == c.base));
        assert!(c.bars.iter().all(|b| b.x + b.width <= c.width));
    }

    #[test]
    fn rows_stop_at_the_cap() {
        let data: Vec<(String, usize)> = (0..15).map(|i| (format!("r{i}"), 15 - i)).collect();
        let r = rows(&data);
        assert_eq!(r.bars.len(), MAX_ROWS);
        assert_eq!(r.bars[0].width, LENGTH);
        assert!(r.bars.iter().all(|b| b.y + b.height <= r.height));
    }
}
