//! Rendering against the real frame: every screen drawn into a frame of another size than the
//! app was last told (a resize that lands between an event and the draw), and the screen
//! fixes of the audit (notices, the disclaimer on every first screen, small sizes, dates).

mod common;

use backspasm::app::App;
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::ui;
use chrono::TimeDelta;
use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Draw `app` into a frame of `w`x`h`, whatever `app.size` says.
fn draw_in(app: &App, c: &Content, w: u16, h: u16, at: Now) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app, c, at)).unwrap();
    t
}

/// Every screen with something on it, each set up at `w`x`h` through the keys.
fn screens(c: &Content, w: u16, h: u16) -> Vec<(&'static str, App)> {
    let base = || {
        let mut a = app(c, w, h);
        a.state.onset = Some(now().wall - TimeDelta::hours(30));
        for (i, score) in [(50, 7), (26, 5), (3, 4)] {
            a.state.diary.push(backspasm::diary::PainEntry {
                at: now().wall - TimeDelta::hours(i),
                score,
                note: Some("stiff".into()),
            });
        }
        a
    };
    let with = |keys: &[ratatui::crossterm::event::Event]| {
        let mut a = base();
        press(&mut a, c, keys);
        a
    };
    let mut shower = base();
    shower.start_timer(ClockKind::Monotonic, None, now());
    let walk = |id: &str| {
        let mut a = base();
        let i = c.walkthroughs.iter().position(|x| x.id == id).unwrap();
        a.open_walk(c, i, now());
        a
    };
    let mut list = walk("lifting");
    press(&mut list, c, &[ch('v')]);
    let mut notice = walk("lifting");
    notice.notice = Some("a notice long enough to wrap onto a second line at most sizes".into());
    vec![
        ("today", base()),
        ("guide", with(&[ch('2')])),
        ("warnings", with(&[ch('w')])),
        ("help", with(&[ch('?')])),
        ("diary", with(&[ch('d')])),
        ("doctor", with(&[ch('c')])),
        ("onset", with(&[ch('o')])),
        ("pain", with(&[ch('p')])),
        ("note", with(&[ch('p'), ch('5'), ch('x')])),
        ("shower", shower),
        ("ice", with(&[ch('i'), ch(' ')])),
        ("walk focus", walk("pressure")),
        ("walk list", list),
        ("notice", notice),
    ]
}

#[test]
fn every_screen_draws_at_the_frames_size_not_the_apps() {
    let c = content();
    let pairs = [
        ((120, 40), (80, 24)),
        ((80, 24), (60, 20)),
        ((80, 24), (40, 12)),
        ((81, 25), (80, 24)),
        ((40, 12), (80, 24)),
        ((80, 24), (30, 8)),
        ((80, 24), (20, 5)),
        ((30, 8), (200, 60)),
    ];
    for ((aw, ah), (fw, fh)) in pairs {
        for ((name, told), (_, real)) in screens(&c, aw, ah).into_iter().zip(screens(&c, fw, fh)) {
            let drawn = draw_in(&told, &c, fw, fh, now());
            assert_eq!(lines(&drawn).len(), fh as usize);
            if name == "walk list" {
                // Opening the list scrolled it to the selected step at the size it was told.
                continue;
            }
            // The same as an app that had been told the real size (nothing else in these
            // depends on the size).
            let expected = draw_in(&real, &c, fw, fh, now());
            assert_eq!(
                screen_text(&drawn),
                screen_text(&expected),
                "{name}: told {aw}x{ah}, frame {fw}x{fh}"
            );
        }
    }
}
