//! An export in progress and what became of the last one: the preset's files, the timing
//! tape if asked, and the manifest, written off the UI thread (save dialog, then temporary
//! files renamed into place).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::export::manifest::ExportFacts;
use crate::export::manifest::ServerCount;
use crate::export::package::{deliver, Delivered, Papers};
use crate::export::preset::Preset;
use crate::journal::{notes, Journal};
use crate::model::row::TriggerRow;
use crate::model::trigger::DeviceId;
use crate::session::OutageLog;
use crate::ui::pending::{Pending, Poll};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    Written {
        /// The first file (the others are beside it).
        path: PathBuf,
        rows: usize,
        /// Files written, the manifest not counted.
        files: usize,
    },
    Cancelled,
    /// The save dialog did not open (no desktop portal on Linux, say).
    DialogUnavailable,
    Failed(String),
}

/// A save dialog that answers "no file" sooner than this never opened.
const DIALOG_FAILED_WITHIN: std::time::Duration = std::time::Duration::from_millis(500);

pub struct ExportJob {
    pub progress: Arc<AtomicUsize>,
    pub total: usize,
    done: Pending<ExportOutcome>,
}

#[derive(Default)]
pub struct ExportState {
    pub only_shown: bool,
    /// The export dialog (preset, options, preview) is open.
    pub dialog_open: bool,
    pub job: Option<ExportJob>,
    pub last: Option<ExportOutcome>,
    /// The save dialog could not open once: later exports go straight to the documents
    /// folder instead of failing the same way again (for as long as the app runs; a portal
    /// installed meanwhile is used after a restart).
    pub no_dialog: bool,
}

/// Everything an export needs, owned: it runs on another thread.
pub struct ExportRequest {
    pub rows: Vec<Arc<TriggerRow>>,
    pub preset: Preset,
    /// Race Horology's Start/Ziel and window, the doubles' time.
    pub options: crate::export::preset::PresetOptions,
    /// The timing tape, the jury summary.
    pub papers: Papers,
    /// The pre-race check of this run, for both (empty: the one kept in the journal, if any).
    pub pre_race: Vec<String>,
    /// The session's journal, where an earlier run may have kept its pre-race check.
    pub journal: Option<std::path::PathBuf>,
    pub account: String,
    pub server: String,
    pub journal_session: Option<i64>,
    pub only_shown: bool,
    pub names: HashMap<DeviceId, String>,
    pub server_counts: HashMap<(DeviceId, u16), ServerCount>,
    pub outages: Vec<(i64, Option<i64>)>,
}

fn lines(text: Option<String>) -> Vec<String> {
    text.map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

impl ExportRequest {
    fn deliver(&self, path: &std::path::Path) -> Result<Delivered, String> {
        let rows: Vec<&TriggerRow> = self.rows.iter().map(|r| &**r).collect();
        let journal = self
            .journal
            .as_ref()
            .zip(self.journal_session)
            .and_then(|(path, session)| Journal::open(path).ok().map(|j| (j, session)));
        let note = |kind: &str| {
            let (journal, session) = journal.as_ref()?;
            journal.note(*session, kind).ok().flatten()
        };
        // A continued session's earlier outages are in its journal (this run's too).
        let journalled = note(notes::OUTAGES)
            .map(|kept| OutageLog::from_json(&kept))
            .filter(|kept| kept.len() >= self.outages.len());
        let facts = ExportFacts {
            account: &self.account,
            server: &self.server,
            journal_session: self.journal_session,
            preset: self.preset.name(),
            only_shown_rows: self.only_shown,
            names: &self.names,
            server_counts: &self.server_counts,
            outages: journalled.as_deref().unwrap_or(&self.outages),
            notes: self.options.notes(&self.preset),
            options: self.options.clone(),
            // No check this run: the one the journal kept, if any.
            pre_race: match self.pre_race.is_empty() {
                true => lines(note(notes::PRE_RACE_CHECK)),
                false => self.pre_race.clone(),
            },
            trips: lines(note(notes::WATCHDOG_TRIPS)),
        };
        deliver(path, &self.preset, &rows, &facts, self.papers).map_err(|e| e.to_string())
    }
}

impl ExportState {
    /// Starts `request` to a file chosen in the save dialog, or to `fixed_path` when one is
    /// set (tests, automation, *Save to Documents*).
    pub fn start(
        &mut self,
        request: ExportRequest,
        runtime: &tokio::runtime::Handle,
        fixed_path: Option<PathBuf>,
        repaint: impl Fn() + Send + Sync + 'static,
    ) {
        let progress = Arc::new(AtomicUsize::new(0));
        let (tx, done) = Pending::channel();
        let total = request.rows.len();
        let written = progress.clone();
        let extension = if request.preset.is_lines() {
            "txt"
        } else {
            "csv"
        };
        let suggested = format!(
            "mt1-triggers-{}.{extension}",
            chrono::Local::now().format("%Y%m%d-%H%M")
        );
        runtime.spawn(async move {
            let asked = std::time::Instant::now();
            let path = match fixed_path {
                Some(p) => Some(p),
                None => rfd::AsyncFileDialog::new()
                    .add_filter(extension.to_uppercase(), &[extension])
                    .set_file_name(&suggested)
                    .save_file()
                    .await
                    .map(|h| h.path().to_owned()),
            };
            let outcome = match path {
                // rfd says "no file" both when the official cancels and when no dialog could
                // open (no desktop portal). Nobody cancels a dialog within half a second.
                None if asked.elapsed() < DIALOG_FAILED_WITHIN => ExportOutcome::DialogUnavailable,
                None => ExportOutcome::Cancelled,
                Some(path) => {
                    let job = tokio::task::spawn_blocking(move || {
                        let done = request.deliver(&path);
                        written.store(request.rows.len(), Ordering::Relaxed);
                        done
                    });
                    match job.await {
                        Ok(Ok(d)) => ExportOutcome::Written {
                            path: d.files.first().map(|f| f.0.clone()).unwrap_or(d.manifest),
                            rows: d.files.first().map_or(0, |f| f.1),
                            files: d.files.len(),
                        },
                        Ok(Err(e)) => ExportOutcome::Failed(e),
                        Err(e) => ExportOutcome::Failed(e.to_string()),
                    }
                }
            };
            let _ = tx.send(outcome);
            repaint();
        });
        self.job = Some(ExportJob {
            progress,
            total,
            done,
        });
    }

    /// Checks on a running export (called every frame).
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let outcome = match job.done.poll() {
            Poll::Waiting => return,
            Poll::Done(outcome) => outcome,
            Poll::Stopped => ExportOutcome::Failed(crate::tr!("export-task-stopped")),
        };
        self.no_dialog |= outcome == ExportOutcome::DialogUnavailable;
        self.last = Some(outcome);
        self.job = None;
    }
}
