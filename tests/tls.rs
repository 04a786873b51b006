//! https and wss against the simulator over loopback, trusted the way the app trusts a real
//! server: through the operating system's store (rustls-platform-verifier), which on Linux
//! honours `SSL_CERT_FILE`. One test CA is the only trusted root; a second CA stands for a
//! certificate this computer does not trust (a TLS-inspecting proxy without its root installed).
// macOS and Windows verify through their own stores, which ignore SSL_CERT_FILE.
#![cfg(all(unix, not(target_vendor = "apple"), not(target_os = "android")))]

mod common;

use common::*;
use mt1_monitor::model::row::Source;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::mt1::account::Token;
use mt1_monitor::mt1::connection::{LinkError, LiveLink};
use mt1_monitor::mt1::rest::{parse_server, Mt1Client};
use mt1_monitor::sim::{SimConfig, SimTrigger, DEMO_FINISH};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A self-signed CA: its certificate in PEM and the issuer that signs with its key.
fn new_ca(name: &str) -> (String, Issuer<'static, KeyPair>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().expect("CA key");
    let cert = params.self_signed(&key).expect("CA certificate");
    (cert.pem(), Issuer::new(params, key))
}

/// The simulator's TLS: a certificate for `localhost` and 127.0.0.1 signed by `ca`.
fn server_config(ca: &Issuer<'static, KeyPair>) -> Arc<rustls::ServerConfig> {
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("server certificate parameters");
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params
        .extended_key_usages
        .push(ExtendedKeyUsagePurpose::ServerAuth);
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().expect("server key");
    let cert = params.signed_by(&key, ca).expect("server certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert.der().clone()], key)
    .expect("server TLS configuration");
    Arc::new(config)
}

/// Called first by every test, before any client exists (the app builds its client TLS once
/// per process): makes the trusted CA, names it in `SSL_CERT_FILE` as the only root this
/// computer trusts, and returns a simulator configuration with a certificate it signed.
fn trusted_server_config() -> Arc<rustls::ServerConfig> {
    static CONFIG: OnceLock<Arc<rustls::ServerConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let (pem, ca) = new_ca("mt1-monitor test CA");
            let path = std::env::temp_dir()
                .join(format!("mt1-monitor-test-ca-{}.pem", std::process::id()));
            std::fs::write(&path, format!("{pem}\n")).expect("write the CA certificate");
            std::env::set_var("SSL_CERT_FILE", &path);
            std::env::remove_var("SSL_CERT_DIR");
            server_config(&ca)
        })
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_and_wss_are_trusted_through_the_platform_verifier() {
    let tls = trusted_server_config();
    let sim = start_sim(SimConfig {
        tls: Some(tls),
        ..fast_sim_config()
    })
    .await;
    assert!(
        sim.base_url().starts_with("https://localhost:"),
        "{}",
        sim.base_url()
    );
    let t0 = now_ticks();
    // Made before the session: only history, read over https, has it.
    let before = SimTrigger::impulse(DEMO_FINISH, 1, t0, 1, "SEQUENTIAL");
    sim.add_trigger(&before);
    let mut h = start_session(&sim, "demo").await;
    let mut seen = Seen::default();
    until(&mut h, &mut seen, "live and the earlier trigger", |s| {
        s.live() && s.rows.len() == 1
    })
    .await;
    assert!(sim.wait_subscribed(1, WAIT).await, "subscribed over wss");

    // Made while the session is live: pushed over wss.
    let after = SimTrigger::impulse(DEMO_FINISH, 1, t0 + TICKS_PER_MILLI, 2, "SEQUENTIAL");
    sim.add_trigger(&after);
    until(&mut h, &mut seen, "the pushed trigger", |s| {
        s.rows.len() == 2
    })
    .await;

    assert!(seen.live(), "states {:?}", seen.states);
    assert_eq!(seen.rows[&before.key()].source, Source::History);
    assert_eq!(seen.rows[&after.key()].source, Source::Push);
    assert!(sim.websocket_connects() >= 1);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_named_as_the_cause() {
    let _trusted = trusted_server_config();
    // Signed by a CA that SSL_CERT_FILE does not name.
    let (_, stranger) = new_ca("a CA this computer does not trust");
    let sim = start_sim(SimConfig {
        tls: Some(server_config(&stranger)),
        ..fast_sim_config()
    })
    .await;
    let base = sim.base_url();

    let err = Mt1Client::new(&base)
        .expect("client")
        .login("demo", "demo")
        .await
        .expect_err("sign-in over an untrusted certificate");
    let text = err.to_string();
    assert!(
        text.contains("certificate") && text.contains("not trusted"),
        "{text}"
    );
    assert!(!text.contains("error sending request"), "{text}");
    assert_eq!(sim.login_attempts(), 0, "nothing reached the server");

    let url = parse_server(&base).expect("an https address");
    let opened = LiveLink::open(
        &url,
        &Token::new("never-sent"),
        Duration::from_secs(1),
        Duration::from_secs(5),
    )
    .await;
    let Err(e) = opened else {
        panic!("the live link opened over an untrusted certificate");
    };
    let text = e.to_string();
    assert!(matches!(e, LinkError::Connect(_)), "{text}");
    assert!(
        text.contains("certificate") && text.contains("not trusted"),
        "{text}"
    );
    assert_eq!(sim.websocket_connects(), 0, "no upgrade reached the server");
}
