//! The sign-in screen and the missing-role warning. Signing in runs off the UI thread; this
//! screen only draws the state and says what the official asked for.

use egui::RichText;
use std::time::{Duration, SystemTime};

use crate::mt1::rest::ApiError;
use crate::tr;
use crate::ui::look::theme;

#[derive(Debug, Clone, Default)]
pub struct LoginState {
    pub server: String,
    pub username: String,
    pub password: String,
    /// What runs in the background right now, in words ("Signing in…").
    pub busy: Option<String>,
    pub error: Option<String>,
    /// Sign-in is disabled until then (API quota).
    pub quota_until: Option<SystemTime>,
    /// Keep the password in the OS keychain, so an expired sign-in renews after a restart.
    pub remember_password: bool,
    /// A keychain answers on this computer: only then is remembering offered.
    pub keychain: bool,
    /// The field that takes the keyboard on the next frame: the username when the form
    /// opens, the password after a failed sign-in (the username is kept, the password not).
    pub focus: LoginFocus,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LoginFocus {
    #[default]
    Username,
    Password,
    /// Given already: the official moves the focus from here on.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAction {
    None,
    SignIn,
    Demo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleAction {
    None,
    Continue,
    Back,
}

/// An error in the words of someone at a finish line, and until when sign-in must wait.
pub fn plain_error(e: &ApiError) -> (String, Option<SystemTime>) {
    match e {
        ApiError::BadCredentials => (tr!("error-bad-credentials"), None),
        // The cause says what to fix (and, for a certificate, that the network is not it).
        ApiError::Network(cause) if crate::mt1::net_error::is_untrusted_certificate(cause) => {
            (tr!("error-untrusted", cause = cause.as_str()), None)
        }
        ApiError::Network(cause) => (tr!("error-network", cause = cause.as_str()), None),
        ApiError::Quota { retry_after } => {
            let until = SystemTime::now() + *retry_after;
            let at = chrono::DateTime::<chrono::Local>::from(until).format("%H:%M:%S");
            (
                tr!(
                    "error-quota",
                    at = at.to_string(),
                    seconds = retry_after.as_secs()
                ),
                Some(until),
            )
        }
        ApiError::InvalidServer(m) => (tr!("error-server-address", cause = m.as_str()), None),
        ApiError::Expired(_) => (tr!("error-expired"), None),
        other => (tr!("error-server", cause = other.to_string()), None),
    }
}

/// The sign-in form's width on screen: its content (420) with the group's margins.
const FORM_WIDTH: f32 = 420.0 + 2.0 * 16.0 + 2.0;

pub fn show(ui: &mut egui::Ui, state: &mut LoginState) -> LoginAction {
    let mut action = LoginAction::None;
    let quota_wait = state
        .quota_until
        .and_then(|t| t.duration_since(SystemTime::now()).ok())
        .filter(|d| !d.is_zero());
    if quota_wait.is_some() {
        ui.ctx().request_repaint_after(Duration::from_secs(1));
    }
    let p = theme::palette(ui.ctx());
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(40.0);
                ui.heading(RichText::new(tr!("app-title")).size(30.0));
                ui.label(tr!("login-tagline"));
                ui.add_space(20.0);
            });
            // Centred under the title: the form's width (420 + margins) in the middle.
            let left = ((ui.available_width() - FORM_WIDTH) / 2.0).max(0.0);
            ui.horizontal_top(|ui| {
                ui.add_space(left);
                ui.vertical(|ui| {
                    egui::Frame::group(ui.style())
                        .inner_margin(16.0)
                        .show(ui, |ui| {
                            ui.set_max_width(420.0);
                            if fields_section(ui, state) {
                                action = LoginAction::SignIn;
                            }
                            if state.keychain {
                                ui.checkbox(&mut state.remember_password, tr!("login-remember"))
                                    .on_hover_text(tr!("login-remember-hint"));
                            }
                            ui.collapsing(tr!("login-advanced"), |ui| {
                                ui.horizontal(|ui| {
                                    let l = ui.label(tr!("login-server"));
                                    ui.add(
                                        egui::TextEdit::singleline(&mut state.server)
                                            .desired_width(300.0),
                                    )
                                    .labelled_by(l.id);
                                });
                            });
                            ui.add_space(8.0);
                            if sign_in_row(ui, state, quota_wait, p) {
                                action = LoginAction::SignIn;
                            }
                            if let Some(e) = &state.error {
                                ui.add_space(6.0);
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(RichText::new("✖").color(p.lost).strong());
                                    ui.label(RichText::new(e).color(p.lost).strong());
                                });
                            }
                            ui.separator();
                            ui.horizontal(|ui| {
                                ui.label(tr!("login-no-account"));
                                if ui
                                    .add_enabled(
                                        state.busy.is_none(),
                                        egui::Button::new(tr!("login-demo")),
                                    )
                                    .clicked()
                                {
                                    action = LoginAction::Demo;
                                }
                            });
                        });
                });
            });
        });
    });
    if action == LoginAction::SignIn && state.busy.is_some() {
        action = LoginAction::None;
    }
    action
}

pub fn show_role_warning(ui: &mut egui::Ui, username: &str) -> RoleAction {
    let mut action = RoleAction::None;
    let p = theme::palette(ui.ctx());
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(40.0);
        egui::Frame::new()
            .fill(p.caution_fill)
            .inner_margin(16.0)
            .corner_radius(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("⚠").size(22.0).color(p.caution_text));
                    ui.label(
                        RichText::new(tr!("role-title"))
                            .size(22.0)
                            .strong()
                            .color(p.caution_text),
                    );
                });
                ui.add_space(6.0);
                ui.label(
                    RichText::new(tr!("role-signed-in-as", username = username))
                        .color(p.caution_text),
                );
                ui.label(RichText::new(tr!("role-warning")).color(p.caution_text));
            });
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button(tr!("role-continue")).clicked() {
                action = RoleAction::Continue;
            }
            if ui.button(tr!("role-back")).clicked() {
                action = RoleAction::Back;
            }
        });
    });
    action
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChoice {
    None,
    Continue,
    New,
}

/// The account has a journal session already: continue it, or start a new one.
pub fn show_session_choice(
    ui: &mut egui::Ui,
    previous: &crate::journal::SessionInfo,
    busy: bool,
) -> SessionChoice {
    let mut choice = SessionChoice::None;
    let p = theme::palette(ui.ctx());
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(40.0);
        ui.heading(RichText::new(tr!("session-choice-title")).size(24.0));
        ui.add_space(8.0);
        let started = chrono::DateTime::<chrono::Local>::from(
            crate::model::time::ticks_to_system_time(previous.started),
        );
        let language = crate::ui::look::i18n::language();
        ui.label(tr!(
            "session-choice-summary",
            session = previous.id,
            username = previous.username.as_str(),
            started = format!(
                "{} {}",
                started.format(language.date_format()),
                started.format("%H:%M")
            ),
            triggers = previous.triggers
        ));
        if previous.unclean() {
            ui.add_space(6.0);
            egui::Frame::new()
                .fill(p.caution_fill)
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(format!("⚠ {}", tr!("session-choice-unclean")))
                            .color(p.caution_text),
                    );
                });
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let continue_button = ui.add_enabled(
                !busy,
                egui::Button::new(tr!("session-continue", session = previous.id)),
            );
            // Enter or Space continues: the keyboard starts on the choice most often right.
            if !busy && ui.memory(|m| m.focused().is_none()) {
                continue_button.request_focus();
            }
            if continue_button.clicked() {
                choice = SessionChoice::Continue;
            }
            if ui
                .add_enabled(!busy, egui::Button::new(tr!("session-new")))
                .clicked()
            {
                choice = SessionChoice::New;
            }
            if busy {
                ui.spinner();
            }
        });
    });
    choice
}

/// *Sign in* (while nothing runs and the quota allows), what is running, the quota's wait.
/// Returns whether it was clicked.
fn sign_in_row(
    ui: &mut egui::Ui,
    state: &LoginState,
    quota_wait: Option<Duration>,
    p: &theme::Palette,
) -> bool {
    let mut submit = false;
    ui.horizontal(|ui| {
        let ready =
            state.busy.is_none() && quota_wait.is_none() && !state.username.trim().is_empty();
        if ui
            .add_enabled(
                ready,
                egui::Button::new(RichText::new(tr!("login-sign-in")).size(18.0)),
            )
            .clicked()
        {
            submit = true;
        }
        if let Some(busy) = &state.busy {
            ui.spinner();
            ui.label(busy);
        }
        if let Some(wait) = quota_wait {
            ui.label(
                RichText::new(tr!("login-quota-wait", seconds = wait.as_secs() + 1)).color(p.warn),
            );
        }
    });
    submit
}

/// Username and password; returns whether Enter was pressed in the password.
fn fields_section(ui: &mut egui::Ui, state: &mut LoginState) -> bool {
    let mut submit = false;
    egui::Grid::new("login")
        .num_columns(2)
        .spacing([12.0, 10.0])
        .show(ui, |ui| {
            let l = ui.label(tr!("login-username"));
            let user = ui
                .add(egui::TextEdit::singleline(&mut state.username).desired_width(260.0))
                .labelled_by(l.id);
            if state.focus == LoginFocus::Username {
                user.request_focus();
                state.focus = LoginFocus::Done;
            }
            ui.end_row();
            let l = ui.label(tr!("login-password"));
            let pw = ui
                .add(
                    egui::TextEdit::singleline(&mut state.password)
                        .password(true)
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
            if state.focus == LoginFocus::Password {
                pw.request_focus();
                state.focus = LoginFocus::Done;
            }
            if pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                submit = true;
            }
            ui.end_row();
        });
    submit
}
