//! Corrections at the line and the jury's views, as an official uses them in the window: a
//! bib corrected, a hand time added, each undone, through a restart and into the export;
//! the device printer's view.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use mt1_monitor::model::time::{format_device_time, now_ticks};
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH, DEMO_START};
use mt1_monitor::ui::MonitorApp;
use ui_common::*;

/// Corrections at the line: a bib corrected from the row's context menu, with its reason;
/// a later push that changes the device's bib keeps both (marked); a restart that continues
/// the session still has the correction; the export carries the corrected bib beside the
/// device's; an undo (Ctrl+Z on the marked row) gives the device's bib back.
#[test]
fn a_corrected_bib_survives_a_restart_keeps_a_later_push_and_exports_beside_the_devices() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 31, "MANUAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "the row", |h| h.query_by_label("31").is_some());
    row_menu(&mut h, "31", "Correct bib…");
    let field = "New bib (empty: none)";
    step_until(&mut h, "the correction dialog", |h| {
        h.query_by_role_and_label(Role::TextInput, field).is_some()
    });
    replace_text(&mut h, field, "13");
    h.get_by_label("Correct").click();
    step_until(&mut h, "the reason asked", |h| {
        h.query_by_label("Say why: every correction keeps its reason.")
            .is_some()
    });
    type_into(&mut h, "Reason (kept with the correction)", "typed wrong");
    h.get_by_label("Correct").click();
    step_until(&mut h, "the corrected bib", |h| {
        h.query_by_label("✏ 13").is_some()
    });
    // The device changes its bib afterwards: the correction stands, the change is marked.
    let pushed = SimTrigger {
        bib: Some((14, "MANUAL".into())),
        ..t.clone()
    };
    w.sim.edit_trigger(&pushed);
    step_until(&mut h, "both kept", |h| {
        h.query_by_label("✏ 13 ⚠").is_some()
    });
    steps(&mut h, 5); // the journal takes the correction off the window's thread
    drop(h);

    let mut h = restart_continuing(&w);
    step_until(&mut h, "the correction, after the restart", |h| {
        h.query_by_label("✏ 13 ⚠").is_some()
    });
    open_export(&mut h);
    h.get_by_label("Full").click();
    h.step();
    h.get_by_label("Write the files").click();
    step_until(&mut h, "the export", |h| {
        h.query_by_label_contains("Exported 1 trigger to").is_some()
    });
    let rows = read_csv_by_name(&w.export_path());
    let row = &rows[0];
    assert_eq!(
        (&*row["bib"], &*row["bib_device"], &*row["corrected"]),
        ("13", "14", "yes")
    );

    // Undo, on the row marked by a click.
    h.get_by_label("✏ 13 ⚠").click();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    step_until(&mut h, "the device's bib back", |h| {
        h.query_by_label("14").is_some()
    });
    assert!(h.query_by_label("✏ 13 ⚠").is_none());
}

/// A missed impulse timed by hand: added from a row's context menu on the row's device
/// (another channel, a time of day typed to 1/100 s), shown as a row of its own (source
/// *hand time*, its bib), in the export (`source` hand, `corrected` hand, no device bib),
/// kept through a restart, and taken back with an undo (it stays, deleted). A time a
/// trigger already has is refused.
#[test]
fn a_hand_time_is_added_beside_a_row_kept_exported_and_undone() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 31, "MANUAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "the row", |h| h.query_by_label("31").is_some());
    row_menu(&mut h, "31", "Add hand time…");
    let time = "Device time of day (hh:mm:ss.ffff)";
    step_until(&mut h, "the hand-time dialog", |h| {
        h.query_by_role_and_label(Role::TextInput, time).is_some()
    });
    // The row's own time on its channel is taken.
    type_into(&mut h, "Reason (kept with the correction)", "gate missed");
    h.get_by_label("Correct").click();
    step_until(&mut h, "the time refused", |h| {
        h.query_by_label("A trigger already has exactly this time on this channel.")
            .is_some()
    });
    // 2.5 s before the row, on C0 (a time of day past midnight would be another day).
    let device = format_device_time(t.timestamp - 25_000_000, 60);
    let typed = &device[11..22]; // hh:mm:ss.ff
    replace_text(&mut h, time, typed);
    replace_text(&mut h, "Channel (C0, C1, …)", "C0");
    type_into(&mut h, "Bib (empty: none)", "31");
    h.get_by_label("Correct").click();
    step_until(&mut h, "the hand time", |h| {
        h.query_by_label("hand time").is_some()
    });
    assert_eq!(
        h.query_all_by_label("31").count(),
        2,
        "the row and the hand time"
    );
    steps(&mut h, 5); // the journal takes the correction off the window's thread
    drop(h);

    let mut h = restart_continuing(&w);
    step_until(&mut h, "the hand time, after the restart", |h| {
        h.query_by_label("hand time").is_some()
    });
    open_export(&mut h);
    h.get_by_label("Full").click();
    h.step();
    h.get_by_label("Jury summary (PDF, one page)").click();
    h.step();
    h.get_by_label("Write the files").click();
    step_until(&mut h, "the export", |h| {
        h.query_by_label_contains("Exported 2 triggers to")
            .is_some()
    });
    // The jury's page, from the dialog, lists the hand time with its reason.
    let summary = w.export_path().with_extension("summary.pdf");
    let doc = lopdf::Document::load(&summary).expect("the jury summary");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1);
    let text = doc.extract_text(&pages).expect("text");
    assert!(
        text.contains("#1 hand time, bib 31") && text.contains("gate missed"),
        "{text}"
    );
    assert!(
        text.contains("C0: 0 here (and 1 hand time(s) added)") && text.contains("the same"),
        "a hand time is not the server's: {text}"
    );
    let rows = read_csv_by_name(&w.export_path());
    let hand = rows
        .iter()
        .find(|r| r["source"] == "hand")
        .expect("the hand time exported");
    assert_eq!(
        (&*hand["channel"], &*hand["bib"], &*hand["bib_device"]),
        ("C0", "31", "")
    );
    assert_eq!(hand["corrected"], "hand");
    assert!(
        hand["device_time"].ends_with(&format!("{typed}00")),
        "{hand:?}"
    );
    h.key_press(egui::Key::Escape);
    steps(&mut h, 3);

    // Undo on the hand time's row: it stays, deleted.
    h.get_by_label("hand time").click();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    step_until(&mut h, "the hand time taken back", |h| {
        h.query_by_label("deleted").is_some()
    });
}

/// The device printer's view: the chosen device's lines as its printer prints them, oldest
/// first, its own values (a corrected bib is not on its paper), no other device's; one
/// channel chosen shows that channel's lines only.
#[test]
fn the_printer_view_shows_one_devices_paper() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks();
    let first = SimTrigger::impulse(DEMO_START, 0, t0, 7, "MANUAL");
    let second = SimTrigger::impulse(DEMO_START, 1, t0 + 12_345_678, 8, "MANUAL");
    let elsewhere = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 5_000_000, 9, "MANUAL");
    for t in [&second, &first, &elsewhere] {
        w.sim.add_trigger(t);
    }
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("3 of 3 shown").is_some()
    });
    let line = |t: &SimTrigger, bib: &str| {
        let time = format_device_time(t.timestamp, 60);
        format!(" {bib} C{}  {} 00", t.channel, &time[11..])
    };
    h.get_by_label("Printer").click();
    step_until(&mut h, "the printer's window", |h| {
        h.query_by_role_and_label(Role::ComboBox, "Device")
            .is_some()
    });
    h.get_by_role_and_label(Role::ComboBox, "Device").click();
    step_until(&mut h, "the devices", |h| {
        h.query_by_label("Start").is_some()
    });
    steps(&mut h, 2);
    // The table's cells say Start too: the option is the one drawn last, in the popup.
    h.query_all_by_label("Start")
        .last()
        .expect("the option")
        .click_accesskit();
    step_until(&mut h, "the start device's paper", |h| {
        h.query_by_label(&line(&first, "0007")).is_some()
    });
    assert!(h.query_by_label(&line(&second, "0008")).is_some());
    assert!(
        h.query_by_label(&line(&elsewhere, "0009")).is_none(),
        "another device's"
    );
    // The device list stays open over the channel's box until it is closed. The filter
    // bar has a Channel too: the printer's window is drawn after it.
    h.key_press(egui::Key::Escape);
    steps(&mut h, 2);
    h.query_all_by_role_and_label(Role::ComboBox, "Channel")
        .last()
        .expect("the printer's channel")
        .click();
    steps(&mut h, 3);
    h.query_all_by_label("C1")
        .last()
        .expect("the option")
        .click_accesskit();
    step_until(&mut h, "channel C1 only", |h| {
        h.query_by_label(&line(&first, "0007")).is_none()
    });
    assert!(h.query_by_label(&line(&second, "0008")).is_some());
}

/// The other kinds, by their shortcuts on the row marked by a click: an impulse marked
/// invalid (Ctrl+I, a false start) shows ✏ ⚠ NO; a note (Ctrl+Shift+N) shows in its state;
/// valid again (Ctrl+Shift+I) shows ✏ yes; each asks its reason, and an undo (Ctrl+Z) takes
/// the latest back, one at a time, down to the device's values.
#[test]
fn marking_invalid_a_note_and_valid_again_by_shortcut_each_undone_in_turn() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 42, "MANUAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "the row", |h| h.query_by_label("42").is_some());
    h.get_by_label("42").click();
    h.step();
    let shortcut = |h: &mut Harness<'static, MonitorApp>, key, shift: bool| {
        let mut m = egui::Modifiers::COMMAND;
        m.shift = shift;
        h.key_press_modifiers(m, key);
    };
    // Mark invalid asks only the reason: typing goes there at once.
    shortcut(&mut h, egui::Key::I, false);
    step_until(&mut h, "the dialog", |h| {
        h.query_by_label("Reason (kept with the correction)")
            .is_some()
    });
    steps(&mut h, 2);
    h.input_mut()
        .events
        .push(egui::Event::Text("false start".into()));
    h.step();
    h.get_by_label("Correct").click();
    step_until(&mut h, "the dialog closed", |h| {
        h.query_by_label("Reason (kept with the correction)")
            .is_none()
    });
    step_until(&mut h, "marked invalid", |h| {
        h.query_by_label("✏ ⚠ NO").is_some()
    });
    shortcut(&mut h, egui::Key::N, true);
    give_reason(&mut h, Some("jury: look at the photo"), "jury asked");
    step_until(&mut h, "the note", |h| {
        h.query_all_by_label_contains("✏ jury: look at the photo")
            .next()
            .is_some()
    });
    shortcut(&mut h, egui::Key::I, true);
    give_reason(&mut h, None, "the photo shows a clean start");
    step_until(&mut h, "valid again", |h| {
        h.query_by_label("✏ yes").is_some()
    });
    // Undo takes back the latest: valid again, then the note, then the invalid mark.
    shortcut(&mut h, egui::Key::Z, false);
    step_until(&mut h, "invalid again", |h| {
        h.query_by_label("✏ ⚠ NO").is_some()
    });
    shortcut(&mut h, egui::Key::Z, false);
    step_until(&mut h, "the note gone", |h| {
        h.query_all_by_label_contains("✏ jury").next().is_none()
    });
    assert!(
        h.query_by_label("✏ ⚠ NO").is_some(),
        "the invalid mark stays"
    );
    shortcut(&mut h, egui::Key::Z, false);
    step_until(&mut h, "the device's values", |h| {
        h.query_by_label("✏ ⚠ NO").is_none() && h.query_by_label("yes").is_some()
    });
}

/// Fills the correction dialog (its value, when it asks one, and the reason) and confirms.
fn give_reason(h: &mut Harness<'static, MonitorApp>, value: Option<&str>, why: &str) {
    let reason = "Reason (kept with the correction)";
    step_until(h, "the dialog", |h| {
        h.query_by_role_and_label(Role::TextInput, reason).is_some()
    });
    if let Some(v) = value {
        type_into(h, "Note for the jury", v);
    }
    type_into(h, reason, why);
    h.get_by_label("Correct").click();
    step_until(h, "the dialog closed", |h| {
        h.query_by_role_and_label(Role::TextInput, reason).is_none()
    });
}

/// A trigger that arrives while a row's menu is open moves the rows under it: the correction
/// is still for the row the official right-clicked, not for the one now in its place.
#[test]
fn a_row_menu_keeps_its_row_when_a_new_trigger_pushes_the_rows_down() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks();
    let older = SimTrigger::impulse(DEMO_FINISH, 1, t0 - 20_000_000, 30, "MANUAL");
    let clicked = SimTrigger::impulse(DEMO_FINISH, 1, t0, 31, "MANUAL");
    for t in [&older, &clicked] {
        w.sim.add_trigger(t);
    }
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("2 of 2 shown").is_some()
    });
    h.get_by_label("31").click_secondary();
    step_until(&mut h, "the row's menu", |h| {
        h.query_by_label("Correct bib…").is_some()
    });
    let newer = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 10_000_000, 32, "MANUAL");
    w.sim.add_trigger(&newer);
    step_until(&mut h, "the new row on top", |h| {
        h.query_by_label("3 of 3 shown").is_some()
    });
    steps(&mut h, 3);
    h.get_by_label("Correct bib…").click();
    let title = format!("Finish C1 {}", format_device_time(clicked.timestamp, 60));
    step_until(&mut h, "the dialog for the row clicked", |h| {
        h.query_by_label("New bib (empty: none)").is_some()
    });
    assert!(
        h.query_by_label(&title).is_some(),
        "the dialog names {title}"
    );
}
