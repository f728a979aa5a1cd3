//! The pain score and the diary's entries through the key table, `update` and the screen, as
//! a person in pain presses keys: `1` then `0` fast and slow, a digit twice, Esc too often;
//! changing and deleting an entry from the diary, with undo; a long note read whole; the note's
//! limit said; the summary on screen.

mod common;

use backspasm::app::{Action, App, Screen};
use backspasm::clock::Now;
use backspasm::content::Content;
use backspasm::keymap::Ctx;
use backspasm::today::pain::{SummaryShown, TEN_LATE, TEN_WAIT};
use backspasm_core::state::Edit;
use backspasm_core::today::diary::{MAX_NOTE_CHARS, PainEntry};
use chrono::TimeDelta;
use common::*;
use ratatui::crossterm::event::KeyCode;

fn esc() -> ratatui::crossterm::event::Event {
    key(KeyCode::Esc)
}

fn enter() -> ratatui::crossterm::event::Event {
    key(KeyCode::Enter)
}

/// One moment for the whole test (`now()` reads the monotonic clock each time).
fn base() -> Now {
    static BASE: std::sync::OnceLock<Now> = std::sync::OnceLock::new();
    *BASE.get_or_init(now)
}

/// `secs` after the test's moment.
fn t(secs: f64) -> Now {
    at(base(), secs)
}

/// The clock reached the app's deadline, as the loop's wait ending would say.
fn tick(a: &mut App, c: &Content, now: Now) {
    a.update(c, Action::Tick, now);
}

fn scores(a: &App) -> Vec<u8> {
    a.state.diary.iter().map(|e| e.score).collect()
}

fn typed(text: &str) -> Vec<ratatui::crossterm::event::Event> {
    text.chars().map(ch).collect()
}

/// Three entries over two days, the newest with a long note.
fn with_entries(c: &Content, w: u16, h: u16) -> App {
    let mut a = app(c, w, h);
    let e = |hours: i64, score, note: Option<&str>| {
        PainEntry::new(
            now().wall - TimeDelta::hours(hours),
            score,
            note.map(str::to_string),
        )
    };
    a.state.diary = vec![
        e(26, 8, Some("could not get out of bed")),
        e(5, 6, None),
        e(
            1,
            4,
            Some(
                "better after the hot shower, but bending to put socks on still hurts low on \
                 the left side, and sitting more than twenty minutes makes it stiff again",
            ),
        ),
    ];
    a.today.summary_path = Some("/home/me/backspasm-summary.txt".into());
    a
}

#[test]
fn one_then_zero_is_ten() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press_at(&mut a, &c, t(0.0), &[ch('p'), ch('1')]);
    // Nothing is logged yet; the prompt says a 0 may follow, and the loop wakes in time.
    assert!(a.state.diary.is_empty());
    assert_eq!(a.ctx(), Ctx::PainWait);
    assert_eq!(a.wake_in(t(0.0)), Some(TEN_WAIT));
    let shown = render(&a, &c);
    insta::assert_snapshot!("pain_wait_80x24", shown.backend());
    assert!(screen_text(&shown).contains("1… press 0 for 10; Enter or a moment's pause logs 1."));
    // On the smallest screen too: the question gives way to what the keys do.
    let mut small = a.clone();
    resize(&mut small, &c, 30, 8);
    let shown = render(&small, &c);
    insta::assert_snapshot!("pain_wait_30x8", shown.backend());
    assert!(screen_text(&shown).contains("1… press 0 for 10; Enter"));
    press_at(&mut a, &c, t(1.0), &[ch('0')]);
    assert_eq!(scores(&a), [10]);
    // A 10 asks whether it is severe and unbearable first (tests/escalation.rs); any other
    // key goes on to the note.
    assert_eq!(a.screen, Screen::Ask(0));
    press_at(&mut a, &c, t(1.0), &[ch('n')]);
    assert_eq!(a.screen, Screen::PainNote);
    assert_eq!(a.today.field, "", "the 0 is not in the note");
    assert_eq!(a.wake_in(t(1.0)), None, "nothing left to wait for");
}

#[test]
fn a_pause_after_one_logs_one_and_a_slow_zero_still_makes_ten() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press_at(&mut a, &c, t(0.0), &[ch('p'), ch('1')]);
    // The deadline passes: 1 is logged and the note opens.
    tick(&mut a, &c, t(TEN_WAIT.as_secs_f64()));
    assert_eq!(scores(&a), [1]);
    assert_eq!(a.screen, Screen::PainNote);
    assert!(screen_text(&render(&a, &c)).contains("Pain 1/10 logged"));
    // The 0 a slow hand meant for it comes a moment later: it is 10, not a note.
    press_at(&mut a, &c, t(2.5), &[ch('0')]);
    assert_eq!(scores(&a), [10]);
    assert_eq!(a.today.field, "");
    assert!(
        a.pending
            .iter()
            .any(|e| matches!(e, Edit::ScorePain { score: 10, .. }))
    );
    // Made 10, it asks the 9-or-10 question as a 10 typed at once does.
    assert_eq!(a.screen, Screen::Ask(0));

    // Long after the pause, a 0 is typed: the box has said "Pain 1/10 logged" for seconds.
    let mut b = app(&c, 80, 24);
    press_at(&mut b, &c, t(0.0), &[ch('p'), ch('1')]);
    tick(&mut b, &c, t(TEN_WAIT.as_secs_f64()));
    let late = TEN_WAIT + TEN_LATE;
    press_at(&mut b, &c, t(late.as_secs_f64() + 0.1), &[ch('0')]);
    assert_eq!((scores(&b), b.today.field.as_str()), (vec![1], "0"));

    // A 0 that comes after the deadline but before the loop's tick is taken as if the tick had
    // come first (no tick in between here).
    let mut d = app(&c, 80, 24);
    press_at(&mut d, &c, t(0.0), &[ch('p'), ch('1')]);
    press_at(&mut d, &c, t(2.0), &[ch('0')]);
    assert_eq!((scores(&d), d.today.field.as_str()), (vec![10], ""));
}

#[test]
fn enter_or_esc_after_one_logs_one_and_another_digit_is_that_score() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('p'), ch('1'), enter()]);
    assert_eq!((scores(&a), a.screen.clone()), (vec![1], Screen::PainNote));
    // Esc after 1 logs it and leaves, as Esc after any score skips the note.
    press(&mut a, &c, &[esc(), ch('p'), ch('1'), esc()]);
    assert_eq!((scores(&a), a.screen.clone()), (vec![1, 1], Screen::Guide));
    // No score above 10 gets in, however the action is made.
    press(&mut a, &c, &[ch('p'), ch('1')]);
    act(&mut a, &c, Action::Score(11));
    assert_eq!((a.ctx(), scores(&a).len()), (Ctx::PainWait, 2));
    press(&mut a, &c, &[esc()]);
    // 1 then 5: the 5 was meant.
    press(&mut a, &c, &[ch('p'), ch('1'), ch('5')]);
    assert_eq!(scores(&a), [1, 1, 1, 5]);
    // 1 twice is 1, and the second is not typed into the note.
    press(&mut a, &c, &[esc(), ch('p'), ch('1'), ch('1')]);
    assert_eq!(scores(&a), [1, 1, 1, 5, 1]);
    assert_eq!(a.today.field, "");
    // Esc too often: the note is skipped, then the guide stays the guide.
    press(&mut a, &c, &[esc(), esc(), esc()]);
    assert_eq!((a.screen.clone(), a.quit), (Screen::Guide, false));
    assert_eq!(a.state.diary.len(), 5);
}

#[test]
fn a_digit_pressed_twice_is_not_typed_into_the_note() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('p'), ch('7'), ch('7')]);
    assert_eq!((scores(&a), a.today.field.as_str()), (vec![7], ""));
    // However slowly the second comes.
    press_at(&mut a, &c, t(30.0), &[ch('7')]);
    assert_eq!(a.today.field, "");
    // Once the note has begun, digits type; another digit at the start types too ("2 pills").
    press(&mut a, &c, &typed("after 7 steps"));
    assert_eq!(a.today.field, "after 7 steps");
    press(&mut a, &c, &[enter(), ch('p'), ch('5'), ch('2')]);
    assert_eq!(a.today.field, "2");
    press(&mut a, &c, &typed(" pills"));
    press(&mut a, &c, &[enter()]);
    let notes: Vec<_> = a.state.diary.iter().map(|e| e.note.as_deref()).collect();
    assert_eq!(notes, [Some("after 7 steps"), Some("2 pills")]);
}

#[test]
fn quitting_while_one_waits_for_its_zero_keeps_the_one() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('p'), ch('1'), ch('q')]);
    assert!(a.quit);
    a.commit_input(now());
    assert_eq!(scores(&a), [1]);
    // And an alarm waits for it, as for a text field.
    let mut b = app(&c, 80, 24);
    press_at(&mut b, &c, t(0.0), &[ch('p'), ch('1')]);
    assert!(b.entering());
}

#[test]
fn the_diary_opens_on_the_newest_entry_with_its_whole_note() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let mut a = with_entries(&c, w, h);
        press(&mut a, &c, &[ch('d')]);
        assert_eq!(a.selected_entry().map(|e| e.score), Some(4));
        let shown = render(&a, &c);
        insta::assert_snapshot!(format!("diary_long_note_{w}x{h}"), shown.backend());
        let text = screen_text(&shown);
        assert!(text.contains("▶ today 13:00"), "{text}");
        // The long note is on screen to its last words (as far as the list is tall).
        if h >= 24 {
            assert!(text.contains("twenty minutes makes it stiff"), "{text}");
        }
    }
    // Another entry selected: the long note is cut with "…", the selected one shows whole.
    let mut a = with_entries(&c, 80, 24);
    press(&mut a, &c, &[ch('d'), key(KeyCode::End)]);
    assert_eq!(a.selected_entry().map(|e| e.score), Some(8));
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("4/10  better after the hot shower, but bending to put soc…"),
        "{text}"
    );
    assert!(text.contains("could not get out of bed"), "{text}");
    // Pain logged from there: back in the diary, the new entry is the one selected.
    press(&mut a, &c, &[ch('p'), ch('5'), esc()]);
    assert_eq!(a.screen, Screen::Diary);
    assert_eq!(a.selected_entry(), a.state.diary.last());
    assert_eq!(a.selected_entry().map(|e| e.score), Some(5));
}

#[test]
fn down_reads_a_long_note_to_its_end_before_moving_on() {
    let c = content();
    let mut a = with_entries(&c, 30, 8);
    press(&mut a, &c, &[ch('d')]);
    let list = a.diary_list(now());
    let (start, end) = list.rows(0);
    assert!(
        end - start > list.height,
        "the note is taller than the list"
    );
    let mut downs = 0;
    while a.pain.selected == 0 {
        press(&mut a, &c, &[key(KeyCode::Down)]);
        downs += 1;
        assert!(downs < 20);
    }
    assert_eq!(
        downs,
        end - list.height + 1,
        "a row at a time, then the next entry"
    );
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("▶ yesterday") || text.contains("▶ today 09"),
        "{text}"
    );
    // Up goes back to it, showing its start again once selected.
    press(&mut a, &c, &[key(KeyCode::Up)]);
    assert_eq!((a.pain.selected, a.pain.offset), (0, 0));
}

#[test]
fn delete_then_undo_puts_the_entry_back_whole() {
    let c = content();
    let mut a = with_entries(&c, 80, 24);
    let before = a.state.diary.clone();
    press(
        &mut a,
        &c,
        &[ch('d'), key(KeyCode::Down), key(KeyCode::Delete)],
    );
    assert_eq!(scores(&a), [8, 4]);
    assert!(matches!(a.pending[..], [Edit::DeletePain { id }] if id == before[1].id));
    assert_eq!(
        a.notice.as_deref(),
        Some("Deleted pain 6/10 of today 09:00. u puts it back.")
    );
    assert_eq!(
        a.selected_entry().map(|e| e.score),
        Some(8),
        "the next older entry is selected"
    );
    // Backspace deletes too (the key a laptop has).
    press(&mut a, &c, &[key(KeyCode::Backspace)]);
    assert_eq!(scores(&a), [4]);
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(scores(&a), [8, 4]);
    assert_eq!(
        a.selected_entry(),
        Some(&before[0]),
        "the one put back is selected"
    );
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.state.diary, before, "ids, times and notes as they were");
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.notice.as_deref(), Some("Nothing to undo."));
    assert_eq!(a.state.diary, before);
    // Esc too often: back to the guide, and no further.
    press(&mut a, &c, &[esc(), esc()]);
    assert_eq!(a.screen, Screen::Guide);
}

#[test]
fn edit_changes_the_score_then_the_note_and_undo_puts_both_back() {
    let c = content();
    let mut a = with_entries(&c, 80, 24);
    let before = a.state.diary.clone();
    press(&mut a, &c, &[ch('d'), key(KeyCode::End), ch('e')]);
    assert_eq!(a.ctx(), Ctx::PainEdit);
    let shown = render(&a, &c);
    insta::assert_snapshot!("pain_edit_80x24", shown.backend());
    assert!(screen_text(&shown).contains("Pain 8/10, yesterday 12:00."));
    press(&mut a, &c, &[ch('5')]);
    assert_eq!(scores(&a), [5, 6, 4]);
    // The note comes with its text, to change.
    assert_eq!(
        (a.screen.clone(), a.today.field.as_str()),
        (Screen::PainNote, "could not get out of bed")
    );
    press(&mut a, &c, &typed(" or dress"));
    press(&mut a, &c, &[enter()]);
    assert_eq!(a.screen, Screen::Diary);
    assert_eq!(
        a.state.diary[0].note.as_deref(),
        Some("could not get out of bed or dress")
    );
    assert_eq!(a.state.diary[0].id, before[0].id);
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.state.diary, before, "one undo puts back score and note");
}

#[test]
fn edit_then_esc_changes_nothing() {
    let c = content();
    let mut a = with_entries(&c, 80, 24);
    let before = a.state.diary.clone();
    // Esc on the score: nothing changed, nothing to undo.
    press(&mut a, &c, &[ch('d'), ch('e'), esc()]);
    assert_eq!((a.screen.clone(), &a.state.diary), (Screen::Diary, &before));
    // Enter keeps the score; typing then Esc leaves the note as it was.
    press(&mut a, &c, &[ch('e'), enter()]);
    assert_eq!(a.screen, Screen::PainNote);
    press(&mut a, &c, &typed(" xyz"));
    press(&mut a, &c, &[esc()]);
    assert_eq!((a.screen.clone(), &a.state.diary), (Screen::Diary, &before));
    assert!(a.pending.is_empty(), "{:?}", a.pending);
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.notice.as_deref(), Some("Nothing to undo."));
    // Clearing the note and Enter takes it away; 1 then 0 makes it 10.
    press(&mut a, &c, &[ch('e'), ch('1'), ch('0')]);
    for _ in 0..200 {
        press(&mut a, &c, &[key(KeyCode::Backspace)]);
    }
    press(&mut a, &c, &[enter()]);
    let newest = a.state.diary.last().unwrap();
    assert_eq!((newest.score, newest.note.as_deref()), (10, None));
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.state.diary, before);
}

#[test]
fn the_empty_diary_says_what_e_and_delete_cannot_do() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('d'), ch('e')]);
    assert_eq!(a.screen, Screen::Diary);
    assert_eq!(
        a.notice.as_deref(),
        Some("Nothing to change yet: p logs your pain.")
    );
    press(&mut a, &c, &[key(KeyCode::Delete)]);
    assert_eq!(a.notice.as_deref(), Some("Nothing to delete."));
}

#[test]
fn the_note_limit_is_said_when_it_is_reached() {
    let c = content();
    let mut a = app(&c, 40, 12);
    press(&mut a, &c, &[ch('p'), ch('6')]);
    press(&mut a, &c, &typed(&"a".repeat(MAX_NOTE_CHARS - 1)));
    let text = screen_text(&render(&a, &c));
    assert!(!text.contains("most a note holds"), "{text}");
    // The field shows the end of what was typed, cut at the start with "…".
    assert!(text.contains("> …aaa"), "{text}");
    press(&mut a, &c, &typed("bc"));
    assert_eq!(a.today.field.chars().count(), MAX_NOTE_CHARS);
    assert!(a.today.field.ends_with("ab"));
    let shown = render(&a, &c);
    insta::assert_snapshot!("pain_note_limit_40x12", shown.backend());
    assert!(
        screen_text(&shown).contains("most a note holds (200"),
        "{}",
        screen_text(&shown)
    );
}

#[test]
fn the_summary_opens_on_screen_and_scrolls() {
    let c = content();
    let mut a = with_entries(&c, 80, 24);
    a.state.onset = Some(now().wall - TimeDelta::hours(30));
    press(&mut a, &c, &[ch('d'), ch('s')]);
    assert_eq!(a.screen, Screen::Summary);
    assert!(screen_text(&render(&a, &c)).contains("Writing the summary…"));
    // What the shell does next (tests/today.rs writes a real file).
    let markdown = backspasm_core::today::summary::markdown(&c, &a.state, now().wall);
    a.effects.clear();
    a.pain.summary = Some(SummaryShown {
        markdown,
        written: Ok("/home/me/a/folder/with/a/long/name/backspasm-summary.txt".into()),
        offset: 0,
    });
    for (w, h) in [(80, 24), (40, 12)] {
        let mut s = a.clone();
        resize(&mut s, &c, w, h);
        let shown = render(&s, &c);
        insta::assert_snapshot!(format!("summary_{w}x{h}"), shown.backend());
    }
    // The path is there whole at 40 columns too, over two rows.
    let mut s = a.clone();
    resize(&mut s, &c, 40, 12);
    let text = screen_text(&render(&s, &c));
    // Each row without the scrollbar's column.
    let rows: Vec<String> = text
        .lines()
        .map(|l| l.chars().take(39).collect::<String>().trim().to_string())
        .collect();
    assert!(
        rows.concat()
            .contains("✓ Written to/home/me/a/folder/with/a/long/name/backspasm-summary.txt"),
        "{text}"
    );
    press(&mut s, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(s.pain.summary.as_ref().unwrap().offset, 2);
    press(&mut s, &c, &[key(KeyCode::End)]);
    let text = screen_text(&render(&s, &c));
    assert!(
        text.contains("Pain (0 to 10)") || text.contains("Treatments"),
        "{text}"
    );
    press(&mut s, &c, &[esc()]);
    assert_eq!(s.screen, Screen::Diary);
}

/// Nothing is cut off without a sign (QA 11). At 30x8 under the call-a-doctor banner the pain
/// box still asks its question (shorter), or an ↑ on its border says it is above; the diary's
/// bottom line is whole ("s summary for the doctor"), never a sentence cut at its comma.
#[test]
fn small_screens_say_the_question_and_never_end_mid_sentence() {
    let c = content();
    for banner in [false, true] {
        let mut a = with_entries(&c, 30, 8);
        if banner {
            a.state.doctor.insert("severe".into());
            a.sync_banner(&c, now());
        }
        press(&mut a, &c, &[ch('p')]);
        let t = render(&a, &c);
        let text = screen_text(&t);
        insta::assert_snapshot!(format!("pain_prompt_30x8_banner_{banner}"), t.backend());
        assert_eq!(text.contains("CALL A DOCTOR"), banner, "{text}");
        assert!(
            text.contains("How bad is it now") || text.contains('↑'),
            "{text}"
        );
        assert!(text.contains("0 1 2 3 4 5 6 7 8 9 10"), "{text}");

        press(&mut a, &c, &[esc(), ch('d')]);
        let t = render(&a, &c);
        let rows = lines(&t);
        let last = rows[rows.len() - 2].trim_end();
        assert!(
            !last.ends_with(',') && !last.ends_with(':'),
            "the diary's last text row ends mid-sentence: {last:?}"
        );
        assert!(last.ends_with("s summary for the doctor"), "{last:?}");
    }
    // With room, the file it is written to is named.
    let mut a = with_entries(&c, 80, 24);
    press(&mut a, &c, &[ch('d')]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("s summary for the doctor, written to:"),
        "{text}"
    );
    assert!(text.contains("/home/me/backspasm-summary.txt"), "{text}");
}
