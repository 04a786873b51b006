//! The trigger book: every trigger once, by its natural key, with its current state. Pure and
//! order-tolerant, because the same trigger arrives by push, by every history reconcile, and
//! possibly twice by push (reference §10.4).
//!
//! Rules (decided here where the reference is silent):
//! - A key is a row. Each distinct version of it (bib, bib kind, flags) is remembered, so a
//!   re-sent copy is a duplicate wherever it comes from, and an edit on the device (ClearTrigger
//!   of the old number plus a new trigger with the same timestamp) ends active with the new bib
//!   in whatever order the two arrive.
//! - A ClearTrigger clears the versions with its bib number (every version if it has none), also
//!   one that arrives after it; a clear that names no bib clears them all.
//! - ENTITY_DELETE marks the row deleted. History cannot undo that (its snapshot may predate the
//!   delete); a later *push* of the same key brings it back.

use std::collections::HashMap;
use std::sync::Arc;

use crate::mt1::time;
use crate::mt1::trigger::{Bib, EntityChange, TriggerKey, TriggerKind, TriggerMessage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Push,
    History,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Push => "push",
            Self::History => "history",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Push, Self::History]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerState {
    Active,
    /// Deleted by the operator on the device (ClearTrigger).
    Cleared,
    /// Deleted on ALGE Results (ENTITY_DELETE).
    Deleted,
}

impl TriggerState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Cleared => "cleared",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Active, Self::Cleared, Self::Deleted]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A trigger as the official sees it: one row per natural key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRow {
    pub key: TriggerKey,
    pub time_offset_min: i32,
    pub kind: TriggerKind,
    pub bib: Option<Bib>,
    pub valid: Option<bool>,
    pub blocked: Option<bool>,
    pub falling_edge: Option<bool>,
    pub state: TriggerState,
    /// How the trigger first arrived.
    pub source: Source,
    /// When it first arrived here, in ticks (local clock).
    pub received: i64,
    /// The JSON of the message behind the current version.
    pub raw: Arc<str>,
}

impl TriggerRow {
    /// Received − trigger time, in milliseconds (negative if the clocks disagree).
    pub fn latency_ms(&self) -> i64 {
        time::ticks_to_millis(self.received - self.key.timestamp)
    }

    pub fn device_time(&self) -> String {
        time::format_device_time(self.key.timestamp, self.time_offset_min)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
}

/// What the listener is told: a new row, or a new state of a row it already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerEvent {
    pub change: Change,
    pub row: TriggerRow,
    /// Where the message that caused this event came from.
    pub via: Source,
    /// The raw text of that message (for a clear: the ClearTrigger's), kept by the journal so
    /// every decision can be audited and replayed.
    pub message: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    kind: TriggerKind,
    bib: Option<Bib>,
    valid: Option<bool>,
    blocked: Option<bool>,
    falling_edge: Option<bool>,
    time_offset_min: i32,
    cleared: bool,
    raw: Arc<str>,
}

impl Version {
    fn same_trigger(&self, other: &Version) -> bool {
        (
            &self.kind,
            &self.bib,
            self.valid,
            self.blocked,
            self.falling_edge,
        ) == (
            &other.kind,
            &other.bib,
            other.valid,
            other.blocked,
            other.falling_edge,
        )
    }
}

#[derive(Debug)]
struct Entry {
    versions: Vec<Version>,
    /// Distinct ClearTriggers received (by bib number), for counting server records.
    clears: Vec<Option<i64>>,
    deleted: bool,
    source: Source,
    received: i64,
}

impl Entry {
    fn current(&self) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|v| !v.cleared)
            .or(self.versions.last())
    }

    /// The state and the index of the version shown (what `current` picks).
    fn snapshot(&self) -> (TriggerState, Option<usize>) {
        let current = self
            .versions
            .iter()
            .rposition(|v| !v.cleared)
            .or(self.versions.len().checked_sub(1));
        (self.state(), current)
    }

    fn state(&self) -> TriggerState {
        if self.deleted {
            TriggerState::Deleted
        } else if self.versions.iter().any(|v| !v.cleared) {
            TriggerState::Active
        } else {
            TriggerState::Cleared
        }
    }

    fn row(&self, key: &TriggerKey) -> Option<TriggerRow> {
        let v = self.current()?;
        Some(TriggerRow {
            key: key.clone(),
            time_offset_min: v.time_offset_min,
            kind: v.kind.clone(),
            bib: v.bib.clone(),
            valid: v.valid,
            blocked: v.blocked,
            falling_edge: v.falling_edge,
            state: self.state(),
            source: self.source,
            received: self.received,
            raw: v.raw.clone(),
        })
    }

    fn apply(&mut self, change: &EntityChange, version: Version, via: Source) {
        if matches!(change, EntityChange::Delete(_)) {
            if self.versions.is_empty() {
                self.versions.push(version);
            }
            self.deleted = true;
            return;
        }
        let number = bib_number(&version);
        if version.kind == TriggerKind::Clear {
            if !self.clears.contains(&number) {
                self.clears.push(number);
            }
            let mut matched = false;
            for v in &mut self.versions {
                if number.is_none() || bib_number(v) == number {
                    v.cleared = true;
                    matched = true;
                }
            }
            if !matched {
                // Remember the clear: the trigger it names may still be on its way.
                self.versions.push(Version {
                    cleared: true,
                    ..version
                });
            }
            return;
        }
        if via == Source::Push {
            self.deleted = false;
        }
        if self.versions.iter().any(|v| v.same_trigger(&version)) {
            return;
        }
        let cleared = self
            .versions
            .iter()
            .any(|v| v.cleared && bib_number(v) == number);
        self.versions.push(Version { cleared, ..version });
    }
}

fn bib_number(v: &Version) -> Option<i64> {
    v.bib.as_ref().map(|b| b.number)
}

#[derive(Debug, Default)]
pub struct TriggerBook {
    entries: HashMap<TriggerKey, Entry>,
}

impl TriggerBook {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn row(&self, key: &TriggerKey) -> Option<TriggerRow> {
        self.entries.get(key).and_then(|e| e.row(key))
    }

    /// Takes a row the listener already has (a continued session), so that it is never
    /// announced again and later messages about it arrive as changes.
    pub fn seed(&mut self, row: TriggerRow) {
        let cleared = row.state == TriggerState::Cleared;
        let version = Version {
            kind: row.kind.clone(),
            bib: row.bib.clone(),
            valid: row.valid,
            blocked: row.blocked,
            falling_edge: row.falling_edge,
            time_offset_min: row.time_offset_min,
            cleared,
            raw: row.raw,
        };
        let clears = if cleared {
            vec![bib_number(&version)]
        } else {
            Vec::new()
        };
        self.entries.insert(
            row.key,
            Entry {
                versions: vec![version],
                clears,
                deleted: row.state == TriggerState::Deleted,
                source: row.source,
                received: row.received,
            },
        );
    }

    /// What is held for one device channel from `since` (ticks) on, deleted triggers left out.
    pub fn count(&self, device_id: &str, channel: u16, since: Option<i64>) -> super::HereCount {
        let mut here = super::HereCount::default();
        for (key, e) in &self.entries {
            if key.device_id != device_id
                || key.channel != channel
                || e.deleted
                || since.is_some_and(|s| key.timestamp < s)
            {
                continue;
            }
            here.triggers += 1;
            let impulses = e
                .versions
                .iter()
                .filter(|v| v.kind != TriggerKind::Clear)
                .count();
            here.records += (impulses + e.clears.len()) as u64;
        }
        here
    }

    /// Applies one message; `None` if it changed nothing the listener can see.
    pub fn apply(&mut self, msg: TriggerMessage, via: Source, now: i64) -> Option<TriggerEvent> {
        let t = msg.trigger;
        let version = Version {
            kind: t.kind,
            bib: t.bib,
            valid: t.valid,
            blocked: t.blocked,
            falling_edge: t.falling_edge,
            time_offset_min: t.time_offset_min,
            cleared: false,
            raw: msg.raw,
        };
        let key = t.key;
        let message = version.raw.clone();
        let (change, entry) = match self.entries.get_mut(&key) {
            Some(entry) => {
                // Versions are only ever added and (un)cleared, so the state and which version
                // is current say everything the official sees: comparing them is enough.
                let before = entry.snapshot();
                entry.apply(&msg.change, version, via);
                if entry.snapshot() == before {
                    return None;
                }
                let after = entry.row(&key)?;
                return Some(TriggerEvent {
                    change: Change::Updated,
                    row: after,
                    via,
                    message,
                });
            }
            None => {
                let mut entry = Entry {
                    // Almost every trigger has one version: reserve exactly one (a plain push
                    // would reserve four).
                    versions: Vec::with_capacity(1),
                    clears: Vec::new(),
                    deleted: false,
                    source: via,
                    received: now,
                };
                entry.apply(&msg.change, version, via);
                (
                    Change::Added,
                    self.entries.entry(key.clone()).or_insert(entry),
                )
            }
        };
        Some(TriggerEvent {
            change,
            row: entry.row(&key)?,
            via,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt1::trigger::{decode_message, BibKind};

    fn msg(envelope: &str, kind: &str, bib: i64, bib_kind: &str) -> TriggerMessage {
        let body = format!(
            r#"{{"type":"{envelope}","dto":{{"deviceId":"231203016","timestamp":17911336041234567,"timeOffset":60,"timingChannel":"C1","type":"{kind}","startNumber":{{"startNumber":{bib},"type":"{bib_kind}"}},"valid":true,"blocked":false,"fallingEdge":true}}}}"#
        );
        decode_message(body.as_bytes()).expect("fixture decodes")
    }

    fn add(bib: i64) -> TriggerMessage {
        msg("ENTITY_ADD", "StartNumberTrigger", bib, "MANUAL")
    }

    fn clear(bib: i64) -> TriggerMessage {
        msg("ENTITY_ADD", "ClearTrigger", bib, "MANUAL")
    }

    fn delete(bib: i64) -> TriggerMessage {
        msg("ENTITY_DELETE", "StartNumberTrigger", bib, "MANUAL")
    }

    fn states(
        book: &mut TriggerBook,
        msgs: Vec<(TriggerMessage, Source)>,
    ) -> Vec<Option<(Change, TriggerState, i64)>> {
        msgs.into_iter()
            .map(|(m, via)| {
                book.apply(m, via, 1)
                    .map(|e| (e.change, e.row.state, e.row.bib.map_or(-1, |b| b.number)))
            })
            .collect()
    }

    #[test]
    fn duplicates_from_push_and_history_are_one_row() {
        let mut book = TriggerBook::new();
        let out = states(
            &mut book,
            vec![
                (add(12), Source::Push),
                (add(12), Source::Push),
                (add(12), Source::History),
            ],
        );
        assert_eq!(
            out,
            vec![Some((Change::Added, TriggerState::Active, 12)), None, None]
        );
        assert_eq!(book.len(), 1);
        let row = book.row(&add(12).trigger.key).expect("row");
        assert_eq!(row.source, Source::Push);
        assert_eq!(row.bib.map(|b| b.kind), Some(BibKind::Manual));
    }

    #[test]
    fn clear_trigger_marks_the_original_and_repeats_are_silent() {
        let mut book = TriggerBook::new();
        let out = states(
            &mut book,
            vec![
                (add(12), Source::Push),
                (clear(12), Source::Push),
                (clear(12), Source::History),
                (add(12), Source::History),
            ],
        );
        assert_eq!(
            out,
            vec![
                Some((Change::Added, TriggerState::Active, 12)),
                Some((Change::Updated, TriggerState::Cleared, 12)),
                None,
                None
            ]
        );
    }

    #[test]
    fn device_edit_ends_active_with_the_new_bib_in_any_order() {
        let orders = [
            vec![add(12), clear(12), add(10)],
            vec![add(12), add(10), clear(12)],
            vec![add(10), add(12), clear(12)],
            vec![clear(12), add(10), add(12)],
            vec![add(10), clear(12), add(12)],
        ];
        for order in orders {
            let mut book = TriggerBook::new();
            for m in order {
                book.apply(m, Source::History, 1);
            }
            let row = book.row(&add(10).trigger.key).expect("row");
            assert_eq!(
                (row.state, row.bib.map(|b| b.number)),
                (TriggerState::Active, Some(10))
            );
            assert_eq!(book.len(), 1);
        }
    }

    #[test]
    fn entity_delete_is_kept_and_only_a_push_revives_it() {
        let mut book = TriggerBook::new();
        let out = states(
            &mut book,
            vec![
                (add(5), Source::Push),
                (delete(5), Source::Push),
                (add(5), Source::History),
                (delete(5), Source::Push),
                (add(5), Source::Push),
            ],
        );
        assert_eq!(
            out,
            vec![
                Some((Change::Added, TriggerState::Active, 5)),
                Some((Change::Updated, TriggerState::Deleted, 5)),
                None,
                None,
                Some((Change::Updated, TriggerState::Active, 5)),
            ]
        );
    }

    #[test]
    fn first_sight_may_be_a_clear_or_a_delete() {
        let mut book = TriggerBook::new();
        assert_eq!(
            states(&mut book, vec![(clear(3), Source::History)]),
            vec![Some((Change::Added, TriggerState::Cleared, 3))]
        );
        let mut book = TriggerBook::new();
        assert_eq!(
            states(&mut book, vec![(delete(3), Source::Push)]),
            vec![Some((Change::Added, TriggerState::Deleted, 3))]
        );
    }

    #[test]
    fn seeded_rows_are_not_announced_again_and_counts_read_both_ways() {
        let mut first = TriggerBook::new();
        first.apply(add(12), Source::Push, 1);
        first.apply(clear(12), Source::Push, 1);
        let row = first.row(&add(12).trigger.key).expect("row");
        let here = first.count("231203016", 1, None);
        assert_eq!(
            (here.triggers, here.records),
            (1, 2),
            "one trigger, two server records"
        );
        assert!(here.matches(1) && here.matches(2) && !here.matches(3));
        let mut book = TriggerBook::new();
        book.seed(row);
        assert_eq!(book.apply(add(12), Source::History, 2), None);
        assert_eq!(book.apply(clear(12), Source::History, 2), None);
        assert_eq!(book.count("231203016", 1, None), here);
        assert_eq!(book.count("231203016", 1, Some(i64::MAX)).triggers, 0);
        book.apply(delete(12), Source::Push, 3);
        assert_eq!(
            book.count("231203016", 1, None).triggers,
            0,
            "deleted triggers are not counted"
        );
    }

    #[test]
    fn latency_and_device_time() {
        let mut book = TriggerBook::new();
        let e = book
            .apply(add(1), Source::Push, 17_911_336_041_234_567 + 25_000)
            .expect("added");
        assert_eq!(e.row.latency_ms(), 2);
        assert_eq!(e.row.device_time(), "2026-10-04 18:06:44.1234");
    }
}
