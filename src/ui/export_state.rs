//! An export in progress and what became of the last one: the rows are written off the UI
//! thread (save dialog, then a temporary file renamed into place), with progress.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::oneshot;

use crate::export::{write_atomically, CsvFormat};
use crate::model::row::TriggerRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    Written {
        path: PathBuf,
        rows: usize,
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
    done: oneshot::Receiver<ExportOutcome>,
}

#[derive(Default)]
pub struct ExportState {
    pub excel: bool,
    pub only_shown: bool,
    pub job: Option<ExportJob>,
    pub last: Option<ExportOutcome>,
}

impl ExportState {
    /// Starts an export of the table's rows (shown or all) to a file chosen in the save dialog,
    /// or to `fixed_path` when one is set (tests, automation). Runs entirely off the UI thread.
    pub fn start(
        &mut self,
        rows: Vec<Arc<TriggerRow>>,
        runtime: &tokio::runtime::Handle,
        fixed_path: Option<PathBuf>,
        repaint: impl Fn() + Send + Sync + 'static,
    ) {
        let format = if self.excel {
            CsvFormat::EXCEL_EUROPE
        } else {
            CsvFormat::STANDARD
        };
        let progress = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = oneshot::channel();
        let total = rows.len();
        let written = progress.clone();
        let suggested = format!(
            "mt1-triggers-{}.csv",
            chrono::Local::now().format("%Y%m%d-%H%M")
        );
        runtime.spawn(async move {
            let asked = std::time::Instant::now();
            let path = match fixed_path {
                Some(p) => Some(p),
                None => rfd::AsyncFileDialog::new()
                    .add_filter("CSV", &["csv"])
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
                        write_atomically(&path, rows.iter().map(|r| &**r), format, &mut |n| {
                            written.store(n, Ordering::Relaxed)
                        })
                        .map(|n| (path, n))
                    });
                    match job.await {
                        Ok(Ok((path, n))) => ExportOutcome::Written { path, rows: n },
                        Ok(Err(e)) => ExportOutcome::Failed(e.to_string()),
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
            done: rx,
        });
    }

    /// Checks on a running export (called every frame).
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        match job.done.try_recv() {
            Ok(outcome) => {
                self.last = Some(outcome);
                self.job = None;
            }
            Err(oneshot::error::TryRecvError::Empty) => {}
            Err(oneshot::error::TryRecvError::Closed) => {
                self.last = Some(ExportOutcome::Failed(crate::tr!("export-task-stopped")));
                self.job = None;
            }
        }
    }
}
