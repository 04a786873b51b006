//! The simulator's HTTP side: the REST endpoints and the SockJS websocket upgrade.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, AUTHORIZATION, CONNECTION, CONTENT_TYPE, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY,
    UPGRADE,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::WebSocketStream;

use super::shared::Shared;
use super::state::{ExpiryStyle, QuotaStyle};
use super::ws;

type Reply = Response<Full<Bytes>>;

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    /// One connection, plain or TLS, served until it ends (websocket upgrades included).
    async fn connection<S>(stream: S, shared: Arc<Shared>)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let service = service_fn(move |req| handle(shared.clone(), req));
        let conn = http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        if let Err(e) = conn.await {
            tracing::debug!("simulator connection ended: {e}");
        }
    }

    let acceptor = shared
        .config
        .tls
        .clone()
        .map(tokio_rustls::TlsAcceptor::from);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = shared.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            match acceptor {
                None => connection(stream, shared).await,
                // A client that does not trust the certificate ends here; the loop goes on.
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(tls) => connection(tls, shared).await,
                    Err(e) => tracing::debug!("simulator TLS handshake failed: {e}"),
                },
            }
        });
    }
}

fn reply(status: StatusCode, body: Value) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn envelope(status: i64, message: Option<&str>, data: Vec<Value>) -> Reply {
    reply(
        StatusCode::OK,
        json!({ "status": status, "message": message, "data": data }),
    )
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let path = req.uri().path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if let ["devices", server, session, "websocket"] = segments.as_slice() {
        return Ok(upgrade(shared, req, server, session));
    }
    if req.method() == Method::POST {
        if let Some(answer) = control(&shared, &req, &path) {
            return Ok(answer);
        }
    }
    if segments.as_slice() == ["devices", "info"] {
        return Ok(reply(
            StatusCode::OK,
            json!({"websocket": true, "origins": ["*:*"], "cookie_needed": false, "entropy": 42}),
        ));
    }
    shared.state().counters.rest_calls += 1;
    let _answering = shared.rest_call();
    if !shared.config.rest_delay.is_zero() {
        tokio::time::sleep(shared.config.rest_delay).await;
    }
    if let Some(answer) = quota_answer(&shared) {
        return Ok(answer);
    }
    if req.method() == Method::POST && path == "/mt1/api/user/login" {
        return Ok(login(&shared, req).await);
    }
    if req.method() != Method::GET {
        return Ok(reply(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"status": -1, "message": "read-only"}),
        ));
    }
    let token = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let query = query_params(&req);
    let mut state = shared.state();
    let Some(account) = state.account(&token).cloned() else {
        return Ok(match shared.config.expiry {
            ExpiryStyle::Http403 => reply(
                StatusCode::FORBIDDEN,
                json!({"status": -1007, "message": "Not logged in", "data": []}),
            ),
            ExpiryStyle::Status1007 => envelope(-1007, Some("Not logged in"), vec![]),
        });
    };
    Ok(api(&shared, &mut state, &account, &segments, &query))
}

/// Simulator control (not part of the MT1 API), for benchmarks and for trying the app by
/// hand: a burst, a button press, every token expired, the link dropped with reconnects
/// refused for `refuse_ms`. `None`: not a control path.
fn control(shared: &Shared, req: &Request<Incoming>, path: &str) -> Option<Reply> {
    let ok = || reply(StatusCode::OK, json!({"status": 0, "data": []}));
    Some(match path {
        "/sim/burst" => burst(shared, req),
        "/sim/press" => press(shared, req),
        "/sim/silence" => {
            shared.silence_connections();
            ok()
        }
        "/sim/expire-tokens" => {
            shared.expire_tokens();
            ok()
        }
        "/sim/drop" => {
            let refuse_ms = query_params(req)
                .get("refuse_ms")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0u64)
                .min(600_000);
            shared.refuse_connections_for(std::time::Duration::from_millis(refuse_ms));
            shared.drop_connections();
            ok()
        }
        _ => return None,
    })
}

/// A benchmark burst of `count` triggers on `device`.
fn burst(shared: &Shared, req: &Request<Incoming>) -> Reply {
    let query = query_params(req);
    let count = query
        .get("count")
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000usize)
        .min(2_000_000);
    let device = query
        .get("device")
        .cloned()
        .unwrap_or_else(|| super::state::DEMO_FINISH.into());
    shared.burst(&device, count);
    reply(
        StatusCode::OK,
        json!({"status": 0, "data": [{"value": count}]}),
    )
}

/// A button press on a device (the pre-race check): device, channel, skew_ms.
fn press(shared: &Shared, req: &Request<Incoming>) -> Reply {
    let query = query_params(req);
    let device = query
        .get("device")
        .cloned()
        .unwrap_or_else(|| super::state::DEMO_FINISH.into());
    // `C1` as the table writes it, or `1`; anything else is refused, never channel 0.
    let channel = match query.get("channel") {
        None => 0u16,
        Some(c) => match crate::model::trigger::parse_channel(c) {
            Some(n) => n,
            None => {
                return reply(
                    StatusCode::BAD_REQUEST,
                    json!({"status": -1, "message": "channel must be C0…C9 or a number"}),
                )
            }
        },
    };
    let skew = query
        .get("skew_ms")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0i64)
        .clamp(-86_400_000, 86_400_000);
    if !crate::model::trigger::is_device_id(&device) {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"status": -1, "message": "device must be digits"}),
        );
    }
    shared.press(&device, channel, skew);
    reply(StatusCode::OK, json!({"status": 0, "data": []}))
}

/// The answer while the IP quota is used up, as the configured server gives it.
fn quota_answer(shared: &Shared) -> Option<Reply> {
    if !shared.state().quota_active() {
        return None;
    }
    Some(match shared.config.quota {
        QuotaStyle::Status9000 => envelope(-9000, Some("API quota limit reached"), vec![]),
        QuotaStyle::Http429 => {
            let left = shared.state().quota_until.map_or(0, |t| {
                t.saturating_duration_since(Instant::now()).as_secs() + 1
            });
            let mut r = reply(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"status": -9000, "data": []}),
            );
            r.headers_mut()
                .insert(hyper::header::RETRY_AFTER, HeaderValue::from(left));
            r
        }
    })
}

/// The MT1 REST API for a signed-in account: the user, its devices, a channel's triggers
/// (a page of them, or their count).
fn api(
    shared: &Shared,
    state: &mut super::state::State,
    account: &super::state::SimAccount,
    segments: &[&str],
    query: &HashMap<String, String>,
) -> Reply {
    let num = |k: &str| query.get(k).and_then(|v| v.parse::<i64>().ok());
    match segments {
        ["mt1", "api", "user", "current"] => envelope(0, None, vec![account.user_json()]),
        ["mt1", "api", "user", uid, "devices"] if *uid == json_id(&account.user_id) => {
            let devices = account
                .devices
                .iter()
                .map(|d| json!({"id": d.id, "type": "MT1", "deviceComponents": {"info": {"name": d.name}}}))
                .collect();
            envelope(0, None, devices)
        }
        ["mt1", "api", "devices", device, "channel", channel, "trigger", rest @ ..] => {
            let Ok(channel) = channel.parse::<u16>() else {
                return envelope(-1, Some("bad channel"), vec![]);
            };
            if !account.owns(device) {
                return envelope(-2011, Some("Not allowed"), vec![]);
            }
            match rest {
                ["count"] => envelope(
                    0,
                    None,
                    vec![json!({"value": state.count(
                        &shared.config.history,
                        device,
                        channel,
                        num("timestampFrom_ms"),
                    )})],
                ),
                [] => {
                    let limit = num("limit").unwrap_or(200).max(1) as usize;
                    let offset = num("offset").unwrap_or(0).max(0) as usize;
                    let range = (num("timestampFrom_ms"), num("timestampTo_ms"));
                    state.counters.history_pages += 1;
                    let page = state.page(
                        &shared.config.history,
                        device,
                        channel,
                        range,
                        offset,
                        limit,
                    );
                    envelope(0, None, page)
                }
                _ => reply(
                    StatusCode::NOT_FOUND,
                    json!({"status": -1, "message": "not found"}),
                ),
            }
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            json!({"status": -1, "message": "not found"}),
        ),
    }
}

fn query_params(req: &Request<Incoming>) -> HashMap<String, String> {
    req.uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

fn json_id(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn login(shared: &Shared, req: Request<Incoming>) -> Reply {
    let body = match Limited::new(req.into_body(), 64 * 1024).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return reply(StatusCode::PAYLOAD_TOO_LARGE, json!({"status": -1})),
    };
    let creds: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let field = |k: &str| {
        creds
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match shared.state().login(&field("username"), &field("password")) {
        Some((token, user)) => {
            let mut r = envelope(0, None, vec![user]);
            if let Ok(v) = HeaderValue::from_str(&token) {
                r.headers_mut().insert(AUTHORIZATION, v);
            }
            r
        }
        None => reply(
            StatusCode::UNAUTHORIZED,
            json!({"status": -1, "message": "Bad credentials", "data": []}),
        ),
    }
}

fn upgrade(shared: Arc<Shared>, mut req: Request<Incoming>, server: &str, session: &str) -> Reply {
    let valid_path = server.len() == 3
        && server.bytes().all(|b| b.is_ascii_digit())
        && !session.is_empty()
        && !session.contains('.');
    let key = req
        .headers()
        .get(SEC_WEBSOCKET_KEY)
        .map(|k| derive_accept_key(k.as_bytes()));
    let (Some(accept), true) = (key, valid_path) else {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"message": "not a SockJS websocket request"}),
        );
    };
    {
        let mut state = shared.state();
        if state.refuse_until.is_some_and(|t| t > Instant::now()) {
            return reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"message": "refusing connections (fault)"}),
            );
        }
        state.counters.ws_connects += 1;
    }
    let upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        match upgrade.await {
            Ok(upgraded) => {
                let ws =
                    WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None)
                        .await;
                ws::serve(shared, ws).await;
            }
            Err(e) => tracing::debug!("simulator upgrade failed: {e}"),
        }
    });
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert(SEC_WEBSOCKET_ACCEPT, v);
    }
    r
}
