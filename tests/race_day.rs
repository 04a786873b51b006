//! A race day, compressed: twelve race hours of triggers on eight channels against a strict
//! simulator (pages capped at 100, ties shuffled), with an outage every hour (some longer than
//! a page of one channel), a token expiry every race hour, two quota windows, a journal that
//! stops taking writes for an hour, and `record` killed with SIGKILL and continued.
//!
//! Outcome checked: no trigger lost, none doubled, one login per expiry, and the recorder's
//! memory flat after warm-up. `cargo test` runs a short day; the long one (100 000 triggers
//! and more) is `MT1_RACE_DAY_TRIGGERS=120000 cargo test --release --test race_day --
//! --nocapture` and its figures are in BENCHMARKS.md.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use mt1_monitor::journal::{self, Journal};
use mt1_monitor::model::time::now_ticks;
use mt1_monitor::model::trigger::TriggerKey;
use mt1_monitor::sim::{
    HistoryReading, QuotaStyle, SimAccount, SimConfig, SimTrigger, Simulator, DEMO_FINISH,
    DEMO_START,
};
use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const HOURS: usize = 12;
const PASSWORD: &str = "Zq7-race-day";
/// Ticks between two triggers of the day (a tenth of a millisecond): triggers of one channel
/// share milliseconds now and then, as the `_ms` filters cannot split them.
const SPACING: i64 = 1_000;

/// Triggers of the whole day, over both phases.
fn day_size() -> usize {
    std::env::var("MT1_RACE_DAY_TRIGGERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_800)
}

fn sim_config() -> SimConfig {
    SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        // Retry-After with the seconds left: a compressed day cannot wait the 90 s default.
        quota: QuotaStyle::Http429,
        history: HistoryReading {
            page_cap: 100,
            shuffle_ties: true,
            ..HistoryReading::default()
        },
        ..fast_sim_config()
    }
}

/// The day's devices make triggers in turn on the eight channels (start and finish, C0–C3).
struct Race {
    t0: i64,
    made: usize,
    keys: Vec<TriggerKey>,
}

impl Race {
    fn new() -> Self {
        Self {
            t0: now_ticks(),
            made: 0,
            keys: Vec::new(),
        }
    }

    fn next(&mut self, channel: Option<(&str, u16)>) -> SimTrigger {
        let (device, ch) = channel.unwrap_or_else(|| {
            let k = self.made % 8;
            (if k < 4 { DEMO_START } else { DEMO_FINISH }, (k % 4) as u16)
        });
        let t = SimTrigger::impulse(
            device,
            ch,
            self.t0 + self.made as i64 * SPACING,
            self.made as i64 + 1,
            "SEQUENTIAL",
        );
        self.made += 1;
        self.keys.push(t.key());
        t
    }

    /// `n` triggers in turn, handed to the simulator in small bursts (a few per millisecond).
    async fn run(&mut self, sim: &Simulator, n: usize) {
        for i in 0..n {
            sim.add_trigger(&self.next(None));
            if i % 40 == 39 {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    }

    /// More than a page of one channel, all on the finish line's C1.
    fn burst(&mut self, sim: &Simulator, n: usize) {
        for _ in 0..n {
            sim.add_trigger(&self.next(Some((DEMO_FINISH, 1))));
        }
    }
}

/// The link drops and stays down while `during` triggers happen, a page and a half of them
/// on one channel.
async fn outage(sim: &Simulator, race: &mut Race, during: usize) {
    sim.refuse_connections_for(Duration::from_millis(400));
    sim.drop_connections();
    race.burst(sim, 150);
    race.run(sim, during).await;
}

fn assert_each_once(what: &str, keys: &[TriggerKey], got: &HashMap<TriggerKey, usize>) {
    let missing = keys.iter().filter(|k| !got.contains_key(k)).count();
    let doubled = got.values().filter(|n| **n > 1).count();
    let unknown = got.len() + missing - keys.len();
    assert_eq!(
        (missing, doubled, unknown),
        (0, 0, 0),
        "{what}: lost, doubled, unknown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_race_day_in_process_with_expiries_quota_outages_and_a_failing_journal() {
    let sim = start_sim(sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("journal.sqlite3");
    let (mut h, mut seen, session, cap) = journaled_session(&sim, &path, "timer", PASSWORD).await;

    let per_hour = day_size() / 2 / HOURS;
    let mut race = Race::new();
    let started = Instant::now();
    let mut expiries = 0;
    for hour in 0..HOURS {
        if hour > 0 {
            sim.expire_tokens();
            expiries += 1;
        }
        if hour == 4 || hour == 9 {
            sim.quota_for(Duration::from_millis(1500));
        }
        if hour == 6 {
            // The disk is "full": SQLite may not grow the file past its current size.
            let pages = Journal::open(&path)
                .expect("reader")
                .page_count()
                .expect("pages");
            cap.store(pages, Ordering::Relaxed);
        }
        if hour == 7 {
            cap.store(u64::MAX, Ordering::Relaxed);
        }
        race.run(&sim, per_hour / 2).await;
        outage(&sim, &mut race, per_hour / 2).await;
        // Let the hour settle: every trigger so far is here before the next hour's faults.
        let made = race.made;
        until(&mut h, &mut seen, &format!("hour {hour}"), |s| {
            s.rows.len() == made && s.live()
        })
        .await;
    }
    drain_for(&mut h, &mut seen, Duration::from_millis(1500)).await;
    eprintln!(
        "in-process day: {} triggers, {} s, {} logins, {} REST calls ({} history pages)",
        race.made,
        started.elapsed().as_secs(),
        sim.logins(),
        sim.rest_calls(),
        sim.history_pages()
    );
    assert_each_once("events", &race.keys, &seen.added_per_key);
    assert_eq!(sim.logins(), 1 + expiries, "one login per expiry");
    assert!(
        !seen.journal_errors.is_empty() && seen.journal_recovered > 0,
        "the journal failed and caught up"
    );
    let mut h = h;
    h.stop();
    h.finished().await;
    let rows = Journal::open(&path)
        .expect("journal")
        .rows(session)
        .expect("rows");
    let mut journalled: HashMap<TriggerKey, usize> = HashMap::new();
    for r in &rows {
        *journalled.entry(r.key.clone()).or_default() += 1;
    }
    assert_each_once("journal", &race.keys, &journalled);
}

fn record(
    sim: &Simulator,
    csv: &std::path::Path,
    data: &std::path::Path,
    cont: bool,
) -> tokio::process::Child {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_mt1-monitor"));
    c.args([
        "record",
        "--server",
        &sim.base_url(),
        "--username",
        "timer",
        "--csv",
    ])
    .arg(csv)
    .args(["--since", "2020-01-01T00:00:00Z"])
    .env("MT1_PASSWORD", PASSWORD)
    .env("MT1_DATA_DIR", data)
    .env("RUST_LOG", "warn")
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .kill_on_drop(true);
    if cont {
        c.arg("--continue");
    }
    c.spawn().expect("record starts")
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Waits until the recorder's journal holds `n` triggers.
async fn journal_holds(journal: &std::path::Path, n: usize, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let held = Journal::open(journal)
            .ok()
            .and_then(|j| {
                let s = j.latest_session().ok()??;
                j.rows(s.id).ok()
            })
            .map_or(0, |r| r.len());
        if held >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the journal holds {held} of {n}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_survives_kill_9_and_continues_with_flat_memory() {
    let sim = start_sim(sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let (csv, data) = (dir.path().join("race.csv"), dir.path().join("data"));
    let journal = journal::path_for(&data, &sim.base_url(), "timer");
    let per_hour = day_size() / 2 / HOURS;
    let mut race = Race::new();
    let mut first = record(&sim, &csv, &data, false);
    assert!(sim.wait_subscribed(1, WAIT).await, "recording");
    let mut rss = Vec::new();
    let mut expiries = 0;
    for hour in 0..HOURS {
        if hour == 2 || hour == 8 {
            sim.expire_tokens();
            expiries += 1;
        }
        if hour == 6 {
            // Killed mid-hour: no goodbye, whatever was in flight.
            race.run(&sim, per_hour / 2).await;
            first.start_kill().expect("kill -9");
            let _ = first.wait().await;
            race.run(&sim, per_hour / 2).await;
            first = record(&sim, &csv, &data, true);
            assert!(sim.wait_subscribed(1, WAIT).await, "recording again");
        } else if hour == 3 || hour == 9 {
            race.run(&sim, per_hour / 2).await;
            outage(&sim, &mut race, per_hour / 2).await;
        } else {
            race.run(&sim, per_hour).await;
        }
        journal_holds(&journal, race.made, &format!("hour {hour}")).await;
        let pid = first.id().expect("running");
        rss.push((hour, rss_kib(pid), race.made));
    }
    let pid = first.id().expect("running");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let status = tokio::time::timeout(WAIT, first.wait())
        .await
        .expect("record ends on Ctrl-C")
        .expect("status");
    assert!(status.success(), "clean end: {status:?}");
    let mut written: HashMap<TriggerKey, usize> = HashMap::new();
    let mut reader = csv::Reader::from_path(&csv).expect("csv");
    for row in reader.records() {
        let row = row.expect("row");
        let key = TriggerKey {
            device_id: row[0].into(),
            channel: row[1].trim_start_matches('C').parse().expect("channel"),
            timestamp: row[4].parse().expect("timestamp"),
        };
        *written.entry(key).or_default() += 1;
    }
    assert_each_once("CSV after kill -9 and --continue", &race.keys, &written);
    // Two starts (one login each) and one renewal per expiry.
    assert_eq!(sim.logins(), 2 + expiries, "one login per expiry");
    // Memory of the continued recorder: flat after its first hour, plus the rows it took on
    // (a row costs the book, the recorder's map and the allocator well under 1 KiB).
    let (_, warm, rows_warm) = rss[7];
    let (_, end, rows_end) = rss[HOURS - 1];
    let allowance = warm + warm / 10 + (rows_end - rows_warm) as u64;
    eprintln!("recorder RSS by race hour (hour, KiB, triggers): {rss:?}");
    assert!(
        end <= allowance,
        "RSS {end} KiB at the end vs {warm} KiB after the first hour of the continued run"
    );
    let keys: HashSet<&TriggerKey> = race.keys.iter().collect();
    assert_eq!(keys.len(), race.keys.len(), "the day's keys are distinct");
}
