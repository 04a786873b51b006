//! A session's configuration, made in one place ([`SessionConfig::new`]).

use std::sync::Arc;
use std::time::Duration;

use crate::model::row::TriggerRow;
use crate::mt1::account::{Credentials, Token, User};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceSelection {
    All,
    Only(Vec<String>),
}

/// Timings; the defaults follow the reference (§7.4, §10.2, §10.3, §3.4). Tests shorten them.
#[derive(Debug, Clone)]
pub struct SessionTiming {
    pub heartbeat: Duration,
    /// Silence that means a dead link when the server promised no heart-beats.
    pub silence_limit: Duration,
    pub connect_timeout: Duration,
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    pub periodic_check: Duration,
    /// Reconnect history reads start this long before the link was lost (clock skew margin).
    pub reconnect_margin: Duration,
    /// REST calls in flight at once, at most, for the whole account (history reads of
    /// several channels side by side).
    pub rest_in_flight: usize,
}

impl Default for SessionTiming {
    fn default() -> Self {
        Self {
            heartbeat: Duration::from_secs(10),
            silence_limit: Duration::from_secs(35),
            connect_timeout: Duration::from_secs(20),
            backoff_min: Duration::from_secs(2),
            // Reference §10.3 says 60 s; a finish line wants its link back sooner, and a
            // websocket attempt is not a login (REST keeps its own quota rules).
            backoff_max: Duration::from_secs(30),
            periodic_check: Duration::from_secs(60),
            reconnect_margin: Duration::from_secs(600),
            // Enough to read a day of history in under 5 s over a 150 ms link (BENCHMARKS.md),
            // few enough that the server sees a client, not a crowd. The quota counts calls,
            // not calls at once, so this costs the account nothing.
            rest_in_flight: 8,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub server: String,
    pub token: Token,
    pub user: User,
    /// Kept in memory for the one re-login an expired token allows; `None`: sign out instead.
    pub credentials: Option<Credentials>,
    pub devices: DeviceSelection,
    /// Channels whose history is read (channels seen by push are added).
    pub channels: Vec<u16>,
    /// History lower bound (`timestampFrom_ms`); `None` reads everything the server has.
    pub since_ms: Option<i64>,
    pub timing: SessionTiming,
    /// Triggers already known (a continued session from the journal): never announced again.
    pub resume: Vec<Arc<TriggerRow>>,
}

impl SessionConfig {
    /// The one place a session's configuration is made: a signed-in account with the
    /// defaults (every device, history of channels C0–C3 and any channel push shows, all of
    /// the server's history, the reference's timings, nothing resumed). Callers change what
    /// differs with struct update syntax.
    pub fn new(server: &str, token: Token, user: User, credentials: Option<Credentials>) -> Self {
        Self {
            server: server.to_owned(),
            token,
            user,
            credentials,
            devices: DeviceSelection::All,
            channels: vec![0, 1, 2, 3],
            since_ms: None,
            timing: SessionTiming::default(),
            resume: Vec::new(),
        }
    }
}
