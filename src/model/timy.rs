//! The ALGE Timy line: one impulse as an ALGE timer prints it on its serial port, the line that
//! timing software (Race Horology, Split Second, Vola, metarace, OpenSkiTime…) already reads.
//!
//! ```text
//!  0012 C1  09:00:38.7600 00
//! ^flag ^bib ^channel ^M ^time of day (a dot, four decimals)  ^group
//! ```
//! 26 characters: column 0 the flag (space; `?` invalid; `c` cleared), 1–4 the bib zero-padded
//! (`0000` when none), 6–7 the channel `C0`…`C9`, 8 `M` for a manual impulse, 10–22 the time of
//! day, 24–25 the group. With `CHK1` two checksum characters follow. Pure: no I/O.

use super::row::{Source, TriggerRow, TriggerState};
use super::time::{device_ticks, WallTime};
use super::trigger::DeviceId;

/// The characters of a line before its checksum and line end.
pub const LINE_LEN: usize = 26;

/// What a timing program reads from column 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Valid,
    /// The device marked the impulse invalid.
    Invalid,
    /// An impulse sent earlier is taken back (cleared on the device, deleted online).
    Cleared,
}

impl Flag {
    fn char(self) -> char {
        match self {
            Self::Valid => ' ',
            Self::Invalid => '?',
            Self::Cleared => 'c',
        }
    }
}

/// One impulse as a Timy line's fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimyLine {
    pub flag: Flag,
    /// 0..=9999; `None` prints `0000`.
    pub bib: Option<u16>,
    /// The ALGE channel, 0..=9.
    pub channel: u8,
    pub manual: bool,
    /// `HH:MM:SS.ffff`, the device's time of day truncated to 1/10 000 s.
    pub time: String,
}

/// Bibs a Timy line can carry (four digits).
pub const MAX_BIB: i64 = 9999;

impl TimyLine {
    /// The line for `row` on ALGE channel `channel`. A bib that four digits cannot hold is
    /// sent as none (`0000`), never as other digits: the timing program then asks the
    /// official instead of crediting another athlete.
    pub fn of(row: &TriggerRow, channel: u8) -> Self {
        let flag = match (row.state, row.facts.valid) {
            (TriggerState::Active, Some(false)) => Flag::Invalid,
            (TriggerState::Active, _) => Flag::Valid,
            _ => Flag::Cleared,
        };
        let bib = row
            .facts
            .bib_number()
            .filter(|b| (0..=MAX_BIB).contains(b))
            .and_then(|b| u16::try_from(b).ok());
        let at = device_ticks(row.key.timestamp, row.facts.time_offset_min);
        Self {
            flag,
            bib,
            channel: channel.min(9),
            // An official's hand time is what `M` means to a timing program.
            manual: row.source == Source::Hand,
            time: WallTime::from_ticks(at).time_of_day(),
        }
    }

    /// The lines a timer would have printed for `row`: the impulse, then a `c` line when it
    /// was taken back (a file of the day keeps both, as the printer's paper does).
    pub fn printed(row: &TriggerRow, channel: u8) -> Vec<Self> {
        let line = Self::of(row, channel);
        if line.flag != Flag::Cleared {
            return vec![line];
        }
        let impulse = Self {
            flag: if row.facts.valid == Some(false) {
                Flag::Invalid
            } else {
                Flag::Valid
            },
            ..line.clone()
        };
        vec![impulse, line]
    }

    /// The same impulse taken back: a `c` line for the same bib, channel and time.
    pub fn cleared(&self) -> Self {
        Self {
            flag: Flag::Cleared,
            ..self.clone()
        }
    }

    /// The 26 characters, without checksum or line end.
    pub fn text(&self) -> String {
        format!(
            "{}{:04} C{}{} {} 00",
            self.flag.char(),
            self.bib.unwrap_or(0),
            self.channel,
            if self.manual { 'M' } else { ' ' },
            self.time
        )
    }

    /// The line as written: the text, the checksum when the reader asked for one (`CHK1`),
    /// and the line end.
    pub fn wire(&self, checksum: bool, end: LineEnd) -> String {
        let mut s = self.text();
        if checksum {
            s.push_str(&checksum_of(&s));
        }
        s.push_str(end.as_str());
        s
    }
}

/// The device printer's view: what `device`'s printer would have printed (on `channel`, or
/// every channel), in the order it happened: the device's own values (no official's
/// correction, no hand time: the device never printed those), a taken-back impulse followed
/// by its `c` line, as on the paper.
pub fn printout<'a>(
    rows: impl Iterator<Item = &'a TriggerRow>,
    device: &DeviceId,
    channel: Option<u16>,
) -> Vec<String> {
    let mut mine: Vec<&TriggerRow> = rows
        .filter(|r| r.key.device_id == *device && r.source != Source::Hand)
        .filter(|r| channel.is_none_or(|c| r.key.channel == c))
        .collect();
    mine.sort_by_key(|r| (r.key.timestamp, r.key.channel));
    mine.iter()
        .flat_map(|r| TimyLine::printed(r, u8::try_from(r.key.channel).unwrap_or(9)))
        .map(|l| l.text())
        .collect()
}

/// The sum of the characters' codes, low byte, as two characters `0x30 + nibble` (high first).
pub fn checksum_of(text: &str) -> String {
    let sum = text.bytes().fold(0u8, |s, b| s.wrapping_add(b));
    [sum >> 4, sum & 0x0F]
        .iter()
        .map(|n| char::from(0x30 + n))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum LineEnd {
    /// What ALGE timers send and Race Horology expects.
    #[default]
    Cr,
    CrLf,
}

impl LineEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cr => "\r",
            Self::CrLf => "\r\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printout_is_one_devices_paper_in_time_order() {
        use crate::model::row::sample;
        let mut rows = vec![
            sample("7", 1, 30_000_000, Some(12)),
            sample("7", 0, 10_000_000, Some(12)),
            sample("8", 1, 20_000_000, Some(99)),
            sample("7", 1, 40_000_000, None),
        ];
        rows[3].state = TriggerState::Cleared;
        let mut hand = sample("7", 1, 35_000_000, Some(5));
        hand.source = Source::Hand;
        rows.push(hand);
        let device = DeviceId::from("7");
        let all = printout(rows.iter(), &device, None);
        assert_eq!(all.len(), 4, "{all:?}");
        assert!(all[0].starts_with(" 0012 C0 ") && all[1].starts_with(" 0012 C1 "));
        assert!(all[2].starts_with(" 0000 C1 ") && all[3].starts_with("c0000 C1 "));
        assert_eq!(printout(rows.iter(), &device, Some(0)).len(), 1);
        // In a file for timing software a hand time is there, as a manual impulse.
        let hand = TimyLine::of(&rows[4], 1).text();
        assert_eq!(&hand[..9], " 0005 C1M", "{hand}");
    }
    use crate::model::row::sample;
    use crate::model::time::TICKS_PER_SECOND;

    fn row(bib: Option<i64>, valid: Option<bool>, state: TriggerState) -> TriggerRow {
        // 2026-12-05 08:00:38.76004 UTC, the device an hour ahead.
        let mut r = sample("1", 1, 1_796_457_638 * TICKS_PER_SECOND + 7_600_400, bib);
        r.facts.time_offset_min = 60;
        r.facts.valid = valid;
        TriggerRow { state, ..r }
    }

    #[test]
    fn the_issue_example_in_device_time_truncated() {
        let line = TimyLine::of(&row(Some(12), Some(true), TriggerState::Active), 1);
        assert_eq!(line.text(), " 0012 C1  09:00:38.7600 00");
        assert_eq!(line.text().len(), LINE_LEN);
        assert_eq!(
            line.wire(false, LineEnd::Cr),
            " 0012 C1  09:00:38.7600 00\r"
        );
        assert_eq!(
            line.cleared().wire(false, LineEnd::CrLf),
            "c0012 C1  09:00:38.7600 00\r\n"
        );
    }

    #[test]
    fn flags_and_bibs_that_do_not_fit() {
        let invalid = TimyLine::of(&row(None, Some(false), TriggerState::Active), 0);
        assert_eq!(invalid.text(), "?0000 C0  09:00:38.7600 00");
        let big = TimyLine::of(&row(Some(12345), None, TriggerState::Active), 3);
        assert_eq!(big.bib, None, "five digits are never cut to four");
        let gone = TimyLine::of(&row(Some(7), None, TriggerState::Deleted), 2);
        assert_eq!(gone.text(), "c0007 C2  09:00:38.7600 00");
    }

    #[test]
    fn checksum_is_the_low_byte_as_two_digits_from_0x30() {
        let text = " 0012 C1  09:00:38.7600 00";
        let sum = text.bytes().map(u32::from).sum::<u32>() & 0xFF;
        let want: String = [(sum >> 4) as u8 + 0x30, (sum & 15) as u8 + 0x30]
            .iter()
            .map(|&b| b as char)
            .collect();
        assert_eq!(checksum_of(text), want);
        let line = TimyLine::of(&row(Some(12), None, TriggerState::Active), 1);
        assert_eq!(line.wire(true, LineEnd::Cr), format!("{text}{want}\r"));
    }
}
