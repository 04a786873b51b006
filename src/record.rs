//! Headless `record`: sign in, follow the live session, append every change to a CSV as it
//! happens (flushed per row, so a crash loses nothing written), and at the end rewrite the file
//! atomically with one row per trigger in its final state, in trigger-time order.

use std::collections::HashMap;
use std::fs::File;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use thiserror::Error;

use crate::export::{in_trigger_order, write_atomically, CsvFormat, ExportError, TriggerCsv};
use crate::feed::{self, FeedConfig, FeedJournal};
use crate::journal::{self, Journal, JournalError};
use crate::model::row::TriggerRow;
use crate::model::trigger::{channel_label, TriggerKey};
use crate::mt1::account::{Credentials, MISSING_ROLE_WARNING};
use crate::mt1::rest::{ApiError, Mt1Client};
use crate::session::{
    self, ConnectionState, DeviceSelection, SessionConfig, SessionEvent, SessionTiming,
    TriggerEvent,
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
    /// Continue the account's latest journal session (its triggers are not announced again,
    /// the gap since it stopped is read from history) instead of starting a new one.
    pub continue_session: bool,
    /// Live Timy outputs for timing software (none by default).
    pub feed: FeedConfig,
}

/// Causes are `source`s, never repeated in the text: `main` prints the chain once (`{:#}`).
#[derive(Debug, Error)]
pub enum RecordError {
    /// The server address cannot be used (before any sign-in).
    #[error("the server cannot be used")]
    Server(#[source] ApiError),
    #[error("sign-in failed")]
    SignIn(#[source] ApiError),
    #[error("{MISSING_ROLE_WARNING}")]
    MissingRole,
    #[error(transparent)]
    Export(ExportError),
    #[error("the session ended: {0}")]
    SignedOut(String),
    #[error("the journal cannot be used (set MT1_DATA_DIR to a writable folder)")]
    Journal(#[source] JournalError),
}

impl From<ExportError> for RecordError {
    fn from(e: ExportError) -> Self {
        Self::Export(e)
    }
}

impl From<JournalError> for RecordError {
    fn from(e: JournalError) -> Self {
        Self::Journal(e)
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RecordSummary {
    pub triggers: usize,
    pub recovered: usize,
    pub problems: usize,
}

struct Recorder {
    live: Option<TriggerCsv<File>>,
    rows: HashMap<TriggerKey, Arc<TriggerRow>>,
    summary: RecordSummary,
    signed_out: Option<String>,
}

impl Recorder {
    fn take_trigger(&mut self, t: TriggerEvent) {
        let r = &t.row;
        tracing::info!(
            "{:?} {} {} {} bib {} {} ({})",
            t.change,
            r.key.device_id,
            channel_label(r.key.channel),
            r.device_time(),
            r.facts.bib.as_ref().map_or_else(
                || "-".into(),
                |b| format!("{} {}", b.number, b.kind.as_str())
            ),
            r.state.as_str(),
            t.via.as_str()
        );
        let written = self.live.as_mut().map(|csv| csv.write(r));
        self.check_append(written);
        self.rows.insert(t.row.key.clone(), t.row);
    }

    /// A failed append is loud but loses nothing: the final rewrite has every row.
    fn check_append(&mut self, result: Option<Result<(), ExportError>>) {
        if let Some(Err(e)) = result {
            tracing::error!("CSV append failed, triggers kept in memory: {e}");
            self.summary.problems += 1;
        }
    }

    fn take(&mut self, event: SessionEvent) {
        match event {
            SessionEvent::Triggers(batch) => {
                batch.into_iter().for_each(|t| self.take_trigger(t));
                // Flushed per batch: each websocket message's rows reach the file together.
                let flushed = self.live.as_mut().map(|csv| csv.flush());
                self.check_append(flushed);
            }
            SessionEvent::Connection(state) => {
                tracing::info!("connection: {}", state.describe(SystemTime::now()));
                // Headless, no one can answer a sign-in prompt: end with the reason.
                if let ConnectionState::SignedOut { reason }
                | ConnectionState::SignInNeeded { reason } = state
                {
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
            SessionEvent::JournalError(e) => {
                self.summary.problems += 1;
                tracing::error!("journal not writing — triggers kept in memory and retried: {e}");
            }
            SessionEvent::LinkHeard(_) | SessionEvent::HistoryProgress { .. } => {}
            SessionEvent::JournalRecovered { written } => {
                tracing::warn!("journal writes again; {written} held trigger event(s) written");
            }
            SessionEvent::Reconciled {
                device_id,
                channel,
                server_count,
                here,
                mismatch,
                recovered,
                ..
            } => {
                if mismatch {
                    tracing::warn!(
                        "{device_id} {}: server counts {server_count:?}, here {} (records {})",
                        channel_label(channel),
                        here.triggers,
                        here.records
                    );
                }
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
            SessionEvent::SignInFailed(e) => tracing::warn!("sign-in failed: {e}"),
        }
    }
}

/// Signs in, records until `duration` passes or `shutdown` resolves, then rewrites the CSV.
pub async fn run(
    opts: RecordOptions,
    shutdown: impl Future<Output = ()>,
) -> Result<RecordSummary, RecordError> {
    let client = Mt1Client::new(&opts.server).map_err(RecordError::Server)?;
    let signed_in = client
        .login(&opts.credentials.username, &opts.credentials.password)
        .await
        .map_err(RecordError::SignIn)?;
    if !signed_in.user.is_timekeeper() {
        return Err(RecordError::MissingRole);
    }
    tracing::info!(
        "signed in as {} (token not shown)",
        opts.credentials.username
    );
    let file = File::create(&opts.csv).map_err(|cause| ExportError::Io {
        path: opts.csv.clone(),
        cause,
    })?;
    let mut rec = Recorder {
        live: Some(TriggerCsv::new(file, CsvFormat::STANDARD)?),
        rows: HashMap::new(),
        summary: RecordSummary::default(),
        signed_out: None,
    };
    let (journal, session_id, resume, since_ms) = open_journal(&opts)?;
    let feed_journal = FeedJournal {
        path: journal.path().to_owned(),
        session: session_id,
    };
    let fed = resume.clone();
    for row in &resume {
        rec.rows.insert(row.key.clone(), row.clone());
    }
    let config = SessionConfig {
        devices: opts.devices.clone(),
        since_ms,
        timing: opts.timing.clone(),
        resume,
        ..SessionConfig::new(
            &opts.server,
            signed_in.token,
            signed_in.user,
            Some(opts.credentials.clone()),
        )
    };
    let runtime = tokio::runtime::Handle::current();
    let handle = session::spawn(config, None, &runtime).map_err(RecordError::Server)?;
    let handle = journal::stage::attach(handle, journal, session_id, None, &runtime);
    let (mut handle, feed) = feed::attach(
        handle,
        opts.feed.clone(),
        Some(feed_journal),
        &fed,
        None,
        &runtime,
    );
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
    for output in feed.board.snapshot() {
        tracing::info!("{}", output.describe());
    }
    rec.live = None; // close the append handle before the rename replaces the file
    let n = write_atomically(
        &opts.csv,
        in_trigger_order(rec.rows.values().map(|r| &**r)),
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

/// The rows of the journal session being continued (none for a new one).
type Resumed = Vec<Arc<TriggerRow>>;

/// Opens the account's journal and either continues its latest session or starts a new one.
fn open_journal(opts: &RecordOptions) -> Result<(Journal, i64, Resumed, Option<i64>), RecordError> {
    let username = &opts.credentials.username;
    let mut journal = Journal::open_for(&opts.server, username)?;
    let latest = journal.latest_session()?;
    if let Some(prev) = latest.as_ref().filter(|p| p.unclean()) {
        let what = if opts.continue_session {
            "its gap is read from history now"
        } else {
            "use --continue to continue it and fill the gap from history"
        };
        tracing::warn!(
            "journal session {} did not end cleanly (the recorder was killed or crashed); {what}",
            prev.id
        );
    }
    let picked = latest.filter(|_| opts.continue_session);
    let prepared =
        journal.continue_or_start(picked.as_ref(), &opts.server, username, opts.since_ms)?;
    if picked.is_some() {
        tracing::info!(
            "continuing journal session {} with {} trigger(s)",
            prepared.id,
            prepared.resume.len()
        );
    }
    tracing::info!(
        "journal {} session {}",
        journal.path().display(),
        prepared.id
    );
    Ok((journal, prepared.id, prepared.resume, prepared.since_ms))
}
