//! Word wrapping by display width (unicode-width), with a first-line prefix and a hanging
//! indent. Shared by the screens and by `print`, so both wrap the same way. A word too long
//! for a line is broken between graphemes (unicode-segmentation), never inside one: an emoji
//! joined with ZWJ or a letter with its combining mark stays whole.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::safe_text;

/// A run of text with a meaning; the UI maps meanings to styles, `print` ignores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<R> {
    pub text: String,
    pub role: R,
}

impl<R> Span<R> {
    pub fn new(text: impl Into<String>, role: R) -> Self {
        Span {
            text: text.into(),
            role,
        }
    }
}

/// Wrap `segments` (text with roles) to `width` columns. The first line starts with `prefix`;
/// later lines are indented by the prefix's width, so lists hang. Words longer than a line are
/// broken. Always returns at least one line; never loops on tiny widths.
pub fn wrap<R: Clone + PartialEq>(
    prefix: &[Span<R>],
    segments: &[Span<R>],
    indent_role: R,
    width: usize,
) -> Vec<Vec<Span<R>>> {
    let prefix_width: usize = prefix.iter().map(|s| s.text.width()).sum();
    // Keep at least 8 columns for text; drop the hang on very narrow screens.
    let indent = if width >= prefix_width + 8 {
        prefix_width
    } else {
        0
    };
    let width = width.max(1);

    let mut lines: Vec<Vec<Span<R>>> = Vec::new();
    let mut line: Vec<Span<R>> = prefix.to_vec();
    let mut used = prefix_width;
    let mut line_has_word = false;

    // Text reaches a terminal (the screen or `print`): nothing in it may act on the terminal.
    let words = segments.iter().flat_map(|seg| {
        seg.text
            .split_whitespace()
            .map(move |w| (safe_text::printable(w), seg.role.clone()))
    });
    for (word, role) in words {
        let word = word.as_ref();
        let w = word.width();
        let gap = usize::from(line_has_word);
        if line_has_word && used + gap + w > width {
            lines.push(std::mem::take(&mut line));
            line.push(Span::new(" ".repeat(indent), indent_role.clone()));
            used = indent;
            line_has_word = false;
        }
        if line_has_word {
            push(&mut line, " ", role.clone());
            used += 1;
        }
        if used + w <= width {
            push(&mut line, word, role);
            used += w;
        } else {
            // A word wider than the line: break it between graphemes.
            for grapheme in word.graphemes(true) {
                let gw = grapheme.width();
                if used + gw > width && used > indent {
                    lines.push(std::mem::take(&mut line));
                    line.push(Span::new(" ".repeat(indent), indent_role.clone()));
                    used = indent;
                }
                push(&mut line, grapheme, role.clone());
                used += gw;
            }
        }
        line_has_word = true;
    }
    lines.push(line);
    lines
}

/// Append text, merging with the previous span when the role is the same.
fn push<R: PartialEq>(line: &mut Vec<Span<R>>, text: &str, role: R) {
    match line.last_mut() {
        Some(last) if last.role == role => last.text.push_str(text),
        _ => line.push(Span::new(text, role)),
    }
}

/// The longest start of `text` that leaves one column of `room` for a "…", cut between
/// graphemes (never inside one).
pub fn head(text: &str, room: usize) -> &str {
    let mut used = 0;
    let mut end = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = grapheme.width();
        if used + w + 1 > room {
            break;
        }
        used += w;
        end = at + grapheme.len();
    }
    &text[..end]
}

/// `text` in at most `room` columns: whole, or its start (less trailing spaces) and "…".
pub fn cut(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    if room == 0 {
        return String::new();
    }
    format!("{}…", head(text, room).trim_end())
}

/// `text` in at most `room` columns: whole, or "…" and its end (a path, a field being typed),
/// cut between graphemes.
pub fn cut_start(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let mut used = 1;
    let mut start = text.len();
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        used += grapheme.width();
        if used > room {
            break;
        }
        start = at;
    }
    format!("…{}", &text[start..])
}

/// The plain text of a line.
pub fn plain<R>(line: &[Span<R>]) -> String {
    line.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Vec<Span<u8>>]) -> Vec<String> {
        lines.iter().map(|l| plain(l)).collect()
    }

    #[test]
    fn wraps_at_width_with_hanging_indent() {
        let lines = wrap(
            &[Span::new("1. ", 1)],
            &[Span::new("one two three four five", 0)],
            0,
            14,
        );
        assert_eq!(texts(&lines), ["1. one two", "   three four", "   five"]);
        assert!(lines.iter().all(|l| plain(l).width() <= 14));
    }

    #[test]
    fn keeps_roles_per_word() {
        let lines = wrap(
            &[],
            &[Span::new("Bold title:", 1), Span::new("plain body", 0)],
            0,
            80,
        );
        assert_eq!(
            lines[0],
            vec![Span::new("Bold title:", 1), Span::new(" plain body", 0)]
        );
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let lines = wrap(&[], &[Span::new("abcdefghij", 0)], 0, 4);
        assert_eq!(texts(&lines), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn counts_wide_characters_by_display_width() {
        // Each CJK character is two columns wide.
        let lines = wrap(&[], &[Span::new("漢字 漢字 漢字", 0)], 0, 9);
        assert_eq!(texts(&lines), ["漢字 漢字", "漢字"]);
    }

    /// A family emoji (four people joined by ZWJ, two columns) where a long word breaks, and an
    /// e with a combining acute (one column) filling a line: each stays whole on one line (by
    /// chars, the family was cut after its second person).
    #[test]
    fn a_long_word_breaks_between_graphemes_never_inside_one() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
        let accent = "e\u{301}";
        let word = format!("abc{family}d{accent}fgh");
        let lines = wrap(&[], &[Span::new(word, 0)], 0, 4);
        assert_eq!(texts(&lines), ["abc", &format!("{family}d{accent}"), "fgh"]);
        for line in &lines {
            assert!(plain(line).width() <= 4, "{:?}", plain(line));
        }
    }

    #[test]
    fn cuts_keep_graphemes_whole() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let text = format!("ab {family}cd");
        assert_eq!(cut(&text, 80), text);
        assert_eq!(cut(&text, 5), "ab…", "the family does not fit before the …");
        assert_eq!(cut(&text, 6), format!("ab {family}…"));
        assert_eq!(cut_start(&text, 4), "…cd");
        assert_eq!(cut_start(&text, 5), format!("…{family}cd"));
        assert_eq!(cut("abc", 0), "");
        assert_eq!(cut("after the hot shower", 9), "after th…");
        assert_eq!(
            cut("after the hot shower", 10),
            "after the…",
            "no space before the …"
        );
    }

    #[test]
    fn survives_width_one_and_empty_text() {
        let lines = wrap(&[Span::new("• ", 1)], &[Span::new("ab", 0)], 0, 1);
        assert!(!lines.is_empty());
        assert_eq!(wrap::<u8>(&[], &[], 0, 0).len(), 1);
    }
}
