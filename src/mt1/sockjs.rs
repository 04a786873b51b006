//! SockJS websocket-transport framing (reference §6). One websocket text message is one SockJS
//! frame: `o` open, `h` heartbeat, `a[..]` an array of strings (each a piece of STOMP text),
//! `m".."` a single string (legacy), `c[code,"reason"]` close. Pure: text in, frame or error out.

use thiserror::Error;

/// The reference's peer rejects SockJS messages over 4 000 000 characters (§6.5).
pub const MAX_FRAME_LEN: usize = 4_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SockJsFrame {
    Open,
    Heartbeat,
    Messages(Vec<String>),
    Close { code: u32, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SockJsError {
    #[error("empty SockJS frame")]
    Empty,
    #[error("SockJS frame of {len} characters is over the {max} limit")]
    TooLarge { len: usize, max: usize },
    #[error("unknown SockJS frame type {0:?}")]
    UnknownType(char),
    #[error("SockJS `{kind}` frame has an invalid payload: {detail}")]
    BadPayload { kind: char, detail: String },
}

pub fn parse(text: &str) -> Result<SockJsFrame, SockJsError> {
    if text.len() > MAX_FRAME_LEN {
        return Err(SockJsError::TooLarge {
            len: text.len(),
            max: MAX_FRAME_LEN,
        });
    }
    let mut chars = text.chars();
    let kind = chars.next().ok_or(SockJsError::Empty)?;
    let rest = chars.as_str();
    let bad = |detail: String| SockJsError::BadPayload { kind, detail };
    match kind {
        'o' | 'h' if !rest.is_empty() => {
            Err(bad(format!("unexpected {} trailing bytes", rest.len())))
        }
        'o' => Ok(SockJsFrame::Open),
        'h' => Ok(SockJsFrame::Heartbeat),
        'a' => serde_json::from_str::<Vec<String>>(rest)
            .map(SockJsFrame::Messages)
            .map_err(|e| bad(e.to_string())),
        'm' => serde_json::from_str::<String>(rest)
            .map(|s| SockJsFrame::Messages(vec![s]))
            .map_err(|e| bad(e.to_string())),
        'c' => {
            let (code, reason) =
                serde_json::from_str::<(u32, String)>(rest).map_err(|e| bad(e.to_string()))?;
            Ok(SockJsFrame::Close { code, reason })
        }
        other => Err(SockJsError::UnknownType(other)),
    }
}

/// Reads an `a[...]` frame (the whole text, `a` included) into `out`: the UTF-8 of every
/// string in the array, one after the other, with JSON escapes undone. It is the hot path of
/// every trigger, so it allocates at most once (`out` may be reused) and copies each byte
/// once. On an error `out` is left empty: a bad frame contributes nothing. Returns the number
/// of strings.
pub fn read_messages(text: &str, out: &mut Vec<u8>) -> Result<usize, SockJsError> {
    out.clear();
    let result = read_array(text, out);
    if result.is_err() {
        out.clear();
    }
    result
}

fn read_array(text: &str, out: &mut Vec<u8>) -> Result<usize, SockJsError> {
    if text.len() > MAX_FRAME_LEN {
        return Err(SockJsError::TooLarge {
            len: text.len(),
            max: MAX_FRAME_LEN,
        });
    }
    // Undoing escapes only shortens: one allocation at most, however the strings grow.
    out.reserve(text.len());
    let bad = |detail: &str| SockJsError::BadPayload {
        kind: 'a',
        detail: detail.to_owned(),
    };
    let b = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    if b.first() != Some(&b'a') {
        return Err(bad("not an array frame"));
    }
    let mut i = skip_ws(1);
    if b.get(i) != Some(&b'[') {
        return Err(bad("expected ["));
    }
    i = skip_ws(i + 1);
    let mut count = 0;
    if b.get(i) == Some(&b']') {
        return if skip_ws(i + 1) == b.len() {
            Ok(0)
        } else {
            Err(bad("trailing characters"))
        };
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return Err(bad("expected a string"));
        }
        i = read_string(b, i + 1, out).map_err(bad)?;
        count += 1;
        i = skip_ws(i);
        match b.get(i) {
            Some(b',') => i = skip_ws(i + 1),
            Some(b']') => {
                return if skip_ws(i + 1) == b.len() {
                    Ok(count)
                } else {
                    Err(bad("trailing characters"))
                };
            }
            _ => return Err(bad("expected , or ]")),
        }
    }
}

/// One JSON string body starting after its opening quote; returns the index after the closing
/// quote. Rejects what serde_json rejects: raw control characters, bad escapes, lone surrogates.
fn read_string(b: &[u8], mut i: usize, out: &mut Vec<u8>) -> Result<usize, &'static str> {
    loop {
        i = copy_plain(b, i, out);
        match b.get(i) {
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => {
                let e = *b.get(i + 1).ok_or("unterminated escape")?;
                i += 2;
                // Simple escapes are one byte out: the common case (every quote of the JSON
                // body and every STOMP newline is escaped) takes no char round-trip.
                let simple = match e {
                    b'"' => b'"',
                    b'\\' => b'\\',
                    b'/' => b'/',
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'u' => 0,
                    _ => return Err("invalid escape"),
                };
                if e != b'u' {
                    out.push(simple);
                    continue;
                }
                let hi = hex4(b, i).ok_or("bad \\u escape")?;
                i += 4;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
                        return Err("lone surrogate");
                    }
                    let lo = hex4(b, i + 2).ok_or("bad \\u escape")?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err("lone surrogate");
                    }
                    i += 6;
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                let c = char::from_u32(code).ok_or("lone surrogate")?;
                let mut utf8 = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
            Some(_) => return Err("control character in string"),
            None => return Err("unterminated string"),
        }
    }
}

/// Copies bytes from `i` to `out` up to the first `"`, `\\` or control character (or the end)
/// and returns its index. Eight bytes per step (SWAR): each chunk is appended whole and the
/// output cut back to the special byte, so the short runs between escapes (STOMP text inside
/// JSON is dense with them) cost one fixed-size copy instead of a `memcpy` call each. (Not
/// `memchr`: it finds one to three given bytes but not the control characters, and it would
/// still leave the copy to do; the STOMP decoder's plain byte search does use it.)
fn copy_plain(b: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of each byte of `w` that is zero.
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    while let Some(chunk) = b.get(i..i + 8) {
        let bytes = [
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ];
        let w = u64::from_le_bytes(bytes);
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let special =
            zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\'))) | control;
        out.extend_from_slice(&bytes);
        if special != 0 {
            // The lowest flagged byte is exact (borrows only run upwards from a real match).
            let k = (special.trailing_zeros() / 8) as usize;
            out.truncate(out.len() - 8 + k);
            return i + k;
        }
        i += 8;
    }
    let start = i;
    while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
        i += 1;
    }
    out.extend_from_slice(&b[start..i]);
    i
}

/// Exactly four hex digits (`from_str_radix` alone would also take a leading `+`).
fn hex4(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)?.iter().try_fold(0u32, |n, &d| {
        let v = (d as char).to_digit(16)?;
        Some(n << 4 | v)
    })
}

/// Client → server: a JSON array of strings (serde_json escapes NUL as `\u0000`).
pub fn encode_client<S: AsRef<str>>(messages: &[S]) -> String {
    let strs: Vec<&str> = messages.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&strs).unwrap_or_else(|_| "[]".to_owned())
}

/// Server → client `a[...]` frame (used by the simulator).
pub fn encode_messages<S: AsRef<str>>(messages: &[S]) -> String {
    format!("a{}", encode_client(messages))
}

/// A close frame, as the server sends it (tests).
#[cfg(test)]
pub fn encode_close(code: u32, reason: &str) -> String {
    format!(
        "c{}",
        serde_json::to_string(&(code, reason)).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-byte copier against serde on strings built to hit its edges: escapes across
    /// chunk ends, bytes a SWAR borrow could flag (`#` after `"`, `]` after `\\`), long runs,
    /// multi-byte characters and `\u` escapes. Each array is valid JSON (serde wrote it).
    #[test]
    fn block_reader_agrees_with_serde() {
        let pieces = [
            "\"#",
            "\\]",
            "\"",
            "\\",
            "a",
            "#",
            "]",
            "\n",
            "\u{1}",
            " ",
            "é",
            "😀",
            "\u{0}",
            "0123456789abcdef0123456789abcdef",
            "/",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut out = Vec::new();
        for _ in 0..3000 {
            let strings: Vec<String> = (0..1 + next(3))
                .map(|_| (0..next(60)).map(|_| pieces[next(pieces.len())]).collect())
                .collect();
            let text = encode_messages(&strings);
            assert_eq!(read_messages(&text, &mut out), Ok(strings.len()), "{text}");
            assert_eq!(out, strings.concat().into_bytes(), "{text}");
        }
    }

    #[test]
    fn control_frames() {
        assert_eq!(parse("o"), Ok(SockJsFrame::Open));
        assert_eq!(parse("h"), Ok(SockJsFrame::Heartbeat));
        assert_eq!(
            parse(r#"c[3000,"Go away!"]"#),
            Ok(SockJsFrame::Close {
                code: 3000,
                reason: "Go away!".into()
            })
        );
    }

    #[test]
    fn reference_message_frame_decodes_with_nul() {
        let text = r#"a["MESSAGE\ndestination:/topic/device/231203016/trigger\n\n{}\u0000"]"#;
        let SockJsFrame::Messages(m) = parse(text).expect("frame") else {
            panic!("not messages")
        };
        assert_eq!(
            m,
            vec!["MESSAGE\ndestination:/topic/device/231203016/trigger\n\n{}\0".to_owned()]
        );
    }

    #[test]
    fn several_stomp_frames_in_one_array_and_heartbeat() {
        assert_eq!(
            parse(r#"a["\n","RECEIPT\nreceipt-id:1\n\n\u0000"]"#),
            Ok(SockJsFrame::Messages(vec![
                "\n".into(),
                "RECEIPT\nreceipt-id:1\n\n\0".into()
            ]))
        );
        assert_eq!(
            parse(r#"m"x""#),
            Ok(SockJsFrame::Messages(vec!["x".into()]))
        );
    }

    #[test]
    fn errors_are_precise() {
        assert_eq!(parse(""), Err(SockJsError::Empty));
        assert_eq!(parse("x[]"), Err(SockJsError::UnknownType('x')));
        assert!(matches!(
            parse("a[1,2]"),
            Err(SockJsError::BadPayload { kind: 'a', .. })
        ));
        assert!(matches!(
            parse("a[\"unterminated"),
            Err(SockJsError::BadPayload { .. })
        ));
        assert!(matches!(
            parse("oo"),
            Err(SockJsError::BadPayload { kind: 'o', .. })
        ));
        assert!(matches!(
            parse("c[\"x\"]"),
            Err(SockJsError::BadPayload { kind: 'c', .. })
        ));
        let huge = format!("a[\"{}\"]", "x".repeat(MAX_FRAME_LEN));
        assert!(matches!(parse(&huge), Err(SockJsError::TooLarge { .. })));
    }

    #[test]
    fn the_fast_reader_agrees_with_serde() {
        let cases = [
            r#"a["MESSAGE\ndestination:/x\n\n{\"a\":1}\u0000","\n"]"#,
            r#"a[]"#,
            r#"a [ "x" , "y\u00e9\ud83c\udfc1\/\t" ]"#,
            r#"a["unterminated"#,
            r#"a[1]"#,
            r#"a["\ud800"]"#,
            r#"a["\x"]"#,
            "a[\"raw\u{1}control\"]",
            r#"a["x"] trailing"#,
            r#"a["x",]"#,
            r#"a["\u+000"]"#,
        ];
        for text in cases {
            let mut out = Vec::new();
            let fast = read_messages(text, &mut out).map(|_| out.clone());
            let slow = match parse(text) {
                Ok(SockJsFrame::Messages(m)) => Ok(m.concat().into_bytes()),
                other => Err(other),
            };
            assert_eq!(fast.is_ok(), slow.is_ok(), "{text}: {fast:?} vs {slow:?}");
            if let (Ok(f), Ok(s)) = (&fast, &slow) {
                assert_eq!(f, s, "{text}");
            } else {
                assert!(out.is_empty(), "a bad frame leaves nothing behind");
            }
        }
    }

    #[test]
    fn client_encoding_escapes_nul() {
        assert_eq!(
            encode_client(&["CONNECT\n\n\0"]),
            r#"["CONNECT\n\n\u0000"]"#
        );
        assert_eq!(encode_messages(&["\n"]), r#"a["\n"]"#);
        assert_eq!(encode_close(3000, "Go away!"), r#"c[3000,"Go away!"]"#);
        assert_eq!(
            parse(&encode_messages(&["é\0"])),
            Ok(SockJsFrame::Messages(vec!["é\0".into()]))
        );
    }
}
