//! The app's frame: `MonitorApp` (eframe's `App`), its screens (sign-in, role warning,
//! session choice, monitor), the menus and overlays around them (`chrome`, `menu`), the jobs
//! it runs on the tokio runtime (`jobs`, `session_start`, `remembered`), the notes it keeps
//! in the journal (`session_notes`), folders it opens (`folders`) and the graphics fallback
//! (`renderer`). It imports the core; nothing in the core imports it. The session task
//! reaches it only through its channel and `Context::request_repaint`; every network,
//! keychain or journal job runs on the runtime and reports through a oneshot.

mod chrome;
pub mod jobs;
mod menu;
mod remembered;
pub mod renderer;
mod session_notes;
mod session_start;

pub use jobs::ReplayRequest;

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::session::ConnectionState;
use crate::sim::Simulator;
use crate::sound;
use crate::storage::TokenStore;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::login::{self, LoginState};
use crate::ui::look::i18n::Language;
use crate::ui::look::theme::ThemeChoice;
use crate::ui::monitor::state::MonitorState;
use crate::ui::pending::{self, Pending};
use crate::ui::settings::Settings;
use jobs::{JobResult, SignedInAccount};

const SETTINGS_KEY: &str = "mt1-monitor";

pub struct AppOptions {
    pub demo: bool,
    /// `None`: no token is stored (the platform had no config dir).
    pub token_store: Option<TokenStore>,
    /// Export here instead of asking with a save dialog (tests, automation).
    pub export_path: Option<PathBuf>,
    pub settings: Settings,
    /// Where journals live (`None`: the data dir, see `journal::data_dir`).
    pub journal_dir: Option<PathBuf>,
    /// Startup benchmark: the process start; print the time to the first painted frame and exit.
    pub bench_startup: Option<Instant>,
    /// Where sounds go (`None`: this computer's audio output).
    pub sound: Option<std::sync::Arc<dyn sound::SoundSink>>,
    /// Replay a journalled session instead of signing in.
    pub replay: Option<jobs::ReplayRequest>,
    /// The last run crashed: its note (said once, at start).
    pub crashed: Option<PathBuf>,
    /// The server given on the command line (`--server`): the sign-in form starts with it.
    pub server: Option<String>,
    /// The graphics API and adapter that draw the window, in words (About).
    pub renderer: Option<String>,
}

enum Screen {
    Login(LoginState),
    RoleWarning(LoginState, Box<SignedInAccount>),
    ChooseSession(Box<SignedInAccount>),
    Monitor(Box<MonitorState>),
}

pub struct MonitorApp {
    runtime: tokio::runtime::Handle,
    options: AppOptions,
    screen: Screen,
    job: Option<Pending<JobResult>>,
    /// The demo's simulator and journal folder live as long as the monitor that follows them.
    demo: Option<(Simulator, Option<tempfile::TempDir>)>,
    /// Whether a keychain answers (asked once, off the UI thread, at start).
    keychain: bool,
    keychain_probe: Option<Pending<bool>>,
    /// The settings screen and the help overlay are open.
    settings_open: bool,
    help_open: bool,
    about_open: bool,
    /// Plays what the monitor asks for (beeps, alarms).
    player: sound::Player,
    /// Opens folders and says when none opened.
    folders: crate::ui::folders::FolderOpener,
    /// "No sound on this computer" was said.
    no_sound_said: bool,
    /// The official forgot the remembered sign-in in the settings (until the next sign-in).
    sign_in_forgotten: bool,
    /// The theme, language and zoom last put on the context (applied again only on change).
    applied: Option<(ThemeChoice, Language, f32)>,
    /// Write the settings at the next frame (a session started: the server and username are
    /// remembered even if the app is killed before it closes).
    save_now: bool,
}

impl MonitorApp {
    pub fn new(
        runtime: tokio::runtime::Handle,
        mut options: AppOptions,
        storage: Option<&dyn eframe::Storage>,
        ctx: &egui::Context,
    ) -> Self {
        if let Some(saved) = storage.and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY)) {
            options.settings = saved;
        }
        if let Some(server) = options.server.clone() {
            options.settings.server = server;
        }
        let runtime_for_sound = runtime.clone();
        let options_sound = options.sound.clone();
        let mut app = Self {
            runtime,
            screen: Screen::Login(LoginState::default()),
            options,
            job: None,
            demo: None,
            keychain: false,
            keychain_probe: None,
            settings_open: false,
            help_open: false,
            about_open: false,
            sign_in_forgotten: false,
            player: sound::Player::new(
                options_sound.unwrap_or_else(|| sound::system_sink(&runtime_for_sound)),
            ),
            no_sound_said: false,
            folders: crate::ui::folders::FolderOpener::default(),
            applied: None,
            save_now: false,
        };
        app.apply_settings(ctx);
        if let Some(store) = app.options.token_store.clone() {
            let ctx = ctx.clone();
            app.keychain_probe = Some(Pending::spawn_blocking(
                &app.runtime,
                move || store.keychain_answers(),
                move || ctx.request_repaint(),
            ));
        }
        app.screen = Screen::Login(app.fresh_login());
        if let Some(request) = app.options.replay.clone() {
            app.spawn_job(ctx, tr!("busy-replay"), jobs::replay(request));
        } else if app.options.demo {
            app.spawn_job(ctx, tr!("busy-demo"), jobs::demo());
        } else if let (false, Some(store)) = (
            app.options.settings.username.is_empty(),
            app.options.token_store.clone(),
        ) {
            let (server, username) = (
                app.options.settings.server.clone(),
                app.options.settings.username.clone(),
            );
            let dir = app.options.journal_dir.clone();
            app.spawn_job(
                ctx,
                tr!("busy-restore"),
                jobs::restore(store, server, username, dir),
            );
        }
        app
    }

    fn fresh_login(&self) -> LoginState {
        LoginState {
            server: self.options.settings.server.clone(),
            username: self.options.settings.username.clone(),
            keychain: self.keychain,
            ..LoginState::default()
        }
    }

    fn login_mut(&mut self) -> Option<&mut LoginState> {
        match &mut self.screen {
            Screen::Login(l) => Some(l),
            _ => None,
        }
    }

    fn spawn_job(
        &mut self,
        ctx: &egui::Context,
        busy: String,
        job: impl Future<Output = JobResult> + Send + 'static,
    ) {
        if let Some(l) = self.login_mut() {
            l.busy = Some(busy);
            l.error = None;
        }
        let (tx, pending) = Pending::channel();
        let ctx = ctx.clone();
        self.runtime.spawn(async move {
            let _ = tx.send(job.await);
            ctx.request_repaint();
        });
        self.job = Some(pending);
    }

    fn sign_in(&mut self, ctx: &egui::Context) {
        let Some(l) = self.login_mut() else { return };
        let (server, username) = (l.server.trim().to_owned(), l.username.trim().to_owned());
        let password = std::mem::take(&mut l.password);
        let password_choice = if l.remember_password && l.keychain {
            jobs::PasswordChoice::Remember
        } else {
            jobs::PasswordChoice::Forget
        };
        self.options.settings.server = server.clone();
        self.options.settings.username = username.clone();
        self.sign_in_forgotten = false;
        let store = self.options.token_store.clone();
        let dir = self.options.journal_dir.clone();
        self.spawn_job(
            ctx,
            tr!("busy-sign-in"),
            jobs::sign_in(store, server, username, password, password_choice, dir),
        );
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(answer) = pending::take(&mut self.job) else {
            return;
        };
        let result = answer.unwrap_or_else(|| JobResult::Failed {
            message: tr!("error-task-stopped"),
            quota_until: None,
        });
        if let Some(l) = self.login_mut() {
            l.busy = None;
        }
        match result {
            JobResult::Ready(ready) if !ready.user.is_timekeeper() => {
                let login = self.login_mut().cloned().unwrap_or_default();
                self.screen = Screen::RoleWarning(login, ready);
            }
            JobResult::Ready(ready) => self.choose_or_start(ready, ctx),
            JobResult::Started {
                ready,
                session,
                resume,
                since_ms,
            } => self.start_monitor(ready, session, resume, since_ms, ctx),
            JobResult::Failed {
                message,
                quota_until,
            } => {
                if !matches!(self.screen, Screen::Login(_)) {
                    self.screen = Screen::Login(self.fresh_login());
                }
                if let Some(l) = self.login_mut() {
                    l.error = Some(message);
                    l.quota_until = quota_until;
                    if !l.username.is_empty() {
                        l.focus = login::LoginFocus::Password;
                    }
                }
            }
            JobResult::SignInNeeded(note) => {
                if let Some(l) = self.login_mut() {
                    l.error = note;
                }
            }
            JobResult::Replay(ready) => self.start_replay(*ready),
        }
    }

    /// The monitor playing a journalled session again, read-only.
    fn start_replay(&mut self, ready: jobs::ReplayReady) {
        let jobs::ReplayReady { request, replay } = ready;
        // Replaying is reading a journal: no account behind it to warn about.
        let user = crate::mt1::account::User {
            id: String::new(),
            roles: vec![crate::mt1::account::TIMEKEEPER_ROLE.into()],
            username: Some(request.account.clone()),
        };
        let handle = crate::session::SessionHandle::detached(&self.runtime);
        let mut m = MonitorState::new(
            request.server.clone(),
            request.account.clone(),
            user,
            handle,
            true,
        );
        let devices = replay
            .device_ids()
            .into_iter()
            .map(|id| crate::mt1::account::Device {
                name: replay
                    .names
                    .iter()
                    .find(|(d, _)| *d == id)
                    .map(|(_, n)| n.clone()),
                id,
            })
            .collect();
        m.set_devices(devices);
        let from = request
            .from_seconds
            .and_then(|s| crate::ui::replay::view::at_time_of_day(&replay, s));
        m.start_replay(crate::ui::replay::state::ReplayState::new(
            replay,
            request.session,
            request.speed,
            from,
        ));
        self.screen = Screen::Monitor(Box::new(m));
    }

    fn sign_out(&mut self) {
        if let Screen::Monitor(m) = &self.screen {
            m.stop();
            if !m.demo {
                self.forget_sign_in(m.server.clone(), m.username.clone());
            }
        }
        self.demo = None;
        self.screen = Screen::Login(self.fresh_login());
    }

    /// The settings as they are now (saved when the app closes).
    pub fn settings(&self) -> &Settings {
        &self.options.settings
    }

    /// The monitor state, for tests and benchmarks.
    pub fn monitor(&mut self) -> Option<&mut MonitorState> {
        match &mut self.screen {
            Screen::Monitor(m) => Some(m),
            _ => None,
        }
    }

    fn show_monitor(&mut self, ui: &mut egui::Ui, ctx: &egui::Context, commands: &[UiCommand]) {
        let Screen::Monitor(state) = &mut self.screen else {
            return;
        };
        state.pump(Instant::now());
        state.pump_replay(Instant::now());
        let settings = &self.options.settings;
        state.sync_feed(&settings.timy_outputs, &settings.timy_map);
        state.table.set_double_window(settings.double_within_ms);
        let env = crate::ui::monitor::view::Env {
            runtime: &self.runtime,
            export_path: self.options.export_path.clone(),
            folders: &self.folders,
        };
        let action =
            crate::ui::monitor::view::show(ui, state, &env, commands, &mut self.options.settings);
        // The demo: its own race is held while the pre-race check waits for presses (they
        // would count as presses), and its simulator presses when the official asks.
        if let Some((sim, _)) = &self.demo {
            let sim = sim.handle();
            sim.pause_rhythm(state.pre_race.as_ref().is_some_and(|c| !c.is_done()));
            if let Some((device, channel)) = state.take_demo_press() {
                sim.press(device.as_str(), channel, 0);
            }
        }
        // Drawn again when something shown changes with nothing arriving (an age asks for
        // itself as it is drawn): an idle app does not paint for nothing.
        if let Some(wake) = state.next_wake(Instant::now()) {
            ctx.request_repaint_after(wake);
        }
        if matches!(state.connection, ConnectionState::SignedOut { .. }) {
            self.options.settings.username = state.username.clone();
        }
        self.store_renewed_token();
        self.sound_and_notes(ctx);
        if action == crate::ui::monitor::view::MonitorAction::SignOut {
            self.sign_out();
        }
    }
}

impl eframe::App for MonitorApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if std::mem::take(&mut self.save_now) {
            if let Some(storage) = frame.storage_mut() {
                self.save(storage);
                storage.flush(); // eframe writes the file on a thread of its own
            }
        }
        if let Some(started) = self.options.bench_startup {
            // The first frame is painted after its `ui` returns, so the second call marks it.
            if ctx.cumulative_pass_nr() >= 1 {
                println!(
                    "first frame painted {:.1} ms after process start",
                    started.elapsed().as_secs_f64() * 1000.0
                );
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                self.options.bench_startup = None;
            } else {
                ctx.request_repaint();
            }
        }
        self.poll_job(&ctx);
        self.poll_keychain_probe();
        self.apply_settings(&ctx);
        let busy = self.job.is_some();
        let on_monitor = matches!(self.screen, Screen::Monitor(_));
        let mut commands = UiCommand::pressed_now(&ctx);
        egui::Panel::top("menu").show(ui, |ui| menu::bar(ui, on_monitor, &mut commands));
        let commands = self.run_app_commands(commands, &ctx);
        self.show_overlays(&ctx);
        match &mut self.screen {
            Screen::Login(state) => match login::show(ui, state) {
                login::LoginAction::SignIn => self.sign_in(&ctx),
                login::LoginAction::Demo => self.spawn_job(&ctx, tr!("busy-demo"), jobs::demo()),
                login::LoginAction::None => {}
            },
            Screen::RoleWarning(_, ready) => match login::show_role_warning(ui, &ready.username) {
                login::RoleAction::Continue => {
                    if let Screen::RoleWarning(_, ready) =
                        std::mem::replace(&mut self.screen, Screen::Login(LoginState::default()))
                    {
                        self.choose_or_start(ready, &ctx);
                    }
                }
                login::RoleAction::Back => {
                    if let Screen::RoleWarning(login, ready) =
                        std::mem::replace(&mut self.screen, Screen::Login(LoginState::default()))
                    {
                        if ready.sim.is_none() {
                            self.forget_sign_in(ready.server.clone(), ready.username.clone());
                        }
                        self.screen = Screen::Login(LoginState {
                            password: String::new(),
                            busy: None,
                            ..login
                        });
                    }
                }
                login::RoleAction::None => {}
            },
            Screen::ChooseSession(ready) => {
                let choice = ready
                    .previous
                    .as_ref()
                    .map_or(login::SessionChoice::New, |p| {
                        login::show_session_choice(ui, p, busy)
                    });
                if choice != login::SessionChoice::None && !busy {
                    let fresh = self.fresh_login();
                    if let Screen::ChooseSession(ready) =
                        std::mem::replace(&mut self.screen, Screen::Login(fresh))
                    {
                        self.prepare_session(ready, choice == login::SessionChoice::Continue, &ctx);
                    }
                }
            }
            Screen::Monitor(_) => self.show_monitor(ui, &ctx, &commands),
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.options.settings);
    }

    /// Closing the window ends the session cleanly, so the next start does not report a crash.
    fn on_exit(&mut self) {
        if let Screen::Monitor(m) = &mut self.screen {
            m.shutdown_blocking(&self.runtime, Duration::from_secs(2));
        }
    }
}
