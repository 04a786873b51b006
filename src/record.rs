//! Headless `record`: sign in, follow the live session, append every change to a CSV as it
//! happens (flushed per row, so a crash loses nothing written), and at the end rewrite the file
//! atomically with one row per trigger in its final state, in trigger-time order.

use std::collections::HashMap;
use std::fs::File;
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};
use thiserror::Error;

use crate::export::{write_atomically, CsvFormat, ExportError, TriggerCsv};
use crate::mt1::account::{Credentials, MISSING_ROLE_WARNING};
use crate::mt1::rest::{ApiError, Mt1Client};
use crate::mt1::trigger::{channel_label, TriggerKey};
use crate::session::{
    self, ConnectionState, DeviceSelection, SessionConfig, SessionEvent, SessionTiming, TriggerRow,
};

#[derive(Debug, Clone)]
pub struct RecordOptions {
    pub server: String,
    pub credentials: Credentials,
    pub csv: PathBuf,
    pub devices: DeviceSelection,
    pub since_ms: Option<i64>,
    pub duration: Option<Duration>,
    pub timing: SessionTiming,
}

#[derive(Debug, Error)]
pub enum RecordError {
    #[error("sign-in failed: {0}")]
    SignIn(#[from] ApiError),
    #[error("{MISSING_ROLE_WARNING}")]
    MissingRole,
    #[error("{0}")]
    Export(#[from] ExportError),
    #[error("the session ended: {0}")]
    SignedOut(String),
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RecordSummary {
    pub triggers: usize,
    pub recovered: usize,
    pub problems: usize,
}

/// Rows in the order a timekeeper reads them: trigger time, then device and channel.
pub fn sorted_rows(rows: &HashMap<TriggerKey, TriggerRow>) -> Vec<&TriggerRow> {
    let mut out: Vec<&TriggerRow> = rows.values().collect();
    out.sort_by(|a, b| {
        (a.key.timestamp, &a.key.device_id, a.key.channel).cmp(&(
            b.key.timestamp,
            &b.key.device_id,
            b.key.channel,
        ))
    });
    out
}

struct Recorder {
    live: Option<TriggerCsv<File>>,
    rows: HashMap<TriggerKey, TriggerRow>,
    summary: RecordSummary,
    signed_out: Option<String>,
}

impl Recorder {
    fn take(&mut self, event: SessionEvent) {
        match event {
            SessionEvent::Trigger(t) => {
                let r = &t.row;
                tracing::info!(
                    "{:?} {} {} {} bib {} {} ({})",
                    t.change,
                    r.key.device_id,
                    channel_label(r.key.channel),
                    r.device_time(),
                    r.bib.as_ref().map_or_else(
                        || "-".into(),
                        |b| format!("{} {}", b.number, b.kind.as_str())
                    ),
                    r.state.as_str(),
                    t.via.as_str()
                );
                if let Some(csv) = &mut self.live {
                    // A failed append is loud but loses nothing: the final rewrite has every row.
                    if let Err(e) = csv.write(r).and_then(|()| csv.flush()) {
                        tracing::error!("CSV append failed, triggers kept in memory: {e}");
                        self.summary.problems += 1;
                    }
                }
                self.rows.insert(r.key.clone(), t.row);
            }
            SessionEvent::Connection(state) => {
                tracing::info!("connection: {}", state.describe(SystemTime::now()));
                if let ConnectionState::SignedOut { reason } = state {
                    self.signed_out = Some(reason);
                }
            }
            SessionEvent::Problem(p) => {
                self.summary.problems += 1;
                tracing::warn!("{p}");
            }
            SessionEvent::Devices(d) => {
                let names: Vec<String> = d.iter().map(|d| d.label()).collect();
                tracing::info!("following {} device(s): {}", d.len(), names.join(", "));
            }
            SessionEvent::Reconciled {
                device_id,
                channel,
                server_count,
                recovered,
                ..
            } => {
                self.summary.recovered += recovered;
                if recovered > 0 {
                    tracing::info!(
                        "{device_id} {}: {recovered} trigger(s) recovered from history",
                        channel_label(channel)
                    );
                }
                tracing::debug!("{device_id} C{channel}: server count {server_count:?}");
            }
            SessionEvent::TokenRenewed(_) => {}
        }
    }
}

/// Signs in, records until `duration` passes or `shutdown` resolves, then rewrites the CSV.
pub async fn run(
    opts: RecordOptions,
    shutdown: impl Future<Output = ()>,
) -> Result<RecordSummary, RecordError> {
    let client = Mt1Client::new(&opts.server)?;
    let signed_in = client
        .login(&opts.credentials.username, &opts.credentials.password)
        .await?;
    if !signed_in.user.is_timekeeper() {
        return Err(RecordError::MissingRole);
    }
    tracing::info!(
        "signed in as {} (token not shown)",
        opts.credentials.username
    );
    let file = File::create(&opts.csv).map_err(|source| ExportError::Io {
        path: opts.csv.clone(),
        source,
    })?;
    let mut rec = Recorder {
        live: Some(TriggerCsv::new(file, CsvFormat::STANDARD)?),
        rows: HashMap::new(),
        summary: RecordSummary::default(),
        signed_out: None,
    };
    let config = SessionConfig {
        server: opts.server.clone(),
        token: signed_in.token,
        user: signed_in.user,
        credentials: Some(opts.credentials.clone()),
        devices: opts.devices.clone(),
        channels: vec![0, 1, 2, 3],
        since_ms: opts.since_ms,
        timing: opts.timing.clone(),
    };
    let mut handle = session::spawn(config, None, &tokio::runtime::Handle::current())?;
    let deadline = opts.duration.map(|d| tokio::time::Instant::now() + d);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            event = handle.events.recv() => match event {
                Some(e) => rec.take(e),
                None => break,
            },
            () = &mut shutdown => break,
            () = async { match deadline { Some(d) => tokio::time::sleep_until(d).await, None => std::future::pending().await } } => break,
        }
        if rec.signed_out.is_some() {
            break;
        }
    }
    let mut rest = handle.shutdown().await;
    while let Ok(e) = rest.try_recv() {
        rec.take(e);
    }
    rec.live = None; // close the append handle before the rename replaces the file
    let n = write_atomically(
        &opts.csv,
        sorted_rows(&rec.rows),
        CsvFormat::STANDARD,
        &mut |_| {},
    )?;
    rec.summary.triggers = n;
    tracing::info!("wrote {n} trigger(s) to {}", opts.csv.display());
    match rec.signed_out {
        Some(reason) => Err(RecordError::SignedOut(reason)),
        None => Ok(rec.summary),
    }
}
