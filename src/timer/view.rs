//! A timer screen, made to be read from two metres: the time left in big digits that scale to
//! the terminal, the phase word (HOT, COLD, PAUSED, READY) in big letters above them, the
//! digits shaded while the time is not running, the whole screen in the phase's colour, the
//! phase in words with its symbol on the first row, the round, what comes next and at what
//! clock time, a progress bar. Warnings linked to the cycle are listed under it. Also the
//! footer's one-line status of a running timer.

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::layout::{Digits, Font, Wants};
use super::phase_word::{self, Word};
use crate::app::App;
use crate::clock::Now;
use crate::content::{ClockKind, Content, Phase};
use crate::layout::Areas;
use crate::ui::theme::{self, Theme};
use backspasm_core::timer::{self, Slot, Status, View, duration};
use backspasm_core::when;
use backspasm_core::wrap;

/// The word shown big: the phase while it runs, else what the timer is doing.
fn big_word(view: &View) -> String {
    match view.status {
        Status::Running => view.phase.name.clone(),
        Status::Paused => "PAUSED".to_string(),
        Status::Ready | Status::Waiting { .. } => "READY".to_string(),
        Status::Done { .. } => "DONE".to_string(),
    }
}

/// One clock's timer screen, drawn over the tab row and the body.
pub struct TimerScreen<'a> {
    pub app: &'a App,
    pub content: &'a Content,
    pub now: Now,
    pub clock: ClockKind,
    pub theme: Theme,
}

impl TimerScreen<'_> {
    pub fn render(self, frame: &mut Frame, areas: &Areas) {
        let TimerScreen {
            app,
            content,
            now,
            clock,
            theme,
        } = self;
        let Some(slot) = app.timer.timers.slot(clock) else {
            return;
        };
        let view = slot.view(content, now);
        let flash = app.timer.timers.flashing(now);
        let style = theme.phase(view.phase.tone, flash);
        let bold = style.add_modifier(Modifier::BOLD);
        let muted = !app.sound_on() && !app.voice_on();

        let body = areas.body;
        // The header row belongs to the timer's column when it is right above the body: on a
        // small screen it gives way to the big phase word.
        let joined = areas.tabs.bottom() == body.y;
        let column = if joined {
            areas.tabs.union(body)
        } else {
            header(frame, areas.tabs, &view, bold, muted, theme);
            body
        };
        let width = body.width as usize;
        let text_width = width.saturating_sub(2);
        // The cycle's warnings go under the coloured part, on the plain background: the
        // titles always, the text when there is room.
        let warnings: Vec<_> = view
            .cycle
            .warnings
            .iter()
            .filter_map(|id| content.warning(id))
            .collect();
        let titles: Vec<Vec<String>> = warnings
            .iter()
            .map(|w| hanging(&format!("{} ", theme::ALARM), &w.title, width))
            .collect();
        let alarm = view.alarm.map(|(phase, at)| {
            format!(
                "{} {} ended at {}",
                theme::ALARM,
                phase.name,
                clock_at(at, clock, now)
            )
        });
        // What ran out while the app was closed is said whatever the size.
        let missed = missed_lines(&view, clock, now, text_width);
        // A phase set beyond the guide's length says so on the header row, which then never
        // gives way.
        let header_required = joined && view.beyond.is_some();
        // Lengths set outside what the guide says are said whatever the size.
        let outside = outside_lines(&view, text_width);
        // Shown if there is room, in this order: what to do, the phase's note on the guide's
        // length (how the ice pack's 20 minutes relate to the 15 for bare ice), the warnings'
        // full text.
        let note = view
            .phase
            .note
            .as_deref()
            .map(|n| wrap_text(n, text_width))
            .unwrap_or_default();
        // Once every round is done there is nothing to do in the last phase.
        let say = match view.status {
            Status::Done { .. } => Vec::new(),
            _ => wrap_text(&view.phase.say, text_width),
        };
        let optional: Vec<Vec<String>> = [say, note]
            .into_iter()
            .chain(warnings.iter().map(|w| hanging("  ", &w.body, width)))
            .collect();
        let time = timer::shown(view.left);
        let glyphs = time.chars().count() as u16;
        let wants = Wants {
            glyphs,
            required: u16::from(alarm.is_some())
                + u16::from(header_required)
                + (titles.iter().map(Vec::len).sum::<usize>() + missed.len() + outside.len())
                    as u16,
            header: joined && !header_required,
            optional: optional.iter().map(|l| l.len() as u16).collect(),
            note: Some(1),
            status_word: view.status != Status::Running,
        };
        let text = big_word(&view);
        let fit = |rows| phase_word::fit(&text, column.width, rows);
        let plan = super::layout::plan(column, &wants, |rows| fit(rows).map(|w| w.rows));
        let word = plan.word.and_then(fit);
        let mut shown: Vec<Vec<String>> = optional
            .into_iter()
            .zip(&plan.optional)
            .map(|(lines, &yes)| if yes { lines } else { Vec::new() })
            .collect();
        let bodies = shown.split_off(2.min(shown.len()));
        let note = shown.pop().unwrap_or_default();
        let say = shown.pop().unwrap_or_default();

        let warning_rows: usize = titles.iter().chain(&bodies).map(Vec::len).sum();
        let mut coloured = Rect {
            height: column.height.saturating_sub(warning_rows as u16),
            ..column
        };
        frame.render_widget(Block::new().style(style), coloured);
        // Where one row is all there is, the alarm's line takes it: it says what to do now.
        let alarm_only = alarm.is_some() && coloured.height < 2;
        if (header_required || plan.header) && !alarm_only {
            header(
                frame,
                Rect {
                    height: 1,
                    ..coloured
                },
                &view,
                bold,
                muted,
                theme,
            );
            coloured.y += 1;
            coloured.height = coloured.height.saturating_sub(1);
        }

        // The coloured part, centred: alarm, phase word, digits, bar, next, then the rest.
        let mut rows: Vec<Row> = Vec::new();
        if let Some(text) = alarm {
            rows.push(Row::Text(text, theme.alarm()));
        }
        if let Some(word) = word {
            rows.push(Row::Word(word));
        }
        let digits_at = rows.len();
        rows.push(Row::Digits(time, plan.digits));
        if plan.bar {
            rows.push(Row::Bar);
        }
        let next_style = if view.warning {
            bold.add_modifier(Modifier::REVERSED)
        } else {
            bold
        };
        if plan.next {
            rows.push(Row::Text(next_line(&view, clock, now), next_style));
        }
        for line in missed.into_iter().chain(say).chain(note).chain(outside) {
            rows.push(Row::Text(line, style));
        }
        let heights: Vec<u16> = rows.iter().map(|r| r.height(glyphs)).collect();
        // Paused, ready or done: the digits shaded, so it shows from across the room that the
        // time is not running.
        let shaded = view.status != Status::Running;
        let rects = super::layout::stack(coloured, &heights, digits_at);
        // Rows the bottom cut off: the last row shown says there is more.
        if let Some(last) = rects.iter().rposition(|r| r.height > 0)
            && last + 1 < rows.len()
            && let Row::Text(text, _) = &mut rows[last]
        {
            *text = wrap::cut(&format!("{text} …"), text_width);
        }
        for (row, rect) in rows.into_iter().zip(rects) {
            match row {
                Row::Word(word) => word.render(rect, frame.buffer_mut(), bold),
                Row::Digits(text, d) => draw_digits(frame, rect, &text, d, bold, shaded),
                Row::Bar => bar(frame, rect, &view, style),
                Row::Text(text, style) => frame.render_widget(
                    Paragraph::new(Line::styled(text, style)).alignment(Alignment::Center),
                    rect,
                ),
            }
        }
        warning_rows_under(frame, body, coloured.bottom(), &titles, &bodies, theme);
    }
}

/// The cycle's warnings under the coloured part, from row `y`: each title, and its text where
/// it fit (an empty one did not); where one did not, the first title row with room says the
/// Warnings pane (one key away) has them in full.
fn warning_rows_under(
    frame: &mut Frame,
    body: Rect,
    mut y: u16,
    titles: &[Vec<String>],
    bodies: &[Vec<String>],
    theme: Theme,
) {
    let width = body.width as usize;
    let title_style = theme.warning().add_modifier(Modifier::BOLD);
    let mut hint = bodies.iter().any(Vec::is_empty).then(|| {
        Line::from(vec![
            Span::styled("w", theme.key()),
            Span::styled(" shows them in full", theme.dim()),
        ])
    });
    for (title, text) in titles
        .iter()
        .zip(bodies.iter().chain(std::iter::repeat(&Vec::new())))
    {
        let lines = title
            .iter()
            .map(|l| (l, title_style, true))
            .chain(text.iter().map(|l| (l, theme.warning(), false)));
        for (line, style, is_title) in lines {
            if y >= body.bottom() {
                return;
            }
            let row = Rect {
                y,
                height: 1,
                ..body
            };
            frame.render_widget(Paragraph::new(Line::styled(line.clone(), style)), row);
            if is_title && let Some(h) = hint.take_if(|h| line.width() + 2 + h.width() <= width) {
                frame.render_widget(Paragraph::new(h.right_aligned()), row);
            }
            y += 1;
        }
    }
}

enum Row {
    Word(Word),
    Digits(String, Digits),
    Bar,
    Text(String, Style),
}

impl Row {
    fn height(&self, glyphs: u16) -> u16 {
        match self {
            Row::Word(w) => w.rows,
            Row::Digits(_, d) => d.size(glyphs).1,
            Row::Bar | Row::Text(..) => 1,
        }
    }
}

/// The digits; `shaded` (the time is not running): drawn in a medium shade, not solid, or in
/// reverse video where the font is too small to shade.
fn draw_digits(
    frame: &mut Frame,
    area: Rect,
    text: &str,
    digits: Digits,
    style: Style,
    shaded: bool,
) {
    let block = if shaded { theme::SHADED } else { "█" };
    let line = || vec![Line::from(text.to_string())];
    match digits {
        Digits::Big(n) => {
            // Draw the full-size font off screen, then each of its cells as n x n.
            let glyphs = text.chars().count() as u16;
            let src = Rect::new(0, 0, glyphs * 8, 8);
            let mut buf = Buffer::empty(src);
            BigText::builder()
                .pixel_size(PixelSize::Full)
                .lines(line())
                .build()
                .render(src, &mut buf);
            let x0 = area.x + area.width.saturating_sub(src.width * n) / 2;
            let out = frame.buffer_mut();
            for (x, y) in (0..src.height).flat_map(|y| (0..src.width).map(move |x| (x, y))) {
                if buf[(x, y)].symbol() == " " {
                    continue;
                }
                for (dx, dy) in (0..n).flat_map(|dy| (0..n).map(move |dx| (dx, dy))) {
                    let (cx, cy) = (x0 + x * n + dx, area.y + y * n + dy);
                    if cx < area.right()
                        && cy < area.bottom()
                        && let Some(cell) = out.cell_mut((cx, cy))
                    {
                        cell.set_symbol(block).set_style(style);
                    }
                }
            }
        }
        Digits::Small(font, w, _) => {
            let font = match font {
                Font::HalfHeight => PixelSize::HalfHeight,
                Font::HalfWidth => PixelSize::HalfWidth,
                Font::Quadrant => PixelSize::Quadrant,
            };
            frame.render_widget(
                BigText::builder()
                    .pixel_size(font)
                    .style(style)
                    .centered()
                    .lines(line())
                    .build(),
                area,
            );
            if shaded {
                reverse(frame, area, text.chars().count() as u16 * w);
            }
        }
        Digits::Plain => {
            frame.render_widget(
                Paragraph::new(Line::styled(text.to_string(), style)).alignment(Alignment::Center),
                area,
            );
            if shaded {
                reverse(frame, area, text.chars().count() as u16);
            }
        }
    }
}

/// The small fonts' glyphs cannot be shaded: their block, `width` columns centred in `area`,
/// is drawn in reverse video instead (the time cut out of a solid block).
fn reverse(frame: &mut Frame, area: Rect, width: u16) {
    let x0 = area.x + area.width.saturating_sub(width) / 2;
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        for x in x0..(x0 + width).min(area.right()) {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.modifier.toggle(Modifier::REVERSED);
            }
        }
    }
}

/// First row: the phase in words with its symbol (first on screen, always), its state, the
/// round, "muted" while the timers make no sound, the cycle's title if there is room.
/// While `+`/`-` have set the phase beyond what the guide gives, the right of the row says so
/// instead.
fn header(frame: &mut Frame, area: Rect, view: &View, style: Style, muted: bool, theme: Theme) {
    let mut left = match view.status {
        Status::Done { .. } => format!(" {} DONE", theme::DONE),
        status => {
            let tag = match status {
                Status::Ready => " · ready".to_string(),
                Status::Paused => format!(" {} PAUSED", theme::PAUSED),
                Status::Waiting { .. } => " · waiting".to_string(),
                _ => String::new(),
            };
            format!(" {} {}{tag}", view.phase.symbol, view.phase.name)
        }
    };
    let round = match view.rounds {
        Some(n) => format!("round {} of {n}", view.round),
        None => format!("round {}", view.round),
    };
    let round = if muted {
        format!("muted · {round}")
    } else {
        round
    };
    let mut room = (area.width as usize).saturating_sub(left.width() + 2);
    let (right, right_style) = match view.beyond {
        Some((phase, len)) => {
            // On a narrow screen the note keeps its room: "PAUSED" gives way to its symbol.
            let shortest = format!(" {} short of guide ", theme::ALARM).width();
            if room < shortest && view.status == Status::Paused {
                left = format!(
                    " {} {} {}",
                    view.phase.symbol,
                    view.phase.name,
                    theme::PAUSED
                );
                room = (area.width as usize).saturating_sub(left.width() + 2);
            }
            let right = beyond_line(phase, len, room);
            // "muted" stays said where the row has room for it beside the note.
            let muted_tag = " · muted";
            if muted && left.width() + muted_tag.width() + right.width() + 2 <= area.width as usize
            {
                left.push_str(muted_tag);
            }
            (right, theme.alarm())
        }
        None => (
            [
                format!("{round} · {} ", view.cycle.title),
                format!("{round} "),
            ]
            .into_iter()
            .find(|r| r.width() <= room)
            .unwrap_or_default(),
            style,
        ),
    };
    frame.render_widget(Block::new().style(style), area);
    frame.render_widget(Paragraph::new(Line::styled(left, style)), area);
    frame.render_widget(
        Paragraph::new(Line::styled(right, right_style)).alignment(Alignment::Right),
        area,
    );
}

/// What comes next and when, or how to start.
fn next_line(view: &View, clock: ClockKind, now: Now) -> String {
    match (view.status, view.next) {
        (Status::Ready, _) => "Space to start".to_string(),
        (Status::Waiting { since }, _) => {
            format!(
                "ready since {} · Space to start",
                clock_at(since, clock, now)
            )
        }
        (Status::Done { at }, _) => {
            format!(
                "done at {} · Space to start again",
                clock_at(at, clock, now)
            )
        }
        (_, None) => String::new(),
        (status, Some(next)) => {
            let what = match next.phase {
                Some(p) => format!(
                    "{} {} {} {}",
                    theme::NEXT,
                    p.symbol,
                    p.name,
                    timer::shown(next.len)
                ),
                None => format!("{} {}", theme::NEXT, theme::DONE),
            };
            match (status, next.at) {
                (Status::Paused, _) => format!("{what} · paused"),
                // A phase that waits for the user may start from then.
                (_, Some(at)) if next.phase.is_some_and(|p| p.wait) => {
                    format!("{what} from {}", clock_at(at, clock, now))
                }
                (_, Some(at)) => format!("{what} at {}", clock_at(at, clock, now)),
                (_, None) => what,
            }
        }
    }
}

/// "While closed: ICE ON should have ended at 14:20; ICE OFF ended at 15:50."
fn missed_lines(view: &View, clock: ClockKind, now: Now, width: usize) -> Vec<String> {
    if view.missed.is_empty() {
        return Vec::new();
    }
    let items: Vec<String> = view
        .missed
        .iter()
        .map(|m| {
            let verb = if m.alarm {
                "should have ended"
            } else {
                "ended"
            };
            format!("{} {verb} at {}", m.phase.name, clock_at(m.at, clock, now))
        })
        .collect();
    wrap_text(
        &format!("While closed: {}.", items.join("; ")),
        width.saturating_sub(2),
    )
}

/// When `--hot`/`--cold` set a phase outside what the guide says, say what the guide says.
fn outside_lines(view: &View, width: usize) -> Vec<String> {
    if view.outside.is_empty() {
        return Vec::new();
    }
    let items: Vec<String> = view
        .outside
        .iter()
        .map(|p| format!("{} {}", p.name, duration::guide_range(p)))
        .collect();
    wrap_text(
        &format!("(the guide says {})", items.join(", ")),
        width.saturating_sub(2),
    )
}

/// "⚠ ICE ON set to 20:10, beyond the guide's 20:00 ": a phase `+`/`-` made longer or
/// shorter than the guide gives it, shortened to fit `width`, down to "⚠ beyond guide ".
fn beyond_line(p: &Phase, len: backspasm_core::timer::cycle::Ms, width: usize) -> String {
    let over = len > i64::from(*p.guide_secs().end()) * 1000;
    let (mark, word, set, range) = (
        theme::ALARM,
        if over { "beyond" } else { "short of" },
        timer::shown(len),
        duration::guide_range(p),
    );
    let name = &p.name;
    [
        format!(" {mark} {name} set to {set}, {word} the guide's {range} "),
        format!(" {mark} {set}: {word} the guide's {range} "),
        format!(" {mark} {word} the guide ({range}) "),
        format!(" {mark} {word} the guide "),
    ]
    .into_iter()
    .find(|l| l.width() <= width)
    .unwrap_or_else(|| format!(" {mark} {word} guide "))
}

/// How far into the phase: a bar across the screen with a margin.
fn bar(frame: &mut Frame, area: Rect, view: &View, style: Style) {
    let width = area.width.saturating_sub(4) as usize;
    let done = match view.status {
        Status::Done { .. } => width,
        Status::Ready | Status::Waiting { .. } => 0,
        _ if view.len <= 0 => 0,
        _ => {
            let elapsed = (view.len - view.left).clamp(0, view.len);
            (elapsed as u128 * width as u128 / view.len as u128) as usize
        }
    };
    let text = format!(
        "{}{}",
        theme::PHASE_DONE.repeat(done),
        theme::PHASE_LEFT.repeat(width - done)
    );
    frame.render_widget(
        Paragraph::new(Line::styled(text, style)).alignment(Alignment::Center),
        area,
    );
}

/// A clock time, with the day when it is not today ("yesterday 19:21", "Tue 24 Nov, 19:21"):
/// an alarm or a phase that ended while the app was closed may be days old.
fn clock_at(at: DateTime<FixedOffset>, clock: ClockKind, now: Now) -> String {
    let local = at.with_timezone(now.wall.offset());
    if local.date_naive() == now.wall.date_naive() {
        local.format(time_format(clock)).to_string()
    } else {
        when::relative(at, now.wall)
    }
}

fn time_format(clock: ClockKind) -> &'static str {
    match clock {
        ClockKind::Monotonic => "%H:%M:%S",
        ClockKind::Wall => "%H:%M",
    }
}

/// `text` wrapped to `width` after `prefix`, later lines indented as far.
fn hanging(prefix: &str, text: &str, width: usize) -> Vec<String> {
    wrap::wrap(
        &[wrap::Span::new(prefix, ())],
        &[wrap::Span::new(text, ())],
        (),
        width,
    )
    .iter()
    .map(|l| wrap::plain(l))
    .collect()
}

fn wrap_text(text: &str, width: usize) -> Vec<String> {
    wrap::wrap(&[], &[wrap::Span::new(text, ())], (), width)
        .iter()
        .map(|l| wrap::plain(l))
        .collect()
}

/// The footer's note of running timers other than `except` (phase and time left, or the
/// alarm): in full, then compact (symbol and time).
pub fn status(
    app: &App,
    content: &Content,
    now: Now,
    except: Option<ClockKind>,
    theme: Theme,
) -> Vec<Vec<Span<'static>>> {
    let flash = app.timer.timers.flashing(now);
    let (mut full, mut short) = (Vec::new(), Vec::new());
    for slot in [&app.timer.timers.mono, &app.timer.timers.wall]
        .into_iter()
        .flatten()
    {
        if Some(slot.clock) == except {
            continue;
        }
        if let Some((f, s)) = slot_status(slot, content, now, flash, theme) {
            if !full.is_empty() {
                full.push(Span::raw(" "));
                short.push(Span::raw(" "));
            }
            full.push(f);
            short.push(s);
        }
    }
    vec![full, short]
}

fn slot_status(
    slot: &Slot,
    content: &Content,
    now: Now,
    flash: bool,
    theme: Theme,
) -> Option<(Span<'static>, Span<'static>)> {
    slot.run?;
    let view = slot.view(content, now);
    if let Some((phase, _)) = view.alarm {
        let style = theme.alarm();
        return Some((
            Span::styled(format!(" {} {} ended ", theme::ALARM, phase.name), style),
            Span::styled(format!(" {} ", theme::ALARM), style),
        ));
    }
    let p = view.phase;
    let left = timer::shown(view.left);
    let (full, short) = match view.status {
        Status::Running => (
            format!(" {} {} {left} ", p.symbol, p.name),
            format!(" {}{left} ", p.symbol),
        ),
        Status::Paused => (
            format!(" {} {} {}{left} ", p.symbol, p.name, theme::PAUSED),
            format!(" {}{}{left} ", p.symbol, theme::PAUSED),
        ),
        Status::Waiting { .. } => (
            format!(" {} {} ready ", p.symbol, p.name),
            format!(" {} ", p.symbol),
        ),
        Status::Ready | Status::Done { .. } => return None,
    };
    let style = theme.phase(p.tone, flash).add_modifier(Modifier::BOLD);
    Some((Span::styled(full, style), Span::styled(short, style)))
}
