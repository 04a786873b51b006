//! What a session keeps besides its triggers: the watchdogs the official armed, the pre-race
//! check's report. One text per session and kind, replaced when it changes.

use rusqlite::{params, OptionalExtension};

use super::{Journal, JournalError};
use crate::model::time::now_ticks;

/// The kinds of note a session keeps.
pub const WATCHDOGS: &str = "watchdogs";
pub const PRE_RACE_CHECK: &str = "pre-race-check";
/// The watchdogs' trips, a line each, added as they trip (every run of the session).
pub const WATCHDOG_TRIPS: &str = "watchdog-trips";
/// The live link's outages (`OutageLog::to_json`), kept as they happen.
pub const OUTAGES: &str = "outages";
/// The account's devices with their names ([`devices_json`]), for a replay.
pub const DEVICES: &str = "devices";

/// The devices' note: `[[id, name or null], …]`.
pub fn devices_json(devices: &[crate::mt1::account::Device]) -> String {
    let named: Vec<(&str, Option<&str>)> = devices
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_deref()))
        .collect();
    serde_json::to_string(&named).unwrap_or_else(|_| "[]".into())
}

/// The named devices of a devices' note (none if it is not what [`devices_json`] wrote).
pub fn named_devices(note: &str) -> Vec<(crate::model::trigger::DeviceId, String)> {
    let named: Vec<(String, Option<String>)> = serde_json::from_str(note).unwrap_or_default();
    named
        .into_iter()
        .filter_map(|(id, name)| Some((id.as_str().into(), name?)))
        .collect()
}

impl Journal {
    /// Keeps `body` as the session's note of `kind` (replacing an earlier one).
    pub fn set_note(&self, session: i64, kind: &str, body: &str) -> Result<(), JournalError> {
        self.conn
            .execute(
                "INSERT INTO session_notes (session_id, kind, body, written) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (session_id, kind) DO UPDATE SET body = ?3, written = ?4",
                params![session, kind, body, now_ticks()],
            )
            .map(|_| ())
            .map_err(|cause| JournalError::Sql {
                path: self.path.clone(),
                cause,
            })
    }

    /// The session's note of `kind`, if it has one.
    pub fn note(&self, session: i64, kind: &str) -> Result<Option<String>, JournalError> {
        self.conn
            .query_row(
                "SELECT body FROM session_notes WHERE session_id = ?1 AND kind = ?2",
                params![session, kind],
                |r| r.get(0),
            )
            .optional()
            .map_err(|cause| JournalError::Sql {
                path: self.path.clone(),
                cause,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_kept_per_session_and_replaced() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut j = Journal::open(&dir.path().join("j.sqlite3")).expect("open");
        let s = j.new_session("http://x", "anna", None).expect("session");
        assert_eq!(j.note(s, WATCHDOGS).expect("read"), None);
        j.set_note(s, WATCHDOGS, "[1]").expect("write");
        j.set_note(s, WATCHDOGS, "[2]").expect("replace");
        assert_eq!(j.note(s, WATCHDOGS).expect("read").as_deref(), Some("[2]"));
        assert_eq!(j.note(s + 1, WATCHDOGS).expect("read"), None);
    }
}
