//! "Nothing lost": each test fails if a single trigger is lost or doubled.

mod common;

use common::*;
use mt1_monitor::journal::Journal;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI, TICKS_PER_SECOND};
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH, DEMO_START};
use std::sync::atomic::Ordering;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_drops_with_refused_reconnects_lose_and_double_nothing() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    let stream_sim = sim.handle();
    let t0 = now_ticks();
    // A steady stream: one trigger every 15 ms on two devices, while the link is cut 20 times.
    let stream = tokio::spawn(async move {
        for n in 0..400i64 {
            let device = if n % 2 == 0 { DEMO_START } else { DEMO_FINISH };
            stream_sim.add_trigger(&SimTrigger::impulse(
                device,
                (n % 2) as u16,
                t0 + n * TICKS_PER_MILLI,
                n,
                "SEQUENTIAL",
            ));
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    });
    let connects = sim.websocket_connects();
    for i in 0..20u64 {
        assert!(
            sim.wait_subscribed(1, WAIT).await,
            "live again before drop {i}"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
        sim.refuse_connections_for(Duration::from_millis(30 + (i * 37) % 300));
        sim.drop_connections();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stream.await.expect("stream ends");
    until(&mut h, &mut seen, "all 400 triggers", |s| {
        s.rows.len() == 400
    })
    .await;
    drain_for(&mut h, &mut seen, Duration::from_secs(2)).await;
    assert_eq!(seen.rows.len(), 400);
    assert!(
        seen.added_per_key.values().all(|n| *n == 1),
        "a trigger was announced twice"
    );
    assert!(
        sim.websocket_connects() >= connects + 20,
        "the link really was cut 20 times"
    );
    assert_eq!(sim.logins(), 1);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_check_fetches_a_trigger_push_never_delivered() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    // On the server but never pushed (as if a push was lost inside the server).
    sim.add_past_trigger(&SimTrigger::impulse(
        DEMO_FINISH,
        1,
        now_ticks(),
        5,
        "SEQUENTIAL",
    ));
    until(&mut h, &mut seen, "the periodic check to fetch it", |s| {
        s.rows.len() == 1 && s.recovered == 1
    })
    .await;
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_clock_ahead_of_this_one_does_not_hide_triggers_from_history() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    sim.refuse_connections_for(Duration::from_millis(300));
    sim.drop_connections();
    until(&mut h, &mut seen, "link lost", |s| !s.live()).await;
    // Made during the outage on a device whose clock runs 30 s ahead.
    sim.add_trigger(&SimTrigger::impulse(
        DEMO_FINISH,
        1,
        now_ticks() + 30 * TICKS_PER_SECOND,
        8,
        "SEQUENTIAL",
    ));
    until(&mut h, &mut seen, "recovery", |s| s.rows.len() == 1).await;
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_journal_is_loud_keeps_triggers_flowing_and_catches_up() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (mut h, mut seen, session, cap) =
        journaled_session(&sim, &dir.path().join("j.sqlite3"), "demo", "demo").await;
    let t0 = now_ticks();
    let impulse =
        |n: i64| SimTrigger::impulse(DEMO_FINISH, 1, t0 + n * TICKS_PER_MILLI, n, "SEQUENTIAL");
    for n in 0..5 {
        sim.add_trigger(&impulse(n));
    }
    until(&mut h, &mut seen, "5 journaled", |s| s.rows.len() == 5).await;

    // The disk is "full": SQLite refuses to grow the file past its current size.
    let pages = Journal::open(&dir.path().join("j.sqlite3"))
        .expect("reader")
        .page_count()
        .expect("pages");
    cap.store(pages, Ordering::Relaxed);
    for n in 5..25 {
        sim.add_trigger(&impulse(n));
    }
    until(
        &mut h,
        &mut seen,
        "a loud journal error, triggers still shown",
        |s| !s.journal_errors.is_empty() && s.rows.len() == 25,
    )
    .await;
    assert!(
        seen.journal_errors[0].contains("full"),
        "{:?}",
        seen.journal_errors
    );

    // Space again: the held events are written, nothing lost, nothing twice.
    cap.store(u64::MAX, Ordering::Relaxed);
    until(&mut h, &mut seen, "journal recovery", |s| {
        s.journal_recovered == 1
    })
    .await;
    h.shutdown().await;
    let reader = Journal::open(&dir.path().join("j.sqlite3")).expect("reader");
    let rows = reader.rows(session).expect("rows");
    assert_eq!(rows.len(), 25, "every trigger is in the journal once");
    let info = reader.session(session).expect("query").expect("session");
    assert_eq!(info.triggers, 25);
    assert!(!info.unclean(), "a stopped session is closed cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journal_rows_survive_reopen_with_changes_as_marking_rows() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("j.sqlite3");
    let (mut h, mut seen, session, _) = journaled_session(&sim, &path, "demo", "demo").await;
    let a = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 1, "SEQUENTIAL");
    let b = SimTrigger::impulse(
        DEMO_FINISH,
        1,
        now_ticks() + TICKS_PER_MILLI,
        2,
        "SEQUENTIAL",
    );
    sim.add_trigger(&a);
    sim.add_trigger(&b);
    until(&mut h, &mut seen, "two", |s| s.rows.len() == 2).await;
    sim.clear_trigger(&a);
    sim.delete_trigger(&b);
    // Until both changes are in: a count check may see b gone from history before its
    // delete arrives (missing on server, then deleted): not active is not enough.
    use mt1_monitor::model::row::TriggerState;
    until(&mut h, &mut seen, "changes", |s| {
        let state = |t: &SimTrigger| s.rows.values().find(|r| r.key == t.key()).map(|r| r.state);
        state(&a) == Some(TriggerState::Cleared) && state(&b) == Some(TriggerState::Deleted)
    })
    .await;
    h.shutdown().await;
    let reader = Journal::open(&path).expect("reopen");
    let events = reader.event_count(session).expect("events");
    assert!(
        (4..=5).contains(&events),
        "2 originals + 2 marking rows (and b's missing on server when a count check came \
         first), none rewritten: {events}"
    );
    let mut rows = reader.rows(session).expect("rows");
    rows.sort_by_key(|r| r.key.timestamp);
    assert_eq!(rows[0].state.as_str(), "cleared");
    assert_eq!(rows[1].state.as_str(), "deleted");
    // The audit trail: each event's own message text, in the order written.
    let messages = reader.messages(session).expect("messages");
    let of = |key: &mt1_monitor::model::trigger::TriggerKey| -> Vec<&str> {
        messages
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
            .collect()
    };
    let (a_msgs, b_msgs) = (of(&rows[0].key), of(&rows[1].key));
    assert_eq!(a_msgs.len(), 2, "{messages:?}");
    assert_eq!(b_msgs.len() as u64, events - 2, "{messages:?}");
    assert!(
        a_msgs[1].contains("ClearTrigger"),
        "the clear's own message is kept with it"
    );
    assert!(
        b_msgs.last().is_some_and(|m| m.contains("ENTITY_DELETE")),
        "the delete's own message is kept with it"
    );
    assert!(
        messages.iter().all(|(_, m)| m.contains("\"deviceId\"")),
        "raw message text kept: {messages:?}"
    );
}

/// On a current-thread runtime (the default of `#[tokio::test]`): the journal stage must not
/// need a multi-threaded one (`block_in_place` panicked there).
#[tokio::test]
async fn the_journal_stage_runs_on_a_current_thread_runtime() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("j.sqlite3");
    let (mut h, mut seen, session, _) = journaled_session(&sim, &path, "demo", "demo").await;
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 3, "MANUAL");
    sim.add_trigger(&t);
    until(&mut h, &mut seen, "the trigger", |s| s.rows.len() == 1).await;
    h.shutdown().await;
    let rows = Journal::open(&path)
        .expect("journal")
        .rows(session)
        .expect("rows");
    assert_eq!(rows.len(), 1, "journalled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_state_in_the_journal_is_an_error_not_an_active_trigger() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("j.sqlite3");
    let (mut h, mut seen, session, _) = journaled_session(&sim, &path, "demo", "demo").await;
    sim.add_trigger(&SimTrigger::impulse(
        DEMO_FINISH,
        1,
        now_ticks(),
        8,
        "MANUAL",
    ));
    until(&mut h, &mut seen, "the trigger", |s| s.rows.len() == 1).await;
    h.shutdown().await;
    // A newer version (or damage) wrote a state this one does not know.
    let db = rusqlite::Connection::open(&path).expect("sqlite");
    db.execute("UPDATE triggers SET state = 'quarantined'", [])
        .expect("update");
    drop(db);
    let err = Journal::open(&path)
        .expect("journal")
        .rows(session)
        .expect_err("an unknown state is not read as active");
    assert!(err.to_string().contains("quarantined"), "{err}");
}

/// The black box: a journalled session replayed through the decoder and the book ends with
/// the table the live session ended with — every trigger, state, bib and source.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_ends_with_the_live_sessions_final_table() {
    let sim = start_sim(fast_sim_config()).await;
    // From before the sign-in: read from history.
    let early = SimTrigger::impulse(
        DEMO_START,
        0,
        now_ticks() - 60_000 * TICKS_PER_MILLI,
        3,
        "MANUAL",
    );
    sim.add_past_trigger(&early);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("j.sqlite3");
    let (mut h, mut seen, session, _) = journaled_session(&sim, &path, "demo", "demo").await;
    until(&mut h, &mut seen, "history", |s| s.rows.len() == 1).await;
    let t = now_ticks();
    let pushed: Vec<SimTrigger> = (0..6)
        .map(|i| {
            SimTrigger::impulse(
                DEMO_FINISH,
                1,
                t + i * TICKS_PER_MILLI,
                10 + i,
                "SEQUENTIAL",
            )
        })
        .collect();
    for p in &pushed {
        sim.add_trigger(p);
    }
    until(&mut h, &mut seen, "pushed", |s| s.rows.len() == 7).await;
    sim.clear_trigger(&pushed[1]);
    sim.delete_trigger(&pushed[2]);
    // An edit on the device: the old number cleared, the trigger again with a new one.
    sim.clear_trigger(&pushed[3]);
    let mut edited = pushed[3].clone();
    edited.bib = Some((99, "MANUAL".into()));
    sim.add_trigger(&edited);
    until(&mut h, &mut seen, "changes", |s| {
        s.rows
            .values()
            .any(|r| r.facts.bib.as_ref().is_some_and(|b| b.number == 99))
            && s.rows
                .values()
                .filter(|r| r.state.as_str() != "active")
                .count()
                == 2
    })
    .await;
    h.shutdown().await;

    let mut replay = mt1_monitor::replay::Replay::load(&path, session).expect("replay");
    let (first, last) = replay.span().expect("events");
    assert!(first <= last);
    // Half-way, then to the end in frame-sized steps.
    let halfway = replay.advance(first + (last - first) / 2, usize::MAX);
    assert!(!halfway.is_empty());
    while !replay.advance(i64::MAX, 2).is_empty() {}
    let replayed: std::collections::BTreeMap<_, _> = replay
        .rows()
        .into_iter()
        .map(|r| (r.key.clone(), r))
        .collect();
    assert_eq!(replayed.len(), seen.rows.len(), "every trigger, once");
    for (key, live) in &seen.rows {
        let r = replayed.get(key).expect("replayed");
        assert_eq!(
            (&r.state, &r.facts, &r.source, r.received),
            (&live.state, &live.facts, &live.source, live.received),
            "{key:?}"
        );
    }
    assert_eq!(replay.from_recorded_state, 0, "every event was a message");
}
