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
use crate::model::timy::printout;
use crate::model::trigger::DeviceId;

/// The papers an export adds to its data files: the timing tape (with the device printer's
/// view, `--tape-printer`), the one-page jury summary (`--summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Papers {
    pub tape: bool,
    pub printer: bool,
    pub summary: bool,
}

/// What one export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// Each file and its rows (the preset's files, then the tape).
    pub files: Vec<(PathBuf, usize)>,
    pub manifest: PathBuf,
    /// The jury summary, written after the manifest (it holds the files' SHA-256).
    pub summary: Option<PathBuf>,
    /// What the official should be told besides (a command prints them).
    pub notices: Vec<String>,
}

/// Writes `rows` at `base` as `preset` says, the `papers` asked for beside it, and the
/// manifest.
pub fn deliver(
    base: &Path,
    preset: &Preset,
    rows: &[&TriggerRow],
    facts: &ExportFacts<'_>,
    papers: Papers,
) -> Result<Delivered, ExportError> {
    let files = write_preset(base, preset, rows, facts.names, &facts.options)?;
    package(base, files, rows, facts, papers)
}

/// The timing tape, the manifest and the jury summary, as `papers` asks, for the data
/// `files` already written at `base` (a preset's, or the classic CSV).
pub fn package(
    base: &Path,
    mut files: Vec<(PathBuf, usize)>,
    rows: &[&TriggerRow],
    facts: &ExportFacts<'_>,
    papers: Papers,
) -> Result<Delivered, ExportError> {
    let hashed = |path: &Path, n: usize| {
        ExportedFile::of(path, n).map_err(|e| ExportError::Csv(e.to_string()))
    };
    // Each file is read and hashed once, the data files before the tape is made.
    let mut exported = files
        .iter()
        .map(|(p, n)| hashed(p, *n))
        .collect::<Result<Vec<_>, _>>()?;
    if papers.tape {
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
                section(
                    "Corrections (the devices' values are in the rows above)",
                    correction_lines(&facts.options.corrections, rows),
                ),
                match papers.printer {
                    true => section(
                        "Device printer's view (each device's own values, as its printer prints them)",
                        printer_lines(facts, rows),
                    ),
                    false => Vec::new(),
                },
                facts.pre_race.clone(),
                section("Watchdog trips", facts.trips.clone()),
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
    let built = Manifest::build(facts, rows, exported);
    let manifest = built
        .write(base)
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    let summary = match papers.summary {
        true => Some(write_summary(base, &built, rows, facts)?),
        false => None,
    };
    Ok(Delivered {
        files,
        manifest,
        summary,
        notices: Vec::new(),
    })
}

/// The jury's page, from the manifest just written (the files' SHA-256, the counts, the
/// outages) and what the session kept (corrections, trips, the pre-race check).
fn write_summary(
    base: &Path,
    manifest: &Manifest,
    rows: &[&TriggerRow],
    facts: &ExportFacts<'_>,
) -> Result<PathBuf, ExportError> {
    let pdf = super::summary::jury_summary(
        manifest,
        &page_head(rows, facts),
        &correction_lines(&facts.options.corrections, rows),
        &facts.trips,
        &facts.pre_race,
    )
    .map_err(|e| ExportError::Csv(e.to_string()))?;
    let path = summary_path(base);
    super::write_file_atomically(&path, |out| {
        std::io::Write::write_all(out, &pdf).map_err(|cause| ExportError::Write { cause })
    })?;
    Ok(path)
}

/// A titled section of the tape's appendix after a blank line; nothing when it has no lines.
fn section(title: &str, lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        return lines;
    }
    [vec![String::new(), title.to_owned()], lines].concat()
}

/// The device printer's view: each device's lines as its printer prints them (the ALGE
/// line, `c` after a taken-back impulse), device after device.
fn printer_lines(facts: &ExportFacts<'_>, rows: &[&TriggerRow]) -> Vec<String> {
    let devices: std::collections::BTreeSet<&DeviceId> =
        rows.iter().map(|r| &r.key.device_id).collect();
    let mut lines = Vec::new();
    for device in devices {
        let name = facts.names.get(device).map_or("", String::as_str);
        lines.push(String::new());
        lines.push(format!("{device} {name}").trim_end().to_owned());
        lines.extend(printout(rows.iter().copied(), device, None));
    }
    lines
}

/// Every correction and undo, in the order made, for the tape and the jury summary: when,
/// who, what changed on which trigger, why.
fn correction_lines(corrections: &Corrections, rows: &[&TriggerRow]) -> Vec<String> {
    let mut lines = Vec::new();
    for c in corrections.list() {
        let at = WallTime::from_ticks(c.at).time_of_day();
        let trigger = rows.iter().find(|r| r.key == c.key).map_or_else(
            || c.key.to_string(),
            |r| format!("{} C{} {}", r.key.device_id, r.key.channel, r.device_time()),
        );
        let what = match c.undoes {
            Some(id) => format!("undid correction #{id}"),
            None => format!("#{} {}", c.id, c.change()),
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
    beside(base, "tape.pdf")
}

/// `<stem>.summary.pdf` beside the export.
pub fn summary_path(base: &Path) -> PathBuf {
    beside(base, "summary.pdf")
}

fn beside(base: &Path, ending: &str) -> PathBuf {
    let stem = base
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    base.with_file_name(format!("{stem}.{ending}"))
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
        pre_race: Vec::new(),
        trips: Vec::new(),
    }
}
