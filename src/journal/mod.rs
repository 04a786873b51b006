//! The local journal: every trigger and every change of one, in SQLite (bundled, WAL), written
//! before it is shown. One database per account, sessions inside. Rows are only ever added: a
//! clear or delete is a new row that `marks` the trigger's first row, so every decision can be
//! audited, and the raw message text is kept with it (tokens never reach this file).

pub mod listing;
mod stage;

pub use stage::attach;

/// A journal session ready to be written: its number, the rows it already holds, and the
/// history bound the session task is to use.
#[derive(Debug)]
pub struct Prepared {
    pub id: i64,
    pub resume: Vec<Arc<TriggerRow>>,
    pub since_ms: Option<i64>,
}

use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
#[cfg(feature = "testing")]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use thiserror::Error;

use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::now_ticks;
use crate::model::trigger::{Bib, BibKind, DeviceId, TriggerFacts, TriggerKey, TriggerKind};
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

/// The cause is part of the text and deliberately not a `source` (a field of that name would
/// be one): error reports that print the chain would otherwise say it twice.
#[derive(Debug, Error)]
pub enum JournalError {
    #[error("journal {path}: {cause}")]
    Sql {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error("journal folder {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("no data folder for this user; set MT1_DATA_DIR")]
    NoDataDir,
    #[error("journal has no session {0}")]
    NoSession(i64),
}

/// A column value this version of mt1-monitor knows (a state or a source); an unknown one
/// (written by a newer version, or damaged) is an error, never silently another value.
fn known<T>(column: usize, text: String, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("unknown value {text:?} (written by a newer mt1-monitor?)").into(),
        )
    })
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

/// `MT1_DATA_DIR` if set, else the platform data dir (e.g. `~/.local/share/mt1-monitor`).
pub fn data_dir() -> Result<PathBuf, JournalError> {
    if let Some(dir) = std::env::var_os("MT1_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("com", "ALGE-Timing", "mt1-monitor")
        .map(|d| d.data_dir().to_owned())
        .ok_or(JournalError::NoDataDir)
}

/// One file per account: `<data>/journal/<username>@<host>.sqlite3`, unsafe characters replaced.
pub fn path_for(data_dir: &Path, server: &str, username: &str) -> PathBuf {
    let host = url::Url::parse(server)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| {
                format!(
                    "{h}{}",
                    u.port().map(|p| format!("_{p}")).unwrap_or_default()
                )
            })
        })
        .unwrap_or_else(|| server.to_owned());
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    data_dir
        .join("journal")
        .join(format!("{}@{}.sqlite3", clean(username), clean(&host)))
}

/// Every journal file in the data dir.
pub fn all_journals(data_dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(data_dir.join("journal"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .collect();
    out.sort();
    out
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

    /// Every trigger of a session in its latest state.
    pub fn rows(&self, session: i64) -> Result<Vec<Arc<TriggerRow>>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device_id, channel, timestamp, state, kind, bib, bib_kind, valid, blocked, falling_edge,
                    time_offset_min, source, received FROM triggers WHERE session_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let flag = |v: Option<i64>| v.map(|b| b != 0);
        let rows = stmt
            .query_map([session], |r| {
                let bib: Option<i64> = r.get(5)?;
                let bib_kind: Option<String> = r.get(6)?;
                Ok(TriggerRow {
                    id: 0,
                    key: key_at(r, 0)?,
                    state: known(3, r.get::<_, String>(3)?, TriggerState::parse)?,
                    facts: TriggerFacts {
                        kind: TriggerKind::from_wire(&r.get::<_, String>(4)?),
                        bib: bib.map(|number| Bib {
                            number,
                            kind: BibKind::from_wire(bib_kind.as_deref().unwrap_or_default()),
                        }),
                        valid: flag(r.get(7)?),
                        blocked: flag(r.get(8)?),
                        falling_edge: flag(r.get(9)?),
                        time_offset_min: r.get(10)?,
                    },
                    source: known(11, r.get::<_, String>(11)?, Source::parse)?,
                    received: r.get(12)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        // The latest row of each key, in order of first appearance; ids are given in that
        // order, as the session's book would have.
        let mut latest: Vec<TriggerRow> = Vec::new();
        let mut at: HashMap<TriggerKey, usize> = HashMap::new();
        for row in rows {
            let mut row = row.map_err(|e| self.sql(e))?;
            match at.get(&row.key) {
                Some(&i) => {
                    row.id = latest[i].id;
                    latest[i] = row;
                }
                None => {
                    row.id = u32::try_from(latest.len()).unwrap_or(u32::MAX);
                    at.insert(row.key.clone(), latest.len());
                    latest.push(row);
                }
            }
        }
        Ok(latest.into_iter().map(Arc::new).collect())
    }

    /// How many rows (events) the journal holds for a session; for audits and tests.
    pub fn event_count(&self, session: i64) -> Result<u64, JournalError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM triggers WHERE session_id = ?1",
                [session],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|n| n.unwrap_or(0) as u64)
            .map_err(|e| self.sql(e))
    }

    /// The message text behind each journaled event of a session, in the order written, with
    /// the trigger it changed: the audit trail (memory keeps no message text, this file does).
    pub fn messages(&self, session: i64) -> Result<Vec<(TriggerKey, String)>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device_id, channel, timestamp, raw FROM triggers WHERE session_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let messages = stmt
            .query_map([session], |r| Ok((key_at(r, 0)?, r.get::<_, String>(3)?)))
            .map_err(|e| self.sql(e))?;
        messages.collect::<Result<_, _>>().map_err(|e| self.sql(e))
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
