//! What the session remembers about recovering missed triggers from history: where the next
//! read after a reconnect must start (the gap since the link was first lost), whether a read
//! of the whole range has completed, the triggers each channel's read recovered, and the
//! channels the server refused. Plain state, no I/O: the task asks it and tells it.

use std::collections::{HashMap, HashSet};

use super::reconcile::DeviceChannel;

#[derive(Debug, Default)]
pub(crate) struct Recovery {
    /// Where the history after a reconnect must start (ms): when the link was first lost and
    /// no complete read has covered the gap since. A short-lived link in between keeps it.
    gap_from_ms: Option<i64>,
    /// The gap the running read covers; a complete one clears `gap_from_ms` if equal.
    covers: Option<i64>,
    /// A read of the session's whole range has completed: until then a reconnect reads the
    /// whole range again, not only the gap.
    full_read_done: bool,
    /// Triggers added from history, per channel, since its last count was reported.
    recovered: HashMap<DeviceChannel, usize>,
    /// Device channels the server refused, each said once (until allowed again).
    refused: HashSet<DeviceChannel>,
}

impl Recovery {
    /// The link was lost (or the token died) at `now_ms`: the next reconnect reads history
    /// from here on, unless an earlier gap is still unread, or no read of the whole range has
    /// completed yet (then it reads the whole range again).
    pub(crate) fn link_lost(&mut self, now_ms: i64) {
        if self.full_read_done {
            self.gap_from_ms.get_or_insert(now_ms);
        }
    }

    /// Where a read after a reconnect begins (ms; `None`: all history): the gap less
    /// `margin_ms`, never before the session's start `since_ms`.
    pub(crate) fn read_from(&self, since_ms: Option<i64>, margin_ms: i64) -> Option<i64> {
        match (self.gap_from_ms, since_ms) {
            (Some(lost), Some(since)) => Some((lost - margin_ms).max(since)),
            (Some(lost), None) => Some(lost - margin_ms),
            (None, since) => since,
        }
    }

    /// A read starts (after a reconnect, or a periodic check): it covers the gap open now.
    pub(crate) fn read_starts(&mut self) {
        self.covers = self.gap_from_ms;
    }

    /// A read ended: `complete` when every channel was read to its end, `full` when it read
    /// the session's whole range. A complete read closes the gap it covered (not one that
    /// opened again while it ran).
    pub(crate) fn read_done(&mut self, complete: bool, full: bool) {
        if complete && self.gap_from_ms == self.covers {
            self.gap_from_ms = None;
        }
        self.full_read_done |= complete && full;
    }

    /// A trigger of `target` was added from history.
    pub(crate) fn recovered_one(&mut self, target: &DeviceChannel) {
        *self.recovered.entry(target.clone()).or_default() += 1;
    }

    /// How many `target`'s read recovered since last asked.
    pub(crate) fn take_recovered(&mut self, target: &DeviceChannel) -> usize {
        self.recovered.remove(target).unwrap_or(0)
    }

    /// The server refused `target`: whether that is news (said once until it is allowed).
    pub(crate) fn refused(&mut self, target: &DeviceChannel) -> bool {
        self.refused.insert(target.clone())
    }

    /// The server answered for `target` again: a later refusal is worth saying again.
    pub(crate) fn allowed(&mut self, target: &DeviceChannel) {
        self.refused.remove(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trigger::DeviceId;

    const SINCE: Option<i64> = Some(1_000_000);
    const MARGIN: i64 = 5_000;

    /// A read starting: where it begins.
    fn start(r: &mut Recovery, since: Option<i64>) -> Option<i64> {
        r.read_starts();
        r.read_from(since, MARGIN)
    }

    fn finish() -> DeviceChannel {
        DeviceChannel {
            device: DeviceId::intern("231203017"),
            channel: 1,
        }
    }

    #[test]
    fn until_a_whole_read_completes_every_reconnect_reads_the_whole_range() {
        let mut r = Recovery::default();
        assert_eq!(start(&mut r, SINCE), SINCE, "the first read: all of it");
        r.link_lost(2_000_000);
        assert_eq!(start(&mut r, SINCE), SINCE, "not complete yet: again");
        r.read_done(false, true);
        r.link_lost(2_100_000);
        assert_eq!(
            start(&mut r, SINCE),
            SINCE,
            "an incomplete read counts for nothing"
        );
        r.read_done(true, true);
        r.link_lost(3_000_000);
        assert_eq!(
            start(&mut r, SINCE),
            Some(3_000_000 - MARGIN),
            "now only the gap"
        );
    }

    #[test]
    fn a_gap_stays_open_until_a_complete_read_covers_it() {
        let mut r = Recovery::default();
        start(&mut r, SINCE);
        r.read_done(true, true);
        r.link_lost(3_000_000);
        // A short-lived link in between: the gap still starts at the first loss.
        assert_eq!(start(&mut r, SINCE), Some(2_995_000));
        r.link_lost(3_500_000);
        assert_eq!(start(&mut r, SINCE), Some(2_995_000), "the earlier gap");
        r.read_done(false, false);
        assert_eq!(
            start(&mut r, SINCE),
            Some(2_995_000),
            "incomplete: still open"
        );
        r.read_done(true, false);
        assert_eq!(start(&mut r, SINCE), SINCE.map(|_| 1_000_000), "closed");
    }

    #[test]
    fn a_gap_that_opened_during_a_read_is_not_closed_by_it() {
        let mut r = Recovery::default();
        start(&mut r, SINCE);
        r.read_done(true, true);
        // The read starts with no gap; the link drops while it runs.
        assert_eq!(start(&mut r, SINCE), SINCE);
        r.link_lost(4_000_000);
        r.read_done(true, false);
        assert_eq!(start(&mut r, SINCE), Some(3_995_000), "still to read");
    }

    #[test]
    fn the_gap_never_reaches_before_the_sessions_start() {
        let mut r = Recovery::default();
        start(&mut r, SINCE);
        r.read_done(true, true);
        r.link_lost(1_002_000);
        assert_eq!(start(&mut r, SINCE), SINCE, "the margin stops at the start");
        let mut all = Recovery::default();
        start(&mut all, None);
        all.read_done(true, true);
        all.link_lost(1_002_000);
        assert_eq!(start(&mut all, None), Some(997_000), "no start: the margin");
    }

    #[test]
    fn recovered_counts_are_taken_once_and_a_refusal_is_said_once_until_allowed() {
        let mut r = Recovery::default();
        r.recovered_one(&finish());
        r.recovered_one(&finish());
        assert_eq!(r.take_recovered(&finish()), 2);
        assert_eq!(r.take_recovered(&finish()), 0);
        assert!(r.refused(&finish()));
        assert!(!r.refused(&finish()), "said once");
        r.allowed(&finish());
        assert!(r.refused(&finish()), "allowed meanwhile: news again");
    }
}
