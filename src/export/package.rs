//! An export as delivered: the preset's files, the timing tape if asked, and the manifest
//! with the SHA-256 of each, written off the UI thread by the app and by `mt1-monitor export`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::manifest::{ExportFacts, ExportedFile, Manifest, ServerCount};
use super::preset::{write_preset, Preset};
use super::ExportError;
use crate::model::correction::Corrections;
use crate::model::doubles::Doubles;
use crate::model::row::TriggerRow;
use crate::model::time::{device_ticks, WallTime};
use crate::model::trigger::DeviceId;

/// What one export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// Each file and its rows (the preset's files, then the tape).
    pub files: Vec<(PathBuf, usize)>,
    pub manifest: PathBuf,
}

/// Writes `rows` at `base` as `preset` says, the timing tape beside it when `tape` (with the
/// `appendix` lines, e.g. the pre-race check), and the manifest last.
pub fn deliver(
    base: &Path,
    preset: &Preset,
    rows: &[&TriggerRow],
    facts: &ExportFacts<'_>,
    tape: Option<&[String]>,
) -> Result<Delivered, ExportError> {
    let files = write_preset(base, preset, rows, facts.names, &facts.options)?;
    package(base, files, rows, facts, tape)
}

/// The timing tape (when `tape`) and the manifest for the data `files` already written at
/// `base` (a preset's, or the classic CSV).
pub fn package(
    base: &Path,
    mut files: Vec<(PathBuf, usize)>,
    rows: &[&TriggerRow],
    facts: &ExportFacts<'_>,
    tape: Option<&[String]>,
) -> Result<Delivered, ExportError> {
    let hashed = |path: &Path, n: usize| {
        ExportedFile::of(path, n).map_err(|e| ExportError::Csv(e.to_string()))
    };
    // Each file is read and hashed once, the data files before the tape is made.
    let mut exported = files
        .iter()
        .map(|(p, n)| hashed(p, *n))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(appendix) = tape {
        // The tape's completeness section is the manifest's summary of the data files.
        let summary = Manifest::build(facts, rows, exported.clone()).summary();
        let lines: Vec<String> = summary.lines().map(str::to_owned).collect();
        let header = vec![
            format!(
                "mt1-monitor timing tape — {} on {}",
                facts.account, facts.server
            ),
            format!(
                "{} trigger(s) in device-time order (all devices merged), every state included",
                rows.len()
            ),
        ];
        let doubles = Doubles::of(rows.iter().copied(), facts.options.double_within_ms);
        let pdf = super::tape::timing_tape(
            rows,
            facts.names,
            &doubles,
            &page_head(rows, facts),
            &header,
            &lines,
            &[
                correction_lines(&facts.options.corrections, rows),
                appendix.to_vec(),
            ]
            .concat(),
        )
        .map_err(|e| ExportError::Csv(e.to_string()))?;
        let path = tape_path(base);
        super::write_file_atomically(&path, |out| {
            std::io::Write::write_all(out, &pdf).map_err(|cause| ExportError::Write { cause })
        })?;
        exported.push(hashed(&path, rows.len())?);
        files.push((path, rows.len()));
    }
    let manifest = Manifest::build(facts, rows, exported)
        .write(base)
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    Ok(Delivered { files, manifest })
}

/// Every correction and undo, in the order made, for the tape: when, who, what changed on
/// which trigger, why.
fn correction_lines(corrections: &Corrections, rows: &[&TriggerRow]) -> Vec<String> {
    if corrections.list().is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "Corrections (the devices' values are in the rows above)".to_owned(),
    ];
    for c in corrections.list() {
        let at = WallTime::from_ticks(c.at).time_of_day();
        let trigger = rows.iter().find(|r| r.key == c.key).map_or_else(
            || c.key.to_string(),
            |r| format!("{} C{} {}", r.key.device_id, r.key.channel, r.device_time()),
        );
        let what = match c.undoes {
            Some(id) => format!("undid correction #{id}"),
            None => format!(
                "#{} {}: {} -> {}",
                c.id,
                c.fix.kind(),
                c.was.value(),
                c.fix.value()
            ),
        };
        let undone = if corrections.is_undone(c.id) {
            " (undone)"
        } else {
            ""
        };
        lines.push(format!(
            "{at} UTC {}: {what} on {trigger}{undone} - {}",
            c.by, c.reason
        ));
    }
    lines
}

/// The line at the top of every page of the tape: the race's date (the devices' dates of its
/// triggers: first and last when they differ) and the event (account, server, session).
fn page_head(rows: &[&TriggerRow], facts: &ExportFacts<'_>) -> String {
    let dates: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|r| {
            let t = WallTime::from_ticks(device_ticks(r.key.timestamp, r.facts.time_offset_min));
            format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
        })
        .collect();
    let date = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.clone(),
        _ => "no triggers".to_owned(),
    };
    let session = facts
        .journal_session
        .map_or_else(String::new, |s| format!(", session {s}"));
    format!(
        "Race of {date} — {} on {}{session}",
        facts.account, facts.server
    )
}

/// `<stem>.tape.pdf` beside the export.
pub fn tape_path(base: &Path) -> PathBuf {
    let stem = base
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    base.with_file_name(format!("{stem}.tape.pdf"))
}

/// No server counts: what a journal export knows (its outages are set from the journal).
pub fn journal_facts<'a>(
    account: &'a str,
    server: &'a str,
    session: i64,
    preset: &'a str,
    names: &'a HashMap<DeviceId, String>,
    server_counts: &'a HashMap<(DeviceId, u16), ServerCount>,
) -> ExportFacts<'a> {
    ExportFacts {
        account,
        server,
        journal_session: Some(session),
        preset,
        only_shown_rows: false,
        names,
        server_counts,
        outages: &[],
        notes: vec!["exported from the journal: the server's counts are not recorded there".into()],
        options: Default::default(),
    }
}
