//! History reconciliation, run beside the live link so heart-beats never wait on REST. It reads
//! each (device, channel) through the gate and hands the triggers to the session loop, which
//! deduplicates them against what push already delivered.
//!
//! The reference leaves the list's page size, sort order, bound inclusiveness and tie order
//! open (§5.2, §11.7), so a read assumes none of them: it pages by offset until the server
//! returns an empty page, asks one millisecond beyond each bound, re-reads a millisecond that
//! straddles two pages (ties may come in another order on the next request), and stops, saying so,
//! when a page lists exactly what the one before it did (a server that ignores `offset` must
//! not be read in a loop). Pages of old news alone prove nothing: on a newest-first list,
//! triggers arriving during the read push what was already read down into the next pages.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::mpsc;

use futures_util::StreamExt;

use super::gate::Gate;
use crate::model::time::{now_ticks, ticks_to_millis};
use crate::model::trigger::{channel_label, DeviceId, TriggerKind};
use crate::mt1::rest::{ApiError, HistoryPage, TimeRange, HISTORY_CAP};
use crate::mt1::trigger::TriggerMessage;

/// One channel of one device: what a count, a history read and a completeness check are about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DeviceChannel {
    pub device: DeviceId,
    pub channel: u16,
}

/// A record as a page lists it: a ClearTrigger shares its trigger's timestamp, an edit on the
/// device its timestamp with another bib.
type Record = (i64, bool, Option<i64>);

/// What a reconcile tells the session loop, in order.
pub(crate) enum Report {
    /// One page of history, to be filed like pushed triggers.
    Page {
        target: DeviceChannel,
        triggers: Vec<TriggerMessage>,
    },
    Reconciled {
        target: DeviceChannel,
        server_count: Option<u64>,
        /// When the count was asked for (ticks): pushes after it are not in it.
        counted_at: i64,
        fetched: usize,
        /// Set when the history was read to its end: what it listed.
        complete: Option<Listing>,
        /// The read covered the session's whole range (not a reconnect window).
        full: bool,
    },
    /// A target's history is about to be read: the server counts this many triggers in it
    /// (for "reading history: N of ~M").
    Counted {
        triggers: u64,
    },
    /// Every target was read (or found settled) without an error.
    Done {
        complete: bool,
        /// It read the session's whole range.
        full: bool,
    },
    /// The server refuses this device channel (not allowed).
    Refused {
        target: DeviceChannel,
        why: String,
    },
    Problem(String),
    SignedOut(String),
}

/// What a complete history read of one channel listed, and what it covered.
pub(crate) struct Listing {
    pub range: TimeRange,
    /// When the read began (ticks).
    pub began: i64,
    /// Timestamps of the triggers (not ClearTriggers) it listed.
    pub timestamps: HashSet<i64>,
    /// It skipped items that did not decode: their timestamps are unknown, so this read
    /// cannot say that a held trigger is gone.
    pub skipped: bool,
}

pub(crate) struct Plan {
    pub targets: Vec<DeviceChannel>,
    pub range: TimeRange,
    /// `timestampFrom_ms` for counts (the session's lower bound).
    pub count_from: Option<i64>,
    /// Periodic check: read history only where the server count is none of these (what is
    /// held, in both readings, and what an earlier complete read showed the count to be).
    pub settled: Option<HashMap<DeviceChannel, Vec<u64>>>,
    /// The range is the session's whole range.
    pub full: bool,
}

/// Reads every target side by side (the gate keeps the calls in flight to its limit); each
/// channel's pages one after another, as the rules above need.
/// An expired sign-in stops them all.
pub(crate) async fn run(gate: Arc<Gate>, plan: Plan, tx: mpsc::UnboundedSender<Report>) {
    // Every channel at once: each waits for the gate's turn call by call, so a channel never
    // holds a turn while it thinks, and the slow link's latency overlaps across all of them.
    let mut reads = futures_util::stream::iter(plan.targets.iter().cloned())
        .map(|target| read_target(&gate, &plan, target, &tx))
        .buffer_unordered(plan.targets.len().max(1));
    let mut all_complete = true;
    while let Some(end) = reads.next().await {
        match end {
            // The other reads stop with `reads`.
            TargetEnd::SignedOut => return,
            TargetEnd::Read { complete } => all_complete &= complete,
        }
    }
    drop(reads);
    let _ = tx.send(Report::Done {
        complete: all_complete,
        full: plan.full,
    });
}

/// How one target's count and read ended.
enum TargetEnd {
    /// `complete`: counted, and read to its end or found settled (a refused channel counts
    /// as complete: it is tried again with every check).
    Read { complete: bool },
    /// The sign-in expired: said, and nothing more is read.
    SignedOut,
}

/// One target: its count, then (unless the count shows it settled) its history.
async fn read_target(
    gate: &Gate,
    plan: &Plan,
    target: DeviceChannel,
    tx: &mpsc::UnboundedSender<Report>,
) -> TargetEnd {
    let (device, channel) = (target.device.clone(), target.channel);
    let label = format!("{device} {}", channel_label(channel));
    // When the count was asked for: its turn may come after other channels' calls.
    let asked_at = std::sync::atomic::AtomicI64::new(now_ticks());
    let count = gate
        .call(|c, t| {
            asked_at.store(now_ticks(), std::sync::atomic::Ordering::Relaxed);
            let device = device.clone();
            async move { c.trigger_count(&t, &device, channel, plan.count_from).await }
        })
        .await;
    let counted_at = asked_at.load(std::sync::atomic::Ordering::Relaxed);
    let server_count = match count {
        Ok(n) => Some(n),
        Err(e) if e.is_expired() => {
            let _ = tx.send(Report::SignedOut(e.to_string()));
            return TargetEnd::SignedOut;
        }
        // Refused for this device channel (-2011, reference §10.2): said once by the
        // session, skipped, and no reason to call the read incomplete; tried again with
        // every check, so it is read as soon as the server allows it.
        Err(ApiError::NotAllowed(why)) => {
            let _ = tx.send(Report::Refused { target, why });
            return TargetEnd::Read { complete: true };
        }
        Err(e) => {
            let _ = tx.send(Report::Problem(format!(
                "{label}: trigger count failed: {e}"
            )));
            None
        }
    };
    let unchanged = plan.settled.as_ref().is_some_and(|settled| {
        server_count.is_some_and(|n| settled.get(&target).is_some_and(|ok| ok.contains(&n)))
    });
    // The count covers the session's whole range: a total to read towards only when the
    // read covers it too (a reconnect's window says how many it has read, of no total).
    if let (false, true, Some(n)) = (unchanged, plan.full, server_count) {
        let _ = tx.send(Report::Counted { triggers: n });
    }
    let (fetched, complete) = if unchanged {
        (0, None)
    } else {
        match read_history(gate, &target, plan.range, tx).await {
            Ok(read) => read,
            Err(e) if e.is_expired() => {
                let _ = tx.send(Report::SignedOut(e.to_string()));
                return TargetEnd::SignedOut;
            }
            Err(e) => {
                let _ = tx.send(Report::Problem(format!("{label}: history not read: {e}")));
                (0, None)
            }
        }
    };
    let done = server_count.is_some() && (unchanged || complete.is_some());
    let _ = tx.send(Report::Reconciled {
        target,
        server_count,
        counted_at,
        fetched,
        complete,
        full: plan.full,
    });
    TargetEnd::Read { complete: done }
}

/// The millisecond a page item falls in (`None` for an item that did not decode).
fn millis(page: &HistoryPage) -> Vec<Option<i64>> {
    page.order
        .iter()
        .map(|i| i.map(|i| ticks_to_millis(page.triggers[i].trigger.key.timestamp)))
        .collect()
}

/// How many items at the end of a page share the last item's millisecond.
fn edge_run(millis: &[Option<i64>]) -> usize {
    match millis.last() {
        Some(Some(last)) => millis
            .iter()
            .rev()
            .take_while(|m| **m == Some(*last))
            .count(),
        _ => 0,
    }
}

/// Reads one channel's history over `range`, page by page, to its end. Returns how many
/// items the server listed and, if the read reached its end, what it listed.
async fn read_history(
    gate: &Gate,
    target: &DeviceChannel,
    range: TimeRange,
    tx: &mpsc::UnboundedSender<Report>,
) -> Result<(usize, Option<Listing>), ApiError> {
    let (device, channel) = (&target.device, target.channel);
    let label = || format!("{device} {}", channel_label(channel));
    // Whether the server's bounds include the millisecond they name is unknown: ask for one
    // more on each side; the book drops what it already holds.
    let asked = TimeRange {
        from_ms: range.from_ms.map(|ms| ms - 1),
        to_ms: range.to_ms.map(|ms| ms + 1),
    };
    let began = now_ticks();
    let mut timestamps = HashSet::new();
    let mut records: HashSet<Record> = HashSet::new();
    let mut previous: Vec<Record> = Vec::new();
    let mut offset = 0;
    let mut fetched = 0;
    let mut skipped = false;
    // The previous page's last millisecond, how many items ended it, and its size.
    let mut edge: Option<(i64, usize, usize)> = None;
    loop {
        let page = gate
            .call(|c, t| async move { c.trigger_page(&t, device, channel, asked, offset).await })
            .await?;
        if page.items == 0 {
            let listing = Listing {
                range,
                began,
                timestamps,
                skipped,
            };
            return Ok((fetched, Some(listing)));
        }
        skipped |= !page.rejected.is_empty();
        for e in &page.rejected {
            let _ = tx.send(Report::Problem(format!(
                "{}: skipped a history item that did not decode: {e}",
                label()
            )));
        }
        let millis = millis(&page);
        let (fresh, listed) = note_page(&page.triggers, &mut records, &mut timestamps);
        fetched += fresh + page.rejected.len();
        let items = page.items;
        let _ = tx.send(Report::Page {
            target: target.clone(),
            triggers: page.triggers,
        });
        if fresh == 0 && listed == previous {
            // The server repeats itself (it may not support `offset`): reading on would only
            // spend the quota.
            let _ = tx.send(Report::Problem(format!(
                "{}: the server listed the same history again from offset {offset}; \
                 the history read stopped there and may be incomplete",
                label()
            )));
            return Ok((fetched, None));
        }
        previous = listed;
        // The previous page's last millisecond goes on at the top of this one: the triggers
        // sharing it may have come in another order in the two answers, so some may have
        // been listed twice and others not at all. Read it again whole, from where it began
        // (once; it costs a request only where a millisecond straddles two pages).
        if let (Some((ms, run, before)), Some(Some(first))) = (edge, millis.first()) {
            if *first == ms && run < before {
                offset -= run;
                edge = None;
                continue;
            }
        }
        offset += items;
        edge = match millis.last() {
            Some(Some(last)) => Some((*last, edge_run(&millis), items)),
            _ => None,
        };
        if offset >= HISTORY_CAP {
            let _ = tx.send(Report::Problem(format!(
                "{}: history has over {HISTORY_CAP} triggers; choose a later start time",
                label()
            )));
            return Ok((fetched, None));
        }
    }
}

/// A page's records, sorted (to compare with the previous page's), and how many were not
/// seen before; the timestamps it lists (clears aside) are added to `timestamps`.
fn note_page(
    triggers: &[TriggerMessage],
    records: &mut HashSet<Record>,
    timestamps: &mut HashSet<i64>,
) -> (usize, Vec<Record>) {
    let mut fresh = 0;
    let mut listed: Vec<Record> = Vec::with_capacity(triggers.len());
    for m in triggers {
        let t = &m.trigger;
        let clear = t.facts.kind == TriggerKind::Clear;
        let record = (
            t.key.timestamp,
            clear,
            t.facts.bib.as_ref().map(|b| b.number),
        );
        if records.insert(record) {
            fresh += 1;
        }
        listed.push(record);
        if !clear {
            timestamps.insert(t.key.timestamp);
        }
    }
    listed.sort_unstable();
    (fresh, listed)
}

#[cfg(test)]
mod tests {
    use super::edge_run;

    #[test]
    fn the_edge_is_the_run_of_the_last_millisecond() {
        assert_eq!(edge_run(&[]), 0);
        assert_eq!(edge_run(&[Some(1), Some(2), Some(2)]), 2);
        assert_eq!(edge_run(&[Some(3), Some(3)]), 2);
        assert_eq!(edge_run(&[Some(2), None]), 0, "an undecodable last item");
        assert_eq!(edge_run(&[Some(2), None, Some(2)]), 1);
    }
}
