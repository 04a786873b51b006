//! A frame's head: the command line and the header lines, with STOMP 1.2 header escapes.
//! Decoding checks a head and copies nothing from it unless a header needs unescaping:
//! nothing on the hot path reads a MESSAGE's headers, so most frames never pay for them.

use bytes::Bytes;
use std::ops::Range;

use super::command::{Command, StompError};
// UTF-8 text sharing the bytes it was cut from; the trigger model names the same type
// `RawText`, but a codec does not import the model.
use tokio_tungstenite::tungstenite::Utf8Bytes as RawText;

/// Header names and values. The first occurrence of a name wins (STOMP 1.2 §Repeated Header
/// Entries).
#[derive(Debug, Clone)]
pub struct Headers(Repr);

#[derive(Debug, Clone)]
enum Repr {
    /// The header lines as they came, with nothing to unescape (the usual case): shared with
    /// the decoder's input and split into names and values only when asked.
    Wire(RawText),
    /// Names and values, unescaped, in one string with offsets (per header: name start, name
    /// end = value start, value end): two allocations for all headers, not two per header.
    Owned { text: String, spans: Vec<[u32; 3]> },
}

impl Default for Headers {
    fn default() -> Self {
        Self(Repr::Owned {
            text: String::new(),
            spans: Vec::new(),
        })
    }
}

impl PartialEq for Headers {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Headers {}

impl Headers {
    pub fn push(&mut self, name: &str, value: &str) {
        if let Repr::Wire(_) = self.0 {
            let mut owned = Self::default();
            for (k, v) in self.iter() {
                owned.push(k, v);
            }
            *self = owned;
        }
        if let Repr::Owned { text, spans } = &mut self.0 {
            let start = text.len() as u32;
            text.push_str(name);
            let mid = text.len() as u32;
            text.push_str(value);
            spans.push([start, mid, text.len() as u32]);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let (wire, owned) = match &self.0 {
            Repr::Wire(lines) => (Some(lines.as_str()), None),
            Repr::Owned { text, spans } => (None, Some((text, spans))),
        };
        // Wire lines were checked when decoded: each has a ':' (the first one splits).
        let wire = wire.into_iter().flat_map(|lines| {
            lines
                .split('\n')
                .filter_map(|l| l.strip_suffix('\r').unwrap_or(l).split_once(':'))
        });
        let owned = owned.into_iter().flat_map(|(text, spans)| {
            spans.iter().map(|[a, b, c]| {
                (
                    &text[*a as usize..*b as usize],
                    &text[*b as usize..*c as usize],
                )
            })
        });
        wire.chain(owned)
    }

    /// The first occurrence wins (STOMP 1.2 §Repeated Header Entries).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// A frame's head after one pass over it.
pub(super) enum Head {
    /// Nothing to unescape: the header lines start at `lines` in the head, and the value of
    /// the first `content-length` (if any) is at `content_length`.
    Plain {
        command: Command,
        lines: usize,
        content_length: Option<Range<usize>>,
    },
    /// Some header had escapes, undone into owned text.
    Unescaped { command: Command, headers: Headers },
}

impl Head {
    /// Checks `head` (the frame up to its blank line): UTF-8, a known command, a ':' in every
    /// header line, and only defined escapes.
    pub(super) fn scan(head: &[u8]) -> Result<Self, StompError> {
        let text = std::str::from_utf8(head).map_err(|_| StompError::NotUtf8)?;
        let bytes = text.as_bytes();
        let eol = find(bytes, b'\n').unwrap_or(bytes.len());
        let first = text[..eol].strip_suffix('\r').unwrap_or(&text[..eol]);
        let command = Command::parse(first.as_bytes())
            .ok_or_else(|| StompError::UnknownCommand(first.chars().take(32).collect()))?;
        let lines = (eol + 1).min(bytes.len());
        let mut content_length = None;
        for line in HeaderLines::new(text, lines) {
            let [start, colon, end] = line?;
            if content_length.is_none() && &text[start..colon] == "content-length" {
                content_length = Some(colon + 1..end);
            }
        }
        if !(command.escapes_headers() && text[lines..].contains('\\')) {
            return Ok(Self::Plain {
                command,
                lines,
                content_length,
            });
        }
        let mut out = String::with_capacity(head.len());
        let mut spans = Vec::new();
        for line in HeaderLines::new(text, lines) {
            let [start, colon, end] = line?;
            let begin = out.len() as u32;
            unescape_into(&mut out, &text[start..colon])?;
            let mid = out.len() as u32;
            unescape_into(&mut out, &text[colon + 1..end])?;
            spans.push([begin, mid, out.len() as u32]);
        }
        let headers = Headers(Repr::Owned { text: out, spans });
        Ok(Self::Unescaped { command, headers })
    }

    /// The `content-length` value; `frame` is the input the head was scanned from.
    pub(super) fn content_length<'a>(&'a self, frame: &'a [u8]) -> Option<&'a str> {
        match self {
            // Checked UTF-8 in `scan`; a failure here cannot happen and would read as no number.
            Self::Plain { content_length, .. } => content_length
                .clone()
                .map(|r| std::str::from_utf8(&frame[r]).unwrap_or_default()),
            Self::Unescaped { headers, .. } => headers.get("content-length"),
        }
    }

    /// The command and headers, the latter shared from `input` (the head at `head`) when
    /// nothing needed unescaping.
    pub(super) fn into_headers(self, input: &Bytes, head: Range<usize>) -> (Command, Headers) {
        match self {
            Self::Plain { command, lines, .. } => {
                let lines = input.slice(head.start + lines..head.end);
                // Checked UTF-8 in `scan`; a failure here cannot happen and would read as none.
                let headers = RawText::try_from(lines)
                    .map_or_else(|_| Headers::default(), |t| Headers(Repr::Wire(t)));
                (command, headers)
            }
            Self::Unescaped { command, headers } => (command, headers),
        }
    }
}

pub(super) fn push_escaped(out: &mut String, s: &str, escape: bool) {
    if !escape {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ':' => out.push_str("\\c"),
            c => out.push(c),
        }
    }
}

/// Header lines from byte `start` of a head: per line its start, its first ':' and its end
/// (without a CR), or the error for a line without ':'.
struct HeaderLines<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> HeaderLines<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        Self { text, start }
    }
}

impl Iterator for HeaderLines<'_> {
    type Item = Result<[usize; 3], StompError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let start = self.start;
        if start >= bytes.len() {
            return None;
        }
        let end = find(&bytes[start..], b'\n').map_or(bytes.len(), |n| start + n);
        self.start = end + 1;
        let line_end = if bytes[start..end].last() == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        let line = &self.text[start..line_end];
        Some(match line.find(':') {
            Some(c) => Ok([start, start + c, line_end]),
            None => Err(StompError::MissingColon(line.chars().take(64).collect())),
        })
    }
}

/// Appends `raw` to `out`, undoing STOMP 1.2 escapes.
fn unescape_into(out: &mut String, raw: &str) -> Result<(), StompError> {
    if !raw.bytes().any(|b| b == b'\\') {
        out.push_str(raw);
        return Ok(());
    }
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('c') => out.push(':'),
            _ => return Err(StompError::BadEscape(raw.chars().take(64).collect())),
        }
    }
    Ok(())
}

/// First index of `byte` (memchr: SIMD where the processor has it).
pub(super) fn find(buf: &[u8], byte: u8) -> Option<usize> {
    memchr::memchr(byte, buf)
}

#[cfg(test)]
mod tests {
    use super::super::{Decoder, Frame, Item};
    use super::*;

    fn decoded(wire: &[u8]) -> Frame {
        let mut d = Decoder::new();
        d.push(wire);
        match d.next_item() {
            Some(Ok(Item::Frame(f))) => f,
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    #[test]
    fn shared_and_owned_headers_read_and_compare_alike() {
        let wire = decoded(b"MESSAGE\r\ndestination:/x\r\nk:a:b\r\ncontent-length:1\r\n\r\ny\0");
        assert!(
            matches!(wire.headers.0, Repr::Wire(_)),
            "nothing to unescape"
        );
        let built = Frame::new(Command::Message)
            .header("destination", "/x")
            .header("k", "a:b")
            .header("content-length", "1")
            .with_body("y");
        assert_eq!(wire, built);
        assert_eq!(wire.headers.len(), 3);
        assert_eq!(wire.get("k"), Some("a:b"));
        let escaped = decoded(b"MESSAGE\nk:a\\cb\n\n\0");
        assert!(matches!(escaped.headers.0, Repr::Owned { .. }));
        assert_eq!(escaped.get("k"), Some("a:b"));
        // Adding to shared headers keeps what was there.
        let mut headers = wire.headers.clone();
        headers.push("receipt", "7");
        let all: Vec<_> = headers.iter().collect();
        assert_eq!(all[0], ("destination", "/x"));
        assert_eq!(all[3], ("receipt", "7"));
        assert!(Headers::default().is_empty());
    }
}
