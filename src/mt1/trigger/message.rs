//! What the decoder makes of a message: the trigger, what happened to it, the text it came
//! in, or why it could not be read.

use std::borrow::Cow;
use thiserror::Error;

use crate::model::time::TimestampScale;
use crate::model::trigger::{TriggerFacts, TriggerKey};

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

/// UTF-8 text sharing the bytes it was cut from (checked once, when made).
pub type RawText = tokio_tungstenite::tungstenite::Utf8Bytes;
