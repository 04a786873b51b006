//! A trigger as the official sees it: one row per natural key, with its state and where it
//! came from.

use super::time;
use super::trigger::{TriggerFacts, TriggerKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Push,
    History,
    /// A hand time an official added for a missed impulse (a correction, not ALGE's).
    Hand,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Push => "push",
            Self::History => "history",
            Self::Hand => "hand",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Push, Self::History, Self::Hand]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerState {
    Active,
    /// Deleted by the operator on the device (ClearTrigger).
    Cleared,
    /// Deleted on ALGE Results (ENTITY_DELETE).
    Deleted,
    /// No longer listed by a complete history read (deleted online while the link was down).
    MissingOnServer,
}

impl TriggerState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Cleared => "cleared",
            Self::Deleted => "deleted",
            Self::MissingOnServer => "missing_on_server",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Active,
            Self::Cleared,
            Self::Deleted,
            Self::MissingOnServer,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A trigger as the official sees it: one row per natural key. Shared (`Arc`) between the
/// book, the events and the table: each trigger is held once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRow {
    /// The book's number for this key (0, 1, 2, … in order of first arrival), so a listener
    /// finds its copy by index instead of hashing the key again.
    pub id: u32,
    pub key: TriggerKey,
    pub facts: TriggerFacts,
    pub state: TriggerState,
    /// How the trigger first arrived.
    pub source: Source,
    /// When it first arrived here, in ticks (local clock).
    pub received: i64,
    // The message text is not kept here: it is most of a trigger's size, nothing on screen
    // reads it, and the journal keeps it on disk (from `TriggerEvent::message`).
}

impl TriggerRow {
    /// Received − trigger time, in milliseconds (negative if the clocks disagree).
    pub fn latency_ms(&self) -> i64 {
        time::ticks_to_millis(self.received - self.key.timestamp)
    }

    pub fn device_time(&self) -> String {
        time::format_device_time(self.key.timestamp, self.facts.time_offset_min)
    }
}

/// A row for unit tests: an active, valid impulse of device `device` on `channel` at
/// `timestamp` (pushed, received then), its bib typed; tests change what they look at.
#[cfg(test)]
pub(crate) fn sample(device: &str, channel: u16, timestamp: i64, bib: Option<i64>) -> TriggerRow {
    use super::trigger::{Bib, BibKind, TriggerKind};
    TriggerRow {
        id: 0,
        key: TriggerKey {
            device_id: device.into(),
            channel,
            timestamp,
        },
        facts: TriggerFacts {
            time_offset_min: 0,
            kind: TriggerKind::StartNumber,
            bib: bib.map(|number| Bib {
                number,
                kind: BibKind::Manual,
            }),
            valid: Some(true),
            blocked: None,
            falling_edge: None,
        },
        state: TriggerState::Active,
        source: Source::Push,
        received: timestamp,
    }
}
