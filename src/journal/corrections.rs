//! The officials' corrections, kept with the session beside (never in) the triggers' rows:
//! one row per correction or undo, only ever added.

use rusqlite::params;

use super::{Journal, JournalError};
use crate::model::correction::{Correction, Fix};
use crate::model::trigger::TriggerKey;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS corrections (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    id INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    channel INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    kind TEXT NOT NULL,
    new TEXT,
    old TEXT,
    reason TEXT NOT NULL,
    by_user TEXT NOT NULL,
    at INTEGER NOT NULL,
    undoes INTEGER,
    PRIMARY KEY (session_id, id)
);
";

/// A value as the journal keeps it (a bib: its number or NULL; invalid: 1/0; a note: text;
/// a hand time: its bib, and in `old` the device's clock offset).
fn text_of(fix: &Fix) -> Option<String> {
    match fix {
        Fix::Bib(b) | Fix::Hand { bib: b, .. } => b.map(|b| b.to_string()),
        Fix::Invalid(v) => Some(i32::from(*v).to_string()),
        Fix::Note(n) => Some(n.clone()),
    }
}

/// The record's new and old values.
fn fixes_of(kind: &str, new: Option<String>, old: Option<String>) -> (Fix, Fix) {
    if kind == "hand" {
        let hand = Fix::Hand {
            bib: new.and_then(|t| t.parse().ok()),
            offset_min: old.and_then(|t| t.parse().ok()).unwrap_or(0),
        };
        return (hand.clone(), hand);
    }
    (fix_of(kind, new), fix_of(kind, old))
}

fn fix_of(kind: &str, text: Option<String>) -> Fix {
    match kind {
        "bib" => Fix::Bib(text.and_then(|t| t.parse().ok())),
        "invalid" => Fix::Invalid(text.as_deref() == Some("1")),
        _ => Fix::Note(text.unwrap_or_default()),
    }
}

impl Journal {
    /// The table is made on first use (a journal from before corrections has none).
    fn corrections_table(&self) -> Result<(), JournalError> {
        self.conn.execute_batch(SCHEMA).map_err(|e| self.sql(e))
    }

    pub fn add_correction(&self, session: i64, c: &Correction) -> Result<(), JournalError> {
        self.corrections_table()?;
        self.conn
            .execute(
                "INSERT INTO corrections (session_id, id, device_id, channel, timestamp, kind,
                 new, old, reason, by_user, at, undoes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    session,
                    c.id,
                    c.key.device_id,
                    c.key.channel,
                    c.key.timestamp,
                    c.fix.kind(),
                    text_of(&c.fix),
                    match c.fix {
                        Fix::Hand { offset_min, .. } => Some(offset_min.to_string()),
                        _ => text_of(&c.was),
                    },
                    c.reason,
                    c.by,
                    c.at,
                    c.undoes
                ],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// The session's corrections and undos, in the order made.
    pub fn corrections(&self, session: i64) -> Result<Vec<Correction>, JournalError> {
        self.corrections_table()?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, device_id, channel, timestamp, kind, new, old, reason, by_user, at,
                 undoes FROM corrections WHERE session_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params![session], |r| {
                let kind: String = r.get(4)?;
                let (fix, was) = fixes_of(&kind, r.get(5)?, r.get(6)?);
                Ok(Correction {
                    id: r.get(0)?,
                    key: TriggerKey {
                        device_id: r.get(1)?,
                        channel: r.get(2)?,
                        timestamp: r.get(3)?,
                    },
                    fix,
                    was,
                    reason: r.get(7)?,
                    by: r.get(8)?,
                    at: r.get(9)?,
                    undoes: r.get(10)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_come_back_as_made_and_leave_the_triggers_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut j = Journal::open(&dir.path().join("j.sqlite3")).expect("open");
        let session = j.new_session("http://x", "anna", None).expect("session");
        let key = TriggerKey {
            device_id: "7".into(),
            channel: 1,
            timestamp: 42,
        };
        let made = [
            (Fix::Bib(Some(13)), Fix::Bib(None), None),
            (Fix::Invalid(true), Fix::Invalid(false), None),
            (
                Fix::Note("jury: photo".into()),
                Fix::Note(String::new()),
                None,
            ),
            (Fix::Invalid(true), Fix::Invalid(false), Some(2)),
            (
                Fix::Hand {
                    bib: Some(5),
                    offset_min: -300,
                },
                Fix::Hand {
                    bib: Some(5),
                    offset_min: -300,
                },
                None,
            ),
        ];
        let list: Vec<Correction> = made
            .into_iter()
            .enumerate()
            .map(|(i, (fix, was, undoes))| Correction {
                id: i as i64 + 1,
                key: key.clone(),
                fix,
                was,
                reason: "why".into(),
                by: "anna".into(),
                at: 7,
                undoes,
            })
            .collect();
        for c in &list {
            j.add_correction(session, c).expect("add");
        }
        assert_eq!(j.corrections(session).expect("read"), list);
        assert!(
            j.rows(session).expect("rows").is_empty(),
            "no trigger row was written"
        );
    }
}
