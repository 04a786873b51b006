//! The session task: one account's live connection, owned by a tokio task that talks to its
//! listener (the GUI, `record`) only through channels. It subscribes first, then reconciles
//! history; heart-beats; treats silence as a dead link; reconnects with backoff and jitter;
//! and hands every trigger over exactly once (later changes arrive as changes).

mod backoff;
pub mod book;
mod completeness;
mod gate;
mod reconcile;
mod task;

use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::model::row::TriggerRow;
use crate::mt1::account::{Credentials, Device, Token, User};
use crate::mt1::rest::{ApiError, Mt1Client};
pub use book::{Change, TriggerBook, TriggerEvent};

/// The link as the official should see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Live,
    Reconnecting {
        retry_at: SystemTime,
        attempt: u32,
    },
    /// The API quota was hit: REST is quiet until `until`; push may still be live.
    QuotaPaused {
        until: SystemTime,
        push_live: bool,
    },
    /// The token is dead and no saved password could renew it: the session waits, its book
    /// and journal intact, for the official to sign in again ([`SessionHandle::sign_in`]);
    /// then it reconnects and reads the gap from history.
    SignInNeeded {
        reason: String,
    },
    SignedOut {
        reason: String,
    },
    Stopped,
}

impl ConnectionState {
    /// One line for a status bar or a log, relative to `now`.
    pub fn describe(&self, now: SystemTime) -> String {
        let secs = |t: &SystemTime| t.duration_since(now).unwrap_or_default().as_secs();
        match self {
            Self::Connecting => "connecting…".into(),
            Self::Live => "live".into(),
            Self::Reconnecting { retry_at, attempt } => {
                format!("link lost, reconnecting in {} s (attempt {attempt})", secs(retry_at))
            }
            Self::QuotaPaused { until, push_live } => format!(
                "API quota reached: history paused for {} s{}; missed triggers are recovered afterwards",
                secs(until),
                if *push_live { ", live triggers continue" } else { "" }
            ),
            Self::SignInNeeded { reason } => format!(
                "sign-in needed ({reason}); after signing in, missed triggers are read from history"
            ),
            Self::SignedOut { reason } => format!("signed out: {reason}"),
            Self::Stopped => "stopped".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum SessionEvent {
    /// New triggers and changes, in arrival order: one batch per websocket message or
    /// history page (one channel send and one wake-up of the listener per batch, not per
    /// trigger: at bursts the wake-ups cost more than the triggers).
    Triggers(Vec<TriggerEvent>),
    Connection(ConnectionState),
    Devices(Vec<Device>),
    /// A history read or count check of one device channel finished.
    Reconciled {
        device_id: String,
        channel: u16,
        /// What the server counts (with the session's lower time bound).
        server_count: Option<u64>,
        /// What the session holds for the same channel and time range.
        here: HereCount,
        /// The server count matches neither reading of what is here, even after a history read.
        mismatch: bool,
        fetched: usize,
        recovered: usize,
    },
    /// Something went wrong that the official should know; the session goes on.
    Problem(String),
    /// The token was renewed by the one permitted re-login; store it instead of the old one.
    TokenRenewed(Token),
    /// A sign-in asked for with [`SessionHandle::sign_in`] failed; the session still waits.
    SignInFailed(ApiError),
    /// The local journal stopped taking writes; triggers are kept in memory and retried.
    JournalError(String),
    /// The journal takes writes again; `written` held events were caught up.
    JournalRecovered {
        written: usize,
    },
}

/// Triggers held for one device channel, in both readings of what the server may count (the
/// reference is unsure whether ClearTriggers are counted): distinct triggers, and records
/// with each ClearTrigger counted too. Deleted triggers are left out of both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HereCount {
    pub triggers: u64,
    pub records: u64,
}

impl HereCount {
    pub fn matches(&self, server: u64) -> bool {
        server == self.triggers || server == self.records
    }
}

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

/// Called after every event so a GUI can repaint; the session never touches UI types.
pub type Notifier = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
pub(crate) struct Emitter {
    tx: mpsc::UnboundedSender<SessionEvent>,
    notify: Option<Notifier>,
}

impl Emitter {
    pub(crate) fn emit(&self, event: SessionEvent) {
        if self.tx.send(event).is_ok() {
            if let Some(n) = &self.notify {
                n();
            }
        }
    }
}

/// What the listener may ask of a running session.
#[derive(Debug)]
pub(crate) enum SessionCommand {
    SignIn(Credentials),
    ReconnectNow,
}

pub struct SessionHandle {
    pub events: mpsc::UnboundedReceiver<SessionEvent>,
    stop: watch::Sender<bool>,
    commands: mpsc::UnboundedSender<SessionCommand>,
    task: JoinHandle<()>,
    /// Tasks between the session and the listener (the journal); they end after it.
    stages: Vec<JoinHandle<()>>,
}

impl SessionHandle {
    /// Asks the task to close the link and end; events already sent stay readable.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Answers [`ConnectionState::SignInNeeded`]: one login with these credentials. Success
    /// shows as [`SessionEvent::TokenRenewed`] and the link coming back; failure as
    /// [`SessionEvent::SignInFailed`].
    pub fn sign_in(&self, credentials: Credentials) {
        let _ = self.commands.send(SessionCommand::SignIn(credentials));
    }

    /// Skips the wait before the next reconnect attempt (the link's backoff only: REST stays
    /// under the quota rules).
    pub fn reconnect_now(&self) {
        let _ = self.commands.send(SessionCommand::ReconnectNow);
    }

    /// Stops and waits for the task and its stages to end.
    pub async fn shutdown(mut self) -> mpsc::UnboundedReceiver<SessionEvent> {
        self.stop();
        self.finished().await;
        self.events
    }

    /// Waits until the task and its stages have ended (after `stop` or a sign-out).
    pub async fn finished(&mut self) {
        let _ = (&mut self.task).await;
        for s in &mut self.stages {
            let _ = s.await;
        }
    }

    /// Puts a stage between the session and its listener. `stage` is given the events the
    /// listener would have read and returns the channel the listener reads from now on, and
    /// the task that runs it (awaited after the session, so it can finish its work).
    pub fn insert_stage(
        &mut self,
        stage: impl FnOnce(
            mpsc::UnboundedReceiver<SessionEvent>,
        ) -> (mpsc::UnboundedReceiver<SessionEvent>, JoinHandle<()>),
    ) {
        let (_, closed) = mpsc::unbounded_channel();
        let input = std::mem::replace(&mut self.events, closed);
        let (events, task) = stage(input);
        self.events = events;
        self.stages.push(task);
    }
}

/// Starts the session task on `runtime`.
pub fn spawn(
    config: SessionConfig,
    notify: Option<Notifier>,
    runtime: &tokio::runtime::Handle,
) -> Result<SessionHandle, ApiError> {
    let client = Mt1Client::new(&config.server)?;
    let (tx, events) = mpsc::unbounded_channel();
    let (stop, stop_rx) = watch::channel(false);
    let (commands, commands_rx) = mpsc::unbounded_channel();
    let emitter = Emitter { tx, notify };
    let task = runtime.spawn(task::run(config, client, emitter, stop_rx, commands_rx));
    Ok(SessionHandle {
        events,
        stop,
        commands,
        task,
        stages: Vec::new(),
    })
}
