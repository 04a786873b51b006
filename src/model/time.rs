//! MT1 time values: `timestamp` is 100-ns ticks since the Unix epoch (reference §5.4),
//! `timeOffset` is minutes added to get the device's wall clock. All arithmetic stays in
//! integers so a 1/10 000 s display is exact (an `f64` cannot hold 1.8e16 exactly).

use super::civil::civil_from_days;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const TICKS_PER_SECOND: i64 = 10_000_000;
pub const TICKS_PER_MILLI: i64 = 10_000;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;

/// The unit a raw `timestamp` appears to be in, judged by its magnitude. The reference says
/// 100-ns ticks with medium-high confidence; this guard makes a wrong guess visible at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampScale {
    Ticks,
    Micros,
    Millis,
    Unknown,
}

impl TimestampScale {
    pub fn detect(raw: i64) -> Self {
        match raw {
            10_000_000_000_000_000..=999_999_999_999_999_999 => Self::Ticks,
            100_000_000_000_000..=9_999_999_999_999_999 => Self::Micros,
            100_000_000_000..=99_999_999_999_999 => Self::Millis,
            _ => Self::Unknown,
        }
    }

    /// Converts a raw value in this scale to ticks (unknown magnitudes are kept as they are).
    pub fn to_ticks(self, raw: i64) -> i64 {
        match self {
            Self::Ticks | Self::Unknown => raw,
            Self::Micros => raw.saturating_mul(10),
            Self::Millis => raw.saturating_mul(TICKS_PER_MILLI),
        }
    }
}

/// Now, in ticks since the Unix epoch.
pub fn now_ticks() -> i64 {
    system_time_to_ticks(SystemTime::now())
}

pub fn system_time_to_ticks(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos() / 100).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos() / 100).unwrap_or(i64::MAX),
    }
}

pub fn ticks_to_system_time(ticks: i64) -> SystemTime {
    let nanos = |t: i64| Duration::from_nanos(t.unsigned_abs().saturating_mul(100));
    if ticks >= 0 {
        UNIX_EPOCH + nanos(ticks)
    } else {
        UNIX_EPOCH - nanos(ticks)
    }
}

/// Milliseconds (the unit of `timestampFrom_ms`) from ticks, rounded down.
pub fn ticks_to_millis(ticks: i64) -> i64 {
    ticks.div_euclid(TICKS_PER_MILLI)
}

/// Device wall-clock ticks: the UTC instant plus `timeOffset` minutes.
pub fn device_ticks(timestamp: i64, time_offset_min: i32) -> i64 {
    timestamp.saturating_add(i64::from(time_offset_min) * TICKS_PER_MINUTE)
}

/// Broken-down wall time of a tick count; the fraction is kept whole (7 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0..10_000_000, in ticks.
    pub fraction: u32,
}

impl WallTime {
    pub fn from_ticks(ticks: i64) -> Self {
        let days = ticks.div_euclid(TICKS_PER_DAY);
        let in_day = ticks.rem_euclid(TICKS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = in_day / TICKS_PER_SECOND;
        Self {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs / 60 % 60) as u32,
            second: (secs % 60) as u32,
            fraction: (in_day % TICKS_PER_SECOND) as u32,
        }
    }

    /// `HH:MM:SS.ffff`, the fraction truncated to 1/10 000 s (a timekeeper never rounds up).
    pub fn time_of_day(&self) -> String {
        ascii(|b| self.push_time_of_day(b, 4))
    }

    /// Appends `YYYY-MM-DD`.
    fn push_date(&self, b: &mut Vec<u8>) {
        if (0..10_000).contains(&self.year) {
            push_padded(b, self.year as u32, 4);
        } else {
            b.extend_from_slice(itoa::Buffer::new().format(self.year).as_bytes());
        }
        b.push(b'-');
        push_padded(b, self.month, 2);
        b.push(b'-');
        push_padded(b, self.day, 2);
    }

    /// Appends `HH:MM:SS.` and the fraction truncated (never rounded) to `digits` (1–7).
    fn push_time_of_day(&self, b: &mut Vec<u8>, digits: u32) {
        push_padded(b, self.hour, 2);
        b.push(b':');
        push_padded(b, self.minute, 2);
        b.push(b':');
        push_padded(b, self.second, 2);
        b.push(b'.');
        push_padded(b, self.fraction / 10u32.pow(7 - digits), digits);
    }
}

/// Zero-padded to `width` digits (values are small and non-negative).
fn push_padded(b: &mut Vec<u8>, n: u32, width: u32) {
    for p in (0..width).rev() {
        b.push(b'0' + (n / 10u32.pow(p) % 10) as u8);
    }
}

/// The one formatter of wall times: appends `YYYY-MM-DD{sep}HH:MM:SS.{fraction}` of `ticks`,
/// the fraction truncated to `digits`, and `Z` if `zulu`. The CSV writes it straight into
/// its row buffer; the strings below are made with it.
pub fn push_wall_time(b: &mut Vec<u8>, ticks: i64, sep: u8, digits: u32, zulu: bool) {
    let w = WallTime::from_ticks(ticks);
    w.push_date(b);
    b.push(sep);
    w.push_time_of_day(b, digits);
    if zulu {
        b.push(b'Z');
    }
}

/// A string of what `write` appends (ASCII only).
fn ascii(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut b = Vec::with_capacity(32);
    write(&mut b);
    String::from_utf8(b).unwrap_or_default()
}

/// Device time as `YYYY-MM-DD HH:MM:SS.ffff` (truncated).
pub fn format_device_time(timestamp: i64, time_offset_min: i32) -> String {
    ascii(|b| push_wall_time(b, device_ticks(timestamp, time_offset_min), b' ', 4, false))
}

/// UTC instant as RFC 3339 `YYYY-MM-DDTHH:MM:SS.ffffZ` (truncated to 1/10 000 s).
pub fn format_utc(timestamp: i64) -> String {
    ascii(|b| push_wall_time(b, timestamp, b'T', 4, true))
}

/// UTC instant with milliseconds, for receive times (a local clock is no better than that).
pub fn format_utc_millis(ticks: i64) -> String {
    ascii(|b| push_wall_time(b, ticks, b'T', 3, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The reference's worked example (§5.4, §8): 2026-10-04T17:06:44.1234567Z, offset +180 min.
    const EXAMPLE: i64 = 17_911_336_041_234_567;

    #[test]
    fn reference_example_device_time_is_truncated_not_rounded() {
        assert_eq!(format_device_time(EXAMPLE, 180), "2026-10-04 20:06:44.1234");
        assert_eq!(format_utc(EXAMPLE), "2026-10-04T17:06:44.1234Z");
        // .99999 must not roll over into the next second.
        assert_eq!(format_utc(EXAMPLE + 8_765_432), "2026-10-04T17:06:44.9999Z");
    }

    #[test]
    fn wall_times_at_the_edges_of_the_calendar() {
        for (ticks, text) in [
            (0, "1970-01-01T00:00:00.0000Z"),
            (-1, "1969-12-31T23:59:59.9999Z"),
            (9_999, "1970-01-01T00:00:00.0009Z"),
            (
                253_402_300_799 * 10_000_000 + 9_999_999,
                "9999-12-31T23:59:59.9999Z",
            ),
            (-621_355_968_000_000_000, "0001-01-01T00:00:00.0000Z"),
        ] {
            assert_eq!(format_utc(ticks), text, "ticks {ticks}");
        }
        assert_eq!(format_utc_millis(EXAMPLE), "2026-10-04T17:06:44.123Z");
    }

    #[test]
    fn offsets_cross_midnight_and_negative_offsets() {
        assert_eq!(format_device_time(EXAMPLE, 420), "2026-10-05 00:06:44.1234");
        assert_eq!(
            format_device_time(EXAMPLE, -300),
            "2026-10-04 12:06:44.1234"
        );
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59.9999Z");
        assert_eq!(format_utc(0), "1970-01-01T00:00:00.0000Z");
    }

    #[test]
    fn leap_day_and_millis() {
        // 2024-02-29T12:00:00Z = 1709208000 s
        let t = 1_709_208_000 * TICKS_PER_SECOND + 1_234_567;
        assert_eq!(format_utc(t), "2024-02-29T12:00:00.1234Z");
        assert_eq!(format_utc_millis(t), "2024-02-29T12:00:00.123Z");
        assert_eq!(ticks_to_millis(t), 1_709_208_000_123);
    }

    #[test]
    fn scale_guard_recognises_each_unit() {
        assert_eq!(TimestampScale::detect(EXAMPLE), TimestampScale::Ticks);
        assert_eq!(
            TimestampScale::detect(1_791_133_604_123),
            TimestampScale::Millis
        );
        assert_eq!(
            TimestampScale::detect(1_791_133_604_123_456),
            TimestampScale::Micros
        );
        assert_eq!(TimestampScale::detect(42), TimestampScale::Unknown);
        assert_eq!(
            TimestampScale::Millis.to_ticks(1_791_133_604_123),
            17_911_336_041_230_000
        );
    }

    #[test]
    fn system_time_round_trip() {
        let t = ticks_to_system_time(EXAMPLE);
        assert_eq!(system_time_to_ticks(t), EXAMPLE);
    }
}
