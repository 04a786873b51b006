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
//! - A deletion made online while the link was down is never pushed: when a complete history
//!   read of a channel no longer lists an active trigger the server delivered before, the row
//!   becomes *missing on server* (kept, never dropped). Any later copy of it, pushed or
//!   listed, makes it active again.

use hashbrown::hash_map::Entry;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::trigger::{TriggerFacts, TriggerKey, TriggerKind};
use crate::mt1::trigger::{EntityChange, RawText, TriggerMessage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
}

/// Triggers held for one device channel, in both readings of what the server may count (the
/// reference is unsure whether ClearTriggers are counted): distinct triggers, and records
/// with each ClearTrigger counted too. Deleted triggers are left out of both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HereCount {
    pub triggers: u64,
    pub records: u64,
}

impl HereCount {
    pub fn matches(&self, server: u64) -> bool {
        server == self.triggers || server == self.records
    }
}

/// What the listener is told: a new row, or a new state of a row it already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerEvent {
    pub change: Change,
    pub row: Arc<TriggerRow>,
    /// Where the message that caused this event came from.
    pub via: Source,
    /// The raw text of that message (for a clear: the ClearTrigger's), kept by the journal so
    /// every decision can be audited and replayed.
    pub message: RawText,
}

/// One report of a key the book remembers: what the device said, and whether a ClearTrigger
/// has cleared it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    facts: TriggerFacts,
    cleared: bool,
}

impl Version {
    fn of_row(row: &TriggerRow) -> Self {
        Self {
            facts: row.facts.clone(),
            cleared: row.state == TriggerState::Cleared,
        }
    }

    /// The row showing this version.
    fn into_row(self, origin: &Origin, state: TriggerState) -> TriggerRow {
        TriggerRow {
            id: origin.id,
            key: origin.key.clone(),
            facts: self.facts,
            state,
            source: origin.source,
            received: origin.received,
        }
    }
}

/// What a row keeps whichever of its versions it shows.
struct Origin {
    id: u32,
    key: TriggerKey,
    source: Source,
    received: i64,
}

impl Origin {
    fn of(row: &TriggerRow) -> Self {
        Self {
            id: row.id,
            key: row.key.clone(),
            source: row.source,
            received: row.received,
        }
    }
}

/// Every version and clear of one key. Only kept once a key has more than its one plain
/// version (an edit, a clear, a delete, a re-sent copy that differs): almost every trigger
/// never needs it, and its row alone says everything about it.
#[derive(Debug, Default)]
struct Versions {
    versions: Vec<Version>,
    /// Distinct ClearTriggers received (by bib number), for counting server records.
    clears: Vec<Option<i64>>,
    deleted: bool,
    /// Not listed by the last complete history read that should have listed it.
    missing: bool,
}

impl Versions {
    fn of_row(row: &TriggerRow) -> Self {
        let version = Version::of_row(row);
        let clears = if version.cleared {
            vec![bib_number(&version)]
        } else {
            Vec::new()
        };
        Self {
            versions: vec![version],
            clears,
            deleted: row.state == TriggerState::Deleted,
            missing: row.state == TriggerState::MissingOnServer,
        }
    }

    /// The state and the index of the version shown.
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
        } else if self.versions.iter().all(|v| v.cleared) {
            TriggerState::Cleared
        } else if self.missing {
            TriggerState::MissingOnServer
        } else {
            TriggerState::Active
        }
    }

    fn row(&self, origin: &Origin) -> Option<TriggerRow> {
        let (state, current) = self.snapshot();
        let v = self.versions.get(current?)?.clone();
        Some(v.into_row(origin, state))
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
        if version.facts.kind == TriggerKind::Clear {
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
        // The server delivered it again: it is there after all.
        self.missing = false;
        if self
            .versions
            .iter()
            .any(|v| v.facts.same_trigger(&version.facts))
        {
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
    v.facts.bib_number()
}

/// A plain impulse: what a key's first message almost always is, and all its row needs.
fn is_plain(change: &EntityChange, version: &Version) -> bool {
    matches!(change, EntityChange::Upsert(_)) && version.facts.kind != TriggerKind::Clear
}

/// A history read of one device channel that reached its end (an empty page): what it listed.
pub struct CompleteRead<'a> {
    pub device_id: &'a str,
    pub channel: u16,
    /// The range it covered, in ticks (`None`: unbounded).
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// When it began (ticks, local clock): rows that arrived later may not be listed yet.
    pub before: i64,
    /// Timestamps of the triggers (not ClearTriggers) it listed.
    pub listed: &'a std::collections::HashSet<i64>,
}

/// Every trigger once. The hash table holds the rows themselves (no second copy of the key);
/// the few keys with more than one plain version keep their history beside it, by row id.
#[derive(Default)]
pub struct TriggerBook {
    rows: HashTable<Arc<TriggerRow>>,
    versions_by_row: HashMap<u32, Versions>,
    hasher: DefaultHashBuilder,
    next_id: u32,
}

impl std::fmt::Debug for TriggerBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriggerBook")
            .field("triggers", &self.rows.len())
            .field("with_history", &self.versions_by_row.len())
            .finish()
    }
}

impl TriggerBook {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, key: &TriggerKey) -> Option<Arc<TriggerRow>> {
        let hash = self.hasher.hash_one(key);
        self.rows.find(hash, |r| r.key == *key).cloned()
    }

    /// Every row held, in the order the book numbered them.
    pub fn rows(&self) -> Vec<Arc<TriggerRow>> {
        let mut rows: Vec<Arc<TriggerRow>> = self.rows.iter().cloned().collect();
        rows.sort_by_key(|r| r.id);
        rows
    }

    /// Takes a row the listener already has (a continued session), so that it is never
    /// announced again and later messages about it arrive as changes.
    pub fn seed(&mut self, row: Arc<TriggerRow>) {
        self.next_id = self.next_id.max(row.id.saturating_add(1));
        if row.state == TriggerState::Active {
            self.versions_by_row.remove(&row.id);
        } else {
            self.versions_by_row.insert(row.id, Versions::of_row(&row));
        }
        let hash = self.hasher.hash_one(&row.key);
        match self.rows.find_mut(hash, |r| r.key == row.key) {
            Some(held) => *held = row,
            None => {
                let hasher = &self.hasher;
                self.rows
                    .insert_unique(hash, row, |r| hasher.hash_one(&r.key));
            }
        }
    }

    /// What is held for one device channel from `since` (ticks) on, deleted triggers left out.
    pub fn count(&self, device_id: &str, channel: u16, since: Option<i64>) -> HereCount {
        self.count_now_and_as_of(device_id, channel, since, i64::MAX)
            .0
    }

    /// [`TriggerBook::count`] now, and as the server could have counted at `as_of` (ticks):
    /// without the triggers first pushed after it (they did not exist then). Triggers read
    /// from history later are kept: the server held them. One pass over the book for both.
    pub fn count_now_and_as_of(
        &self,
        device_id: &str,
        channel: u16,
        since: Option<i64>,
        as_of: i64,
    ) -> (HereCount, HereCount) {
        let mut now = HereCount::default();
        let mut then = HereCount::default();
        for row in &self.rows {
            let key = &row.key;
            if *key.device_id != *device_id
                || key.channel != channel
                || matches!(
                    row.state,
                    TriggerState::Deleted | TriggerState::MissingOnServer
                )
                || since.is_some_and(|s| key.timestamp < s)
            {
                continue;
            }
            let records = match self.versions_by_row.get(&row.id) {
                None => 1,
                Some(h) => {
                    let impulses = h
                        .versions
                        .iter()
                        .filter(|v| v.facts.kind != TriggerKind::Clear)
                        .count();
                    (impulses + h.clears.len()) as u64
                }
            };
            now.triggers += 1;
            now.records += records;
            if !(row.source == Source::Push && row.received > as_of) {
                then.triggers += 1;
                then.records += records;
            }
        }
        (now, then)
    }

    /// After a complete history read of one device channel: every active trigger of it that
    /// arrived before the read began (`before`, ticks), lies inside the read's range
    /// (`from..=to`, ticks) and was not `listed` (by timestamp) is marked missing on server.
    /// `note` is journalled as the reason.
    pub fn mark_missing(&mut self, read: &CompleteRead<'_>, note: &RawText) -> Vec<TriggerEvent> {
        let mut events = Vec::new();
        for row in self.rows.iter_mut() {
            let key = &row.key;
            if row.state != TriggerState::Active
                || key.channel != read.channel
                || *key.device_id != *read.device_id
                || row.received >= read.before
                || read.from.is_some_and(|f| key.timestamp < f)
                || read.to.is_some_and(|t| key.timestamp > t)
                || read.listed.contains(&key.timestamp)
            {
                continue;
            }
            let history = self
                .versions_by_row
                .entry(row.id)
                .or_insert_with(|| Versions::of_row(row));
            history.missing = true;
            let Some(changed) = history.row(&Origin::of(row)) else {
                continue;
            };
            *row = Arc::new(changed);
            events.push(TriggerEvent {
                change: Change::Updated,
                row: row.clone(),
                via: Source::History,
                message: note.clone(),
            });
        }
        events
    }

    /// Applies one message; `None` if it changed nothing the listener can see.
    pub fn apply(&mut self, msg: TriggerMessage, via: Source, now: i64) -> Option<TriggerEvent> {
        let t = msg.trigger;
        let version = Version {
            facts: t.facts,
            cleared: false,
        };
        let message = msg.raw;
        let hash = self.hasher.hash_one(&t.key);
        if let Some(row) = self.rows.find_mut(hash, |r| r.key == t.key) {
            let history = match self.versions_by_row.entry(row.id) {
                Entry::Occupied(o) => o.into_mut(),
                Entry::Vacant(v) => {
                    if is_plain(&msg.change, &version) && row.facts.same_trigger(&version.facts) {
                        return None; // a re-sent copy
                    }
                    v.insert(Versions::of_row(row))
                }
            };
            // Versions are only ever added and (un)cleared, so the state and which version is
            // current say everything the official sees: comparing them is enough.
            let before = history.snapshot();
            history.apply(&msg.change, version, via);
            if history.snapshot() == before {
                return None;
            }
            *row = Arc::new(history.row(&Origin::of(row))?);
            return Some(TriggerEvent {
                change: Change::Updated,
                row: row.clone(),
                via,
                message,
            });
        }
        let origin = Origin {
            id: self.next_id,
            key: t.key,
            source: via,
            received: now,
        };
        let row = if is_plain(&msg.change, &version) {
            version.into_row(&origin, TriggerState::Active)
        } else {
            let mut history = Versions::default();
            history.apply(&msg.change, version, via);
            let row = history.row(&origin)?;
            self.versions_by_row.insert(origin.id, history);
            row
        };
        self.next_id = self.next_id.saturating_add(1);
        let row = Arc::new(row);
        let hasher = &self.hasher;
        self.rows
            .insert_unique(hash, row.clone(), |r| hasher.hash_one(&r.key));
        Some(TriggerEvent {
            change: Change::Added,
            row,
            via,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trigger::BibKind;
    use crate::mt1::trigger::decode_message;

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
                book.apply(m, via, 1).map(|e| {
                    (
                        e.change,
                        e.row.state,
                        e.row.facts.bib_number().unwrap_or(-1),
                    )
                })
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
        assert_eq!(
            row.facts.bib.as_ref().map(|b| &b.kind),
            Some(&BibKind::Manual)
        );
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
                (row.state, row.facts.bib_number()),
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
    fn a_trigger_no_longer_listed_is_missing_on_server_until_it_is_seen_again() {
        let mut book = TriggerBook::new();
        let a = book.apply(add(12), Source::Push, 5).expect("added");
        let mut other = add(13);
        other.trigger.key.timestamp += 10_000;
        book.apply(other.clone(), Source::Push, 5);
        let listed: std::collections::HashSet<i64> = [other.trigger.key.timestamp].into();
        let read = |before, listed| CompleteRead {
            device_id: "231203016",
            channel: 1,
            from: None,
            to: None,
            before,
            listed,
        };
        assert!(
            book.mark_missing(&read(5, &listed), &RawText::from("n"))
                .is_empty(),
            "rows that arrived after the read began are not judged by it"
        );
        let events = book.mark_missing(&read(6, &listed), &RawText::from("note"));
        assert_eq!(events.len(), 1, "only the unlisted one");
        assert_eq!(events[0].row.id, a.row.id);
        assert_eq!(events[0].row.state, TriggerState::MissingOnServer);
        assert_eq!(
            events[0].message.as_str(),
            "note",
            "the reason is journalled"
        );
        assert_eq!(book.count("231203016", 1, None).triggers, 1, "not counted");
        assert!(
            book.mark_missing(&read(6, &listed), &RawText::from("n"))
                .is_empty(),
            "marked once"
        );
        let back = book.apply(add(12), Source::History, 7).expect("changed");
        assert_eq!(
            (back.change, back.row.state, back.row.id),
            (Change::Updated, TriggerState::Active, a.row.id),
            "listed again: active again, the same row"
        );
        let mut seeded = TriggerBook::new();
        book.mark_missing(&read(8, &listed), &RawText::from("n"));
        seeded.seed(book.row(&a.row.key).expect("row"));
        assert_eq!(
            seeded.apply(add(12), Source::Push, 9).map(|e| e.row.state),
            Some(TriggerState::Active),
            "a continued session remembers the state and revives it"
        );
    }

    #[test]
    fn a_count_as_of_a_moment_leaves_out_only_what_was_pushed_after_it() {
        let mut book = TriggerBook::new();
        let mut at = |n: i64, via, received| {
            let mut m = add(n);
            m.trigger.key.timestamp += n * 10_000;
            book.apply(m, via, received);
        };
        at(1, Source::Push, 10);
        at(2, Source::History, 30); // read later, but the server held it
        at(3, Source::Push, 30); // made after the count
        let (now, then) = book.count_now_and_as_of("231203016", 1, None, 20);
        assert_eq!((now.triggers, then.triggers), (3, 2));
        assert_eq!(book.count("231203016", 1, None), now);
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

    #[test]
    fn rows_are_numbered_in_arrival_order_and_shared_with_the_event() {
        let mut book = TriggerBook::new();
        let a = book.apply(add(1), Source::Push, 1).expect("added");
        let b = book
            .apply(
                msg("ENTITY_ADD", "StartNumberTrigger", 2, "MANUAL"),
                Source::Push,
                1,
            )
            .expect("changed");
        assert_eq!(
            (b.change, b.row.id),
            (Change::Updated, 0),
            "same key, other bib: an edit of row 0, not a new row"
        );
        let mut later = add(3);
        later.trigger.key.timestamp += 1;
        let c = book.apply(later, Source::Push, 1).expect("added");
        assert_eq!((a.row.id, c.row.id), (0, 1));
        let key = c.row.key.clone();
        let held = book.row(&key).expect("held");
        assert!(
            Arc::ptr_eq(&held, &c.row),
            "the book and the listener share one row"
        );
        let cleared = book.apply(clear(2), Source::Push, 2).expect("changed");
        assert_eq!(
            (cleared.row.id, cleared.row.facts.bib_number()),
            (0, Some(1)),
            "the edit is cleared: row 0 shows bib 1 again, under its number"
        );
        let mut seeded = TriggerBook::new();
        let mut row = (*c.row).clone();
        row.id = 41;
        seeded.seed(Arc::new(row));
        let mut next = add(4);
        next.trigger.key.timestamp += 2;
        assert_eq!(
            seeded.apply(next, Source::Push, 3).expect("added").row.id,
            42
        );
    }
}
