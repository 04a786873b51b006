//! The MT1 simulator: the same REST and SockJS/STOMP endpoints as ALGE Results, on loopback,
//! with a demo account, a realistic trigger rhythm and faults on demand. Tests start it
//! in-process; `mt1-monitor sim` and `--demo` run it too.

mod http;
mod rhythm;
mod state;
mod ws;

use serde_json::json;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

pub use rhythm::Rhythm;
use state::State;
pub use state::{
    Bounds, ExpiryStyle, HistoryOrder, HistoryReading, QuotaStyle, SimAccount, SimDevice,
    SimTrigger, DEMO_FINISH, DEMO_SPLIT, DEMO_START,
};

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub accounts: Vec<SimAccount>,
    /// STOMP heart-beat the server offers and asks for, in ms (0 = none).
    pub heartbeat_ms: u64,
    /// SockJS `h` frame interval.
    pub sockjs_heartbeat: Duration,
    pub expiry: ExpiryStyle,
    pub quota: QuotaStyle,
    /// Whether an expired token also ends open STOMP sessions with an ERROR (unknown, §11.4).
    pub stomp_error_on_expiry: bool,
    /// Whether ClearTriggers are listed and counted by the REST history (unknown, §11.7).
    pub history_includes_clears: bool,
    /// How history pages and counts read their query (page size, order, bounds, filters).
    pub history: HistoryReading,
    /// Serve https/wss with this configuration (a certificate for `localhost` and 127.0.0.1)
    /// instead of plain http/ws; `base_url` then names `https://localhost:{port}`.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![SimAccount::demo(), SimAccount::basic()],
            heartbeat_ms: 10_000,
            sockjs_heartbeat: Duration::from_secs(25),
            expiry: ExpiryStyle::Http403,
            quota: QuotaStyle::Status9000,
            stomp_error_on_expiry: true,
            history_includes_clears: true,
            history: HistoryReading::default(),
            tls: None,
        }
    }
}

/// What the server pushes to its open sockets.
#[derive(Debug, Clone)]
pub(crate) enum Push {
    /// A STOMP MESSAGE body for subscribers of this device.
    Trigger { device_id: String, body: String },
    /// Text sent as is on every socket (fault injection).
    Raw(String),
    /// Close every socket without a goodbye.
    Drop,
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
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct Simulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl Simulator {
    /// Binds 127.0.0.1:`port` (0 = any free port) and starts serving.
    pub async fn start(config: SimConfig, port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(config.accounts.clone())),
            config,
            pushes: broadcast::channel(1 << 16).0,
        });
        let server = tokio::spawn(http::serve(listener, shared.clone()));
        Ok(Self {
            addr,
            shared,
            tasks: vec![server],
        })
    }

    /// With TLS the address names `localhost`, the name its certificate is made for.
    pub fn base_url(&self) -> String {
        if self.shared.config.tls.is_some() {
            format!("https://localhost:{}", self.addr.port())
        } else {
            format!("http://{}", self.addr)
        }
    }

    /// Fills history with the rhythm's triggers of the last `past` (so a demo opens mid-race)
    /// and returns the rhythm that continues it.
    pub fn seed_history(&self, rhythm: &Rhythm, past: Duration) -> Rhythm {
        rhythm::seed(&self.clone_handle(), rhythm, past)
    }

    /// Starts producing triggers on the demo devices in a race-like rhythm.
    pub fn start_rhythm(&mut self, rhythm: Rhythm) {
        let sim = self.clone_handle();
        self.tasks.push(tokio::spawn(rhythm::run(sim, rhythm)));
    }

    fn clone_handle(&self) -> SimHandle {
        SimHandle {
            shared: self.shared.clone(),
        }
    }

    pub fn handle(&self) -> SimHandle {
        self.clone_handle()
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.shared.pushes.send(Push::Drop);
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl std::ops::Deref for Simulator {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// A cheap handle to drive the simulator (produce triggers, inject faults, read counters).
#[derive(Clone)]
pub struct SimHandle {
    shared: Arc<Shared>,
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

    pub fn drop_connections(&self) {
        let _ = self.pushes.send(Push::Drop);
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
