//! Export presets: the formats downstream tools read. *Full* (every column and the device
//! name), *Excel* (`;`, BOM, decimal comma, times as text plus a number of seconds), *Race
//! Horology* hand-time files (one device time per line, one file per channel, Start or Ziel
//! in the name, inside a window of the day: `hand_times`), *ALGE Timy lines* (the lines a
//! timer prints, one file per device or merged, the device date in the name) and *Custom*
//! (the official's columns, order, separator and time format). Column names and values stay
//! English whatever the app's language: scripts read them.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::hand_times::{role_word, HandTimes};
use super::{ExportError, COLUMNS};
use crate::model::correction::Corrections;
use crate::model::doubles::{Doubles, DEFAULT_WITHIN_MS};
use crate::model::pairs::{pair, PairSpec, Paired};
use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::{device_ticks, WallTime, TICKS_PER_DAY, TICKS_PER_SECOND};
use crate::model::timy::TimyLine;
use crate::model::trigger::{channel_label, DeviceId, TriggerKey, TriggerKind};

/// Every column a preset can write, in the Full order: the classic [`COLUMNS`] with the
/// device name after the device id; the officials' corrections (`bib` and `valid` as
/// corrected, `bib_device` what the device said, `corrected`, `note`); `double` ("double?" for a second impulse within the set
/// time on its channel), `running_time` (on a finish, when start/finish channels are paired),
/// then `seconds_of_day` (Excel's number to calculate with).
pub fn all_columns() -> Vec<&'static str> {
    let mut v = vec![COLUMNS[0], "device_name"];
    v.extend_from_slice(&COLUMNS[1..]);
    v.extend([
        "bib_device",
        "corrected",
        "note",
        "double",
        "running_time",
        "seconds_of_day",
    ]);
    v
}

/// The Full preset's columns: all but Excel's number of seconds.
const FULL_COLUMNS: usize = 22;

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
    /// ALGE Timy lines, one file per device.
    TimyLines,
    /// ALGE Timy lines of every device in one file, in time order.
    TimyMerged,
    Custom(CustomFormat),
}

impl Preset {
    /// The name scripts and `--preset` use.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Excel => "excel",
            Self::RaceHorology => "race-horology",
            Self::TimyLines => "timy",
            Self::TimyMerged => "timy-merged",
            Self::Custom(_) => "custom",
        }
    }

    /// `full`, `excel`, `race-horology`, `timy`, `timy-merged` (a custom preset needs its
    /// columns).
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Full,
            Self::Excel,
            Self::RaceHorology,
            Self::TimyLines,
            Self::TimyMerged,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }

    /// Files of plain lines (no header, no quoting), and their extension.
    pub fn is_lines(&self) -> bool {
        matches!(
            self,
            Self::RaceHorology | Self::TimyLines | Self::TimyMerged
        )
    }

    fn is_timy(&self) -> bool {
        matches!(self, Self::TimyLines | Self::TimyMerged)
    }

    /// Rows that go into the file: Race Horology takes only valid impulses still standing,
    /// inside its window; Timy lines every impulse on an ALGE channel (C0–C9).
    fn keeps(&self, row: &TriggerRow, options: &PresetOptions) -> bool {
        let impulse = row.facts.kind != TriggerKind::Clear;
        match self {
            Self::RaceHorology => {
                impulse
                    && row.state == TriggerState::Active
                    && row.facts.valid != Some(false)
                    && options.hand_times.keeps(row)
            }
            Self::TimyLines | Self::TimyMerged => impulse && row.key.channel <= 9,
            _ => true,
        }
    }
}

/// What the official chose besides the preset: Race Horology's Start/Ziel and window, and
/// the time within which a second impulse on a channel is marked a double.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetOptions {
    pub hand_times: HandTimes,
    pub double_within_ms: u32,
    /// The start/finish channels paired by bib (the running-time column), if chosen.
    pub pairs: Option<PairSpec>,
    /// The officials' corrections: the files carry the corrected values beside the device's.
    pub corrections: Corrections,
}

impl Default for PresetOptions {
    fn default() -> Self {
        Self {
            hand_times: HandTimes::default(),
            double_within_ms: DEFAULT_WITHIN_MS,
            pairs: None,
            corrections: Corrections::default(),
        }
    }
}

impl PresetOptions {
    /// What the manifest says of these choices, so an audit sees what was left out.
    pub fn notes(&self, preset: &Preset) -> Vec<String> {
        let mut notes = vec![format!(
            "double impulses: a second impulse on a channel within {} ms is marked double? (0: none)",
            self.double_within_ms
        )];
        let (standing, undone) = self.corrections.counts();
        if standing + undone > 0 {
            notes.push(format!(
                "corrections: {standing} standing, {undone} undone; bib and valid as corrected, bib_device as the device said (every correction on the timing tape)"
            ));
        }
        if *preset == Preset::RaceHorology {
            let h = &self.hand_times;
            if !h.from.trim().is_empty() || !h.to.trim().is_empty() {
                notes.push(format!(
                    "Race Horology files keep device times from {} to {} only",
                    if h.from.trim().is_empty() {
                        "the start"
                    } else {
                        h.from.trim()
                    },
                    if h.to.trim().is_empty() {
                        "the end"
                    } else {
                        h.to.trim()
                    },
                ));
            }
            for r in &h.roles {
                notes.push(format!(
                    "Race Horology: {} {} written as {}",
                    r.device,
                    channel_label(r.channel),
                    role_word(r.start)
                ));
            }
        }
        notes
    }
}

/// Which rows one file of a preset holds: all, one device channel (Race Horology), one
/// device (Timy lines).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    All,
    Channel(DeviceId, u16),
    Device(DeviceId),
}

impl Part {
    fn holds(&self, row: &TriggerRow) -> bool {
        match self {
            Self::All => true,
            Self::Channel(d, c) => row.key.channel == *c && row.key.device_id == *d,
            Self::Device(d) => row.key.device_id == *d,
        }
    }
}

/// The device date (`YYYY-MM-DD`) of the earliest row: Timy line files carry it in the name.
fn device_date(rows: &[&TriggerRow]) -> String {
    rows.iter()
        .min_by_key(|r| r.key.timestamp)
        .map(|r| {
            let w = WallTime::from_ticks(device_ticks(r.key.timestamp, r.facts.time_offset_min));
            format!("{:04}-{:02}-{:02}", w.year, w.month, w.day)
        })
        .unwrap_or_default()
}

/// The files a preset writes from one base path: one; one per device channel for Race
/// Horology (`<stem>-<device>-C1-Ziel.txt`); one per device for Timy lines
/// (`<stem>-<device>-<date>.txt`), or one merged (`<stem>-<date>.txt`).
fn targets(
    base: &Path,
    preset: &Preset,
    rows: &[&TriggerRow],
    options: &PresetOptions,
) -> Vec<(PathBuf, Part)> {
    if !preset.is_lines() {
        return vec![(base.to_owned(), Part::All)];
    }
    let stem = base
        .file_stem()
        .map_or_else(|| "hand-times".into(), |s| s.to_string_lossy().into_owned());
    let dir = base.parent().unwrap_or(Path::new("."));
    let kept: Vec<&TriggerRow> = rows
        .iter()
        .copied()
        .filter(|r| preset.keeps(r, options))
        .collect();
    let mut parts: Vec<Part> = kept
        .iter()
        .map(|r| match preset {
            Preset::RaceHorology => Part::Channel(r.key.device_id.clone(), r.key.channel),
            Preset::TimyLines => Part::Device(r.key.device_id.clone()),
            _ => Part::All,
        })
        .collect();
    parts.sort();
    parts.dedup();
    parts
        .into_iter()
        .map(|part| {
            let name = match &part {
                Part::Channel(d, c) => format!(
                    "{stem}-{d}-{}-{}.txt",
                    channel_label(*c),
                    role_word(options.hand_times.is_start(d, *c))
                ),
                Part::Device(d) => {
                    format!("{stem}-{d}-{}.txt", device_date(&rows_of(&kept, &part)))
                }
                Part::All => format!("{stem}-{}.txt", device_date(&kept)),
            };
            (dir.join(name), part)
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
    (device, row): (&TriggerRow, &TriggerRow),
    classic: &[String; 16],
    names: &HashMap<DeviceId, String>,
    extra: &Extra<'_>,
    style: TimeStyle,
    excel: bool,
) -> String {
    let Extra {
        doubles,
        paired,
        corrections,
    } = extra;
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
        // A hand time is no device's: it has no device bib, and says it was added.
        "bib_device" if device.source == Source::Hand => String::new(),
        "corrected" if device.source == Source::Hand => "hand".into(),
        "bib_device" => device
            .facts
            .bib_number()
            .map_or_else(String::new, |b| b.to_string()),
        "corrected" if corrections.of(&row.key).is_some() => "yes".into(),
        "corrected" => String::new(),
        "note" => corrections
            .of(&row.key)
            .and_then(|e| e.note.clone())
            .unwrap_or_default(),
        "double" if doubles.is_double(&row.key) => "double?".into(),
        "double" => String::new(),
        "running_time" => match paired.get(&row.key) {
            None | Some(Paired::Started) => String::new(),
            Some(Paired::Time(t)) => {
                let t = Paired::Time(*t).text().unwrap_or_default();
                if excel {
                    text(t.replace('.', ","))
                } else {
                    t
                }
            }
            Some(Paired::TwoStarts) => "two starts?".into(),
            Some(Paired::TwoFinishes) => "two finishes?".into(),
            Some(Paired::FinishFirst) => "finish before start?".into(),
        },
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

/// What a cell may need besides its row: the doubles, the pairs, the corrections.
struct Extra<'a> {
    doubles: &'a Doubles,
    paired: &'a HashMap<TriggerKey, Paired>,
    corrections: &'a Corrections,
}

/// The header and cells of `rows` as `preset` writes them (files of lines have no header;
/// a Timy line is one cell).
fn table(
    preset: &Preset,
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
    options: &PresetOptions,
) -> (Option<Vec<String>>, Vec<Vec<String>>) {
    // What the officials corrected (bib, validity) is what the files say; the device's bib
    // stays beside it.
    let shown: Vec<Cow<'_, TriggerRow>> =
        rows.iter().map(|r| options.corrections.apply(r)).collect();
    let kept = rows
        .iter()
        .zip(&shown)
        .filter(|(_, s)| preset.keeps(s, options));
    let doubles = Doubles::of(rows.iter().copied(), options.double_within_ms);
    let paired = options
        .pairs
        .as_ref()
        .map(|spec| pair(shown.iter().map(|s| s.as_ref()), spec))
        .unwrap_or_default();
    let extra = Extra {
        doubles: &doubles,
        paired: &paired,
        corrections: &options.corrections,
    };
    if preset.is_timy() {
        let lines = kept
            .flat_map(|(_, r)| TimyLine::printed(r, r.key.channel as u8))
            .map(|l| vec![l.text()])
            .collect();
        return (None, lines);
    }
    let (columns, style, excel): (Vec<String>, TimeStyle, bool) = match preset {
        Preset::Excel => (
            all_columns().iter().map(|c| (*c).to_owned()).collect(),
            TimeStyle::Comma4,
            true,
        ),
        Preset::RaceHorology => (vec!["device_time".into()], TimeStyle::Comma4, false),
        Preset::Custom(c) => (c.columns.clone(), c.time, false),
        _ => (
            all_columns()[..FULL_COLUMNS]
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            TimeStyle::Dated4,
            false,
        ),
    };
    let cells = kept
        .map(|(device, r)| {
            let classic = super::cells_of(r);
            columns
                .iter()
                .map(|c| cell(c, (device, r), &classic, names, &extra, style, excel))
                .collect()
        })
        .collect();
    let header = (!preset.is_lines()).then_some(columns);
    (header, cells)
}

/// The first `n` lines as the file will hold them (header first), for the preview.
pub fn preview(
    preset: &Preset,
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
    options: &PresetOptions,
    n: usize,
) -> Vec<Vec<String>> {
    // Files of lines: the first file as it is written (in time order).
    let first_file: Vec<&TriggerRow>;
    let rows = match targets(Path::new("preview"), preset, rows, options).first() {
        Some((_, part)) if preset.is_lines() => {
            first_file = rows_of(rows, part);
            &first_file[..]
        }
        _ => rows,
    };
    let (header, cells) = table(preset, &rows[..rows.len().min(n * 4)], names, options);
    header.into_iter().chain(cells).take(n + 1).collect()
}

/// The rows of one file of lines, in time order.
fn rows_of<'a>(rows: &[&'a TriggerRow], part: &Part) -> Vec<&'a TriggerRow> {
    let mut mine: Vec<&TriggerRow> = rows.iter().copied().filter(|r| part.holds(r)).collect();
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
    options: &PresetOptions,
) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    let mut written = Vec::new();
    // A timer's lines end in CR LF in a file (readable in any editor); Race Horology's in LF.
    let end = if preset.is_timy() { "\r\n" } else { "\n" };
    for (path, part) in targets(base, preset, rows, options) {
        let mine: Vec<&TriggerRow> = if preset.is_lines() {
            rows_of(rows, &part)
        } else {
            rows.to_vec()
        };
        let (header, cells) = table(preset, &mine, names, options);
        let n = cells.len();
        let bom = *preset == Preset::Excel;
        let sep = separator(preset);
        super::write_file_atomically(&path, |out: &mut BufWriter<File>| {
            if bom {
                out.write_all("\u{feff}".as_bytes())
                    .map_err(|cause| ExportError::Write { cause })?;
            }
            let Some(header) = &header else {
                // Plain lines, no quoting.
                for line in &cells {
                    write!(out, "{}{end}", line.join(""))
                        .map_err(|cause| ExportError::Write { cause })?;
                }
                return Ok(());
            };
            let mut w = csv::WriterBuilder::new().delimiter(sep).from_writer(out);
            w.write_record(header)?;
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
        let lines = preview(
            &Preset::RaceHorology,
            &refs,
            &HashMap::new(),
            &PresetOptions::default(),
            5,
        );
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
        let lines = preview(&Preset::Full, &[&r], &names, &PresetOptions::default(), 5);
        assert_eq!(lines[0].len(), 22);
        assert_eq!(lines[0], all_columns()[..22].to_vec());
        let cells = &lines[1];
        assert_eq!(cells.len(), 22, "{cells:?}");
        let at = |name: &str| &cells[all_columns().iter().position(|c| *c == name).unwrap_or(0)];
        assert_eq!(at("device_name"), "Finish");
        assert_eq!(at("bib"), "7");
        assert_eq!(at("state"), "active");
        assert_eq!(at("double"), "");
        let bounce = row(1, 0, 8, TriggerState::Active);
        let mut bounce = bounce;
        bounce.key.timestamp += 2_000_000; // 0.2 s later on the same channel
        let both = preview(
            &Preset::Full,
            &[&r, &bounce],
            &names,
            &PresetOptions::default(),
            5,
        );
        let double = all_columns()
            .iter()
            .position(|c| *c == "double")
            .unwrap_or(0);
        assert_eq!(both[1][double], "");
        assert_eq!(both[2][double], "double?");
        assert!(
            at("device_time").ends_with("12:00:00.1234") && at("device_time").len() == 24,
            "the date too, as the classic columns and record write it: {}",
            at("device_time")
        );
    }

    #[test]
    fn excel_keeps_times_as_text_and_adds_seconds_with_a_decimal_comma() {
        let r = row(1, 61, 7, TriggerState::Active);
        let lines = preview(
            &Preset::Excel,
            &[&r],
            &HashMap::new(),
            &PresetOptions::default(),
            5,
        );
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
            &PresetOptions::default(),
        )
        .expect("write");
        assert_eq!(written.len(), 2);
        let c1 =
            std::fs::read_to_string(dir.path().join("race-231203017-C1-Ziel.txt")).expect("C1");
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
        write_preset(
            &path,
            &Preset::Custom(custom),
            &[&r],
            &HashMap::new(),
            &PresetOptions::default(),
        )
        .expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "bib|device_time\n7|12:00:00.12\n");
    }

    #[test]
    fn timy_lines_per_device_carry_the_date_and_a_clear_after_its_impulse() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut start = row(0, 0, 3, TriggerState::Active);
        start.key.device_id = DeviceId::intern("231203016");
        let rows = [
            row(1, 5, 4, TriggerState::Cleared),
            row(1, 2, 5, TriggerState::Active),
            start,
        ];
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let hand = PresetOptions::default();
        let base = dir.path().join("race.txt");
        let written =
            write_preset(&base, &Preset::TimyLines, &refs, &HashMap::new(), &hand).expect("write");
        assert_eq!(written.len(), 2);
        // 2025-11-30 11:00 UTC, the devices at +60.
        let finish = std::fs::read_to_string(dir.path().join("race-231203017-2025-11-30.txt"))
            .expect("file");
        assert_eq!(
            finish,
            " 0005 C1  12:00:02.1234 00\r\n 0004 C1  12:00:05.1234 00\r\nc0004 C1  12:00:05.1234 00\r\n"
        );
        write_preset(&base, &Preset::TimyMerged, &refs, &HashMap::new(), &hand).expect("write");
        let merged = std::fs::read_to_string(dir.path().join("race-2025-11-30.txt")).expect("file");
        assert_eq!(merged.lines().count(), 4);
        assert!(
            merged.starts_with(" 0003 C0  12:00:00.1234 00\r\n"),
            "{merged}"
        );
    }

    #[test]
    fn race_horology_files_say_start_or_ziel_and_keep_to_the_window() {
        let dir = tempfile::tempdir().expect("tmp");
        let rows = [
            row(0, 0, 1, TriggerState::Active),
            row(0, 600, 2, TriggerState::Active),
            row(1, 30, 1, TriggerState::Active),
        ];
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let mut hand = PresetOptions::default();
        hand.hand_times.from = "12:00:00".into();
        hand.hand_times.to = "12:05".into();
        hand.hand_times.set_start("231203017", 1, true);
        let base = dir.path().join("hand.txt");
        write_preset(&base, &Preset::RaceHorology, &refs, &HashMap::new(), &hand).expect("write");
        let c0 = std::fs::read_to_string(dir.path().join("hand-231203017-C0-Start.txt"))
            .expect("C0 starts by default");
        assert_eq!(c0, "12:00:00,1234\n", "12:10 is outside the window");
        assert!(
            dir.path().join("hand-231203017-C1-Start.txt").exists(),
            "set by the official"
        );
    }

    #[test]
    fn the_running_time_goes_on_the_finish_row_when_channels_are_paired() {
        let start = row(0, 0, 7, TriggerState::Active);
        let finish = row(1, 83, 7, TriggerState::Active);
        let options = PresetOptions {
            pairs: Some(PairSpec {
                start: (DeviceId::intern("231203017"), 0),
                finish: (DeviceId::intern("231203017"), 1),
            }),
            ..PresetOptions::default()
        };
        let lines = preview(
            &Preset::Full,
            &[&start, &finish],
            &HashMap::new(),
            &options,
            5,
        );
        let at = all_columns()
            .iter()
            .position(|c| *c == "running_time")
            .unwrap_or(0);
        assert_eq!(lines[0][at], "running_time");
        assert_eq!(lines[1][at], "");
        assert_eq!(lines[2][at], "1:23.00");
    }
}
