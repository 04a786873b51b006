//! CSV export: one writer for `record`, the GUI and the journal export, so every CSV the
//! project writes has the same columns (documented in the README).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

use crate::model::row::TriggerRow;
use crate::model::time::{device_ticks, push_wall_time};

pub mod hand_times;
pub mod manifest;
pub mod package;
pub mod preset;
pub mod summary;
pub mod tape;

/// Rows in the order a timekeeper reads them: trigger time, then device and channel (the
/// order of `record`'s final file and of a journal export).
pub fn in_trigger_order<'a>(rows: impl IntoIterator<Item = &'a TriggerRow>) -> Vec<&'a TriggerRow> {
    let mut out: Vec<&TriggerRow> = rows.into_iter().collect();
    out.sort_by(|a, b| {
        (a.key.timestamp, &a.key.device_id, a.key.channel).cmp(&(
            b.key.timestamp,
            &b.key.device_id,
            b.key.channel,
        ))
    });
    out
}

pub const COLUMNS: [&str; 16] = [
    "device_id",
    "channel",
    "device_time",
    "utc_time",
    "timestamp_100ns",
    "time_offset_min",
    "bib",
    "bib_kind",
    "trigger_type",
    "valid",
    "blocked",
    "falling_edge",
    "state",
    "source",
    "received_utc",
    "latency_ms",
];

/// Delimiter and byte-order mark. Excel in European locales wants `;` and a UTF-8 BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFormat {
    pub delimiter: u8,
    pub bom: bool,
}

impl CsvFormat {
    pub const STANDARD: Self = Self {
        delimiter: b',',
        bom: false,
    };
    pub const EXCEL_EUROPE: Self = Self {
        delimiter: b';',
        bom: true,
    };
}

/// The cause is part of the text and deliberately not a `source` (a field of that name would
/// be one): error reports that print the chain would otherwise say it twice.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("cannot write {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// Writing failed where the writer has no path to name (the BOM of a stream).
    #[error("cannot write the file: {cause}")]
    Write { cause: std::io::Error },
    #[error("CSV: {0}")]
    Csv(String),
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        Self::Csv(e.to_string())
    }
}

fn flag(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

fn push_int(b: &mut Vec<u8>, n: impl itoa::Integer) {
    b.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends the row's cells to `b`, in [`COLUMNS`] order, recording where each one ends. One
/// buffer for the whole row: exporting a million rows allocates next to nothing.
fn push_cells(row: &TriggerRow, b: &mut Vec<u8>, ends: &mut [usize; 16]) {
    let mut k = 0;
    let mut end = |b: &mut Vec<u8>| {
        ends[k] = b.len();
        k += 1;
    };
    b.extend_from_slice(row.key.device_id.as_bytes());
    end(b);
    b.push(b'C');
    push_int(b, row.key.channel);
    end(b);
    push_wall_time(
        b,
        device_ticks(row.key.timestamp, row.facts.time_offset_min),
        b' ',
        4,
        false,
    );
    end(b);
    push_wall_time(b, row.key.timestamp, b'T', 4, true);
    end(b);
    push_int(b, row.key.timestamp);
    end(b);
    push_int(b, row.facts.time_offset_min);
    end(b);
    if let Some(bib) = &row.facts.bib {
        push_int(b, bib.number);
    }
    end(b);
    if let Some(bib) = &row.facts.bib {
        b.extend_from_slice(bib.kind.as_str().as_bytes());
    }
    end(b);
    b.extend_from_slice(row.facts.kind.as_str().as_bytes());
    end(b);
    for f in [row.facts.valid, row.facts.blocked, row.facts.falling_edge] {
        b.extend_from_slice(flag(f).as_bytes());
        end(b);
    }
    b.extend_from_slice(row.state.as_str().as_bytes());
    end(b);
    b.extend_from_slice(row.source.as_str().as_bytes());
    end(b);
    push_wall_time(b, row.received, b'T', 3, true);
    end(b);
    push_int(b, row.latency_ms());
    end(b);
}

/// The cells of one row, in [`COLUMNS`] order (the presets and the tests read them so).
pub fn cells_of(row: &TriggerRow) -> [String; 16] {
    let (mut b, mut ends) = (Vec::new(), [0; 16]);
    push_cells(row, &mut b, &mut ends);
    let mut start = 0;
    ends.map(|e| {
        let cell = String::from_utf8_lossy(&b[start..e]).into_owned();
        start = e;
        cell
    })
}

pub struct TriggerCsv<W: Write> {
    inner: csv::Writer<W>,
    scratch: Vec<u8>,
}

impl<W: Write> TriggerCsv<W> {
    /// Writes the BOM (if asked) and the header row.
    pub fn new(mut out: W, format: CsvFormat) -> Result<Self, ExportError> {
        if format.bom {
            out.write_all("\u{feff}".as_bytes())
                .map_err(|cause| ExportError::Write { cause })?;
        }
        let mut inner = csv::WriterBuilder::new()
            .delimiter(format.delimiter)
            .from_writer(out);
        inner.write_record(COLUMNS)?;
        Ok(Self {
            inner,
            scratch: Vec::with_capacity(256),
        })
    }

    pub fn write(&mut self, row: &TriggerRow) -> Result<(), ExportError> {
        let mut ends = [0; 16];
        self.scratch.clear();
        push_cells(row, &mut self.scratch, &mut ends);
        let mut start = 0;
        for e in ends {
            // write_field quotes a cell only if it needs it (a server string with a comma).
            self.inner.write_field(&self.scratch[start..e])?;
            start = e;
        }
        Ok(self.inner.write_record(None::<&[u8]>)?)
    }

    pub fn flush(&mut self) -> Result<(), ExportError> {
        self.inner
            .flush()
            .map_err(|e| ExportError::Csv(e.to_string()))
    }

    pub fn into_inner(self) -> Result<W, ExportError> {
        self.inner
            .into_inner()
            .map_err(|e| ExportError::Csv(e.to_string()))
    }
}

/// Writes `rows` to a temporary file beside `path`, syncs it and renames it over `path`, so a
/// reader never sees half a file and a failure leaves the old file as it was.
/// `progress` is called with the number of rows written so far, every 10 000 rows and at the end.
pub fn write_atomically<'a>(
    path: &Path,
    rows: impl IntoIterator<Item = &'a TriggerRow>,
    format: CsvFormat,
    progress: &mut dyn FnMut(usize),
) -> Result<usize, ExportError> {
    let mut n = 0;
    write_file_atomically(path, |out| {
        let mut csv = TriggerCsv::new(out, format)?;
        for row in rows {
            csv.write(row)?;
            n += 1;
            if n % 10_000 == 0 {
                progress(n);
            }
        }
        csv.flush()
    })?;
    progress(n);
    Ok(n)
}

/// Runs `write` on a temporary file beside `path`, syncs it and renames it over `path`.
pub fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let io = |cause| ExportError::Io {
        path: path.to_owned(),
        cause,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".mt1-export-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    let file = tmp.reopen().map_err(io)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    let file: File = out.into_inner().map_err(|e| io(e.into_error()))?;
    // The temp file is private (0600); an export is meant to be shared like any document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    file.sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::Source;
    use crate::mt1::trigger::decode_message;
    use crate::session::TriggerBook;

    fn row() -> TriggerRow {
        let body = r#"{"type":"ENTITY_ADD","dto":{"deviceId":"231203016","timestamp":17911336041234567,"timeOffset":180,"timingChannel":"C1","type":"StartNumberTrigger","startNumber":{"startNumber":1604,"type":"SEQUENTIAL"},"valid":true,"blocked":false,"fallingEdge":true}}"#;
        let mut book = TriggerBook::new();
        let e = book
            .apply(
                decode_message(body.as_bytes()).expect("fixture"),
                Source::Push,
                17_911_336_041_234_567 + 1_500_000,
            )
            .expect("added");
        (*e.row).clone()
    }

    #[test]
    fn cells_match_the_documented_columns() {
        let c = cells_of(&row());
        let by_name: std::collections::HashMap<_, _> = COLUMNS.iter().zip(c.iter()).collect();
        assert_eq!(by_name[&"channel"], "C1");
        assert_eq!(by_name[&"device_time"], "2026-10-04 20:06:44.1234");
        assert_eq!(by_name[&"utc_time"], "2026-10-04T17:06:44.1234Z");
        assert_eq!(by_name[&"timestamp_100ns"], "17911336041234567");
        assert_eq!(by_name[&"bib"], "1604");
        assert_eq!(by_name[&"bib_kind"], "SEQUENTIAL");
        assert_eq!(by_name[&"state"], "active");
        assert_eq!(by_name[&"received_utc"], "2026-10-04T17:06:44.273Z");
        assert_eq!(by_name[&"latency_ms"], "150");
    }

    #[test]
    fn fast_cells_agree_with_the_reference_formatting() {
        use crate::model::time::{format_device_time, format_utc, format_utc_millis};
        let r = row();
        let c = cells_of(&r);
        assert_eq!(
            c[2],
            format_device_time(r.key.timestamp, r.facts.time_offset_min)
        );
        assert_eq!(c[3], format_utc(r.key.timestamp));
        assert_eq!(c[14], format_utc_millis(r.received));
    }

    #[test]
    fn a_server_string_with_a_delimiter_is_quoted() {
        let mut r = row();
        r.facts.kind = crate::model::trigger::TriggerKind::Other("Odd,Trigger \"x\"".into());
        let mut csv = TriggerCsv::new(Vec::new(), CsvFormat::STANDARD).expect("header");
        csv.write(&r).expect("row");
        let text = String::from_utf8(csv.into_inner().expect("bytes")).expect("utf8");
        let back: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(&back[0][8], "Odd,Trigger \"x\"");
    }

    #[test]
    fn excel_format_has_bom_and_semicolons() {
        let mut csv = TriggerCsv::new(Vec::new(), CsvFormat::EXCEL_EUROPE).expect("header");
        csv.write(&row()).expect("row");
        let bytes = csv.into_inner().expect("bytes");
        let text = String::from_utf8(bytes).expect("utf8");
        assert!(text.starts_with("\u{feff}device_id;channel;device_time;"));
        assert!(text.contains("231203016;C1;2026-10-04 20:06:44.1234;"));
    }

    #[test]
    fn atomic_write_replaces_the_file_and_a_failure_keeps_the_old_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("race.csv");
        std::fs::write(&path, "old").expect("seed");
        let r = row();
        let mut seen = Vec::new();
        let n = write_atomically(&path, [&r, &r], CsvFormat::STANDARD, &mut |n| seen.push(n))
            .expect("written");
        assert_eq!((n, seen), (2, vec![2]));
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.lines().count(), 3);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o644,
                "an export is readable like any document"
            );
        }
        let missing = dir.path().join("no-such-dir").join("x.csv");
        let err =
            write_atomically(&missing, [&r], CsvFormat::STANDARD, &mut |_| {}).expect_err("no dir");
        assert!(err.to_string().contains("no-such-dir"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no temp file left behind");
    }
}
