//! Black-box replay: a journalled session played again through the same path the live
//! session took — each message's text through the decoder and the trigger book — so the
//! table shows what it showed at any moment. Seeking back starts again from the beginning
//! (the book is rebuilt; a race's few thousand events take milliseconds).

use std::path::Path;
use std::sync::Arc;

use crate::journal::read::JournalEvent;
use crate::journal::{Journal, JournalError};
use crate::model::row::TriggerState;
use crate::mt1::trigger::{decode_message, RawText};
use crate::session::{Change, TriggerBook, TriggerEvent};

pub struct Replay {
    events: Vec<JournalEvent>,
    next: usize,
    book: TriggerBook,
    /// Events whose text was not a message (a "missing on server" note): taken from the
    /// state the journal recorded.
    pub from_recorded_state: usize,
}

impl Replay {
    pub fn new(events: Vec<JournalEvent>) -> Self {
        Self {
            events,
            next: 0,
            book: TriggerBook::new(),
            from_recorded_state: 0,
        }
    }

    /// A session's events from its journal.
    pub fn load(journal: &Path, session: i64) -> Result<Self, JournalError> {
        Ok(Self::new(Journal::open(journal)?.events(session)?))
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// When the first and the last event arrived (ticks).
    pub fn span(&self) -> Option<(i64, i64)> {
        let first = self.events.iter().map(|e| e.row.received).min()?;
        let last = self.events.iter().map(|e| e.row.received).max()?;
        Some((first, last))
    }

    /// How far the replay has come: the arrival time of the last event played.
    pub fn position(&self) -> Option<i64> {
        self.next
            .checked_sub(1)
            .and_then(|i| self.events.get(i))
            .map(|e| e.row.received)
    }

    /// Back to the start: nothing played, an empty book.
    pub fn rewind(&mut self) {
        self.next = 0;
        self.book = TriggerBook::new();
        self.from_recorded_state = 0;
    }

    /// Plays the events that arrived up to `until` (ticks), at most `limit` of them (a frame's
    /// worth), and returns what the live session's listener got for them.
    pub fn advance(&mut self, until: i64, limit: usize) -> Vec<TriggerEvent> {
        let mut out = Vec::new();
        while let Some(e) = self.events.get(self.next) {
            if e.row.received > until || out.len() >= limit {
                break;
            }
            self.next += 1;
            match decode_message(e.raw.as_bytes()) {
                Ok(msg) => {
                    if let Some(ev) = self.book.apply(msg, e.via, e.row.received) {
                        out.push(ev);
                    }
                }
                // Not a message: a note the session journalled with a state it decided
                // (missing on server). The recorded state is what it decided.
                Err(_) => {
                    self.from_recorded_state += 1;
                    let Some(held) = self.book.row(&e.row.key) else {
                        continue;
                    };
                    if held.state == e.row.state || e.row.state != TriggerState::MissingOnServer {
                        continue;
                    }
                    let row = Arc::new(crate::model::row::TriggerRow {
                        id: held.id,
                        state: e.row.state,
                        ..(*held).clone()
                    });
                    self.book.seed(row.clone());
                    out.push(TriggerEvent {
                        change: Change::Updated,
                        row,
                        via: e.via,
                        message: RawText::from(e.raw.clone()),
                    });
                }
            }
        }
        out
    }

    /// The devices the session heard from, in order of their first event.
    pub fn device_ids(&self) -> Vec<crate::model::trigger::DeviceId> {
        let mut ids = Vec::new();
        for e in &self.events {
            if !ids.contains(&e.row.key.device_id) {
                ids.push(e.row.key.device_id.clone());
            }
        }
        ids
    }

    /// The arrival time (ticks) of the first event at or after `seconds` past local midnight
    /// of the day the session began.
    pub fn arrival_at_time_of_day(&self, seconds: u32, utc_offset_s: i64) -> Option<i64> {
        use crate::model::time::{TICKS_PER_DAY, TICKS_PER_SECOND};
        let (first, _) = self.span()?;
        let local_first = first + utc_offset_s * TICKS_PER_SECOND;
        let midnight = local_first - local_first.rem_euclid(TICKS_PER_DAY);
        Some(midnight + i64::from(seconds) * TICKS_PER_SECOND - utc_offset_s * TICKS_PER_SECOND)
    }

    /// Every row as the book holds it now.
    pub fn rows(&self) -> Vec<Arc<crate::model::row::TriggerRow>> {
        self.book.rows()
    }
}
