//! A race-like rhythm on the demo devices: a start every ~20 s with a typed (MANUAL) bib on the
//! start device's C0, a split on the split device ~halfway, a finish ~60 s later on the finish
//! device's C1 with its SEQUENTIAL counter, and now and then a double impulse at the finish
//! that the operator deletes on the device (a ClearTrigger).

use rand::Rng;
use std::time::Duration;

use super::shared::SimHandle;
use super::state::{SimTrigger, DEMO_FINISH, DEMO_SPLIT, DEMO_START};
use crate::model::time::{now_ticks, TICKS_PER_SECOND};

#[derive(Debug, Clone)]
pub struct Rhythm {
    pub start_every: Duration,
    pub finish_after: Duration,
    /// One finish in this many gets a spurious second impulse, later cleared.
    pub double_impulse_one_in: u32,
    /// Minutes added for the device's wall clock (`timeOffset`).
    pub time_offset_min: i32,
    /// Stop after this many starts (`None`: run until the simulator stops).
    pub starts: Option<u32>,
    /// The first bib typed at the start, and the split and finish devices' next counter values.
    pub first_bib: i64,
    pub split_seq: i64,
    pub finish_seq: i64,
}

impl Default for Rhythm {
    fn default() -> Self {
        Self {
            start_every: Duration::from_secs(20),
            finish_after: Duration::from_secs(60),
            double_impulse_one_in: 8,
            time_offset_min: 60,
            starts: None,
            first_bib: 1,
            split_seq: 1,
            finish_seq: 1,
        }
    }
}

/// `base` ± 20 %, never below a millisecond.
fn jitter(base: Duration) -> Duration {
    let f: f64 = rand::rng().random_range(0.8..1.2);
    base.mul_f64(f).max(Duration::from_millis(1))
}

fn trigger(rhythm: &Rhythm, device: &str, channel: u16, bib: i64, kind: &str) -> SimTrigger {
    SimTrigger {
        time_offset: rhythm.time_offset_min,
        ..SimTrigger::impulse(device, channel, now_ticks(), bib, kind)
    }
}

pub(crate) async fn run(sim: SimHandle, rhythm: Rhythm) {
    let mut bib = rhythm.first_bib;
    let mut started = 0;
    let finish_seq = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(rhythm.finish_seq));
    let split_seq = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(rhythm.split_seq));
    while rhythm.starts.is_none_or(|n| started < n) {
        sim.rhythm_may_go().await;
        sim.add_trigger(&trigger(&rhythm, DEMO_START, 0, bib, "MANUAL"));
        let double = rand::rng().random_range(0..rhythm.double_impulse_one_in.max(1)) == 0;
        for (device, channel, after, seq) in [
            (
                DEMO_SPLIT,
                0,
                jitter(rhythm.finish_after / 2),
                split_seq.clone(),
            ),
            (
                DEMO_FINISH,
                1,
                jitter(rhythm.finish_after),
                finish_seq.clone(),
            ),
        ] {
            let (sim, r) = (sim.clone(), rhythm.clone());
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                sim.rhythm_may_go().await;
                let n = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                sim.add_trigger(&trigger(&r, device, channel, n, "SEQUENTIAL"));
                if double && device == DEMO_FINISH {
                    let next = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let mut spurious = trigger(&r, device, channel, next, "SEQUENTIAL");
                    spurious.timestamp += 3 * TICKS_PER_SECOND / 10;
                    sim.add_trigger(&spurious);
                    tokio::time::sleep(r.start_every / 10).await;
                    sim.clear_trigger(&spurious);
                }
            });
        }
        bib += 1;
        started += 1;
        tokio::time::sleep(jitter(rhythm.start_every)).await;
    }
}

/// The same rhythm, played into history for the `past` before now. Returns the rhythm to run
/// from now on, its numbers continuing where history stopped.
pub(crate) fn seed(sim: &SimHandle, rhythm: &Rhythm, past: Duration) -> Rhythm {
    let now = now_ticks();
    let ticks = |d: Duration| i64::try_from(d.as_nanos() / 100).unwrap_or(i64::MAX);
    let mut start = now - ticks(past);
    let (mut bib, mut split_seq, mut finish_seq) =
        (rhythm.first_bib, rhythm.split_seq, rhythm.finish_seq);
    while start < now {
        let at = |device: &str, channel: u16, t: i64, n: i64, kind: &str| SimTrigger {
            time_offset: rhythm.time_offset_min,
            ..SimTrigger::impulse(device, channel, t, n, kind)
        };
        sim.add_past_trigger(&at(DEMO_START, 0, start, bib, "MANUAL"));
        let split = start + ticks(jitter(rhythm.finish_after / 2));
        let finish = start + ticks(jitter(rhythm.finish_after));
        if split < now {
            sim.add_past_trigger(&at(DEMO_SPLIT, 0, split, split_seq, "SEQUENTIAL"));
            split_seq += 1;
        }
        if finish < now {
            sim.add_past_trigger(&at(DEMO_FINISH, 1, finish, finish_seq, "SEQUENTIAL"));
            finish_seq += 1;
        }
        bib += 1;
        start += ticks(jitter(rhythm.start_every));
    }
    Rhythm {
        first_bib: bib,
        split_seq,
        finish_seq,
        ..rhythm.clone()
    }
}
