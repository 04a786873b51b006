//! The usual push message read without serde. serde_json was the largest cost of a live
//! trigger (a field-name match and a visitor call per value); this scanner reads exactly the
//! shape the server sends — `{"type":…,"dto":{…},"entityType":…}` with plain strings,
//! integers, booleans and nulls — in one pass, and declines (`None`) anything else: escapes,
//! floats, unknown or repeated fields, nesting it does not expect. A declined message goes to
//! serde, so the scanner never decides anything serde would decide differently; the fuzz test
//! checks that on every input.

use std::borrow::Cow;

use super::wire::{Borrowed, EnvelopeWire, StartNumberWire, TriggerWire};

/// The envelope, if the message is in the usual shape.
pub(super) fn envelope(raw: &str) -> Option<EnvelopeWire<'_>> {
    let mut s = Scanner { b: raw, i: 0 };
    let mut kind = None;
    let mut dto = None;
    let mut entity_type = false;
    s.object(|s, key| {
        match key {
            "type" if kind.is_none() => kind = Some(s.opt_string()?),
            "dto" if dto.is_none() => dto = Some(s.dto()?),
            "entityType" if !entity_type => {
                entity_type = true;
                s.scalar()?;
            }
            _ => return None,
        }
        Some(())
    })?;
    s.ws();
    // serde would take a null or missing `dto` as a bare TriggerDto: leave that to it.
    (s.i == raw.len()).then_some(EnvelopeWire {
        kind: kind.flatten(),
        dto: Some(dto?),
    })
}

struct Scanner<'a> {
    b: &'a str,
    i: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.peek() == Some(byte)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.b.as_bytes()[self.i..].starts_with(word.as_bytes());
        if found {
            self.i += word.len();
        }
        found
    }

    /// `{ "key": value, … }`, calling `field` with the scanner placed before each value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Some(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.eat(b':')?;
            self.ws();
            field(self, key)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string with no escapes and no control characters, borrowed.
    fn string(&mut self) -> Option<&'a str> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.i + 1;
        let len = self.b.as_bytes()[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        let end = start + len;
        if self.b.as_bytes()[end] != b'"' {
            return None;
        }
        self.i = end + 1;
        self.b.get(start..end)
    }

    fn opt_string(&mut self) -> Option<Option<Borrowed<'a>>> {
        if self.literal("null") {
            return Some(None);
        }
        self.string().map(|s| Some(Borrowed(Cow::Borrowed(s))))
    }

    /// A JSON integer that fits an i64 (no fraction, no exponent); else declined.
    fn integer(&mut self) -> Option<i64> {
        let bytes = &self.b.as_bytes()[self.i..];
        let negative = bytes.first() == Some(&b'-');
        let digits = &bytes[usize::from(negative)..];
        let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
        // Leading zeros and 19+ digits are left to serde (its errors and overflow rules).
        // serde_json reads `-0` as the float -0.0.
        if n == 0 || n > 18 || (n > 1 && digits[0] == b'0') || (negative && digits[0] == b'0') {
            return None;
        }
        if matches!(digits.get(n), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value = digits[..n]
            .iter()
            .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
        self.i += usize::from(negative) + n;
        Some(if negative { -value } else { value })
    }

    fn opt_integer(&mut self) -> Option<Option<i64>> {
        if self.literal("null") {
            return Some(None);
        }
        self.integer().map(Some)
    }

    fn opt_bool(&mut self) -> Option<Option<bool>> {
        if self.literal("true") {
            Some(Some(true))
        } else if self.literal("false") {
            Some(Some(false))
        } else if self.literal("null") {
            Some(None)
        } else {
            None
        }
    }

    /// A string, integer, boolean or null whose value does not matter.
    fn scalar(&mut self) -> Option<()> {
        if self.string().is_some() || self.integer().is_some() {
            return Some(());
        }
        self.opt_bool().map(drop)
    }

    fn dto(&mut self) -> Option<TriggerWire<'a>> {
        let mut device_id = None;
        let mut timestamp = None;
        let mut time_offset = None;
        let mut channel = None;
        let mut kind = None;
        let mut start_number = None;
        let (mut valid, mut blocked, mut falling_edge) = (None, None, None);
        self.object(|s, key| {
            match key {
                "deviceId" if device_id.is_none() => device_id = Some(s.string()?),
                "timestamp" if timestamp.is_none() => timestamp = Some(s.integer()?),
                "timeOffset" if time_offset.is_none() => time_offset = Some(s.opt_integer()?),
                "timingChannel" if channel.is_none() => channel = Some(s.string()?),
                "type" if kind.is_none() => kind = Some(s.opt_string()?),
                "startNumber" if start_number.is_none() => start_number = Some(s.start_number()?),
                "valid" if valid.is_none() => valid = Some(s.opt_bool()?),
                "blocked" if blocked.is_none() => blocked = Some(s.opt_bool()?),
                "fallingEdge" if falling_edge.is_none() => falling_edge = Some(s.opt_bool()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(TriggerWire {
            device_id: Cow::Borrowed(device_id?),
            timestamp: timestamp?,
            time_offset: time_offset.flatten(),
            timing_channel: Cow::Borrowed(channel?),
            kind: kind.flatten(),
            start_number: start_number.flatten(),
            valid: valid.flatten(),
            blocked: blocked.flatten(),
            falling_edge: falling_edge.flatten(),
        })
    }

    fn start_number(&mut self) -> Option<Option<StartNumberWire<'a>>> {
        if self.literal("null") {
            return Some(None);
        }
        let mut number = None;
        let mut kind = None;
        self.object(|s, key| {
            match key {
                "startNumber" if number.is_none() => number = Some(s.opt_integer()?),
                "type" if kind.is_none() => kind = Some(s.opt_string()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(Some(StartNumberWire {
            number: number.flatten(),
            kind: kind.flatten(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USUAL: &str = r#"{"type":"ENTITY_ADD","dto":{"deviceId":"231203016","timestamp":17911336041234567,"timeOffset":60,"timingChannel":"C1","type":"StartNumberTrigger","startNumber":{"startNumber":1234,"type":"SEQUENTIAL"},"valid":true,"blocked":false,"fallingEdge":true},"entityType":"TriggerDto"}"#;

    #[test]
    fn reads_the_usual_message() {
        let e = envelope(USUAL).expect("the usual shape is scanned");
        assert_eq!(e.kind.as_deref(), Some("ENTITY_ADD"));
        let dto = e.dto.expect("dto");
        assert_eq!(
            (&*dto.device_id, dto.timestamp, &*dto.timing_channel),
            ("231203016", 17_911_336_041_234_567, "C1")
        );
        let bib = dto.start_number.expect("bib");
        assert_eq!(
            (bib.number, bib.kind.as_deref()),
            (Some(1234), Some("SEQUENTIAL"))
        );
        assert_eq!(
            (dto.valid, dto.blocked, dto.falling_edge),
            (Some(true), Some(false), Some(true))
        );
    }

    #[test]
    fn declines_what_serde_should_decide() {
        for odd in [
            USUAL.replace("ENTITY_ADD", "ENTITY\\u005fADD"), // an escape
            USUAL.replace("60", "60.0"),                     // a float
            USUAL.replace("\"valid\"", "\"blocked\""),       // a repeated field
            USUAL.replace("\"valid\"", "\"other\""),         // an unknown field
            USUAL.replace("\"231203016\"", "231203016"),     // a numeric device id
            USUAL.replace("17911336041234567", "-0"),        // serde reads a float
            format!("{USUAL} x"),                            // trailing text
            r#"{"deviceId":"1","timestamp":1,"timingChannel":"C1"}"#.to_owned(), // bare dto
        ] {
            assert!(envelope(&odd).is_none(), "{odd}");
        }
    }
}
