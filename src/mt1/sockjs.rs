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

/// Client → server: a JSON array of strings (serde_json escapes NUL as `\u0000`).
pub fn encode_client<S: AsRef<str>>(messages: &[S]) -> String {
    let strs: Vec<&str> = messages.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&strs).unwrap_or_else(|_| "[]".to_owned())
}

/// Server → client `a[...]` frame (used by the simulator).
pub fn encode_messages<S: AsRef<str>>(messages: &[S]) -> String {
    format!("a{}", encode_client(messages))
}

pub fn encode_close(code: u32, reason: &str) -> String {
    format!(
        "c{}",
        serde_json::to_string(&(code, reason)).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
