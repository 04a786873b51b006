//! The MT1 simulator: the same REST and SockJS/STOMP endpoints as ALGE Results, on loopback,
//! with a demo account, a realistic trigger rhythm and faults on demand. Tests start it
//! in-process; `mt1-monitor sim` and `--demo` run it too.

mod config;
mod http;
mod rhythm;
mod shared;
mod state;
mod ws;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::SimConfig;
pub use rhythm::Rhythm;
use shared::Push;
pub use shared::{Shared, SimHandle};
pub use state::{
    Bounds, ExpiryStyle, HistoryOrder, HistoryReading, QuotaStyle, SimAccount, SimDevice,
    SimTrigger, DEMO_FINISH, DEMO_SPLIT, DEMO_START,
};

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
        let shared = Arc::new(Shared::new(config));
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
        SimHandle::new(self.shared.clone())
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
