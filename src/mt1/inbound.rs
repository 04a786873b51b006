//! What arrives on the live link, decoded: websocket text → SockJS frame → STOMP items → link
//! events. Pure (no I/O), so it is what the decode benchmark measures.
//!
//! A SockJS `a[...]` frame is unescaped into one buffer, and the STOMP frames in it are slices
//! of that buffer (no copy per frame). The buffer goes back to a pool when the last slice is
//! dropped, on whichever thread that is, so the reader refills memory it already touched:
//! fresh pages are the dearest memory there is (the kernel zeroes each one on first touch).

use bytes::Bytes;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::sockjs::{self, SockJsFrame};
use super::stomp::{Decoder, Frame, Item};

/// What the link hands the session: decoded here, so the socket's owner (`connection`) and
/// this decoder do not import each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEvent {
    /// A STOMP frame other than CONNECTED (MESSAGE, RECEIPT, ERROR…).
    Frame(Frame),
    /// A SockJS `h`, a STOMP heart-beat or a ping: the server is there.
    Alive,
    /// Input that did not decode; it was skipped and the link goes on.
    Malformed(String),
    /// SockJS `c[code,reason]`: the server is closing the session.
    Closing(String),
}

/// The decoding state of one link.
#[derive(Default)]
pub struct LinkDecoder {
    decoder: Decoder,
    pool: Arc<BufferPool>,
}

impl LinkDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// One websocket text message: appends its events to `out`.
    pub fn ingest(&mut self, text: &str, out: &mut VecDeque<LinkEvent>) {
        if text.starts_with('a') {
            let mut buf = self.pool.take();
            match sockjs::read_messages(text, &mut buf) {
                Ok(_) => {
                    self.decoder.push_shared(self.pool.share(buf));
                    self.drain(out);
                }
                Err(e) => {
                    self.pool.give(buf);
                    out.push_back(LinkEvent::Malformed(e.to_string()));
                }
            }
            return;
        }
        match sockjs::parse(text) {
            Err(e) => out.push_back(LinkEvent::Malformed(e.to_string())),
            Ok(SockJsFrame::Open | SockJsFrame::Heartbeat) => out.push_back(LinkEvent::Alive),
            Ok(SockJsFrame::Close { code, reason }) => {
                out.push_back(LinkEvent::Closing(format!("SockJS close {code} {reason}")))
            }
            Ok(SockJsFrame::Messages(parts)) => {
                for part in parts {
                    self.decoder.push(part.as_bytes());
                }
                self.drain(out);
            }
        }
    }

    fn drain(&mut self, out: &mut VecDeque<LinkEvent>) {
        while let Some(item) = self.decoder.next_item() {
            out.push_back(match item {
                Ok(Item::Heartbeat) => LinkEvent::Alive,
                Ok(Item::Frame(f)) => LinkEvent::Frame(f),
                Err(e) => LinkEvent::Malformed(e.to_string()),
            });
        }
    }
}

/// Buffers of unescaped SockJS text, back from the frames that shared them.
#[derive(Default)]
struct BufferPool(Mutex<Vec<Vec<u8>>>);

impl BufferPool {
    /// Enough for the messages a read-ahead holds; a few MB at the usual 30 KB per message.
    const KEEP: usize = 128;
    /// A buffer grown by a rare huge message is freed, not kept.
    const KEEP_CAPACITY: usize = 1 << 20;

    fn take(&self) -> Vec<u8> {
        // A poisoned lock only means a thread panicked while returning a buffer: allocate.
        self.0
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut buf: Vec<u8>) {
        if buf.capacity() > Self::KEEP_CAPACITY {
            return;
        }
        buf.clear();
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < Self::KEEP {
                pool.push(buf);
            }
        }
    }

    fn share(self: &Arc<Self>, buf: Vec<u8>) -> Bytes {
        Bytes::from_owner(Pooled {
            buf,
            pool: Arc::clone(self),
        })
    }
}

/// A buffer that returns to its pool when the last `Bytes` sharing it is dropped.
struct Pooled {
    buf: Vec<u8>,
    pool: Arc<BufferPool>,
}

impl AsRef<[u8]> for Pooled {
    fn as_ref(&self) -> &[u8] {
        &self.buf
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        self.pool.give(std::mem::take(&mut self.buf));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt1::stomp::Command;

    fn message(n: usize) -> String {
        Frame::new(Command::Message)
            .header("destination", "/topic/device/1/trigger")
            .with_body(format!("{{\"n\":{n}}}"))
            .encode()
    }

    #[test]
    fn buffers_come_back_when_the_last_frame_is_dropped() {
        let mut inbound = LinkDecoder::new();
        let mut out = VecDeque::new();
        let text = sockjs::encode_messages(&[message(1), message(2)]);
        inbound.ingest(&text, &mut out);
        assert_eq!(out.len(), 2);
        let pool = Arc::clone(&inbound.pool);
        let pooled = || pool.0.lock().map(|p| p.len()).unwrap_or_default();
        assert_eq!(pooled(), 0, "both frames still share the buffer");
        let first = out.pop_front();
        drop(out);
        assert_eq!(pooled(), 0, "one frame still holds it");
        drop(first);
        assert_eq!(pooled(), 1, "back in the pool");
        // The next message refills it, and decodes the same.
        let mut again = VecDeque::new();
        inbound.ingest(&text, &mut again);
        assert_eq!(pooled(), 0);
        let bodies: Vec<_> = again
            .iter()
            .filter_map(|e| match e {
                LinkEvent::Frame(f) => Some(String::from_utf8_lossy(&f.body).into_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(bodies, ["{\"n\":1}", "{\"n\":2}"]);
    }

    #[test]
    fn a_bad_array_says_why_and_keeps_its_buffer() {
        let mut inbound = LinkDecoder::new();
        let mut out = VecDeque::new();
        inbound.ingest("a[\"unterminated", &mut out);
        assert!(matches!(out.pop_front(), Some(LinkEvent::Malformed(_))));
        assert_eq!(
            inbound.pool.0.lock().map(|p| p.len()).unwrap_or_default(),
            1
        );
        inbound.ingest("h", &mut out);
        assert_eq!(out.pop_front(), Some(LinkEvent::Alive));
    }
}
