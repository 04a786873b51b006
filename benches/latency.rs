//! End-to-end latency: simulator push → event on the listener's channel, over loopback, through
//! the real websocket, SockJS, STOMP, decoder and session task. Prints median, p99 and max.
//! `cargo bench --bench latency` (N from MT1_LATENCY_N, default 2000).

mod common;

use mt1_monitor::model::time::now_ticks;
use mt1_monitor::session::{self, ConnectionState, SessionConfig, SessionEvent};
use mt1_monitor::sim::{SimConfig, SimTrigger, Simulator, DEMO_FINISH};
use std::time::{Duration, Instant};

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and wants a quick run.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("MT1_LATENCY_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 50 } else { 2000 });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let sim = Simulator::start(SimConfig::default(), 0)
            .await
            .expect("sim");
        let config = SessionConfig {
            channels: vec![0, 1],
            since_ms: Some(mt1_monitor::model::time::ticks_to_millis(now_ticks())),
            ..common::signed_in(&sim, "demo").await
        };
        let mut h =
            session::spawn(config, None, &tokio::runtime::Handle::current()).expect("session");
        while let Some(e) = h.events.recv().await {
            if matches!(e, SessionEvent::Connection(ConnectionState::Live)) {
                break;
            }
        }
        assert!(sim.wait_subscribed(1, Duration::from_secs(10)).await);
        let mut lat = Vec::with_capacity(n);
        let t0 = now_ticks();
        for i in 0..n as i64 {
            let t = SimTrigger::impulse(DEMO_FINISH, 1, t0 + i * 10_000, i, "SEQUENTIAL");
            let start = Instant::now();
            sim.add_trigger(&t);
            loop {
                match h.events.recv().await {
                    Some(SessionEvent::Triggers(b)) if b.iter().any(|e| e.row.key == t.key()) => {
                        break
                    }
                    Some(_) => {}
                    None => panic!("session ended"),
                }
            }
            lat.push(start.elapsed());
        }
        lat.sort();
        let pct = |p: f64| {
            lat[((lat.len() as f64 * p).ceil() as usize)
                .saturating_sub(1)
                .min(lat.len() - 1)]
        };
        println!(
            "push -> listener over loopback, N={n}: median {:?}, p99 {:?}, max {:?}",
            pct(0.5),
            pct(0.99),
            lat[lat.len() - 1]
        );
        h.shutdown().await;
    });
}
