//! `sessions` and `export`: the journal read back without the GUI.

use crate::export::hand_times::{clock_gap, gap_warning, local_offset_s};
use crate::export::preset::PresetOptions;
use crate::model::correction::Corrections;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

use super::{all_journals, Journal, JournalError, SessionInfo};
use crate::export::package::{deliver, journal_facts, package, Delivered, Papers};
use crate::export::preset::Preset;
use crate::export::{in_trigger_order, write_atomically, CsvFormat, ExportError};
use crate::model::row::TriggerRow;
use crate::session::OutageLog;

#[derive(Debug, Error)]
pub enum ListingError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("no journal in {0}")]
    Empty(PathBuf),
    #[error("no session {0} in any journal")]
    NotFound(i64),
    #[error("session {0} exists in several journals ({1}); name one with --account USER@HOST")]
    Ambiguous(i64, String),
}

/// SessionRef session: the newest one, or an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRef {
    Latest,
    Id(i64),
}

impl std::str::FromStr for SessionRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("latest") {
            return Ok(Self::Latest);
        }
        s.parse()
            .map(Self::Id)
            .map_err(|_| format!("{s:?} is neither `latest` nor a session number"))
    }
}

/// Every session of every journal (optionally only journals whose file name starts with `account`).
pub fn list(
    data_dir: &Path,
    account: Option<&str>,
) -> Result<Vec<(PathBuf, SessionInfo)>, ListingError> {
    let mut out = Vec::new();
    for path in all_journals(data_dir) {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if account.is_some_and(|a| !name.starts_with(&a.replace(':', "_"))) {
            continue;
        }
        let j = Journal::open(&path)?;
        out.extend(j.sessions()?.into_iter().map(|s| (path.clone(), s)));
    }
    Ok(out)
}

/// One session's rows as the journal holds them (final state of each trigger).
pub fn session_rows(
    data_dir: &Path,
    which: SessionRef,
    account: Option<&str>,
) -> Result<(SessionInfo, Vec<Arc<TriggerRow>>), ListingError> {
    let (path, info) = find(data_dir, which, account)?;
    let rows = Journal::open(&path)?.rows(info.id)?;
    Ok((info, rows))
}

/// The journal file that holds a session, and the session.
pub fn find(
    data_dir: &Path,
    which: SessionRef,
    account: Option<&str>,
) -> Result<(PathBuf, SessionInfo), ListingError> {
    let all = list(data_dir, account)?;
    if all.is_empty() {
        return Err(ListingError::Empty(data_dir.join("journal")));
    }
    let (path, info) = match which {
        SessionRef::Latest => all.into_iter().max_by_key(|(_, s)| s.started),
        SessionRef::Id(id) => {
            let hits: Vec<_> = all.into_iter().filter(|(_, s)| s.id == id).collect();
            if hits.len() > 1 {
                let names: Vec<String> =
                    hits.iter().map(|(p, _)| p.display().to_string()).collect();
                return Err(ListingError::Ambiguous(id, names.join(", ")));
            }
            hits.into_iter().next()
        }
    }
    .ok_or(match which {
        SessionRef::Id(id) => ListingError::NotFound(id),
        SessionRef::Latest => ListingError::Empty(data_dir.join("journal")),
    })?;
    Ok((path, info))
}

/// Writes one session's triggers (final state, trigger-time order) to `csv` in the classic
/// columns (`format`), or as `preset` says, with the manifest (and the timing tape if
/// `papers` says); returns the session and what was written.
pub fn export(
    data_dir: &Path,
    which: SessionRef,
    account: Option<&str>,
    csv: &Path,
    format: CsvFormat,
    preset: Option<(&Preset, &PresetOptions)>,
    papers: Papers,
) -> Result<(SessionInfo, Delivered), ListingError> {
    let (path, info) = find(data_dir, which, account)?;
    let journal = Journal::open(&path)?;
    let corrections = Corrections::from_list(journal.corrections(info.id)?);
    // The hand times officials added are rows of the session too.
    let mut rows = journal.rows(info.id)?;
    rows.extend(corrections.hand_rows().into_iter().map(Arc::new));
    // The tape and the jury summary end with the session's pre-race check and trips.
    let lines_of = |kind: &str| -> Result<Vec<String>, JournalError> {
        Ok(journal
            .note(info.id, kind)?
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default())
    };
    // The link's outages as the session kept them while it ran.
    let outages = journal
        .note(info.id, super::notes::OUTAGES)?
        .map(|kept| OutageLog::from_json(&kept))
        .unwrap_or_default();
    let ordered = in_trigger_order(rows.iter().map(|r| &**r));
    let (names, counts) = (HashMap::new(), HashMap::new());
    let name = preset.map_or("classic", |(p, _)| p.name());
    let mut facts = journal_facts(&info.username, &info.server, info.id, name, &names, &counts);
    facts.outages = &outages;
    facts.pre_race = lines_of(super::notes::PRE_RACE_CHECK)?;
    facts.trips = lines_of(super::notes::WATCHDOG_TRIPS)?;
    facts.options = preset.map(|(_, o)| o.clone()).unwrap_or_default();
    facts.options.corrections = corrections;
    // What the official is told besides (`export` is quiet: its log stays in the file).
    let mut notices = Vec::new();
    let mut delivered = match preset {
        Some((p, _)) => {
            if *p == Preset::RaceHorology {
                if let Some(gap) = clock_gap(&ordered, local_offset_s) {
                    tracing::warn!("{}", gap_warning(&gap));
                    notices.push(gap_warning(&gap));
                }
            }
            let notes = facts.options.notes(p);
            facts.notes.extend(notes);
            deliver(csv, p, &ordered, &facts, papers)?
        }
        None => {
            // The classic columns are the devices' values, as `record` writes them: say so
            // where the session has corrections, and where they are.
            let (standing, undone) = facts.options.corrections.counts();
            if standing + undone > 0 {
                let notice = format!(
                    "corrections: {standing} standing, {undone} undone; not in the classic columns (the devices' values): see the timing tape, or export with --preset full"
                );
                facts.notes.push(notice.clone());
                notices.push(notice);
            }
            let n = write_atomically(csv, ordered.iter().copied(), format, &mut |_| {})?;
            let files = vec![(csv.to_owned(), n)];
            package(csv, files, &ordered, &facts, papers)?
        }
    };
    delivered.notices = notices;
    Ok((info, delivered))
}
