//! What one output has sent for each trigger, and so what a new state of a trigger makes it
//! send: exactly once per trigger, a `c` line when one sent is taken back. Pure: the output's
//! thread writes, the journal keeps.

use std::collections::HashMap;

use crate::model::row::TriggerRow;
use crate::model::timy::{Flag, TimyLine};
use crate::model::trigger::TriggerKey;

#[derive(Debug, Default)]
pub struct Ledger {
    /// The last line sent (or queued) per trigger.
    last: HashMap<TriggerKey, TimyLine>,
}

impl Ledger {
    /// The ledger of an output that has already written `lines` (from the journal).
    pub fn written(lines: impl IntoIterator<Item = (TriggerKey, TimyLine)>) -> Self {
        Self {
            last: lines.into_iter().collect(),
        }
    }

    /// The ALGE channel `key` was sent on, if it was.
    pub fn channel_of(&self, key: &TriggerKey) -> Option<u8> {
        self.last.get(key).map(|l| l.channel)
    }

    /// What `row` (now in this state) sends on ALGE channel `channel` (or the channel it was
    /// first sent on): nothing if the line
    /// the timing program has is still right; the line if it has none; a `c` line when the
    /// trigger is gone; a `c` line and the new line when its bib or validity changed (a
    /// timing program keeps the last line for a time).
    pub fn next(&mut self, row: &TriggerRow, channel: u8) -> Vec<TimyLine> {
        let before = self.last.get(&row.key);
        // A trigger keeps the channel it was sent on: a new map is for what comes next.
        let now = TimyLine::of(row, before.map_or(channel, |b| b.channel));
        let want = (now.flag != Flag::Cleared).then_some(now);
        let lines = match (before, want) {
            (None, None) => vec![],
            (None, Some(w)) => vec![w],
            (Some(b), None) if b.flag == Flag::Cleared => vec![],
            (Some(b), None) => vec![b.cleared()],
            (Some(b), Some(w)) if *b == w => vec![],
            (Some(b), Some(w)) if b.flag == Flag::Cleared => vec![w],
            (Some(b), Some(w)) => vec![b.cleared(), w],
        };
        if let Some(last) = lines.last() {
            self.last.insert(row.key.clone(), last.clone());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::{sample, TriggerState};

    fn row(ts: i64, bib: Option<i64>, state: TriggerState) -> TriggerRow {
        TriggerRow {
            state,
            ..sample("1", 1, ts, bib)
        }
    }

    fn flags(lines: &[TimyLine]) -> Vec<(Flag, Option<u16>)> {
        lines.iter().map(|l| (l.flag, l.bib)).collect()
    }

    #[test]
    fn once_then_taken_back_once() {
        let mut l = Ledger::default();
        let a = row(20, Some(5), TriggerState::Active);
        assert_eq!(flags(&l.next(&a, 1)), [(Flag::Valid, Some(5))]);
        assert!(l.next(&a, 1).is_empty(), "a redelivery sends nothing");
        let cleared = row(20, Some(5), TriggerState::Cleared);
        assert_eq!(flags(&l.next(&cleared, 1)), [(Flag::Cleared, Some(5))]);
        assert!(l.next(&cleared, 1).is_empty());
        let deleted = row(20, Some(5), TriggerState::Deleted);
        assert!(l.next(&deleted, 1).is_empty(), "gone once is enough");
    }

    #[test]
    fn a_new_bib_takes_the_old_line_back_and_a_gone_trigger_never_sent_sends_nothing() {
        let mut l = Ledger::default();
        l.next(&row(20, Some(5), TriggerState::Active), 1);
        let edited = l.next(&row(20, Some(6), TriggerState::Active), 1);
        assert_eq!(
            flags(&edited),
            [(Flag::Cleared, Some(5)), (Flag::Valid, Some(6))]
        );
        assert!(l
            .next(&row(30, None, TriggerState::MissingOnServer), 1)
            .is_empty());
    }

    #[test]
    fn the_journal_seeds_the_ledger() {
        let sent = row(40, Some(1), TriggerState::Active);
        let mut again = Ledger::written([(sent.key.clone(), TimyLine::of(&sent, 1))]);
        assert!(
            again.next(&sent, 1).is_empty(),
            "written before the restart"
        );
        assert_eq!(
            flags(&again.next(&row(40, Some(1), TriggerState::Cleared), 1)),
            [(Flag::Cleared, Some(1))]
        );
    }
}
