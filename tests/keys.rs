//! Key handling through the key table and `update`, as the event loop drives it.

mod common;

use backspasm::app::{Action, Overlay};
use backspasm::keymap::{self, Ctx};
use common::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

#[test]
fn arrows_tab_and_digits_switch_panes() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[key(KeyCode::Right)]);
    assert_eq!(app.tab, 1);
    press(&mut app, &c, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    assert_eq!(app.tab, 3);
    press(&mut app, &c, &[key(KeyCode::BackTab), key(KeyCode::Left)]);
    assert_eq!(app.tab, 1);
    press(&mut app, &c, &[key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(app.tab, c.tabs.len() - 1, "wraps around");
    press(&mut app, &c, &[ch('3')]);
    assert_eq!(app.tab, 2);
    press(&mut app, &c, &[ch('9')]);
    assert_eq!(app.tab, 8);
}

#[test]
fn h_is_left_free_and_l_opens_lifting() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('h')]);
    assert_eq!((app.tab, app.ctx()), (0, Ctx::Guide));
    press(&mut app, &c, &[ch('l')]);
    assert_eq!(app.ctx(), Ctx::Walk);
}

#[test]
fn w_jumps_to_warnings_from_anywhere() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('4'), ch('w')]);
    assert_eq!(c.tabs[app.tab].id, "warnings");
}

#[test]
fn help_opens_scrolls_and_closes() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('?')]);
    assert_eq!(app.ctx(), Ctx::Help);
    press(&mut app, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.overlay, Some(Overlay::Help { offset: 2 }));
    // Pane keys do nothing under the overlay.
    press(&mut app, &c, &[key(KeyCode::Right)]);
    assert_eq!(app.tab, 0);
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    assert_eq!(app.overlay, None);
    press(&mut app, &c, &[ch('?'), ch('?')]);
    assert_eq!(app.overlay, None, "? toggles");
}

#[test]
fn q_and_ctrl_c_quit_from_the_guide_and_the_overlay() {
    let c = content();
    for events in [
        vec![ch('q')],
        vec![Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        ))],
        vec![ch('?'), ch('q')],
    ] {
        let mut app = app(&c, 80, 24);
        press(&mut app, &c, &events);
        assert!(app.quit, "{events:?}");
    }
    // A plain 'c' is not Ctrl-C.
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('c')]);
    assert!(!app.quit);
}

#[test]
fn down_moves_between_steps_and_reads_long_ones() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('2')]);
    assert_eq!(app.view().selected, 0);
    // Step 1 (pressure) is taller than a 10-line page: Down scrolls through it first.
    press(&mut app, &c, &[key(KeyCode::Down)]);
    assert_eq!((app.view().selected, app.view().offset), (0, 1));
    for _ in 0..30 {
        press(&mut app, &c, &[ch('j')]);
    }
    assert!(app.view().selected > 0);
    let (sel, off) = (app.view().selected, app.view().offset);
    press(&mut app, &c, &[ch('k')]);
    assert!(app.view().selected < sel || app.view().offset < off);
}

#[test]
fn home_end_and_pages() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End)]);
    let end = app.view();
    assert_eq!(end.selected, c.tabs[1].steps.len() - 1);
    assert!(end.offset > 0);
    press(&mut app, &c, &[key(KeyCode::PageUp)]);
    assert!(app.view().offset < end.offset);
    press(&mut app, &c, &[key(KeyCode::Home)]);
    assert_eq!((app.view().offset, app.view().selected), (0, 0));
    press(&mut app, &c, &[key(KeyCode::PageDown)]);
    assert_eq!(
        app.view().offset,
        21,
        "a page is the body height (22) less one line"
    );
    assert!(end.offset > 21);
    press(&mut app, &c, &vec![key(KeyCode::PageDown); 20]);
    assert_eq!(app.view().offset, end.offset, "paging stops at the end");
}

#[test]
fn each_pane_keeps_its_place() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End), ch('3')]);
    assert_eq!(app.view().offset, 0);
    press(&mut app, &c, &[ch('2')]);
    assert!(app.view().offset > 0);
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn mouse_wheel_scrolls_and_click_selects_a_tab() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(
        &mut app,
        &c,
        &[ch('4'), mouse(MouseEventKind::ScrollDown, 10, 10)],
    );
    assert_eq!(app.view().offset, 3);
    press(&mut app, &c, &[mouse(MouseEventKind::ScrollUp, 10, 10)]);
    assert_eq!(app.view().offset, 0);

    // Click the label of pane 6 wherever the tab bar put it.
    let bar = backspasm::layout::tab_bar(&c, app.tab, 80);
    let slot = bar.slots.iter().find(|s| s.tab == 5).unwrap();
    press(
        &mut app,
        &c,
        &[mouse(
            MouseEventKind::Down(MouseButton::Left),
            slot.x + 1,
            0,
        )],
    );
    assert_eq!(app.tab, 5);
    // A click in the body does not switch panes.
    press(
        &mut app,
        &c,
        &[mouse(MouseEventKind::Down(MouseButton::Left), 5, 5)],
    );
    assert_eq!(app.tab, 5);
}

#[test]
fn unbound_keys_and_mouse_moves_do_nothing() {
    assert_eq!(keymap::event_action(Ctx::Guide, &ch('z')), None);
    assert_eq!(
        keymap::event_action(Ctx::Guide, &mouse(MouseEventKind::Moved, 1, 1)),
        None
    );
}

#[test]
fn footer_and_help_come_from_the_key_table() {
    let footer = keymap::footer(Ctx::Guide);
    let help = keymap::help_rows(Ctx::Guide);
    for (keys, word, _) in &footer {
        let binding = keymap::BINDINGS
            .iter()
            .find(|b| b.hint == *word && b.ctx.contains(&Ctx::Guide))
            .unwrap();
        assert!(
            help.iter().any(|(_, h)| *h == binding.help),
            "{keys} {word}"
        );
    }
    assert!(footer.iter().any(|(k, w, _)| k == "?" && *w == "help"));
    // Every Guide action reachable by a key appears in the help.
    for b in keymap::bindings(Ctx::Guide) {
        assert!(help.iter().any(|(_, h)| *h == b.help));
    }
}

#[test]
fn resize_keeps_views_in_range() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End)]);
    act(
        &mut app,
        &c,
        Action::Resize {
            width: 200,
            height: 100,
        },
    );
    assert_eq!(app.view().offset, 0, "everything fits now");
}
