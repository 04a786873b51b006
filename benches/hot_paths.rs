//! Hot paths of mt1-monitor (issue: performance). Results and the machine they ran on are in
//! BENCHMARKS.md. `cargo bench --bench hot_paths`.

mod common;

use common::*;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use mt1_monitor::export::{write_atomically, CsvFormat};
use mt1_monitor::journal::Journal;
use mt1_monitor::model::row::Source;
use mt1_monitor::model::trigger::DeviceId;
use mt1_monitor::mt1::connection::LinkEvent;
use mt1_monitor::mt1::inbound::LinkDecoder;
use mt1_monitor::mt1::stomp::Command;
use mt1_monitor::mt1::trigger::{decode_message, decode_shared, TriggerMessage};
use mt1_monitor::session::{TriggerBook, TriggerEvent};
use mt1_monitor::ui::table::view as table_view;
use mt1_monitor::ui::Follow;
use mt1_monitor::ui::SortColumn;
use mt1_monitor::ui::TriggerTable;
use std::collections::{HashMap, VecDeque};
use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::time::Instant;

#[global_allocator]
static ALLOC: Counting = Counting;

/// SockJS text → STOMP frames → decoded triggers (as the session decodes them); returns how
/// many.
fn decode(text: &str, inbound: &mut LinkDecoder, events: &mut VecDeque<LinkEvent>) -> usize {
    inbound.ingest(text, events);
    let mut n = 0;
    while let Some(e) = events.pop_front() {
        if let LinkEvent::Frame(f) = e {
            if f.command == Command::Message && decode_shared(&f.body).is_ok() {
                n += 1;
            }
        }
    }
    n
}

fn bench_decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for batch in [1i64, 10, 64] {
        let text = sockjs_frame(0, batch);
        let mut inbound = LinkDecoder::new();
        let mut events = VecDeque::new();
        // Allocation count per trigger, measured once outside the timing loop.
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let rounds = 1000;
        for _ in 0..rounds {
            black_box(decode(&text, &mut inbound, &mut events));
        }
        let allocs =
            (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / (rounds * batch) as f64;
        eprintln!("decode batch {batch}: {allocs:.1} allocations per trigger");
        g.throughput(Throughput::Elements(batch as u64));
        g.bench_with_input(
            BenchmarkId::new("sockjs_frame_to_triggers", batch),
            &text,
            |b, text| b.iter(|| black_box(decode(text, &mut inbound, &mut events))),
        );
    }
    g.finish();
}

fn messages(n: i64) -> Vec<TriggerMessage> {
    (0..n)
        .map(|i| decode_message(body(i).as_bytes()).expect("fixture decodes"))
        .collect()
}

/// The session's book and the UI's table, as the app runs them for each event.
fn ingest_all(msgs: Vec<TriggerMessage>, book: &mut TriggerBook, table: &mut TriggerTable) {
    let now = Instant::now();
    for (i, m) in msgs.into_iter().enumerate() {
        if let Some(e) = book.apply(m, Source::Push, BASE_TICKS + i as i64) {
            table.apply(e.row, now);
        }
    }
}

fn bench_ingest(c: &mut Criterion) {
    let n = 100_000;
    let msgs = messages(n);
    // Memory per stored trigger: everything decoding and ingesting leaves allocated (the raw
    // text is not kept in memory; the journal has it). Two sizes, because growth slack differs.
    for n in [n, 1_000_000] {
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let fresh = messages(n);
        let raw: usize = fresh.iter().map(|m| m.raw.len()).sum();
        let mut book = TriggerBook::new();
        let mut table = TriggerTable::default();
        ingest_all(fresh, &mut book, &mut table);
        table.view_len();
        let used = LIVE_BYTES.load(Ordering::Relaxed) - before;
        eprintln!(
            "ingest {n}: {:.0} bytes per stored trigger, all in (its raw text, {:.0} bytes, is not kept)",
            used as f64 / n as f64,
            raw as f64 / n as f64
        );
        black_box((book, table));
    }
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(20);
    g.bench_function("book_and_table_100k", |b| {
        b.iter_batched(
            || (msgs.clone(), TriggerBook::new(), TriggerTable::default()),
            |(m, mut book, mut table)| {
                ingest_all(m, &mut book, &mut table);
                (book, table)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn filled_table(n: i64) -> TriggerTable {
    let mut book = TriggerBook::new();
    let mut table = TriggerTable::default();
    ingest_all(messages(n), &mut book, &mut table);
    table.view_len();
    table
}

fn bench_table(c: &mut Criterion) {
    let mut g = c.benchmark_group("table");
    g.sample_size(20);
    let names: HashMap<DeviceId, String> = [
        ("231203016", "Start"),
        ("231203017", "Finish"),
        ("190801013", "Split"),
    ]
    .into_iter()
    .map(|(a, b)| (DeviceId::intern(a), b.to_owned()))
    .collect();
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    for n in [1_000i64, 100_000, 1_000_000] {
        let mut table = filled_table(n);
        let ctx = egui::Context::default();
        let mut follow = Follow::default();
        let now = Instant::now();
        g.bench_function(BenchmarkId::new("frame", n), |b| {
            b.iter(|| {
                ctx.run_ui(input.clone(), |ui| {
                    egui::CentralPanel::default().show(ui, |ui| {
                        table_view::show(ui, &mut table, &names, &mut follow, &[], now)
                    });
                })
            })
        });
        if n == 1_000_000 {
            g.sample_size(10);
            g.bench_function("resort_1m_by_bib", |b| {
                b.iter(|| {
                    table.sort_by(SortColumn::Bib);
                    black_box(table.view_len())
                })
            });
            g.bench_function("filter_1m_by_text", |b| {
                let mut flip = false;
                b.iter(|| {
                    flip = !flip;
                    table.edit_filter(|f| {
                        f.text = if flip {
                            "typed".into()
                        } else {
                            "sequential".into()
                        }
                    });
                    black_box(table.view_len())
                })
            });
        }
    }
    g.finish();
}

fn events(n: i64) -> Vec<TriggerEvent> {
    let mut book = TriggerBook::new();
    messages(n)
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| book.apply(m, Source::Push, BASE_TICKS + i as i64))
        .collect()
}

fn bench_journal(c: &mut Criterion) {
    let batch = 1_000;
    let evs = events(batch);
    let dir = tempfile::tempdir().expect("tmp");
    let mut journal = Journal::open(&dir.path().join("bench.sqlite3")).expect("journal");
    let session = journal
        .new_session("https://bench", "bench", None)
        .expect("session");
    let mut g = c.benchmark_group("journal");
    g.throughput(Throughput::Elements(batch as u64));
    g.bench_function("append_batch_1000", |b| {
        b.iter(|| journal.append(session, evs.iter()).expect("append"))
    });
    g.finish();
}

fn bench_csv(c: &mut Criterion) {
    let n = 1_000_000;
    let mut table = filled_table(n);
    let rows = table.rows_in_order(false);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("export.csv");
    let mut g = c.benchmark_group("csv");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("export_1m", |b| {
        b.iter(|| {
            write_atomically(
                &path,
                rows.iter().map(|r| &**r),
                CsvFormat::STANDARD,
                &mut |_| {},
            )
            .expect("written")
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_decode,
    bench_ingest,
    bench_table,
    bench_journal,
    bench_csv
);
criterion_main!(benches);
