//! TLS for everything the app connects to: one rustls client configuration that trusts what
//! the operating system trusts (rustls-platform-verifier). REST (reqwest) and the live
//! websocket (tokio-tungstenite) both use it, so a company root CA or a TLS-inspecting
//! antivirus installed in the system works for both or for neither; sign-in can no longer
//! succeed while the live link fails on the same server.

use std::sync::{Arc, OnceLock};
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TlsError {
    /// The system's trusted certificates could not be read (or there are none).
    #[error("cannot read this computer's trusted certificates: {0}")]
    TrustStore(String),
    #[error("cannot set up secure connections: {0}")]
    Setup(String),
}

/// rustls needs one process-wide crypto provider; ring builds with just a C compiler
/// (aws-lc-rs would need cmake).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The client configuration for REST and the websocket: ring, TLS 1.2 and 1.3, the platform
/// verifier, no client certificate. Built once per process: the verifier reads the system's
/// roots when it is made, which need not happen for every connection.
pub fn client_config() -> Result<Arc<rustls::ClientConfig>, TlsError> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, TlsError>> = OnceLock::new();
    CONFIG.get_or_init(build_client_config).clone()
}

/// For a client that never makes a TLS connection (plain http to loopback): it trusts no
/// certificate, so a TLS connection, were one ever made, would fail.
pub fn trust_nothing_config() -> Arc<rustls::ClientConfig> {
    install_crypto_provider();
    Arc::new(
        rustls::ClientConfig::builder()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth(),
    )
}

fn build_client_config() -> Result<Arc<rustls::ClientConfig>, TlsError> {
    install_crypto_provider();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| TlsError::TrustStore(e.to_string()))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Setup(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // Both speak HTTP/1.1: REST without HTTP/2, the websocket as an HTTP/1.1 upgrade.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
