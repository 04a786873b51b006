//! The sign-in screen and the missing-role warning. Signing in runs off the UI thread; this
//! screen only draws the state and says what the official asked for.

use egui::{Color32, RichText};
use std::time::{Duration, SystemTime};

use super::theme;
use crate::mt1::account::MISSING_ROLE_WARNING;
use crate::mt1::rest::ApiError;

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
        ApiError::BadCredentials => ("Wrong username or password.".into(), None),
        // The cause says what to fix (and, for a certificate, that the network is not it).
        ApiError::Network(cause) if crate::mt1::net_error::is_untrusted_certificate(cause) => {
            (format!("No secure connection to the server: {cause}."), None)
        }
        ApiError::Network(cause) => (
            format!("No connection to the server ({cause}). Check the network, and the server address under Advanced."),
            None,
        ),
        ApiError::Quota { retry_after } => {
            let until = SystemTime::now() + *retry_after;
            let at = chrono::DateTime::<chrono::Local>::from(until).format("%H:%M:%S");
            (
                format!("The ALGE Results API quota is reached. Try again at {at} (in {} s).", retry_after.as_secs()),
                Some(until),
            )
        }
        ApiError::InvalidServer(m) => (format!("Server address: {m}"), None),
        ApiError::Expired(_) => ("Your sign-in has expired. Please sign in again.".into(), None),
        other => (format!("The server reported an error: {other}"), None),
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut LoginState) -> LoginAction {
    let mut action = LoginAction::None;
    let quota_wait = state
        .quota_until
        .and_then(|t| t.duration_since(SystemTime::now()).ok())
        .filter(|d| !d.is_zero());
    if quota_wait.is_some() {
        ui.ctx().request_repaint_after(Duration::from_secs(1));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(60.0);
            ui.heading(RichText::new("MT1 Monitor").size(30.0));
            ui.label("Live triggers from your ALGE-Timing MT1 devices (ALGE Results)");
            ui.add_space(24.0);
        });
        egui::Frame::group(ui.style())
            .inner_margin(16.0)
            .show(ui, |ui| {
                ui.set_max_width(420.0);
                egui::Grid::new("login")
                    .num_columns(2)
                    .spacing([12.0, 10.0])
                    .show(ui, |ui| {
                        let l = ui.label("Username");
                        ui.add(
                            egui::TextEdit::singleline(&mut state.username).desired_width(260.0),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label("Password");
                        let pw = ui
                            .add(
                                egui::TextEdit::singleline(&mut state.password)
                                    .password(true)
                                    .desired_width(260.0),
                            )
                            .labelled_by(l.id);
                        if pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            action = LoginAction::SignIn;
                        }
                        ui.end_row();
                    });
                if state.keychain {
                    ui.checkbox(
                        &mut state.remember_password,
                        "Remember password on this computer",
                    )
                    .on_hover_text(
                        "Kept in this computer's keychain (never in a file), so an expired sign-in \
                         renews by itself, also after a restart. Sign out forgets it.",
                    );
                }
                ui.collapsing("Advanced", |ui| {
                    ui.horizontal(|ui| {
                        let l = ui.label("Server");
                        ui.add(egui::TextEdit::singleline(&mut state.server).desired_width(300.0))
                            .labelled_by(l.id);
                    });
                });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    let ready = state.busy.is_none()
                        && quota_wait.is_none()
                        && !state.username.trim().is_empty();
                    if ui
                        .add_enabled(
                            ready,
                            egui::Button::new(RichText::new("Sign in").size(18.0)),
                        )
                        .clicked()
                    {
                        action = LoginAction::SignIn;
                    }
                    if let Some(busy) = &state.busy {
                        ui.spinner();
                        ui.label(busy);
                    }
                    if let Some(wait) = quota_wait {
                        ui.label(
                            RichText::new(format!("quota: wait {} s", wait.as_secs() + 1))
                                .color(theme::WARN),
                        );
                    }
                });
                if let Some(e) = &state.error {
                    ui.add_space(6.0);
                    ui.label(RichText::new(e).color(theme::LOST).strong());
                }
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label("No account at hand?");
                    if ui
                        .add_enabled(state.busy.is_none(), egui::Button::new("Try the demo"))
                        .clicked()
                    {
                        action = LoginAction::Demo;
                    }
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
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(40.0);
        egui::Frame::new()
            .fill(theme::WARN)
            .inner_margin(16.0)
            .corner_radius(6.0)
            .show(ui, |ui| {
                ui.label(
                    RichText::new("Timekeeper feature not enabled")
                        .size(22.0)
                        .strong()
                        .color(Color32::BLACK),
                );
                ui.add_space(6.0);
                ui.label(RichText::new(format!("Signed in as {username}.")).color(Color32::BLACK));
                ui.label(RichText::new(MISSING_ROLE_WARNING).color(Color32::BLACK));
            });
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button("Continue anyway").clicked() {
                action = RoleAction::Continue;
            }
            if ui.button("Back to sign-in").clicked() {
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
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(40.0);
        ui.heading(RichText::new("Continue the last session?").size(24.0));
        ui.add_space(8.0);
        let started = chrono::DateTime::<chrono::Local>::from(crate::model::time::ticks_to_system_time(previous.started));
        ui.label(format!(
            "Session {} of {} started {} and holds {} trigger(s).",
            previous.id,
            previous.username,
            started.format("%Y-%m-%d %H:%M"),
            previous.triggers
        ));
        if previous.unclean() {
            ui.add_space(6.0);
            egui::Frame::new().fill(theme::WARN).inner_margin(10.0).show(ui, |ui| {
                ui.label(
                    RichText::new("mt1-monitor did not close cleanly last time (it was killed or crashed). Continuing the session reads the gap from history.")
                        .color(Color32::BLACK),
                );
            });
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(!busy, egui::Button::new(format!("Continue session {}", previous.id))).clicked() {
                choice = SessionChoice::Continue;
            }
            if ui.add_enabled(!busy, egui::Button::new("Start a new session")).clicked() {
                choice = SessionChoice::New;
            }
            if busy {
                ui.spinner();
            }
        });
    });
    choice
}
