//! Screen snapshots (insta + TestBackend) of every pane at 80x24 and 40x12, the help overlay
//! and the too-small screen; styles that carry meaning are checked cell by cell.

mod common;

use backspasm::app::Action;
use common::*;
use ratatui::style::{Color, Modifier};

#[test]
fn every_pane_at_80x24_and_40x12() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        for (i, tab) in c.tabs.iter().enumerate() {
            let mut app = app(&c, w, h);
            act(&mut app, &c, Action::GoTab(i));
            let t = render(&app, &c);
            insta::assert_snapshot!(format!("pane_{}_{w}x{h}", tab.id), t.backend());
        }
    }
}

#[test]
fn help_overlay() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = app(&c, w, h);
        press(&mut app, &c, &[ch('?')]);
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app, &c).backend());
    }
}

#[test]
fn too_small() {
    let c = content();
    let app = app(&c, 29, 10);
    let t = render(&app, &c);
    insta::assert_snapshot!("too_small", t.backend());
    assert!(screen_text(&t).contains("Terminal too small"));
    let t = render(&common::app(&c, 60, 7), &c);
    assert!(screen_text(&t).contains("Terminal too small"));
}

#[test]
fn disclaimer_is_on_the_first_screen() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let t = render(&app(&c, w, h), &c);
        let text = screen_text(&t);
        // Without the scrollbar column, the words run on across lines.
        let words = lines(&t)
            .iter()
            .map(|l| l.chars().take(w as usize - 1).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("not medical advice"), "{w}x{h}:\n{text}");
    }
}

#[test]
fn inline_warnings_are_marked_and_coloured() {
    let c = content();
    let mut app = app(&c, 80, 24);
    act(&mut app, &c, Action::GoTab(2)); // Ice and heat: the ice step carries two warnings
    let t = render(&app, &c);
    let (x, y) = find(&t, "⚠");
    let cell = &t.backend().buffer()[(x, y)];
    assert_eq!(cell.fg, Color::Yellow);
    assert!(cell.modifier.contains(Modifier::BOLD));
}

#[test]
fn no_color_keeps_symbols_and_drops_colours() {
    let c = content();
    let mut app = app(&c, 80, 24);
    app.color = false;
    act(&mut app, &c, Action::Warnings);
    let t = render(&app, &c);
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let (x, y) = find(&t, "⚠");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    assert!(
        screen_text(&t).contains("▌"),
        "the Warnings edge shows without colour"
    );
}

#[test]
fn selected_step_is_marked_in_the_gutter() {
    let c = content();
    let mut app = app(&c, 80, 24);
    act(&mut app, &c, Action::GoTab(1));
    act(&mut app, &c, Action::Down);
    let t = render(&app, &c);
    let (x, y) = find(&t, "▶");
    assert_eq!(x, 0);
    assert!(lines(&t)[y as usize].contains("2. Try shower hydrotherapy"));
}

#[test]
fn resize_redraws_at_the_new_size() {
    let c = content();
    let mut app = app(&c, 80, 24);
    act(&mut app, &c, Action::GoTab(1));
    act(&mut app, &c, Action::End);
    resize(&mut app, &c, 40, 12);
    let t = render(&app, &c);
    assert_eq!(lines(&t).len(), 12);
    assert!(lines(&t).iter().all(|l| l.chars().count() == 40));
    // After End, the last line of the pane is still in view after shrinking.
    act(&mut app, &c, Action::End);
    let text = screen_text(&render(&app, &c));
    // The pane ends with the lifting step's warning about muscle relaxants.
    assert!(text.contains("injury worse."), "{text}");
}
