//! One simulated SockJS session: STOMP CONNECT/SUBSCRIBE in, MESSAGE/RECEIPT/ERROR and
//! heart-beats out. It uses the same codecs as the client, from the other side.

use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::shared::{Push, Shared};
use crate::mt1::sockjs;
use crate::mt1::stomp::{Command, Decoder, Frame, Item};

type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

static NEXT_SOCKET: AtomicU64 = AtomicU64::new(1);
/// Most pushes batched into one SockJS `a[...]` frame.
const BATCH: usize = 64;

struct Socket {
    id: u64,
    shared: Arc<Shared>,
    token: Option<String>,
    /// subscription id → device id
    subscriptions: HashMap<String, String>,
    message_seq: u64,
    burst: Option<std::sync::Arc<Vec<tokio_tungstenite::tungstenite::Utf8Bytes>>>,
}

enum Step {
    Continue,
    Close,
    /// Send nothing more; keep the socket open.
    Silence,
}

pub(crate) async fn serve(shared: Arc<Shared>, ws: Ws) {
    let mut pushes = shared.pushes.subscribe();
    let (mut sink, mut stream) = ws.split();
    let mut s = Socket {
        id: NEXT_SOCKET.fetch_add(1, Ordering::Relaxed),
        shared,
        token: None,
        subscriptions: HashMap::new(),
        message_seq: 0,
        burst: None,
    };
    if sink.send(Message::Text("o".into())).await.is_err() {
        return;
    }
    let hb = s.shared.config.heartbeat_ms;
    let mut stomp_beat = tokio::time::interval(Duration::from_millis(hb.max(1)));
    let mut sockjs_beat = tokio::time::interval(s.shared.config.sockjs_heartbeat);
    let mut decoder = Decoder::new();
    let mut silent = false;
    loop {
        let mut out: Vec<String> = Vec::new();
        let mut raw: Option<String> = None;
        if let Some(frames) = s.burst.take() {
            for f in frames.iter() {
                if sink.feed(Message::Text(f.clone())).await.is_err() {
                    break;
                }
            }
            if sink.flush().await.is_err() {
                break;
            }
            continue;
        }
        let step = tokio::select! {
            msg = stream.next() => match msg {
                Some(Ok(Message::Text(t))) => s.on_client_text(t.as_str(), &mut decoder, &mut out),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Step::Close,
                Some(Ok(_)) => Step::Continue,
            },
            push = pushes.recv() => {
                let mut step = s.on_push(push, &mut out, &mut raw);
                // Drain what is already queued into the same frame (several STOMP frames per `a`).
                while matches!(step, Step::Continue) && raw.is_none() && out.len() < BATCH {
                    match pushes.try_recv() {
                        Ok(p) => step = s.on_push(Ok(p), &mut out, &mut raw),
                        Err(_) => break,
                    }
                }
                step
            }
            _ = stomp_beat.tick(), if hb > 0 && s.token.is_some() => {
                out.push("\n".into());
                Step::Continue
            }
            _ = sockjs_beat.tick() => {
                raw = Some("h".into());
                Step::Continue
            }
        };
        silent |= matches!(step, Step::Silence);
        if silent {
            // Nothing is sent any more; a client that closes still ends the socket.
            if matches!(step, Step::Close) {
                break;
            }
            continue;
        }
        if !out.is_empty()
            && sink
                .send(Message::Text(sockjs::encode_messages(&out).into()))
                .await
                .is_err()
        {
            break;
        }
        if let Some(text) = raw {
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        if matches!(step, Step::Close) {
            break;
        }
    }
    s.shared.state().subscribers.remove(&s.id);
}

impl Socket {
    fn on_client_text(&mut self, text: &str, decoder: &mut Decoder, out: &mut Vec<String>) -> Step {
        let Ok(parts) = serde_json::from_str::<Vec<String>>(text) else {
            return Step::Close; // not SockJS: a real server closes the session
        };
        for p in parts {
            decoder.push(p.as_bytes());
        }
        while let Some(item) = decoder.next_item() {
            match item {
                Ok(Item::Heartbeat) => {}
                Ok(Item::Frame(f)) => {
                    if let Step::Close = self.on_frame(&f, out) {
                        return Step::Close;
                    }
                }
                Err(e) => {
                    out.push(
                        Frame::new(Command::Error)
                            .header("message", &e.to_string())
                            .encode(),
                    );
                    return Step::Close;
                }
            }
        }
        Step::Continue
    }

    fn on_frame(&mut self, f: &Frame, out: &mut Vec<String>) -> Step {
        let receipt = |out: &mut Vec<String>| {
            if let Some(r) = f.get("receipt") {
                out.push(
                    Frame::new(Command::Receipt)
                        .header("receipt-id", r)
                        .encode(),
                );
            }
        };
        match f.command {
            Command::Connect | Command::Stomp => {
                let token = f.get("authorization").unwrap_or_default().to_owned();
                if self.shared.state().account(&token).is_none() {
                    out.push(
                        Frame::new(Command::Error)
                            .header("message", "Invalid or expired token")
                            .encode(),
                    );
                    return Step::Close;
                }
                self.token = Some(token);
                let hb = self.shared.config.heartbeat_ms;
                out.push(
                    Frame::new(Command::Connected)
                        .header("version", "1.2")
                        .header("heart-beat", &format!("{hb},{hb}"))
                        .header("server", "mt1-sim/1")
                        .encode(),
                );
            }
            _ if self.token.is_none() => {
                out.push(
                    Frame::new(Command::Error)
                        .header("message", "CONNECT first")
                        .encode(),
                );
                return Step::Close;
            }
            Command::Subscribe => {
                let (Some(id), Some(dest)) = (f.get("id"), f.get("destination")) else {
                    out.push(
                        Frame::new(Command::Error)
                            .header("message", "SUBSCRIBE needs id and destination")
                            .encode(),
                    );
                    return Step::Close;
                };
                let device = dest
                    .strip_prefix("/topic/device/")
                    .and_then(|d| d.strip_suffix("/trigger"))
                    .unwrap_or_default();
                self.subscriptions.insert(id.to_owned(), device.to_owned());
                self.shared
                    .state()
                    .subscribers
                    .insert(self.id, self.subscriptions.len());
                receipt(out);
            }
            Command::Unsubscribe => {
                if let Some(id) = f.get("id") {
                    self.subscriptions.remove(id);
                }
                self.shared
                    .state()
                    .subscribers
                    .insert(self.id, self.subscriptions.len());
                receipt(out);
            }
            Command::Disconnect => {
                receipt(out);
                return Step::Close;
            }
            _ => receipt(out),
        }
        Step::Continue
    }

    fn on_push(
        &mut self,
        push: Result<Push, RecvError>,
        out: &mut Vec<String>,
        raw: &mut Option<String>,
    ) -> Step {
        match push {
            Ok(Push::Trigger { device_id, body }) => {
                let sub = self
                    .subscriptions
                    .iter()
                    .find(|(_, d)| **d == device_id)
                    .map(|(id, _)| id.clone());
                if let Some(sub) = sub {
                    self.message_seq += 1;
                    out.push(
                        Frame::new(Command::Message)
                            .header("destination", &format!("/topic/device/{device_id}/trigger"))
                            .header("content-type", "application/json")
                            .header("subscription", &sub)
                            .header("message-id", &format!("{}-{}", self.id, self.message_seq))
                            .with_body(body)
                            .encode(),
                    );
                }
                Step::Continue
            }
            Ok(Push::Burst { device_id, frames }) => {
                if self.subscriptions.values().any(|d| *d == device_id) {
                    self.burst = Some(frames);
                }
                Step::Continue
            }
            Ok(Push::Raw(text)) => {
                *raw = Some(text);
                Step::Continue
            }
            Ok(Push::Drop) => Step::Close,
            Ok(Push::Silence) => Step::Silence,
            Ok(Push::TokensExpired) => {
                let gone = self
                    .token
                    .as_ref()
                    .is_some_and(|t| self.shared.state().account(t).is_none());
                if gone && self.shared.config.stomp_error_on_expiry {
                    out.push(
                        Frame::new(Command::Error)
                            .header("message", "Token expired")
                            .encode(),
                    );
                    return Step::Close;
                }
                Step::Continue
            }
            Err(RecvError::Lagged(n)) => {
                tracing::warn!("simulated socket lagged; {n} pushes lost (history will have them)");
                Step::Continue
            }
            Err(RecvError::Closed) => Step::Close,
        }
    }
}
