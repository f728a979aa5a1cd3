//! The timer's phase word (HOT, COLD, PAUSED, READY) in big letters, on one line, at the
//! biggest size that fits the rows left beside the digits: tui-big-text's 8x8 font full size,
//! half height or in quadrants, or, where only three rows are left (40x12), a 5-pixel font of
//! our own drawn with half blocks. tui-big-text's own three-row size uses "legacy computing"
//! characters that common terminal fonts lack, so it is not used.

use font8x8::{BASIC_FONTS, UnicodeFonts};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

/// The sizes, biggest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// tui-big-text's 8x8 font: a pixel per cell.
    Full,
    HalfHeight,
    Quadrant,
    /// `TINY`, two pixel rows per cell.
    Tiny,
}

/// A word laid out: its size, columns and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    text: String,
    pub size: Size,
    pub width: u16,
    pub rows: u16,
}

/// `text` (upper-cased) at the biggest size at most `width` wide and `rows` high; None when no
/// size fits or the fonts lack one of its characters.
pub fn fit(text: &str, width: u16, rows: u16) -> Option<Word> {
    let text = text.trim().to_uppercase();
    if text.is_empty() {
        return None;
    }
    let glyphs = text.chars().count() as u16;
    let basic = text.chars().all(|c| BASIC_FONTS.get(c).is_some());
    // The 8x8 font's bottom pixel row is blank for capitals and digits: not drawn then.
    let ink: u16 = if text
        .chars()
        .all(|c| BASIC_FONTS.get(c).is_some_and(|g| g[7] == 0))
    {
        7
    } else {
        8
    };
    let sizes = [
        (Size::Full, glyphs * 8, ink),
        (Size::HalfHeight, glyphs * 8, ink.div_ceil(2)),
        (Size::Quadrant, glyphs * 4, ink.div_ceil(2)),
    ]
    .into_iter()
    .filter(|_| basic)
    .chain(tiny_width(&text).map(|w| (Size::Tiny, w, 3)));
    sizes
        .into_iter()
        .find(|&(_, w, h)| w <= width && h <= rows)
        .map(|(size, width, rows)| Word {
            text,
            size,
            width,
            rows,
        })
}

impl Word {
    /// Draw it centred across `area`, from its top.
    pub fn render(&self, area: Rect, buf: &mut Buffer, style: Style) {
        let area = Rect {
            height: area.height.min(self.rows),
            ..area
        };
        let pixels = match self.size {
            Size::Full => PixelSize::Full,
            Size::HalfHeight => PixelSize::HalfHeight,
            Size::Quadrant => PixelSize::Quadrant,
            Size::Tiny => return self.render_tiny(area, buf, style),
        };
        BigText::builder()
            .pixel_size(pixels)
            .style(style)
            .centered()
            .lines(vec![Line::from(self.text.clone())])
            .build()
            .render(area, buf);
    }

    fn render_tiny(&self, area: Rect, buf: &mut Buffer, style: Style) {
        let mut x = area.x + area.width.saturating_sub(self.width) / 2;
        for c in self.text.chars() {
            let Some(rows) = tiny(c) else { continue };
            let w = rows[0].len() as u16;
            for col in 0..w {
                let lit = |y: usize| {
                    rows.get(y)
                        .is_some_and(|r| r.as_bytes()[col as usize] == b'#')
                };
                for cell in 0..3u16 {
                    let (top, bottom) = (lit(cell as usize * 2), lit(cell as usize * 2 + 1));
                    let symbol = match (top, bottom) {
                        (true, true) => "█",
                        (true, false) => "▀",
                        (false, true) => "▄",
                        (false, false) => continue,
                    };
                    if let Some(c) = buf.cell_mut((x + col, area.y + cell))
                        && x + col < area.right()
                        && cell < area.height
                    {
                        c.set_symbol(symbol).set_style(style);
                    }
                }
            }
            x += w + 1;
        }
    }
}

/// Columns `text` takes in `TINY` (a column between glyphs), if every character is there.
fn tiny_width(text: &str) -> Option<u16> {
    let widths: Option<Vec<u16>> = text
        .chars()
        .map(|c| tiny(c).map(|g| g[0].len() as u16))
        .collect();
    let widths = widths?;
    Some(widths.iter().sum::<u16>() + widths.len().saturating_sub(1) as u16)
}

fn tiny(c: char) -> Option<&'static [&'static str; 5]> {
    TINY.iter().find(|(k, _)| *k == c).map(|(_, g)| g)
}

/// Capitals, digits and a little punctuation, five pixels high.
const TINY: &[(char, [&str; 5])] = &[
    (' ', ["..", "..", "..", "..", ".."]),
    ('A', [".##.", "#..#", "####", "#..#", "#..#"]),
    ('B', ["###.", "#..#", "###.", "#..#", "###."]),
    ('C', [".###", "#...", "#...", "#...", ".###"]),
    ('D', ["###.", "#..#", "#..#", "#..#", "###."]),
    ('E', ["####", "#...", "###.", "#...", "####"]),
    ('F', ["####", "#...", "###.", "#...", "#..."]),
    ('G', [".###", "#...", "#.##", "#..#", ".###"]),
    ('H', ["#..#", "#..#", "####", "#..#", "#..#"]),
    ('I', ["###", ".#.", ".#.", ".#.", "###"]),
    ('J', ["..##", "...#", "...#", "#..#", ".##."]),
    ('K', ["#..#", "#.#.", "##..", "#.#.", "#..#"]),
    ('L', ["#...", "#...", "#...", "#...", "####"]),
    ('M', ["#...#", "##.##", "#.#.#", "#...#", "#...#"]),
    ('N', ["#..#", "##.#", "#.##", "#..#", "#..#"]),
    ('O', [".##.", "#..#", "#..#", "#..#", ".##."]),
    ('P', ["###.", "#..#", "###.", "#...", "#..."]),
    ('Q', [".##.", "#..#", "#..#", "#.##", ".###"]),
    ('R', ["###.", "#..#", "###.", "#.#.", "#..#"]),
    ('S', [".###", "#...", ".##.", "...#", "###."]),
    ('T', ["#####", "..#..", "..#..", "..#..", "..#.."]),
    ('U', ["#..#", "#..#", "#..#", "#..#", ".##."]),
    ('V', ["#...#", "#...#", "#...#", ".#.#.", "..#.."]),
    ('W', ["#...#", "#...#", "#.#.#", "##.##", "#...#"]),
    ('X', ["#..#", "#..#", ".##.", "#..#", "#..#"]),
    ('Y', ["#...#", ".#.#.", "..#..", "..#..", "..#.."]),
    ('Z', ["####", "...#", ".##.", "#...", "####"]),
    ('0', [".##.", "#..#", "#..#", "#..#", ".##."]),
    ('1', [".#.", "##.", ".#.", ".#.", "###"]),
    ('2', ["###.", "...#", ".##.", "#...", "####"]),
    ('3', ["###.", "...#", ".##.", "...#", "###."]),
    ('4', ["#..#", "#..#", "####", "...#", "...#"]),
    ('5', ["####", "#...", "###.", "...#", "###."]),
    ('6', [".##.", "#...", "###.", "#..#", ".##."]),
    ('7', ["####", "...#", "..#.", ".#..", ".#.."]),
    ('8', [".##.", "#..#", ".##.", "#..#", ".##."]),
    ('9', [".##.", "#..#", ".###", "...#", ".##."]),
    ('-', ["...", "...", "###", "...", "..."]),
    ('.', [".", ".", ".", ".", "#"]),
    (':', [".", "#", ".", "#", "."]),
    ('!', ["#", "#", "#", ".", "#"]),
    ('\'', ["#", "#", ".", ".", "."]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(word: &Word, width: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, word.rows);
        let mut buf = Buffer::empty(area);
        word.render(area, &mut buf, Style::new());
        (0..word.rows)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn the_biggest_size_that_fits_the_rows_left() {
        assert_eq!(fit("HOT", 80, 8).unwrap().size, Size::Full);
        assert_eq!(
            fit("HOT", 80, 7).unwrap().rows,
            7,
            "capitals: 7 rows of ink"
        );
        assert_eq!(fit("HOT", 80, 6).unwrap().size, Size::HalfHeight);
        assert_eq!(fit("ICE OFF", 40, 4).unwrap().size, Size::Quadrant);
        let tiny = fit("ICE OFF", 40, 3).unwrap();
        assert_eq!((tiny.size, tiny.rows), (Size::Tiny, 3));
        assert!(tiny.width <= 40);
        assert_eq!(fit("PAUSED", 40, 2), None, "no size is two rows");
        assert_eq!(fit("PAUSED", 20, 3), None, "too wide");
        assert_eq!(fit("Café ✓", 80, 3), None, "characters the fonts lack");
        assert_eq!(fit("ready", 80, 3).unwrap().text, "READY");
    }

    #[test]
    fn tiny_letters_are_half_blocks_three_rows_high() {
        let word = fit("HOT", 40, 3).unwrap();
        assert_eq!(word.size, Size::Tiny);
        assert_eq!(word.width, 15);
        let rows = drawn(&word, 17);
        assert_eq!(
            rows,
            [
                " █  █ ▄▀▀▄ ▀▀█▀▀ ",
                " █▀▀█ █  █   █   ",
                " ▀  ▀  ▀▀    ▀   ",
            ]
        );
        for (c, g) in TINY {
            let w = g[0].len();
            assert!(g.iter().all(|r| r.len() == w), "{c:?} rows differ");
        }
    }
}
