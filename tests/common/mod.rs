//! Shared test set-up: an in-process simulator on loopback and a session with short timings.
#![allow(dead_code)]

use mt1_monitor::journal::{self, Journal};
use mt1_monitor::model::row::TriggerRow;
use mt1_monitor::mt1::account::{Credentials, Token, User};
use mt1_monitor::mt1::rest::Mt1Client;
use mt1_monitor::session::{
    self, ConnectionState, SessionConfig, SessionEvent, SessionHandle, SessionTiming,
};
use mt1_monitor::sim::{SimConfig, Simulator};
use std::collections::HashMap;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(20);

pub fn fast_sim_config() -> SimConfig {
    SimConfig {
        heartbeat_ms: 200,
        sockjs_heartbeat: Duration::from_millis(500),
        ..SimConfig::default()
    }
}

pub fn fast_timing() -> SessionTiming {
    SessionTiming {
        heartbeat: Duration::from_millis(200),
        silence_limit: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(3),
        backoff_min: Duration::from_millis(50),
        backoff_max: Duration::from_millis(400),
        periodic_check: Duration::from_millis(700),
        reconnect_margin: Duration::from_secs(600),
        rest_in_flight: 8,
    }
}

pub async fn start_sim(config: SimConfig) -> Simulator {
    Simulator::start(config, 0)
        .await
        .expect("simulator binds loopback")
}

/// Signs in to a simulator account whose password is its username (demo, basic).
pub async fn sign_in(sim: &Simulator, user: &str) -> (Token, User) {
    sign_in_as(sim, user, user).await
}

pub async fn sign_in_as(sim: &Simulator, user: &str, password: &str) -> (Token, User) {
    let client = Mt1Client::new(&sim.base_url()).expect("client");
    let s = client.login(user, password).await.expect("login");
    (s.token, s.user)
}

pub async fn start_session(sim: &Simulator, user: &str) -> SessionHandle {
    start_session_with(sim, user, |_| {}).await
}

/// A session whose configuration `edit` may change first (its history bound, say).
pub async fn start_session_with(
    sim: &Simulator,
    user: &str,
    edit: impl FnOnce(&mut SessionConfig),
) -> SessionHandle {
    start_session_as(sim, user, user, edit).await
}

/// A session of `user` with `password` (kept for the one re-login an expiry allows).
pub async fn start_session_as(
    sim: &Simulator,
    user: &str,
    password: &str,
    edit: impl FnOnce(&mut SessionConfig),
) -> SessionHandle {
    let (token, user_info) = sign_in_as(sim, user, password).await;
    let credentials = Credentials {
        username: user.into(),
        password: password.into(),
    };
    let mut config = SessionConfig {
        timing: fast_timing(),
        ..SessionConfig::new(&sim.base_url(), token, user_info, Some(credentials))
    };
    edit(&mut config);
    session::spawn(config, None, &tokio::runtime::Handle::current()).expect("session starts")
}

/// Everything the listener has been told, folded the way a listener folds it.
#[derive(Default)]
pub struct Seen {
    pub rows: HashMap<mt1_monitor::model::trigger::TriggerKey, std::sync::Arc<TriggerRow>>,
    pub added: usize,
    pub added_per_key: HashMap<mt1_monitor::model::trigger::TriggerKey, usize>,
    pub states: Vec<ConnectionState>,
    pub problems: Vec<String>,
    pub recovered: usize,
    pub renewed: usize,
    pub journal_errors: Vec<String>,
    pub journal_recovered: usize,
    pub mismatches: usize,
    /// Per device channel, the last completeness check: server count, what is here, mismatch.
    pub counts: HashMap<(String, u16), (Option<u64>, u64, bool)>,
    /// How often the link's pulse was said (at most once a second).
    pub link_heard: usize,
    /// "Reading history: read of ~expected", as said (read, expected, done).
    pub progress: Vec<(usize, u64, bool)>,
}

impl Seen {
    pub fn take(&mut self, e: SessionEvent) {
        match e {
            SessionEvent::Triggers(batch) => {
                for t in batch {
                    if t.change == session::Change::Added {
                        self.added += 1;
                        *self.added_per_key.entry(t.row.key.clone()).or_default() += 1;
                    }
                    self.rows.insert(t.row.key.clone(), t.row);
                }
            }
            SessionEvent::Connection(c) => self.states.push(c),
            SessionEvent::LinkHeard(_) => self.link_heard += 1,
            SessionEvent::Problem(p) => self.problems.push(p),
            SessionEvent::Reconciled {
                device_id,
                channel,
                server_count,
                here,
                recovered,
                mismatch,
                ..
            } => {
                self.recovered += recovered;
                self.mismatches += usize::from(mismatch);
                self.counts.insert(
                    (device_id.to_string(), channel),
                    (server_count, here.triggers, mismatch),
                );
            }
            SessionEvent::TokenRenewed(_) => self.renewed += 1,
            SessionEvent::SignInFailed(e) => self.problems.push(format!("sign-in failed: {e}")),
            SessionEvent::JournalError(e) => self.journal_errors.push(e),
            SessionEvent::JournalRecovered { .. } => self.journal_recovered += 1,
            SessionEvent::HistoryProgress {
                read,
                expected,
                done,
            } => self.progress.push((read, expected, done)),
            SessionEvent::Devices(_) => {}
        }
    }

    pub fn live(&self) -> bool {
        matches!(self.states.last(), Some(ConnectionState::Live))
    }
}

/// Reads events until `done` holds; panics with what was seen after `WAIT`.
pub async fn until(
    h: &mut SessionHandle,
    seen: &mut Seen,
    what: &str,
    done: impl Fn(&Seen) -> bool,
) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !done(seen) {
        match tokio::time::timeout_at(deadline, h.events.recv()).await {
            Ok(Some(e)) => seen.take(e),
            Ok(None) => panic!(
                "session ended while waiting for {what}; states {:?}",
                seen.states
            ),
            Err(_) => panic!(
                "timed out waiting for {what}: {} rows, states {:?}, problems {:?}",
                seen.rows.len(),
                seen.states.iter().rev().take(5).collect::<Vec<_>>(),
                seen.problems
            ),
        }
    }
}

/// Drains events for `d` (to prove nothing more arrives).
pub async fn drain_for(h: &mut SessionHandle, seen: &mut Seen, d: Duration) {
    let deadline = tokio::time::Instant::now() + d;
    while let Ok(Some(e)) = tokio::time::timeout_at(deadline, h.events.recv()).await {
        seen.take(e);
    }
}

/// A session on the demo account that is live and subscribed, with its events so far.
pub async fn live_session(sim: &Simulator) -> (SessionHandle, Seen) {
    let mut h = start_session(sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    assert!(sim.wait_subscribed(1, WAIT).await, "subscribed");
    (h, seen)
}

/// A live session of `user` whose journal stage writes to a new journal session in `path`, as
/// in the app; also the journal session's number and its test-only size cap (a "full disk").
pub async fn journaled_session(
    sim: &Simulator,
    path: &std::path::Path,
    user: &str,
    password: &str,
) -> (
    SessionHandle,
    Seen,
    i64,
    std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    let mut journal = Journal::open(path).expect("journal");
    let session = journal
        .new_session(&sim.base_url(), user, None)
        .expect("session");
    let cap = journal.size_cap();
    let handle = start_session_as(sim, user, password, |_| {}).await;
    let mut h = journal::stage::attach(
        handle,
        journal,
        session,
        None,
        &tokio::runtime::Handle::current(),
    );
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live", |s| s.live()).await;
    assert!(sim.wait_subscribed(1, WAIT).await);
    (h, seen, session, cap)
}
