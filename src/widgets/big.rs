//! Text in big letters (tui-big-text), wrapped by words, at the biggest size that fits a
//! rectangle, or `None` so the caller falls back to ordinary text.

use font8x8::{BASIC_FONTS, LATIN_FONTS, UnicodeFonts};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use backspasm_core::wrap;

/// The sizes tried, biggest first, each with the cells one glyph takes (columns, rows). Only
/// sizes drawn with ordinary block elements (▀ ▄ █ ▌ ▐ and quadrants): the sextant, octant,
/// third- and quarter-height ones are drawn with "legacy computing" characters that common
/// terminal fonts (DejaVu Sans Mono) lack, and half-width letters are too thin to read.
const SIZES: [(PixelSize, u16, u16); 3] = [
    (PixelSize::Full, 8, 8),
    (PixelSize::HalfHeight, 8, 4),
    (PixelSize::Quadrant, 4, 4),
];

/// A title broken into more lines than this (a word or two each) reads worse than fewer lines
/// of a smaller size.
const MAX_LINES: usize = 3;

/// Text laid out in big letters: the font and one string per line of glyphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Big {
    size: PixelSize,
    lines: Vec<String>,
    /// Rows of one line of glyphs.
    rows: u16,
}

impl Big {
    /// Rows the text takes.
    pub fn height(&self) -> u16 {
        self.rows * self.lines.len() as u16
    }

    /// Draw the lines centred across `area`, from its top.
    pub fn render(&self, area: Rect, buf: &mut Buffer, style: Style) {
        BigText::builder()
            .pixel_size(self.size)
            .style(style)
            .centered()
            .lines(
                self.lines
                    .iter()
                    .cloned()
                    .map(Line::from)
                    .collect::<Vec<_>>(),
            )
            .build()
            .render(area, buf);
    }
}

/// `text` in the biggest size whose word-wrapped lines fit `area`, in at most `MAX_LINES`
/// lines; `None` when no size does (a word longer than a line counts as not fitting) or when
/// the font cannot draw every character of it.
pub fn fit(text: &str, area: Rect) -> Option<Big> {
    if text.trim().is_empty() || !text.chars().all(|c| c.is_whitespace() || drawable(c)) {
        return None;
    }
    SIZES.into_iter().find_map(|(size, cols, rows)| {
        let per_line = (area.width / cols) as usize;
        if text.split_whitespace().any(|w| w.width() > per_line) {
            return None;
        }
        let lines: Vec<String> = wrap::wrap(&[], &[wrap::Span::new(text, ())], (), per_line)
            .iter()
            .map(|l| wrap::plain(l))
            .collect();
        let big = Big { size, lines, rows };
        (big.lines.len() <= MAX_LINES && big.height() <= area.height).then_some(big)
    })
}

/// Whether tui-big-text draws `c` as a glyph of its own, one column of text wide. It looks
/// characters up in font8x8's fonts, Basic Latin and Latin-1 first, and leaves a gap for any it
/// lacks (’, “, —, ✓, most of Unicode); those titles stay ordinary text. Only these two fonts
/// are accepted: they are the ones tui-big-text tries first, so they are the glyphs it draws.
fn drawable(c: char) -> bool {
    !c.is_control()
        && c.width() == Some(1)
        && (BASIC_FONTS.get(c).is_some() || LATIN_FONTS.get(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(width: u16, height: u16) -> Rect {
        Rect::new(0, 0, width, height)
    }

    #[test]
    fn picks_the_biggest_size_that_fits() {
        // "Get close" is 9 glyphs: Full needs 72 columns, HalfHeight 72, Quadrant 36.
        let big = fit("Get close", area(72, 8)).unwrap();
        assert_eq!(
            (big.size, big.lines.len(), big.height()),
            (PixelSize::Full, 1, 8)
        );
        // Narrower: two lines of Full are 16 rows, which fit only when tall enough.
        let big = fit("Get close", area(60, 16)).unwrap();
        assert_eq!(
            (big.size, big.lines.clone()),
            (PixelSize::Full, vec!["Get".into(), "close".into()])
        );
        let big = fit("Get close", area(60, 8)).unwrap();
        assert_eq!((big.size, big.height()), (PixelSize::HalfHeight, 8));
        let big = fit("Get close", area(36, 4)).unwrap();
        assert_eq!((big.size, big.height()), (PixelSize::Quadrant, 4));
        assert_eq!(
            fit("Get close", area(35, 4)),
            None,
            "a word longer than a line"
        );
        assert_eq!(fit("Get close", area(36, 3)), None, "too low");
    }

    #[test]
    fn wraps_by_words() {
        // 14 Quadrant glyphs a line.
        let big = fit("Bend at your waist and knees", area(58, 12)).unwrap();
        assert_eq!(big.size, PixelSize::Quadrant);
        assert_eq!(big.lines, ["Bend at your", "waist and", "knees"]);
        assert_eq!(fit("Bend at your waist and knees", area(58, 11)), None);
        // HalfHeight would take five lines of 7 glyphs: too choppy, so two of Quadrant.
        let big = fit("Bend at your waist and knees", area(60, 22)).unwrap();
        assert_eq!(big.lines, ["Bend at your", "waist and knees"]);
        assert_eq!(big.size, PixelSize::Quadrant);
        assert_eq!(fit("one two three four", area(12, 50)), None, "four lines");
    }

    #[test]
    fn text_the_font_cannot_draw_is_left_to_the_caller() {
        let wide = area(200, 50);
        assert!(fit("Things you'll need", wide).is_some());
        assert!(fit("Café crème", wide).is_some(), "Latin-1 has glyphs");
        for text in [
            "Things you’ll need",
            "Done ✓",
            "“Lift”",
            "e\u{301}",
            "日本",
            "",
            "  ",
        ] {
            assert_eq!(fit(text, wide), None, "{text:?}");
        }
    }

    #[test]
    fn renders_blocks_centred_with_the_style() {
        let big = fit("Hi", area(12, 4)).unwrap();
        assert_eq!(big.size, PixelSize::Quadrant);
        let mut buf = Buffer::empty(area(12, 4));
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        big.render(buf.area, &mut buf, bold);
        let drawn: Vec<(u16, u16)> = (0..4)
            .flat_map(|y| (0..12).map(move |x| (x, y)))
            .filter(|&(x, y)| buf[(x, y)].symbol() != " ")
            .collect();
        assert!(!drawn.is_empty());
        // Two glyphs of 4 columns, centred in 12: columns 2 to 9.
        assert!(
            drawn.iter().all(|&(x, _)| (2..10).contains(&x)),
            "{drawn:?}"
        );
        assert!(
            drawn
                .iter()
                .all(|&p| buf[p].modifier.contains(ratatui::style::Modifier::BOLD))
        );
    }
}
