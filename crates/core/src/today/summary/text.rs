//! The summary's plain-text layout, made from its Markdown (so the two never say different
//! things): headings underlined (every level), lists hanging, the table in aligned columns, Markdown's
//! escapes taken out, everything wrapped to a width that prints on a page.

use unicode_width::UnicodeWidthStr;

use crate::wrap::{self, Span};

/// A page's width, as `print` uses.
pub const PAGE_WIDTH: usize = 80;

/// `markdown` (as `summary::markdown` writes it) laid out as plain text `width` wide.
pub fn text(markdown: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut right: Vec<bool> = Vec::new();
    for line in markdown.lines() {
        if let Some(row) = line.strip_prefix('|') {
            let cells = cells(row);
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|x| "-:".contains(x)))
            {
                right = cells.iter().map(|c| c.ends_with(':')).collect();
            } else {
                table.push(cells);
            }
            continue;
        }
        if !table.is_empty() {
            out.extend(columns(&std::mem::take(&mut table), &right));
        }
        if let Some(h) = line.strip_prefix("# ") {
            heading(&mut out, h, '=', width);
        } else if let Some(h) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            heading(&mut out, h, '-', width);
        } else if let Some(item) = line.strip_prefix("- ") {
            // A checklist's box stays a box ("[x] "), a plain item gets a dash.
            let (mark, rest) = match item.get(..4) {
                Some(b @ ("[x] " | "[ ] ")) => (b, &item[4..]),
                _ => ("- ", item),
            };
            out.extend(wrapped(mark, &unescape(rest), width));
        } else if line.is_empty() {
            out.push(String::new());
        } else {
            out.extend(wrapped("", &unescape(plain_line(line)), width));
        }
    }
    if !table.is_empty() {
        out.extend(columns(&table, &right));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn heading(out: &mut Vec<String>, h: &str, under: char, width: usize) {
    let lines = wrapped("", &unescape(h), width);
    let rule = lines.iter().map(|l| l.width()).max().unwrap_or(0);
    out.extend(lines);
    out.push(under.to_string().repeat(rule));
}

/// `text` wrapped to `width`, the first line after `mark`, the rest hanging under the text.
fn wrapped(mark: &str, text: &str, width: usize) -> Vec<String> {
    let prefix = [Span::new(mark, ())];
    wrap::wrap(&prefix, &[Span::new(text, ())], (), width)
        .iter()
        .map(|l| wrap::plain(l).trim_end().to_string())
        .collect()
}

/// A table row's cells (after the first `|`), split at the pipes Markdown did not escape;
/// the text after the last pipe is nothing.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cell.extend(chars.next()),
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    cells
}

/// The rows in columns two spaces apart, numbers to the right, the header ruled off.
fn columns(rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &Vec<String>| {
        let cells: Vec<String> = (0..n)
            .map(|i| {
                let cell = row.get(i).map_or("", String::as_str);
                let pad = " ".repeat(widths[i] - cell.width());
                if right.get(i).copied().unwrap_or(false) {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        cells.join("  ").trim_end().to_string()
    };
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        out.push(line(row));
        if i == 0 {
            let total = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
            out.push("-".repeat(total));
        }
    }
    out
}

/// A line the summary writes wholly in italics (`_…_`) or bold (`**…**`), without the marks
/// (inside, Markdown's own characters are escaped, so the marks are only these).
fn plain_line(line: &str) -> &str {
    for mark in ["**", "_"] {
        if let Some(inner) = line.strip_prefix(mark).and_then(|l| l.strip_suffix(mark))
            && !inner.is_empty()
        {
            return inner;
        }
    }
    line
}

/// Markdown's backslash escapes taken out: `\*` is `*`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_line() {
        let md = "_Not advice: \\_info\\_._\n\n**Call now: severe.**\n\n# Title here\n\nA paragraph that is long enough to wrap at this width.\n\n\
                  ## Part\n\n- [x] ticked \\*one\\*\n- [ ] not ticked\n- plain item that wraps \
                  under itself\n\n| Day | N |\n|---|--:|\n| Mon | 2 |\n| Tuesday | 12 |\n\n\
                  ### Notes\n\n- a \\| b\n";
        let want = "\
Not advice: _info_.

Call now: severe.

Title here
==========

A paragraph that is long enough
to wrap at this width.

Part
----

[x] ticked *one*
[ ] not ticked
- plain item that wraps under
  itself

Day       N
-----------
Mon       2
Tuesday  12

Notes
-----

- a | b
";
        assert_eq!(text(md, 32), want);
    }
}
