//! Double impulses: a second impulse on the same device channel within a set time of the one
//! before (a bouncing start gate, a photocell seeing a ski pole). Marked "double?" for the
//! official to decide, never dropped. Pure; the table keeps one up to date, exports build one.

use std::collections::{BTreeSet, HashMap};

use super::row::{TriggerRow, TriggerState};
use super::time::TICKS_PER_MILLI;
use super::trigger::{DeviceId, TriggerKey, TriggerKind};

/// What a timing official uses unless told otherwise.
pub const DEFAULT_WITHIN_MS: u32 = 300;

#[derive(Debug, Clone)]
pub struct Doubles {
    within: i64,
    /// The standing impulses' times per device channel.
    standing: HashMap<(DeviceId, u16), BTreeSet<i64>>,
}

impl Default for Doubles {
    fn default() -> Self {
        Self::new(DEFAULT_WITHIN_MS)
    }
}

/// Whether a row is an impulse that stands (a cleared or deleted one bounces nothing).
fn stands(row: &TriggerRow) -> bool {
    row.state == TriggerState::Active && row.facts.kind != TriggerKind::Clear
}

impl Doubles {
    /// `within_ms` 0: nothing is ever a double.
    pub fn new(within_ms: u32) -> Self {
        Self {
            within: i64::from(within_ms) * TICKS_PER_MILLI,
            standing: HashMap::new(),
        }
    }

    /// Every row's latest state at once (an export).
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a TriggerRow>, within_ms: u32) -> Self {
        let mut d = Self::new(within_ms);
        for r in rows {
            d.set(r);
        }
        d
    }

    /// Takes a row's latest state in.
    pub fn set(&mut self, row: &TriggerRow) {
        let channel = (row.key.device_id.clone(), row.key.channel);
        if stands(row) {
            self.standing
                .entry(channel)
                .or_default()
                .insert(row.key.timestamp);
        } else if let Some(times) = self.standing.get_mut(&channel) {
            times.remove(&row.key.timestamp);
        }
    }

    /// Whether the impulse at `key` stands within the set time after another on its channel.
    pub fn is_double(&self, key: &TriggerKey) -> bool {
        if self.within <= 0 {
            return false;
        }
        self.standing
            .get(&(key.device_id.clone(), key.channel))
            .is_some_and(|times| {
                times.contains(&key.timestamp)
                    && times
                        .range(key.timestamp - self.within..key.timestamp)
                        .next_back()
                        .is_some()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::sample;

    fn row(channel: u16, ms: i64, state: TriggerState) -> TriggerRow {
        let at = 1_000_000 * TICKS_PER_MILLI + ms * TICKS_PER_MILLI;
        TriggerRow {
            state,
            ..sample("5", channel, at, None)
        }
    }

    #[test]
    fn the_second_within_300_ms_on_the_same_channel_is_a_double() {
        let first = row(0, 0, TriggerState::Active);
        let bounce = row(0, 299, TriggerState::Active);
        let later = row(0, 700, TriggerState::Active);
        let other_channel = row(1, 100, TriggerState::Active);
        let mut d = Doubles::of([&first, &bounce, &later, &other_channel], 300);
        assert!(
            !d.is_double(&first.key),
            "the first impulse is the real one"
        );
        assert!(d.is_double(&bounce.key));
        assert!(!d.is_double(&later.key));
        assert!(!d.is_double(&other_channel.key));
        // The first cleared: the bounce stands alone.
        d.set(&row(0, 0, TriggerState::Cleared));
        assert!(!d.is_double(&bounce.key));
        assert!(!Doubles::of([&first, &bounce], 0).is_double(&bounce.key));
    }
}
