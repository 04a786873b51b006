//! The monitor screen's panels: toolbar, link banner, devices, filter bar, status bar.

use egui::{Color32, RichText};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use super::commands::UiCommand;
use super::monitor_state::{ExportOutcome, MonitorState};
use super::{table_view, theme};
use crate::model::trigger::{channel_label, DeviceId};
use crate::mt1::account::MISSING_ROLE_WARNING;
use crate::session::ConnectionState;

/// What the screen asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitorAction {
    None,
    SignOut,
}

pub struct Env<'a> {
    pub runtime: &'a tokio::runtime::Handle,
    pub export_path: Option<PathBuf>,
}

fn light(ui: &mut egui::Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 6.0, color);
}

fn link_color(state: &MonitorState) -> Color32 {
    match &state.connection {
        ConnectionState::Live => theme::LIVE,
        ConnectionState::QuotaPaused {
            push_live: true, ..
        } => theme::WARN,
        ConnectionState::Connecting if !state.ever_live => theme::IDLE,
        _ => theme::LOST,
    }
}

pub fn show(ui: &mut egui::Ui, state: &mut MonitorState, env: &Env<'_>) -> MonitorAction {
    let now = Instant::now();
    let mut action = MonitorAction::None;
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("MT1 Monitor");
            ui.label(RichText::new(format!("{} · {}", state.username, state.server)).weak());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let label = if state.demo { "Leave demo" } else { "Sign out" };
                if ui.button(label).clicked() {
                    action = MonitorAction::SignOut;
                }
                ui.separator();
                export_controls(ui, state, env);
            });
        });
    });
    if UiCommand::ReconnectNow.pressed(ui.ctx()) && reconnecting(state) {
        state.reconnect_now();
    }
    banners(ui, state);
    sign_in_prompt(ui.ctx(), state);
    egui::Panel::bottom("status").show(ui, |ui| status_bar(ui, state));
    egui::Panel::left("devices")
        .default_size(230.0)
        .show(ui, |ui| devices(ui, state, now));
    egui::CentralPanel::default().show(ui, |ui| {
        filter_bar(ui, state);
        ui.separator();
        table_view::show(
            ui,
            &mut state.table,
            &state.device_names,
            &mut state.follow,
            now,
        );
    });
    action
}

/// The link waits before its next attempt: *Reconnect now* can skip the wait.
fn reconnecting(state: &MonitorState) -> bool {
    matches!(state.connection, ConnectionState::Reconnecting { .. })
}

/// Over the monitor, while the session waits for a new sign-in: the username is filled, the
/// password focused, Enter signs in. The table and the banner stay visible behind it.
fn sign_in_prompt(ctx: &egui::Context, state: &mut MonitorState) {
    let reason = match &state.connection {
        ConnectionState::SignInNeeded { reason } => reason.clone(),
        _ => String::new(),
    };
    let username = state.username.clone();
    let Some(prompt) = &mut state.sign_in_prompt else {
        return;
    };
    let mut submit = false;
    egui::Window::new("Sign in again")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(
                RichText::new("Your ALGE Results sign-in has expired. Live triggers have stopped until you sign in.")
                    .strong(),
            );
            if !reason.is_empty() {
                ui.label(RichText::new(format!("Reason: {reason}")).weak());
            }
            ui.label("Nothing is lost: after signing in, the triggers made meanwhile are read from history into this session.");
            ui.add_space(6.0);
            egui::Grid::new("sign-in-again")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label("Username");
                    ui.label(RichText::new(&username).strong()).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Password");
                    let field = ui
                        .add_enabled(
                            !prompt.busy,
                            egui::TextEdit::singleline(&mut prompt.password)
                                .password(true)
                                .desired_width(240.0),
                        )
                        .labelled_by(l.id);
                    // Until the field has had the focus once (a window that is still
                    // appearing may not take it on its first frame); then the official's.
                    if field.has_focus() {
                        prompt.focused = true;
                    } else if !prompt.focused {
                        field.request_focus();
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        submit = true;
                    }
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                let ready = !prompt.busy && !prompt.password.is_empty();
                if ui.add_enabled(ready, egui::Button::new("Sign in")).clicked() {
                    submit = true;
                }
                if prompt.busy {
                    ui.spinner();
                    ui.label("Signing in…");
                }
            });
            if let Some(e) = &prompt.error {
                ui.label(RichText::new(e).color(theme::LOST).strong());
            }
        });
    if submit {
        state.submit_sign_in();
    }
}

fn banners(ui: &mut egui::Ui, state: &mut MonitorState) {
    let now = SystemTime::now();
    let lost = match &state.connection {
        ConnectionState::Reconnecting { .. }
        | ConnectionState::SignInNeeded { .. }
        | ConnectionState::SignedOut { .. }
        | ConnectionState::Stopped => true,
        ConnectionState::Connecting => state.ever_live,
        _ => false,
    };
    if lost {
        egui::Panel::top("link-lost")
            .frame(egui::Frame::new().fill(theme::LOST).inner_margin(10.0))
            .show(ui, |ui| {
                let text = match &state.connection {
                    ConnectionState::SignInNeeded { .. } => "NOT RECEIVING TRIGGERS — SIGN-IN NEEDED. Sign in again in the window below; triggers made meanwhile will be read from history.".to_owned(),
                    ConnectionState::SignedOut { reason } => format!("NOT RECEIVING TRIGGERS — signed out: {reason}. Sign in again."),
                    other => format!(
                        "LIVE LINK LOST — {}. Triggers made meanwhile will be recovered from history.",
                        other.describe(now)
                    ),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(text).color(Color32::WHITE).strong().size(18.0));
                    if reconnecting(state) {
                        let button = egui::Button::new(
                            RichText::new(UiCommand::ReconnectNow.label()).strong().size(16.0),
                        );
                        if ui
                            .add(button)
                            .on_hover_text(UiCommand::ReconnectNow.tooltip(ui.ctx()))
                            .clicked()
                        {
                            state.reconnect_now();
                        }
                    }
                });
            });
    }
    if let ConnectionState::QuotaPaused { .. } = &state.connection {
        egui::Panel::top("quota")
            .frame(egui::Frame::new().fill(theme::WARN).inner_margin(8.0))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(state.connection.describe(now))
                        .color(Color32::BLACK)
                        .strong(),
                );
            });
    }
    if let Some(e) = &state.journal_error {
        egui::Panel::top("journal")
            .frame(egui::Frame::new().fill(theme::LOST).inner_margin(10.0))
            .show(ui, |ui| {
                let text = format!(
                    "JOURNAL NOT WRITING — triggers are kept in memory and saved when it can: {e}"
                );
                ui.label(
                    RichText::new(text)
                        .color(Color32::WHITE)
                        .strong()
                        .size(16.0),
                );
            });
    }
    if state.missing_role {
        egui::Panel::top("role")
            .frame(egui::Frame::new().fill(theme::WARN).inner_margin(8.0))
            .show(ui, |ui| {
                ui.label(RichText::new(MISSING_ROLE_WARNING).color(Color32::BLACK));
            });
    }
}

fn export_controls(ui: &mut egui::Ui, state: &mut MonitorState, env: &Env<'_>) {
    state.poll_export();
    if let Some(job) = &state.export.job {
        let done = job.progress.load(Ordering::Relaxed);
        let fraction = if job.total == 0 {
            1.0
        } else {
            done as f32 / job.total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(160.0)
                .text(format!("Exporting {done}/{}", job.total)),
        );
    } else {
        let ctx = ui.ctx().clone();
        if ui.button("Export CSV…").clicked() {
            state.start_export(env.runtime, env.export_path.clone(), move || {
                ctx.request_repaint()
            });
        }
    }
    ui.checkbox(&mut state.export.excel, "Excel (;)")
        .on_hover_text("Semicolon-separated with a UTF-8 mark, for Excel in European locales");
    ui.checkbox(&mut state.export.only_shown, "Only shown rows")
        .on_hover_text("Export what the filter shows instead of every trigger");
    match &state.export.last {
        Some(ExportOutcome::Written { path, rows }) => {
            ui.label(
                RichText::new(format!("Exported {rows} to {}", path.display())).color(theme::LIVE),
            );
        }
        Some(ExportOutcome::Failed(e)) => {
            ui.label(
                RichText::new(format!(
                    "Export failed: {e} — nothing is lost; try another place"
                ))
                .color(theme::LOST),
            );
        }
        Some(ExportOutcome::Cancelled) => {
            // Without a desktop portal the save dialog cannot open and looks like a cancel:
            // offer a place that needs no dialog, so the results can always leave the laptop.
            if let Some(path) = documents_export_path() {
                let ctx = ui.ctx().clone();
                if ui
                    .button("Save to Documents")
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    state.start_export(env.runtime, Some(path), move || ctx.request_repaint());
                }
            }
            ui.label(RichText::new("No file chosen").weak());
        }
        None => {}
    }
}

fn devices(ui: &mut egui::Ui, state: &mut MonitorState, now: Instant) {
    ui.heading("Devices");
    if state.devices.is_empty() {
        ui.label(RichText::new("waiting for the device list…").weak());
    }
    let color = link_color(state);
    let mut toggled: Option<(DeviceId, bool)> = None;
    for d in &state.devices {
        ui.horizontal(|ui| {
            light(ui, color);
            let mut shown = !state.table.filter().hidden_devices.contains(&d.device.id);
            if ui.checkbox(&mut shown, d.device.label()).changed() {
                toggled = Some((d.device.id.clone(), shown));
            }
        });
        let last = d.last_trigger.map_or_else(
            || "no trigger yet".to_owned(),
            |t| format!("last trigger {} s ago", now.duration_since(t).as_secs()),
        );
        ui.label(RichText::new(last).weak().small());
        for ((_, channel), c) in state
            .completeness
            .range((d.device.id.clone(), 0)..=(d.device.id.clone(), u16::MAX))
        {
            if c.server.unwrap_or(0) == 0 && c.here.triggers == 0 {
                continue; // a channel this device does not use
            }
            let server = c.server.map_or_else(|| "?".into(), |n| n.to_string());
            let here = if c.server.is_some_and(|n| n == c.here.records) {
                c.here.records
            } else {
                c.here.triggers
            };
            let text = format!("{}  server {server} · here {here}", channel_label(*channel));
            let color = if c.mismatch {
                theme::WARN
            } else {
                ui.visuals().weak_text_color()
            };
            let label = ui.label(RichText::new(text).small().color(color));
            if c.mismatch {
                label.on_hover_text("The server counts a different number of triggers even after a full history read.");
            }
        }
        ui.add_space(4.0);
    }
    if let Some((id, shown)) = toggled {
        state.table.edit_filter(|f| {
            if shown {
                f.hidden_devices.remove(&id);
            } else {
                f.hidden_devices.insert(id);
            }
        });
    }
    ui.add_space(8.0);
    ui.label(
        RichText::new("Unticked devices are still recorded and exported with “everything”.")
            .weak()
            .small(),
    );
}

fn filter_bar(ui: &mut egui::Ui, state: &mut MonitorState) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        let mut text = state.table.filter().text.clone();
        let edit = ui.add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("bib, device, time, state…")
                .desired_width(200.0),
        );
        let edit = edit.labelled_by(label.id);
        if edit.changed() {
            state.table.edit_filter(|f| f.text = text);
        }
        let mut channel = state.table.filter().channel;
        let channels: std::collections::BTreeSet<u16> = (0..4).chain(channel).collect();
        egui::ComboBox::from_label("Channel")
            .selected_text(channel.map_or_else(|| "all".to_owned(), channel_label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut channel, None, "all");
                for c in channels {
                    ui.selectable_value(&mut channel, Some(c), channel_label(c));
                }
            });
        if channel != state.table.filter().channel {
            state.table.edit_filter(|f| f.channel = channel);
        }
        if state.table.filter().is_active() && ui.button("Clear filter").clicked() {
            state.table.edit_filter(|f| {
                f.text.clear();
                f.channel = None;
                f.hidden_devices.clear();
            });
        }
        ui.separator();
        let shown = state.table.view_len();
        ui.label(format!("{shown} of {} shown", state.table.len()));
        ui.separator();
        if state.follow.on {
            light(ui, theme::LIVE);
            ui.label(RichText::new("following newest").color(theme::LIVE));
        } else {
            let text = format!(
                "Paused — {} new · Resume following",
                state.follow.new_while_paused
            );
            if ui.button(RichText::new(text).color(theme::WARN)).clicked() {
                state.follow.resume();
            }
        }
    });
}

fn status_bar(ui: &mut egui::Ui, state: &MonitorState) {
    ui.horizontal(|ui| {
        light(ui, link_color(state));
        let text = state.connection.describe(SystemTime::now());
        ui.label(
            RichText::new(text.to_uppercase())
                .strong()
                .color(link_color(state)),
        );
        ui.separator();
        ui.label(format!(
            "{} triggers · {} recovered from history",
            state.table.len(),
            state.table.from_history
        ));
        if let Some((at, e)) = &state.last_error {
            ui.separator();
            let ago = SystemTime::now()
                .duration_since(*at)
                .unwrap_or_default()
                .as_secs();
            ui.label(RichText::new(format!("last problem ({ago} s ago): {e}")).color(theme::WARN))
                .on_hover_text(format!("{} problem(s) since start", state.problems));
        }
    });
}

/// `~/Documents/mt1-triggers-<date>-<time>.csv` (or in the home folder if there is none).
fn documents_export_path() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    let dir = dirs.document_dir().unwrap_or(dirs.home_dir()).to_owned();
    Some(dir.join(format!(
        "mt1-triggers-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    )))
}
