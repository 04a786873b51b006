//! Silent-channel watchdogs: "expect a trigger on this channel at least every N s", and
//! "finishes may not fall more than K behind starts". Pure logic, no clock of its own: the
//! caller says what time it is and what the table holds.

use serde::{Deserialize, Serialize};

use super::time::TICKS_PER_SECOND;

/// What the official armed on one channel (kept with the session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchdogRule {
    pub device: String,
    pub channel: u16,
    /// A trigger at least every this many seconds (start interval plus grace).
    pub max_silence_s: Option<u32>,
    /// This channel (the finish) may not fall more than `max_behind` triggers behind the start.
    pub pair: Option<PairRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRule {
    pub start_device: String,
    pub start_channel: u16,
    pub max_behind: u32,
}

/// Why a watchdog tripped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trip {
    /// No trigger for this many seconds.
    Silent { seconds: i64 },
    /// The finish is this many triggers behind the start.
    Behind { behind: u64 },
}

/// What the table holds of the channels a watchdog watches, now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    /// When this laptop received the channel's newest trigger (ticks).
    pub last_received: Option<i64>,
    /// Triggers held on the channel, and on the paired start channel.
    pub count: u64,
    pub start_count: u64,
}

/// An armed watchdog and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watchdog {
    pub rule: WatchdogRule,
    /// Silence is measured from here when no trigger came after it (armed or acknowledged).
    since: i64,
    /// Counts when armed or acknowledged: only what came after counts for the pair.
    base_count: u64,
    base_start: u64,
    pub tripped: Option<Trip>,
}

impl Watchdog {
    pub fn arm(rule: WatchdogRule, now: i64, seen: Seen) -> Self {
        Self {
            rule,
            since: now,
            base_count: seen.count,
            base_start: seen.start_count,
            tripped: None,
        }
    }

    /// Checks the rule; returns the trip when it trips now (it then stays tripped until
    /// acknowledged, even if triggers come again).
    pub fn check(&mut self, now: i64, seen: Seen) -> Option<Trip> {
        if self.tripped.is_some() {
            return None;
        }
        let silent = self.silent_seconds(now, seen);
        let trip = match (self.rule.max_silence_s, &self.rule.pair) {
            (Some(max), _) if silent > i64::from(max) => Some(Trip::Silent { seconds: silent }),
            (_, Some(pair)) => {
                let starts = seen.start_count.saturating_sub(self.base_start);
                let finishes = seen.count.saturating_sub(self.base_count);
                let behind = starts.saturating_sub(finishes);
                (behind > u64::from(pair.max_behind)).then_some(Trip::Behind { behind })
            }
            _ => None,
        };
        self.tripped = trip;
        trip
    }

    /// Seconds without a trigger on the watched channel at `now` (since the last trigger, or
    /// since it was armed or acknowledged): what a tripped banner says, counting on.
    pub fn silent_seconds(&self, now: i64, seen: Seen) -> i64 {
        let quiet_since = seen.last_received.map_or(self.since, |t| t.max(self.since));
        (now - quiet_since) / TICKS_PER_SECOND
    }

    /// When (ticks) a silence rule trips if nothing arrives before: the app wakes up then,
    /// even with nothing else to draw. `None` when tripped already or no silence rule.
    pub fn silence_trips_at(&self, seen: Seen) -> Option<i64> {
        let max = self.rule.max_silence_s?;
        if self.tripped.is_some() {
            return None;
        }
        let quiet_since = seen.last_received.map_or(self.since, |t| t.max(self.since));
        Some(quiet_since + (i64::from(max) + 1) * TICKS_PER_SECOND)
    }

    /// The official saw it: watching starts again from now.
    pub fn acknowledge(&mut self, now: i64, seen: Seen) {
        *self = Self::arm(self.rule.clone(), now, seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = TICKS_PER_SECOND;

    fn rule(silence: Option<u32>, behind: Option<u32>) -> WatchdogRule {
        WatchdogRule {
            device: "2".into(),
            channel: 1,
            max_silence_s: silence,
            pair: behind.map(|max_behind| PairRule {
                start_device: "1".into(),
                start_channel: 0,
                max_behind,
            }),
        }
    }

    #[test]
    fn a_silent_channel_trips_after_its_interval_and_stays_until_acknowledged() {
        let mut w = Watchdog::arm(rule(Some(30), None), 0, Seen::default());
        assert_eq!(w.check(30 * S, Seen::default()), None, "not yet");
        let seen = Seen {
            last_received: Some(20 * S),
            ..Seen::default()
        };
        assert_eq!(w.check(45 * S, seen), None, "a trigger at 20 s");
        assert_eq!(w.check(51 * S, seen), Some(Trip::Silent { seconds: 31 }));
        let later = Seen {
            last_received: Some(60 * S),
            ..seen
        };
        assert_eq!(w.check(61 * S, later), None, "reported once");
        assert!(w.tripped.is_some(), "stays until acknowledged");
        w.acknowledge(61 * S, later);
        assert!(w.tripped.is_none());
        assert_eq!(w.check(80 * S, later), None);
        assert!(w.check(92 * S, later).is_some(), "watches again");
    }

    #[test]
    fn finishes_falling_behind_starts_trip_counting_from_arming() {
        let at_arming = Seen {
            count: 10,
            start_count: 14,
            last_received: None,
        };
        let mut w = Watchdog::arm(rule(None, Some(3)), 0, at_arming);
        let seen = |finishes: u64, starts: u64| Seen {
            count: 10 + finishes,
            start_count: 14 + starts,
            last_received: None,
        };
        assert_eq!(w.check(S, seen(0, 3)), None, "3 behind is allowed");
        assert_eq!(w.check(S, seen(1, 5)), Some(Trip::Behind { behind: 4 }));
        w.acknowledge(2 * S, seen(1, 5));
        assert_eq!(
            w.check(3 * S, seen(2, 6)),
            None,
            "from the acknowledgement on"
        );
    }
}
