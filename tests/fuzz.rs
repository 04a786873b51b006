//! Property test of everything that parses server input: SockJS frames, the streaming STOMP
//! decoder (fed in random chunks), the trigger decoder and the time formatting behind it.
//! A mutational generator works over the regression corpus in `tests/corpus/`; the property
//! is "no panic, and the decoder's buffer stays bounded". CI runs a short pass;
//! `MT1_FUZZ_ITERATIONS=1000000 cargo test --release --test fuzz -- --nocapture` is the long
//! run. A failing input is written to `target/fuzz-failure.txt` for the corpus.

use mt1_monitor::model::time::{format_device_time, format_utc};
use mt1_monitor::mt1::sockjs::{self, SockJsFrame};
use mt1_monitor::mt1::stomp::{Command, Decoder, Item};
use mt1_monitor::mt1::trigger::{decode_message, decode_message_with_serde, decode_shared};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

const SPECIAL: &[u8] = b"\0\n\r:\\\"[]{}acoh,0123456789-\xff\xc3";

fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    out.sort();
    assert!(out.len() >= 20, "the corpus is there");
    out
}

fn mutate(rng: &mut StdRng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = corpus[rng.random_range(0..corpus.len())].clone();
    for _ in 0..rng.random_range(1..=4) {
        let len = v.len();
        match rng.random_range(0..7) {
            0 if len > 0 => {
                let i = rng.random_range(0..len);
                v[i] = SPECIAL[rng.random_range(0..SPECIAL.len())];
            }
            1 if len > 0 => {
                let i = rng.random_range(0..len);
                v[i] ^= 1 << rng.random_range(0..8);
            }
            2 => {
                let i = rng.random_range(0..=len);
                let b = if rng.random_bool(0.7) {
                    SPECIAL[rng.random_range(0..SPECIAL.len())]
                } else {
                    rng.random()
                };
                v.insert(i, b);
            }
            3 if len > 1 => {
                let a = rng.random_range(0..len);
                let b = rng.random_range(a..len.min(a + 64));
                v.drain(a..b);
            }
            4 if len > 1 => {
                let a = rng.random_range(0..len);
                let b = rng.random_range(a..len.min(a + 64));
                let chunk = v[a..b].to_vec();
                let at = rng.random_range(0..=v.len());
                v.splice(at..at, chunk);
            }
            5 => {
                let other = &corpus[rng.random_range(0..corpus.len())];
                let cut = rng.random_range(0..=v.len());
                let from = rng.random_range(0..=other.len());
                v.truncate(cut);
                v.extend_from_slice(&other[from..]);
            }
            _ if len > 0 => v.truncate(rng.random_range(0..len)),
            _ => {}
        }
    }
    v
}

/// Everything a server byte can reach. Panics are the failure.
fn exercise(input: &[u8], rng: &mut StdRng) {
    let text = String::from_utf8_lossy(input);
    // The fast SockJS reader must agree with the serde one on every input.
    let mut fast = Vec::new();
    let fast_ok = sockjs::read_messages(&text, &mut fast).is_ok();
    if text.starts_with('a') {
        let slow = match sockjs::parse(&text) {
            Ok(SockJsFrame::Messages(m)) => Some(m.concat().into_bytes()),
            _ => None,
        };
        assert_eq!(
            fast_ok.then_some(&fast),
            slow.as_ref(),
            "fast and serde SockJS readers disagree"
        );
    }
    if let Ok(SockJsFrame::Messages(parts)) = sockjs::parse(&text) {
        let mut d = Decoder::new();
        for p in &parts {
            if rng.random_bool(0.5) {
                d.push(p.as_bytes());
            } else {
                d.push_shared(bytes::Bytes::copy_from_slice(p.as_bytes()));
            }
            drain(&mut d);
        }
    }
    // Raw bytes straight into the STOMP decoder, in random chunks.
    let mut d = Decoder::new();
    let mut rest = input;
    while !rest.is_empty() {
        let n = rng.random_range(1..=rest.len().min(97));
        d.push(&rest[..n]);
        rest = &rest[n..];
        drain(&mut d);
        assert!(
            d.buffered() <= input.len(),
            "decoder holds more than it was given"
        );
    }
    decode_both(input);
}

/// The fast scanner and serde must give the same answer for every body (the scanner may
/// only decline, never differ), and so must the path that shares the body's bytes.
fn decode_both(body: &[u8]) -> Option<mt1_monitor::mt1::trigger::TriggerMessage> {
    let fast = decode_message(body);
    assert_eq!(
        fast,
        decode_message_with_serde(body),
        "scanner and serde disagree on {:?}",
        String::from_utf8_lossy(body)
    );
    assert_eq!(
        fast,
        decode_shared(&bytes::Bytes::copy_from_slice(body)),
        "shared and copied bodies decode differently: {:?}",
        String::from_utf8_lossy(body)
    );
    fast.ok()
}

fn drain(d: &mut Decoder) {
    while let Some(item) = d.next_item() {
        if let Ok(Item::Frame(f)) = item {
            if f.command == Command::Message {
                if let Some(m) = decode_both(&f.body) {
                    let t = &m.trigger;
                    let _ = format_device_time(t.key.timestamp, t.facts.time_offset_min);
                    let _ = format_utc(t.key.timestamp);
                }
            }
        }
    }
}

/// How many inputs and which seed: `MT1_FUZZ_ITERATIONS` (default 30 000) and `MT1_FUZZ_SEED`.
fn run_size(default_seed: u64) -> (u64, u64) {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    (
        env("MT1_FUZZ_ITERATIONS").unwrap_or(30_000),
        env("MT1_FUZZ_SEED").unwrap_or(default_seed),
    )
}

#[test]
fn parsers_never_panic_on_mutated_input() {
    let corpus = corpus();
    let (iterations, seed) = run_size(0x5eed);
    let mut rng = StdRng::seed_from_u64(seed);
    let started = std::time::Instant::now();
    for c in &corpus {
        exercise(c, &mut rng);
    }
    for i in 0..iterations {
        let input = mutate(&mut rng, &corpus);
        let mut inner = StdRng::seed_from_u64(seed ^ i);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            exercise(&input, &mut inner)
        }));
        if result.is_err() {
            let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failure.txt");
            let _ = std::fs::write(&out, &input);
            panic!(
                "input {i} (seed {seed}) panicked; saved to {}",
                out.display()
            );
        }
    }
    println!(
        "fuzz: {iterations} generated inputs (+{} corpus) in {:?}, seed {seed}",
        corpus.len(),
        started.elapsed()
    );
}

#[test]
fn corpus_entries_decode_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("corpus file");
    let SockJsFrame::Messages(parts) = sockjs::parse(&read("split_frame.txt")).expect("frame")
    else {
        panic!("messages")
    };
    let mut d = Decoder::new();
    for p in &parts {
        d.push(p.as_bytes());
    }
    let Some(Ok(Item::Frame(f))) = d.next_item() else {
        panic!("one frame across two elements")
    };
    assert_eq!(
        decode_message(&f.body)
            .expect("trigger")
            .trigger
            .key
            .channel,
        1
    );
}

/// Trigger bodies taken out of the corpus frames, plus edge shapes, mutated at the JSON level.
#[test]
fn scanner_and_serde_agree_on_mutated_bodies() {
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    for c in corpus() {
        let Ok(SockJsFrame::Messages(parts)) = sockjs::parse(&String::from_utf8_lossy(&c)) else {
            continue;
        };
        let mut d = Decoder::new();
        for p in &parts {
            d.push(p.as_bytes());
        }
        while let Some(item) = d.next_item() {
            if let Ok(Item::Frame(f)) = item {
                if !f.body.is_empty() {
                    bodies.push(f.body.to_vec());
                }
            }
        }
    }
    bodies.push(br#" { "type" : null , "dto" : { "deviceId":"1","timestamp":-0,"timeOffset":null,"timingChannel":"C0","type":null,"startNumber":null,"valid":null,"blocked":true,"fallingEdge":false } , "entityType" : 7 } "#.to_vec());
    bodies.push(br#"{"dto":{"deviceId":"1","timestamp":1,"timingChannel":"C0","startNumber":{"startNumber":null,"type":"MEMO"}},"entityType":"TriggerDto"}"#.to_vec());
    assert!(bodies.len() >= 8, "the corpus holds trigger bodies");
    const TOKENS: &[&str] = &[
        "null",
        "true",
        "false",
        "-1",
        "1.5",
        "1e3",
        "\"x\"",
        "{}",
        "[]",
        "\"\\u0041\"",
        "01",
        "99999999999999999999",
        "\"type\":\"ENTITY_DELETE\"",
        ",",
        ":",
        "\"dto\"",
    ];
    let (iterations, seed) = run_size(0xb0d1);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut accepted = 0;
    for _ in 0..iterations {
        let mut body = mutate(&mut rng, &bodies);
        if rng.random_bool(0.5) && !body.is_empty() {
            let at = rng.random_range(0..body.len());
            let len = rng.random_range(0..=(body.len() - at).min(12));
            let token = TOKENS[rng.random_range(0..TOKENS.len())].as_bytes();
            body.splice(at..at + len, token.iter().copied());
        }
        accepted += usize::from(decode_both(&body).is_some());
    }
    assert!(accepted > 0, "some mutated bodies still decode");
}
