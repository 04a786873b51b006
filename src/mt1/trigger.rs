//! The MT1 trigger as the timekeeper knows it, and the lenient decoder for the JSON the server
//! sends (reference §5.3, §8). Unknown enum values are kept as data; only `deviceId`,
//! `timestamp` and `timingChannel` are required.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;
use thiserror::Error;

use super::time::TimestampScale;

/// The natural key of a trigger (reference §5.5): a ClearTrigger names the trigger it clears by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TriggerKey {
    pub device_id: String,
    pub channel: u16,
    /// 100-ns ticks since the Unix epoch.
    pub timestamp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerKind {
    /// A normal impulse on a channel.
    StartNumber,
    /// The operator deleted an earlier trigger on the device.
    Clear,
    Other(String),
}

impl TriggerKind {
    pub fn from_wire(s: &str) -> Self {
        match s {
            "StartNumberTrigger" => Self::StartNumber,
            "ClearTrigger" => Self::Clear,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::StartNumber => "StartNumberTrigger",
            Self::Clear => "ClearTrigger",
            Self::Other(s) => s,
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
    Other(String),
}

impl BibKind {
    pub fn from_wire(s: &str) -> Self {
        match s {
            "SEQUENTIAL" => Self::Sequential,
            "MANUAL" => Self::Manual,
            "SUGGESTED" => Self::Suggested,
            "MEMO" => Self::Memo,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Sequential => "SEQUENTIAL",
            Self::Manual => "MANUAL",
            Self::Suggested => "SUGGESTED",
            Self::Memo => "MEMO",
            Self::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bib {
    pub number: i64,
    pub kind: BibKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub key: TriggerKey,
    pub time_offset_min: i32,
    pub kind: TriggerKind,
    pub bib: Option<Bib>,
    pub valid: Option<bool>,
    pub blocked: Option<bool>,
    pub falling_edge: Option<bool>,
    /// Set when `timestamp` did not look like 100-ns ticks and was converted.
    pub scale: TimestampScale,
}

/// What the envelope's `type` says happened to the trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityChange {
    /// ENTITY_ADD, ENTITY_CREATE, ENTITY_UPDATE, anything without DELETE, or no envelope at all.
    Upsert(Option<String>),
    /// Any spelling containing DELETE: removed on ALGE Results.
    Delete(String),
}

/// One decoded push message or history item, with the JSON it came from kept for audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerMessage {
    pub change: EntityChange,
    pub trigger: Trigger,
    /// Shared: the book, the table's row and the journal all keep this same text.
    pub raw: Arc<str>,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("trigger message is not valid JSON: {0}")]
    Json(String),
    #[error("trigger has an invalid field: {0}")]
    Field(String),
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

// ---- wire shapes -------------------------------------------------------------------------

#[derive(Deserialize)]
struct EnvelopeWire {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    dto: Option<TriggerWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TriggerWire {
    #[serde(deserialize_with = "string_or_number")]
    device_id: String,
    #[serde(deserialize_with = "i64_lenient")]
    timestamp: i64,
    #[serde(default, deserialize_with = "opt_i64_lenient")]
    time_offset: Option<i64>,
    #[serde(deserialize_with = "string_or_number")]
    timing_channel: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    start_number: Option<StartNumberWire>,
    #[serde(default)]
    valid: Option<bool>,
    #[serde(default)]
    blocked: Option<bool>,
    #[serde(default)]
    falling_edge: Option<bool>,
}

/// `startNumber` is an object per the docs; a plain number or numeric string is tolerated.
#[derive(Deserialize)]
#[serde(untagged)]
enum StartNumberWire {
    Object {
        #[serde(rename = "startNumber", default, deserialize_with = "opt_i64_lenient")]
        number: Option<i64>,
        #[serde(rename = "type", default)]
        kind: Option<String>,
    },
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrStr {
    Int(i64),
    Text(String),
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match NumOrStr::deserialize(d)? {
        NumOrStr::Int(n) => n.to_string(),
        NumOrStr::Text(s) => s,
    })
}

fn i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match NumOrStr::deserialize(d)? {
        NumOrStr::Int(n) => Ok(n),
        NumOrStr::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("{s:?} is not an integer"))),
    }
}

fn opt_i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<NumOrStr>::deserialize(d)? {
        None => None,
        Some(NumOrStr::Int(n)) => Some(n),
        Some(NumOrStr::Text(s)) => s.trim().parse().ok(),
    })
}

impl TriggerWire {
    fn into_trigger(self) -> Result<Trigger, DecodeError> {
        if self.device_id.is_empty() || !self.device_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecodeError::Field(format!(
                "deviceId {:?} is not all digits",
                truncate(&self.device_id)
            )));
        }
        let channel = parse_channel(&self.timing_channel).ok_or_else(|| {
            DecodeError::Field(format!(
                "timingChannel {:?} is not C<n>",
                truncate(&self.timing_channel)
            ))
        })?;
        let scale = TimestampScale::detect(self.timestamp);
        let time_offset_min = self.time_offset.unwrap_or(0);
        let time_offset_min = i32::try_from(time_offset_min)
            .ok()
            .filter(|m| m.abs() <= 24 * 60)
            .ok_or_else(|| DecodeError::Field(format!("timeOffset {time_offset_min} minutes")))?;
        let bib = match self.start_number {
            Some(StartNumberWire::Object { number, kind }) => number.map(|number| Bib {
                number,
                kind: kind
                    .as_deref()
                    .map_or(BibKind::Other(String::new()), BibKind::from_wire),
            }),
            Some(StartNumberWire::Number(number)) => Some(Bib {
                number,
                kind: BibKind::Other(String::new()),
            }),
            Some(StartNumberWire::Text(t)) => t.trim().parse().ok().map(|number| Bib {
                number,
                kind: BibKind::Other(String::new()),
            }),
            None => None,
        };
        Ok(Trigger {
            key: TriggerKey {
                device_id: self.device_id,
                channel,
                timestamp: scale.to_ticks(self.timestamp),
            },
            time_offset_min,
            kind: self
                .kind
                .as_deref()
                .map_or(TriggerKind::StartNumber, TriggerKind::from_wire),
            bib,
            valid: self.valid,
            blocked: self.blocked,
            falling_edge: self.falling_edge,
            scale,
        })
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(32).collect()
}

/// Decodes a STOMP MESSAGE body: `{type, dto, entityType}`, or a bare TriggerDto (tolerated, §8).
pub fn decode_message(body: &[u8]) -> Result<TriggerMessage, DecodeError> {
    let raw =
        std::str::from_utf8(body).map_err(|_| DecodeError::Json("body is not UTF-8".into()))?;
    let envelope: EnvelopeWire =
        serde_json::from_str(raw).map_err(|e| DecodeError::Json(e.to_string()))?;
    let (change, wire) = match envelope.dto {
        Some(dto) => {
            let change = match envelope.kind {
                Some(k) if k.to_ascii_uppercase().contains("DELETE") => EntityChange::Delete(k),
                other => EntityChange::Upsert(other),
            };
            (change, dto)
        }
        None => {
            let dto: TriggerWire =
                serde_json::from_str(raw).map_err(|e| DecodeError::Json(e.to_string()))?;
            (EntityChange::Upsert(None), dto)
        }
    };
    Ok(TriggerMessage {
        change,
        trigger: wire.into_trigger()?,
        raw: Arc::from(raw),
    })
}

/// Decodes one TriggerDto from a REST history page (no envelope there).
pub fn decode_dto(value: &serde_json::Value) -> Result<TriggerMessage, DecodeError> {
    let wire = TriggerWire::deserialize(value).map_err(|e| DecodeError::Json(e.to_string()))?;
    Ok(TriggerMessage {
        change: EntityChange::Upsert(None),
        trigger: wire.into_trigger()?,
        raw: Arc::from(value.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE_BODY: &str = r#"{"type":"ENTITY_ADD","dto":{"deviceId":"231203016","timestamp":17911336041234567,"timeOffset":180,"timingChannel":"C1","type":"StartNumberTrigger","startNumber":{"startNumber":1604,"type":"SEQUENTIAL"},"valid":true,"blocked":false,"fallingEdge":true},"entityType":"TriggerDto"}"#;

    #[test]
    fn reference_payload_decodes_exactly() {
        let m = decode_message(REFERENCE_BODY.as_bytes()).expect("decodes");
        assert_eq!(m.change, EntityChange::Upsert(Some("ENTITY_ADD".into())));
        let t = &m.trigger;
        assert_eq!(t.key.device_id, "231203016");
        assert_eq!(t.key.channel, 1);
        assert_eq!(t.key.timestamp, 17_911_336_041_234_567);
        assert_eq!(t.time_offset_min, 180);
        assert_eq!(t.kind, TriggerKind::StartNumber);
        assert_eq!(
            t.bib,
            Some(Bib {
                number: 1604,
                kind: BibKind::Sequential
            })
        );
        assert_eq!(
            (t.valid, t.blocked, t.falling_edge),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(t.scale, TimestampScale::Ticks);
        assert_eq!(&*m.raw, REFERENCE_BODY);
    }

    #[test]
    fn delete_and_clear_and_unknown_values() {
        let del = REFERENCE_BODY.replace("ENTITY_ADD", "ENTITY_DELETE");
        assert_eq!(
            decode_message(del.as_bytes()).expect("ok").change,
            EntityChange::Delete("ENTITY_DELETE".into())
        );
        let clear = REFERENCE_BODY
            .replace("StartNumberTrigger", "ClearTrigger")
            .replace("SEQUENTIAL", "HOLOGRAM");
        let m = decode_message(clear.as_bytes()).expect("ok");
        assert_eq!(m.trigger.kind, TriggerKind::Clear);
        assert_eq!(
            m.trigger.bib.map(|b| b.kind),
            Some(BibKind::Other("HOLOGRAM".into()))
        );
        let odd = REFERENCE_BODY.replace("StartNumberTrigger", "FutureTrigger");
        assert_eq!(
            decode_message(odd.as_bytes()).expect("ok").trigger.kind,
            TriggerKind::Other("FutureTrigger".into())
        );
    }

    #[test]
    fn lenient_shapes() {
        let bare = r#"{"deviceId":190801013,"timestamp":"17911336041234567","timingChannel":"C0","startNumber":12,"extra":{"x":1}}"#;
        let m = decode_message(bare.as_bytes()).expect("bare dto tolerated");
        assert_eq!(m.change, EntityChange::Upsert(None));
        assert_eq!(m.trigger.key.device_id, "190801013");
        assert_eq!(m.trigger.bib.map(|b| b.number), Some(12));
        assert_eq!(m.trigger.time_offset_min, 0);
        let millis = r#"{"deviceId":"1","timestamp":1791133604123,"timingChannel":"C2"}"#;
        let m = decode_message(millis.as_bytes()).expect("millis");
        assert_eq!(m.trigger.scale, TimestampScale::Millis);
        assert_eq!(m.trigger.key.timestamp, 17_911_336_041_230_000);
    }

    #[test]
    fn wrong_input_is_a_precise_error() {
        assert!(matches!(
            decode_message(b"{bad json"),
            Err(DecodeError::Json(_))
        ));
        assert!(matches!(decode_message(b"\xff"), Err(DecodeError::Json(_))));
        assert!(matches!(decode_message(b"[]"), Err(DecodeError::Json(_))));
        let wrong_type = r#"{"dto":{"deviceId":"1","timestamp":1.5,"timingChannel":"C0"}}"#;
        assert!(matches!(
            decode_message(wrong_type.as_bytes()),
            Err(DecodeError::Json(_))
        ));
        let bad_channel = r#"{"dto":{"deviceId":"1","timestamp":1,"timingChannel":"X9"}}"#;
        assert!(matches!(
            decode_message(bad_channel.as_bytes()),
            Err(DecodeError::Field(_))
        ));
        let bad_device = r#"{"dto":{"deviceId":"../x","timestamp":1,"timingChannel":"C0"}}"#;
        assert!(matches!(
            decode_message(bad_device.as_bytes()),
            Err(DecodeError::Field(_))
        ));
    }

    #[test]
    fn channels() {
        assert_eq!(parse_channel("C0"), Some(0));
        assert_eq!(parse_channel("c12"), Some(12));
        assert_eq!(parse_channel("3"), Some(3));
        assert_eq!(parse_channel("C"), None);
        assert_eq!(parse_channel("C-1"), None);
        assert_eq!(channel_label(4), "C4");
    }
}
