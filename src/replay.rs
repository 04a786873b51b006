//! Black-box replay: a journalled session played again through the same path the live
//! session took — each message's text through the decoder and the trigger book — so the
//! table shows what it showed at any moment. Seeking back starts again from the beginning
//! (the book is rebuilt; a race's few thousand events take milliseconds).

use std::path::Path;
use std::sync::Arc;

use crate::journal::read::JournalEvent;
use crate::journal::{notes, Journal, JournalError};
use crate::model::row::TriggerState;
use crate::model::trigger::DeviceId;
use crate::mt1::trigger::{decode_message, RawText};
use crate::session::{Change, TriggerBook, TriggerEvent};

pub struct Replay {
    events: Vec<JournalEvent>,
    next: usize,
    book: TriggerBook,
    /// Events whose text was not a message (a "missing on server" note): taken from the
    /// state the journal recorded.
    pub from_recorded_state: usize,
    /// The devices' names as the session knew them (kept in the journal).
    pub names: Vec<(DeviceId, String)>,
}

impl Replay {
    pub fn new(events: Vec<JournalEvent>) -> Self {
        Self {
            events,
            next: 0,
            book: TriggerBook::new(),
            from_recorded_state: 0,
            names: Vec::new(),
        }
    }

    /// A session's events from its journal, with its devices' names.
    pub fn load(journal: &Path, session: i64) -> Result<Self, JournalError> {
        let journal = Journal::open(journal)?;
        let mut replay = Self::new(journal.events(session)?);
        let kept = journal.note(session, notes::DEVICES)?.unwrap_or_default();
        replay.names = notes::named_devices(&kept);
        Ok(replay)
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// When the first and the last event was known here (ticks).
    pub fn span(&self) -> Option<(i64, i64)> {
        let first = self.events.iter().map(|e| e.written).min()?;
        let last = self.events.iter().map(|e| e.written).max()?;
        Some((first, last))
    }

    /// How far the replay has come: when the last event played was known here.
    pub fn position(&self) -> Option<i64> {
        self.next
            .checked_sub(1)
            .and_then(|i| self.events.get(i))
            .map(|e| e.written)
    }

    /// Back to the start: nothing played, an empty book.
    pub fn rewind(&mut self) {
        self.next = 0;
        self.book = TriggerBook::new();
        self.from_recorded_state = 0;
    }

    /// Plays the events known here up to `until` (ticks), at most `limit` of them (a frame's
    /// worth), and returns what the live session's listener got for them. An event counts
    /// from when it was journalled: a trigger found missing on server minutes after it
    /// arrived is shown missing from then on, not from its arrival.
    pub fn advance(&mut self, until: i64, limit: usize) -> Vec<TriggerEvent> {
        let mut out = Vec::new();
        while let Some(e) = self.events.get(self.next) {
            if e.written > until || out.len() >= limit {
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
    pub fn device_ids(&self) -> Vec<DeviceId> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::Source;
    use crate::model::time::TICKS_PER_SECOND;

    #[test]
    fn a_trigger_found_missing_later_is_active_until_then() {
        let t = 17_911_336_041_234_567;
        let raw = format!(
            r#"{{"dto":{{"deviceId":"231203017","timestamp":{t},"timeOffset":60,"timingChannel":"C1","type":"StartNumberTrigger","startNumber":{{"startNumber":12,"type":"MANUAL"}}}}}}"#
        );
        let mut book = TriggerBook::new();
        let arrived = (*book
            .apply(
                decode_message(raw.as_bytes()).expect("fixture"),
                Source::Push,
                t + 1,
            )
            .expect("an event")
            .row)
            .clone();
        let later = t + 300 * TICKS_PER_SECOND;
        let events = vec![
            JournalEvent {
                row: arrived.clone(),
                via: Source::Push,
                raw,
                written: t + 2,
            },
            // Five minutes on, a complete history read no longer lists it; the note keeps
            // the trigger's first arrival in its row.
            JournalEvent {
                row: crate::model::row::TriggerRow {
                    state: TriggerState::MissingOnServer,
                    ..arrived
                },
                via: Source::History,
                raw: "missing on server".into(),
                written: later,
            },
        ];
        let mut replay = Replay::new(events);
        replay.advance(t + 60 * TICKS_PER_SECOND, 100);
        assert_eq!(replay.rows()[0].state, TriggerState::Active, "a minute in");
        replay.advance(later, 100);
        assert_eq!(replay.rows()[0].state, TriggerState::MissingOnServer);
        assert_eq!(replay.span(), Some((t + 2, later)));
    }
}
