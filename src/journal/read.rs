//! Reading a journal back: a session's rows in their latest state (to continue or export it),
//! and its audit trail.

use rusqlite::OptionalExtension;
use std::collections::HashMap;
use std::sync::Arc;

use super::{key_at, Journal, JournalError};
use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::trigger::{Bib, BibKind, TriggerFacts, TriggerKey, TriggerKind};

impl Journal {
    /// Every trigger of a session in its latest state.
    pub fn rows(&self, session: i64) -> Result<Vec<Arc<TriggerRow>>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device_id, channel, timestamp, state, kind, bib, bib_kind, valid, blocked, falling_edge,
                    time_offset_min, source, received FROM triggers WHERE session_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt.query_map([session], row_at).map_err(|e| self.sql(e))?;
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

    /// Every journaled event of a session in the order written: the message text it came
    /// from, where it came from, when it arrived, and the state it left the trigger in. A
    /// replay feeds the messages through the decoder and the book again.
    pub fn events(&self, session: i64) -> Result<Vec<JournalEvent>, JournalError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT device_id, channel, timestamp, state, kind, bib, bib_kind, valid, blocked, falling_edge,
                    time_offset_min, source, received, via, raw, written FROM triggers WHERE session_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let events = stmt
            .query_map([session], |r| {
                Ok(JournalEvent {
                    row: row_at(r)?,
                    via: known(13, r.get::<_, String>(13)?, Source::parse)?,
                    raw: r.get(14)?,
                    written: r.get(15)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        events.collect::<Result<_, _>>().map_err(|e| self.sql(e))
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

/// One journaled event (see [`Journal::events`]).
#[derive(Debug, Clone)]
pub struct JournalEvent {
    /// The trigger as this event left it (`id` 0: ids are the reader's to give).
    pub row: TriggerRow,
    pub via: Source,
    pub raw: String,
    /// When this laptop journalled the event (ticks): when it knew what the event says. A
    /// change decided later (missing on server) keeps its trigger's first arrival in `row`.
    pub written: i64,
}

/// A trigger row from the columns `device_id, channel, timestamp, state, kind, bib, bib_kind,
/// valid, blocked, falling_edge, time_offset_min, source, received`, in that order.
fn row_at(r: &rusqlite::Row<'_>) -> rusqlite::Result<TriggerRow> {
    let flag = |v: Option<i64>| v.map(|b| b != 0);
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
