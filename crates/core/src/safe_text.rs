//! What text may reach a terminal. Content (and, with the diary, the user's notes) ends up on a
//! terminal, where a control character (ESC, CSI, BEL, DEL, ...) could move the cursor, switch
//! modes or retitle the window, a bidirectional override or isolate could show words in another
//! order than the file has ("Trojan Source"), and a line or paragraph separator could break a
//! line where the layout does not expect it. Validation refuses such text, naming `problem`;
//! rendering and `print` pass text through `printable` as well, so text that ever arrives by
//! another path still cannot reach the terminal raw. Other invisible format characters (zero
//! width joiner, soft hyphen) are allowed: they are needed by some scripts and emoji and cannot
//! move or reorder anything.

use std::borrow::Cow;

/// Shown instead of a character that may not be written: visible, one column wide.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Why `c` may not be written to a terminal, or `None` if it may.
pub fn problem(c: char) -> Option<&'static str> {
    match c {
        // C0 (incl. ESC, BEL, newline, tab), DEL and C1 (incl. CSI U+009B, OSC U+009D).
        c if c.is_control() => Some("a control character"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some("a bidirectional control character")
        }
        '\u{2028}' | '\u{2029}' => Some("a line or paragraph separator"),
        _ => None,
    }
}

/// `s` with every character that may not be written replaced by U+FFFD; borrowed when clean.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| problem(c).is_none()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if problem(c).is_some() { REPLACEMENT } else { c })
                .collect(),
        )
    }
}

/// `printable` line by line, keeping the line breaks: for messages printed to stderr, which may
/// quote a path or a value the user gave.
pub fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let s = "Ice 20 min ❄ — “cold” 漢字 👩‍⚕️ soft\u{AD}hyphen";
        assert!(matches!(printable(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn escapes_and_reordering_are_replaced() {
        assert_eq!(
            printable("a\x1b[31mb\x07c\u{7f}d\u{9b}2Je\u{202e}f\u{2066}g\u{2028}h\ni\tj"),
            "a�[31mb�c�d�2Je�f�g�h�i�j"
        );
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(printable_lines("a\x1b\n  b\u{9b}"), "a�\n  b�");
    }

    #[test]
    fn every_c0_c1_and_del_is_refused() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            assert_eq!(
                problem(c),
                Some("a control character"),
                "U+{:04X}",
                c as u32
            );
        }
        for c in [' ', 'a', '\u{a0}', '\u{200d}', '\u{fffd}'] {
            assert_eq!(problem(c), None, "U+{:04X}", c as u32);
        }
    }
}
