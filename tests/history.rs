//! History reads against every reading of the list the reference leaves open (§5.2, §11.7):
//! a page cap below what is asked, either sort order, inclusive or exclusive bounds, counts
//! that ignore the time filter, and triggers sharing a millisecond in a new order on every
//! request. Every test fails if a trigger is lost, doubled, or a read runs in a loop.

mod common;

use common::*;
use mt1_monitor::journal::Journal;
use mt1_monitor::model::row::TriggerState;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI, TICKS_PER_SECOND};
use mt1_monitor::sim::{
    Bounds, HistoryOrder, HistoryReading, SimConfig, SimTrigger, DEMO_FINISH, DEMO_START,
};
use std::time::Duration;

fn sim_config(history: HistoryReading) -> SimConfig {
    SimConfig {
        history,
        ..fast_sim_config()
    }
}

/// Trigger `n` of a run starting at `t0`: three triggers share each millisecond.
fn tied(device: &str, channel: u16, t0: i64, n: i64) -> SimTrigger {
    SimTrigger::impulse(
        device,
        channel,
        t0 + (n / 3) * TICKS_PER_MILLI + n % 3,
        n,
        "SEQUENTIAL",
    )
}

/// Every reading the tests play: both orders, both bound styles, both count styles, with
/// ties shuffled on every request, and a page cap of 50.
fn readings() -> Vec<HistoryReading> {
    let cap = |order, bounds, count_honours_filter| HistoryReading {
        page_cap: 50,
        order,
        bounds,
        count_honours_filter,
        shuffle_ties: true,
        offset_supported: true,
    };
    vec![
        cap(HistoryOrder::NewestFirst, Bounds::Inclusive, true),
        cap(HistoryOrder::OldestFirst, Bounds::Exclusive, false),
        cap(HistoryOrder::NewestFirst, Bounds::Exclusive, true),
        cap(HistoryOrder::OldestFirst, Bounds::Inclusive, false),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_of_1200_triggers_on_one_channel_is_read_through_a_page_cap_of_50() {
    for order in [HistoryOrder::NewestFirst, HistoryOrder::OldestFirst] {
        let sim = start_sim(sim_config(HistoryReading {
            page_cap: 50,
            order,
            shuffle_ties: true,
            ..HistoryReading::default()
        }))
        .await;
        let (mut h, mut seen) = live_session(&sim).await;
        // The link drops and stays down while 1 200 triggers happen on the finish line.
        sim.refuse_connections_for(Duration::from_secs(2));
        sim.drop_connections();
        until(&mut h, &mut seen, "the link to drop", |s| !s.live()).await;
        let t0 = now_ticks();
        for n in 0..1200 {
            sim.add_trigger(&tied(DEMO_FINISH, 1, t0, n));
        }
        until(&mut h, &mut seen, "all 1200 from history", |s| {
            s.rows.len() == 1200 && s.live()
        })
        .await;
        drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
        assert_eq!(seen.rows.len(), 1200, "{order:?}");
        assert!(
            seen.added_per_key.values().all(|n| *n == 1),
            "{order:?}: each trigger added once"
        );
        assert_eq!(seen.recovered, 1200, "{order:?}");
        let finish = &seen.counts[&(DEMO_FINISH.to_owned(), 1)];
        assert_eq!(
            (finish.0, finish.1, finish.2),
            (Some(1200), 1200, false),
            "{order:?}: complete"
        );
        assert!(
            !seen
                .problems
                .iter()
                .any(|p| p.contains("may be incomplete")),
            "{order:?}: {:?}",
            seen.problems
        );
        h.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_mid_race_reads_the_whole_day_in_every_reading() {
    for reading in readings() {
        let sim = start_sim(sim_config(reading)).await;
        let now = now_ticks();
        let since_ms = (now - 8 * 3600 * TICKS_PER_SECOND) / TICKS_PER_MILLI;
        let since = since_ms * TICKS_PER_MILLI;
        let mut expected = 0;
        for (d, device) in [DEMO_START, DEMO_FINISH].into_iter().enumerate() {
            for channel in 0..4u16 {
                // Yesterday's (before the session's bound): never needed, maybe counted.
                for n in 0..5 {
                    sim.add_past_trigger(&tied(
                        device,
                        channel,
                        since - 3600 * TICKS_PER_SECOND,
                        n,
                    ));
                }
                // Today's: the first three share the bound's own millisecond.
                let spread = 7 * 3600 * TICKS_PER_SECOND / 90;
                for n in 0..270 {
                    let t0 = since + (n / 3) * spread;
                    let mut t = tied(device, channel, t0, n % 3);
                    t.bib = Some((n + 1000 * d as i64, "MANUAL".into()));
                    sim.add_past_trigger(&t);
                    expected += 1;
                }
            }
        }
        let mut h = start_session_with(&sim, "demo", |c| c.since_ms = Some(since_ms)).await;
        let mut seen = Seen::default();
        until(
            &mut h,
            &mut seen,
            "the day's history on all 12 channels",
            |s| s.live() && s.rows.len() == expected && s.counts.len() == 12,
        )
        .await;
        let pages_of_first_read = sim.history_pages();
        drain_for(&mut h, &mut seen, Duration::from_millis(2000)).await;
        assert_eq!(seen.rows.len(), expected, "{reading:?}");
        assert!(
            seen.rows.keys().all(|k| k.timestamp >= since),
            "{reading:?}: nothing from before the bound"
        );
        assert!(
            seen.added_per_key.values().all(|n| *n == 1),
            "{reading:?}: each trigger added once"
        );
        for device in [DEMO_START, DEMO_FINISH] {
            for channel in 0..4u16 {
                let (server, here, mismatch) = seen.counts[&(device.to_owned(), channel)];
                assert_eq!(here, 270, "{reading:?} {device} C{channel}");
                assert!(
                    !mismatch,
                    "{reading:?} {device} C{channel}: server {server:?} here {here}"
                );
            }
        }
        // 270 triggers at 50 a page, each page re-reading at most its edge: 6 or 7 pages and
        // the empty one per channel. The periodic checks read no history while counts hold.
        let per_channel = f64::from(pages_of_first_read) / 12.0;
        assert!(
            per_channel <= 8.5,
            "{reading:?}: {pages_of_first_read} pages for 12 channels"
        );
        assert_eq!(
            sim.history_pages(),
            pages_of_first_read,
            "{reading:?}: settled counts read no history again"
        );
        h.shutdown().await;
    }
}

/// Three triggers pushed and held, then the link drops (reconnects refused for 0.8 s).
async fn three_then_offline(
    sim: &mt1_monitor::sim::Simulator,
    h: &mut mt1_monitor::session::SessionHandle,
    seen: &mut Seen,
) -> [SimTrigger; 3] {
    let t0 = now_ticks();
    let three = [0, 3, 6].map(|n| tied(DEMO_FINISH, 1, t0, n));
    for t in &three {
        sim.add_trigger(t);
    }
    until(h, seen, "3 triggers", |s| s.rows.len() == 3).await;
    sim.refuse_connections_for(Duration::from_millis(800));
    sim.drop_connections();
    until(h, seen, "the link to drop", |s| !s.live()).await;
    three
}

/// Until `t` is marked missing on server.
async fn until_missing_on_server(
    h: &mut mt1_monitor::session::SessionHandle,
    seen: &mut Seen,
    t: &SimTrigger,
) {
    until(h, seen, "the deleted trigger missing on server", |s| {
        s.rows
            .get(&t.key())
            .is_some_and(|r| r.state == TriggerState::MissingOnServer)
    })
    .await;
}

/// The same outage brings a deletion and a bib edited on the device (the edit a record of its
/// own): the server's count then equals what is held, and must not hide the deletion.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deletion_behind_an_edit_in_the_same_outage_is_still_found() {
    let sim = start_sim(sim_config(HistoryReading {
        page_cap: 50,
        ..HistoryReading::default()
    }))
    .await;
    let (mut h, mut seen) = live_session(&sim).await;
    let [a, b, c] = three_then_offline(&sim, &mut h, &mut seen).await;
    // Offline: a's bib is corrected on the device (a second record, same impulse), and b is
    // deleted on ALGE Results. The server counts 3: as many impulses as are held.
    let mut edited = a.clone();
    edited.bib = Some((40, "MANUAL".into()));
    sim.add_past_trigger(&edited);
    sim.delete_trigger(&b);
    until_missing_on_server(&mut h, &mut seen, &b).await;
    assert_eq!(seen.rows[&a.key()].state, TriggerState::Active);
    assert_eq!(seen.rows[&c.key()].state, TriggerState::Active);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trigger_deleted_online_while_offline_is_kept_as_missing_on_server() {
    let sim = start_sim(sim_config(HistoryReading {
        page_cap: 50,
        ..HistoryReading::default()
    }))
    .await;
    // Journalled, as in the app: the new state is a row of its own, with its reason.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("journal.sqlite3");
    let (mut h, mut seen, id, _) = journaled_session(&sim, &path, "demo", "demo").await;
    let [a, b, c] = three_then_offline(&sim, &mut h, &mut seen).await;
    // Offline: b is deleted on ALGE Results; the ENTITY_DELETE reaches no one.
    sim.delete_trigger(&b);
    until_missing_on_server(&mut h, &mut seen, &b).await;
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
    assert!(
        seen.problems
            .iter()
            .any(|p| p.contains("missing on server")),
        "listed among the problems: {:?}",
        seen.problems
    );
    assert_eq!(seen.rows[&a.key()].state, TriggerState::Active);
    assert_eq!(seen.rows[&c.key()].state, TriggerState::Active);
    assert_eq!(seen.rows[&b.key()].state, TriggerState::MissingOnServer);
    let finish = &seen.counts[&(DEMO_FINISH.to_owned(), 1)];
    assert_eq!((finish.0, finish.1, finish.2), (Some(2), 2, false));
    let reader = Journal::open(&path).expect("journal reads");
    let rows = reader.rows(id).expect("rows");
    let journalled = rows
        .iter()
        .find(|r| r.key == b.key())
        .expect("b journalled");
    assert_eq!(journalled.state, TriggerState::MissingOnServer);
    assert!(reader
        .messages(id)
        .expect("messages")
        .iter()
        .any(|(k, m)| *k == b.key() && m.contains("missing on server")));
    // It comes back (restored online): the count moves, the periodic check reads it again.
    sim.add_past_trigger(&b);
    until(&mut h, &mut seen, "b active again", |s| {
        s.rows
            .get(&b.key())
            .is_some_and(|r| r.state == TriggerState::Active)
    })
    .await;
    assert_eq!(seen.added, 3, "kept, never dropped or added twice");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_ignores_offset_is_not_read_in_a_loop() {
    let sim = start_sim(sim_config(HistoryReading {
        page_cap: 50,
        offset_supported: false,
        ..HistoryReading::default()
    }))
    .await;
    let t0 = now_ticks();
    for n in 0..120 {
        sim.add_past_trigger(&tied(DEMO_FINISH, 1, t0, n));
    }
    let mut h = start_session(&sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "the read to give up", |s| {
        s.problems.iter().any(|p| p.contains("may be incomplete"))
    })
    .await;
    let pages = sim.history_pages();
    // Its first page, the same page again, and one empty page per other channel (11).
    assert!(pages <= 2 + 11 + 1, "{pages} pages");
    assert_eq!(seen.rows.len(), 50, "what the server did list is shown");
    h.shutdown().await;
}

/// On a slow link the channels are read side by side, never more calls at once than the
/// session's limit, and everything is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_are_read_side_by_side_within_the_limit_of_calls_at_once() {
    let sim = start_sim(SimConfig {
        rest_delay: Duration::from_millis(40),
        ..sim_config(HistoryReading {
            page_cap: 50,
            ..HistoryReading::default()
        })
    })
    .await;
    let hour_ago = now_ticks() - 3600 * 1000 * TICKS_PER_MILLI;
    let n = 960;
    for k in 0..n {
        let device = if k % 8 < 4 { DEMO_START } else { DEMO_FINISH };
        let at = hour_ago + (k + 1) * 1000 * TICKS_PER_MILLI;
        sim.add_past_trigger(&SimTrigger::impulse(
            device,
            (k % 4) as u16,
            at,
            k,
            "MANUAL",
        ));
    }
    let mut h = start_session_with(&sim, "demo", |c| {
        c.since_ms = Some(hour_ago / TICKS_PER_MILLI - 1000);
        c.timing.rest_in_flight = 3;
    })
    .await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "every trigger", |s| {
        s.rows.len() == n as usize
    })
    .await;
    until(&mut h, &mut seen, "the read's end said", |s| {
        s.progress.last().is_some_and(|p| p.2)
    })
    .await;
    assert_eq!(
        seen.progress.last(),
        Some(&(n as usize, n as u64, true)),
        "all {n} read of the {n} the server counts"
    );
    let most = sim.most_rest_at_once();
    assert!(most <= 3, "{most} calls at once, over the limit of 3");
    assert!(most >= 2, "the channels were read one after another");
    h.shutdown().await;
}
