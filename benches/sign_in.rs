//! Sign-in to a complete table: an official opens the app mid-race on an account whose two
//! devices made 20 000 triggers today on 8 channels, and the server caps pages at 100. Wall
//! time from the login to every channel read and matching the server's count, and the REST
//! calls it took (login, devices, counts, pages), on loopback and with every REST answer
//! 150 ms late (a mobile link to a busy server). `cargo bench --bench sign_in` (triggers from
//! MT1_SIGN_IN_TRIGGERS, default 20 000; rounds from MT1_SIGN_IN_ROUNDS, 7; the late answers'
//! delay from MT1_SIGN_IN_LATENCY_MS, 150).

mod common;

use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI, TICKS_PER_SECOND};
use mt1_monitor::session::{self, SessionConfig, SessionEvent};
use mt1_monitor::sim::{
    HistoryReading, SimAccount, SimConfig, SimTrigger, Simulator, DEMO_FINISH, DEMO_START,
};
use std::collections::HashSet;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and wants a quick run.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = env("MT1_SIGN_IN_TRIGGERS", if quick { 800 } else { 20_000 });
    let rounds = env("MT1_SIGN_IN_ROUNDS", if quick { 1 } else { 7 });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let latency = env("MT1_SIGN_IN_LATENCY_MS", 150) as u64;
    // The session's limit of REST calls in flight (MT1_SIGN_IN_IN_FLIGHT to try another).
    let in_flight = env(
        "MT1_SIGN_IN_IN_FLIGHT",
        mt1_monitor::session::SessionTiming::default().rest_in_flight,
    );
    for delay in [0, latency] {
        rt.block_on(sign_in_rounds(
            n,
            rounds,
            Duration::from_millis(delay),
            in_flight,
        ));
    }
}

/// `rounds` sign-ins to a complete table of `n` triggers, every REST answer `delay` late, at
/// most `in_flight` calls at once.
async fn sign_in_rounds(n: usize, rounds: usize, delay: Duration, in_flight: usize) {
    {
        let sim = Simulator::start(
            SimConfig {
                accounts: vec![SimAccount::timekeeper("timer", "timer")],
                history: HistoryReading {
                    page_cap: 100,
                    ..HistoryReading::default()
                },
                rest_delay: delay,
                ..SimConfig::default()
            },
            0,
        )
        .await
        .expect("sim");
        // Today's race so far: ten hours, the eight channels in turn.
        let now = now_ticks();
        let since_ms = (now - 10 * 3600 * TICKS_PER_SECOND) / TICKS_PER_MILLI;
        let step = 10 * 3600 * TICKS_PER_SECOND / n as i64;
        for k in 0..n {
            let device = if k % 8 < 4 { DEMO_START } else { DEMO_FINISH };
            let t = since_ms * TICKS_PER_MILLI + k as i64 * step;
            sim.add_past_trigger(&SimTrigger::impulse(
                device,
                (k % 4) as u16,
                t,
                k as i64,
                "MANUAL",
            ));
        }
        let mut times = Vec::new();
        for round in 0..rounds {
            let (calls, pages) = (sim.rest_calls(), sim.history_pages());
            let start = Instant::now();
            let mut config = SessionConfig {
                since_ms: Some(since_ms),
                ..common::signed_in(&sim, "timer").await
            };
            config.timing.rest_in_flight = in_flight;
            let mut h =
                session::spawn(config, None, &tokio::runtime::Handle::current()).expect("session");
            let (mut rows, mut complete) = (HashSet::new(), HashSet::new());
            while complete.len() < 8 || rows.len() < n {
                match tokio::time::timeout(Duration::from_secs(60), h.events.recv()).await {
                    Ok(Some(SessionEvent::Triggers(batch))) => {
                        rows.extend(batch.into_iter().map(|e| e.row.key.clone()));
                    }
                    Ok(Some(SessionEvent::Reconciled {
                        device_id,
                        channel,
                        mismatch,
                        ..
                    })) => {
                        assert!(!mismatch, "{device_id} C{channel} complete");
                        complete.insert((device_id, channel));
                    }
                    Ok(Some(_)) => {}
                    other => panic!("no complete table: {other:?}"),
                }
            }
            let took = start.elapsed();
            let (calls, pages) = (sim.rest_calls() - calls, sim.history_pages() - pages);
            // Per channel: n/8 triggers at 100 a page, and the empty page that ends the read.
            let least = 8 * (n / 8).div_ceil(100) + 8;
            println!(
                "round {round}: {n} triggers complete in {took:?}; {calls} REST calls \
                 (1 login, 1 devices, 8 counts, {pages} pages; the least possible is {least} pages)"
            );
            times.push(took);
            h.shutdown().await;
        }
        times.sort();
        println!(
            "sign-in to a complete table, {n} triggers, page cap 100, REST answers {delay:?} \
             late, {in_flight} in flight: median {:?} of {rounds}",
            times[times.len() / 2]
        );
    }
}
