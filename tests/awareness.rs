//! Finish-line awareness, driven like an official would with egui_kittest against the
//! simulator: sounds (through a recording sink), watchdogs, link health, clocks and dates,
//! the big clock and the pre-race check.

mod ui_common;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI, TICKS_PER_SECOND};
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH, DEMO_SPLIT, DEMO_START};
use mt1_monitor::sound::Sound;
use std::time::Duration;
use ui_common::*;

fn push(w: &World, device: &str, channel: u16, bib: i64) -> SimTrigger {
    let t = SimTrigger::impulse(device, channel, now_ticks(), bib, "MANUAL");
    w.sim.add_trigger(&t);
    t
}

#[test]
fn a_chosen_channel_beeps_mute_silences_and_a_lost_link_sounds_the_alarm() {
    let w = World::new();
    let mut h = w.app_with("", [1280.0, 800.0], |s| {
        s.set_beep(DEMO_FINISH, 1, true);
    });
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 7);
    push(&w, DEMO_START, 0, 8); // C0 of Start does not beep
    step_until(&mut h, "the rows", |h| {
        h.query_by_label("7").is_some() && h.query_by_label("8").is_some()
    });
    steps(&mut h, 2);
    assert_eq!(w.sound.played(), vec![Sound::Trigger { channel: 1 }]);

    // Ctrl+M mutes: nothing more is heard, and the status bar says so.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    steps(&mut h, 2);
    assert!(h.query_by_label_contains("sounds muted").is_some());
    push(&w, DEMO_FINISH, 1, 9);
    step_until(&mut h, "the row", |h| h.query_by_label("9").is_some());
    steps(&mut h, 2);
    assert_eq!(w.sound.played().len(), 1, "muted");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
    steps(&mut h, 2);
    w.sim.refuse_connections_for(Duration::from_secs(3));
    w.sim.drop_connections();
    step_until(&mut h, "the lost link", |h| {
        h.query_by_label_contains("Live link lost").is_some()
    });
    steps(&mut h, 2);
    assert_eq!(w.sound.played().last(), Some(&Sound::Alarm));
}

#[test]
fn a_silent_channel_trips_its_watchdog_until_acknowledged() {
    let w = World::new();
    let mut h = w.app_with("", [1280.0, 800.0], |s| s.watchdog_silence_s = 5);
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 21);
    step_until(&mut h, "the row", |h| h.query_by_label("21").is_some());
    steps(&mut h, 2);

    // ⏱ beside "C1 here 1" of Finish opens the dialog; the default is 5 s (settings). It is
    // found by the name a screen reader hears.
    h.get_by_label_contains("Watchdog of Finish C1").click();
    step_until(&mut h, "the dialog", |h| h.query_by_label("Arm").is_some());
    steps(&mut h, 3);
    h.get_by_label("Arm").click();
    steps(&mut h, 3);
    let rules = h.state_mut().monitor().expect("monitor").aware.rules();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].max_silence_s, Some(5));

    // Quiet for more than 5 s: the banner, the alarm, the channel marked.
    step_until(&mut h, "the watchdog to trip", |h| {
        h.query_by_label_contains("no trigger for").is_some()
    });
    assert!(h.query_by_label_contains("Watchdog — Finish").is_some());
    assert!(
        h.query_by_label("Watchdog of Finish C1: tripped (acknowledge it in the banner)")
            .is_some(),
        "the channel is marked"
    );
    assert!(
        h.query_by_label_contains("The live link is down").is_none(),
        "the link is live"
    );
    steps(&mut h, 2);
    assert!(w.sound.played().contains(&Sound::Alarm));
    // A trigger now does not end it: the official acknowledges.
    push(&w, DEMO_FINISH, 1, 22);
    step_until(&mut h, "the row", |h| h.query_by_label("22").is_some());
    assert!(h.query_by_label_contains("no trigger for").is_some());
    h.get_by_label("Acknowledge").click();
    steps(&mut h, 3);
    assert!(h.query_by_label_contains("no trigger for").is_none());

    // With the link down it trips again, and says that the link may be why.
    w.sim.refuse_connections_for(Duration::from_secs(30));
    w.sim.drop_connections();
    step_until(&mut h, "the watchdog again, link down", |h| {
        h.query_by_label_contains("The live link is down").is_some()
    });
}

#[test]
fn link_health_dates_and_zones_are_shown() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 31);
    step_until(&mut h, "the row", |h| h.query_by_label("31").is_some());
    step_until(&mut h, "the link's pulse", |h| {
        h.query_by_label_contains("link: last data").is_some()
    });
    assert!(
        h.query_by_label_contains("last delay").is_some()
            && h.query_by_label_contains("(good)").is_some(),
        "the device's last delay, in words too"
    );
    // History rows say when they were recovered instead of a delay.
    assert!(h.query_by_label_contains("recovered").is_some() || h.query_by_label("ms").is_none());

    // A device whose date is yesterday, and one in another zone.
    let mut yesterday = SimTrigger::impulse(
        DEMO_START,
        0,
        now_ticks() - 86_400_000 * TICKS_PER_MILLI,
        32,
        "MANUAL",
    );
    yesterday.time_offset = 60;
    w.sim.add_trigger(&yesterday);
    step_until(&mut h, "the date warning", |h| {
        h.query_by_label_contains("1 trigger carries a device date")
            .is_some()
    });
    assert!(
        h.query_all_by_label_contains("⚠ 20").next().is_some(),
        "the row shows its device date"
    );
    let mut elsewhere = SimTrigger::impulse(DEMO_SPLIT, 0, now_ticks(), 33, "MANUAL");
    elsewhere.time_offset = 0;
    w.sim.add_trigger(&elsewhere);
    step_until(&mut h, "the zone warning", |h| {
        h.query_by_label_contains("different time zones").is_some()
    });
}

#[test]
fn the_big_clock_follows_the_live_feed_in_large_digits() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    let first = push(&w, DEMO_FINISH, 1, 41);
    step_until(&mut h, "the row", |h| h.query_by_label("41").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    step_until(&mut h, "the big clock", |h| {
        h.query_by_label("Bib 41").is_some()
    });
    let m = h.state_mut().monitor().expect("monitor");
    let row = m.table.rows_latest_first().next().expect("row").clone();
    assert_eq!(row.key.timestamp, first.timestamp);
    let digits = mt1_monitor::ui::monitor::big_clock::clock_text(&row, 2);
    assert_eq!(digits.len(), "07:12:27.12".len(), "{digits}");
    assert!(h.query_by_label(&digits).is_some(), "{digits} on screen");

    push(&w, DEMO_FINISH, 1, 42);
    step_until(&mut h, "the next trigger", |h| {
        h.query_by_label("Bib 42").is_some()
    });
    assert!(h.query_by_label("before:").is_some());
    assert!(h.query_by_label("Bib 41").is_some(), "the one before it");
}

#[test]
fn the_big_clock_runs_from_the_start_and_stops_at_the_finish() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    // Start and finish are offered before their first trigger.
    step_until(&mut h, "the channels", |h| {
        h.query_by_label("Start C0").is_some() && h.query_by_label("Finish C1").is_some()
    });
    h.get_by_label("Start C0").click();
    steps(&mut h, 2);
    h.get_by_label("Finish C1").click();
    steps(&mut h, 2);
    h.get_by_label("Running time (first channel to second)")
        .click();
    steps(&mut h, 2);
    let start = now_ticks() - 90 * TICKS_PER_SECOND;
    w.sim
        .add_trigger(&SimTrigger::impulse(DEMO_START, 0, start, 5, "MANUAL"));
    step_until(&mut h, "on course", |h| {
        h.query_by_label("on course").is_some()
    });
    // In tenths: 1:30.0 … 1:31.9, read while the test runs.
    let counting = (900..920).any(|tenths: i64| {
        let text = format!("1:{:02}.{}", tenths / 10 - 60, tenths % 10);
        h.query_by_label(&text).is_some()
    });
    assert!(counting, "counting from the start's device time");
    // Another racer's finish does not stop this one's clock.
    w.sim.add_trigger(&SimTrigger::impulse(
        DEMO_FINISH,
        1,
        start + 500_000_000,
        6,
        "MANUAL",
    ));
    step_until(&mut h, "bib 6", |h| h.query_by_label("6").is_some());
    assert!(h.query_by_label("on course").is_some(), "still running");
    // 83.4599 s later: shown to 1/100, truncated.
    let finish = start + 834_599_000;
    w.sim
        .add_trigger(&SimTrigger::impulse(DEMO_FINISH, 1, finish, 5, "MANUAL"));
    step_until(&mut h, "finished", |h| {
        h.query_by_label("finished").is_some()
    });
    assert!(h.query_by_label("1:23.45").is_some(), "the net time");
    assert!(h.query_by_label("on course").is_none());
}

#[test]
fn the_pre_race_check_confirms_each_press_and_keeps_a_report() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    // The device list settled (its lines, the link's pulse), so the button stays put.
    step_until(&mut h, "the devices", |h| {
        h.query_by_label("Split (190801013)").is_some()
            && h.query_by_label_contains("link: last data").is_some()
    });
    steps(&mut h, 2);
    // Offered under the devices (and in the View menu).
    h.get_by_label("Pre-race check…").click();
    step_until(&mut h, "the first step", |h| {
        h.query_by_label_contains("Press C0 on Start").is_some()
    });
    // Each press on the simulated devices; Split's clock runs 250 ms slow.
    for (device, channel, skew) in [
        (DEMO_START, 0, 0),
        (DEMO_START, 1, 0),
        (DEMO_FINISH, 0, 0),
        (DEMO_FINISH, 1, 0),
        (DEMO_SPLIT, 0, -250),
    ] {
        w.sim.press(device, channel, skew);
        steps(&mut h, 5);
    }
    step_until(&mut h, "the last step", |h| {
        h.query_by_label_contains("Press C1 on Split").is_some()
    });
    h.get_by_label("Skip").click();
    step_until(&mut h, "the report to be saved", |h| {
        h.query_by_label_contains("Report saved").is_some()
    });
    assert_eq!(
        h.query_all_by_label_contains("received, delay").count(),
        5,
        "five presses confirmed live"
    );
    let reports = w.dir.path().join("data").join("journal").join("reports");
    let file = std::fs::read_dir(&reports)
        .expect("reports folder")
        .flatten()
        .next()
        .expect("a report")
        .path();
    let text = std::fs::read_to_string(file).expect("report");
    assert!(text.contains("Start (231203016) C0: pressed"), "{text}");
    assert!(text.contains("Split (190801013) C1: skipped"), "{text}");
    assert!(text.contains("behind this laptop"), "{text}");
}

#[test]
fn armed_watchdogs_come_back_with_a_continued_session() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 51);
    step_until(&mut h, "the row", |h| h.query_by_label("51").is_some());
    let rule = mt1_monitor::model::watchdog::WatchdogRule {
        device: DEMO_FINISH.into(),
        channel: 1,
        max_silence_s: Some(90),
        pair: Some(mt1_monitor::model::watchdog::PairRule {
            start_device: DEMO_START.into(),
            start_channel: 0,
            max_behind: 2,
        }),
    };
    {
        let m = h.state_mut().monitor().expect("monitor");
        let now = now_ticks();
        let table = std::mem::take(&mut m.table);
        m.aware.arm(rule.clone(), &table, now);
        m.table = table;
    }
    steps(&mut h, 3);
    // Kept with the session (off the UI thread): wait until the journal has it.
    let journal = journal_file(&w);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let kept = mt1_monitor::journal::Journal::open(&journal)
            .and_then(|j| j.note(1, mt1_monitor::journal::notes::WATCHDOGS))
            .expect("read");
        if kept.is_some() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the rules were kept");
        steps(&mut h, 2);
    }
    drop(h);

    // The next start continues the session, and the watchdog watches again.
    let mut h = restart_continuing(&w);
    step_until(&mut h, "the watchdog back", |h| {
        h.state_mut()
            .monitor()
            .is_some_and(|m| m.aware.rules() == vec![rule.clone()])
    });
}

#[test]
fn a_replay_shows_the_live_sessions_table_read_only_and_seeks_back() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    for (i, bib) in [61, 62, 63].into_iter().enumerate() {
        let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks() + i as i64, bib, "MANUAL");
        w.sim.add_trigger(&t);
        std::thread::sleep(Duration::from_millis(300));
    }
    step_until(&mut h, "the rows", |h| h.query_by_label("63").is_some());
    let live: Vec<_> = {
        let m = h.state_mut().monitor().expect("monitor");
        m.table
            .rows_in_order(false)
            .iter()
            .map(|r| (r.key.clone(), r.state, r.facts.clone()))
            .collect()
    };
    drop(h);

    let journal = journal_file(&w);
    let mut h = w.app_replay(mt1_monitor::ui::ReplayRequest {
        journal,
        session: 1,
        account: "demo".into(),
        server: w.sim.base_url(),
        speed: 60.0,
        from_seconds: None,
    });
    step_until(&mut h, "the replay", |h| {
        h.query_by_label_contains("Replay of journal session 1")
            .is_some()
    });
    step_until(&mut h, "the last row replayed", |h| {
        h.query_by_label("63").is_some()
    });
    let replayed: Vec<_> = {
        let m = h.state_mut().monitor().expect("monitor");
        m.table
            .rows_in_order(false)
            .iter()
            .map(|r| (r.key.clone(), r.state, r.facts.clone()))
            .collect()
    };
    assert_eq!(replayed, live, "the same final table");
    assert!(
        h.query_by_label("Finish (231203017)").is_some(),
        "the devices by the names the session knew, not their ids"
    );
    assert!(
        h.query_by_label_contains("last trigger 0 s ago").is_some()
            || h.query_by_label_contains("last trigger 1 s ago").is_some(),
        "ages from the replay's clock, not today's"
    );
    assert!(
        h.query_by_label("Sign out…").is_none(),
        "read-only: no sign-out"
    );
    assert!(h.query_by_label("Close replay").is_some());

    // At the end it stops; Play starts again from the beginning: the table is rebuilt from
    // the first event (seeking back replays through the book from the start).
    step_until(&mut h, "the end", |h| h.query_by_label("▶ Play").is_some());
    h.get_by_label("▶ Play").click();
    h.step();
    let rows_now = h.state_mut().monitor().expect("monitor").table.len();
    assert!(rows_now < live.len(), "rewound: {rows_now} rows");
    step_until(&mut h, "played again", |h| {
        h.state_mut()
            .monitor()
            .is_some_and(|m| m.table.len() == live.len())
    });
}

/// A screen reader (through AccessKit) hears what the symbol-only buttons are for, one
/// labelled row per trigger, and the lost link announced as an alert.
#[test]
fn a_screen_reader_hears_the_channel_buttons_the_rows_and_the_lost_link() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 77);
    step_until(&mut h, "the row", |h| h.query_by_label("77").is_some());
    steps(&mut h, 2);
    assert!(
        h.query_by_role_and_label(Role::CheckBox, "Beep on C1 of Finish (231203017)")
            .is_some(),
        "the bell is named by its channel"
    );
    assert!(
        h.query_all_by_label_contains("Watchdog of Finish C1")
            .any(|n| n.accesskit_node().role() == Role::Button),
        "the watchdog button is named by its channel"
    );
    let row = h
        .query_all_by_role(Role::Row)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .find(|l| l.contains("Bib: 77"))
        .expect("a labelled row for the trigger");
    assert!(row.contains("Finish") && row.contains("C1"), "{row}");
    w.sim.refuse_connections_for(Duration::from_secs(30));
    w.sim.drop_connections();
    step_until(&mut h, "the alert", |h| {
        h.query_all_by_role(Role::Alert).any(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("Live link lost"))
        })
    });
}

/// Before the race, with no trigger yet: C0 and C1 of every device are offered for sounds and
/// watchdogs, and another channel can be added.
#[test]
fn channels_are_offered_before_their_first_trigger() {
    let w = World::new();
    let mut h = w.app("");
    live_monitor(&w, &mut h);
    step_until(&mut h, "the devices", |h| {
        h.query_by_label("Finish (231203017)").is_some()
    });
    steps(&mut h, 2);
    assert_eq!(h.state_mut().monitor().expect("monitor").table.len(), 0);
    for name in [
        "Beep on C0 of Finish (231203017)",
        "Beep on C1 of Finish (231203017)",
    ] {
        assert!(h.query_by_label(name).is_some(), "{name}");
    }
    assert!(h.query_by_label_contains("Watchdog of Split C1").is_some());
    h.get_by_label("Add a channel of Finish").click();
    steps(&mut h, 2);
    h.get_by_label("C5").click();
    steps(&mut h, 3);
    assert!(h
        .query_by_label("Beep on C5 of Finish (231203017)")
        .is_some());
}

/// At 1024×768 the big clock's panel leaves the table its time and bib.
#[test]
fn at_1024_by_768_the_big_clock_leaves_the_tables_time_and_bib_in_view() {
    let w = World::new();
    let mut h = w.app_with("", [1024.0, 768.0], |_| {});
    live_monitor(&w, &mut h);
    push(&w, DEMO_FINISH, 1, 77);
    step_until(&mut h, "the row", |h| h.query_by_label("77").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    steps(&mut h, 5);
    let clock = h.get_by_label("Bib 77").rect();
    for header in ["Device time (device clock)", "Bib"] {
        let r = h.get_by_label(header).rect();
        assert!(
            r.max.x <= clock.min.x,
            "{header} at {r:?}, the clock from {clock:?}"
        );
    }
    let bib = h
        .get_all_by_label("77")
        .map(|n| n.rect())
        .find(|r| r.max.x <= clock.min.x)
        .expect("the bib in the table, left of the clock");
    assert!(bib.min.x > 0.0);
}
