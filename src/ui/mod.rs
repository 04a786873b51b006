//! The desktop app (eframe/egui). It imports the core; nothing in the core imports it. The
//! session task reaches it only through its channel and `Context::request_repaint`; every
//! network or disk job runs on the tokio runtime and reports back through a oneshot.

mod login;
mod monitor;
mod monitor_view;
mod table;
mod table_state;
mod theme;

pub use login::{plain_error, LoginState};
pub use monitor::{ExportOutcome, MonitorState};
pub use table_state::{Filter, SortColumn, TriggerTable};

use serde::{Deserialize, Serialize};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

use crate::mt1::account::{Credentials, Token, User};
use crate::mt1::rest::{Mt1Client, DEFAULT_SERVER};
use crate::session::{self, ConnectionState, DeviceSelection, SessionConfig, SessionTiming};
use crate::sim::{Rhythm, SimConfig, Simulator};
use crate::storage::TokenStore;

const SETTINGS_KEY: &str = "mt1-monitor";

/// What is remembered between runs (with the window size, by eframe). Never the password.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Settings {
    pub server: String,
    pub username: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: DEFAULT_SERVER.into(),
            username: String::new(),
        }
    }
}

pub struct AppOptions {
    pub demo: bool,
    /// `None`: no token is stored (the platform had no config dir).
    pub token_store: Option<TokenStore>,
    /// Export here instead of asking with a save dialog (tests, automation).
    pub export_path: Option<PathBuf>,
    pub settings: Settings,
}

/// A signed-in account ready for the monitor.
struct Ready {
    server: String,
    username: String,
    token: Token,
    user: User,
    credentials: Option<Credentials>,
    sim: Option<Simulator>,
}

enum JobResult {
    Ready(Box<Ready>),
    Failed {
        message: String,
        quota_until: Option<std::time::SystemTime>,
    },
    /// No stored sign-in, or it expired: show the sign-in screen (with a note if expired).
    SignInNeeded(Option<String>),
}

enum Screen {
    Login(LoginState),
    RoleWarning(LoginState, Box<Ready>),
    Monitor(Box<MonitorState>),
}

pub struct MonitorApp {
    runtime: tokio::runtime::Handle,
    options: AppOptions,
    screen: Screen,
    job: Option<oneshot::Receiver<JobResult>>,
    /// The demo's simulator lives as long as the monitor that follows it.
    sim: Option<Simulator>,
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
        let login = LoginState {
            server: options.settings.server.clone(),
            username: options.settings.username.clone(),
            ..LoginState::default()
        };
        let mut app = Self {
            runtime,
            options,
            screen: Screen::Login(login),
            job: None,
            sim: None,
        };
        if app.options.demo {
            app.start_demo(ctx);
        } else if !app.options.settings.username.is_empty() {
            app.restore(ctx);
        }
        app
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
        busy: &str,
        job: impl Future<Output = JobResult> + Send + 'static,
    ) {
        if let Some(l) = self.login_mut() {
            l.busy = Some(busy.into());
            l.error = None;
        }
        let (tx, rx) = oneshot::channel();
        let ctx = ctx.clone();
        self.runtime.spawn(async move {
            let _ = tx.send(job.await);
            ctx.request_repaint();
        });
        self.job = Some(rx);
    }

    /// Start-up with a remembered username: check the stored token with `user/current`.
    fn restore(&mut self, ctx: &egui::Context) {
        let Some(store) = self.options.token_store.clone() else {
            return;
        };
        let Settings { server, username } = self.options.settings.clone();
        self.spawn_job(ctx, "Checking the saved sign-in…", async move {
            let (s, u) = (server.clone(), username.clone());
            let token = match tokio::task::spawn_blocking(move || store.load(&s, &u)).await {
                Ok(Ok(Some(t))) => t,
                Ok(Err(e)) => return JobResult::SignInNeeded(Some(e.to_string())),
                _ => return JobResult::SignInNeeded(None),
            };
            let checked = match Mt1Client::new(&server) {
                Ok(client) => client.current_user(&token).await,
                Err(e) => Err(e),
            };
            match checked {
                Ok(user) => JobResult::Ready(Box::new(Ready {
                    server,
                    username,
                    token,
                    user,
                    credentials: None,
                    sim: None,
                })),
                Err(e) if e.is_expired() => JobResult::SignInNeeded(Some(
                    "Your sign-in has expired. Please sign in again.".into(),
                )),
                Err(e) => {
                    let (message, quota_until) = plain_error(&e);
                    JobResult::Failed {
                        message,
                        quota_until,
                    }
                }
            }
        });
    }

    fn sign_in(&mut self, ctx: &egui::Context) {
        let Some(l) = self.login_mut() else { return };
        let (server, username, password) = (
            l.server.trim().to_owned(),
            l.username.trim().to_owned(),
            std::mem::take(&mut l.password),
        );
        self.options.settings = Settings {
            server: server.clone(),
            username: username.clone(),
        };
        let store = self.options.token_store.clone();
        self.spawn_job(ctx, "Signing in…", async move {
            let client = match Mt1Client::new(&server) {
                Ok(c) => c,
                Err(e) => return failed(&e),
            };
            match client.login(&username, &password).await {
                Ok(s) => {
                    if let Some(store) = store {
                        let (sv, u, t) = (server.clone(), username.clone(), s.token.clone());
                        match tokio::task::spawn_blocking(move || store.save(&sv, &u, &t)).await {
                            Ok(Err(e)) => tracing::warn!("sign-in not remembered: {e}"),
                            Err(e) => tracing::warn!("sign-in not remembered: {e}"),
                            Ok(Ok(())) => {}
                        }
                    }
                    let credentials = Some(Credentials {
                        username: username.clone(),
                        password,
                    });
                    JobResult::Ready(Box::new(Ready {
                        server,
                        username,
                        token: s.token,
                        user: s.user,
                        credentials,
                        sim: None,
                    }))
                }
                Err(e) => failed(&e),
            }
        });
    }

    fn start_demo(&mut self, ctx: &egui::Context) {
        self.spawn_job(ctx, "Starting the demo simulator…", async {
            let mut sim = match Simulator::start(SimConfig::default(), 0).await {
                Ok(s) => s,
                Err(e) => {
                    return JobResult::Failed {
                        message: format!("The demo could not start: {e}"),
                        quota_until: None,
                    }
                }
            };
            let rhythm = sim.seed_history(&Rhythm::default(), Duration::from_secs(15 * 60));
            sim.start_rhythm(rhythm);
            let server = sim.base_url();
            let client = match Mt1Client::new(&server) {
                Ok(c) => c,
                Err(e) => return failed(&e),
            };
            match client.login("demo", "demo").await {
                Ok(s) => JobResult::Ready(Box::new(Ready {
                    server,
                    username: "demo".into(),
                    token: s.token,
                    user: s.user,
                    credentials: Some(Credentials {
                        username: "demo".into(),
                        password: "demo".into(),
                    }),
                    sim: Some(sim),
                })),
                Err(e) => failed(&e),
            }
        });
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(rx) = &mut self.job else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(oneshot::error::TryRecvError::Empty) => return,
            Err(oneshot::error::TryRecvError::Closed) => JobResult::Failed {
                message: "The background task stopped unexpectedly.".into(),
                quota_until: None,
            },
        };
        self.job = None;
        if let Some(l) = self.login_mut() {
            l.busy = None;
        }
        match result {
            JobResult::Ready(ready) if !ready.user.is_timekeeper() => {
                let login = self.login_mut().cloned().unwrap_or_default();
                self.screen = Screen::RoleWarning(login, ready);
            }
            JobResult::Ready(ready) => self.start_monitor(ready, ctx),
            JobResult::Failed {
                message,
                quota_until,
            } => {
                if let Some(l) = self.login_mut() {
                    l.error = Some(message);
                    l.quota_until = quota_until;
                }
            }
            JobResult::SignInNeeded(note) => {
                if let Some(l) = self.login_mut() {
                    l.error = note;
                }
            }
        }
    }

    fn start_monitor(&mut self, ready: Box<Ready>, ctx: &egui::Context) {
        let ready = *ready;
        let demo = ready.sim.is_some();
        let config = SessionConfig {
            server: ready.server.clone(),
            token: ready.token,
            user: ready.user.clone(),
            credentials: ready.credentials,
            devices: DeviceSelection::All,
            channels: vec![0, 1, 2, 3],
            // Today's triggers: an official opening the app mid-race sees the race so far.
            since_ms: if demo {
                None
            } else {
                Some(local_midnight_ms())
            },
            timing: SessionTiming::default(),
        };
        let repaint_ctx = ctx.clone();
        let notify: session::Notifier = Arc::new(move || repaint_ctx.request_repaint());
        match session::spawn(config, Some(notify), &self.runtime) {
            Ok(handle) => {
                self.sim = ready.sim;
                self.screen = Screen::Monitor(Box::new(MonitorState::new(
                    ready.server,
                    ready.username,
                    ready.user,
                    handle,
                    demo,
                )));
            }
            Err(e) => {
                let (message, _) = plain_error(&e);
                self.screen = Screen::Login(LoginState {
                    error: Some(message),
                    ..self.fresh_login()
                });
            }
        }
    }

    fn fresh_login(&self) -> LoginState {
        LoginState {
            server: self.options.settings.server.clone(),
            username: self.options.settings.username.clone(),
            ..LoginState::default()
        }
    }

    fn sign_out(&mut self) {
        if let Screen::Monitor(m) = &self.screen {
            m.stop();
            if let (Some(store), false) = (self.options.token_store.clone(), m.demo) {
                let (server, username) = (m.server.clone(), m.username.clone());
                self.runtime.spawn_blocking(move || {
                    if let Err(e) = store.delete(&server, &username) {
                        tracing::warn!("could not forget the sign-in: {e}");
                    }
                });
            }
        }
        self.sim = None;
        self.screen = Screen::Login(self.fresh_login());
    }

    fn store_renewed_token(&mut self) {
        let Screen::Monitor(m) = &mut self.screen else {
            return;
        };
        let (Some(token), Some(store)) = (m.renewed_token.take(), self.options.token_store.clone())
        else {
            return;
        };
        if m.demo {
            return;
        }
        let (server, username) = (m.server.clone(), m.username.clone());
        self.runtime.spawn_blocking(move || {
            if let Err(e) = store.save(&server, &username, &token) {
                tracing::warn!("renewed sign-in not remembered: {e}");
            }
        });
    }

    /// The monitor state, for tests and benchmarks.
    pub fn monitor(&mut self) -> Option<&mut MonitorState> {
        match &mut self.screen {
            Screen::Monitor(m) => Some(m),
            _ => None,
        }
    }
}

fn failed(e: &crate::mt1::rest::ApiError) -> JobResult {
    let (message, quota_until) = plain_error(e);
    JobResult::Failed {
        message,
        quota_until,
    }
}

fn local_midnight_ms() -> i64 {
    use chrono::TimeZone;
    let today = chrono::Local::now().date_naive();
    today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| chrono::Local.from_local_datetime(&t).earliest())
        .map_or_else(
            || chrono::Utc::now().timestamp_millis() - 86_400_000,
            |t| t.timestamp_millis(),
        )
}

impl eframe::App for MonitorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_job(&ctx);
        match &mut self.screen {
            Screen::Login(state) => match login::show(ui, state) {
                login::LoginAction::SignIn => self.sign_in(&ctx),
                login::LoginAction::Demo => self.start_demo(&ctx),
                login::LoginAction::None => {}
            },
            Screen::RoleWarning(_, ready) => {
                let username = ready.username.clone();
                match login::show_role_warning(ui, &username) {
                    login::RoleAction::Continue => {
                        if let Screen::RoleWarning(_, ready) = std::mem::replace(
                            &mut self.screen,
                            Screen::Login(LoginState::default()),
                        ) {
                            self.start_monitor(ready, &ctx);
                        }
                    }
                    login::RoleAction::Back => self.sign_out_of_warning(),
                    login::RoleAction::None => {}
                }
            }
            Screen::Monitor(state) => {
                state.pump(Instant::now());
                let env = monitor_view::Env {
                    runtime: &self.runtime,
                    export_path: self.options.export_path.clone(),
                };
                let action = monitor_view::show(ui, state, &env);
                // Clocks ("N s ago", reconnect countdowns) tick even when nothing arrives.
                ctx.request_repaint_after(Duration::from_millis(500));
                if matches!(state.connection, ConnectionState::SignedOut { .. }) {
                    self.options.settings.username = state.username.clone();
                }
                self.store_renewed_token();
                if action == monitor_view::MonitorAction::SignOut {
                    self.sign_out();
                }
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.options.settings);
    }
}

impl MonitorApp {
    fn sign_out_of_warning(&mut self) {
        if let Screen::RoleWarning(login, ready) =
            std::mem::replace(&mut self.screen, Screen::Login(LoginState::default()))
        {
            if let (Some(store), None) = (self.options.token_store.clone(), &ready.sim) {
                let (server, username) = (ready.server.clone(), ready.username.clone());
                self.runtime
                    .spawn_blocking(move || store.delete(&server, &username));
            }
            self.screen = Screen::Login(LoginState {
                password: String::new(),
                busy: None,
                ..login
            });
        }
    }
}
