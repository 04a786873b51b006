//! What a session tells its listener, and what the listener may ask of it: the two channels
//! between the session task and the app (or `record`).

use std::sync::Arc;
use std::time::SystemTime;
use tokio::sync::mpsc;

use super::book::{HereCount, TriggerEvent};
use crate::model::trigger::DeviceId;
use crate::mt1::account::{Credentials, Device, Token};
use crate::mt1::rest::ApiError;

/// The link as the official should see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Live,
    /// Live, but nothing has come for longer than the server promised to send heart-beats:
    /// maybe a link that died without closing. Given up at `lost_at` unless data comes.
    Quiet {
        since: SystemTime,
        lost_at: SystemTime,
    },
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
            Self::Quiet { since, lost_at } => format!(
                "link quiet: nothing heard for {} s; given up in {} s unless data comes",
                now.duration_since(*since).unwrap_or_default().as_secs(),
                secs(lost_at)
            ),
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
        device_id: DeviceId,
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
    /// The live link delivered a frame or a heart-beat (said at most once a second).
    LinkHeard(SystemTime),
    /// A history read is under way: `read` triggers listed so far of about `expected` (what
    /// the server counts in the channels being read); `done` once it has ended. Said at most
    /// a few times a second.
    HistoryProgress {
        read: usize,
        expected: u64,
        done: bool,
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

/// Called after every event so a GUI can repaint; the session never touches UI types.
pub type Notifier = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
pub(crate) struct Emitter {
    tx: mpsc::UnboundedSender<SessionEvent>,
    notify: Option<Notifier>,
}

impl Emitter {
    pub(crate) fn new(tx: mpsc::UnboundedSender<SessionEvent>, notify: Option<Notifier>) -> Self {
        Self { tx, notify }
    }

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
