//! Word wrapping by display width (unicode-width), with a first-line prefix and a hanging
//! indent. Shared by the screens and by `print`, so both wrap the same way.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
            // A word wider than the line: break it by characters.
            for ch in word.chars() {
                let cw = ch.width().unwrap_or(0);
                if used + cw > width && used > indent {
                    lines.push(std::mem::take(&mut line));
                    line.push(Span::new(" ".repeat(indent), indent_role.clone()));
                    used = indent;
                }
                push(&mut line, ch.encode_utf8(&mut [0; 4]), role.clone());
                used += cw;
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

    #[test]
    fn survives_width_one_and_empty_text() {
        let lines = wrap(&[Span::new("• ", 1)], &[Span::new("ab", 0)], 0, 1);
        assert!(!lines.is_empty());
        assert_eq!(wrap::<u8>(&[], &[], 0, 0).len(), 1);
    }
}
