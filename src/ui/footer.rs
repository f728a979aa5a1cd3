//! The footer: the keys of the current screen, from the key table. When it is narrow, pinned
//! hints (help, quit, warnings) and the first of the table stay and the others are dropped from
//! the end, and `? help` says `? more`; narrower still, pinned hints show their keys without
//! words (`?`, `q`). At the right
//! edge: a status (running timers; the first of `status`, most detailed first, that fits beside
//! the pinned hints) and whether progress is being saved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::App;
use crate::clock::Now;
use crate::content::Content;
use crate::keymap::{self, Here};

const SEP: usize = 2;

/// The footer of the screen `app` shows.
pub struct Footer<'a> {
    pub app: &'a App,
    pub content: &'a Content,
    /// `App::here`, worked out once for the frame.
    pub here: &'a Here,
    pub now: Now,
    pub theme: Theme,
    /// Running timers' status, most detailed first (`timer::view::status`).
    pub status: &'a [Vec<Span<'static>>],
}

impl Footer<'_> {
    pub fn render(self, frame: &mut Frame, area: Rect) {
        let Footer {
            app,
            content,
            here,
            now,
            theme,
            status,
        } = self;
        // Only keys that do something here: the footer is what a person in pain reads.
        let mut hints = keymap::footer_where(app.ctx(), here, |a| {
            !app.does_nothing(content, a, here, now)
        });
        // The first of the table is the screen's main action (Space done, ←→ pane): kept too.
        if let Some(first) = hints.first_mut() {
            first.2 = true;
        }
        // When the kept hints do not fit, they lose their words from the end (`q quit` becomes
        // `q`, then `? help` becomes `?`): help and quit are the same keys on every screen.
        let width = |i: usize, words: &[bool]| {
            let (keys, word, _) = &hints[i];
            keys.width() + if words[i] { 1 + word.width() } else { 0 } + SEP
        };
        let pinned_width = |words: &[bool]| {
            (0..hints.len())
                .filter(|&i| hints[i].2)
                .map(|i| width(i, words))
                .sum::<usize>()
        };
        let spans_width = |s: &[Span]| s.iter().map(|s| s.content.width()).sum::<usize>();
        // A running timer's shortest status is worth more than the words of help, quit and back
        // (the same keys everywhere; not the screen's main action, not `a silence`): they go first
        // to make room for it, so a timer kept from the last launch shows even at 30 columns.
        let timer_room = status
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| spans_width(s) + SEP)
            .min();
        // While nothing is being saved, say so at the right edge, always (shorter if need be).
        let mut unsaved = None;
        let mut words = vec![true; hints.len()];
        let mut room = 0;
        'fit: for mark in [NOT_SAVING, NOT_SAVING_SHORT] {
            unsaved = app.not_saving.as_ref().map(|_| mark);
            room =
                (area.width as usize + SEP).saturating_sub(unsaved.map_or(0, |u| u.width() + SEP));
            for reserve in timer_room.into_iter().chain([0]) {
                words = vec![true; hints.len()];
                for i in (0..hints.len()).rev() {
                    if pinned_width(&words) + reserve <= room {
                        break;
                    }
                    if hints[i].2 && (reserve == 0 || same_everywhere(&hints[i].0)) {
                        words[i] = false;
                    }
                }
                if pinned_width(&words) + reserve <= room {
                    break 'fit;
                }
            }
        }
        let pinned = pinned_width(&words);
        let free = room.saturating_sub(pinned);
        let status = status
            .iter()
            .find(|s| !s.is_empty() && spans_width(s) + SEP <= free)
            .cloned()
            .unwrap_or_default();
        let mut budget = free.saturating_sub(match spans_width(&status) {
            0 => 0,
            w => w + SEP,
        });
        let shown: Vec<bool> = (0..hints.len())
            .map(|i| {
                let fits = hints[i].2 || width(i, &words) <= budget;
                if fits && !hints[i].2 {
                    budget -= width(i, &words);
                }
                fits
            })
            .collect();
        // A key left out is said: `? help` becomes `? more` (as wide), and `?` lists it.
        let cut = shown.contains(&false);
        let mut spans = Vec::new();
        for (i, hint) in hints.iter().enumerate().filter(|&(i, _)| shown[i]) {
            if !spans.is_empty() {
                spans.push(Span::raw(" ".repeat(SEP)));
            }
            spans.push(Span::styled(hint.0.clone(), theme.key()));
            if words[i] {
                let word = if cut && hint.0 == "?" { MORE } else { hint.1 };
                spans.push(Span::raw(format!(" {word}")));
            }
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let mut right = status;
        if let Some(text) = unsaved {
            if !right.is_empty() {
                right.push(Span::raw(" "));
            }
            right.push(Span::styled(text, theme.warning()));
        }
        if !right.is_empty() {
            frame.render_widget(Paragraph::new(Line::from(right).right_aligned()), area);
        }
    }
}

/// Keys that do the same on every screen (help, quit, back, warnings): their words go before
/// the screen's own.
fn same_everywhere(keys: &str) -> bool {
    matches!(keys, "?" | "q" | "Esc" | "w")
}

/// The help's word when the footer had to leave keys out.
const MORE: &str = "more";

const NOT_SAVING: &str = "⚠ not saving";
const NOT_SAVING_SHORT: &str = "⚠ unsaved";
