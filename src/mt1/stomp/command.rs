//! The words a STOMP frame can start with, and what can be wrong with a frame.

use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};
use thiserror::Error;

/// A STOMP command; its wire name is its name in capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "UPPERCASE")]
pub enum Command {
    Connect,
    Stomp,
    Connected,
    Send,
    Subscribe,
    Unsubscribe,
    Ack,
    Nack,
    Begin,
    Commit,
    Abort,
    Disconnect,
    Message,
    Receipt,
    Error,
}

impl Command {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub(super) fn parse(s: &[u8]) -> Option<Self> {
        Self::iter().find(|c| c.as_str().as_bytes() == s)
    }

    /// STOMP 1.2: CONNECT and CONNECTED headers are not escaped.
    pub(super) fn escapes_headers(self) -> bool {
        !matches!(self, Command::Connect | Command::Connected)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StompError {
    #[error("unknown STOMP command {0:?}")]
    UnknownCommand(String),
    #[error("STOMP header line without ':' ({0:?})")]
    MissingColon(String),
    #[error("STOMP header {0:?} has an undefined escape sequence")]
    BadEscape(String),
    #[error("STOMP header is not UTF-8")]
    NotUtf8,
    #[error("STOMP content-length {0:?} is not a number")]
    BadContentLength(String),
    #[error("STOMP frame body is not followed by NUL at content-length {0}")]
    MissingNul(usize),
    #[error("STOMP frame ended (NUL) before its headers did")]
    Truncated,
    #[error("STOMP frame of over {max} bytes dropped")]
    TooLarge { max: usize },
}
