//! The desktop app driven like an official would, with egui_kittest (no display needed),
//! against the simulator over loopback.

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use mt1_monitor::model::time::{now_ticks, TICKS_PER_MILLI};
use mt1_monitor::sim::{SimConfig, SimTrigger, Simulator, DEMO_FINISH, DEMO_START};
use mt1_monitor::storage::TokenStore;
use mt1_monitor::ui::i18n::Language;
use mt1_monitor::ui::{AppOptions, MonitorApp, Settings};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct World {
    rt: tokio::runtime::Runtime,
    sim: Simulator,
    dir: tempfile::TempDir,
    /// A keychain for the app (keyring-core's in-memory store), or none (a file only).
    keychain: Option<std::sync::Arc<keyring_core::CredentialStore>>,
}

impl World {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sim = rt
            .block_on(Simulator::start(SimConfig::default(), 0))
            .expect("simulator");
        Self {
            rt,
            sim,
            dir: tempfile::tempdir().expect("tmp"),
            keychain: None,
        }
    }

    fn with_keychain() -> Self {
        let keychain: std::sync::Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().expect("in-memory keychain");
        Self {
            keychain: Some(keychain),
            ..Self::new()
        }
    }

    fn store(&self) -> TokenStore {
        let file = self.dir.path().join("sign-in.json");
        match &self.keychain {
            Some(k) => TokenStore::with_keychain(file, k.clone()),
            None => TokenStore::file_only(file),
        }
    }

    fn export_path(&self) -> PathBuf {
        self.dir.path().join("export.csv")
    }

    fn app(&self, username: &str) -> Harness<'static, MonitorApp> {
        let options = AppOptions {
            demo: false,
            token_store: Some(self.store()),
            export_path: Some(self.export_path()),
            settings: Settings {
                server: self.sim.base_url(),
                username: username.into(),
                // Whatever the machine's language, these tests read English labels.
                language: Some(Language::English),
                ..Settings::default()
            },
            journal_dir: Some(self.dir.path().join("data")),
            bench_startup: None,
        };
        let handle = self.rt.handle().clone();
        Harness::builder()
            .with_size([1280.0, 800.0])
            .build_eframe(move |cc| MonitorApp::new(handle, options, None, &cc.egui_ctx))
    }
}

fn step_until(
    h: &mut Harness<'static, MonitorApp>,
    what: &str,
    done: impl Fn(&mut Harness<'static, MonitorApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(h) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(15));
    }
}

fn type_into(h: &mut Harness<'static, MonitorApp>, label: &str, text: &str) {
    let role = if label == "Password" {
        Role::PasswordInput
    } else {
        Role::TextInput
    };
    h.get_by_role_and_label(role, label).focus();
    h.step();
    h.get_by_role_and_label(role, label).type_text(text);
    h.step();
}

fn sign_in(h: &mut Harness<'static, MonitorApp>, user: &str, password: &str) {
    type_into(h, "Username", user);
    type_into(h, "Password", password);
    h.get_by_label("Sign in").click();
    h.step();
}

/// Sign out… and confirm (signing out stops the live link, so the app asks first).
fn sign_out(h: &mut Harness<'static, MonitorApp>) {
    h.get_by_label("Sign out…").click();
    step_until(h, "the confirmation", |h| h.query_by_label("Sign out").is_some());
    h.get_by_label("Sign out").click();
}

fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .expect("csv")
        .records()
        .map(|r| r.expect("row"))
        .collect()
}

#[test]
fn sign_in_see_pushed_rows_filter_and_export_what_the_table_shows() {
    let w = World::new();
    let t0 = now_ticks();
    let earlier = SimTrigger::impulse(DEMO_START, 0, t0 - 5_000 * TICKS_PER_MILLI, 17, "MANUAL");
    w.sim.add_trigger(&earlier);
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "the monitor, live", |h| {
        h.query_by_label("LIVE").is_some()
    });
    // The earlier trigger (today, before sign-in) comes from history.
    step_until(&mut h, "the history row", |h| {
        h.query_by_label("17").is_some()
    });

    let pushed = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 10 * TICKS_PER_MILLI, 4242, "MANUAL");
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    w.sim.add_trigger(&pushed);
    step_until(&mut h, "the pushed row", |h| {
        h.query_by_label("4242").is_some()
    });
    let cleared = SimTrigger::impulse(DEMO_FINISH, 1, t0 + 20 * TICKS_PER_MILLI, 99, "SEQUENTIAL");
    w.sim.add_trigger(&cleared);
    w.sim.clear_trigger(&cleared);
    step_until(&mut h, "the cleared row", |h| {
        h.query_by_label("cleared").is_some()
    });
    assert!(h.query_by_label("3 of 3 shown").is_some());

    type_into(&mut h, "Filter", "4242");
    step_until(&mut h, "the filter to apply", |h| {
        h.query_by_label("1 of 3 shown").is_some()
    });
    assert!(h.query_by_label("4242").is_some());
    assert!(h.query_by_label("17").is_none(), "filtered out");

    // Export only the shown rows, Excel style, and compare with the table.
    h.get_by_label("Only shown rows").click();
    h.get_by_label("Excel (;)").click();
    h.step();
    h.get_by_label("Export CSV…").click();
    step_until(&mut h, "the export", |h| {
        h.query_by_label_contains("Exported 1 to").is_some()
    });
    let bytes = std::fs::read(w.export_path()).expect("exported file");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "Excel BOM");
    let rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..])
        .records()
        .count();
    assert_eq!(rows, 1);

    // Everything, in the table's order (newest first), matching the table's rows.
    h.get_by_label("Only shown rows").click();
    h.get_by_label("Excel (;)").click();
    h.step();
    h.get_by_label("Export CSV…").click();
    step_until(&mut h, "the full export", |h| {
        h.query_by_label_contains("Exported 3 to").is_some()
    });
    let exported = read_csv(&w.export_path());
    let m = h.state_mut().monitor().expect("monitor");
    let table: Vec<std::sync::Arc<mt1_monitor::model::row::TriggerRow>> =
        m.table.rows_in_order(false);
    assert_eq!(exported.len(), table.len());
    for (csv_row, row) in exported.iter().zip(&table) {
        assert_eq!(
            &csv_row[4],
            row.key.timestamp.to_string(),
            "same order and trigger"
        );
        assert_eq!(&csv_row[12], row.state.as_str());
    }
    assert_eq!(&exported[0][6], "99");
    assert_eq!(&exported[0][12], "cleared");
    assert_eq!(&exported[2][6], "17");
    assert_eq!(&exported[2][13], "history");

    // The token (not the password) was stored, privately.
    let stored = std::fs::read_to_string(w.store().file()).expect("stored sign-in");
    assert!(w
        .sim
        .issued_tokens()
        .iter()
        .any(|t| stored.contains(t.as_str())));
    sign_out(&mut h);
    step_until(&mut h, "the sign-in screen", |h| {
        h.query_by_label("Sign in").is_some()
    });
    assert!(!w.store().file().exists(), "Sign out forgets the token");
}

#[test]
fn a_restart_uses_the_stored_token_and_an_expired_one_asks_to_sign_in_again() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    drop(h);
    let logins = w.sim.logins();

    w.sim.add_trigger(&SimTrigger::impulse(
        DEMO_START,
        0,
        now_ticks(),
        31,
        "MANUAL",
    ));
    let mut h = w.app("demo");
    // The stored token is accepted without a login; the journal offers the last session.
    step_until(&mut h, "the session choice", |h| {
        h.query_by_label("Continue session 1").is_some()
    });
    h.get_by_label("Continue session 1").click();
    step_until(&mut h, "the monitor", |h| {
        h.query_by_label("LIVE").is_some()
    });
    step_until(&mut h, "the journal's and the new trigger", |h| {
        h.query_by_label("31").is_some()
    });
    assert_eq!(w.sim.logins(), logins, "no new login on restart");
    drop(h);

    w.sim.expire_tokens();
    let mut h = w.app("demo");
    step_until(&mut h, "the expiry note", |h| {
        h.query_by_label_contains("expired").is_some()
    });
    let username = h.get_by_role_and_label(Role::TextInput, "Username").value();
    assert_eq!(username.as_deref(), Some("demo"), "username filled in");
    assert_eq!(w.sim.logins(), logins, "the app never logs in by itself");
}

#[test]
fn missing_timekeeper_role_shows_the_warning_and_allows_continuing() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "basic", "basic");
    step_until(&mut h, "the warning", |h| {
        h.query_by_label("Timekeeper feature not enabled").is_some()
    });
    assert!(h
        .query_by_label_contains("Account section of ALGE Results")
        .is_some());
    h.get_by_label("Continue anyway").click();
    step_until(&mut h, "the monitor", |h| h.state_mut().monitor().is_some());
    step_until(&mut h, "the banner", |h| {
        h.query_by_label_contains("TIMING_POINT_ACCOUNT").is_some()
    });
}

#[test]
fn wrong_password_says_so_plainly() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "nope");
    step_until(&mut h, "the error", |h| {
        h.query_by_label("Wrong username or password.").is_some()
    });
    assert_eq!(w.sim.login_attempts(), 1);
}

#[test]
fn a_lost_link_is_impossible_to_miss_and_recovers() {
    let w = World::new();
    let mut h = w.app("");
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    w.sim.refuse_connections_for(Duration::from_secs(3));
    w.sim.drop_connections();
    step_until(&mut h, "the red banner", |h| {
        h.query_by_label_contains("LIVE LINK LOST").is_some()
    });
    // A trigger made during the outage appears after the reconnect, from history.
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 777, "SEQUENTIAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "recovery", |h| {
        h.query_by_label("777").is_some() && h.query_by_label("LIVE").is_some()
    });
    assert!(h.query_by_label_contains("LIVE LINK LOST").is_none());
}

/// Signs in (password typed), closes the app, runs `between`, and opens the app again on the
/// stored sign-in, continuing the journal session: the official's restart on race morning.
fn restart_on_the_stored_token(
    w: &World,
    remember: bool,
    between: impl FnOnce(),
) -> Harness<'static, MonitorApp> {
    let mut h = w.app("");
    if remember {
        step_until(&mut h, "the keychain to answer", |h| {
            h.query_by_label("Remember password on this computer")
                .is_some()
        });
        h.get_by_label("Remember password on this computer").click();
        h.step();
    } else {
        for _ in 0..5 {
            h.step();
        }
        assert!(
            h.query_by_label("Remember password on this computer")
                .is_none(),
            "not offered without a keychain"
        );
    }
    sign_in(&mut h, "demo", "demo");
    step_until(&mut h, "live", |h| h.query_by_label("LIVE").is_some());
    drop(h);
    between();
    let mut h = w.app("demo");
    step_until(&mut h, "the session choice", |h| {
        h.query_by_label("Continue session 1").is_some()
    });
    h.get_by_label("Continue session 1").click();
    step_until(&mut h, "the monitor, live", |h| {
        h.query_by_label("LIVE").is_some()
    });
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
    h
}

#[test]
fn an_expired_restored_sign_in_asks_over_the_monitor_and_loses_nothing() {
    let w = World::new();
    let mut h = restart_on_the_stored_token(&w, false, || {});
    let logins = w.sim.logins();
    let before = SimTrigger::impulse(DEMO_START, 0, now_ticks(), 611, "MANUAL");
    w.sim.add_trigger(&before);
    step_until(&mut h, "a live row", |h| h.query_by_label("611").is_some());

    w.sim.expire_tokens();
    step_until(&mut h, "the prompt over the monitor", |h| {
        h.query_by_label_contains("Your ALGE Results sign-in has expired")
            .is_some()
    });
    assert!(h
        .query_all_by_label_contains("SIGN-IN NEEDED")
        .next()
        .is_some());
    assert!(h.query_by_label("611").is_some(), "the table stays");
    assert!(
        h.query_by_label("demo").is_some(),
        "the prompt names the account"
    );
    // Made while nobody could listen: must come from history after the sign-in.
    let meanwhile = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 888, "SEQUENTIAL");
    w.sim.add_trigger(&meanwhile);
    for _ in 0..20 {
        h.step();
        std::thread::sleep(Duration::from_millis(15));
    }
    assert_eq!(w.sim.logins(), logins, "the app never logs in by itself");

    h.get_by_role_and_label(Role::PasswordInput, "Password")
        .type_text("demo");
    h.step();
    h.key_press(egui::Key::Enter);
    h.step();
    step_until(&mut h, "live again with the trigger made meanwhile", |h| {
        h.query_by_label("LIVE").is_some() && h.query_by_label("888").is_some()
    });
    for _ in 0..40 {
        h.step();
        std::thread::sleep(Duration::from_millis(15));
    }
    assert_eq!(h.query_all_by_label("888").count(), 1, "once");
    assert_eq!(h.query_all_by_label("611").count(), 1, "once");
    assert!(h
        .query_by_label_contains("Your ALGE Results sign-in has expired")
        .is_none());
    assert_eq!(w.sim.logins(), logins + 1, "one login for the expiry");
}

#[test]
fn a_remembered_password_renews_an_expired_sign_in_after_a_restart() {
    let w = World::with_keychain();
    let logins_before = w.sim.logins();
    // Expire between the two runs: the restart finds a dead token and a remembered password.
    let mut h = restart_on_the_stored_token(&w, true, || w.sim.expire_tokens());
    assert_eq!(w.sim.logins(), logins_before + 2, "one login per run");
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.store().file()).expect("stored"))
            .expect("json");
    assert_eq!(
        stored["token"], "",
        "the token is in the keychain, not the file"
    );
    assert!(
        stored.get("password").is_none() && stored.as_object().is_some_and(|o| o.len() == 3),
        "no password in the file: {stored}"
    );
    // It expires again mid-session: renewed silently, no prompt.
    w.sim.expire_tokens();
    let t = SimTrigger::impulse(DEMO_FINISH, 1, now_ticks(), 515, "SEQUENTIAL");
    w.sim.add_trigger(&t);
    step_until(&mut h, "renewed and the trigger", |h| {
        h.query_by_label("LIVE").is_some() && h.query_by_label("515").is_some()
    });
    assert!(h
        .query_by_label_contains("Your ALGE Results sign-in has expired")
        .is_none());
    assert_eq!(w.sim.logins(), logins_before + 3);
    sign_out(&mut h);
    step_until(&mut h, "the sign-in screen", |h| {
        h.query_by_label("Sign in").is_some()
    });
    let store = w.store();
    let deadline = Instant::now() + Duration::from_secs(5);
    while store.load_password(&w.sim.base_url(), "demo").is_some() {
        assert!(Instant::now() < deadline, "Sign out forgets the password");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_remembered_password_signs_in_after_a_restart_that_finds_no_token() {
    let w = World::with_keychain();
    let logins_before = w.sim.logins();
    // The keychain lost the token between the two runs (the password entry stayed).
    let mut h = restart_on_the_stored_token(&w, true, || {
        let keychain = w.keychain.as_ref().expect("keychain");
        let entry = keychain
            .build("mt1-monitor", &format!("demo@{}", w.sim.base_url()), None)
            .expect("entry");
        entry
            .delete_credential()
            .expect("the token was in the keychain");
    });
    assert_eq!(w.sim.logins(), logins_before + 2, "one login per run");
    assert!(h.query_by_label("Sign in").is_none(), "no sign-in screen");
    assert!(
        w.store().load_password(&w.sim.base_url(), "demo").is_some(),
        "the password stays remembered"
    );
    h.step();
}
