//! STOMP 1.2 frames (reference §7), modelled like mini-redis models RESP: a small [`Frame`],
//! and a pure streaming [`Decoder`] that takes bytes and yields frames, heart-beats or a precise
//! error. A bad frame is skipped up to its NUL so the frames after it still decode.

mod command;
mod head;

use bytes::Bytes;

pub use command::{Command, StompError};
pub use head::Headers;
use head::{find, push_escaped, Head};

/// Upper bound for one frame; larger input is reported and dropped, never buffered forever. A
/// frame travels inside one SockJS message, so the SockJS bound is the STOMP one too.
pub use super::sockjs::MAX_FRAME_LEN;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub command: Command,
    pub headers: Headers,
    /// A decoded frame's body is a slice of the decoder's input, shared rather than copied.
    /// It keeps that whole input (one websocket message) alive: read it, don't hoard it.
    pub body: Bytes,
}

/// What one step of decoding yields: a frame, or an EOL between frames (a heart-beat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Heartbeat,
    Frame(Frame),
}

impl Frame {
    pub fn new(command: Command) -> Self {
        Self {
            command,
            headers: Headers::default(),
            body: Bytes::new(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push(name, value);
        self
    }

    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The first occurrence of a header wins (STOMP 1.2 §Repeated Header Entries).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// Wire text of this frame, NUL-terminated. SockJS carries strings, so the body is
    /// taken as UTF-8; `content-length` is added for any non-empty body.
    pub fn encode(&self) -> String {
        let escape = self.command.escapes_headers();
        let mut out = String::with_capacity(64 + self.body.len());
        out.push_str(self.command.as_str());
        out.push('\n');
        for (k, v) in self.headers.iter() {
            push_escaped(&mut out, k, escape);
            out.push(':');
            push_escaped(&mut out, v, escape);
            out.push('\n');
        }
        if !self.body.is_empty() && self.get("content-length").is_none() {
            out.push_str(&format!("content-length:{}\n", self.body.len()));
        }
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&self.body));
        out.push('\0');
        out
    }
}

/// Streaming decoder. Feed it every piece of text the transport delivers (one STOMP frame may
/// span several SockJS array elements, or one element may hold several frames).
#[derive(Debug, Default)]
pub struct Decoder {
    /// Input not yet shared with any frame. Pieces are appended here, and it is frozen into
    /// `shared` only when something is taken from it: a frame arriving in many pieces is
    /// copied once, not once per piece.
    open: Vec<u8>,
    /// Frozen input; decoded frames are slices of it. Frames are consumed by moving `pos`
    /// forward. Unread bytes are in `open` or here, never in both.
    shared: Bytes,
    pos: usize,
    /// After an error: drop bytes up to and including the next NUL.
    skipping: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos < self.shared.len() {
            // A partial frame left in frozen input: copied once, then appended to.
            self.open.extend_from_slice(&self.shared[self.pos..]);
        }
        self.shared = Bytes::new();
        self.pos = 0;
        self.open.extend_from_slice(bytes);
    }

    /// Like `push`, for input the caller already holds as shared bytes: when nothing is
    /// buffered it is taken as it is (a SockJS batch is tens of KB), and the frames decoded
    /// from it are slices of it.
    pub fn push_shared(&mut self, bytes: Bytes) {
        if self.buffered() == 0 {
            self.clear();
            self.shared = bytes;
        } else {
            self.push(&bytes);
        }
    }

    pub fn buffered(&self) -> usize {
        self.open.len() + self.shared.len() - self.pos
    }

    fn rest(&self) -> &[u8] {
        if self.open.is_empty() {
            &self.shared[self.pos..]
        } else {
            &self.open
        }
    }

    /// Freezes unread input that is still open; returns where it starts in `shared`.
    fn pos_frozen(&mut self) -> usize {
        if !self.open.is_empty() {
            self.shared = Bytes::from(std::mem::take(&mut self.open));
            self.pos = 0;
        }
        self.pos
    }

    fn consume(&mut self, n: usize) {
        self.pos = self.pos_frozen() + n;
        if self.pos >= self.shared.len() {
            self.clear();
        }
    }

    fn clear(&mut self) {
        self.open.clear();
        self.shared = Bytes::new();
        self.pos = 0;
    }

    /// The next complete item, `None` when more bytes are needed.
    pub fn next_item(&mut self) -> Option<Result<Item, StompError>> {
        if self.skipping {
            match find(self.rest(), 0) {
                Some(nul) => {
                    self.consume(nul + 1);
                    self.skipping = false;
                }
                None => {
                    self.clear();
                    return None;
                }
            }
        }
        match self.rest() {
            [] | [b'\r'] => return None,
            [b'\n', ..] => {
                self.consume(1);
                return Some(Ok(Item::Heartbeat));
            }
            [b'\r', b'\n', ..] => {
                self.consume(2);
                return Some(Ok(Item::Heartbeat));
            }
            _ => {}
        }
        let result = self.decode_frame()?;
        if result.is_err() {
            self.skipping = true;
        }
        Some(result.map(Item::Frame))
    }

    /// `None`: incomplete. On `Err` the caller skips to the next NUL.
    fn decode_frame(&mut self) -> Option<Result<Frame, StompError>> {
        let rest = self.rest();
        let Some((head_end, body_start)) = blank_line(rest) else {
            return match find(rest, 0) {
                Some(_) => Some(Err(StompError::Truncated)),
                None if rest.len() > MAX_FRAME_LEN => Some(self.too_large()),
                None => None,
            };
        };
        // The NUL is looked for in the head only, and in the body only without content-length
        // (not over the whole frame every time).
        if find(&rest[..head_end], 0).is_some() {
            return Some(Err(StompError::Truncated));
        }
        let head = match Head::scan(&rest[..head_end]) {
            Ok(h) => h,
            Err(e) => {
                self.consume(body_start);
                return Some(Err(e));
            }
        };
        let body_end = match head.content_length(rest) {
            Some(v) => {
                let Ok(len) = v.trim().parse::<usize>() else {
                    let v = v.to_owned();
                    self.consume(body_start);
                    return Some(Err(StompError::BadContentLength(v)));
                };
                let end = body_start.saturating_add(len);
                if end >= rest.len() {
                    return (end > MAX_FRAME_LEN).then(|| self.too_large());
                }
                if rest[end] != 0 {
                    self.consume(body_start);
                    return Some(Err(StompError::MissingNul(len)));
                }
                end
            }
            None => match find(&rest[body_start..], 0) {
                Some(n) => body_start + n,
                None if rest.len() > MAX_FRAME_LEN => return Some(self.too_large()),
                None => return None,
            },
        };
        // Complete: only now is the input frozen (see `open`), and the frame cut from it.
        let pos = self.pos_frozen();
        let (command, headers) = head.into_headers(&self.shared, pos..pos + head_end);
        let body = self.shared.slice(pos + body_start..pos + body_end);
        self.consume(body_end + 1);
        Some(Ok(Frame {
            command,
            headers,
            body,
        }))
    }

    fn too_large(&mut self) -> Result<Frame, StompError> {
        self.clear();
        Err(StompError::TooLarge { max: MAX_FRAME_LEN })
    }
}

/// End of the header block and start of the body: the first EOL followed by another EOL.
fn blank_line(buf: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(p) = find(&buf[i..], b'\n') {
        let nl = i + p;
        match &buf[nl + 1..] {
            [b'\n', ..] => return Some((nl, nl + 2)),
            [b'\r', b'\n', ..] => return Some((nl, nl + 3)),
            _ => i = nl + 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(input: &[u8]) -> Vec<Result<Item, StompError>> {
        let mut d = Decoder::new();
        d.push(input);
        std::iter::from_fn(|| d.next_item()).collect()
    }

    fn frame(item: &Result<Item, StompError>) -> &Frame {
        match item {
            Ok(Item::Frame(f)) => f,
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    #[test]
    fn reference_message_frame() {
        let text = b"MESSAGE\ndestination:/topic/device/231203016/trigger\ncontent-type:application/json\nsubscription:sub-0\nmessage-id:abc123-42\n\n{\"type\":\"ENTITY_ADD\"}\0";
        let items = decode_all(text);
        assert_eq!(items.len(), 1);
        let f = frame(&items[0]);
        assert_eq!(f.command, Command::Message);
        assert_eq!(
            f.get("destination"),
            Some("/topic/device/231203016/trigger")
        );
        assert_eq!(f.get("subscription"), Some("sub-0"));
        assert_eq!(&f.body[..], b"{\"type\":\"ENTITY_ADD\"}");
    }

    #[test]
    fn connected_with_crlf_and_heartbeats_between_frames() {
        let items = decode_all(b"\n\r\nCONNECTED\r\nversion:1.2\r\nheart-beat:0,0\r\n\r\n\0\nRECEIPT\nreceipt-id:77\n\n\0");
        assert_eq!(items[0], Ok(Item::Heartbeat));
        assert_eq!(items[1], Ok(Item::Heartbeat));
        let c = frame(&items[2]);
        assert_eq!(
            (c.command, c.get("heart-beat")),
            (Command::Connected, Some("0,0"))
        );
        assert_eq!(items[3], Ok(Item::Heartbeat));
        assert_eq!(frame(&items[4]).get("receipt-id"), Some("77"));
        assert_eq!(items.len(), 5);
    }

    #[test]
    fn content_length_allows_nul_in_body_and_split_input() {
        let wire = b"MESSAGE\ncontent-length:3\n\na\0b\0";
        let mut d = Decoder::new();
        for chunk in wire.chunks(2) {
            assert!(d.next_item().is_none(), "nothing complete yet");
            d.push(chunk);
        }
        let item = d.next_item().expect("complete");
        assert_eq!(&frame(&item).body[..], b"a\0b");
        assert!(d.next_item().is_none());
    }

    #[test]
    fn header_escapes_round_trip_and_repeated_header_first_wins() {
        let f = Frame::new(Command::Send)
            .header("k:e\\y", "line\nbreak\r:")
            .with_body("x");
        let items = decode_all(f.encode().as_bytes());
        let back = frame(&items[0]);
        assert_eq!(back.get("k:e\\y"), Some("line\nbreak\r:"));
        assert_eq!(back.get("content-length"), Some("1"));
        let rep = decode_all(b"MESSAGE\na:1\na:2\nb:x:y\r\nc:\n\n\0");
        assert_eq!(frame(&rep[0]).get("a"), Some("1"));
        assert_eq!(
            frame(&rep[0]).get("b"),
            Some("x:y"),
            "only the first ':' splits"
        );
        assert_eq!(frame(&rep[0]).get("c"), Some(""));
        // CONNECT headers are not escaped: a backslash is taken literally.
        let c = decode_all(b"CONNECT\nauthorization:AB\\C\n\n\0");
        assert_eq!(frame(&c[0]).get("authorization"), Some("AB\\C"));
    }

    #[test]
    fn errors_are_reported_and_the_next_frame_still_decodes() {
        let cases: [(&[u8], StompError); 6] = [
            (
                b"GARBAGE\n\n\0",
                StompError::UnknownCommand("GARBAGE".into()),
            ),
            (
                b"MESSAGE\nnocolon\n\n\0",
                StompError::MissingColon("nocolon".into()),
            ),
            (b"MESSAGE\na:\\x\n\n\0", StompError::BadEscape("\\x".into())),
            (
                b"MESSAGE\ncontent-length:zz\n\nbody\0",
                StompError::BadContentLength("zz".into()),
            ),
            (
                b"MESSAGE\ncontent-length:1\n\nxyz\0",
                StompError::MissingNul(1),
            ),
            (b"MESSAGE\0", StompError::Truncated),
        ];
        for (bad, expected) in cases {
            let mut input = bad.to_vec();
            input.extend_from_slice(b"RECEIPT\nreceipt-id:1\n\n\0");
            let items = decode_all(&input);
            assert_eq!(
                items[0],
                Err(expected),
                "input {:?}",
                String::from_utf8_lossy(bad)
            );
            assert_eq!(frame(items.last().expect("some")).command, Command::Receipt);
        }
        assert_eq!(
            decode_all(b"MESSAGE\n\xff:1\n\n\0")[0],
            Err(StompError::NotUtf8)
        );
    }

    #[test]
    fn shared_input_is_sliced_or_appended() {
        let mut d = Decoder::new();
        let first = Bytes::from_static(b"MESSAGE\ncontent-length:1\n\nx\0MESS");
        d.push_shared(first.clone());
        let body = frame(&d.next_item().expect("one frame")).body.clone();
        assert_eq!(&body[..], b"x");
        assert_eq!(body.as_ptr(), first[26..].as_ptr(), "a slice, not a copy");
        assert!(d.next_item().is_none(), "the rest is incomplete");
        d.push_shared(Bytes::from_static(b"AGE\n\ny\0"));
        assert_eq!(&frame(&d.next_item().expect("joined")).body[..], b"y");
        // A frame in many pieces, then more frames: each piece is appended, nothing lost.
        for piece in b"MESSAGE\n\nlong body\0RECEIPT\nreceipt-id:3\n\n\0".chunks(3) {
            d.push(piece);
        }
        assert_eq!(&frame(&d.next_item().expect("long")).body[..], b"long body");
        assert_eq!(
            frame(&d.next_item().expect("receipt")).get("receipt-id"),
            Some("3")
        );
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn find_agrees_with_a_plain_search() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for start in 0..40 {
            for byte in [0u8, b'\n', 10, 200, 250, 255] {
                let hay = &data[start..];
                assert_eq!(
                    find(hay, byte),
                    hay.iter().position(|b| *b == byte),
                    "byte {byte} from {start}"
                );
            }
        }
    }

    #[test]
    fn oversized_frame_is_dropped() {
        let mut d = Decoder::new();
        d.push(b"MESSAGE\n\n");
        d.push(&vec![b'x'; MAX_FRAME_LEN + 1]);
        assert_eq!(
            d.next_item(),
            Some(Err(StompError::TooLarge { max: MAX_FRAME_LEN }))
        );
        assert_eq!(d.buffered(), 0);
        d.push(b"tail of the big one\0RECEIPT\nreceipt-id:2\n\n\0");
        let item = d.next_item().expect("receipt");
        assert_eq!(frame(&item).get("receipt-id"), Some("2"));
    }
}
