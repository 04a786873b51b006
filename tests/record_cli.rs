//! `mt1-monitor record` as a process against the in-process simulator over loopback.

mod common;

use common::*;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::sim::{SimAccount, SimConfig, SimTrigger, DEMO_FINISH, DEMO_START};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::Command;

const PASSWORD: &str = "Zq7-finish-line-Secret";

fn record(
    sim_url: &str,
    user: &str,
    password: &str,
    csv: &std::path::Path,
    seconds: u64,
) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mt1-monitor"));
    c.args(["record", "--server", sim_url, "--username", user, "--csv"])
        .arg(csv)
        .args([
            "--since",
            "2020-01-01T00:00:00Z",
            "--duration",
            &seconds.to_string(),
        ])
        .env("MT1_PASSWORD", password)
        .env(
            "MT1_DATA_DIR",
            csv.parent().expect("csv in a folder").join("data"),
        )
        .env("RUST_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn read_csv(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .map(str::to_owned)
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_writes_every_trigger_once_with_its_final_state_and_no_secrets() {
    let sim = start_sim(SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        ..fast_sim_config()
    })
    .await;
    let t0 = now_ticks();
    let earlier = SimTrigger::impulse(DEMO_START, 0, t0 - 60_000 * TICKS_PER_MILLI, 12, "MANUAL");
    sim.add_trigger(&earlier);
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("race.csv");
    let child = record(&sim.base_url(), "timer", PASSWORD, &csv, 7)
        .spawn()
        .expect("spawn record");

    assert!(sim.wait_subscribed(1, WAIT).await, "record subscribed");
    let a = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 10 * TICKS_PER_MILLI, 1, "SEQUENTIAL");
    let b = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 20 * TICKS_PER_MILLI, 2, "SEQUENTIAL");
    let c = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 30 * TICKS_PER_MILLI, 3, "SEQUENTIAL");
    for t in [&a, &b, &c] {
        sim.add_trigger(t);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    sim.clear_trigger(&b);
    sim.delete_trigger(&c);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // An outage: the trigger made meanwhile must come from history.
    sim.drop_connections();
    let d = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 40 * TICKS_PER_MILLI, 4, "SEQUENTIAL");
    sim.add_trigger(&d);

    let out = tokio::time::timeout(WAIT, child.wait_with_output())
        .await
        .expect("ends")
        .expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}\n{stderr}", out.status);
    assert!(stdout.contains("recorded 5 trigger(s)"), "{stdout}");

    let rows = read_csv(&csv);
    assert_eq!(rows.len(), 5, "one row per trigger after the final rewrite");
    let by_bib = |bib: &str, device: &str| {
        rows.iter()
            .find(|r| r["bib"] == bib && r["device_id"] == device)
            .unwrap_or_else(|| panic!("bib {bib} missing: {rows:?}"))
    };
    assert_eq!(by_bib("12", DEMO_START)["source"], "history");
    assert_eq!(by_bib("12", DEMO_START)["bib_kind"], "MANUAL");
    assert_eq!(by_bib("1", DEMO_FINISH)["state"], "active");
    assert_eq!(by_bib("2", DEMO_FINISH)["state"], "cleared");
    assert_eq!(by_bib("3", DEMO_FINISH)["state"], "deleted");
    assert_eq!(by_bib("4", DEMO_FINISH)["source"], "history");
    assert_eq!(by_bib("1", DEMO_FINISH)["channel"], "C1");
    assert_eq!(
        by_bib("1", DEMO_FINISH)["timestamp_100ns"],
        a.timestamp.to_string()
    );
    let times: Vec<&str> = rows.iter().map(|r| r["utc_time"].as_str()).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "sorted by trigger time"
    );

    // The outage was kept with the journal's session: an export made from the journal later
    // reports it, with what history recovered of it.
    let exported = dir.path().join("later.csv");
    export_latest(&dir.path().join("data"), &[], &exported).await;
    let summary =
        std::fs::read_to_string(dir.path().join("later.manifest.txt")).expect("manifest text");
    assert!(
        summary.contains("link down ") && !summary.contains("no outage"),
        "the journal kept the outage:\n{summary}"
    );

    let tokens = sim.issued_tokens();
    assert!(!tokens.is_empty());
    let file = std::fs::read_to_string(&csv).expect("csv text");
    for secret in tokens.iter().map(String::as_str).chain([PASSWORD]) {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "a secret leaked into the output"
        );
        assert!(!file.contains(secret), "a secret leaked into the CSV");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_timekeeper_role_warns_and_exits_non_zero() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let out = record(
        &sim.base_url(),
        "basic",
        "basic",
        &dir.path().join("x.csv"),
        2,
    )
    .output()
    .await
    .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("TIMING_POINT_ACCOUNT") && stderr.contains("Timekeeper"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Account section"),
        "says where to enable it: {stderr}"
    );
    assert_eq!(sim.websocket_connects(), 0, "nothing subscribed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_a_clear_error_and_one_attempt() {
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let out = record(
        &sim.base_url(),
        "demo",
        "wrong",
        &dir.path().join("x.csv"),
        2,
    )
    .output()
    .await
    .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("wrong username or password"), "{stderr}");
    assert_eq!(sim.login_attempts(), 1, "no retry loop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_into_pipes_and_files_carries_no_colour_codes() {
    let sim = start_sim(SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        ..fast_sim_config()
    })
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let out = record(
        &sim.base_url(),
        "timer",
        PASSWORD,
        &dir.path().join("x.csv"),
        2,
    )
    .env_remove("NO_COLOR")
    .output()
    .await
    .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("signed in as timer"),
        "the log was written: {stderr}"
    );
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert!(!text.contains("\x1b["), "ANSI codes in {name}: {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_named_once_with_its_cause() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port(); // the listener is gone again: nothing answers there
    let dir = tempfile::tempdir().expect("tmp");
    let out = record(
        &format!("http://127.0.0.1:{port}"),
        "demo",
        "demo",
        &dir.path().join("x.csv"),
        2,
    )
    .env("RUST_LOG", "warn")
    .output()
    .await
    .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("sign-in failed: cannot reach the server: connection refused"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("cannot reach the server").count(),
        1,
        "said once: {stderr}"
    );
    assert!(!stderr.contains("error sending request"), "{stderr}");
}

/// A laptop whose trusted certificates cannot be read (none installed, a broken store) still
/// records from a loopback simulator over plain http (the demo, training), and is told the
/// cause when the server is https. `SSL_CERT_FILE`/`SSL_CERT_DIR` point the platform
/// verifier at an empty store, in this process only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_readable_trusted_certificates_loopback_http_records_and_https_names_the_cause() {
    let sim = start_sim(SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        ..fast_sim_config()
    })
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let no_roots = dir.path().join("no-roots.pem");
    std::fs::write(&no_roots, "").expect("writes");
    let no_store = |c: &mut Command| {
        c.env("SSL_CERT_FILE", &no_roots)
            .env("SSL_CERT_DIR", dir.path().join("no-roots"));
    };
    let mut plain = record(
        &sim.base_url(),
        "timer",
        PASSWORD,
        &dir.path().join("plain.csv"),
        2,
    );
    no_store(&mut plain);
    let out = plain.output().await.expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "loopback http needs no trust store: {stderr}"
    );
    assert!(stderr.contains("signed in as timer"), "{stderr}");

    let mut secure = record(
        "https://127.0.0.1:9",
        "timer",
        PASSWORD,
        &dir.path().join("secure.csv"),
        2,
    );
    no_store(&mut secure);
    let out = secure.env("RUST_LOG", "warn").output().await.expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("cannot read this computer's trusted certificates"),
        "{stderr}"
    );
}

fn journal_file(data: &std::path::Path) -> std::path::PathBuf {
    let dir = data.join("journal");
    std::fs::read_dir(&dir)
        .expect("journal dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .expect("a journal file")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_recorder_loses_nothing_it_acknowledged_and_continue_fills_the_gap() {
    let sim = start_sim(SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        ..fast_sim_config()
    })
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let first_csv = dir.path().join("first.csv");
    let mut child = record(&sim.base_url(), "timer", PASSWORD, &first_csv, 120)
        .spawn()
        .expect("spawn");
    assert!(sim.wait_subscribed(1, WAIT).await);
    let t0 = now_ticks();
    let impulse =
        |n: i64| SimTrigger::impulse(DEMO_FINISH, 1, t0 + n * TICKS_PER_MILLI, n, "SEQUENTIAL");
    for n in 0..30 {
        sim.add_trigger(&impulse(n));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Wait until the recorder has acknowledged (written to its CSV, after the journal) a part.
    let deadline = std::time::Instant::now() + WAIT;
    let acknowledged = loop {
        let rows = std::fs::read_to_string(&first_csv)
            .map(|t| t.lines().count().saturating_sub(1))
            .unwrap_or(0);
        if rows >= 10 {
            break read_csv(&first_csv);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "recorder acknowledged nothing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    child.start_kill().expect("SIGKILL");
    child.wait().await.expect("reaped");

    let path = journal_file(&data);
    let journal = mt1_monitor::journal::Journal::open(&path).expect("journal opens after a kill");
    let session = journal.latest_session().expect("query").expect("a session");
    assert!(
        session.unclean(),
        "a killed recorder leaves its session open"
    );
    let held: std::collections::HashSet<String> = journal
        .rows(session.id)
        .expect("rows")
        .into_iter()
        .map(|r| r.key.timestamp.to_string())
        .collect();
    for row in &acknowledged {
        assert!(
            held.contains(&row["timestamp_100ns"]),
            "acknowledged trigger {} missing from the journal",
            row["bib"]
        );
    }
    drop(journal);

    // While nobody records, the race goes on.
    for n in 30..40 {
        sim.add_trigger(&impulse(n));
    }
    let second_csv = dir.path().join("second.csv");
    let out = record(&sim.base_url(), "timer", PASSWORD, &second_csv, 4)
        .arg("--continue")
        .output()
        .await
        .expect("second run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("did not end cleanly"),
        "the restart says so: {stderr}"
    );
    let rows = read_csv(&second_csv);
    assert_eq!(rows.len(), 40, "every trigger, once");
    let mut seen = std::collections::HashSet::new();
    assert!(
        rows.iter()
            .all(|r| seen.insert(r["timestamp_100ns"].clone())),
        "no trigger twice"
    );

    let journal = mt1_monitor::journal::Journal::open(&path).expect("journal");
    let sessions = journal.sessions().expect("sessions");
    assert_eq!(sessions.len(), 1, "continued, not a new session");
    assert_eq!(sessions[0].triggers, 40);
    assert!(!sessions[0].unclean());
    drop(journal);

    // The journal read back without the GUI.
    let list = in_data(&data, &[OsStr::new("sessions")]).await;
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(listing.contains("40 trigger(s)"), "{listing}");
    let exported = dir.path().join("exported.csv");
    export_latest(&data, &["--tape"], &exported).await;
    assert_eq!(
        read_csv(&exported),
        rows,
        "the journal export equals the recorder's final CSV"
    );
    assert!(
        dir.path().join("exported.manifest.json").exists(),
        "every export writes its manifest"
    );
    assert!(
        dir.path().join("exported.tape.pdf").exists(),
        "--tape writes the timing tape with the classic columns too"
    );

    // The session's pre-race check, kept in the journal by the app, ends the tape.
    mt1_monitor::journal::Journal::open(&path)
        .expect("journal")
        .set_note(
            sessions[0].id,
            mt1_monitor::journal::notes::PRE_RACE_CHECK,
            "pre-race check: all 3 devices answered",
        )
        .expect("note");
    // The hand-time preset with the timing tape, then `verify` on what it wrote.
    let hand = dir.path().join("hand.txt");
    let said = export_latest(&data, &["--preset", "race-horology", "--tape"], &hand).await;
    // The simulator's devices are an hour ahead of UTC: Race Horology would pair nothing.
    assert!(
        said.contains("note: 231203017's times are +3")
            && said.contains("s from this laptop's local time"),
        "{said}"
    );
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("hand-"))
        })
        .collect();
    assert!(!written.is_empty(), "one file per device channel");
    let first = std::fs::read_to_string(&written[0]).expect("hand times");
    assert!(
        first
            .lines()
            .all(|l| l.len() == 13 && l.as_bytes()[8] == b','),
        "hh:mm:ss,ffff per line: {first}"
    );
    let tape = lopdf::Document::load(dir.path().join("hand.tape.pdf")).expect("the timing tape");
    let pages: Vec<u32> = tape.get_pages().keys().copied().collect();
    let text = tape.extract_text(&pages).expect("tape text");
    assert!(
        text.contains("pre-race check: all 3 devices answered"),
        "the journal's pre-race check is on the tape"
    );

    // A correction and a watchdog trip kept by the app, then the jury's papers.
    let first_row = &rows[0];
    let key = mt1_monitor::model::trigger::TriggerKey {
        device_id: first_row["device_id"].as_str().into(),
        channel: first_row["channel"]
            .trim_start_matches('C')
            .parse()
            .expect("channel"),
        timestamp: first_row["timestamp_100ns"].parse().expect("timestamp"),
    };
    {
        use mt1_monitor::model::correction::{Correction, Fix};
        let j = mt1_monitor::journal::Journal::open(&path).expect("journal");
        let c = Correction {
            id: 1,
            key,
            fix: Fix::Bib(Some(77)),
            was: Fix::Bib(None),
            reason: "typed wrong on the device".into(),
            by: "timer".into(),
            at: 0,
            undoes: None,
        };
        j.add_correction(sessions[0].id, &c).expect("correction");
        let trip = "10:00:00.0000 UTC watchdog on 1 C1 tripped: no trigger for 90 s\n";
        j.set_note(
            sessions[0].id,
            mt1_monitor::journal::notes::WATCHDOG_TRIPS,
            trip,
        )
        .expect("trip");
    }
    let full = dir.path().join("jury.csv");
    export_latest(
        &data,
        &["--preset", "full", "--tape-printer", "--summary"],
        &full,
    )
    .await;
    let text_of = |pdf: &Path| {
        let doc = lopdf::Document::load(pdf).expect("a PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        (pages.len(), doc.extract_text(&pages).expect("text"))
    };
    let (pages, summary) = text_of(&dir.path().join("jury.summary.pdf"));
    assert_eq!(pages, 1, "the jury summary is one page");
    let sha = mt1_monitor::export::manifest::sha256_of(&full).expect("sha");
    for wanted in [
        "Jury summary",
        "Devices and channels",
        "C1: 40 here",
        "Outages of the live link",
        "#1 bib: none -> 77",
        "typed wrong",
        "no trigger for 90 s",
        "pre-race check: all 3 devices answered",
        "jury.csv (40 rows)",
        &sha[..32],
    ] {
        assert!(
            summary.contains(wanted),
            "{wanted:?} not in the summary:\n{summary}"
        );
    }
    let (_, tape) = text_of(&dir.path().join("jury.tape.pdf"));
    assert!(tape.contains("Device printer's view"), "{tape}");
    assert!(
        tape.contains("no trigger for 90 s"),
        "the trips end the tape"
    );
    // The classic columns stay the devices' values, and say where the corrections are.
    let classic = dir.path().join("classic.csv");
    let out = in_data(
        &data,
        &[
            OsStr::new("export"),
            OsStr::new("--session"),
            OsStr::new("latest"),
            OsStr::new("--csv"),
            classic.as_os_str(),
        ],
    )
    .await;
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("note: corrections: 1 standing"), "{said}");
    assert!(said.contains("not in the classic columns"), "{said}");
    let manifest = std::fs::read_to_string(dir.path().join("classic.manifest.txt")).expect("txt");
    assert!(manifest.contains("corrections: 1 standing"), "{manifest}");
    let verify = |file: &Path| {
        let file = file.to_owned();
        async move {
            Command::new(env!("CARGO_BIN_EXE_mt1-monitor"))
                .arg("verify")
                .arg(&file)
                .output()
                .await
                .expect("verify")
        }
    };
    let ok = verify(&written[0]).await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(
        ok.stderr.is_empty(),
        "verify prints only its answer, no log lines: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let tape = verify(&dir.path().join("hand.tape.pdf")).await;
    assert!(
        tape.status.success(),
        "{}",
        String::from_utf8_lossy(&tape.stdout)
    );
    // One time changed by hand: `verify` says so and fails.
    std::fs::write(&written[0], first.replacen('1', "2", 1)).expect("tamper");
    let bad = verify(&written[0]).await;
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stdout).contains("changed since it was exported"),
        "{}",
        String::from_utf8_lossy(&bad.stdout)
    );

    // Tokens and the password appear in none of the files written.
    let mut files = vec![path.clone(), first_csv, second_csv, exported];
    // The daily log files too: no token or password is ever logged.
    if let Ok(logs) = std::fs::read_dir(data.join("logs")) {
        files.extend(logs.flatten().map(|e| e.path()));
    }
    files.extend(["sqlite3-wal", "sqlite3-shm"].map(|ext| path.with_extension(ext)));
    for f in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(f).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for secret in sim
            .issued_tokens()
            .iter()
            .map(String::as_str)
            .chain([PASSWORD])
        {
            assert!(!text.contains(secret), "a secret is in {}", f.display());
        }
    }
}

/// `mt1-monitor ARGS` with its data folder in `data`.
async fn in_data(data: &Path, args: &[&OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mt1-monitor"))
        .args(args)
        .env("MT1_DATA_DIR", data)
        .output()
        .await
        .expect("run")
}

/// `export --session latest ARGS --csv CSV` from the journal in `data`, which must succeed,
/// on a laptop whose local time is UTC; what it printed.
async fn export_latest(data: &Path, args: &[&str], csv: &Path) -> String {
    let mut all: Vec<&OsStr> = ["export", "--session", "latest"].map(OsStr::new).to_vec();
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("--csv"), csv.as_os_str()]);
    let out = Command::new(env!("CARGO_BIN_EXE_mt1-monitor"))
        .args(&all)
        .env("MT1_DATA_DIR", data)
        .env("TZ", "UTC")
        .output()
        .await
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The crash notes in a log folder.
fn crash_notes(logs: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(logs)
        .expect("log folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("crash-"))
        .collect()
}

/// A crash leaves a note beside the log, the next start says so once, and the daily log file
/// is written (and, like every file, carries no secret: the recorder test checks the folder).
#[tokio::test]
async fn a_crash_leaves_a_note_that_the_next_start_reports_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    let run = |args: &'static [&'static str]| async move {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        in_data(data, &args).await
    };
    let crashed = run(&["crash"]).await;
    assert!(!crashed.status.success());
    let logs = dir.path().join("logs");
    let notes = crash_notes(&logs);
    assert_eq!(notes.len(), 1, "one note");
    let note = std::fs::read_to_string(&notes[0]).expect("note");
    assert!(
        note.contains("a crash on purpose") && note.contains("src/main.rs"),
        "{note}"
    );
    let next = run(&["sessions"]).await;
    let said = String::from_utf8_lossy(&next.stderr);
    assert!(
        said.contains("the last run of mt1-monitor crashed"),
        "{said}"
    );
    let again = run(&["sessions"]).await;
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("crashed"),
        "said once"
    );
    let log_files = std::fs::read_dir(&logs)
        .expect("log folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .count();
    assert_eq!(log_files, 1, "one log file for today");
}

/// A crash in native code (a fatal signal, not a panic) leaves the same note, and the next
/// start says so.
#[cfg(unix)]
#[tokio::test]
async fn a_native_crash_leaves_a_note_that_the_next_start_reports() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    let run = |args: &'static [&'static str]| async move {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        in_data(data, &args).await
    };
    let crashed = run(&["crash", "--signal"]).await;
    assert_eq!(
        crashed.status.signal(),
        Some(libc::SIGSEGV),
        "ended by the signal"
    );
    let notes = crash_notes(&dir.path().join("logs"));
    assert_eq!(notes.len(), 1, "one note");
    let note = std::fs::read_to_string(&notes[0]).expect("note");
    assert!(
        note.contains("SIGSEGV") && note.contains("mt1-monitor 0."),
        "{note}"
    );
    let next = run(&["sessions"]).await;
    assert!(
        String::from_utf8_lossy(&next.stderr).contains("the last run of mt1-monitor crashed"),
        "said at the next start"
    );
}

/// Two monitors at once would journal and export the same session twice: while one holds
/// the data folder's lock, `record` is refused and says why; once it is gone, it starts.
#[tokio::test]
async fn a_second_monitor_is_refused_while_one_runs() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("out.csv");
    let data = dir.path().join("data");
    let running = mt1_monitor::support::lock_instance(&data).expect("the first takes the lock");
    // A port nothing listens on: once started, record fails for that reason instead.
    let closed = "http://127.0.0.1:9";
    let refused = record(closed, "demo", "demo", &csv, 1)
        .output()
        .await
        .expect("run");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("mt1-monitor is already running"), "{said}");
    drop(running);
    let started = record(closed, "demo", "demo", &csv, 1)
        .output()
        .await
        .expect("run");
    let said = String::from_utf8_lossy(&started.stderr);
    assert!(!said.contains("already running"), "{said}");
    assert!(said.contains("cannot reach the server"), "{said}");
}
