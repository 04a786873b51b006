//! What each live output (a serial port, a TCP listener) has written: one row per Timy line
//! the output wrote, added after the write, so a restart (continued or not) sends what is
//! missing and nothing twice; and whether its reader asked for checksums (`CHK1`), which a
//! reader says once, as to a timer that stays on. An output writes from its own thread, so
//! it has its own connection to the journal (WAL: it never blocks the stage that writes
//! triggers).

use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::JournalError;
use crate::model::time::now_ticks;
use crate::model::timy::{Flag, TimyLine};
use crate::model::trigger::TriggerKey;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS feed_lines (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    output TEXT NOT NULL,
    device_id TEXT NOT NULL,
    channel INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    flag TEXT NOT NULL,
    bib INTEGER,
    alge_channel INTEGER NOT NULL,
    manual INTEGER NOT NULL,
    time TEXT NOT NULL,
    written INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_lines_by_output ON feed_lines(output);
CREATE TABLE IF NOT EXISTS feed_outputs (
    output TEXT PRIMARY KEY,
    checksum INTEGER NOT NULL
);
";

/// One output's written lines (kept per journal session, read for the account's whole
/// journal: a trigger sent by an earlier session is never sent again).
pub struct FeedLines {
    conn: Connection,
    path: PathBuf,
    session_id: i64,
    output: String,
}

fn flag_text(f: Flag) -> &'static str {
    match f {
        Flag::Valid => "valid",
        Flag::Invalid => "invalid",
        Flag::Cleared => "cleared",
    }
}

fn flag_of(s: &str) -> Flag {
    match s {
        "invalid" => Flag::Invalid,
        "cleared" => Flag::Cleared,
        _ => Flag::Valid,
    }
}

impl FeedLines {
    pub fn open(path: &Path, session_id: i64, output: &str) -> Result<Self, JournalError> {
        let sql = |cause| JournalError::Sql {
            path: path.to_owned(),
            cause,
        };
        let conn = Connection::open(path).map_err(sql)?;
        // The stage writes triggers through another connection at the same time.
        conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
            session_id,
            output: output.to_owned(),
        })
    }

    fn sql(&self, cause: rusqlite::Error) -> JournalError {
        JournalError::Sql {
            path: self.path.clone(),
            cause,
        }
    }

    /// Every line this output wrote, in the order written.
    pub fn written(&self) -> Result<Vec<(TriggerKey, TimyLine)>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device_id, channel, timestamp, flag, bib, alge_channel, manual, time
                 FROM feed_lines WHERE output = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params![self.output], |r| {
                let key = TriggerKey {
                    device_id: r.get(0)?,
                    channel: r.get(1)?,
                    timestamp: r.get(2)?,
                };
                let flag: String = r.get(3)?;
                let line = TimyLine {
                    flag: flag_of(&flag),
                    bib: r.get(4)?,
                    channel: r.get(5)?,
                    manual: r.get(6)?,
                    time: r.get(7)?,
                };
                Ok((key, line))
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }

    /// Whether this output's reader asked for checksums (`CHK1`) and has not said `CHK0`.
    pub fn checksum(&self) -> Result<bool, JournalError> {
        self.conn
            .query_row(
                "SELECT checksum FROM feed_outputs WHERE output = ?1",
                params![self.output],
                |r| r.get(0),
            )
            .optional()
            .map(|c| c.unwrap_or(false))
            .map_err(|e| self.sql(e))
    }

    pub fn set_checksum(&self, on: bool) -> Result<(), JournalError> {
        self.conn
            .execute(
                "INSERT INTO feed_outputs (output, checksum) VALUES (?1, ?2)
                 ON CONFLICT (output) DO UPDATE SET checksum = ?2",
                params![self.output, on],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Keeps `lines` as written, in one transaction.
    pub fn keep<'a>(
        &mut self,
        lines: impl IntoIterator<Item = &'a (TriggerKey, TimyLine)>,
    ) -> Result<(), JournalError> {
        let path = &self.path;
        let sql = |cause| JournalError::Sql {
            path: path.clone(),
            cause,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let now = now_ticks();
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO feed_lines (session_id, output, device_id, channel, timestamp,
                     flag, bib, alge_channel, manual, time, written)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(sql)?;
            for (key, line) in lines {
                stmt.execute(params![
                    self.session_id,
                    self.output,
                    key.device_id,
                    key.channel,
                    key.timestamp,
                    flag_text(line.flag),
                    line.bib,
                    line.channel,
                    line.manual,
                    line.time,
                    now
                ])
                .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_lines_and_the_checksum_come_back_per_output_whatever_the_session() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("j.sqlite");
        let key = |ts| TriggerKey {
            device_id: "7".into(),
            channel: 1,
            timestamp: ts,
        };
        let line = |flag, bib| TimyLine {
            flag,
            bib,
            channel: 1,
            manual: false,
            time: "09:00:00.0000".into(),
        };
        let mut a = FeedLines::open(&path, 1, "/dev/ttyUSB0").expect("open");
        let lines = [
            (key(2), line(Flag::Valid, Some(12))),
            (key(1), line(Flag::Invalid, None)),
            (key(2), line(Flag::Cleared, Some(12))),
        ];
        a.keep(&lines).expect("keep");
        let other = FeedLines::open(&path, 1, "tcp:127.0.0.1:7000").expect("open");
        assert!(other.written().expect("read").is_empty());
        let again = FeedLines::open(&path, 1, "/dev/ttyUSB0").expect("open");
        assert_eq!(again.written().expect("read"), lines.to_vec());
        let next_session = FeedLines::open(&path, 2, "/dev/ttyUSB0").expect("open");
        assert_eq!(
            next_session.written().expect("read"),
            lines.to_vec(),
            "a new session sends nothing an earlier one sent"
        );
        assert!(!next_session.checksum().expect("read"));
        next_session.set_checksum(true).expect("keep");
        assert!(again.checksum().expect("read"), "CHK1 kept for the output");
    }
}
