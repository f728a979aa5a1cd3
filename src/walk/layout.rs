//! The walkthrough screen's geometry, shared by rendering and by `update` (which scrolls it):
//! where focus mode puts the step card and its warnings, where list mode's text goes, and how
//! far each scrolls (the words are `walkthrough::text`'s).

use ratatui::layout::Rect;

use crate::clock::Now;
use crate::content::{Content, WalkMode, Walkthrough};
use backspasm_core::state::WalkProgress;
use backspasm_core::walkthrough::Walk;
use backspasm_core::walkthrough::text::{FocusParts, Lines, ListDoc, focus_parts, list_doc};

/// From this body width, a step's warnings stand beside it instead of below.
const WIDE: u16 = 70;
/// From this body height there is room for blank lines and padding.
pub const TALL: u16 = 16;
/// A step card wider than this is hard to read; it is centred instead.
const CARD_MAX: u16 = 68;

/// Where focus mode puts things inside the body.
pub struct Focus {
    pub bar: Rect,
    pub card: Rect,
    pub text: Rect,
    /// The row under the text of a wait step: the time waited.
    pub wait: Option<Rect>,
    /// Warnings beside the card, when wide.
    pub side: Option<Rect>,
}

fn focus_layout(body: Rect, side: bool, wait: bool) -> Focus {
    let tall = body.height >= TALL;
    let bar = Rect {
        height: body.height.min(1),
        ..body
    };
    let top = (1 + u16::from(tall)).min(body.height);
    let rest = Rect {
        y: body.y + top,
        height: body.height - top,
        ..body
    };
    let (card, side) = if side && body.width >= WIDE {
        // Warnings are the longer text: they get the larger share.
        let card_w = (rest.width * 2 / 5).max(30);
        let side = Rect {
            x: rest.x + card_w + 2,
            y: rest.y + 1,
            width: rest.width.saturating_sub(card_w + 3),
            height: rest.height.saturating_sub(1),
        };
        (
            Rect {
                width: card_w,
                ..rest
            },
            Some(side),
        )
    } else {
        let width = rest.width.min(CARD_MAX);
        let card = Rect {
            x: rest.x + (rest.width - width) / 2,
            width,
            ..rest
        };
        (card, None)
    };
    let pad_x = if card.width >= 60 { 4 } else { 1 };
    // Inside the card's rounded border and its padding.
    let inner = inside_card(card, pad_x, u16::from(tall));
    let (text, wait) = if wait && inner.height >= 2 {
        let gap = u16::from(tall && inner.height >= 6);
        (
            Rect {
                height: inner.height - 1 - gap,
                ..inner
            },
            Some(Rect {
                y: inner.bottom() - 1,
                height: 1,
                ..inner
            }),
        )
    } else {
        (inner, None)
    };
    Focus {
        bar,
        card,
        text,
        wait,
        side,
    }
}

/// Inside a rounded card's border and its padding (`x` columns each side, `y` rows top and
/// bottom): what ratatui's `Block::inner` gives, at every size (the test checks).
fn inside_card(card: Rect, x: u16, y: u16) -> Rect {
    Rect {
        x: card.x + card.width.min(1) + x,
        y: card.y + card.height.min(1) + y,
        width: card.width.saturating_sub(2 + 2 * x),
        height: card.height.saturating_sub(2 + 2 * y),
    }
}

/// Focus mode's text, wrapped to where `lay` puts it.
pub fn parts(
    lay: &Focus,
    w: &Walk,
    walk: &Walkthrough,
    progress: &WalkProgress,
    content: &Content,
    now: Now,
) -> FocusParts {
    let side = lay.side.map(|r| r.width as usize);
    focus_parts(
        walk,
        w.cursor,
        progress,
        content,
        lay.text.width as usize,
        side,
        now,
    )
}

pub fn focus_geometry(body: Rect, w: &Walk, walk: &Walkthrough) -> Focus {
    let step = walk.steps.get(w.cursor);
    let side = step.is_some_and(|s| !s.warnings.is_empty());
    focus_layout(body, side, w.waiting.is_some())
}

/// List mode's bar row and text area (a gutter for the marker, a column for the scrollbar).
pub fn list_areas(body: Rect) -> (Rect, Rect, bool) {
    let roomy = body.height >= TALL;
    let top = (1 + u16::from(roomy)).min(body.height);
    let bar = Rect {
        height: body.height.min(1),
        ..body
    };
    let rest = Rect {
        y: body.y + top,
        height: body.height - top,
        ..body
    };
    (bar, rest, roomy)
}

// ---- For `update`: how far the screen scrolls

/// How far walkthrough `w` scrolls in a body of this size.
pub fn max_offset(
    body: Rect,
    content: &Content,
    w: &Walk,
    progress: &WalkProgress,
    now: Now,
) -> usize {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return 0;
    };
    match w.mode {
        WalkMode::Focus => {
            let lay = focus_geometry(body, w, walk);
            let FocusParts { title, rest, side } = parts(&lay, w, walk, progress, content, now);
            // A title drawn big is drawn only when everything fits; wrapped it is never
            // taller than big, so the wrapped title decides how far to scroll.
            let over =
                |n: usize, r: Option<Rect>| n.saturating_sub(r.map_or(0, |r| r.height as usize));
            over(title.len() + rest.len(), Some(lay.text)).max(over(side.len(), lay.side))
        }
        WalkMode::List => {
            let (doc, height) = list_page(body, content, w, progress);
            doc.lines.len().saturating_sub(height)
        }
    }
}

/// List mode in a body of this size: the document and the page height.
pub fn list_page(
    body: Rect,
    content: &Content,
    w: &Walk,
    progress: &WalkProgress,
) -> (ListDoc, usize) {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return (
            ListDoc {
                lines: Lines::new(),
                items: Vec::new(),
            },
            0,
        );
    };
    let (_, rest, roomy) = list_areas(body);
    let text = crate::layout::guide_text(rest);
    let done = progress.done_steps(walk);
    let doc = list_doc(walk, &done, w.cursor, content, text.width as usize, roomy);
    (doc, rest.height as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::{Block, BorderType, Padding};

    #[test]
    fn the_card_inside_is_a_blocks_inner_at_every_size() {
        for (w, h, x, y) in [
            (80, 20, 4, 1),
            (30, 8, 1, 0),
            (3, 2, 1, 1),
            (0, 0, 4, 1),
            (1, 5, 1, 0),
        ] {
            let card = Rect::new(5, 7, w, h);
            let block = Block::bordered()
                .border_type(BorderType::Rounded)
                .padding(Padding::new(x, x, y, y));
            assert_eq!(inside_card(card, x, y), block.inner(card), "{card:?}");
        }
    }
}
