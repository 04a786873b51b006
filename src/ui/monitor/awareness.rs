//! What the official must notice without looking for it: the link's pulse, each device's
//! latency and clock, triggers with a wrong device date, and the silent-channel watchdogs.
//! Plain state, fed by the monitor's events; the app turns its alarms into sound.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::WallTime;
use crate::model::trigger::{DeviceId, TriggerKind};
use crate::model::watchdog::{PairRule, Seen, Trip, Watchdog, WatchdogRule};
use crate::ui::look::format::wrong_date;
use crate::ui::table::state::TriggerTable;

/// One device as the link shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceHealth {
    /// From device time to this laptop, for its last pushed trigger.
    pub latency_ms: Option<i64>,
    /// The time zone offset its triggers report (minutes).
    pub offset_min: Option<i32>,
}

#[derive(Default)]
pub struct Awareness {
    /// When the link last delivered a frame or a heart-beat.
    pub link_heard: Option<SystemTime>,
    pub devices: HashMap<DeviceId, DeviceHealth>,
    /// Pushed triggers since the app last took them (for the beeps).
    pub pushed: Vec<(DeviceId, u16)>,
    /// A new cause for the alarm (a watchdog tripped, the link lost): it sounds at once.
    alarm: bool,
    /// The link was lost and is not back: the alarm repeats while it stays down.
    link_alarm: bool,
    /// While a cause lasts, when the alarm sounds again, and how often it has sounded.
    alarm_next: Option<SystemTime>,
    alarm_rounds: u32,
    /// Pushed triggers whose device date is not the date they arrived on.
    pub wrong_dates: u64,
    pub watchdogs: Vec<Watchdog>,
    /// Trips not yet kept with the session (the jury summary lists them), a line each.
    pub new_trips: Vec<String>,
    /// The armed rules changed: the app keeps them with the session.
    pub rules_changed: bool,
}

/// How often the alarm sounds again while its cause lasts (a tripped watchdog not yet
/// acknowledged, the link still down).
pub const ALARM_REPEAT: Duration = Duration::from_secs(5);

impl Awareness {
    /// A trigger event: `is_new` for its first arrival.
    pub fn on_trigger(&mut self, row: &TriggerRow, is_new: bool) {
        let health = self.devices.entry(row.key.device_id.clone()).or_default();
        health.offset_min = Some(row.facts.time_offset_min);
        if !is_new || row.source != Source::Push || row.facts.kind == TriggerKind::Clear {
            return;
        }
        health.latency_ms = Some(row.latency_ms());
        if row.state == TriggerState::Active {
            self.pushed
                .push((row.key.device_id.clone(), row.key.channel));
        }
        if wrong_date(row) {
            self.wrong_dates += 1;
        }
    }

    /// The link went from live to lost: worth an alarm, again and again while it stays down.
    pub fn link_lost(&mut self) {
        self.alarm = true;
        self.link_alarm = true;
    }

    /// Whether the alarm sounds now (`link_down`: the link is not live): at once for a new
    /// cause, then every [`ALARM_REPEAT`] while a watchdog stays tripped or the lost link
    /// stays down. Returns how many times it sounded before for this cause (louder each time).
    pub fn take_alarm(&mut self, now: SystemTime, link_down: bool) -> Option<u32> {
        self.link_alarm &= link_down;
        let cause = self.link_alarm || self.watchdogs.iter().any(|w| w.tripped.is_some());
        if !cause {
            self.alarm = false;
            self.alarm_next = None;
            self.alarm_rounds = 0;
            return None;
        }
        let due = std::mem::take(&mut self.alarm) || self.alarm_next.is_none_or(|t| now >= t);
        if !due {
            return None;
        }
        let round = self.alarm_rounds;
        self.alarm_rounds += 1;
        self.alarm_next = Some(now + ALARM_REPEAT);
        Some(round)
    }

    /// When the alarm sounds next, if a cause lasts (the app wakes up for it).
    pub fn alarm_next(&self) -> Option<SystemTime> {
        self.alarm_next
    }

    /// How long until a watchdog can trip with nothing arriving (the app wakes up for it).
    pub fn next_watchdog_check(&self, table: &TriggerTable, now: i64) -> Option<Duration> {
        self.watchdogs
            .iter()
            .filter_map(|w| w.silence_trips_at(Self::seen(table, &w.rule)))
            .min()
            .map(|at| Duration::from_nanos(u64::try_from((at - now).max(0)).unwrap_or(0) * 100))
    }

    /// Seconds without a trigger on watchdog `index`'s channel, now.
    pub fn silent_seconds(&self, index: usize, table: &TriggerTable, now: i64) -> i64 {
        self.watchdogs
            .get(index)
            .map_or(0, |w| w.silent_seconds(now, Self::seen(table, &w.rule)))
    }

    /// Devices that report different time zones, as "name +60 min" texts, if they differ.
    pub fn offsets_differ(&self, names: &HashMap<DeviceId, String>) -> Option<String> {
        let mut seen: Vec<(String, i32)> = self
            .devices
            .iter()
            .filter_map(|(id, h)| {
                let name = names.get(id).cloned().unwrap_or_else(|| id.to_string());
                h.offset_min.map(|o| (name, o))
            })
            .collect();
        let first = seen.first()?.1;
        if seen.iter().all(|(_, o)| *o == first) {
            return None;
        }
        seen.sort();
        Some(
            seen.iter()
                .map(|(n, o)| format!("{n} {o:+} min"))
                .collect::<Vec<_>>()
                .join(", "),
        )
    }

    fn seen(table: &TriggerTable, rule: &WatchdogRule) -> Seen {
        let own = table.channel(&rule.device, rule.channel);
        let start = rule
            .pair
            .as_ref()
            .map(|p| table.channel(&p.start_device, p.start_channel).held)
            .unwrap_or(0);
        Seen {
            last_received: own.last_received,
            count: own.held,
            start_count: start,
        }
    }

    /// Arms (or re-arms) a watchdog on the rule's channel.
    pub fn arm(&mut self, rule: WatchdogRule, table: &TriggerTable, now: i64) {
        self.disarm(&rule.device, rule.channel);
        let seen = Self::seen(table, &rule);
        self.watchdogs.push(Watchdog::arm(rule, now, seen));
        self.rules_changed = true;
    }

    pub fn disarm(&mut self, device: &str, channel: u16) {
        let before = self.watchdogs.len();
        self.watchdogs
            .retain(|w| !(w.rule.device == device && w.rule.channel == channel));
        self.rules_changed |= before != self.watchdogs.len();
    }

    pub fn rule(&self, device: &str, channel: u16) -> Option<&WatchdogRule> {
        self.watchdogs
            .iter()
            .map(|w| &w.rule)
            .find(|r| r.device == device && r.channel == channel)
    }

    /// Checks every watchdog; a new trip sounds the alarm.
    pub fn check_watchdogs(&mut self, table: &TriggerTable, now: i64) {
        for w in &mut self.watchdogs {
            let seen = Self::seen(table, &w.rule);
            if let Some(trip) = w.check(now, seen) {
                self.alarm = true;
                self.new_trips.push(trip_line(&w.rule, trip, now));
            }
        }
    }

    pub fn acknowledge(&mut self, index: usize, table: &TriggerTable, now: i64) {
        if let Some(w) = self.watchdogs.get_mut(index) {
            let seen = Self::seen(table, &w.rule);
            w.acknowledge(now, seen);
        }
    }

    pub fn rules(&self) -> Vec<WatchdogRule> {
        self.watchdogs.iter().map(|w| w.rule.clone()).collect()
    }
}

/// A trip as the tape and the jury summary say it (English, as the files are).
fn trip_line(rule: &WatchdogRule, trip: Trip, now: i64) -> String {
    let at = WallTime::from_ticks(now).time_of_day();
    let what = match trip {
        Trip::Silent { seconds } => format!("no trigger for {seconds} s"),
        Trip::Behind { behind } => format!("{behind} behind the start"),
    };
    format!(
        "{at} UTC watchdog on {} {} tripped: {what}",
        rule.device,
        crate::model::trigger::channel_label(rule.channel)
    )
}

/// The dialog's fields while the official sets a watchdog up.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchdogDraft {
    pub device: DeviceId,
    pub channel: u16,
    pub silence_on: bool,
    pub silence_s: u32,
    pub pair_on: bool,
    /// The start channel the finish is paired with.
    pub start: Option<(DeviceId, u16)>,
    pub max_behind: u32,
}

impl WatchdogDraft {
    /// The dialog for a channel: its armed rule, or the defaults (2 min of silence).
    pub fn for_channel(
        aware: &Awareness,
        defaults: (u32, u32),
        device: &DeviceId,
        channel: u16,
    ) -> Self {
        let rule = aware.rule(device, channel);
        let pair = rule.and_then(|r| r.pair.as_ref());
        Self {
            device: device.clone(),
            channel,
            silence_on: rule.is_none_or(|r| r.max_silence_s.is_some()),
            silence_s: rule.and_then(|r| r.max_silence_s).unwrap_or(defaults.0),
            pair_on: pair.is_some(),
            start: pair.map(|p| (DeviceId::intern(&p.start_device), p.start_channel)),
            max_behind: pair.map_or(defaults.1, |p| p.max_behind),
        }
    }

    pub fn rule(&self) -> WatchdogRule {
        WatchdogRule {
            device: self.device.to_string(),
            channel: self.channel,
            max_silence_s: self.silence_on.then_some(self.silence_s),
            pair: match (&self.start, self.pair_on) {
                (Some((d, c)), true) => Some(PairRule {
                    start_device: d.to_string(),
                    start_channel: *c,
                    max_behind: self.max_behind,
                }),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::TICKS_PER_SECOND;

    fn tripped_watchdog(aware: &mut Awareness) {
        let table = TriggerTable::default();
        let rule = WatchdogRule {
            device: "231203017".into(),
            channel: 1,
            max_silence_s: Some(5),
            pair: None,
        };
        aware.arm(rule, &table, 0);
        aware.check_watchdogs(&table, 10 * TICKS_PER_SECOND);
        assert!(aware.watchdogs[0].tripped.is_some());
        assert_eq!(aware.silent_seconds(0, &table, 16 * TICKS_PER_SECOND), 16);
    }

    #[test]
    fn a_tripped_watchdog_sounds_every_five_seconds_until_acknowledged() {
        let mut aware = Awareness::default();
        tripped_watchdog(&mut aware);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(aware.take_alarm(at(0), false), Some(0), "at once");
        assert_eq!(aware.take_alarm(at(1), false), None);
        assert_eq!(aware.take_alarm(at(4), false), None);
        assert_eq!(aware.take_alarm(at(5), false), Some(1), "again, louder");
        assert_eq!(aware.take_alarm(at(10), false), Some(2));
        aware.acknowledge(0, &TriggerTable::default(), 11 * TICKS_PER_SECOND);
        assert_eq!(aware.take_alarm(at(15), false), None, "acknowledged: quiet");
        assert_eq!(aware.alarm_next(), None);
    }

    #[test]
    fn a_lost_link_sounds_again_while_it_stays_down() {
        let mut aware = Awareness::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let at = |s: u64| t0 + Duration::from_secs(s);
        aware.link_lost();
        assert_eq!(aware.take_alarm(at(0), true), Some(0));
        assert_eq!(aware.take_alarm(at(6), true), Some(1));
        assert_eq!(aware.take_alarm(at(12), false), None, "the link is back");
        assert_eq!(
            aware.take_alarm(at(20), true),
            None,
            "down again, but not lost anew"
        );
    }
}
