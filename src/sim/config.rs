//! What a simulator is started with: its accounts, the server's reading of the unsure points,
//! TLS.

use std::sync::Arc;
use std::time::Duration;

use super::state::{ExpiryStyle, HistoryReading, QuotaStyle, SimAccount};

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
    /// Every REST answer this much late (a mobile link to a busy server); the websocket is
    /// not delayed.
    pub rest_delay: Duration,
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
            rest_delay: Duration::ZERO,
        }
    }
}
