//! Export presets: the formats downstream tools read. *Full* (every column and the device
//! name), *Excel* (`;`, BOM, decimal comma, times as text plus a number of seconds), *Race
//! Horology* hand-time files (one device time per line, one file per channel) and *Custom*
//! (the official's columns, order, separator and time format). Column names and values stay
//! English whatever the app's language: scripts read them.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{ExportError, COLUMNS};
use crate::model::row::TriggerRow;
use crate::model::row::TriggerState;
use crate::model::time::{device_ticks, WallTime, TICKS_PER_DAY, TICKS_PER_SECOND};
use crate::model::trigger::{channel_label, DeviceId, TriggerKind};

/// Every column a preset can write, in the Full order: the classic [`COLUMNS`] with the
/// device name after the device id, then `seconds_of_day` (Excel's number to calculate with).
pub fn all_columns() -> Vec<&'static str> {
    let mut v = vec![COLUMNS[0], "device_name"];
    v.extend_from_slice(&COLUMNS[1..]);
    v.push("seconds_of_day");
    v
}

/// How a time of day is written by a custom preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeStyle {
    /// `12:34:56.7890`
    Dot4,
    /// `12:34:56,7890`
    Comma4,
    /// `12:34:56.78` (truncated, as a timekeeper does)
    Dot2,
    /// `2026-10-04 12:34:56.7890`: the date too, as the classic columns (and `record`)
    /// write it; the Full preset's.
    Dated4,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFormat {
    /// Column names from [`all_columns`], in the order written.
    pub columns: Vec<String>,
    pub separator: char,
    pub time: TimeStyle,
}

impl Default for CustomFormat {
    fn default() -> Self {
        Self {
            columns: ["device_name", "channel", "device_time", "bib", "state"]
                .map(String::from)
                .to_vec(),
            separator: ';',
            time: TimeStyle::Dot4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    Full,
    Excel,
    RaceHorology,
    Custom(CustomFormat),
}

impl Preset {
    /// The name scripts and `--preset` use.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Excel => "excel",
            Self::RaceHorology => "race-horology",
            Self::Custom(_) => "custom",
        }
    }

    /// `full`, `excel`, `race-horology` (a custom preset needs its columns).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "full" => Some(Self::Full),
            "excel" => Some(Self::Excel),
            "race-horology" => Some(Self::RaceHorology),
            _ => None,
        }
    }

    /// Rows that go into the file: Race Horology takes only valid impulses still standing.
    fn keeps(&self, row: &TriggerRow) -> bool {
        match self {
            Self::RaceHorology => {
                row.state == TriggerState::Active
                    && row.facts.kind != TriggerKind::Clear
                    && row.facts.valid != Some(false)
            }
            _ => true,
        }
    }
}

/// The files a preset writes from one base path: one, or one per device channel for Race
/// Horology (`<stem>-<device>-C1.txt`).
fn targets(
    base: &Path,
    preset: &Preset,
    rows: &[&TriggerRow],
) -> Vec<(PathBuf, Option<(DeviceId, u16)>)> {
    if *preset != Preset::RaceHorology {
        return vec![(base.to_owned(), None)];
    }
    let stem = base
        .file_stem()
        .map_or_else(|| "hand-times".into(), |s| s.to_string_lossy().into_owned());
    let dir = base.parent().unwrap_or(Path::new("."));
    let mut channels: Vec<(DeviceId, u16)> = rows
        .iter()
        .filter(|r| preset.keeps(r))
        .map(|r| (r.key.device_id.clone(), r.key.channel))
        .collect();
    channels.sort();
    channels.dedup();
    channels
        .into_iter()
        .map(|(d, c)| {
            let name = format!("{stem}-{d}-{}.txt", channel_label(c));
            (dir.join(name), Some((d, c)))
        })
        .collect()
}

fn time_of_day(ticks: i64, style: TimeStyle) -> String {
    let w = WallTime::from_ticks(ticks);
    let t = w.time_of_day();
    match style {
        TimeStyle::Dot4 => t,
        TimeStyle::Comma4 => t.replacen('.', ",", 1),
        TimeStyle::Dot2 => t[..t.len().saturating_sub(2)].to_owned(),
        TimeStyle::Dated4 => format!("{:04}-{:02}-{:02} {t}", w.year, w.month, w.day),
    }
}

/// One cell of `column` for `row`; `classic` is the row's cells in [`COLUMNS`] order (made
/// once per row, not once per column).
fn cell(
    column: &str,
    row: &TriggerRow,
    classic: &[String; 16],
    names: &HashMap<DeviceId, String>,
    style: TimeStyle,
    excel: bool,
) -> String {
    let local = device_ticks(row.key.timestamp, row.facts.time_offset_min);
    // Excel turns `01:34:56` into a time of day (and drops the fraction): as a formula that
    // yields text it stays what the device said.
    let text = |s: String| if excel { format!("=\"{s}\"") } else { s };
    match column {
        "device_name" => names
            .get(row.key.device_id.as_str())
            .cloned()
            .unwrap_or_default(),
        "device_time" => text(time_of_day(local, style)),
        "seconds_of_day" => {
            let t = local.rem_euclid(TICKS_PER_DAY);
            let s = format!(
                "{}.{:04}",
                t / TICKS_PER_SECOND,
                t % TICKS_PER_SECOND / 1000
            );
            if excel {
                s.replace('.', ",")
            } else {
                s
            }
        }
        "utc_time" | "received_utc" if excel => {
            let i = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
            text(classic[i].clone())
        }
        other => match COLUMNS.iter().position(|c| *c == other) {
            Some(i) => classic[i].clone(),
            None => String::new(),
        },
    }
}

/// The header and cells of `rows` as `preset` writes them (Race Horology has no header).
fn table(
    preset: &Preset,
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
) -> (Option<Vec<String>>, Vec<Vec<String>>) {
    let (columns, style, excel): (Vec<String>, TimeStyle, bool) = match preset {
        Preset::Full => (
            all_columns()[..17]
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            TimeStyle::Dated4,
            false,
        ),
        Preset::Excel => (
            all_columns().iter().map(|c| (*c).to_owned()).collect(),
            TimeStyle::Comma4,
            true,
        ),
        Preset::RaceHorology => (vec!["device_time".into()], TimeStyle::Comma4, false),
        Preset::Custom(c) => (c.columns.clone(), c.time, false),
    };
    let cells = rows
        .iter()
        .filter(|r| preset.keeps(r))
        .map(|r| {
            let classic = super::cells_of(r);
            columns
                .iter()
                .map(|c| cell(c, r, &classic, names, style, excel))
                .collect()
        })
        .collect();
    let header = (*preset != Preset::RaceHorology).then_some(columns);
    (header, cells)
}

/// The first `n` lines as the file will hold them (header first), for the preview.
pub fn preview(
    preset: &Preset,
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
    n: usize,
) -> Vec<Vec<String>> {
    // Race Horology: the first file as it is written (one device channel, in time order).
    let first_file: Vec<&TriggerRow>;
    let rows = match targets(Path::new("preview"), preset, rows).first() {
        Some((_, Some(channel))) => {
            first_file = rows_of(rows, channel);
            &first_file[..]
        }
        _ => rows,
    };
    let (header, cells) = table(preset, &rows[..rows.len().min(n * 4)], names);
    header.into_iter().chain(cells).take(n + 1).collect()
}

/// One device channel's rows, in time order (a Race Horology file).
fn rows_of<'a>(
    rows: &[&'a TriggerRow],
    (device, channel): &(DeviceId, u16),
) -> Vec<&'a TriggerRow> {
    let mut mine: Vec<&TriggerRow> = rows
        .iter()
        .copied()
        .filter(|r| r.key.channel == *channel && r.key.device_id == *device)
        .collect();
    mine.sort_by_key(|r| r.key.timestamp);
    mine
}

fn separator(preset: &Preset) -> u8 {
    match preset {
        Preset::Excel => b';',
        Preset::Custom(c) if c.separator.is_ascii() => c.separator as u8,
        _ => b',',
    }
}

/// Writes the rows the way `preset` says: each file to a temporary file renamed into place.
/// Returns each file written with its number of data rows.
pub fn write_preset(
    base: &Path,
    preset: &Preset,
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    let mut written = Vec::new();
    for (path, channel) in targets(base, preset, rows) {
        let mine: Vec<&TriggerRow> = match &channel {
            Some(channel) => rows_of(rows, channel),
            None => rows.to_vec(),
        };
        let (header, cells) = table(preset, &mine, names);
        let n = cells.len();
        let bom = *preset == Preset::Excel;
        let sep = separator(preset);
        super::write_file_atomically(&path, |out: &mut BufWriter<File>| {
            if bom {
                out.write_all("\u{feff}".as_bytes())
                    .map_err(|cause| ExportError::Write { cause })?;
            }
            if header.is_none() {
                // Race Horology: plain lines, no quoting.
                for line in &cells {
                    writeln!(out, "{}", line.join(""))
                        .map_err(|cause| ExportError::Write { cause })?;
                }
                return Ok(());
            }
            let mut w = csv::WriterBuilder::new().delimiter(sep).from_writer(out);
            if let Some(h) = &header {
                w.write_record(h)?;
            }
            for line in &cells {
                w.write_record(line)?;
            }
            w.flush().map_err(|cause| ExportError::Write { cause })?;
            Ok(())
        })?;
        written.push((path, n));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::{Source, TriggerRow, TriggerState};
    use crate::model::trigger::{Bib, BibKind, TriggerFacts, TriggerKey, TriggerKind};

    fn row(channel: u16, seconds: i64, bib: i64, state: TriggerState) -> TriggerRow {
        // 11:00:00 UTC + seconds, the device one hour ahead: 12:00:00 on its clock.
        let timestamp = 17_645_004_000_000_000 + seconds * TICKS_PER_SECOND + 1_234_000;
        TriggerRow {
            id: 0,
            key: TriggerKey {
                device_id: DeviceId::intern("231203017"),
                channel,
                timestamp,
            },
            facts: TriggerFacts {
                time_offset_min: 60,
                kind: TriggerKind::StartNumber,
                bib: Some(Bib {
                    number: bib,
                    kind: BibKind::Manual,
                }),
                valid: Some(true),
                blocked: None,
                falling_edge: None,
            },
            state,
            source: Source::Push,
            received: timestamp + 20_000,
        }
    }

    #[test]
    fn the_race_horology_preview_is_its_first_file_as_written() {
        // The table's order: newest first, both channels mixed.
        let rows = [
            row(1, 30, 3, TriggerState::Active),
            row(0, 20, 2, TriggerState::Active),
            row(1, 10, 1, TriggerState::Active),
            row(0, 0, 0, TriggerState::Active),
        ];
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let lines = preview(&Preset::RaceHorology, &refs, &HashMap::new(), 5);
        // The first file is C0's, oldest first: 12:00:00 then 12:00:20.
        assert_eq!(
            lines,
            vec![
                vec!["12:00:00,1234".to_owned()],
                vec!["12:00:20,1234".to_owned()]
            ]
        );
    }

    #[test]
    fn full_has_every_column_in_order_with_the_device_name() {
        let names: HashMap<DeviceId, String> =
            [(DeviceId::intern("231203017"), "Finish".into())].into();
        let r = row(1, 0, 7, TriggerState::Active);
        let lines = preview(&Preset::Full, &[&r], &names, 5);
        assert_eq!(lines[0].len(), 17);
        assert_eq!(lines[0], all_columns()[..17].to_vec());
        let cells = &lines[1];
        assert_eq!(cells.len(), 17, "{cells:?}");
        let at = |name: &str| &cells[all_columns().iter().position(|c| *c == name).unwrap_or(0)];
        assert_eq!(at("device_name"), "Finish");
        assert_eq!(at("bib"), "7");
        assert_eq!(at("state"), "active");
        assert!(
            at("device_time").ends_with("12:00:00.1234") && at("device_time").len() == 24,
            "the date too, as the classic columns and record write it: {}",
            at("device_time")
        );
    }

    #[test]
    fn excel_keeps_times_as_text_and_adds_seconds_with_a_decimal_comma() {
        let r = row(1, 61, 7, TriggerState::Active);
        let lines = preview(&Preset::Excel, &[&r], &HashMap::new(), 5);
        let at = |name: &str| {
            lines[1][all_columns().iter().position(|c| *c == name).unwrap_or(0)].clone()
        };
        assert_eq!(at("device_time"), "=\"12:01:01,1234\"");
        assert_eq!(at("seconds_of_day"), "43261,1234");
    }

    #[test]
    fn race_horology_writes_one_file_per_channel_with_valid_standing_impulses() {
        let dir = tempfile::tempdir().expect("tmp");
        let rows = [
            row(1, 2, 7, TriggerState::Active),
            row(1, 1, 8, TriggerState::Active),
            row(1, 3, 9, TriggerState::Cleared),
            row(0, 4, 10, TriggerState::Active),
        ];
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let written = write_preset(
            &dir.path().join("race.txt"),
            &Preset::RaceHorology,
            &refs,
            &HashMap::new(),
        )
        .expect("write");
        assert_eq!(written.len(), 2);
        let c1 = std::fs::read_to_string(dir.path().join("race-231203017-C1.txt")).expect("C1");
        assert_eq!(
            c1, "12:00:01,1234\n12:00:02,1234\n",
            "sorted, the cleared one left out"
        );
    }

    #[test]
    fn custom_writes_the_chosen_columns_in_order_with_its_separator() {
        let custom = CustomFormat {
            columns: vec!["bib".into(), "device_time".into()],
            separator: '|',
            time: TimeStyle::Dot2,
        };
        let r = row(1, 0, 7, TriggerState::Active);
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("c.csv");
        write_preset(&path, &Preset::Custom(custom), &[&r], &HashMap::new()).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "bib|device_time\n7|12:00:00.12\n");
    }
}
