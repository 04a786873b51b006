//! The lenient decoder for the trigger JSON the server sends (reference §5.3, §8), into the
//! model's key and facts. Unknown enum values are kept as data; only `deviceId`, `timestamp`
//! and `timingChannel` are required.

use bytes::Bytes;
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use thiserror::Error;

use crate::model::time::TimestampScale;
use crate::model::trigger::{
    is_device_id, parse_channel, Bib, BibKind, DeviceId, TriggerFacts, TriggerKey, TriggerKind,
};

mod scan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub key: TriggerKey,
    pub facts: TriggerFacts,
    /// Set when `timestamp` did not look like 100-ns ticks and was converted.
    pub scale: TimestampScale,
}

/// What the envelope's `type` says happened to the trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityChange {
    /// ENTITY_ADD, ENTITY_CREATE, ENTITY_UPDATE, anything without DELETE, or no envelope at all.
    Upsert(Option<Cow<'static, str>>),
    /// Any spelling containing DELETE: removed on ALGE Results.
    Delete(String),
}

/// One decoded push message or history item, with the JSON it came from kept for audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerMessage {
    pub change: EntityChange,
    pub trigger: Trigger,
    /// The message as it arrived, for the journal's audit trail. Pushed messages share the
    /// bytes of the websocket message they came in (no copy): a transient, not to be kept.
    pub raw: RawText,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("trigger message is not valid JSON: {0}")]
    Json(String),
    #[error("trigger has an invalid field: {0}")]
    Field(String),
}

// ---- wire shapes -------------------------------------------------------------------------
// Lenient fields are read with visitors (no untagged enums: those buffer every value), and
// strings are borrowed from the message where it has no escapes.

#[derive(Deserialize)]
struct EnvelopeWire<'a> {
    #[serde(rename = "type", default, borrow)]
    kind: Option<Borrowed<'a>>,
    #[serde(default, borrow)]
    dto: Option<TriggerWire<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TriggerWire<'a> {
    #[serde(borrow, deserialize_with = "text_or_number")]
    device_id: Cow<'a, str>,
    #[serde(deserialize_with = "i64_lenient")]
    timestamp: i64,
    #[serde(default, deserialize_with = "opt_i64_lenient")]
    time_offset: Option<i64>,
    #[serde(borrow, deserialize_with = "text_or_number")]
    timing_channel: Cow<'a, str>,
    #[serde(rename = "type", default, borrow)]
    kind: Option<Borrowed<'a>>,
    #[serde(default, borrow)]
    start_number: Option<StartNumberWire<'a>>,
    #[serde(default)]
    valid: Option<bool>,
    #[serde(default)]
    blocked: Option<bool>,
    #[serde(default)]
    falling_edge: Option<bool>,
}

/// `startNumber`: an object per the docs; a plain number or numeric string is tolerated.
struct StartNumberWire<'a> {
    number: Option<i64>,
    kind: Option<Borrowed<'a>>,
}

/// A string borrowed from the message where it has no escapes. serde's own `Cow` impl (also
/// behind `#[serde(borrow)]` on an `Option<Cow>`) always copies: that was four allocations per
/// trigger.
struct Borrowed<'a>(Cow<'a, str>);

struct BorrowedVisitor;

impl<'de> de::Visitor<'de> for BorrowedVisitor {
    type Value = Borrowed<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Borrowed(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Borrowed(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Borrowed(Cow::Owned(v)))
    }
}

impl std::ops::Deref for Borrowed<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(BorrowedVisitor)
    }
}

/// A JSON integer, or a string holding one; `null` is none.
struct Lenient(Option<i64>);

struct LenientVisitor;

impl<'de> de::Visitor<'de> for LenientVisitor {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom(format!("{v} is too large")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format!("{v:?} is not an integer")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor).map(Lenient)
    }
}

fn i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Lenient::deserialize(d)?
        .0
        .ok_or_else(|| de::Error::custom("timestamp is null"))
}

fn opt_i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    // An unparsable optional number is treated as absent rather than failing the trigger.
    Ok(d.deserialize_any(LenientVisitor).unwrap_or(None))
}

struct TextVisitor;

impl<'de> de::Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    d.deserialize_any(TextVisitor)
}

struct StartNumberVisitor;

impl<'de> de::Visitor<'de> for StartNumberVisitor {
    type Value = StartNumberWire<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a startNumber object, a number or a numeric string")
    }
    fn visit_map<M: de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = StartNumberWire {
            number: None,
            kind: None,
        };
        while let Some(Borrowed(key)) = map.next_key::<Borrowed<'de>>()? {
            match key.as_ref() {
                "startNumber" => {
                    out.number = map.next_value::<Lenient>().map(|l| l.0).unwrap_or(None)
                }
                "type" => out.kind = map.next_value::<Option<Borrowed<'de>>>()?,
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(StartNumberWire {
            number: Some(v),
            kind: None,
        })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(StartNumberWire {
            number: i64::try_from(v).ok(),
            kind: None,
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(StartNumberWire {
            number: v.trim().parse().ok(),
            kind: None,
        })
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(StartNumberWire {
            number: None,
            kind: None,
        })
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(StartNumberWire {
            number: None,
            kind: None,
        })
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for StartNumberWire<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StartNumberVisitor)
    }
}

impl TriggerWire<'_> {
    fn into_trigger(self) -> Result<Trigger, DecodeError> {
        if !is_device_id(&self.device_id) {
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
        let bib = self.start_number.and_then(|s| {
            s.number.map(|number| Bib {
                number,
                kind: s
                    .kind
                    .as_deref()
                    .map_or_else(|| BibKind::Other("".into()), BibKind::from_wire),
            })
        });
        Ok(Trigger {
            key: TriggerKey {
                device_id: DeviceId::intern(&self.device_id),
                channel,
                timestamp: scale.to_ticks(self.timestamp),
            },
            facts: TriggerFacts {
                time_offset_min,
                kind: self
                    .kind
                    .as_deref()
                    .map_or(TriggerKind::StartNumber, TriggerKind::from_wire),
                bib,
                valid: self.valid,
                blocked: self.blocked,
                falling_edge: self.falling_edge,
            },
            scale,
        })
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(32).collect()
}

/// The usual envelope types without an allocation per message.
fn known_spelling(k: Cow<'_, str>) -> Cow<'static, str> {
    ["ENTITY_ADD", "ENTITY_CREATE", "ENTITY_UPDATE"]
        .into_iter()
        .find(|s| *s == k)
        .map_or_else(|| Cow::Owned(k.into_owned()), Cow::Borrowed)
}

/// UTF-8 text sharing the bytes it was cut from (checked once, when made).
pub type RawText = tokio_tungstenite::tungstenite::Utf8Bytes;

/// Decodes a STOMP MESSAGE body: `{type, dto, entityType}`, or a bare TriggerDto (tolerated, §8).
pub fn decode_message(body: &[u8]) -> Result<TriggerMessage, DecodeError> {
    decode(utf8(body)?.into(), true)
}

/// `decode_message` for a body cut from a decoder's input: the raw text shares its bytes.
pub fn decode_shared(body: &Bytes) -> Result<TriggerMessage, DecodeError> {
    let raw = RawText::try_from(body.clone()).map_err(|_| not_utf8())?;
    decode(raw, true)
}

/// `decode_message` without the fast scanner, so tests can check the two always agree.
#[doc(hidden)]
pub fn decode_message_with_serde(body: &[u8]) -> Result<TriggerMessage, DecodeError> {
    decode(utf8(body)?.into(), false)
}

fn utf8(body: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(body).map_err(|_| not_utf8())
}

fn not_utf8() -> DecodeError {
    DecodeError::Json("body is not UTF-8".into())
}

fn decode(text: RawText, fast: bool) -> Result<TriggerMessage, DecodeError> {
    let raw = text.as_str();
    let envelope = match fast.then(|| scan::envelope(raw)).flatten() {
        Some(envelope) => envelope,
        None => serde_json::from_str(raw).map_err(|e| DecodeError::Json(e.to_string()))?,
    };
    let (change, wire) = match envelope.dto {
        Some(dto) => {
            let change = match envelope.kind {
                Some(Borrowed(k))
                    if k.as_bytes()
                        .windows(6)
                        .any(|w| w.eq_ignore_ascii_case(b"DELETE")) =>
                {
                    EntityChange::Delete(k.into_owned())
                }
                Some(Borrowed(k)) => EntityChange::Upsert(Some(known_spelling(k))),
                None => EntityChange::Upsert(None),
            };
            (change, dto)
        }
        None => {
            let dto: TriggerWire =
                serde_json::from_str(raw).map_err(|e| DecodeError::Json(e.to_string()))?;
            (EntityChange::Upsert(None), dto)
        }
    };
    // The trigger is read out before the text moves into the message (it borrows from it).
    let trigger = wire.into_trigger()?;
    Ok(TriggerMessage {
        change,
        trigger,
        raw: text,
    })
}

/// Decodes one TriggerDto from a REST history page (no envelope there).
pub fn decode_dto(value: &serde_json::Value) -> Result<TriggerMessage, DecodeError> {
    let wire = TriggerWire::deserialize(value).map_err(|e| DecodeError::Json(e.to_string()))?;
    Ok(TriggerMessage {
        change: EntityChange::Upsert(None),
        trigger: wire.into_trigger()?,
        raw: value.to_string().into(),
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
        assert_eq!(t.facts.time_offset_min, 180);
        assert_eq!(t.facts.kind, TriggerKind::StartNumber);
        assert_eq!(
            t.facts.bib,
            Some(Bib {
                number: 1604,
                kind: BibKind::Sequential
            })
        );
        assert_eq!(
            (t.facts.valid, t.facts.blocked, t.facts.falling_edge),
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
        assert_eq!(m.trigger.facts.kind, TriggerKind::Clear);
        assert_eq!(
            m.trigger.facts.bib.map(|b| b.kind),
            Some(BibKind::Other("HOLOGRAM".into()))
        );
        let odd = REFERENCE_BODY.replace("StartNumberTrigger", "FutureTrigger");
        assert_eq!(
            decode_message(odd.as_bytes())
                .expect("ok")
                .trigger
                .facts
                .kind,
            TriggerKind::Other("FutureTrigger".into())
        );
    }

    #[test]
    fn lenient_shapes() {
        let bare = r#"{"deviceId":190801013,"timestamp":"17911336041234567","timingChannel":"C0","startNumber":12,"extra":{"x":1}}"#;
        let m = decode_message(bare.as_bytes()).expect("bare dto tolerated");
        assert_eq!(m.change, EntityChange::Upsert(None));
        assert_eq!(m.trigger.key.device_id, "190801013");
        assert_eq!(m.trigger.facts.bib.map(|b| b.number), Some(12));
        assert_eq!(m.trigger.facts.time_offset_min, 0);
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
    fn escaped_strings_decode_like_plain_ones() {
        let body = r#"{"type":"entity\u005fdelete","dto":{"deviceId":"231203016","timestamp":17911336041234567,"timingChannel":"C1","type":"StartNumber\u0054rigger","startNumber":{"start\u004eumber":7,"type":"SEQ\u0055ENTIAL"}}}"#;
        let m = decode_message(body.as_bytes()).expect("decodes");
        assert_eq!(m.change, EntityChange::Delete("entity_delete".into()));
        assert_eq!(m.trigger.facts.kind, TriggerKind::StartNumber);
        assert_eq!(
            m.trigger.facts.bib,
            Some(Bib {
                number: 7,
                kind: BibKind::Sequential
            })
        );
    }
}
