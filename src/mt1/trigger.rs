//! The lenient decoder for the trigger JSON the server sends (reference §5.3, §8), into the
//! model's key and facts. Unknown enum values are kept as data; only `deviceId`, `timestamp`
//! and `timingChannel` are required.

use bytes::Bytes;
use serde::Deserialize;

mod message;
mod scan;
mod wire;

pub use message::{DecodeError, EntityChange, RawText, Trigger, TriggerMessage};
use wire::{known_spelling, Borrowed, TriggerWire};

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
    use crate::model::time::TimestampScale;
    use crate::model::trigger::{Bib, BibKind, TriggerKind};

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
