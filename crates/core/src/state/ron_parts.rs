//! RON text split into its parts without reading them: a struct's fields, a map's entries, a
//! list's items, each as its own text, for reading a damaged state file part by part. A text
//! cut off anywhere (a truncated file) gives every part before the cut, the cut one marked as
//! not whole. Strings, characters, raw strings and comments are stepped over, so brackets and
//! commas inside them do not count. No panics, whatever the text.

/// The parts of a struct, map or list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts<'a> {
    pub items: Vec<Item<'a>>,
    /// The text ends (or stops making sense) before the closing bracket: more may have
    /// followed the last item.
    pub cut: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    /// A field's name or a map's key as written (`walks`, `"lifting"`); empty in a list.
    pub key: &'a str,
    pub text: &'a str,
    /// False for the last item of a cut text when the cut is inside it.
    pub whole: bool,
}

/// The text ended inside a value.
struct Cut;

/// The parts of the struct `( … )`, map `{ … }` or list `[ … ]` that `text` starts with
/// (after spaces and comments); `None` when it starts with none of them.
pub fn split(text: &str) -> Option<Parts<'_>> {
    let b = text.as_bytes();
    let mut i = skip(b, 0);
    let close = match b.get(i)? {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        _ => return None,
    };
    let keyed = close != b']';
    let mut items = Vec::new();
    let cut = |items| Some(Parts { items, cut: true });
    i += 1;
    loop {
        i = skip(b, i);
        match b.get(i) {
            None => return cut(items),
            Some(&c) if c == close => return Some(Parts { items, cut: false }),
            Some(_) => {}
        }
        let key = if keyed {
            let Ok(end) = scan(b, i, true) else {
                return cut(items);
            };
            let key = text[i..end].trim_end();
            i = skip(b, end);
            if b.get(i) != Some(&b':') || key.is_empty() {
                return cut(items);
            }
            i = skip(b, i + 1);
            key
        } else {
            ""
        };
        match scan(b, i, false) {
            Ok(end) => {
                items.push(Item {
                    key,
                    text: text[i..end].trim_end(),
                    whole: true,
                });
                i = skip(b, end);
                match b.get(i) {
                    Some(b',') => i += 1,
                    Some(&c) if c == close => {}
                    // The end of the text, or something where a comma should be.
                    _ => return cut(items),
                }
            }
            Err(Cut) => {
                items.push(Item {
                    key,
                    text: &text[i..],
                    whole: false,
                });
                return cut(items);
            }
        }
    }
}

/// Where the value (or, with `key`, the map key) starting at `i` ends: where its outermost
/// bracket or quote closes, or at a comma, a closing bracket it did not open (or, for a key, a
/// colon). A value still open where the text ends, or a bare number or word at the very end
/// (it may be cut short), is `Cut`.
fn scan(b: &[u8], mut i: usize, key: bool) -> Result<usize, Cut> {
    let mut depth = 0usize;
    while let Some(&c) = b.get(i) {
        i = match c {
            b'"' | b'\'' if depth == 0 => return quoted(b, i, c),
            b'r' if depth == 0 && raw_start(b, i) => return raw(b, i),
            b'"' => quoted(b, i, b'"')?,
            b'\'' => quoted(b, i, b'\'')?,
            b'r' if raw_start(b, i) => raw(b, i)?,
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => comment(b, i)?,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i + 1
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return Ok(i);
                }
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
                i + 1
            }
            b',' if depth == 0 => return Ok(i),
            b':' if depth == 0 && key => return Ok(i),
            _ => i + 1,
        };
    }
    Err(Cut)
}

/// Past spaces and comments from `i` (a comment cut off ends the text).
fn skip(b: &[u8], mut i: usize) -> usize {
    loop {
        match b.get(i) {
            Some(c) if c.is_ascii_whitespace() => i += 1,
            Some(b'/') if matches!(b.get(i + 1), Some(b'/' | b'*')) => match comment(b, i) {
                Ok(end) => i = end,
                Err(Cut) => return b.len(),
            },
            _ => return i,
        }
    }
}

/// Past the string or character quoted with `q` that starts at `i`.
fn quoted(b: &[u8], i: usize, q: u8) -> Result<usize, Cut> {
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            c if c == q => return Ok(j + 1),
            _ => j += 1,
        }
    }
    Err(Cut)
}

/// Whether `r` at `i` starts a raw string (`r"…"`, `r#"…"#`), not a word with an `r` in it.
fn raw_start(b: &[u8], i: usize) -> bool {
    let word_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    !word_before && b.get(i + 1 + hashes) == Some(&b'"')
}

/// Past the raw string that starts at `i`.
fn raw(b: &[u8], i: usize) -> Result<usize, Cut> {
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    let mut j = i + 2 + hashes;
    while j < b.len() {
        if b[j] == b'"'
            && b[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return Ok(j + 1 + hashes);
        }
        j += 1;
    }
    Err(Cut)
}

/// Past the `//` or `/* */` comment that starts at `i`.
fn comment(b: &[u8], i: usize) -> Result<usize, Cut> {
    if b.get(i + 1) == Some(&b'/') {
        return Ok(b[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |n| i + n + 1));
    }
    b[i + 2..]
        .windows(2)
        .position(|w| w == b"*/")
        .map(|n| i + 2 + n + 2)
        .ok_or(Cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(p: &Parts<'a>) -> Vec<(&'a str, &'a str, bool)> {
        p.items.iter().map(|i| (i.key, i.text, i.whole)).collect()
    }

    #[test]
    fn a_whole_text_splits_into_its_parts() {
        let p = split(
            r##" // a comment
            (a: [1, (2, 3)], b: "x, y)", c: Some('('), d: r#"q"")"#, /* e: 5, */ f: {"k": (z: 1)},)"##,
        )
        .unwrap();
        assert!(!p.cut);
        assert_eq!(
            texts(&p),
            [
                ("a", "[1, (2, 3)]", true),
                ("b", r#""x, y)""#, true),
                ("c", "Some('(')", true),
                ("d", r##"r#"q"")"#"##, true),
                ("f", r#"{"k": (z: 1)}"#, true),
            ]
        );
        let m = split(r#"{"a b": 1, "c:d": [2]}"#).unwrap();
        assert_eq!(
            texts(&m),
            [(r#""a b""#, "1", true), (r#""c:d""#, "[2]", true)]
        );
        let l = split("[ (x: 1), (x: 2) ]").unwrap();
        assert_eq!(texts(&l), [("", "(x: 1)", true), ("", "(x: 2)", true)]);
        assert_eq!(split("[]").unwrap().items, []);
        assert_eq!(split("5"), None);
        assert_eq!(split(""), None);
    }

    #[test]
    fn a_cut_text_keeps_what_came_before_the_cut() {
        let whole = r#"[(at: "2026", n: 1), (at: "2027", n: 2), (at: "2028", n: 3)]"#;
        for end in 0..whole.len() {
            let Some(p) = split(&whole[..end]) else {
                assert_eq!(end, 0);
                continue;
            };
            assert!(p.cut, "{end}");
            let complete = whole[..end].matches(')').count();
            let wholes: Vec<_> = p.items.iter().filter(|i| i.whole).collect();
            assert_eq!(wholes.len(), complete, "cut at {end}: {p:?}");
            // The cut item, if any, is last and not whole.
            assert!(p.items.iter().rev().skip(1).all(|i| i.whole));
        }
        let p = split("(a: 1, b: 23").unwrap();
        assert_eq!(texts(&p), [("a", "1", true), ("b", "23", false)]);
        let p = split(r#"(a: "x" b: 2)"#).unwrap();
        assert!(
            p.cut,
            "no comma where one should be: nothing after it is trusted"
        );
        assert_eq!(texts(&p), [("a", r#""x""#, true)]);
    }
}
