//! The app under egui_kittest against the simulator over loopback: a world (runtime,
//! simulator, folders, keychain) and the steps an official takes.
#![allow(dead_code)] // each test binary uses its own share

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use mt1_monitor::sim::{SimConfig, Simulator};
use mt1_monitor::storage::TokenStore;
use mt1_monitor::ui::look::i18n::Language;
use mt1_monitor::ui::AppOptions;
use mt1_monitor::ui::MonitorApp;
use mt1_monitor::ui::Settings;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub struct World {
    /// A crash note from the last run, for the next app to report (None: no crash).
    pub crashed: std::cell::RefCell<Option<PathBuf>>,
    /// What the app asked to hear.
    pub sound: std::sync::Arc<mt1_monitor::sound::RecordingSink>,
    pub rt: tokio::runtime::Runtime,
    pub sim: Simulator,
    pub dir: tempfile::TempDir,
    /// A keychain for the app (keyring-core's in-memory store), or none (a file only).
    pub keychain: Option<std::sync::Arc<keyring_core::CredentialStore>>,
}

impl World {
    pub fn new() -> Self {
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
            sound: Default::default(),
            crashed: Default::default(),
        }
    }

    pub fn with_keychain() -> Self {
        let keychain: std::sync::Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().expect("in-memory keychain");
        Self {
            keychain: Some(keychain),
            ..Self::new()
        }
    }

    pub fn store(&self) -> TokenStore {
        let file = self.dir.path().join("sign-in.json");
        match &self.keychain {
            Some(k) => TokenStore::with_keychain(file, k.clone()),
            None => TokenStore::file_only(file),
        }
    }

    pub fn export_path(&self) -> PathBuf {
        self.dir.path().join("export.csv")
    }

    pub fn app(&self, username: &str) -> Harness<'static, MonitorApp> {
        self.app_in(username, Language::English)
    }

    /// The app speaking `language` (whatever the machine's language is).
    pub fn app_in(&self, username: &str, language: Language) -> Harness<'static, MonitorApp> {
        self.app_with(username, [1280.0, 800.0], |s| s.language = Some(language))
    }

    /// The app replaying a journalled session (as `mt1-monitor replay` opens it).
    pub fn app_replay(
        &self,
        request: mt1_monitor::ui::ReplayRequest,
    ) -> Harness<'static, MonitorApp> {
        let options = AppOptions {
            demo: false,
            token_store: None,
            export_path: Some(self.export_path()),
            settings: Settings {
                language: Some(Language::English),
                ..Settings::default()
            },
            journal_dir: Some(self.dir.path().join("data")),
            bench_startup: None,
            sound: Some(self.sound.clone()),
            replay: Some(request),
            crashed: None,
            server: None,
            renderer: None,
        };
        let handle = self.rt.handle().clone();
        Harness::builder()
            .with_size([1280.0, 800.0])
            .build_eframe(move |cc| MonitorApp::new(handle, options, None, &cc.egui_ctx))
    }

    /// The app in a window of `size` points, with settings as `edit` leaves them.
    pub fn app_with(
        &self,
        username: &str,
        size: [f32; 2],
        edit: impl FnOnce(&mut Settings),
    ) -> Harness<'static, MonitorApp> {
        let mut settings = Settings {
            server: self.sim.base_url(),
            username: username.into(),
            // Whatever the machine's language, the tests read English labels unless told.
            language: Some(Language::English),
            ..Settings::default()
        };
        edit(&mut settings);
        let options = AppOptions {
            demo: false,
            token_store: Some(self.store()),
            export_path: Some(self.export_path()),
            settings,
            journal_dir: Some(self.dir.path().join("data")),
            bench_startup: None,
            sound: Some(self.sound.clone()),
            replay: None,
            crashed: self.crashed.borrow_mut().take(),
            server: None,
            renderer: None,
        };
        let handle = self.rt.handle().clone();
        Harness::builder()
            .with_size(size)
            .build_eframe(move |cc| MonitorApp::new(handle, options, None, &cc.egui_ctx))
    }
}

pub fn step_until(
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

pub fn type_into(h: &mut Harness<'static, MonitorApp>, label: &str, text: &str) {
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

pub fn sign_in(h: &mut Harness<'static, MonitorApp>, user: &str, password: &str) {
    type_into(h, "Username", user);
    type_into(h, "Password", password);
    h.get_by_label("Sign in").click();
    h.step();
}

/// Sign out… and confirm (signing out stops the live link, so the app asks first).
pub fn sign_out(h: &mut Harness<'static, MonitorApp>) {
    h.get_by_label("Sign out…").click();
    step_until(h, "the confirmation", |h| {
        h.query_by_label("Sign out").is_some()
    });
    h.get_by_label("Sign out").click();
}

pub fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .expect("csv")
        .records()
        .map(|r| r.expect("row"))
        .collect()
}

/// Signs in to the simulator and waits for the live link with its subscription.
pub fn live_monitor(w: &World, h: &mut Harness<'static, MonitorApp>) {
    sign_in(h, "demo", "demo");
    step_until(h, "the monitor, live", |h| {
        h.query_by_label("LIVE").is_some()
    });
    w.rt.block_on(w.sim.wait_subscribed(1, Duration::from_secs(10)));
}

/// `n` frames, a little real time between them (background work gets to answer).
pub fn steps(h: &mut Harness<'static, MonitorApp>, n: usize) {
    for _ in 0..n {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The account's journal file under the world's data folder.
pub fn journal_file(w: &World) -> PathBuf {
    w.dir
        .path()
        .join("data")
        .join("journal")
        .read_dir()
        .expect("journal folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "sqlite3"))
        .expect("journal")
}

/// Opens the export dialog and lets it settle.
pub fn open_export(h: &mut Harness<'static, MonitorApp>) {
    h.get_by_label("Export…").click();
    step_until(h, "the export dialog", |h| {
        h.query_by_label("Write the files").is_some()
    });
    for _ in 0..3 {
        h.step();
    }
}

/// Replaces what the text field `label` holds with `text`.
pub fn replace_text(h: &mut Harness<'static, MonitorApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    type_into(h, label, text);
}

/// The app started again as demo (its token kept), continuing journal session 1.
pub fn restart_continuing(w: &World) -> Harness<'static, MonitorApp> {
    let mut h = w.app("demo");
    step_until(&mut h, "the session choice", |h| {
        h.query_by_label("Continue session 1").is_some()
    });
    h.get_by_label("Continue session 1").click();
    h
}

/// Right-clicks the cell that reads `cell` and chooses `item` in the row's menu.
pub fn row_menu(h: &mut Harness<'static, MonitorApp>, cell: &str, item: &str) {
    h.get_by_label(cell).click_secondary();
    step_until(h, "the row's menu", |h| h.query_by_label(item).is_some());
    h.get_by_label(item).click();
}

/// A CSV with a header, each row by column name.
pub fn read_csv_by_name(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let header = r.headers().expect("header").clone();
    r.records()
        .map(|row| {
            let row = row.expect("row");
            header
                .iter()
                .map(str::to_owned)
                .zip(row.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}
