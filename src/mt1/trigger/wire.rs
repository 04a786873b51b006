//! The wire shapes the server sends, read leniently with serde (reference §5.3, §8): the
//! general path, and the one-pass scanner's oracle (`scan` reads the usual shape faster and
//! must always agree with this). Lenient fields are read with visitors (no untagged enums:
//! those buffer every value), and strings are borrowed from the message where it has no
//! escapes.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

use super::message::{DecodeError, Trigger};
use crate::model::time::TimestampScale;
use crate::model::trigger::{
    is_device_id, parse_channel, Bib, BibKind, DeviceId, TriggerFacts, TriggerKey, TriggerKind,
};

#[derive(Deserialize)]
pub(super) struct EnvelopeWire<'a> {
    #[serde(rename = "type", default, borrow)]
    pub(super) kind: Option<Borrowed<'a>>,
    #[serde(default, borrow)]
    pub(super) dto: Option<TriggerWire<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TriggerWire<'a> {
    #[serde(borrow, deserialize_with = "text_or_number")]
    pub(super) device_id: Cow<'a, str>,
    #[serde(deserialize_with = "i64_lenient")]
    pub(super) timestamp: i64,
    #[serde(default, deserialize_with = "opt_i64_lenient")]
    pub(super) time_offset: Option<i64>,
    #[serde(borrow, deserialize_with = "text_or_number")]
    pub(super) timing_channel: Cow<'a, str>,
    #[serde(rename = "type", default, borrow)]
    pub(super) kind: Option<Borrowed<'a>>,
    #[serde(default, borrow)]
    pub(super) start_number: Option<StartNumberWire<'a>>,
    #[serde(default)]
    pub(super) valid: Option<bool>,
    #[serde(default)]
    pub(super) blocked: Option<bool>,
    #[serde(default)]
    pub(super) falling_edge: Option<bool>,
}

/// `startNumber`: an object per the docs; a plain number or numeric string is tolerated.
pub(super) struct StartNumberWire<'a> {
    pub(super) number: Option<i64>,
    pub(super) kind: Option<Borrowed<'a>>,
}

/// A string borrowed from the message where it has no escapes. serde's own `Cow` impl (also
/// behind `#[serde(borrow)]` on an `Option<Cow>`) always copies: that was four allocations per
/// trigger.
pub(super) struct Borrowed<'a>(pub(super) Cow<'a, str>);

pub(super) struct BorrowedVisitor;

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
pub(super) struct Lenient(Option<i64>);

pub(super) struct LenientVisitor;

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

pub(super) struct TextVisitor;

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

pub(super) struct StartNumberVisitor;

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
    pub(super) fn into_trigger(self) -> Result<Trigger, DecodeError> {
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

pub(super) fn truncate(s: &str) -> String {
    s.chars().take(32).collect()
}

/// The usual envelope types without an allocation per message.
pub(super) fn known_spelling(k: Cow<'_, str>) -> Cow<'static, str> {
    ["ENTITY_ADD", "ENTITY_CREATE", "ENTITY_UPDATE"]
        .into_iter()
        .find(|s| *s == k)
        .map_or_else(|| Cow::Owned(k.into_owned()), Cow::Borrowed)
}
