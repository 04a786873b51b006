//! ALGE Timy lines from the real `record` binary, read the way timing programs read them: a
//! pseudo-terminal pair (one side is the "serial port" the app writes, the other the timing
//! PC's end) and two TCP clients. Three parsers written from the readers' own rules:
//!
//! - Race Horology: fixed columns (1–4 bib, 6–7 channel, 8 `M`, 10–22 time, a dot only);
//! - metarace: split on white space, 26 characters, or 28 with a checksum once it sent `CHK1`;
//! - OpenSkiTime: a regular expression.
//!
//! From the simulator through the session: a clear after sending, an outage recovered from
//! history, the port unplugged and plugged back (a udev-style link to a new pty), a restart
//! with `--continue`. Every trigger exactly once per reader, in order, with its bib, channel
//! and time; a `c` line for the cleared one.
#![cfg(target_os = "linux")]

mod common;

use common::*;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_SECOND};
use mt1_monitor::sim::{SimAccount, SimConfig, SimTrigger, DEMO_FINISH, DEMO_START};
use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Zq7-finish-line-Secret";

/// One impulse as a timing program understood it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Impulse {
    cleared: bool,
    invalid: bool,
    bib: u32,
    channel: u8,
    manual: bool,
    time: String,
}

/// Race Horology's ALGE parser: fixed columns, the time with a dot only.
fn race_horology(line: &str) -> Option<Impulse> {
    let b = line.as_bytes();
    if b.len() != 26 || b[9] != b' ' || b[18] != b'.' {
        return None;
    }
    Some(Impulse {
        cleared: b[0] == b'c',
        invalid: b[0] == b'?',
        bib: line.get(1..5)?.parse().ok()?,
        channel: line.get(7..8)?.parse().ok().filter(|_| b[6] == b'C')?,
        manual: b[8] == b'M',
        time: line.get(10..23)?.to_owned(),
    })
}

/// metarace's Timy reader: the length first (28 with the checksum it asked for), the checksum
/// (sum of the 26 characters & 0xFF, two digits from 0x30), then white-space fields.
fn metarace(line: &str) -> Option<Impulse> {
    let text = match line.len() {
        26 => line,
        28 => {
            let (text, chk) = line.split_at(26);
            let sum = text.bytes().fold(0u32, |s, b| s + u32::from(b)) & 0xFF;
            let want = [(0x30 + (sum >> 4)) as u8, (0x30 + (sum & 0xF)) as u8];
            (chk.as_bytes() == want).then_some(text)?
        }
        _ => return None,
    };
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [first, channel, time, _group] = fields[..] else {
        return None;
    };
    let (flag, bib) = match first.len() {
        5 => first.split_at(1),
        _ => ("", first),
    };
    let (channel, manual) = match channel.strip_suffix('M') {
        Some(c) => (c, true),
        None => (channel, false),
    };
    Some(Impulse {
        cleared: flag == "c",
        invalid: flag == "?",
        bib: bib.parse().ok()?,
        channel: channel.strip_prefix('C')?.parse().ok()?,
        manual,
        time: time.to_owned(),
    })
}

/// OpenSkiTime's regular expression for ALGE lines.
fn open_ski_time(line: &str) -> Option<Impulse> {
    let re = regex::Regex::new(
        r"^(?P<flag>[ ?c])(?P<bib>\d{4}) C(?P<ch>\d)(?P<m>[M ]) (?P<time>\d{2}:\d{2}:\d{2}\.\d{1,4}) (?P<group>\d{2})",
    )
    .expect("regex");
    let c = re.captures(line)?;
    Some(Impulse {
        cleared: &c["flag"] == "c",
        invalid: &c["flag"] == "?",
        bib: c["bib"].parse().ok()?,
        channel: c["ch"].parse().ok()?,
        manual: &c["m"] == "M",
        time: c["time"].to_owned(),
    })
}

/// A timing program's reading of one line.
type Parser = fn(&str) -> Option<Impulse>;

/// What a reader received, line by line (without the CR).
type Lines = Arc<Mutex<Vec<String>>>;

/// Splits what arrived into lines at CR (an LF is tolerated).
fn take_lines(partial: &mut Vec<u8>, bytes: &[u8], lines: &Lines) -> usize {
    let mut n = 0;
    for &b in bytes {
        match b {
            b'\r' => {
                let line = String::from_utf8_lossy(partial).into_owned();
                lines.lock().expect("lines").push(line);
                partial.clear();
                n += 1;
            }
            b'\n' => {}
            _ => partial.push(b),
        }
    }
    n
}

/// A pty pair: the app writes the slave (through a link, as udev names a USB serial cable),
/// the timing program's end reads the master and, after the first line it gets, asks for
/// checksums (`CHK1`) with the other commands Timy readers send, once: as to a timer, which
/// keeps the wish through a cable pulled and plugged back and a restart of the app.
struct Pty {
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Pty {
    fn plug(link: &Path, lines: Lines, asked: Arc<AtomicBool>) -> Self {
        let (mut master, mut slave) = (-1, -1);
        // SAFETY: openpty writes two fds into the given ints; null name/termios/size are allowed.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty");
        // SAFETY: both fds were just opened and are owned here only.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let name = std::fs::read_link(format!(
            "/proc/self/fd/{}",
            std::os::fd::AsRawFd::as_raw_fd(&slave)
        ))
        .expect("slave name");
        let _ = std::fs::remove_file(link);
        std::os::unix::fs::symlink(&name, link).expect("link");
        // SAFETY: fcntl on fds owned here. Close-on-exec: a recorder started later must not
        // inherit the pair (it would hold the cable in after the test pulled it).
        unsafe {
            let fd = std::os::fd::AsRawFd::as_raw_fd(&master);
            libc::fcntl(
                fd,
                libc::F_SETFL,
                libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK,
            );
            for fd in [fd, std::os::fd::AsRawFd::as_raw_fd(&slave)] {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
        }
        let stop = Arc::new(AtomicBool::new(false));
        let halt = stop.clone();
        let reader = std::thread::spawn(move || {
            let _slave = slave; // held open: the pair lives until unplugged
            let mut port = File::from(master);
            let (mut partial, mut buf) = (Vec::new(), [0u8; 512]);
            while !halt.load(Ordering::Relaxed) {
                match port.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        let got = take_lines(&mut partial, &buf[..n], &lines);
                        if got > 0 && !asked.swap(true, Ordering::Relaxed) {
                            // As metarace does: the timer is told what the reader wants.
                            let _ = port.write_all(b"TIMYINIT\rPRE4\rCHK1\rDTS02.00\r");
                        }
                    }
                    _ => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Self {
            stop,
            reader: Some(reader),
        }
    }

    /// The cable pulled: both ends closed (the app's writes fail), the link gone.
    fn unplug(mut self, link: &Path) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            r.join().expect("pty reader");
        }
        std::fs::remove_file(link).expect("link removed");
    }
}

/// A TCP client that reconnects whenever the listener is back (the timing PC's program).
fn tcp_reader(port: u16, lines: Lines, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = s.write_all(b"TIMYINIT\r");
            let (mut partial, mut buf) = (Vec::new(), [0u8; 512]);
            while !stop.load(Ordering::Relaxed) {
                match s.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        take_lines(&mut partial, &buf[..n], &lines);
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => break,
                }
            }
        }
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The line a trigger should give, worked out here from the trigger (device time = UTC +
/// offset, truncated to 1/10 000 s), not by the app's code.
fn expected(t: &SimTrigger, cleared: bool) -> Impulse {
    let at = t.timestamp + i64::from(t.time_offset) * 60 * TICKS_PER_SECOND;
    let secs = at.div_euclid(TICKS_PER_SECOND).rem_euclid(86_400);
    let ten_thousandths = at.rem_euclid(TICKS_PER_SECOND) / 1_000;
    Impulse {
        cleared,
        invalid: false,
        bib: t.bib.as_ref().map_or(0, |b| b.0 as u32),
        channel: t.channel as u8,
        manual: false,
        time: format!(
            "{:02}:{:02}:{:02}.{ten_thousandths:04}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ),
    }
}

fn record(sim_url: &str, dir: &Path, outputs: &[String], run: &str) -> std::process::Child {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_mt1-monitor"));
    c.args([
        "record",
        "--server",
        sim_url,
        "--username",
        "timer",
        "--csv",
    ])
    .arg(dir.join("race.csv"))
    .args(["--since", "2020-01-01T00:00:00Z", "--timy-map", "1=1"])
    .env("MT1_PASSWORD", PASSWORD)
    .env("MT1_DATA_DIR", dir.join("data"))
    .env("RUST_LOG", "info")
    .stdin(std::process::Stdio::null())
    .stdout(std::process::Stdio::null())
    .stderr(File::create(dir.join(format!("record-{run}.log"))).expect("log file"));
    if run == "continued" {
        c.arg("--continue");
    }
    for o in outputs {
        c.args(["--timy-out", o]);
    }
    c.spawn().expect("record starts")
}

/// Ends `record` as Ctrl-C does, and waits for it.
fn interrupt(mut child: std::process::Child) {
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().expect("record ends");
    assert!(status.success(), "record ended cleanly: {status}");
}

/// Waits until every reader holds at least `n` lines.
async fn until_lines(readers: &[(&str, &Lines)], n: usize) {
    let end = Instant::now() + WAIT;
    loop {
        let counts: Vec<(&str, usize)> = readers
            .iter()
            .map(|(name, l)| (*name, l.lock().expect("lines").len()))
            .collect();
        if counts.iter().all(|(_, c)| *c >= n) {
            return;
        }
        assert!(Instant::now() < end, "waited for {n} lines: {counts:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timing_programs_get_every_trigger_once_in_order_through_outage_unplug_and_restart() {
    let sim = start_sim(SimConfig {
        accounts: vec![SimAccount::timekeeper("timer", PASSWORD)],
        // Late answers: the restarted listener has its programs back before history comes.
        rest_delay: Duration::from_millis(300),
        ..fast_sim_config()
    })
    .await;
    let dir = tempfile::tempdir().expect("tmp");
    let link: PathBuf = dir.path().join("ttyTIMY");
    let tcp = free_port();
    let outputs = [link.display().to_string(), format!("tcp:127.0.0.1:{tcp}")];
    let (serial, horology, ski): (Lines, Lines, Lines) = Default::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients = [
        tcp_reader(tcp, horology.clone(), stop.clone()),
        tcp_reader(tcp, ski.clone(), stop.clone()),
    ];
    let asked = Arc::new(AtomicBool::new(false));
    let first_pty = Pty::plug(&link, serial.clone(), asked.clone());
    let all = [("serial", &serial), ("horology", &horology), ("ski", &ski)];

    let t0 = now_ticks() + 7_654_321; // a fraction to 1/10 000 s and beyond (truncated)
    let at = |s: i64| t0 + s * TICKS_PER_SECOND;
    let a = SimTrigger::impulse(DEMO_FINISH, 1, at(0), 7, "MANUAL");
    let b = SimTrigger::impulse(DEMO_START, 0, at(1), 12, "MANUAL");
    let d = SimTrigger::impulse(DEMO_FINISH, 1, at(2), 12, "MANUAL");
    let e = SimTrigger::impulse(DEMO_START, 0, at(3), 13, "MANUAL");
    let f = SimTrigger::impulse(DEMO_FINISH, 1, at(4), 13, "MANUAL");
    let g = SimTrigger::impulse(DEMO_START, 0, at(5), 14, "MANUAL");

    let first = record(&sim.base_url(), dir.path(), &outputs, "first");
    assert!(sim.wait_subscribed(1, WAIT).await, "record subscribed");
    sim.add_trigger(&a);
    until_lines(&all, 1).await;
    // The reader's CHK1 (after its first line) is heard before the next line goes out.
    tokio::time::sleep(Duration::from_millis(200)).await;
    sim.add_trigger(&b);
    until_lines(&all, 2).await;
    // A false start cleared on the device after it was sent.
    sim.clear_trigger(&b);
    until_lines(&all, 3).await;
    // An outage: d happens while the link is down and comes from history.
    sim.drop_connections();
    let end = Instant::now() + WAIT;
    while sim.subscribed_sockets() > 0 {
        assert!(Instant::now() < end, "the link dropped");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    sim.add_trigger(&d);
    until_lines(&all, 4).await;
    // The serial cable pulled: e waits for the port and is sent when it is back.
    first_pty.unplug(&link);
    sim.add_trigger(&e);
    until_lines(&[("horology", &horology), ("ski", &ski)], 5).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let serial_again: Lines = Default::default();
    let second_pty = Pty::plug(&link, serial_again.clone(), asked.clone());
    until_lines(&[("serial again", &serial_again)], 1).await;
    interrupt(first);

    // While the recorder is stopped, f; `--continue` reads it from history.
    sim.add_trigger(&f);
    let second = record(&sim.base_url(), dir.path(), &outputs, "continued");
    let all_again = [
        ("serial again", &serial_again),
        ("horology", &horology),
        ("ski", &ski),
    ];
    until_lines(&all_again[1..], 6).await;
    assert!(
        sim.wait_subscribed(1, WAIT).await,
        "record subscribed again"
    );
    sim.add_trigger(&g);
    until_lines(&all_again[1..], 7).await;
    until_lines(&[("serial again", &serial_again)], 3).await;
    // Time for anything sent twice to arrive before the count.
    tokio::time::sleep(Duration::from_millis(500)).await;
    interrupt(second);
    stop.store(true, Ordering::Relaxed);
    second_pty.unplug(&link);
    for c in clients {
        c.join().expect("client");
    }

    let want: Vec<Impulse> = vec![
        expected(&a, false),
        expected(&b, false),
        expected(&b, true),
        expected(&d, false),
        expected(&e, false),
        expected(&f, false),
        expected(&g, false),
    ];
    let serial_lines: Vec<String> = [
        serial.lock().expect("l").clone(),
        serial_again.lock().expect("l").clone(),
    ]
    .concat();
    // CHK1, said once, holds through the unplugged cable and the restart.
    assert_eq!(serial_lines[0].len(), 26, "{serial_lines:#?}");
    assert!(
        serial_lines[1..].iter().all(|l| l.len() == 28),
        "CHK1 honoured: {serial_lines:#?}"
    );
    let read: [(&str, Vec<String>, Parser); 3] = [
        ("metarace (serial)", serial_lines, metarace),
        (
            "Race Horology (tcp)",
            horology.lock().expect("l").clone(),
            race_horology,
        ),
        (
            "OpenSkiTime (tcp)",
            ski.lock().expect("l").clone(),
            open_ski_time,
        ),
    ];
    for (reader, lines, parse) in read {
        let got: Vec<Impulse> = lines
            .iter()
            .map(|l| parse(l).unwrap_or_else(|| panic!("{reader} cannot read {l:?} in {lines:#?}")))
            .collect();
        assert_eq!(
            got, want,
            "{reader}: every trigger once, in order: {lines:#?}"
        );
    }
    // The recovered triggers (d after the outage, f after the restart) are said to be late.
    for run in ["first", "continued"] {
        let log =
            std::fs::read_to_string(dir.path().join(format!("record-{run}.log"))).expect("log");
        assert!(
            log.contains("1 line(s) recovered from history came late"),
            "{run}: {log}"
        );
    }
}

/// While the session runs: an output given new options (here its line end) on the same port
/// sends nothing twice, and a new channel map sends the trigger the old one left out (C12 has
/// no ALGE channel until mapped), on its new channel, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_options_send_nothing_twice_and_a_new_map_sends_what_was_left_out() {
    use mt1_monitor::feed::{self, FeedConfig, FeedJournal};
    let sim = start_sim(fast_sim_config()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("journal.sqlite3");
    let (h, mut seen, session, _) = journaled_session(&sim, &path, "demo", "demo").await;
    let port = free_port();
    let config = |end: &str, map: &[&str]| {
        let out = format!("tcp:127.0.0.1:{port},{end}");
        FeedConfig::parse([out.as_str()], map.iter().copied()).expect("config")
    };
    let (mut h, feed) = feed::attach(
        h,
        config("cr", &[]),
        Some(FeedJournal {
            path: path.clone(),
            session,
        }),
        &[],
        None,
        &tokio::runtime::Handle::current(),
    );
    let got: Lines = Default::default();
    let stop = Arc::new(AtomicBool::new(false));
    let client = tcp_reader(port, got.clone(), stop.clone());
    let t0 = now_ticks();
    let c1 = SimTrigger::impulse(DEMO_FINISH, 1, t0, 21, "MANUAL");
    let c12 = SimTrigger::impulse(DEMO_FINISH, 12, t0 + TICKS_PER_SECOND, 22, "MANUAL");
    sim.add_trigger(&c1);
    sim.add_trigger(&c12);
    until(&mut h, &mut seen, "both triggers", |s| s.rows.len() == 2).await;
    until_lines(&[("client", &got)], 1).await;
    feed.reconfigure(config("crlf", &[]));
    tokio::time::sleep(Duration::from_millis(800)).await;
    feed.reconfigure(config("crlf", &["12=3"]));
    until_lines(&[("client", &got)], 2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    client.join().expect("client");
    h.shutdown().await;
    let lines = got.lock().expect("lines").clone();
    let read: Vec<Impulse> = lines
        .iter()
        .map(|l| race_horology(l).unwrap_or_else(|| panic!("{l:?} in {lines:?}")))
        .collect();
    let mut c12_as_c3 = expected(&c12, false);
    c12_as_c3.channel = 3;
    assert_eq!(read, vec![expected(&c1, false), c12_as_c3], "{lines:?}");
}
