//! Why a connection failed, in words an official can act on. reqwest and tungstenite wrap the
//! real cause several layers deep ("error sending request" → hyper → io → rustls); this walks
//! the chain once and names the cause once, for REST and the live link alike.

use std::error::Error;
use std::io::{self, ErrorKind};

/// How every untrusted-certificate cause begins (the sign-in screen words it from this).
pub const UNTRUSTED_CERTIFICATE: &str =
    "the server's TLS certificate is not trusted by this computer";

const INSPECTION_HINT: &str = "if a company network or antivirus software inspects secure \
     connections, its root certificate must be installed in this computer's certificate store";

/// Whether a cause from [`describe`] is an untrusted certificate.
pub fn is_untrusted_certificate(cause: &str) -> bool {
    cause.starts_with(UNTRUSTED_CERTIFICATE)
}

/// The cause of a failed connection or request, named once. The most telling cause wins: a
/// certificate problem, then refused, name not found, timed out, unreachable, reset; anything
/// else is the innermost error's own text.
pub fn describe(err: &(dyn Error + 'static)) -> String {
    let links: Vec<&(dyn Error + 'static)> = chain(err).collect();
    if let Some(tls) = links.iter().find_map(|e| e.downcast_ref::<rustls::Error>()) {
        return describe_tls(tls);
    }
    let kinds: Vec<ErrorKind> = links
        .iter()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .map(io::Error::kind)
        .collect();
    let has = |wanted: &[ErrorKind]| kinds.iter().any(|k| wanted.contains(k));
    let reqwest_says = |test: fn(&reqwest::Error) -> bool| {
        links
            .iter()
            .any(|e| e.downcast_ref::<reqwest::Error>().is_some_and(test))
    };
    if has(&[ErrorKind::ConnectionRefused]) {
        return "connection refused".into();
    }
    // std's resolver reports a failed lookup as an uncategorised io error with this text.
    if reqwest_says(reqwest::Error::is_dns)
        || links
            .iter()
            .any(|e| e.to_string().contains("failed to lookup address"))
    {
        return "server name not found (DNS)".into();
    }
    if has(&[ErrorKind::TimedOut]) || reqwest_says(reqwest::Error::is_timeout) {
        return "timed out".into();
    }
    if has(&[ErrorKind::NetworkUnreachable, ErrorKind::HostUnreachable]) {
        return "network unreachable".into();
    }
    let cut_short = links.iter().any(|e| {
        e.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_incomplete_message)
    });
    if cut_short
        || has(&[
            ErrorKind::ConnectionReset,
            ErrorKind::ConnectionAborted,
            ErrorKind::BrokenPipe,
            ErrorKind::UnexpectedEof,
        ])
    {
        return "connection reset or closed by the server".into();
    }
    links.last().map_or_else(String::new, |e| e.to_string())
}

/// An error and its causes in one line ("a: b: c"), each said once: for a message that is
/// text (a session event, a log line), where anyhow's `{:#}` is not at hand.
pub fn with_causes(err: &(dyn Error + 'static)) -> String {
    let mut text = String::new();
    for cause in chain(err).map(|e| e.to_string()) {
        // A message that already quotes its cause ("IO error: {0}") says it once.
        if !text.ends_with(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

/// `err` and its causes. An `io::Error` that wraps another error reports that error's
/// *source* from `source()`, skipping the wrapped error itself (where rustls puts its
/// certificate errors), so its wrapped error is taken instead.
fn chain<'a>(err: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(err), |&e| next_cause(e)).take(32)
}

fn next_cause<'a>(e: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    match e.downcast_ref::<io::Error>() {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
        None => e.source(),
    }
}

fn describe_tls(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(cert) = e else {
        return format!("the secure connection (TLS) failed: {e}");
    };
    match cert {
        C::UnknownIssuer => format!(
            "{UNTRUSTED_CERTIFICATE} (it is not signed by an authority this computer trusts); \
             {INSPECTION_HINT}"
        ),
        C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. } => {
            format!(
                "{UNTRUSTED_CERTIFICATE} (it is outside its validity period; check this \
                 computer's date and time)"
            )
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => format!(
            "{UNTRUSTED_CERTIFICATE} (it was issued for another server name; check the server \
             address)"
        ),
        other => format!("{UNTRUSTED_CERTIFICATE} ({other}); {INSPECTION_HINT}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn with_causes_says_each_cause_once() {
        let io = io::Error::new(io::ErrorKind::ConnectionReset, "reset by peer");
        let ws = tokio_tungstenite::tungstenite::Error::Io(io);
        // tungstenite writes "IO error: reset by peer" and gives the io error as its source.
        assert_eq!(with_causes(&ws), "IO error: reset by peer");
        #[derive(Debug, thiserror::Error)]
        #[error("the live connection broke")]
        struct Broke(#[source] tokio_tungstenite::tungstenite::Error);
        let io = io::Error::new(io::ErrorKind::ConnectionReset, "reset by peer");
        let broke = Broke(tokio_tungstenite::tungstenite::Error::Io(io));
        assert_eq!(
            with_causes(&broke),
            "the live connection broke: IO error: reset by peer"
        );
    }

    /// A loopback port nothing listens on.
    pub(crate) fn closed_port() -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("address").port();
        drop(listener);
        port
    }

    #[tokio::test]
    async fn a_closed_port_is_connection_refused_for_http_and_the_websocket() {
        let port = closed_port();
        crate::mt1::tls::install_crypto_provider();
        let err = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .expect_err("nothing listens");
        assert_eq!(describe(&err), "connection refused");

        let Err(ws) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/x")).await
        else {
            panic!("nothing listens on port {port}");
        };
        assert_eq!(describe(&ws), "connection refused");
    }

    #[test]
    fn a_certificate_error_is_found_inside_nested_io_errors() {
        // hyper-rustls wraps tokio-rustls's io::Error (which wraps the rustls error) in another.
        let rustls_error =
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let inner = io::Error::new(ErrorKind::InvalidData, rustls_error);
        let outer = io::Error::other(inner);
        let text = describe(&outer);
        assert!(is_untrusted_certificate(&text), "{text}");
        assert!(text.contains("antivirus"), "{text}");

        let ws = tokio_tungstenite::tungstenite::Error::Io(io::Error::new(
            ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::Expired),
        ));
        let text = describe(&ws);
        assert!(is_untrusted_certificate(&text), "{text}");
        assert!(text.contains("date and time"), "{text}");
    }

    #[test]
    fn otherwise_the_innermost_cause_speaks() {
        let e = io::Error::other("the innermost words");
        assert_eq!(describe(&e), "the innermost words");
        let reset = io::Error::from(ErrorKind::ConnectionReset);
        assert_eq!(describe(&reset), "connection reset or closed by the server");
    }
}
