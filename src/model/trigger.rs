//! A trigger as the timekeeper knows it: its natural key and the facts a device reports about
//! it. One definition, shared by the decoder, the book's versions and the rows on screen.

use std::fmt;
use std::sync::Arc;

/// The natural key of a trigger (reference §5.5): a ClearTrigger names the trigger it clears by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TriggerKey {
    pub device_id: DeviceId,
    pub channel: u16,
    /// 100-ns ticks since the Unix epoch.
    pub timestamp: i64,
}

/// A device's serial number, shared: an account has a handful of devices and every trigger
/// names one, so each trigger holds a pointer to one of a few strings instead of its own copy.
/// A thin pointer (`Arc<String>`, not `Arc<str>`) keeps a trigger's key at 24 bytes.
#[derive(Clone, Eq, PartialOrd, Ord)]
pub struct DeviceId(Arc<String>);

/// Whether `s` can be an MT1 device id: ASCII digits only (reference §4). Ids are spliced
/// into URL paths and STOMP destinations, so anything else is refused wherever one enters.
pub fn is_device_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl std::hash::Hash for DeviceId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As a `str`, so maps keyed by `DeviceId` can be searched with a `&str`.
        self.as_str().hash(state)
    }
}

impl PartialEq for DeviceId {
    fn eq(&self, other: &Self) -> bool {
        // Interned: the same device is almost always the same pointer.
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

/// How many recent device ids each decoding thread keeps for sharing.
const DEVICE_CACHE: usize = 32;

thread_local! {
    static DEVICES: std::cell::RefCell<Vec<DeviceId>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl DeviceId {
    /// The shared copy of `id` if this thread has seen it lately, else a new one (remembered;
    /// the oldest is forgotten past `DEVICE_CACHE`, so hostile input cannot grow it).
    pub fn intern(id: &str) -> Self {
        DEVICES.with_borrow_mut(|seen| {
            if let Some(d) = seen.iter().find(|d| d.0.as_str() == id) {
                return d.clone();
            }
            let d = DeviceId(Arc::new(id.to_owned()));
            if seen.len() == DEVICE_CACHE {
                seen.remove(0);
            }
            seen.push(d.clone());
            d
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for DeviceId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for DeviceId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DeviceId {
    fn from(id: &str) -> Self {
        Self::intern(id)
    }
}

impl From<String> for DeviceId {
    fn from(id: String) -> Self {
        Self::intern(&id)
    }
}

impl PartialEq<&str> for DeviceId {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for DeviceId {
    fn eq(&self, other: &String) -> bool {
        *self.0 == *other
    }
}

/// An enum value the decoder does not know, kept as sent. A thin pointer, so the enums that
/// hold one stay 16 bytes (a row holds two of them).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WireName(Arc<String>);

impl WireName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WireName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl From<&str> for WireName {
    fn from(s: &str) -> Self {
        Self(Arc::new(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerKind {
    /// A normal impulse on a channel.
    StartNumber,
    /// The operator deleted an earlier trigger on the device.
    Clear,
    Other(WireName),
}

impl TriggerKind {
    pub fn from_wire(s: &str) -> Self {
        match s {
            "StartNumberTrigger" => Self::StartNumber,
            "ClearTrigger" => Self::Clear,
            other => Self::Other(other.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::StartNumber => "StartNumberTrigger",
            Self::Clear => "ClearTrigger",
            Self::Other(s) => s.as_str(),
        }
    }
}

/// How the number on the device came about (reference §5.3 `startNumber.type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BibKind {
    /// The device's auto-incremented number: no bib was typed.
    Sequential,
    /// The operator typed the number before the impulse.
    Manual,
    Suggested,
    Memo,
    Other(WireName),
}

impl BibKind {
    pub fn from_wire(s: &str) -> Self {
        match s {
            "SEQUENTIAL" => Self::Sequential,
            "MANUAL" => Self::Manual,
            "SUGGESTED" => Self::Suggested,
            "MEMO" => Self::Memo,
            other => Self::Other(other.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Sequential => "SEQUENTIAL",
            Self::Manual => "MANUAL",
            Self::Suggested => "SUGGESTED",
            Self::Memo => "MEMO",
            Self::Other(s) => s.as_str(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bib {
    pub number: i64,
    pub kind: BibKind,
}

impl fmt::Display for TriggerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} C{} @{}",
            self.device_id, self.channel, self.timestamp
        )
    }
}

/// Parses `"C1"` (or a bare number) into the channel number.
pub fn parse_channel(s: &str) -> Option<u16> {
    let digits = s.strip_prefix(['C', 'c']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

pub fn channel_label(channel: u16) -> String {
    format!("C{channel}")
}

/// What a device reports about one impulse besides its key (reference §5.3). One definition:
/// the decoded trigger, each version the book keeps of a key, and the row the official sees
/// all hold this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerFacts {
    /// Minutes the device clock is ahead of UTC.
    pub time_offset_min: i32,
    pub kind: TriggerKind,
    pub bib: Option<Bib>,
    pub valid: Option<bool>,
    pub blocked: Option<bool>,
    pub falling_edge: Option<bool>,
}

impl TriggerFacts {
    /// Whether two reports of one key are the same trigger, so the second is a re-sent copy:
    /// everything but the clock offset, which says how to show the time, not what happened.
    pub fn same_trigger(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.bib == other.bib
            && self.valid == other.valid
            && self.blocked == other.blocked
            && self.falling_edge == other.falling_edge
    }

    /// The bib's number, if the trigger has one.
    pub fn bib_number(&self) -> Option<i64> {
        self.bib.as_ref().map(|b| b.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels() {
        assert_eq!(parse_channel("C0"), Some(0));
        assert_eq!(parse_channel("c12"), Some(12));
        assert_eq!(parse_channel("3"), Some(3));
        assert_eq!(parse_channel("C"), None);
        assert_eq!(parse_channel("C-1"), None);
        assert_eq!(channel_label(4), "C4");
    }

    #[test]
    fn device_ids_are_shared_and_look_up_as_text() {
        let a = DeviceId::intern("231203016");
        let b = DeviceId::from("231203016".to_owned());
        assert!(Arc::ptr_eq(&a.0, &b.0), "one copy per device");
        assert_eq!(a, "231203016");
        let mut names = std::collections::HashMap::new();
        names.insert(a.clone(), "Finish");
        assert_eq!(names.get("231203016"), Some(&"Finish"));
        for n in 0..(DEVICE_CACHE * 2) {
            DeviceId::intern(&n.to_string());
        }
        assert_eq!(
            DeviceId::intern("231203016"),
            a,
            "equal after it left the cache"
        );
    }
}
