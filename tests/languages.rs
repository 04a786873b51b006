//! The app in the official's language: labels, decimal marks and dates follow the chosen
//! language. Its own test binary, because the language is one for the whole process.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH};
use mt1_monitor::ui::look::i18n::{Catalog, Language};
use std::time::Duration;
use ui_common::*;

#[test]
fn german_labels_and_decimal_comma_then_back_to_english_in_settings() {
    let w = World::new();
    let de = Catalog::new(Language::German);
    let say = |key: &str| de.message(key, None).expect(key);
    let mut h = w.app_in("", Language::German);
    h.step();
    // The sign-in screen speaks German, and its fields are labelled in German.
    assert!(h.query_by_label(&say("login-sign-in")).is_some());
    assert_ne!(say("login-sign-in"), "Sign in", "a translation, not a copy");
    for (role, key) in [
        (Role::TextInput, "login-username"),
        (Role::PasswordInput, "login-password"),
    ] {
        h.get_by_role_and_label(role, &say(key)).focus();
        h.step();
        h.get_by_role_and_label(role, &say(key)).type_text("demo");
        h.step();
    }
    h.get_by_label(&say("login-sign-in")).click();
    let live = say("link-live").to_uppercase();
    step_until(&mut h, "the monitor, live", |h| {
        h.query_by_label(&live).is_some()
    });
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));

    // A trigger at a known time of day: the device time shows a decimal comma.
    let now = now_ticks();
    let t = now - now % (1000 * TICKS_PER_MILLI) + 1234 * 1000;
    w.sim
        .add_trigger(&SimTrigger::impulse(DEMO_FINISH, 1, t, 4711, "MANUAL"));
    step_until(&mut h, "the row", |h| h.query_by_label("4711").is_some());
    let m = h.state_mut().monitor().expect("monitor");
    let top = m.table.shown(0);
    let row = m.table.row(top).clone();
    let shown = mt1_monitor::ui::look::format::device_time_of_day(&row, Language::German);
    assert!(shown.ends_with(",1234"), "{shown}");
    assert!(
        h.query_by_label(&shown).is_some(),
        "the table shows {shown}"
    );

    // Shortcuts are written with the German keyboard's words (Strg, not Ctrl).
    h.key_press(egui::Key::F1);
    step_until(&mut h, "the shortcuts in German", |h| {
        h.query_by_label("Strg+F").is_some() && h.query_by_label("Strg+Umschalt+F").is_some()
    });
    assert!(h.query_by_label("Ctrl+F").is_none());
    h.key_press(egui::Key::Escape);
    steps(&mut h, 3);

    // Settings (Ctrl+,): English, and the app speaks English at once.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    let language = say("settings-language");
    step_until(&mut h, "the settings", |h| {
        h.query_by_label(&language).is_some()
    });
    for _ in 0..5 {
        h.step();
    }
    // The picker is labelled by its label (AccessKit), so it is found by it.
    h.get_by_role_and_label(Role::ComboBox, &language).click();
    step_until(&mut h, "the language list", |h| {
        h.query_by_label("English").is_some()
    });
    h.get_by_label("English").click();
    step_until(&mut h, "English", |h| {
        h.query_by_label("Language").is_some()
    });
    h.key_press(egui::Key::Escape);
    step_until(&mut h, "the monitor in English", |h| {
        h.query_by_label("LIVE").is_some() && h.query_by_label("Language").is_none()
    });
    let english = mt1_monitor::ui::look::format::device_time_of_day(&row, Language::English);
    assert!(h.query_by_label(&english).is_some(), "{english}");
    assert_eq!(h.state().settings().language, Some(Language::English));
}
