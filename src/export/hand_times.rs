//! Race Horology's hand-time files, as an official prepares them: Start or Ziel (finish) per
//! device channel, in the file name; a window of the day (training impulses stay out); and a
//! check of the device's time against this laptop's, since Race Horology pairs a hand time
//! with an electronic one only within 1 s (an MT1 left on UTC pairs nothing).

use serde::{Deserialize, Serialize};

use crate::model::row::{Source, TriggerRow};
use crate::model::time::{device_ticks, TICKS_PER_DAY, TICKS_PER_MILLI, TICKS_PER_SECOND};
use crate::model::trigger::DeviceId;

/// A device channel the official set to Start or Ziel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRole {
    pub device: String,
    pub channel: u16,
    pub start: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandTimes {
    /// Channels set by the official; any other is Start on C0 and Ziel elsewhere (ALGE's
    /// usual wiring).
    pub roles: Vec<ChannelRole>,
    /// Device time of day, `HH:MM` or `HH:MM:SS`; empty: no bound. `to` takes in its whole
    /// minute or second (to 12:30 keeps 12:30:59.9); a window over midnight (22:00 to 02:00)
    /// keeps both ends of the night.
    pub from: String,
    pub to: String,
}

/// Race Horology's words, in the file name.
pub fn role_word(start: bool) -> &'static str {
    if start {
        "Start"
    } else {
        "Ziel"
    }
}

/// `HH:MM` or `HH:MM:SS` as ticks since midnight.
pub fn time_of_day(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let n: Vec<i64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, sec) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
    (h < 24 && m < 60 && sec < 60).then(|| ((h * 60 + m) * 60 + sec) * TICKS_PER_SECOND)
}

impl HandTimes {
    pub fn is_start(&self, device: &str, channel: u16) -> bool {
        self.roles
            .iter()
            .find(|r| r.channel == channel && r.device == device)
            .map_or(channel == 0, |r| r.start)
    }

    pub fn set_start(&mut self, device: &str, channel: u16, start: bool) {
        self.roles
            .retain(|r| !(r.channel == channel && r.device == device));
        self.roles.push(ChannelRole {
            device: device.to_owned(),
            channel,
            start,
        });
    }

    /// The window's bounds (ticks since midnight, device time); an error names the bound
    /// that is not a time.
    pub fn window(&self) -> Result<(Option<i64>, Option<i64>), String> {
        let bound = |s: &str| match s.trim() {
            "" => Ok(None),
            t => time_of_day(t).map(Some).ok_or_else(|| t.to_owned()),
        };
        // The end takes in its last unit: a minute when written HH:MM, else a second.
        let unit = match self.to.trim().len() {
            5 => 60 * TICKS_PER_SECOND,
            _ => TICKS_PER_SECOND,
        };
        Ok((bound(&self.from)?, bound(&self.to)?.map(|t| t + unit - 1)))
    }

    /// Whether `row`'s device time of day is inside the window (an unreadable bound is none:
    /// the dialog says it is wrong before anything is written).
    pub fn keeps(&self, row: &TriggerRow) -> bool {
        let (from, to) = self.window().unwrap_or_default();
        let at =
            device_ticks(row.key.timestamp, row.facts.time_offset_min).rem_euclid(TICKS_PER_DAY);
        let after = from.is_none_or(|f| at >= f);
        let before = to.is_none_or(|t| at <= t);
        match (from, to) {
            (Some(f), Some(t)) if f > t => after || before,
            _ => after && before,
        }
    }
}

/// How far a device's times are from this laptop's local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockGap {
    pub device: DeviceId,
    /// Device time − this laptop's local time for the same instant, in ms: the time zones'
    /// difference plus the device clock's lead (from pushed triggers' arrival, so a slow
    /// link makes a device look behind by its delivery time).
    pub ms: i64,
}

/// Race Horology pairs within this.
pub const PAIRING_MS: i64 = 1_000;

/// This laptop's UTC offset at an instant (ticks), in seconds (its time-zone rules).
pub fn local_offset_s(ticks: i64) -> i64 {
    use chrono::{Local, Offset, TimeZone};
    Local
        .timestamp_millis_opt(crate::model::time::ticks_to_millis(ticks))
        .single()
        .map_or(0, |t| i64::from(t.offset().fix().local_minus_utc()))
}

/// What an official reads when the check fails (the command line's words; the window has
/// its own, translated).
pub fn gap_warning(gap: &ClockGap) -> String {
    format!(
        "{}'s times are {:+.1} s from this laptop's local time: Race Horology pairs hand times with electronic ones only within 1 s, so these pair with nothing; check the device's time zone and clock",
        gap.device,
        gap.ms as f64 / 1000.0
    )
}

/// The device whose times are furthest from this laptop's local time, if over [`PAIRING_MS`].
/// `local_offset_s`: this laptop's UTC offset in seconds at an instant (ticks).
pub fn clock_gap(rows: &[&TriggerRow], local_offset_s: impl Fn(i64) -> i64) -> Option<ClockGap> {
    let mut devices: Vec<&DeviceId> = rows.iter().map(|r| &r.key.device_id).collect();
    devices.sort();
    devices.dedup();
    devices
        .into_iter()
        .filter_map(|device| {
            let mine: Vec<&&TriggerRow> =
                rows.iter().filter(|r| r.key.device_id == *device).collect();
            let last = mine.iter().max_by_key(|r| r.key.timestamp)?;
            let zone_ms = i64::from(last.facts.time_offset_min) * 60_000
                - local_offset_s(last.key.timestamp) * 1_000;
            let mut leads: Vec<i64> = mine
                .iter()
                .filter(|r| r.source == Source::Push)
                .map(|r| (r.key.timestamp - r.received) / TICKS_PER_MILLI)
                .collect();
            leads.sort_unstable();
            let lead = leads.get(leads.len() / 2).copied().unwrap_or(0);
            Some(ClockGap {
                device: device.clone(),
                ms: zone_ms + lead,
            })
        })
        .max_by_key(|g| g.ms.abs())
        .filter(|g| g.ms.abs() > PAIRING_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(offset_min: i32, at_s: i64, lead_ms: i64) -> TriggerRow {
        let ts = 1_796_457_638 * TICKS_PER_SECOND + at_s * TICKS_PER_SECOND;
        let mut r = crate::model::row::sample("9", 1, ts, None);
        r.facts.time_offset_min = offset_min;
        r.received = ts - lead_ms * TICKS_PER_MILLI;
        r
    }

    #[test]
    fn an_mt1_on_utc_at_a_laptop_in_central_europe_pairs_nothing() {
        let utc = row(0, 0, 200);
        let gap = clock_gap(&[&utc], |_| 3600).expect("an hour off");
        assert_eq!(gap.ms, -3_600_000 + 200);
        let right = row(60, 0, 200);
        assert_eq!(clock_gap(&[&right], |_| 3600), None, "0.2 s pairs");
        let drifted = row(60, 0, 1_500);
        assert_eq!(clock_gap(&[&drifted], |_| 3600).map(|g| g.ms), Some(1_500));
    }

    #[test]
    fn roles_default_to_alge_wiring_and_the_window_keeps_device_times_inside() {
        let mut h = HandTimes::default();
        assert!(h.is_start("9", 0));
        assert!(!h.is_start("9", 1));
        h.set_start("9", 1, true);
        assert!(h.is_start("9", 1));
        // 08:00:38 UTC, the device at +60: 09:00:38 device time.
        let r = row(60, 0, 0);
        h.from = "09:00".into();
        assert!(h.keeps(&r));
        h.to = "09:00:30".into();
        assert!(!h.keeps(&r), "after the window");
        h.to = "09:00".into();
        assert!(h.keeps(&r), "to 09:00 keeps its whole minute");
        h.from = "22:00".into();
        h.to = "02:00".into();
        assert!(!h.keeps(&r), "a night window leaves the morning out");
        h.to = "09:30".into();
        assert!(h.keeps(&r), "from 22:00 over midnight to 09:30");
        h.to = "9h".into();
        assert_eq!(h.window(), Err("9h".into()));
        assert_eq!(time_of_day("24:00"), None);
    }
}
