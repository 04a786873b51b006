//! The words and numbers a trigger row shows, in the official's language: one place for the
//! table's cells, the filter (which must find what is on screen), the big clock and the
//! pre-race check.

use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::{device_ticks, WallTime, TICKS_PER_DAY};
use crate::tr;
use crate::ui::look::i18n::Language;

pub fn state_label(state: TriggerState) -> String {
    match state {
        TriggerState::Active => tr!("state-active"),
        TriggerState::Cleared => tr!("state-cleared"),
        TriggerState::Deleted => tr!("state-deleted"),
        TriggerState::MissingOnServer => tr!("state-missing"),
    }
}

pub fn source_label(source: Source) -> String {
    match source {
        Source::Push => tr!("source-push"),
        Source::History => tr!("source-history"),
        Source::Hand => tr!("source-hand"),
    }
}

/// How the bib was entered on the device (`MANUAL`, `SEQUENTIAL` on the wire).
pub fn bib_entry_label(kind: &str) -> String {
    match kind {
        "MANUAL" => tr!("bib-typed"),
        "SEQUENTIAL" => tr!("bib-sequential"),
        other => other.to_lowercase(),
    }
}

/// The trigger's type (`StartNumberTrigger`, `ClearTrigger` on the wire).
pub fn kind_label(kind: &str) -> String {
    match kind {
        "StartNumberTrigger" => tr!("kind-impulse"),
        "ClearTrigger" => tr!("kind-clear"),
        other => other.into(),
    }
}

pub fn valid_label(valid: Option<bool>) -> String {
    match valid {
        Some(true) => tr!("valid-yes"),
        Some(false) => format!("⚠ {}", tr!("valid-no")),
        None => "?".into(),
    }
}

/// The device's time of day with the language's decimal mark (`12:34:56,7890` in German).
pub fn device_time_of_day(row: &TriggerRow, language: Language) -> String {
    let text = WallTime::from_ticks(device_ticks(row.key.timestamp, row.facts.time_offset_min))
        .time_of_day();
    with_decimal_mark(text, language)
}

/// A time of day written with `.` before its fraction, in the language's decimal mark.
pub fn with_decimal_mark(time: String, language: Language) -> String {
    match language.decimal_mark() {
        '.' => time,
        mark => time.replacen('.', &mark.to_string(), 1),
    }
}

/// Whether the device's date of a trigger differs from the date it arrived (both in the
/// device's zone): its clock or date is set wrong.
pub fn wrong_date(row: &TriggerRow) -> bool {
    let offset = row.facts.time_offset_min;
    let day = |ticks: i64| device_ticks(ticks, offset).div_euclid(TICKS_PER_DAY);
    day(row.key.timestamp) != day(row.received)
}

/// The device date of a trigger, `YYYY-MM-DD`.
pub fn device_date(row: &TriggerRow) -> String {
    let t = WallTime::from_ticks(device_ticks(row.key.timestamp, row.facts.time_offset_min));
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}
