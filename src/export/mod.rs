//! CSV export: one writer for `record`, the GUI and the journal export, so every CSV the
//! project writes has the same columns (documented in the README).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

use crate::mt1::time::{format_utc, format_utc_millis};
use crate::mt1::trigger::channel_label;
use crate::session::TriggerRow;

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

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
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

/// The cells of one row, in [`COLUMNS`] order.
pub fn cells(row: &TriggerRow) -> [String; 16] {
    [
        row.key.device_id.clone(),
        channel_label(row.key.channel),
        row.device_time(),
        format_utc(row.key.timestamp),
        row.key.timestamp.to_string(),
        row.time_offset_min.to_string(),
        row.bib
            .as_ref()
            .map_or_else(String::new, |b| b.number.to_string()),
        row.bib
            .as_ref()
            .map_or_else(String::new, |b| b.kind.as_str().to_owned()),
        row.kind.as_str().to_owned(),
        flag(row.valid).into(),
        flag(row.blocked).into(),
        flag(row.falling_edge).into(),
        row.state.as_str().into(),
        row.source.as_str().into(),
        format_utc_millis(row.received),
        row.latency_ms().to_string(),
    ]
}

pub struct TriggerCsv<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> TriggerCsv<W> {
    /// Writes the BOM (if asked) and the header row.
    pub fn new(mut out: W, format: CsvFormat) -> Result<Self, ExportError> {
        if format.bom {
            out.write_all("\u{feff}".as_bytes())
                .map_err(|e| ExportError::Csv(e.to_string()))?;
        }
        let mut inner = csv::WriterBuilder::new()
            .delimiter(format.delimiter)
            .from_writer(out);
        inner.write_record(COLUMNS)?;
        Ok(Self { inner })
    }

    pub fn write(&mut self, row: &TriggerRow) -> Result<(), ExportError> {
        Ok(self.inner.write_record(cells(row))?)
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
    let io = |source| ExportError::Io {
        path: path.to_owned(),
        source,
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
    let mut csv = TriggerCsv::new(BufWriter::with_capacity(1 << 16, file), format)?;
    let mut n = 0;
    for row in rows {
        csv.write(row)?;
        n += 1;
        if n % 10_000 == 0 {
            progress(n);
        }
    }
    let file: File = csv
        .into_inner()?
        .into_inner()
        .map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    progress(n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt1::trigger::decode_message;
    use crate::session::{Source, TriggerBook};

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
        e.row
    }

    #[test]
    fn cells_match_the_documented_columns() {
        let c = cells(&row());
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
        let missing = dir.path().join("no-such-dir").join("x.csv");
        let err =
            write_atomically(&missing, [&r], CsvFormat::STANDARD, &mut |_| {}).expect_err("no dir");
        assert!(err.to_string().contains("no-such-dir"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no temp file left behind");
    }
}
