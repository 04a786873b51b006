//! The simulator's state behind one lock, the pushes to its sockets, and the controls tests
//! and the demo drive it with.

use serde_json::json;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

use super::config::SimConfig;
use super::state::{SimTrigger, State};

/// What the server pushes to its open sockets.
#[derive(Debug, Clone)]
pub(crate) enum Push {
    /// A STOMP MESSAGE body for subscribers of this device.
    Trigger { device_id: String, body: String },
    /// Text sent as is on every socket (fault injection).
    Raw(String),
    /// Close every socket without a goodbye.
    Drop,
    /// Every open socket goes silent: it stays open and reads, but sends nothing more (no
    /// heart-beats, no pushes), as a link behind a dropped Wi-Fi or a NAT that forgot it.
    Silence,
    /// Tokens were revoked: sessions whose token is gone get ERROR (if configured) and close.
    TokensExpired,
    /// Benchmark burst: ready-made SockJS frames for subscribers of this device. Shared bytes,
    /// so sending one to a socket copies nothing before the websocket framing.
    Burst {
        device_id: String,
        frames: std::sync::Arc<Vec<tokio_tungstenite::tungstenite::Utf8Bytes>>,
    },
}

/// The simulator's state and its controls (reached through `Simulator` or `SimHandle`).
pub struct Shared {
    pub config: SimConfig,
    state: Mutex<State>,
    pub(crate) pushes: broadcast::Sender<Push>,
    /// The race rhythm holds its impulses (the demo's pre-race check: only presses count).
    rhythm_paused: std::sync::atomic::AtomicBool,
    /// REST requests being answered now, and the most there ever were at once.
    rest_now: std::sync::atomic::AtomicUsize,
    rest_most: std::sync::atomic::AtomicUsize,
}

/// One REST request being answered: counted while it lives.
pub(crate) struct RestCall<'a>(&'a Shared);

impl Drop for RestCall<'_> {
    fn drop(&mut self) {
        self.0
            .rest_now
            .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Shared {
    pub(crate) fn new(config: SimConfig) -> Self {
        Self {
            state: Mutex::new(State::new(config.accounts.clone())),
            config,
            pushes: broadcast::channel(1 << 16).0,
            rhythm_paused: std::sync::atomic::AtomicBool::new(false),
            rest_now: std::sync::atomic::AtomicUsize::new(0),
            rest_most: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// A REST request starts being answered (until the returned guard drops).
    pub(crate) fn rest_call(&self) -> RestCall<'_> {
        use std::sync::atomic::Ordering::Relaxed;
        let now = self.rest_now.fetch_add(1, Relaxed) + 1;
        self.rest_most.fetch_max(now, Relaxed);
        RestCall(self)
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A cheap handle to drive the simulator (produce triggers, inject faults, read counters).
#[derive(Clone)]
pub struct SimHandle {
    shared: Arc<Shared>,
}

impl SimHandle {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }
}

impl std::ops::Deref for SimHandle {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.shared
    }
}

impl Shared {
    fn push_trigger(&self, envelope_type: &str, t: &SimTrigger) {
        let body = json!({ "type": envelope_type, "dto": t.dto(), "entityType": "TriggerDto" })
            .to_string();
        let copies = if self.state().duplicate_pushes { 2 } else { 1 };
        for _ in 0..copies {
            let _ = self.pushes.send(Push::Trigger {
                device_id: t.device_id.clone(),
                body: body.clone(),
            });
        }
    }

    /// A device produces a trigger: stored for history and pushed to subscribers.
    pub fn add_trigger(&self, t: &SimTrigger) {
        self.state()
            .triggers
            .entry(t.device_id.clone())
            .or_default()
            .push(t.clone());
        self.push_trigger("ENTITY_ADD", t);
    }

    /// Someone presses `channel` on a device whose clock is `clock_skew_ms` ahead of true time
    /// (the pre-race check asks for these). Returns the trigger.
    pub fn press(&self, device_id: &str, channel: u16, clock_skew_ms: i64) -> SimTrigger {
        let bib = {
            let state = self.state();
            state.triggers.get(device_id).map_or(0, Vec::len) as i64 + 1
        };
        let at =
            crate::model::time::now_ticks() + clock_skew_ms * crate::model::time::TICKS_PER_MILLI;
        let t = SimTrigger::impulse(device_id, channel, at, bib, "SEQUENTIAL");
        self.add_trigger(&t);
        t
    }

    /// A trigger from before anyone listened: in history only, never pushed.
    pub fn add_past_trigger(&self, t: &SimTrigger) {
        self.state()
            .triggers
            .entry(t.device_id.clone())
            .or_default()
            .push(t.clone());
    }

    /// The operator deletes `t` on the device: a ClearTrigger is produced.
    pub fn clear_trigger(&self, t: &SimTrigger) {
        let clear = t.clearing();
        if self.config.history_includes_clears {
            self.state()
                .triggers
                .entry(t.device_id.clone())
                .or_default()
                .push(clear.clone());
        }
        self.push_trigger("ENTITY_ADD", &clear);
    }

    /// A trigger changed on the device or on ALGE Results (a bib edited): history holds the
    /// new version in place of the old, ENTITY_UPDATE pushed.
    pub fn edit_trigger(&self, t: &SimTrigger) {
        if let Some(list) = self.state().triggers.get_mut(&t.device_id) {
            for x in list.iter_mut().filter(|x| x.key() == t.key()) {
                *x = t.clone();
            }
        }
        self.push_trigger("ENTITY_UPDATE", t);
    }

    /// Deleted on ALGE Results: gone from history, ENTITY_DELETE pushed.
    pub fn delete_trigger(&self, t: &SimTrigger) {
        if let Some(list) = self.state().triggers.get_mut(&t.device_id) {
            list.retain(|x| x.key() != t.key());
        }
        self.push_trigger("ENTITY_DELETE", t);
    }

    /// Pushes `count` triggers on `device_id` channel 1 as fast as the sockets take them (for
    /// benchmarks): the frames are encoded before sending so the simulator is not what is
    /// measured. They are not kept for history.
    pub fn burst(&self, device_id: &str, count: usize) {
        let t0 = crate::model::time::now_ticks();
        let messages: Vec<String> = (0..count)
            .map(|i| {
                let t =
                    SimTrigger::impulse(device_id, 1, t0 + i as i64 * 1000, i as i64, "SEQUENTIAL");
                let body =
                    json!({ "type": "ENTITY_ADD", "dto": t.dto(), "entityType": "TriggerDto" })
                        .to_string();
                crate::mt1::stomp::Frame::new(crate::mt1::stomp::Command::Message)
                    .header("destination", &format!("/topic/device/{device_id}/trigger"))
                    .header("content-type", "application/json")
                    .header("subscription", "sub-0")
                    .header("message-id", &format!("burst-{i}"))
                    .with_body(body)
                    .encode()
            })
            .collect();
        let frames = messages
            .chunks(64)
            .map(|chunk| crate::mt1::sockjs::encode_messages(chunk).into())
            .collect();
        let _ = self.pushes.send(Push::Burst {
            device_id: device_id.to_owned(),
            frames: std::sync::Arc::new(frames),
        });
    }

    /// Sends `text` as one websocket text message on every open socket.
    pub fn send_raw(&self, text: &str) {
        let _ = self.pushes.send(Push::Raw(text.to_owned()));
    }

    /// Holds (or releases) the race rhythm's impulses; presses still go through.
    pub fn pause_rhythm(&self, paused: bool) {
        self.rhythm_paused
            .store(paused, std::sync::atomic::Ordering::Relaxed);
    }

    /// Waits while the rhythm is held.
    pub(crate) async fn rhythm_may_go(&self) {
        while self
            .rhythm_paused
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    pub fn drop_connections(&self) {
        let _ = self.pushes.send(Push::Drop);
    }

    /// Every open socket goes silent (not closed); new connections speak normally.
    pub fn silence_connections(&self) {
        let _ = self.pushes.send(Push::Silence);
    }

    /// Websocket upgrades answer 503 until then.
    pub fn refuse_connections_for(&self, d: Duration) {
        self.state().refuse_until = Some(Instant::now() + d);
    }

    /// Every token stops working (REST answers per `SimConfig::expiry`).
    pub fn expire_tokens(&self) {
        self.state().tokens.clear();
        let _ = self.pushes.send(Push::TokensExpired);
    }

    /// Every REST call, login included, answers "quota" for `d`.
    pub fn quota_for(&self, d: Duration) {
        self.state().quota_until = Some(Instant::now() + d);
    }

    pub fn duplicate_pushes(&self, on: bool) {
        self.state().duplicate_pushes = on;
    }

    pub fn logins(&self) -> u32 {
        self.state().counters.logins
    }

    pub fn login_attempts(&self) -> u32 {
        self.state().counters.login_attempts
    }

    pub fn issued_tokens(&self) -> Vec<String> {
        self.state().counters.issued.clone()
    }

    pub fn websocket_connects(&self) -> u32 {
        self.state().counters.ws_connects
    }

    pub fn rest_calls(&self) -> u32 {
        self.state().counters.rest_calls
    }

    /// The most REST requests the simulator was answering at the same time.
    pub fn most_rest_at_once(&self) -> usize {
        self.rest_most.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn history_pages(&self) -> u32 {
        self.state().counters.history_pages
    }

    /// Sockets with at least one subscription.
    pub fn subscribed_sockets(&self) -> usize {
        self.state()
            .subscribers
            .values()
            .filter(|n| **n > 0)
            .count()
    }

    /// Waits (bounded) until `n` sockets are subscribed; false on time-out.
    pub async fn wait_subscribed(&self, n: usize, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.subscribed_sockets() >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }
}
