//! The live link: one websocket to the SockJS endpoint, speaking STOMP inside it. It owns the
//! socket; callers get [`Batch`]es of [`LinkEvent`]s. `next_batch` is cancel-safe, so it can sit in `select!`
//! beside timers (the reference warns that cancelling a pending receive must not kill the link).
//!
//! Once connected, a reader owns the receiving half on a thread of its own: it reads and
//! decodes (SockJS, STOMP) websocket messages and hands the events over a bounded channel, so
//! decoding the next burst runs on another core while the session files the last one. The
//! channel is bounded so a slow session slows the reader, and with it the socket (TCP
//! backpressure), not memory.

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{FutureExt, SinkExt, StreamExt};
use rand::Rng;
use std::collections::VecDeque;
use std::time::Duration;
use thiserror::Error;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use super::account::Token;
use super::inbound::LinkDecoder;
pub use super::inbound::LinkEvent;
use super::sockjs::{self, SockJsFrame};
use super::stomp::{Command, Frame};
use crate::model::time::now_ticks;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why the live link failed. A cause that is an error of its own is its `source` (printed
/// once, with [`crate::mt1::net_error::with_causes`] or anyhow's `{:#}`); what the server
/// or the socket said in words is part of the text.
#[derive(Debug, Error)]
pub enum LinkError {
    /// Why, in words an official can act on (`net_error::describe`).
    #[error("cannot open the live connection: {0}")]
    Connect(String),
    #[error("the live connection timed out while {0}")]
    Timeout(&'static str),
    /// A STOMP ERROR in answer to CONNECT: maybe an expired token.
    #[error("the server refused the live connection: {0}")]
    Refused(String),
    #[error("the live connection closed: {0}")]
    Closed(String),
    #[error("the live connection broke")]
    Io(#[source] tokio_tungstenite::tungstenite::Error),
    #[error("the live connection spoke unexpectedly")]
    SockJs(#[source] sockjs::SockJsError),
    #[error("the live connection spoke unexpectedly: {0}")]
    Protocol(String),
}

/// Negotiated heart-beats (STOMP 1.2 §Heart-beating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartBeat {
    /// How often we send.
    pub send_every: Duration,
    /// How often the server promised to send; `None` if it offered none.
    pub expect_every: Option<Duration>,
}

impl HeartBeat {
    /// CONNECT asked for `ours`, CONNECTED answered `header` ("sx,sy").
    pub fn negotiate(ours: Duration, header: Option<&str>) -> Self {
        let (sx, sy) = header
            .and_then(|h| h.split_once(','))
            .and_then(|(a, b)| Some((a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?)))
            .unwrap_or((0, 0));
        let ours_ms = ours.as_millis() as u64;
        Self {
            // Sending more often than asked is always allowed; never less often than it wants.
            send_every: Duration::from_millis(if sy > 0 { ours_ms.max(sy) } else { ours_ms }),
            expect_every: (sx > 0 && ours_ms > 0).then(|| Duration::from_millis(sx.max(ours_ms))),
        }
    }
}

/// `wss://host/devices/{3 digits}/{random}/websocket` (reference §6.2), fresh for every connect.
pub fn websocket_url(base: &Url) -> Result<Url, LinkError> {
    let mut rng = rand::rng();
    let server: u16 = rng.random_range(0..1000);
    let session: String = (0..12)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
        .collect();
    let mut url = base
        .join(&format!("/devices/{server:03}/{session}/websocket"))
        .map_err(|e| LinkError::Connect(e.to_string()))?;
    let scheme = if base.scheme() == "https" {
        "wss"
    } else {
        "ws"
    };
    url.set_scheme(scheme)
        .map_err(|_| LinkError::Connect("cannot build websocket address".into()))?;
    Ok(url)
}

/// Batches decoded ahead of the session (up to some 8 000 triggers, a few megabytes).
const READ_AHEAD: usize = 8;
/// A batch takes every websocket message the socket already holds, up to about this many
/// events. Handing over (and waking the session) once per burst instead of once per message
/// matters on virtual machines, where waking an idle core costs tens of microseconds.
const BATCH_EVENTS: usize = 1024;

/// Events decoded from the websocket messages read in one go: everything the socket held when
/// the reader looked.
#[derive(Debug)]
pub struct Batch {
    /// When the first of them was read (ticks), the time the session files them under.
    pub received: i64,
    pub events: VecDeque<LinkEvent>,
}

pub struct LiveLink {
    sink: SplitSink<Ws, Message>,
    /// Batches from the reader; `Err` is its last word.
    batches: mpsc::Receiver<Result<Batch, LinkError>>,
    /// Whatever came in the same websocket message as CONNECTED: the first batch.
    first: Option<Batch>,
    pub heartbeat: HeartBeat,
    next_subscription: u32,
}

/// The receiving half and its decoder state.
struct Reader {
    stream: SplitStream<Ws>,
    inbound: LinkDecoder,
}

impl Reader {
    /// Reads one websocket message and appends what it held to `out`.
    async fn read(&mut self, out: &mut VecDeque<LinkEvent>) -> Result<(), LinkError> {
        match self.stream.next().await {
            None => Err(LinkError::Closed("the server closed the socket".into())),
            Some(Err(e)) => Err(LinkError::Io(e)),
            Some(Ok(Message::Text(t))) => {
                self.inbound.ingest(t.as_str(), out);
                Ok(())
            }
            Some(Ok(Message::Binary(_))) => {
                out.push_back(LinkEvent::Malformed("binary websocket message".into()));
                Ok(())
            }
            Some(Ok(Message::Close(c))) => Err(LinkError::Closed(close_text(c))),
            Some(Ok(_)) => {
                out.push_back(LinkEvent::Alive);
                Ok(())
            }
        }
    }

    async fn next_sockjs(&mut self) -> Result<SockJsFrame, LinkError> {
        loop {
            match self.stream.next().await {
                None => return Err(LinkError::Closed("before SockJS open".into())),
                Some(Err(e)) => return Err(LinkError::Io(e)),
                Some(Ok(Message::Text(t))) => {
                    return sockjs::parse(t.as_str()).map_err(LinkError::SockJs)
                }
                Some(Ok(Message::Close(c))) => return Err(LinkError::Closed(close_text(c))),
                Some(Ok(_)) => {}
            }
        }
    }

    /// Until the socket ends or the link is dropped (its receiver with it): the reader may be
    /// parked on a silent socket and must not outlive the link.
    async fn run(mut self, tx: mpsc::Sender<Result<Batch, LinkError>>) {
        tokio::select! {
            () = self.pump(&tx) => {}
            () = tx.closed() => {}
        }
    }

    /// Waits for a websocket message, then takes the ones already there without waiting, and
    /// hands them over as one batch.
    async fn pump(&mut self, tx: &mpsc::Sender<Result<Batch, LinkError>>) {
        loop {
            let mut events = VecDeque::new();
            let mut end = self.read(&mut events).await.err();
            let received = now_ticks();
            while end.is_none() && events.len() < BATCH_EVENTS {
                // Cancel-safe: a message not yet there stays in the socket for the next read.
                match self.read(&mut events).now_or_never() {
                    Some(result) => end = result.err(),
                    None => break,
                }
            }
            let batch = Batch { received, events };
            if !batch.events.is_empty() && tx.send(Ok(batch)).await.is_err() {
                return;
            }
            if let Some(e) = end {
                let _ = tx.send(Err(e)).await;
                return;
            }
        }
    }
}

impl LiveLink {
    /// Opens the websocket, waits for SockJS `o`, sends CONNECT and waits for CONNECTED.
    pub async fn open(
        base: &Url,
        token: &Token,
        heartbeat: Duration,
        timeout: Duration,
    ) -> Result<Self, LinkError> {
        tokio::time::timeout(timeout, Self::open_inner(base, token, heartbeat))
            .await
            .map_err(|_| LinkError::Timeout("connecting"))?
    }

    async fn open_inner(base: &Url, token: &Token, heartbeat: Duration) -> Result<Self, LinkError> {
        super::tls::install_crypto_provider();
        let url = websocket_url(base)?;
        // The same trust as REST (the operating system's, see `tls`), never bundled roots.
        let connector = if url.scheme() == "wss" {
            let tls = super::tls::client_config().map_err(|e| LinkError::Connect(e.to_string()))?;
            Connector::Rustls(tls)
        } else {
            Connector::Plain
        };
        // The SockJS cap is 4 MB; let a larger message through so it is reported and skipped
        // instead of tearing the socket down.
        let config = WebSocketConfig::default().max_message_size(Some(16 << 20));
        let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(
            url.as_str(),
            Some(config),
            true,
            Some(connector),
        )
        .await
        .map_err(|e| LinkError::Connect(super::net_error::describe(&e)))?;
        let (mut sink, stream) = ws.split();
        let mut reader = Reader {
            stream,
            inbound: LinkDecoder::new(),
        };
        match reader.next_sockjs().await? {
            SockJsFrame::Open => {}
            other => {
                return Err(LinkError::Protocol(format!(
                    "expected SockJS open, got {other:?}"
                )))
            }
        }
        let host = base.host_str().unwrap_or_default();
        let beat = heartbeat.as_millis().to_string();
        let connect = Frame::new(Command::Connect)
            .header("accept-version", "1.2,1.1")
            .header("host", host)
            .header("heart-beat", &format!("{beat},{beat}"))
            .header("authorization", token.expose());
        send_frames(&mut sink, &[connect]).await?;
        let mut pending = VecDeque::new();
        let connected = loop {
            if pending.is_empty() {
                reader.read(&mut pending).await?;
            }
            match pending.pop_front() {
                Some(LinkEvent::Frame(f)) if f.command == Command::Connected => break f,
                Some(LinkEvent::Frame(f)) if f.command == Command::Error => {
                    return Err(LinkError::Refused(error_text(&f)));
                }
                Some(LinkEvent::Closing(why)) => return Err(LinkError::Closed(why)),
                Some(LinkEvent::Frame(f)) => {
                    return Err(LinkError::Protocol(format!(
                        "{} before CONNECTED",
                        f.command.as_str()
                    )))
                }
                Some(LinkEvent::Alive | LinkEvent::Malformed(_)) | None => {}
            }
        };
        // Which broker answered, for support (the reference does not know its values, §7.2).
        tracing::info!(
            "live link connected (STOMP server {:?})",
            connected.get("server").unwrap_or("not said")
        );
        let (tx, batches) = mpsc::channel(READ_AHEAD);
        // A thread of its own, not a task: a task woken by the reader would be queued behind
        // it on the same worker (tokio's LIFO slot, which no idle worker may steal), and the
        // two would take turns on one core instead of running side by side.
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || runtime.block_on(reader.run(tx)));
        Ok(Self {
            sink,
            batches,
            first: (!pending.is_empty()).then(|| Batch {
                received: now_ticks(),
                events: pending,
            }),
            heartbeat: HeartBeat::negotiate(heartbeat, connected.get("heart-beat")),
            next_subscription: 0,
        })
    }

    /// Subscribes; returns the subscription id. A `receipt` asks the server to confirm.
    pub async fn subscribe(
        &mut self,
        destination: &str,
        receipt: Option<&str>,
    ) -> Result<String, LinkError> {
        let id = format!("sub-{}", self.next_subscription);
        self.next_subscription += 1;
        let mut frame = Frame::new(Command::Subscribe)
            .header("id", &id)
            .header("destination", destination)
            .header("ack", "auto");
        if let Some(r) = receipt {
            frame = frame.header("receipt", r);
        }
        send_frames(&mut self.sink, &[frame]).await?;
        Ok(id)
    }

    pub async fn send_heartbeat(&mut self) -> Result<(), LinkError> {
        send_text(&mut self.sink, sockjs::encode_client(&["\n"])).await
    }

    /// An event already decoded in the batch of the last one, without waiting: a batch
    /// carries up to a thousand triggers, and the caller takes them all in one pass.
    /// What the server said next: everything the reader took from the socket in one go (the
    /// session files it in one pass, not one trip around its `select!` per trigger). Never
    /// empty. Cancel-safe (a channel receive is).
    pub async fn next_batch(&mut self) -> Result<Batch, LinkError> {
        if let Some(first) = self.first.take() {
            return Ok(first);
        }
        match self.batches.recv().await {
            Some(Ok(batch)) => Ok(batch),
            Some(Err(e)) => Err(e),
            None => Err(LinkError::Closed("the reader stopped".into())),
        }
    }

    /// A polite close; errors are irrelevant at this point.
    pub async fn close(mut self) {
        let _ = self.sink.send(Message::Close(None)).await;
        let _ = self.sink.close().await;
    }
}

async fn send_frames(sink: &mut SplitSink<Ws, Message>, frames: &[Frame]) -> Result<(), LinkError> {
    let texts: Vec<String> = frames.iter().map(Frame::encode).collect();
    send_text(sink, sockjs::encode_client(&texts)).await
}

async fn send_text(sink: &mut SplitSink<Ws, Message>, text: String) -> Result<(), LinkError> {
    sink.send(Message::Text(text.into()))
        .await
        .map_err(LinkError::Io)
}

fn close_text(c: Option<tokio_tungstenite::tungstenite::protocol::CloseFrame>) -> String {
    c.map_or_else(
        || "websocket closed".into(),
        |c| format!("websocket closed ({}) {}", u16::from(c.code), c.reason),
    )
}

/// The `message` header of an ERROR frame, else its body.
pub fn error_text(f: &Frame) -> String {
    f.get("message")
        .map(str::to_owned)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| String::from_utf8_lossy(&f.body).chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeat_negotiation() {
        let ours = Duration::from_secs(10);
        let hb = HeartBeat::negotiate(ours, Some("0,0"));
        assert_eq!((hb.send_every, hb.expect_every), (ours, None));
        let hb = HeartBeat::negotiate(ours, Some("25000,20000"));
        assert_eq!(hb.send_every, Duration::from_secs(20));
        assert_eq!(hb.expect_every, Some(Duration::from_secs(25)));
        let hb = HeartBeat::negotiate(ours, Some("garbage"));
        assert_eq!(hb.expect_every, None);
    }

    #[test]
    fn websocket_url_layout() {
        let base = Url::parse("https://www.alge-results.com").expect("url");
        let url = websocket_url(&base).expect("ws url");
        assert_eq!(url.scheme(), "wss");
        let segs: Vec<&str> = url.path_segments().expect("path").collect();
        assert_eq!(segs[0], "devices");
        assert!(segs[1].len() == 3 && segs[1].bytes().all(|b| b.is_ascii_digit()));
        assert!(segs[2].len() == 12 && !segs[2].contains('.'));
        assert_eq!(segs[3], "websocket");
        let local = websocket_url(&Url::parse("http://127.0.0.1:9").expect("url")).expect("ws");
        assert_eq!(local.scheme(), "ws");
        assert_ne!(
            websocket_url(&base).expect("again"),
            url,
            "fresh session every time"
        );
    }
}
