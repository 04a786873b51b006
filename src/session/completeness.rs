//! Whether a channel is complete: the server's count against what is held, and triggers a
//! complete read no longer lists (missing on server). Where the reference is unsure (does the
//! count honour the time filter, are the bounds inclusive, do the filters use the trigger's
//! time or the server's), what a complete read showed is taken as the truth.

use std::collections::HashMap;

use super::book::{CompleteRead, HereCount, TriggerBook, TriggerEvent};
use super::reconcile::{DeviceChannel, Listing};
use crate::model::time::TICKS_PER_MILLI;
use crate::model::trigger::channel_label;
use crate::mt1::trigger::RawText;

/// Whether the list's time filters apply to the trigger's time or to when the server received
/// it is unknown (§11.7): a trigger from a device whose clock runs ahead may be left out of a
/// read whose lower bound it lies just inside. Only triggers this far inside are judged
/// missing on server by that read.
const MISSING_MARGIN_MS: i64 = 120_000;

/// Per channel, the server count and what was held when a complete read of the whole range
/// last agreed with the server's history. The count may include what the history does not
/// list (it may ignore the time filter, or bounds may differ): a count that has moved in
/// step with what is held since then needs no new read, and is no gap.
#[derive(Debug, Default)]
pub(super) struct Baselines(HashMap<DeviceChannel, (u64, HereCount)>);

impl Baselines {
    /// The server counts that agree with `here`: it in both readings, and each moved on from
    /// the baseline by as much as `here` has.
    pub(super) fn expected(&self, target: &DeviceChannel, here: HereCount) -> Vec<u64> {
        let mut ok = vec![here.triggers, here.records];
        if let Some((n0, h0)) = self.0.get(target) {
            let moved = |now: u64, then: u64| (*n0 as i64) + (now as i64 - then as i64);
            for n in [
                moved(here.triggers, h0.triggers),
                moved(here.records, h0.records),
            ] {
                ok.extend(u64::try_from(n).ok());
            }
        }
        ok
    }

    /// Takes a checked count against `then`, what was held when the server counted (the
    /// triggers pushed since are not in its count). It becomes the baseline when the two
    /// agree, or when a complete read of the whole range stands behind it. Returns whether it
    /// is a mismatch (a possible gap).
    pub(super) fn settle(
        &mut self,
        target: &DeviceChannel,
        server: Option<u64>,
        then: HereCount,
        complete_and_full: bool,
    ) -> bool {
        let Some(n) = server else {
            return false;
        };
        if then.matches(n) || complete_and_full {
            self.0.insert(target.clone(), (n, then));
        }
        !self.expected(target, then).contains(&n)
    }
}

/// A complete read no longer lists some active triggers of this channel, well inside its
/// range: they were deleted online while nobody listened. They are marked (kept, journalled
/// with `note` as the reason); returns the events and the problem to report. The server's
/// count has no say: a deletion and a bib edited in the same outage (the edit a record of its
/// own) leave it equal to what is held, and the list is the evidence. A read that skipped an
/// item it could not decode proves nothing.
pub(super) fn missing_on_server(
    book: &mut TriggerBook,
    target: &DeviceChannel,
    listing: &Listing,
) -> Option<(Vec<TriggerEvent>, String)> {
    if listing.skipped {
        return None;
    }
    let to_ticks = |ms: i64| ms.saturating_mul(TICKS_PER_MILLI);
    let range = listing.range;
    let read = CompleteRead {
        device_id: &target.device,
        channel: target.channel,
        from: range
            .from_ms
            .map(|ms| to_ticks(ms.saturating_add(MISSING_MARGIN_MS))),
        // The whole last millisecond.
        to: range.to_ms.map(|ms| to_ticks(ms + 1) - 1),
        before: listing.began,
        listed: &listing.timestamps,
    };
    let bound = |ms: Option<i64>| ms.map_or("null".into(), |v| v.to_string());
    let note = RawText::from(format!(
        r#"{{"mt1Monitor":"missing on server","reason":"not listed by a complete history read","deviceId":"{}","channel":{},"timestampFrom_ms":{},"timestampTo_ms":{}}}"#,
        target.device,
        target.channel,
        bound(range.from_ms),
        bound(range.to_ms),
    ));
    let events = book.mark_missing(&read, &note);
    if events.is_empty() {
        return None;
    }
    let times: Vec<String> = events.iter().take(3).map(|e| e.row.device_time()).collect();
    let more = if events.len() > 3 { ", …" } else { "" };
    let problem = format!(
        "{} {}: {} trigger(s) no longer on ALGE Results (deleted online while the link was down?): {}{more}; kept and marked missing on server",
        target.device,
        channel_label(target.channel),
        events.len(),
        times.join(", "),
    );
    Some((events, problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(triggers: u64) -> HereCount {
        HereCount {
            triggers,
            records: triggers,
        }
    }

    #[test]
    fn a_baseline_moves_in_step_and_triggers_pushed_during_the_read_do_not_skew_it() {
        let target = DeviceChannel {
            device: "231203017".into(),
            channel: 1,
        };
        let mut b = Baselines::default();
        // The server's count ignores the time filter: it counts 2 from before the session.
        // 3 were held when it counted (a complete read of the whole range found no more);
        // 1 more was pushed during the read.
        assert!(!b.settle(&target, Some(5), held(3), true), "no gap");
        // Next check: the server counts the pushed one too; 4 are held.
        assert!(b.expected(&target, held(4)).contains(&6), "settled");
        assert!(
            !b.expected(&target, held(4)).contains(&7),
            "a trigger held nowhere here is a gap"
        );
        // Without a complete read behind it, a disagreeing count is a mismatch.
        let other = DeviceChannel {
            device: "231203016".into(),
            channel: 0,
        };
        assert!(b.settle(&other, Some(9), held(3), false));
    }
}
