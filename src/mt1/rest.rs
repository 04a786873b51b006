//! The MT1 REST API (reference §2–§5). The `{status, message, data[]}` envelope is decoded in
//! one place, [`decode_envelope`]; every status becomes a typed [`ApiError`].

use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{redirect, StatusCode};
use serde_json::Value;
use std::net::IpAddr;
use std::time::Duration;
use thiserror::Error;
use url::Url;

use super::account::{Device, Token, User};
use super::trigger::{decode_dto, DecodeError, TriggerMessage};
use crate::model::trigger::is_device_id;

pub const DEFAULT_SERVER: &str = "https://www.alge-results.com";
/// A REST body larger than this is refused (reference §10.7).
pub const MAX_BODY: usize = 4_000_000;
/// Page size asked for and the offset cap for history reads (reference §5.2). The server may
/// return fewer per page (its maximum is unknown): a read ends on an empty page, never on a
/// short one.
pub const HISTORY_PAGE: usize = 200;
pub const HISTORY_CAP: usize = 100_000;
/// How long REST stays quiet after a quota answer (reference §3.4).
pub const QUOTA_PAUSE: Duration = Duration::from_secs(90);

const STATUS_EXPIRED: i64 = -1007;
const STATUS_NOT_ALLOWED: i64 = -2011;
const STATUS_QUOTA: i64 = -9000;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error("server address: {0}")]
    InvalidServer(String),
    #[error("device id {0:?} is not an MT1 device id (digits only)")]
    InvalidDevice(String),
    #[error("wrong username or password")]
    BadCredentials,
    #[error("sign-in refused by the server: {0}")]
    LoginRefused(String),
    #[error("the server accepted the sign-in but sent no token")]
    NoToken,
    #[error("sign-in expired or was rejected ({0})")]
    Expired(String),
    #[error("ALGE Results API quota reached; requests paused for {} s", retry_after.as_secs())]
    Quota { retry_after: Duration },
    #[error("not allowed by the server: {0}")]
    NotAllowed(String),
    #[error("server error {code}: {message}")]
    Status { code: i64, message: String },
    #[error("the server answered HTTP {status}{detail}")]
    Http { status: u16, detail: String },
    #[error("the server redirected to {location}; use that address as the server")]
    Redirect { location: String },
    #[error("cannot reach the server: {0}")]
    Network(String),
    #[error("the server sent something unexpected: {0}")]
    Decode(String),
    #[error("the server's answer is larger than {0} bytes")]
    TooLarge(usize),
}

impl ApiError {
    pub fn is_expired(&self) -> bool {
        matches!(self, Self::Expired(_))
    }

    /// A quota answer lasts as long as the server's `Retry-After` says, if it said.
    fn with_retry_after(self, retry_after: Option<Duration>) -> Self {
        match (self, retry_after) {
            (Self::Quota { .. }, Some(d)) => Self::Quota { retry_after: d },
            (e, _) => e,
        }
    }
}

/// A REST answer that was decoded: the user from login/current, plus the token from login.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub token: Token,
    pub user: User,
}

/// One page of trigger history; items that did not decode are reported, not fatal.
#[derive(Debug, Default)]
pub struct HistoryPage {
    pub triggers: Vec<TriggerMessage>,
    pub rejected: Vec<DecodeError>,
    /// Items the server returned (decoded or not), to know when paging ends.
    pub items: usize,
    /// Each item in the server's order: its index in `triggers`, or `None` if it was rejected.
    pub order: Vec<Option<usize>>,
}

/// `timestampFrom_ms`/`timestampTo_ms`. `to_ms` is pinned for all pages of one read so that
/// new triggers do not shift the offsets of a newest-first list (reference §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

#[derive(Clone)]
pub struct Mt1Client {
    http: reqwest::Client,
    base: Url,
}

/// Checks a server address: https, or plain http only to a loopback address (the simulator).
pub fn parse_server(server: &str) -> Result<Url, ApiError> {
    let url = Url::parse(server.trim()).map_err(|e| ApiError::InvalidServer(e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => return Err(ApiError::InvalidServer("no host name".into())),
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(ApiError::InvalidServer(
            "plain http is allowed only for 127.0.0.1, ::1 or localhost; use https".into(),
        )),
        other => Err(ApiError::InvalidServer(format!(
            "unsupported scheme {other:?}"
        ))),
    }
}

impl Mt1Client {
    pub fn new(server: &str) -> Result<Self, ApiError> {
        super::tls::install_crypto_provider();
        let base = parse_server(server)?;
        // The same trust as the live link: the operating system's (see `tls`). Plain http
        // reaches only loopback (`parse_server`) and redirects are off, so that client makes
        // no TLS connection: the demo and a local simulator work even on a laptop whose
        // trusted certificates cannot be read.
        let secure = base.scheme() == "https";
        let tls = if secure {
            super::tls::client_config().map_err(|e| ApiError::Network(e.to_string()))?
        } else {
            super::tls::trust_nothing_config()
        };
        let mut http = reqwest::Client::builder();
        if !secure {
            // Loopback is this computer: a proxy from the environment must not carry it off.
            http = http.no_proxy();
        }
        let http = http
            .tls_backend_preconfigured(rustls::ClientConfig::clone(&tls))
            // A redirect to another host would silently drop the authorization header.
            .redirect(redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("mt1-monitor/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        Ok(Self { http, base })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.base
            .join(path)
            .map_err(|e| ApiError::InvalidServer(e.to_string()))
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<SignIn, ApiError> {
        let body = serde_json::json!({ "username": username, "password": password });
        let response = self
            .http
            .post(self.url("/mt1/api/user/login")?)
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        // What a wrong password returns is unknown (§2.2): 401, 403 or a non-zero status.
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(ApiError::BadCredentials);
        }
        let token = token_header(response.headers());
        let retry_after = retry_after(response.headers());
        let bytes = read_body(response).await?;
        let user =
            match decode_envelope(status, &bytes).map_err(|e| e.with_retry_after(retry_after)) {
                Ok(data) => first_user(data)?,
                Err(ApiError::Status { message, .. } | ApiError::Expired(message)) => {
                    return Err(ApiError::LoginRefused(message))
                }
                Err(e) => return Err(e),
            };
        let token = token.ok_or(ApiError::NoToken)?;
        Ok(SignIn { token, user })
    }

    pub async fn current_user(&self, token: &Token) -> Result<User, ApiError> {
        first_user(self.get(token, "/mt1/api/user/current", &[]).await?)
    }

    pub async fn devices(&self, token: &Token, user_id: &str) -> Result<Vec<Device>, ApiError> {
        let mut url = self.url("/mt1/api/user/")?;
        url.path_segments_mut()
            .map_err(|_| ApiError::InvalidServer("cannot be a base".into()))?
            .pop_if_empty()
            .push(user_id)
            .push("devices");
        let data = self.get_url(token, url).await?;
        Ok(data.iter().filter_map(Device::from_value).collect())
    }

    pub async fn trigger_count(
        &self,
        token: &Token,
        device_id: &str,
        channel: u16,
        from_ms: Option<i64>,
    ) -> Result<u64, ApiError> {
        let path = format!(
            "/mt1/api/devices/{}/channel/{channel}/trigger/count",
            digits(device_id)?
        );
        let query: Vec<(&str, String)> = from_ms
            .map(|ms| ("timestampFrom_ms", ms.to_string()))
            .into_iter()
            .collect();
        let data = self.get(token, &path, &query).await?;
        data.first()
            .and_then(|v| v.get("value"))
            .and_then(Value::as_u64)
            .ok_or_else(|| ApiError::Decode("count without data[0].value".into()))
    }

    pub async fn trigger_page(
        &self,
        token: &Token,
        device_id: &str,
        channel: u16,
        range: TimeRange,
        offset: usize,
    ) -> Result<HistoryPage, ApiError> {
        let path = format!(
            "/mt1/api/devices/{}/channel/{channel}/trigger",
            digits(device_id)?
        );
        let mut query = vec![
            ("limit", HISTORY_PAGE.to_string()),
            ("offset", offset.to_string()),
        ];
        if let Some(ms) = range.from_ms {
            query.push(("timestampFrom_ms", ms.to_string()));
        }
        if let Some(ms) = range.to_ms {
            query.push(("timestampTo_ms", ms.to_string()));
        }
        let data = self.get(token, &path, &query).await?;
        let mut page = HistoryPage {
            items: data.len(),
            ..HistoryPage::default()
        };
        for item in &data {
            match decode_dto(item) {
                Ok(t) => {
                    page.order.push(Some(page.triggers.len()));
                    page.triggers.push(t);
                }
                Err(e) => {
                    page.order.push(None);
                    page.rejected.push(e);
                }
            }
        }
        Ok(page)
    }

    async fn get(
        &self,
        token: &Token,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<Value>, ApiError> {
        let mut url = self.url(path)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        self.get_url(token, url).await
    }

    async fn get_url(&self, token: &Token, url: Url) -> Result<Vec<Value>, ApiError> {
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, token.expose()) // raw, no "Bearer" (§2.3)
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let bytes = read_body(response).await?;
        decode_envelope(status, &bytes).map_err(|e| e.with_retry_after(retry_after))
    }
}

/// A request that got no answer: its cause, named once (`net_error`), without the URL.
fn network(e: reqwest::Error) -> ApiError {
    ApiError::Network(super::net_error::describe(&e.without_url()))
}

fn digits(device_id: &str) -> Result<&str, ApiError> {
    if is_device_id(device_id) {
        Ok(device_id)
    } else {
        Err(ApiError::InvalidDevice(device_id.to_owned()))
    }
}

/// `Retry-After` in seconds, when the server says how long the quota lasts (kept to 1 s–5 min).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.clamp(1, 300)))
}

fn token_header(headers: &HeaderMap) -> Option<Token> {
    let raw = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    (!raw.is_empty()).then(|| Token::new(raw))
}

fn first_user(data: Vec<Value>) -> Result<User, ApiError> {
    let first = data
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Decode("no user in data[]".into()))?;
    serde_json::from_value(first).map_err(|e| ApiError::Decode(format!("user: {e}")))
}

async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY as u64)
    {
        return Err(ApiError::TooLarge(MAX_BODY));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::TooLarge(MAX_BODY));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[derive(serde::Deserialize)]
struct Envelope {
    status: i64,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    data: Option<Vec<Value>>,
}

/// The one place the `{status, message, data[]}` envelope and HTTP status become a result.
pub fn decode_envelope(http: StatusCode, body: &[u8]) -> Result<Vec<Value>, ApiError> {
    let envelope = serde_json::from_slice::<Envelope>(body);
    let server_message = envelope
        .as_ref()
        .ok()
        .and_then(|e| e.message.clone())
        .filter(|m| !m.trim().is_empty());
    let message = |fallback: &str| {
        server_message
            .clone()
            .unwrap_or_else(|| fallback.to_owned())
    };
    match http.as_u16() {
        401 | 403 => return Err(ApiError::Expired(format!("HTTP {}", http.as_u16()))),
        429 => {
            return Err(ApiError::Quota {
                retry_after: QUOTA_PAUSE,
            })
        }
        300..=399 => {
            return Err(ApiError::Redirect {
                location: message("another address"),
            })
        }
        200..=299 => {}
        code => {
            let detail = server_message
                .as_ref()
                .map_or_else(String::new, |m| format!(": {m}"));
            return Err(ApiError::Http {
                status: code,
                detail,
            });
        }
    }
    let envelope = envelope.map_err(|e| ApiError::Decode(format!("response envelope: {e}")))?;
    match envelope.status {
        0 => Ok(envelope.data.unwrap_or_default()),
        STATUS_EXPIRED => Err(ApiError::Expired(format!("status {STATUS_EXPIRED}"))),
        STATUS_QUOTA => Err(ApiError::Quota {
            retry_after: QUOTA_PAUSE,
        }),
        STATUS_NOT_ALLOWED => Err(ApiError::NotAllowed(message("Not allowed"))),
        code => Err(ApiError::Status {
            code,
            message: message("no message"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> StatusCode {
        StatusCode::OK
    }

    #[test]
    fn envelope_success_and_each_status() {
        let data = decode_envelope(ok(), br#"{"status":0,"data":[{"value":102}]}"#).expect("ok");
        assert_eq!(data[0]["value"], 102);
        assert_eq!(decode_envelope(ok(), br#"{"status":0}"#), Ok(vec![]));
        assert!(
            decode_envelope(ok(), br#"{"status":-1007,"message":"x","data":[]}"#)
                .is_err_and(|e| e.is_expired())
        );
        assert_eq!(
            decode_envelope(ok(), br#"{"status":-9000,"data":[]}"#),
            Err(ApiError::Quota {
                retry_after: QUOTA_PAUSE
            })
        );
        assert_eq!(
            decode_envelope(
                ok(),
                br#"{"status":-2011,"message":"Not allowed","data":[]}"#
            ),
            Err(ApiError::NotAllowed("Not allowed".into()))
        );
        assert_eq!(
            decode_envelope(ok(), br#"{"status":-5,"message":"Broken"}"#),
            Err(ApiError::Status {
                code: -5,
                message: "Broken".into()
            })
        );
    }

    #[test]
    fn http_statuses_win_over_bodies() {
        assert!(decode_envelope(StatusCode::FORBIDDEN, b"").is_err_and(|e| e.is_expired()));
        assert!(matches!(
            decode_envelope(StatusCode::TOO_MANY_REQUESTS, b"<html>"),
            Err(ApiError::Quota { .. })
        ));
        assert!(matches!(
            decode_envelope(StatusCode::FOUND, b""),
            Err(ApiError::Redirect { .. })
        ));
        assert_eq!(
            decode_envelope(
                StatusCode::INTERNAL_SERVER_ERROR,
                br#"{"status":-1,"message":"db down"}"#
            ),
            Err(ApiError::Http {
                status: 500,
                detail: ": db down".into()
            })
        );
        assert!(matches!(
            decode_envelope(ok(), b"not json"),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode_envelope(ok(), br#"{"status":"0"}"#),
            Err(ApiError::Decode(_))
        ));
    }

    #[tokio::test]
    async fn a_closed_port_is_named_once_as_connection_refused() {
        let port = crate::mt1::net_error::tests::closed_port();
        let client = Mt1Client::new(&format!("http://127.0.0.1:{port}")).expect("client");
        let err = client
            .login("demo", "demo")
            .await
            .expect_err("nothing listens");
        assert_eq!(err, ApiError::Network("connection refused".into()));
        assert_eq!(
            err.to_string(),
            "cannot reach the server: connection refused"
        );
    }

    #[test]
    fn server_addresses() {
        assert!(parse_server("https://www.alge-results.com").is_ok());
        assert!(parse_server("http://127.0.0.1:8080").is_ok());
        assert!(parse_server("http://[::1]:8080").is_ok());
        assert!(parse_server("http://localhost:1").is_ok());
        let err = parse_server("http://www.alge-results.com").expect_err("plain http");
        assert!(err.to_string().contains("only for 127.0.0.1"));
        assert!(parse_server("ftp://x").is_err());
        assert!(parse_server("not a url").is_err());
    }
}
