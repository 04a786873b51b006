//! What the monitor keeps with its journal session besides triggers — the armed watchdogs and
//! the pre-race check's report — written and read off the UI thread.

use std::path::{Path, PathBuf};

use crate::ui::pending::Pending;

use crate::journal::{notes, Journal};
use crate::model::watchdog::WatchdogRule;

/// Keeps the armed watchdogs with the session; a failure is logged (the rules stay armed).
pub fn save_rules(
    runtime: &tokio::runtime::Handle,
    journal: &Path,
    session: i64,
    rules: Vec<WatchdogRule>,
) {
    let path = journal.to_owned();
    runtime.spawn_blocking(move || {
        let saved = serde_json::to_string(&rules)
            .map_err(|e| e.to_string())
            .and_then(|json| {
                Journal::open(&path)
                    .and_then(|j| j.set_note(session, notes::WATCHDOGS, &json))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = saved {
            tracing::warn!("watchdogs not kept with the session: {e}");
        }
    });
}

/// Adds watchdog trips to the session's (every run's, for the jury summary); a failure is
/// logged.
pub fn add_trips(
    runtime: &tokio::runtime::Handle,
    journal: &Path,
    session: i64,
    trips: Vec<String>,
) {
    let path = journal.to_owned();
    runtime.spawn_blocking(move || {
        let added = Journal::open(&path).and_then(|j| {
            let mut all = j.note(session, notes::WATCHDOG_TRIPS)?.unwrap_or_default();
            for t in &trips {
                all.push_str(t);
                all.push('\n');
            }
            j.set_note(session, notes::WATCHDOG_TRIPS, &all)
        });
        if let Err(e) = added {
            tracing::warn!("watchdog trips not kept with the session: {e}");
        }
    });
}

/// The watchdogs a continued session had armed (none if it had none or they cannot be read).
pub fn load_rules(
    runtime: &tokio::runtime::Handle,
    journal: &Path,
    session: i64,
) -> Pending<Vec<WatchdogRule>> {
    let path = journal.to_owned();
    Pending::spawn_blocking(
        runtime,
        move || {
            Journal::open(&path)
                .and_then(|j| j.note(session, notes::WATCHDOGS))
                .map_err(|e| e.to_string())
                .and_then(|body| match body {
                    None => Ok(Vec::new()),
                    Some(json) => serde_json::from_str(&json).map_err(|e| e.to_string()),
                })
                .unwrap_or_else(|e| {
                    tracing::warn!("the session's watchdogs could not be read: {e}");
                    Vec::new()
                })
        },
        || {},
    )
}

/// Keeps the pre-race check's report with the session and as a text file beside the journal
/// (`reports/pre-race-check-<session>-<time>.txt`), ready to print.
pub fn save_report(
    runtime: &tokio::runtime::Handle,
    journal: Option<&Path>,
    session: Option<i64>,
    report: String,
) -> Pending<Result<PathBuf, String>> {
    let journal = journal.map(Path::to_owned);
    Pending::spawn_blocking(
        runtime,
        move || {
            (|| {
                let journal = journal.ok_or_else(|| crate::tr!("pre-race-no-journal"))?;
                let dir = journal.parent().unwrap_or(Path::new(".")).join("reports");
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                let file = dir.join(format!(
                    "pre-race-check-{}-{}.txt",
                    session.unwrap_or(0),
                    chrono::Local::now().format("%Y%m%d-%H%M%S")
                ));
                std::fs::write(&file, &report).map_err(|e| format!("{}: {e}", file.display()))?;
                if let Some(s) = session {
                    Journal::open(&journal)
                        .and_then(|j| j.set_note(s, notes::PRE_RACE_CHECK, &report))
                        .map_err(|e| e.to_string())?;
                }
                Ok(file)
            })()
        },
        || {},
    )
}
