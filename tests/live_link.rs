//! The live link against the simulator over loopback: the reader that decodes ahead of the
//! session hands over every frame in order, and goes away with the link.

mod common;

use common::*;
use mt1_monitor::mt1::connection::{LinkEvent, LiveLink};
use mt1_monitor::mt1::stomp::Command;
use mt1_monitor::mt1::trigger::decode_message;
use mt1_monitor::sim::{SimConfig, DEMO_FINISH};
use std::time::Duration;
use url::Url;

async fn open(sim: &mt1_monitor::sim::Simulator) -> LiveLink {
    let (token, _) = sign_in(sim, "demo").await;
    let base = Url::parse(&sim.base_url()).expect("sim url");
    let mut link = LiveLink::open(&base, &token, Duration::from_secs(10), WAIT)
        .await
        .expect("link opens");
    link.subscribe(&format!("/topic/device/{DEMO_FINISH}/trigger"), None)
        .await
        .expect("subscribed");
    assert!(
        sim.wait_subscribed(1, WAIT).await,
        "the sim sees the subscription"
    );
    link
}

// One thread drives all I/O here (the reader's thread only polls): the reader must not need
// a worker of its own.
#[tokio::test(flavor = "current_thread")]
async fn a_burst_arrives_complete_and_in_order_through_the_reader() {
    let sim = start_sim(fast_sim_config()).await;
    let mut link = open(&sim).await;
    // More triggers than the reader may hold ahead of the session (8 batches of up to 1024).
    let count = 64 * 160 + 7;
    sim.burst(DEMO_FINISH, count);
    let mut times = Vec::new();
    while times.len() < count {
        let batch = tokio::time::timeout(WAIT, link.next_batch())
            .await
            .expect("the burst keeps coming")
            .expect("the link stays up");
        assert!(!batch.events.is_empty(), "a batch is never empty");
        for event in batch.events {
            if let LinkEvent::Frame(f) = event {
                if f.command == Command::Message {
                    let msg = decode_message(&f.body).expect("a trigger");
                    times.push(msg.trigger.key.timestamp);
                }
            }
        }
    }
    // The burst's timestamps rise one by one: rising here means none lost, doubled or swapped.
    assert!(times.windows(2).all(|w| w[0] < w[1]), "out of order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_link_closes_its_socket() {
    // A silent server: nothing arrives after the drop that could make a leftover reader notice
    // on its own that nobody listens any more.
    let sim = start_sim(SimConfig {
        heartbeat_ms: 0,
        sockjs_heartbeat: Duration::from_secs(3600),
        ..SimConfig::default()
    })
    .await;
    let link = open(&sim).await;
    drop(link);
    // A reader outliving the link would keep the socket (and its subscription) open.
    let end = std::time::Instant::now() + WAIT;
    while sim.subscribed_sockets() > 0 {
        assert!(
            std::time::Instant::now() < end,
            "the socket stayed open after the link was dropped"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The simulator's press control takes the channel as the table writes it (`C1`) or as a
/// number, and refuses anything else instead of pressing channel 0.
#[tokio::test]
async fn a_press_on_c1_arrives_on_channel_1_and_a_bad_channel_is_refused() {
    let sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    let client = reqwest::Client::new();
    let press = |channel: &str| {
        client
            .post(format!(
                "{}/sim/press?device={DEMO_FINISH}&channel={channel}",
                sim.base_url()
            ))
            .send()
    };
    let ok = press("C1").await.expect("answer");
    assert!(ok.status().is_success(), "{}", ok.status());
    until(&mut h, &mut seen, "the pressed trigger", |s| {
        s.rows.values().any(|r| r.key.channel == 1)
    })
    .await;
    assert!(
        seen.rows.values().all(|r| r.key.channel == 1),
        "nothing on channel 0"
    );
    let bad = press("X1").await.expect("answer");
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST);
}

/// The demo's race rhythm holds its impulses while paused (the demo's pre-race check counts
/// only presses), and presses still go through.
#[tokio::test]
async fn a_paused_rhythm_holds_its_impulses_and_presses_still_arrive() {
    let mut sim = start_sim(fast_sim_config()).await;
    let (mut h, mut seen) = live_session(&sim).await;
    let handle = sim.handle();
    handle.pause_rhythm(true);
    sim.start_rhythm(mt1_monitor::sim::Rhythm {
        start_every: Duration::from_millis(50),
        finish_after: Duration::from_millis(50),
        ..Default::default()
    });
    drain_for(&mut h, &mut seen, Duration::from_millis(600)).await;
    assert!(seen.rows.is_empty(), "held: {} rows", seen.rows.len());
    handle.press(DEMO_FINISH, 1, 0);
    until(&mut h, &mut seen, "the press", |s| s.rows.len() == 1).await;
    handle.pause_rhythm(false);
    until(&mut h, &mut seen, "the race again", |s| s.rows.len() > 3).await;
}
