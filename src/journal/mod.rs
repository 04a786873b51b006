//! The local journal: every trigger and every change of one, in SQLite (bundled, WAL), written
//! before it is shown. One database per account, sessions inside. Rows are only ever added: a
//! clear or delete is a new row that `marks` the trigger's first row, so every decision can be
//! audited, and the raw message text is kept with it (tokens never reach this file).

pub mod corrections;
mod error;
pub mod feed;
pub mod listing;
pub mod notes;
mod paths;
pub mod read;
pub mod stage;

pub use error::JournalError;
pub use paths::{all_journals, data_dir, path_for};

/// A journal session ready to be written: its number, the rows it already holds, and the
/// history bound the session task is to use.
#[derive(Debug)]
pub struct Prepared {
    pub id: i64,
    pub resume: Vec<Arc<TriggerRow>>,
    pub since_ms: Option<i64>,
}

use rusqlite::{params, Connection};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
#[cfg(feature = "testing")]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::model::row::TriggerRow;
use crate::model::time::now_ticks;
use crate::model::trigger::{DeviceId, TriggerKey};
use crate::session::{Change, TriggerEvent};

// Device ids go to and from SQLite as text, shared again on the way in.
impl rusqlite::ToSql for DeviceId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(
            rusqlite::types::ValueRef::Text(self.as_bytes()),
        ))
    }
}

impl rusqlite::types::FromSql for DeviceId {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        v.as_str().map(DeviceId::intern)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: i64,
    pub server: String,
    pub username: String,
    /// Ticks.
    pub started: i64,
    /// Ticks; `None` while running, or if the process was killed.
    pub ended: Option<i64>,
    pub since_ms: Option<i64>,
    /// Distinct triggers recorded.
    pub triggers: u64,
}

impl SessionInfo {
    /// Not ended cleanly: the process was killed or crashed (or still runs elsewhere).
    pub fn unclean(&self) -> bool {
        self.ended.is_none()
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    server TEXT NOT NULL,
    username TEXT NOT NULL,
    started INTEGER NOT NULL,
    ended INTEGER,
    since_ms INTEGER
);
CREATE TABLE IF NOT EXISTS triggers (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    device_id TEXT NOT NULL,
    channel INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    change TEXT NOT NULL,
    marks INTEGER REFERENCES triggers(id),
    state TEXT NOT NULL,
    kind TEXT NOT NULL,
    bib INTEGER,
    bib_kind TEXT,
    valid INTEGER,
    blocked INTEGER,
    falling_edge INTEGER,
    time_offset_min INTEGER NOT NULL,
    source TEXT NOT NULL,
    via TEXT NOT NULL,
    received INTEGER NOT NULL,
    written INTEGER NOT NULL,
    raw TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS triggers_by_session ON triggers(session_id);
CREATE TABLE IF NOT EXISTS session_notes (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    written INTEGER NOT NULL,
    PRIMARY KEY (session_id, kind)
);
";

pub struct Journal {
    conn: Connection,
    path: PathBuf,
    /// Test-only: the size cap in pages, shared with whoever may change it while a stage owns
    /// the journal (a "full disk" on demand).
    #[cfg(feature = "testing")]
    max_pages: Arc<AtomicU64>,
    #[cfg(feature = "testing")]
    applied_max_pages: u64,
    /// First row id per key of the session being written (what a change `marks`).
    first_rows: HashMap<TriggerKey, i64>,
    first_rows_session: Option<i64>,
}

fn flag(v: Option<bool>) -> Option<i64> {
    v.map(i64::from)
}

impl Journal {
    pub fn open(path: &Path) -> Result<Self, JournalError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|cause| JournalError::Io {
                path: dir.to_owned(),
                cause,
            })?;
        }
        let sql = |cause| JournalError::Sql {
            path: path.to_owned(),
            cause,
        };
        let conn = Connection::open(path).map_err(sql)?;
        // WAL: readers never block the writer. NORMAL: a commit survives the process being
        // killed (only a power cut can lose the last transactions).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
            #[cfg(feature = "testing")]
            max_pages: Arc::new(AtomicU64::new(u64::MAX)),
            #[cfg(feature = "testing")]
            applied_max_pages: u64::MAX,
            first_rows: HashMap::new(),
            first_rows_session: None,
        })
    }

    /// The journal of this account in the data dir.
    pub fn open_for(server: &str, username: &str) -> Result<Self, JournalError> {
        Self::open(&path_for(&data_dir()?, server, username))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, cause: rusqlite::Error) -> JournalError {
        JournalError::Sql {
            path: self.path.clone(),
            cause,
        }
    }

    /// Test-only: a handle on the journal's size cap in pages (`u64::MAX`: none). Past the
    /// cap SQLite fails writes exactly as on a full disk; the handle works while a stage owns
    /// the journal.
    #[cfg(feature = "testing")]
    pub fn size_cap(&self) -> Arc<AtomicU64> {
        self.max_pages.clone()
    }

    #[cfg(feature = "testing")]
    fn apply_size_cap(&mut self) -> Result<(), JournalError> {
        let cap = self.max_pages.load(Ordering::Relaxed);
        if cap != self.applied_max_pages {
            let pages = i64::try_from(cap).unwrap_or(i64::MAX).min(0xFFFF_FFFE);
            self.conn
                .pragma_update(None, "max_page_count", pages)
                .map_err(|e| self.sql(e))?;
            self.applied_max_pages = cap;
        }
        Ok(())
    }

    /// Test-only: the file's size in pages, to cap it at (see `size_cap`).
    #[cfg(feature = "testing")]
    pub fn page_count(&self) -> Result<u64, JournalError> {
        self.conn
            .query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.sql(e))
    }

    pub fn new_session(
        &mut self,
        server: &str,
        username: &str,
        since_ms: Option<i64>,
    ) -> Result<i64, JournalError> {
        self.conn
            .execute(
                "INSERT INTO sessions (server, username, started, since_ms) VALUES (?1, ?2, ?3, ?4)",
                params![server, username, now_ticks(), since_ms],
            )
            .map_err(|e| self.sql(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The session to write to, for `record` and the app alike: `previous` reopened with its
    /// rows (never announced again; its history bound kept, so its gap is read), or a new
    /// session from `since_ms`.
    pub fn continue_or_start(
        &mut self,
        previous: Option<&SessionInfo>,
        server: &str,
        username: &str,
        since_ms: Option<i64>,
    ) -> Result<Prepared, JournalError> {
        match previous {
            Some(p) => {
                self.reopen_session(p.id)?;
                Ok(Prepared {
                    id: p.id,
                    resume: self.rows(p.id)?,
                    since_ms: p.since_ms,
                })
            }
            None => Ok(Prepared {
                id: self.new_session(server, username, since_ms)?,
                resume: Vec::new(),
                since_ms,
            }),
        }
    }

    /// Reopens a session for writing (it counts as running again until ended).
    pub fn reopen_session(&mut self, id: i64) -> Result<(), JournalError> {
        let n = self
            .conn
            .execute("UPDATE sessions SET ended = NULL WHERE id = ?1", [id])
            .map_err(|e| self.sql(e))?;
        if n == 0 {
            return Err(JournalError::NoSession(id));
        }
        Ok(())
    }

    pub fn end_session(&mut self, id: i64) -> Result<(), JournalError> {
        self.conn
            .execute(
                "UPDATE sessions SET ended = ?2 WHERE id = ?1",
                params![id, now_ticks()],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    pub fn sessions(&self) -> Result<Vec<SessionInfo>, JournalError> {
        self.query_sessions("", [])
    }

    pub fn session(&self, id: i64) -> Result<Option<SessionInfo>, JournalError> {
        Ok(self
            .query_sessions("WHERE s.id = ?1", [id])?
            .into_iter()
            .next())
    }

    pub fn latest_session(&self) -> Result<Option<SessionInfo>, JournalError> {
        Ok(self.sessions()?.into_iter().max_by_key(|s| s.id))
    }

    fn query_sessions<P: rusqlite::Params>(
        &self,
        filter: &str,
        p: P,
    ) -> Result<Vec<SessionInfo>, JournalError> {
        let q = format!(
            "SELECT s.id, s.server, s.username, s.started, s.ended, s.since_ms,
                (SELECT COUNT(*) FROM triggers t WHERE t.session_id = s.id AND t.marks IS NULL)
             FROM sessions s {filter} ORDER BY s.id"
        );
        let mut stmt = self.conn.prepare(&q).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(p, |r| {
                Ok(SessionInfo {
                    id: r.get(0)?,
                    server: r.get(1)?,
                    username: r.get(2)?,
                    started: r.get(3)?,
                    ended: r.get(4)?,
                    since_ms: r.get(5)?,
                    triggers: r.get::<_, i64>(6)? as u64,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }

    fn load_first_rows(&mut self, session: i64) -> Result<(), JournalError> {
        if self.first_rows_session == Some(session) {
            return Ok(());
        }
        let mut map = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, device_id, channel, timestamp FROM triggers WHERE session_id = ?1 AND marks IS NULL")
                .map_err(|e| self.sql(e))?;
            let rows = stmt
                .query_map([session], |r| Ok((key_at(r, 1)?, r.get::<_, i64>(0)?)))
                .map_err(|e| self.sql(e))?;
            for row in rows {
                let (k, id) = row.map_err(|e| self.sql(e))?;
                map.insert(k, id);
            }
        }
        self.first_rows = map;
        self.first_rows_session = Some(session);
        Ok(())
    }

    /// Appends the events in one transaction: all of them are durable, or none.
    pub fn append<'a>(
        &mut self,
        session: i64,
        events: impl IntoIterator<Item = &'a TriggerEvent>,
    ) -> Result<usize, JournalError> {
        #[cfg(feature = "testing")]
        self.apply_size_cap()?;
        self.load_first_rows(session)?;
        let tx = self.conn.transaction().map_err(|e| JournalError::Sql {
            path: self.path.clone(),
            cause: e,
        })?;
        let mut added = Vec::new();
        let mut n = 0;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO triggers (session_id, device_id, channel, timestamp, change, marks, state, kind, bib,
                        bib_kind, valid, blocked, falling_edge, time_offset_min, source, via, received, written, raw)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                )
                .map_err(|e| JournalError::Sql { path: self.path.clone(), cause: e })?;
            let written = now_ticks();
            for e in events {
                let r = &e.row;
                let marks = match e.change {
                    Change::Added => None,
                    Change::Updated => self.first_rows.get(&r.key).copied(),
                };
                let change = if marks.is_some() || e.change == Change::Updated {
                    "updated"
                } else {
                    "added"
                };
                stmt.execute(params![
                    session,
                    r.key.device_id,
                    r.key.channel,
                    r.key.timestamp,
                    change,
                    marks,
                    r.state.as_str(),
                    r.facts.kind.as_str(),
                    r.facts.bib.as_ref().map(|b| b.number),
                    r.facts.bib.as_ref().map(|b| b.kind.as_str()),
                    flag(r.facts.valid),
                    flag(r.facts.blocked),
                    flag(r.facts.falling_edge),
                    r.facts.time_offset_min,
                    r.source.as_str(),
                    e.via.as_str(),
                    r.received,
                    written,
                    &*e.message,
                ])
                .map_err(|e| JournalError::Sql {
                    path: self.path.clone(),
                    cause: e,
                })?;
                if marks.is_none() {
                    added.push((r.key.clone(), tx.last_insert_rowid()));
                }
                n += 1;
            }
        }
        tx.commit().map_err(|e| JournalError::Sql {
            path: self.path.clone(),
            cause: e,
        })?;
        // Only after the commit: a failed batch is retried whole and must mark the same rows.
        for (k, id) in added {
            self.first_rows.entry(k).or_insert(id);
        }
        Ok(n)
    }
}

/// A trigger's natural key from three columns (device id, channel, timestamp) from `first` on.
fn key_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<TriggerKey> {
    Ok(TriggerKey {
        device_id: r.get(first)?,
        channel: r.get(first + 1)?,
        timestamp: r.get(first + 2)?,
    })
}
