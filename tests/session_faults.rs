//! The session task against the simulator over loopback: every trigger exactly once, through
//! drops, refused reconnects, outages, token expiry, deletes, clears and garbage.

mod common;

use common::*;
use mt1_monitor::mt1::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::session::TriggerState;
use mt1_monitor::sim::{SimTrigger, DEMO_FINISH, DEMO_START};
use std::time::Duration;

fn impulse(n: i64) -> SimTrigger {
    // Distinct timestamps a millisecond apart, so each is its own natural key.
    SimTrigger::impulse(DEMO_FINISH, 1, now_ticks() + n * TICKS_PER_MILLI, n, "SEQUENTIAL")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_arrive_once_and_history_recovers_an_outage() {
    let sim = start_sim(fast_sim_config()).await;
    let before = impulse(0);
    sim.add_trigger(&before); // made before the session started: only history has it
    let mut h = start_session(&sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live and the earlier trigger", |s| s.live() && s.rows.len() == 1).await;
    assert!(sim.wait_subscribed(1, WAIT).await);

    for n in 1..=5 {
        sim.add_trigger(&impulse(n));
    }
    until(&mut h, &mut seen, "5 pushed triggers", |s| s.rows.len() == 6).await;

    // Outage: the socket drops and reconnects are refused while triggers keep coming.
    sim.refuse_connections_for(Duration::from_millis(1500));
    sim.drop_connections();
    until(&mut h, &mut seen, "the session to notice", |s| !s.live()).await;
    for n in 6..=10 {
        sim.add_trigger(&impulse(n));
    }
    until(&mut h, &mut seen, "recovery of 5 outage triggers", |s| s.rows.len() == 11 && s.live()).await;
    sim.duplicate_pushes(true);
    sim.add_trigger(&impulse(11));
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;

    assert_eq!(seen.rows.len(), 12);
    assert!(seen.added_per_key.values().all(|n| *n == 1), "each trigger added exactly once");
    assert_eq!(seen.added, 12);
    assert!(seen.recovered >= 6, "before + outage triggers came from history, got {}", seen.recovered);
    assert_eq!(sim.logins(), 1, "reconnects reuse the token");
    assert!(seen.problems.iter().any(|p| p.contains("recovered from history")));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clear_and_delete_give_the_right_state() {
    let sim = start_sim(fast_sim_config()).await;
    let mut h = start_session(&sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    assert!(sim.wait_subscribed(1, WAIT).await);
    let (a, b, c) = (impulse(1), impulse(2), SimTrigger::impulse(DEMO_START, 0, now_ticks(), 7, "MANUAL"));
    for t in [&a, &b, &c] {
        sim.add_trigger(t);
    }
    until(&mut h, &mut seen, "3 triggers", |s| s.rows.len() == 3).await;
    sim.clear_trigger(&a);
    sim.delete_trigger(&b);
    until(&mut h, &mut seen, "cleared and deleted", |s| {
        s.rows.get(&a.key()).is_some_and(|r| r.state == TriggerState::Cleared)
            && s.rows.get(&b.key()).is_some_and(|r| r.state == TriggerState::Deleted)
    })
    .await;
    // A reconnect re-reads history (which still lists a and its ClearTrigger, but not b):
    // nothing may come back to life or be added twice.
    sim.drop_connections();
    until(&mut h, &mut seen, "reconnect", |s| !s.live()).await;
    until(&mut h, &mut seen, "live again", |s| s.live()).await;
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
    assert_eq!(seen.rows[&a.key()].state, TriggerState::Cleared);
    assert_eq!(seen.rows[&b.key()].state, TriggerState::Deleted);
    assert_eq!(seen.rows[&c.key()].state, TriggerState::Active);
    assert_eq!(seen.added, 3);
    h.shutdown().await;
}
