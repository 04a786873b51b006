//! The desktop app driven like an official would, with egui_kittest (no display needed),
//! against the simulator over loopback.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH, DEMO_START};
use mt1_monitor::ui::MonitorApp;
use std::time::{Duration, Instant};
use ui_common::*;

#[test]
fn sign_in_see_pushed_rows_filter_and_export_what_the_table_shows() {
    let w = World::new();
    let t0 = now_ticks();
    let earlier = SimTrigger::impulse(DEMO_START, 0, t0 - 5_000 * TICKS_PER_MILLI, 17, "MANUAL");
    w.sim.add_trigger(&earlier);
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "the monitor, live", |h| {
        h.query_by_label("LIVE").is_some()
    });
    // The earlier trigger (today, before sign-in) comes from history.
    step_until(&mut h, "the history row", |h| {
        h.query_by_label("17").is_some()
    });

    let pushed = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 10 * TICKS_PER_MILLI, 4242, "MANUAL");
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    w.sim.add_trigger(&pushed);
    step_until(&mut h, "the pushed row", |h| {
        h.query_by_label("4242").is_some()
    });
    let cleared = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 20 * TICKS_PER_MILLI, 99, "SEQUENTIAL");
    w.sim.add_trigger(&cleared);
    w.sim.clear_trigger(&cleared);
    step_until(&mut h, "the cleared row", |h| {
        h.query_by_label("cleared").is_some()
    });
    assert!(h.query_by_label("3 of 3 shown").is_some());

    type_into(&mut h, "Filter", "4242");
    step_until(&mut h, "the filter to apply", |h| {
        h.query_by_label("1 of 3 shown").is_some()
    });
    assert!(h.query_by_label("4242").is_some());
    assert!(h.query_by_label("17").is_none(), "filtered out");

    // Export only the shown rows, Excel style, and compare with the table.
    open_export(&mut h);
    h.get_by_label("Only shown rows").click();
    h.get_by_label("Excel").click();
    h.step();
    assert!(
        h.query_all_by_label_contains("=\"").next().is_some(),
        "the preview shows times as Excel text"
    );
    h.get_by_label("Write the files").click();
    step_until(&mut h, "the export", |h| {
        h.query_by_label_contains("Exported 1 trigger to").is_some()
    });
    let bytes = std::fs::read(w.export_path()).expect("exported file");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "Excel BOM");
    let rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..])
        .records()
        .count();
    assert_eq!(rows, 1);

    // Everything, in the table's order (newest first), matching the table's rows.
    open_export(&mut h);
    h.get_by_label("Only shown rows").click();
    h.get_by_label("Full").click();
    h.step();
    h.get_by_label("Write the files").click();
    step_until(&mut h, "the full export", |h| {
        h.query_by_label_contains("Exported 3 triggers to")
            .is_some()
    });
    let exported = read_csv(&w.export_path());
    let m = h.state_mut().monitor().expect("monitor");
    let table: Vec<std::sync::Arc<mt1_monitor::model::row::TriggerRow>> =
        m.table.rows_in_order(false);
    assert_eq!(exported.len(), table.len());
    for (csv_row, row) in exported.iter().zip(&table) {
        assert_eq!(
            &csv_row[5],
            row.key.timestamp.to_string(),
            "same order and trigger"
        );
        assert_eq!(&csv_row[13], row.state.as_str());
        assert!(!csv_row[1].is_empty(), "the device name");
    }
    assert_eq!(&exported[0][7], "99");
    // The manifest beside it holds the file's hash: the file verifies.
    assert_eq!(
        mt1_monitor::export::manifest::verify(&w.export_path()).expect("verify"),
        Vec::<String>::new()
    );
    assert_eq!(&exported[0][13], "cleared");
    assert_eq!(&exported[2][7], "17");
    assert_eq!(&exported[2][14], "history");

    // The token (not the password) was stored, privately.
    let stored = std::fs::read_to_string(w.store().file()).expect("stored sign-in");
    assert!(w
        .sim
        .issued_tokens()
        .iter()
        .any(|t| stored.contains(t.as_str())));
    sign_out(&mut h);
    step_until(&mut h, "the sign-in screen", |h| {
        h.query_by_label("Sign in").is_some()
    });
    assert!(!w.store().file().exists(), "Sign out forgets the token");
}

#[test]
fn a_restart_uses_the_stored_token_and_an_expired_one_asks_to_sign_in_again() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    drop(h);
    let logins = w.sim.logins();

    w.sim.add_trigger(&SimTrigger::impulse(
        DEMO_START,
        0,
        now_ticks(),
        31,
        "MANUAL",
    ));
    // The stored token is accepted without a login; the journal offers the last session.
    let mut h = restart_continuing(&w);
    step_until(&mut h, "the monitor", |h| {
        h.query_by_label("LIVE").is_some()
    });
    step_until(&mut h, "the journal's and the new trigger", |h| {
        h.query_by_label("31").is_some()
    });
    assert_eq!(w.sim.logins(), logins, "no new login on restart");
    drop(h);

    w.sim.expire_tokens();
    let mut h = w.app("demo");
    step_until(&mut h, "the expiry note", |h| {
        h.query_by_label_contains("expired").is_some()
    });
    let username = h.get_by_role_and_label(Role::TextInput, "Username").value();
    assert_eq!(username.as_deref(), Some("demo"), "username filled in");
    assert_eq!(w.sim.logins(), logins, "the app never logs in by itself");
}

#[test]
fn missing_timekeeper_role_shows_the_warning_and_allows_continuing() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "basic", "basic");
    step_until(&mut h, "the warning", |h| {
        h.query_by_label("Timekeeper feature not enabled").is_some()
    });
    assert!(h
        .query_by_label_contains("Account section of ALGE Results")
        .is_some());
    h.get_by_label("Continue anyway").click();
    step_until(&mut h, "the monitor", |h| h.state_mut().monitor().is_some());
    step_until(&mut h, "the banner", |h| {
        h.query_by_label_contains("TIMING_POINT_ACCOUNT").is_some()
    });
}

#[test]
fn wrong_password_says_so_plainly() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "nope");
    step_until(&mut h, "the error", |h| {
        h.query_by_label("Wrong username or password.").is_some()
    });
    assert_eq!(w.sim.login_attempts(), 1);
    // The username stays; the keyboard is in the password field, ready for the right one.
    steps(&mut h, 2);
    assert!(h
        .get_by_role_and_label(Role::PasswordInput, "Password")
        .is_focused());
}

#[test]
fn the_sign_in_form_opens_with_the_keyboard_in_the_username() {
    let w = World::new();
    let mut h = w.app("");
    steps(&mut h, 2);
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Username")
        .is_focused());
}

#[test]
fn a_lost_link_is_impossible_to_miss_and_recovers() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    let before = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 555, "SEQUENTIAL");
    w.sim.add_trigger(&before);
    step_until(&mut h, "a row", |h| h.query_by_label("555").is_some());
    steps(&mut h, 3);
    let places = |h: &Harness<'static, MonitorApp>| {
        ["555", "Filter", "Devices"].map(|l| h.get_by_label(l).rect())
    };
    let still = places(&h);
    w.sim.refuse_connections_for(Duration::from_secs(3));
    w.sim.drop_connections();
    step_until(&mut h, "the red banner", |h| {
        h.query_by_label_contains("Live link lost").is_some()
    });
    steps(&mut h, 3);
    // The banner must not move what is under the official's mouse.
    assert_eq!(places(&h), still, "row 555, the filter, the devices");
    // A trigger made during the outage appears after the reconnect, from history.
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 777, "SEQUENTIAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "recovery", |h| {
        h.query_by_label("777").is_some() && h.query_by_label("LIVE").is_some()
    });
    assert!(h.query_by_label_contains("Live link lost").is_none());
}

/// Signs in (password typed), closes the app, runs `between`, and opens the app again on the
/// stored sign-in, continuing the journal session: the official's restart on race morning.
fn restart_on_the_stored_token(
    w: &World,
    remember: bool,
    between: impl FnOnce(),
) -> Harness<'static, MonitorApp> {
    let mut h = w.app("");
    if remember {
        step_until(&mut h, "the keychain to answer", |h| {
            h.query_by_label("Remember password on this computer")
                .is_some()
        });
        h.get_by_label("Remember password on this computer").click();
        h.step();
    } else {
        for _ in 0..5 {
            h.step();
        }
        assert!(
            h.query_by_label("Remember password on this computer")
                .is_none(),
            "not offered without a keychain"
        );
    }
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    drop(h);
    between();
    let mut h = restart_continuing(w);
    step_until(&mut h, "the monitor, live", |h| {
        h.query_by_label("LIVE").is_some()
    });
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    h
}

#[test]
fn an_expired_restored_sign_in_asks_over_the_monitor_and_loses_nothing() {
    let w = World::new();
    let mut h = restart_on_the_stored_token(&w, false, || {});
    let logins = w.sim.logins();
    let before = SimTrigger::impulse(DEMO_START, 0, now_ticks(), 611, "MANUAL");
    w.sim.add_trigger(&before);
    step_until(&mut h, "a live row", |h| h.query_by_label("611").is_some());

    w.sim.expire_tokens();
    step_until(&mut h, "the prompt over the monitor", |h| {
        h.query_by_label_contains("Your ALGE Results sign-in has expired")
            .is_some()
    });
    assert!(h
        .query_all_by_label_contains("sign-in needed")
        .next()
        .is_some());
    assert!(h.query_by_label("611").is_some(), "the table stays");
    assert!(
        h.query_by_label("demo").is_some(),
        "the prompt names the account"
    );
    // Made while nobody could listen: must come from history after the sign-in.
    let meanwhile = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 888, "SEQUENTIAL");
    w.sim.add_trigger(&meanwhile);
    for _ in 0..20 {
        h.step();
        std::thread::sleep(Duration::from_millis(15));
    }
    assert_eq!(w.sim.logins(), logins, "the app never logs in by itself");

    h.get_by_role_and_label(Role::PasswordInput, "Password")
        .type_text("demo");
    h.step();
    h.key_press(egui::Key::Enter);
    h.step();
    step_until(&mut h, "live again with the trigger made meanwhile", |h| {
        h.query_by_label("LIVE").is_some() && h.query_by_label("888").is_some()
    });
    for _ in 0..40 {
        h.step();
        std::thread::sleep(Duration::from_millis(15));
    }
    assert_eq!(h.query_all_by_label("888").count(), 1, "once");
    assert_eq!(h.query_all_by_label("611").count(), 1, "once");
    assert!(h
        .query_by_label_contains("Your ALGE Results sign-in has expired")
        .is_none());
    assert_eq!(w.sim.logins(), logins + 1, "one login for the expiry");
}

#[test]
fn a_remembered_password_renews_an_expired_sign_in_after_a_restart() {
    let w = World::with_keychain();
    let logins_before = w.sim.logins();
    // Expire between the two runs: the restart finds a dead token and a remembered password.
    let mut h = restart_on_the_stored_token(&w, true, || w.sim.expire_tokens());
    assert_eq!(w.sim.logins(), logins_before + 2, "one login per run");
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.store().file()).expect("stored"))
            .expect("json");
    assert_eq!(
        stored["token"], "",
        "the token is in the keychain, not the file"
    );
    assert!(
        stored.get("password").is_none() && stored.as_object().is_some_and(|o| o.len() == 3),
        "no password in the file: {stored}"
    );
    // It expires again mid-session: renewed silently, no prompt.
    w.sim.expire_tokens();
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 515, "SEQUENTIAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "renewed and the trigger", |h| {
        h.query_by_label("LIVE").is_some() && h.query_by_label("515").is_some()
    });
    assert!(h
        .query_by_label_contains("Your ALGE Results sign-in has expired")
        .is_none());
    assert_eq!(w.sim.logins(), logins_before + 3);
    sign_out(&mut h);
    step_until(&mut h, "the sign-in screen", |h| {
        h.query_by_label("Sign in").is_some()
    });
    let store = w.store();
    let deadline = Instant::now() + Duration::from_secs(5);
    while store.load_password(&w.sim.base_url(), "demo").is_some() {
        assert!(Instant::now() < deadline, "Sign out forgets the password");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_remembered_password_signs_in_after_a_restart_that_finds_no_token() {
    let w = World::with_keychain();
    let logins_before = w.sim.logins();
    // The keychain lost the token between the two runs (the password entry stayed).
    let mut h = restart_on_the_stored_token(&w, true, || {
        let keychain = w.keychain.as_ref().expect("keychain");
        let entry = keychain
            .build("mt1-monitor", &format!("demo@{}", w.sim.base_url()), None)
            .expect("entry");
        entry
            .delete_credential()
            .expect("the token was in the keychain");
    });
    assert_eq!(w.sim.logins(), logins_before + 2, "one login per run");
    assert!(h.query_by_label("Sign in").is_none(), "no sign-in screen");
    assert!(
        w.store().load_password(&w.sim.base_url(), "demo").is_some(),
        "the password stays remembered"
    );
    h.step();
}

/// Signs in to the simulator and waits for the live link with its subscription.
/// Opens the export dialog (the toolbar's *Export…*).

#[test]
fn shortcuts_work_after_mouse_use_and_never_while_typing() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    // Mouse first: a click on a device's tick box (and back).
    h.get_by_label("Start (231203016)").click();
    steps(&mut h, 2);
    h.get_by_label("Start (231203016)").click();
    steps(&mut h, 2);

    // Ctrl+F puts the keyboard in the filter.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    steps(&mut h, 2);
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Filter")
        .is_focused());
    h.get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("611");
    steps(&mut h, 2);
    // While typing, F1 and Ctrl+, do nothing.
    h.key_press(egui::Key::F1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    steps(&mut h, 3);
    assert!(
        h.query_by_label("Focus the filter").is_none(),
        "no help while typing"
    );
    assert!(
        h.query_by_label("Theme").is_none(),
        "no settings while typing"
    );
    // But Ctrl+M silences an alarm from wherever the official types.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    steps(&mut h, 2);
    assert!(
        h.query_by_label_contains("sounds muted").is_some(),
        "Ctrl+M mutes while typing"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    steps(&mut h, 2);
    let filter = |h: &mut Harness<'static, MonitorApp>| {
        h.state_mut()
            .monitor()
            .expect("monitor")
            .table
            .filter()
            .text
            .clone()
    };
    assert_eq!(filter(&mut h), "611");

    // Leave the field (Esc), then the shortcuts work again.
    h.key_press(egui::Key::Escape);
    steps(&mut h, 2);
    h.key_press(egui::Key::F1);
    step_until(&mut h, "the help overlay", |h| {
        h.query_by_label("Focus the filter").is_some()
    });
    for command in [
        "Focus the filter",
        "Clear filter",
        "Export…",
        "Reconnect now",
        "Resume following",
        "Settings",
        "Zoom in",
        "Quit",
    ] {
        assert!(
            h.query_all_by_label(command).next().is_some(),
            "{command} is listed"
        );
    }
    assert!(h.query_by_label("F5").is_some(), "with its key");
    h.key_press(egui::Key::Escape);
    step_until(&mut h, "the overlay to close", |h| {
        h.query_by_label("Focus the filter").is_none()
    });

    // Ctrl+Shift+F clears the filter (and does not take it for Ctrl+F).
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::F,
    );
    steps(&mut h, 2);
    assert_eq!(filter(&mut h), "");
    assert!(!h
        .get_by_role_and_label(Role::TextInput, "Filter")
        .is_focused());

    // Zoom in and back, remembered in the settings.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    steps(&mut h, 2);
    assert!(
        (h.ctx.zoom_factor() - 1.1).abs() < 1e-3,
        "{}",
        h.ctx.zoom_factor()
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    steps(&mut h, 2);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-3);

    // Ctrl+, opens the settings; Esc closes them.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    step_until(&mut h, "the settings", |h| {
        h.query_by_label("Theme").is_some()
    });
    h.key_press(egui::Key::Escape);
    step_until(&mut h, "the settings to close", |h| {
        h.query_by_label("Theme").is_none()
    });
}

/// In a narrow window the settings' wrapping rows (the columns' tick boxes take three lines)
/// stay inside their own row: the last tick box ends above the next row's folder path.
#[test]
fn settings_rows_that_wrap_do_not_run_into_the_next_row() {
    let w = World::new();
    let mut h = w.app_with("", [640.0, 900.0], |_| {});
    live_monitor(&w, &mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    step_until(&mut h, "the settings", |h| {
        h.query_by_label("Theme").is_some()
    });
    steps(&mut h, 5);
    let last_box = h.get_by_role_and_label(Role::CheckBox, "Latency").rect();
    let first_box = h.get_by_role_and_label(Role::CheckBox, "Device").rect();
    assert!(
        last_box.min.y > first_box.max.y,
        "the tick boxes wrap onto more lines here: {first_box:?} {last_box:?}"
    );
    let folder = w.dir.path().join("data").display().to_string();
    let path = h.get_by_label(&folder).rect();
    assert!(
        last_box.max.y <= path.min.y,
        "the columns' row ends at {} but the data folder's row starts at {}",
        last_box.max.y,
        path.min.y
    );
}

#[test]
fn settings_switch_to_the_light_theme_and_hide_columns() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    assert!(h.query_by_label("Latency").is_some(), "the column is shown");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    step_until(&mut h, "the settings", |h| {
        h.query_by_label("Theme").is_some()
    });
    steps(&mut h, 5);
    h.get_by_label("Light (daylight)").click();
    steps(&mut h, 2);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert_eq!(
        h.ctx.global_style().visuals.panel_fill,
        mt1_monitor::ui::look::theme::LIGHT.background
    );
    h.get_by_role_and_label(Role::CheckBox, "Latency").click();
    steps(&mut h, 2);
    h.get_by_label("Close").click();
    step_until(&mut h, "the settings to close", |h| {
        h.query_by_label("Theme").is_none()
    });
    steps(&mut h, 2);
    assert!(
        h.query_by_label("Latency").is_none(),
        "the column is hidden"
    );
    assert!(h.query_by_label("Device time (device clock)").is_some());
}

#[test]
fn sign_out_asks_first_and_cancel_keeps_the_monitor() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    h.get_by_label("Sign out…").click();
    step_until(&mut h, "the confirmation", |h| {
        h.query_by_label("Cancel").is_some()
    });
    assert!(h.query_by_label("LIVE").is_some(), "nothing happened yet");
    h.get_by_label("Cancel").click();
    steps(&mut h, 5);
    assert!(h.query_by_label("Cancel").is_none());
    assert!(h.query_by_label("LIVE").is_some(), "still live");
    assert!(w.store().file().exists(), "the sign-in is kept");
}

#[test]
fn resume_following_takes_one_click_and_paused_counts_only_shown_rows() {
    let w = World::new();
    let t0 = now_ticks() - 60_000 * TICKS_PER_MILLI;
    for i in 0..80 {
        let t = SimTrigger::impulse(
            DEMO_FINISH,
            1,
            t0 + i * 100 * TICKS_PER_MILLI,
            100 + i,
            "MANUAL",
        );
        w.sim.add_trigger(&t);
    }
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("80 of 80 shown").is_some()
    });
    assert!(h.query_by_label("following newest").is_some());

    // Scroll the table away from the newest rows.
    let table = h.get_by_label("179").rect();
    h.hover_at(table.center());
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -600.0),
        phase: egui::TouchPhase::Move,
        modifiers: egui::Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    step_until(&mut h, "following to pause", |h| {
        h.query_by_label_contains("Resume following").is_some()
    });

    // A trigger of a device the official unticked does not count as new.
    h.get_by_label("Start (231203016)").click();
    steps(&mut h, 2);
    let hidden = SimTrigger::impulse(DEMO_START, 0, now_ticks(), 901, "MANUAL");
    w.sim.add_trigger(&hidden);
    let shown = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 902, "MANUAL");
    w.sim.add_trigger(&shown);
    step_until(&mut h, "one new shown row", |h| {
        h.query_by_label_contains("Paused — 1 new").is_some()
    });

    // One click resumes, and it stays resumed.
    h.get_by_label_contains("Resume following").click();
    steps(&mut h, 10);
    assert!(
        h.query_by_label("following newest").is_some(),
        "one click is enough"
    );
    assert!(
        h.query_by_label("902").is_some(),
        "the newest row is on top"
    );
}

#[test]
fn at_1024_by_768_and_150_percent_nothing_is_cut_off_or_overlaps() {
    let w = World::new();
    let mut h = w.app_with("", [1024.0, 768.0], |s| s.zoom = 1.5);
    live_monitor(&w, &mut h);
    steps(&mut h, 3);
    let screen = h.ctx.content_rect();
    let controls = [
        "File",
        "View",
        "Help",
        "Export…",
        "Sign out…",
        "Filter",
        "LIVE",
        "Devices",
    ];
    let rects: Vec<(&str, egui::Rect)> = controls
        .iter()
        .map(|c| (*c, h.get_by_label(c).rect()))
        .collect();
    for (name, r) in &rects {
        assert!(
            screen.expand(1.0).contains_rect(*r),
            "{name} at {r:?} is outside the window {screen:?}"
        );
    }
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            assert!(
                ra.intersect(*rb).area() < 1.0,
                "{a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
    // The smallest text style is at least 12 points (18 px at this zoom).
    let smallest = mt1_monitor::ui::look::theme::smallest_text(&h.ctx.global_style());
    assert!(smallest >= 12.0, "{smallest}");
}

#[test]
fn the_start_after_a_crash_says_where_the_note_is() {
    let w = World::new();
    let note = mt1_monitor::support::write_crash_note(
        &w.dir.path().join("logs"),
        "index out of bounds",
        "src/ui/table_view.rs:1",
    )
    .expect("note");
    *w.crashed.borrow_mut() = Some(note.clone());
    let mut h = w.app("");
    step_until(&mut h, "the crash notice", |h| {
        h.query_by_label("The last run crashed").is_some()
    });
    let name = note.display().to_string();
    assert!(
        h.query_by_label_contains(&name).is_some(),
        "the note's path is named"
    );
    steps(&mut h, 3);
    h.get_by_label("Close").click();
    step_until(&mut h, "the notice to close", |h| {
        h.query_by_label("The last run crashed").is_none()
    });
    assert!(h.query_by_label("Sign in").is_some(), "the app goes on");
}

/// Closing the window (Ctrl+Q, the close button) ends the session from the window's thread,
/// which is none of the runtime's: it must close the journal's session, not panic.
#[test]
fn closing_the_window_ends_the_session_cleanly_from_the_window_thread() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    eframe::App::on_exit(h.state_mut());
    let journal = mt1_monitor::journal::Journal::open(&journal_file(&w)).expect("journal");
    let sessions = journal.sessions().expect("sessions");
    assert_eq!(sessions.len(), 1);
    assert!(
        !sessions[0].unclean(),
        "the session is closed: {sessions:?}"
    );
}

/// The filter finds what the table shows (the device's name, the words of the state, source
/// and bib entry), and jump to bib scrolls to a bib without hiding the other rows.
#[test]
fn the_filter_finds_the_words_on_screen_and_jump_to_bib_marks_the_row() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks();
    for (i, bib) in (0..30).map(|i| (i, 500 + i)) {
        let device = if i % 2 == 0 { DEMO_START } else { DEMO_FINISH };
        let t = SimTrigger::impulse(device, 0, t0 + i * TICKS_PER_MILLI, bib, "MANUAL");
        w.sim.add_trigger(&t);
    }
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("30 of 30 shown").is_some()
    });
    type_into(&mut h, "Filter", "Finish");
    step_until(&mut h, "the device name to filter", |h| {
        h.query_by_label("15 of 30 shown").is_some()
    });
    h.get_by_label("Clear filter").click();
    type_into(&mut h, "Filter", "typed");
    step_until(&mut h, "the bib entry word to filter", |h| {
        h.query_by_label("30 of 30 shown").is_some()
    });
    h.get_by_label("Clear filter").click();
    steps(&mut h, 2);

    // The oldest bib is at the bottom, out of sight: jump to it.
    assert!(h.query_by_label("500").is_none(), "off screen at first");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::J);
    h.step();
    h.get_by_role_and_label(Role::TextInput, "Jump to bib")
        .type_text("500");
    h.step();
    h.key_press(egui::Key::Enter);
    step_until(&mut h, "the jump", |h| h.query_by_label("500").is_some());
    let m = h.state_mut().monitor().expect("monitor");
    assert!(m.follow().marked.is_some(), "the row is marked");
    assert!(!m.follow().on, "following stops at the jumped-to row");
    assert_eq!(m.table.view_len(), 30, "nothing was filtered away");
    // Another bib typed over the first, as an official would (all selected, then typed).
    h.get_by_role_and_label(Role::TextInput, "Jump to bib")
        .focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    type_into(&mut h, "Jump to bib", "999");
    h.key_press(egui::Key::Enter);
    step_until(&mut h, "the answer", |h| {
        h.query_by_label("no bib 999 in the table").is_some()
    });
}

/// An idle monitor is not drawn for nothing: nothing to wake up for but its ages (which ask
/// for their own next second), and a countdown wakes it each second while the link waits.
#[test]
fn an_idle_monitor_asks_for_no_repaint_and_a_countdown_for_one_a_second() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    steps(&mut h, 3);
    let later = Instant::now() + Duration::from_secs(10);
    let m = h.state_mut().monitor().expect("monitor");
    assert_eq!(m.next_wake(later), None, "idle: nothing to draw");
    w.sim.refuse_connections_for(Duration::from_secs(30));
    w.sim.drop_connections();
    step_until(&mut h, "the countdown", |h| {
        h.query_by_label_contains("Live link lost").is_some()
    });
    let m = h.state_mut().monitor().expect("monitor");
    assert_eq!(m.next_wake(later), Some(Duration::from_secs(1)));
}

/// Esc closes the export dialog as it closes the others.
#[test]
fn esc_closes_the_export_dialog() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    open_export(&mut h);
    h.key_press(egui::Key::Escape);
    steps(&mut h, 3);
    assert!(
        h.query_by_label("Write the files").is_none(),
        "closed by Esc"
    );
}

/// The settings' Close button stays in view above them, however far they scroll.
#[test]
fn the_settings_close_button_is_above_the_settings() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    step_until(&mut h, "the settings", |h| {
        h.query_by_label("Theme").is_some()
    });
    steps(&mut h, 3);
    let close = h.get_by_label("Close").rect();
    let theme = h.get_by_label("Theme").rect();
    assert!(
        close.max.y <= theme.min.y + 4.0,
        "Close above the first setting: {close:?}"
    );
}

/// A link that stays open but sends nothing any more: the status says LINK QUIET (amber, a
/// caution banner that counts) after one missed heart-beat (15 s), before it is lost.
#[test]
fn a_silent_link_shows_link_quiet_before_it_is_lost() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    w.sim.silence_connections();
    step_until(&mut h, "LINK QUIET", |h| {
        h.query_by_label_contains("LINK QUIET").is_some()
    });
    assert!(
        h.query_by_label_contains("The live link is quiet")
            .is_some(),
        "a caution banner says what it means"
    );
    assert!(
        h.query_by_label_contains("Live link lost").is_none(),
        "quiet first, not lost yet"
    );
}

/// A timing program connected to a TCP output that the official adds in the settings while
/// signed in: it gets the trigger from before (once), then each new one at once; the status
/// bar says how many programs are connected and how many lines went out.
#[test]
fn a_timy_output_added_in_the_settings_feeds_a_connected_program_at_once() {
    use std::io::Read;
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks();
    let before = SimTrigger::impulse(DEMO_FINISH, 1, t0, 41, "MANUAL");
    w.sim.add_trigger(&before);
    step_until(&mut h, "the row", |h| {
        h.query_by_label("1 of 1 shown").is_some()
    });
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let received = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let into = received.clone();
    std::thread::spawn(move || loop {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let mut buf = [0u8; 256];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                return;
            }
            into.lock()
                .expect("lines")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    step_until(&mut h, "the settings", |h| {
        h.query_by_label("Timing software (ALGE Timy lines)")
            .is_some()
    });
    let field = "Timing software (ALGE Timy lines)";
    h.get_by_role_and_label(Role::MultilineTextInput, field)
        .focus();
    h.step();
    h.get_by_role_and_label(Role::MultilineTextInput, field)
        .type_text(&format!("tcp:127.0.0.1:{port}"));
    h.step();
    step_until(&mut h, "the words to wait for Apply", |h| {
        h.query_by_label("Not used until applied.").is_some()
    });
    h.get_by_label("Apply").click();
    step_until(&mut h, "the output to be accepted", |h| {
        h.query_by_label("1 output(s) in use; every trigger sent once.")
            .is_some()
    });
    h.get_by_label("Close").click();
    let name = format!("Timy tcp:127.0.0.1:{port}");
    step_until(&mut h, "the program connected and the line sent", |h| {
        h.query_by_label(&format!("{name}: 1 program(s) connected, 1 sent"))
            .is_some()
    });
    let after = SimTrigger::impulse(DEMO_START, 0, t0 + 1_000 * TICKS_PER_MILLI, 42, "MANUAL");
    w.sim.add_trigger(&after);
    step_until(&mut h, "the second line", |h| {
        h.query_by_label(&format!("{name}: 1 program(s) connected, 2 sent"))
            .is_some()
    });
    let lines = received.lock().expect("lines").clone();
    let lines: Vec<&str> = lines.split('\r').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(" 0041 C1 "), "{lines:?}");
    assert!(lines[1].starts_with(" 0042 C0 "), "{lines:?}");
    assert!(lines.iter().all(|l| l.len() == 26), "{lines:?}");
}

/// A bouncing start gate: the second impulse 120 ms after the first on the same channel is
/// marked "double?" in the table (and the filter finds the word), never dropped.
#[test]
fn a_second_impulse_within_300_ms_is_marked_double_and_kept() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks();
    for (ms, bib) in [(0, 61), (120, 62), (900, 63)] {
        let t = SimTrigger::impulse(DEMO_START, 0, t0 + ms * TICKS_PER_MILLI, bib, "MANUAL");
        w.sim.add_trigger(&t);
    }
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("3 of 3 shown").is_some()
    });
    assert_eq!(h.query_all_by_label("active · double?").count(), 1);
    type_into(&mut h, "Filter", "double");
    step_until(&mut h, "the filter to find the mark", |h| {
        h.query_by_label("1 of 3 shown").is_some()
    });
    assert!(
        h.query_by_label("62").is_some(),
        "the bounce is the one marked"
    );
}

/// Start/finish pairs by bib: with C0 of Start and C1 of Finish paired, the finish row shows
/// the running time from the recorded ten-thousandths truncated to hundredths; a bib that
/// started twice is flagged, not guessed.
#[test]
fn paired_channels_show_each_bibs_running_time_and_flag_two_starts() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let t0 = now_ticks() - 120 * TICKS_PER_MILLI * 1000;
    let at = |ms: i64| t0 + ms * TICKS_PER_MILLI;
    for (device, channel, ms, bib) in [
        (DEMO_START, 0, 0, 71),
        (DEMO_FINISH, 1, 61_234, 71),
        (DEMO_START, 0, 1_000, 72),
        (DEMO_START, 0, 2_000, 72),
        (DEMO_FINISH, 1, 70_000, 72),
    ] {
        let t = SimTrigger::impulse(device, channel, at(ms) + 5_678, bib, "MANUAL");
        w.sim.add_trigger(&t);
    }
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("5 of 5 shown").is_some()
    });
    h.get_by_label("Running time…").click();
    step_until(&mut h, "the pair window", |h| {
        h.query_by_role_and_label(Role::ComboBox, "Finish")
            .is_some()
    });
    for (which, option) in [("Finish", "Finish C1"), ("Start", "Start C0")] {
        h.get_by_role_and_label(Role::ComboBox, which).click();
        step_until(&mut h, "the channels to choose from", |h| {
            h.query_by_label(option).is_some()
        });
        steps(&mut h, 2);
        h.get_by_label(option).click_accesskit();
        step_until(&mut h, "the channel chosen", |h| {
            h.query_by_role_and_label(Role::ComboBox, which)
                .is_some_and(|c| format!("{c:?}").contains(&format!("value: \"{option}\"")))
        });
    }
    step_until(&mut h, "the running time", |h| {
        h.query_by_label("1:01.23").is_some()
    });
    assert_eq!(
        h.query_all_by_label("2 starts?").count(),
        3,
        "both starts and the finish"
    );
}
