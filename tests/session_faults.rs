//! The session task against the simulator over loopback: every trigger exactly once, through
//! drops, refused reconnects, outages, token expiry, deletes, clears and garbage.

mod common;

use common::*;
use mt1_monitor::model::row::TriggerState;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::session::{ConnectionState, SessionEvent};
use mt1_monitor::sim::{SimConfig, SimTrigger, DEMO_FINISH, DEMO_START};
use std::time::Duration;

fn impulse(n: i64) -> SimTrigger {
    // Distinct timestamps a millisecond apart, so each is its own natural key.
    SimTrigger::impulse(
        DEMO_FINISH,
        1,
        now_ticks() + n * TICKS_PER_MILLI,
        n,
        "SEQUENTIAL",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_arrive_once_and_history_recovers_an_outage() {
    let sim = start_sim(fast_sim_config()).await;
    let before = impulse(0);
    sim.add_trigger(&before); // made before the session started: only history has it
    let mut h = start_session(&sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live and the earlier trigger", |s| {
        s.live() && s.rows.len() == 1
    })
    .await;
    assert!(sim.wait_subscribed(1, WAIT).await);

    for n in 1..=5 {
        sim.add_trigger(&impulse(n));
    }
    until(&mut h, &mut seen, "5 pushed triggers", |s| {
        s.rows.len() == 6
    })
    .await;

    // Outage: the socket drops and reconnects are refused while triggers keep coming.
    sim.refuse_connections_for(Duration::from_millis(1500));
    sim.drop_connections();
    until(&mut h, &mut seen, "the session to notice", |s| !s.live()).await;
    for n in 6..=10 {
        sim.add_trigger(&impulse(n));
    }
    until(&mut h, &mut seen, "recovery of 5 outage triggers", |s| {
        s.rows.len() == 11 && s.live()
    })
    .await;
    assert!(sim.wait_subscribed(1, WAIT).await);
    sim.duplicate_pushes(true);
    sim.add_trigger(&impulse(11));
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;

    assert_eq!(seen.rows.len(), 12);
    assert!(
        seen.added_per_key.values().all(|n| *n == 1),
        "each trigger added exactly once"
    );
    assert_eq!(seen.added, 12);
    assert!(
        seen.recovered >= 6,
        "before + outage triggers came from history, got {}",
        seen.recovered
    );
    assert_eq!(sim.logins(), 1, "reconnects reuse the token");
    assert!(seen
        .problems
        .iter()
        .any(|p| p.contains("recovered from history")));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clear_and_delete_give_the_right_state() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    let (a, b, c) = (
        impulse(1),
        impulse(2),
        SimTrigger::impulse(DEMO_START, 0, now_ticks(), 7, "MANUAL"),
    );
    for t in [&a, &b, &c] {
        sim.add_trigger(t);
    }
    until(&mut h, &mut seen, "3 triggers", |s| s.rows.len() == 3).await;
    sim.clear_trigger(&a);
    sim.delete_trigger(&b);
    until(&mut h, &mut seen, "cleared and deleted", |s| {
        s.rows
            .get(&a.key())
            .is_some_and(|r| r.state == TriggerState::Cleared)
            && s.rows
                .get(&b.key())
                .is_some_and(|r| r.state == TriggerState::Deleted)
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_expiry_means_exactly_one_new_login() {
    // Both readings of the reference: 403 on REST, and -1007 inside an HTTP 200.
    for expiry in [
        mt1_monitor::sim::ExpiryStyle::Http403,
        mt1_monitor::sim::ExpiryStyle::Status1007,
    ] {
        let sim = start_sim(mt1_monitor::sim::SimConfig {
            expiry,
            ..fast_sim_config()
        })
        .await;
        let (mut h, mut seen) = live_session(&sim).await;
        // The open STOMP session gets ERROR and closes; CONNECT is refused; REST says expired.
        sim.expire_tokens();
        until(&mut h, &mut seen, "renewal", |s| s.renewed == 1).await;
        until(&mut h, &mut seen, "live again", |s| s.live()).await;
        assert!(sim.wait_subscribed(1, WAIT).await);
        sim.add_trigger(&impulse(1));
        until(&mut h, &mut seen, "a trigger on the new token", |s| {
            s.rows.len() == 1
        })
        .await;
        drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
        assert_eq!(
            sim.logins(),
            2,
            "{expiry:?}: the first sign-in plus exactly one re-login"
        );
        h.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_relogin_asks_for_a_sign_in_instead_of_looping() {
    let sim = start_sim(fast_sim_config()).await;
    // Signed in as demo/demo, but the password the session holds has since been changed.
    let mut h = start_session_with(&sim, "demo", |c| {
        c.credentials = Some(mt1_monitor::mt1::account::Credentials {
            username: "demo".into(),
            password: "changed".into(),
        });
        c.channels = vec![0, 1];
    })
    .await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    sim.expire_tokens();
    let needs_sign_in = |s: &Seen| {
        matches!(
            s.states.last(),
            Some(mt1_monitor::session::ConnectionState::SignInNeeded { .. })
        )
    };
    until(&mut h, &mut seen, "a sign-in prompt", needs_sign_in).await;
    drain_for(&mut h, &mut seen, Duration::from_millis(800)).await;
    assert!(needs_sign_in(&seen), "it waits: {:?}", seen.states.last());
    assert_eq!(
        sim.login_attempts(),
        2,
        "one sign-in, one failed re-login, nothing more"
    );
    // A wrong password at the prompt: one attempt, still waiting.
    h.sign_in(mt1_monitor::mt1::account::Credentials {
        username: "demo".into(),
        password: "wrong".into(),
    });
    until(&mut h, &mut seen, "the refusal", |s| {
        s.problems.iter().any(|p| p.contains("sign-in failed"))
    })
    .await;
    assert_eq!(sim.login_attempts(), 3);
    // Made while signed out: read from history once signed in again.
    let missed = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 9, "MANUAL");
    sim.add_trigger(&missed);
    h.sign_in(mt1_monitor::mt1::account::Credentials {
        username: "demo".into(),
        password: "demo".into(),
    });
    until(
        &mut h,
        &mut seen,
        "live again with the missed trigger",
        |s| s.live() && s.rows.contains_key(&missed.key()),
    )
    .await;
    assert_eq!(sim.login_attempts(), 4, "one login per answer");
    assert_eq!(seen.renewed, 1);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_is_reported_and_skipped_while_the_session_lives_on() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    let connects = sim.websocket_connects();
    let garbage = [
        "x-not-sockjs",
        "a[\"unterminated",
        "a[1,2,3]",
        "a[\"GARBAGE\\n\\n\\u0000\"]",
        "a[\"MESSAGE\\ndestination:/topic/device/231203017/trigger\\n\\n{not json\\u0000\"]",
        "a[\"MESSAGE\\ndestination:/topic/device/231203017/trigger\\n\\n{\\\"dto\\\":{\\\"deviceId\\\":\\\"1\\\",\\\"timestamp\\\":\\\"soon\\\",\\\"timingChannel\\\":\\\"C1\\\"}}\\u0000\"]",
    ];
    for g in garbage {
        sim.send_raw(g);
    }
    let huge = format!("a[\"{}\"]", "x".repeat(4_100_000));
    sim.send_raw(&huge);
    sim.add_trigger(&impulse(1));
    until(
        &mut h,
        &mut seen,
        "the good trigger after the garbage",
        |s| s.rows.len() == 1,
    )
    .await;
    drain_for(&mut h, &mut seen, Duration::from_millis(300)).await;
    assert!(
        seen.problems.len() > garbage.len(),
        "each bad input reported: {:?}",
        seen.problems
    );
    assert!(seen.problems.iter().any(|p| p.contains("did not decode")));
    assert!(seen
        .problems
        .iter()
        .any(|p| p.contains("over the 4000000 limit")));
    assert_eq!(sim.websocket_connects(), connects, "the link stayed up");
    assert!(seen.live());
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_pauses_rest_keeps_push_and_recovers_history_afterwards() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    // Status -9000 carries no duration, so the client pauses the full 90 s: the periodic
    // check hits the quota and the state must say so with push still live.
    sim.quota_for(Duration::from_secs(2));
    until(&mut h, &mut seen, "quota state", |s| {
        matches!(
            s.states.last(),
            Some(mt1_monitor::session::ConnectionState::QuotaPaused {
                push_live: true,
                ..
            })
        )
    })
    .await;
    sim.add_trigger(&impulse(1));
    until(&mut h, &mut seen, "push during quota", |s| {
        s.rows.len() == 1
    })
    .await;
    let calls = sim.rest_calls();
    drain_for(&mut h, &mut seen, Duration::from_secs(3)).await;
    assert_eq!(sim.rest_calls(), calls, "REST stays quiet during the pause");
    assert_eq!(sim.login_attempts(), 1, "no login storm");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_missed_during_a_quota_pause_is_recovered_after_it() {
    let sim = start_sim(mt1_monitor::sim::SimConfig {
        quota: mt1_monitor::sim::QuotaStyle::Http429,
        ..fast_sim_config()
    })
    .await;
    let (mut h, mut seen) = live_session(&sim).await;
    // 429 with Retry-After: 2. The link drops and the trigger made meanwhile is only in history,
    // which cannot be read until the pause ends.
    sim.quota_for(Duration::from_secs(2));
    sim.refuse_connections_for(Duration::from_millis(500));
    sim.drop_connections();
    until(&mut h, &mut seen, "link lost", |s| !s.live()).await;
    sim.add_trigger(&impulse(1));
    until(&mut h, &mut seen, "the outage trigger from history", |s| {
        s.rows.len() == 1 && s.recovered == 1
    })
    .await;
    let row = seen.rows.values().next().expect("one row");
    assert_eq!(row.source, mt1_monitor::model::row::Source::History);
    assert!(seen
        .states
        .iter()
        .any(|s| matches!(s, mt1_monitor::session::ConnectionState::QuotaPaused { .. })));
    assert_eq!(
        sim.login_attempts(),
        1,
        "no login during or after the pause"
    );
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_now_skips_the_backoff() {
    let sim = start_sim(fast_sim_config()).await;
    let mut h = start_session_with(&sim, "demo", |c| {
        // A wait far longer than this test may take.
        c.timing.backoff_min = Duration::from_secs(120);
        c.timing.backoff_max = Duration::from_secs(120);
    })
    .await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    assert!(sim.wait_subscribed(1, WAIT).await);
    sim.drop_connections();
    until(&mut h, &mut seen, "waiting to reconnect", |s| {
        matches!(
            s.states.last(),
            Some(mt1_monitor::session::ConnectionState::Reconnecting { .. })
        )
    })
    .await;
    let missed = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 5, "MANUAL");
    sim.add_trigger(&missed);
    let asked = std::time::Instant::now();
    h.reconnect_now();
    until(&mut h, &mut seen, "live again at once", |s| {
        s.live() && s.rows.contains_key(&missed.key())
    })
    .await;
    assert!(asked.elapsed() < Duration::from_secs(20));
    assert_eq!(sim.logins(), 1, "a websocket attempt is not a login");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_answer_at_the_sign_in_prompt_is_waited_out_not_spent_again() {
    let sim = start_sim(SimConfig {
        quota: mt1_monitor::sim::QuotaStyle::Http429,
        ..fast_sim_config()
    })
    .await;
    let mut h = start_session_with(&sim, "demo", |c| c.credentials = None).await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    sim.expire_tokens();
    until(&mut h, &mut seen, "a sign-in prompt", |s| {
        matches!(
            s.states.last(),
            Some(mt1_monitor::session::ConnectionState::SignInNeeded { .. })
        )
    })
    .await;
    sim.quota_for(Duration::from_millis(1500));
    let demo = || mt1_monitor::mt1::account::Credentials {
        username: "demo".into(),
        password: "demo".into(),
    };
    h.sign_in(demo());
    until(&mut h, &mut seen, "the quota answer", |s| {
        s.problems.iter().any(|p| p.contains("sign-in failed"))
    })
    .await;
    // Answered again at once: this one waits for the quota to end instead of asking again.
    h.sign_in(demo());
    until(&mut h, &mut seen, "live again", |s| s.live()).await;
    let failures = seen
        .problems
        .iter()
        .filter(|p| p.contains("sign-in failed"))
        .count();
    assert_eq!(failures, 1, "{:?}", seen.problems);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_device_channel_is_said_once_and_does_not_keep_reads_incomplete() {
    let sim = start_sim(fast_sim_config()).await;
    // 190801099 belongs to another account: its channels are refused (-2011).
    let mut h = start_session_with(&sim, "demo", |c| {
        c.devices = mt1_monitor::session::DeviceSelection::Only(vec![
            DEMO_FINISH.into(),
            "190801099".into(),
        ]);
    })
    .await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    // Several periodic checks (every 700 ms here).
    drain_for(&mut h, &mut seen, Duration::from_millis(2500)).await;
    let refused = |s: &Seen| {
        s.problems
            .iter()
            .filter(|p| p.contains("refused by the server"))
            .count()
    };
    assert_eq!(
        refused(&seen),
        4,
        "each of its 4 channels once: {:?}",
        seen.problems
    );
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 4, "MANUAL");
    sim.add_trigger(&t);
    until(&mut h, &mut seen, "the owned device's trigger", |s| {
        s.rows.contains_key(&t.key())
    })
    .await;
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
    assert_eq!(refused(&seen), 4, "not again");
    h.shutdown().await;
}

/// A link that stays open but goes silent (a dropped Wi-Fi, a NAT that forgot the socket)
/// is said to be quiet after one missed heart-beat and given up after two. With MT1's 10 s
/// heart-beats: quiet at 15 s, reconnecting at 19.5 s (by 20 s), quiet first; then live again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_link_is_quiet_first_and_given_up_within_two_heart_beats() {
    let beat = Duration::from_secs(10);
    let sim = start_sim(SimConfig {
        heartbeat_ms: beat.as_millis() as u64,
        sockjs_heartbeat: Duration::from_secs(25),
        ..fast_sim_config()
    })
    .await;
    let mut h = start_session_with(&sim, "demo", |c| c.timing.heartbeat = beat).await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    assert!(sim.wait_subscribed(1, WAIT).await, "subscribed");
    let silent_at = tokio::time::Instant::now();
    sim.silence_connections();
    let (mut quiet, mut lost) = (None, None);
    let deadline = silent_at + Duration::from_secs(40);
    while lost.is_none() {
        let event = tokio::time::timeout_at(deadline, h.events.recv())
            .await
            .expect("the silent link is noticed")
            .expect("the session runs");
        match &event {
            SessionEvent::Connection(ConnectionState::Quiet { .. }) => {
                quiet.get_or_insert(silent_at.elapsed());
            }
            SessionEvent::Connection(ConnectionState::Reconnecting { .. }) => {
                lost = Some(silent_at.elapsed());
            }
            _ => {}
        }
        seen.take(event);
    }
    let (quiet, lost) = (quiet.expect("said quiet before lost"), lost.expect("lost"));
    eprintln!("silent link: quiet after {quiet:?}, given up after {lost:?}");
    assert!(
        quiet >= beat && quiet < lost,
        "quiet after a missed beat, before lost: {quiet:?}"
    );
    // Given up at 19.5 s (`silence_limits`, unit-tested); the state reaches the listener
    // a few ms later here, and up to a second later on a loaded shared machine.
    assert!(
        lost <= 2 * beat + Duration::from_secs(1),
        "given up by about 20 s: {lost:?}"
    );
    until(&mut h, &mut seen, "live again", |s| s.live()).await;
    h.shutdown().await;
}
