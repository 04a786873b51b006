//! The monitor screen's panels: toolbar, banners, devices, filter bar, status bar, and the
//! dialogs over it (sign in again, sign out?).

use egui::RichText;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

use super::commands::UiCommand;
use super::monitor_state::{ExportOutcome, MonitorState};
use super::settings::Settings;
use super::table_view;
use super::theme::{self, Palette};
use super::{big_clock, pre_race, watchdog_view};
use crate::model::time::now_ticks;
use crate::model::trigger::{channel_label, DeviceId};
use crate::session::ConnectionState;
use crate::tr;

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

const FILTER_ID: &str = "filter-text";

/// The link's state in words, with a mark so that the colour never carries it alone.
pub fn connection_text(c: &ConnectionState, now: SystemTime) -> String {
    let secs = |t: &SystemTime| t.duration_since(now).unwrap_or_default().as_secs();
    match c {
        ConnectionState::Connecting => tr!("link-connecting"),
        ConnectionState::Live => tr!("link-live"),
        ConnectionState::Reconnecting { retry_at, attempt } => tr!(
            "link-reconnecting",
            seconds = secs(retry_at),
            attempt = *attempt
        ),
        ConnectionState::QuotaPaused { until, push_live } => {
            if *push_live {
                tr!("link-quota-live", seconds = secs(until))
            } else {
                tr!("link-quota", seconds = secs(until))
            }
        }
        ConnectionState::SignInNeeded { .. } => tr!("link-sign-in-needed"),
        ConnectionState::SignedOut { reason } => {
            tr!("link-signed-out", reason = reason.as_str())
        }
        ConnectionState::Stopped => tr!("link-stopped"),
    }
}

/// The link's light: colour and the mark drawn beside it.
fn link_look(state: &MonitorState, p: &Palette) -> (egui::Color32, &'static str) {
    match &state.connection {
        ConnectionState::Live => (p.live, "✔"),
        ConnectionState::QuotaPaused {
            push_live: true, ..
        } => (p.warn, "⚠"),
        ConnectionState::Connecting if !state.ever_live => (p.idle, "○"),
        _ => (p.lost, "✖"),
    }
}

pub fn show(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    env: &Env<'_>,
    commands: &[UiCommand],
    settings: &mut Settings,
) -> MonitorAction {
    let now = Instant::now();
    let p = theme::palette(ui.ctx());
    state.watchdog_defaults = (settings.watchdog_silence_s, settings.watchdog_behind);
    for c in commands {
        run(*c, ui.ctx(), state, env);
    }
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            // Items move to the next line whole; only the account label is elided.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            export_controls(ui, state, env, p);
            ui.separator();
            if ui
                .button(if state.demo {
                    tr!("monitor-leave-demo")
                } else {
                    tr!("monitor-sign-out")
                })
                .clicked()
            {
                state.confirm_sign_out = true;
            }
            ui.add(
                egui::Label::new(
                    RichText::new(format!("{} · {}", state.username, state.server)).weak(),
                )
                .truncate(),
            );
        });
    });
    banners(ui, state, p);
    watchdog_view::banners(ui, state, p);
    clock_warnings(ui, state, p);
    sign_in_prompt(ui.ctx(), state, p);
    watchdog_view::dialog(ui.ctx(), state);
    if pre_race::show(ui.ctx(), state) {
        state.pre_race = None;
    }
    let action = confirm_sign_out(ui.ctx(), state);
    egui::Panel::bottom("status").show(ui, |ui| status_bar(ui, state, p, settings.muted));
    egui::Panel::left("devices")
        .default_size(260.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("devices-scroll")
                .show(ui, |ui| devices(ui, state, p, settings));
        });
    big_clock::show(ui, state, settings.big_clock_digits);
    egui::CentralPanel::default().show(ui, |ui| {
        filter_bar(ui, state, p);
        ui.separator();
        table_view::show(
            ui,
            &mut state.table,
            &state.device_names,
            &mut state.follow,
            &settings.hidden_columns,
            now,
        );
    });
    action
}

/// Runs one of the monitor's commands (from its shortcut or a menu).
fn run(command: UiCommand, ctx: &egui::Context, state: &mut MonitorState, env: &Env<'_>) {
    match command {
        UiCommand::FocusFilter => state.focus_filter = true,
        UiCommand::ClearFilter => state.clear_filter(),
        UiCommand::ResumeFollowing => state.resume_following(),
        UiCommand::ReconnectNow if reconnecting(state) => state.reconnect_now(),
        UiCommand::Export => {
            let ctx = ctx.clone();
            state.start_export(env.runtime, env.export_path.clone(), move || {
                ctx.request_repaint()
            });
        }
        UiCommand::SignOut => state.confirm_sign_out = true,
        UiCommand::BigClock => state.big_clock.open = !state.big_clock.open,
        UiCommand::PreRaceCheck => {
            state.pre_race = Some(pre_race::PreRaceCheck::new(&state.devices));
        }
        _ => {}
    }
}

/// The link waits before its next attempt: *Reconnect now* can skip the wait.
fn reconnecting(state: &MonitorState) -> bool {
    matches!(state.connection, ConnectionState::Reconnecting { .. })
}

/// Signing out stops the live link: asked first (it sits near *Export*).
fn confirm_sign_out(ctx: &egui::Context, state: &mut MonitorState) -> MonitorAction {
    if !state.confirm_sign_out {
        return MonitorAction::None;
    }
    let mut action = MonitorAction::None;
    let modal = egui::Modal::new(egui::Id::unique("confirm-sign-out")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(tr!("sign-out-title"));
        ui.label(tr!("sign-out-explain"));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr!("sign-out-confirm")).clicked() {
                action = MonitorAction::SignOut;
            }
            if ui.button(tr!("sign-out-cancel")).clicked() {
                state.confirm_sign_out = false;
            }
        });
    });
    if modal.should_close() {
        state.confirm_sign_out = false;
    }
    if action == MonitorAction::SignOut {
        state.confirm_sign_out = false;
    }
    action
}

/// Over the monitor, while the session waits for a new sign-in: the username is filled, the
/// password focused, Enter signs in. The table and the banner stay visible behind it.
fn sign_in_prompt(ctx: &egui::Context, state: &mut MonitorState, p: &Palette) {
    let reason = match &state.connection {
        ConnectionState::SignInNeeded { reason } => reason.clone(),
        _ => String::new(),
    };
    let username = state.username.clone();
    let Some(prompt) = &mut state.sign_in_prompt else {
        return;
    };
    let mut submit = false;
    egui::Window::new(tr!("prompt-title"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(RichText::new(tr!("prompt-expired")).strong());
            if !reason.is_empty() {
                ui.label(RichText::new(tr!("prompt-reason", reason = reason.as_str())).weak());
            }
            ui.label(tr!("prompt-nothing-lost"));
            ui.add_space(6.0);
            egui::Grid::new("sign-in-again")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label(tr!("login-username"));
                    ui.label(RichText::new(&username).strong())
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label(tr!("login-password"));
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
                if ui
                    .add_enabled(ready, egui::Button::new(tr!("login-sign-in")))
                    .clicked()
                {
                    submit = true;
                }
                if prompt.busy {
                    ui.spinner();
                    ui.label(tr!("busy-sign-in"));
                }
            });
            if let Some(e) = &prompt.error {
                ui.label(RichText::new(format!("✖ {e}")).color(p.lost).strong());
            }
        });
    if submit {
        state.submit_sign_in();
    }
}

/// A banner across the window that cannot be missed.
fn banner(ui: &mut egui::Ui, id: &str, fill: egui::Color32, add: impl FnOnce(&mut egui::Ui)) {
    egui::Panel::top(id.to_owned())
        .frame(egui::Frame::new().fill(fill).inner_margin(10.0))
        .show(ui, |ui| ui.horizontal_wrapped(add));
}

fn banners(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette) {
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
        let text = match &state.connection {
            ConnectionState::SignInNeeded { .. } => tr!("banner-sign-in-needed"),
            ConnectionState::SignedOut { reason } => {
                tr!("banner-signed-out", reason = reason.as_str())
            }
            other => tr!("banner-link-lost", state = connection_text(other, now)),
        };
        let mut reconnect = false;
        let show_button = reconnecting(state);
        banner(ui, "link-lost", p.alarm_fill, |ui| {
            ui.label(
                RichText::new(format!("✖ {text}"))
                    .color(p.alarm_text)
                    .strong()
                    .size(18.0),
            );
            if show_button {
                let button = egui::Button::new(
                    RichText::new(UiCommand::ReconnectNow.label())
                        .strong()
                        .size(16.0),
                );
                reconnect = ui
                    .add(button)
                    .on_hover_text(UiCommand::ReconnectNow.tooltip(ui.ctx()))
                    .clicked();
            }
        });
        if reconnect {
            state.reconnect_now();
        }
    }
    if let ConnectionState::QuotaPaused { .. } = &state.connection {
        let text = connection_text(&state.connection, now);
        banner(ui, "quota", p.caution_fill, |ui| {
            ui.label(
                RichText::new(format!("⚠ {text}"))
                    .color(p.caution_text)
                    .strong(),
            );
        });
    }
    if let Some(e) = &state.journal_error {
        let text = tr!("banner-journal", cause = e.as_str());
        banner(ui, "journal", p.alarm_fill, |ui| {
            ui.label(
                RichText::new(format!("✖ {text}"))
                    .color(p.alarm_text)
                    .strong()
                    .size(16.0),
            );
        });
    }
    if state.missing_role {
        banner(ui, "role", p.caution_fill, |ui| {
            ui.label(RichText::new(format!("⚠ {}", tr!("role-warning"))).color(p.caution_text));
        });
    }
}

/// Strips for clocks that disagree: devices in different zones, a device date that is not
/// the date its triggers arrive on.
fn clock_warnings(ui: &mut egui::Ui, state: &MonitorState, p: &Palette) {
    let mut warnings = Vec::new();
    if let Some(list) = state.aware.offsets_differ(&state.device_names) {
        warnings.push(tr!("warn-offsets-differ", devices = list));
    }
    if state.aware.wrong_dates > 0 {
        warnings.push(tr!("warn-wrong-date", n = state.aware.wrong_dates));
    }
    for (i, text) in warnings.into_iter().enumerate() {
        banner(ui, &format!("clock-warning-{i}"), p.caution_fill, |ui| {
            ui.label(
                RichText::new(format!("⚠ {text}"))
                    .color(p.caution_text)
                    .strong(),
            );
        });
    }
}

fn export_controls(ui: &mut egui::Ui, state: &mut MonitorState, env: &Env<'_>, p: &Palette) {
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
                .text(tr!("export-progress", done = done, total = job.total)),
        );
    } else if ui
        .add(egui::Button::new(tr!("export-button")))
        .on_hover_text(UiCommand::Export.tooltip(ui.ctx()))
        .clicked()
    {
        run(UiCommand::Export, ui.ctx(), state, env);
    }
    ui.checkbox(&mut state.export.excel, tr!("export-excel"))
        .on_hover_text(tr!("export-excel-hint"));
    ui.checkbox(&mut state.export.only_shown, tr!("export-only-shown"))
        .on_hover_text(tr!("export-only-shown-hint"));
    let open_folder = |ui: &mut egui::Ui, path: &std::path::Path| {
        if let Some(dir) = path.parent().map(std::path::Path::to_owned) {
            if ui.button(tr!("export-open-folder")).clicked() {
                env.runtime.spawn_blocking(move || {
                    if let Err(e) = opener::open(&dir) {
                        tracing::warn!("could not open {}: {e}", dir.display());
                    }
                });
            }
        }
    };
    let save_to_documents = |ui: &mut egui::Ui, state: &mut MonitorState| {
        // Without a desktop portal the save dialog cannot open: a place that needs no dialog,
        // so the results can always leave the laptop.
        if let Some(path) = documents_export_path() {
            let ctx = ui.ctx().clone();
            if ui
                .button(tr!("export-save-documents"))
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                state.start_export(env.runtime, Some(path), move || ctx.request_repaint());
            }
        }
    };
    match state.export.last.clone() {
        Some(ExportOutcome::Written { path, rows }) => {
            let text = tr!(
                "export-written",
                rows = rows,
                path = path.display().to_string()
            );
            ui.add(egui::Label::new(RichText::new(format!("✔ {text}")).color(p.live)).truncate());
            open_folder(ui, &path);
        }
        Some(ExportOutcome::Failed(e)) => {
            let text = tr!("export-failed", cause = e.as_str());
            ui.add(egui::Label::new(RichText::new(format!("✖ {text}")).color(p.lost)).truncate());
            save_to_documents(ui, state);
        }
        Some(ExportOutcome::DialogUnavailable) => {
            ui.label(RichText::new(format!("⚠ {}", tr!("export-no-dialog"))).color(p.warn));
            save_to_documents(ui, state);
        }
        Some(ExportOutcome::Cancelled) => {
            ui.label(RichText::new(tr!("export-cancelled")).weak());
            save_to_documents(ui, state);
        }
        None => {}
    }
}

/// "12 s ago", "4 min ago", "2 h ago".
fn age_text(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 120 {
        tr!("age-seconds", n = s)
    } else if s < 7200 {
        tr!("age-minutes", n = s / 60)
    } else {
        tr!("age-hours", n = s / 3600)
    }
}

fn devices(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette, settings: &mut Settings) {
    ui.heading(tr!("devices-title"));
    if let Some(heard) = state.aware.link_heard {
        let secs = SystemTime::now()
            .duration_since(heard)
            .unwrap_or_default()
            .as_secs();
        ui.label(
            RichText::new(tr!(
                "link-heard",
                age = age_text(i64::try_from(secs).unwrap_or(i64::MAX))
            ))
            .small()
            .color(p.weak),
        )
        .on_hover_text(tr!("link-heard-hint"));
    }
    if state.devices.is_empty() {
        ui.label(RichText::new(tr!("devices-waiting")).weak());
    }
    let (color, mark) = link_look(state, p);
    let now_ticks = now_ticks();
    let mut toggled: Option<(DeviceId, bool)> = None;
    for d in state.devices.clone() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(mark).color(color));
            let mut shown = !state.table.filter().hidden_devices.contains(&d.id);
            if ui.checkbox(&mut shown, d.label()).changed() {
                toggled = Some((d.id.clone(), shown));
            }
        });
        let channels = state.table.channels_of(&d.id);
        // The newest trigger the table holds, pushed or read from history.
        let newest = channels.iter().filter_map(|(_, s)| s.newest).max();
        let last = match newest {
            None => tr!("device-no-trigger"),
            Some(t) => tr!(
                "device-last-trigger",
                age = age_text((now_ticks - t) / 10_000_000)
            ),
        };
        ui.label(RichText::new(last).weak().small());
        if let Some(ms) = state.aware.devices.get(&d.id).and_then(|h| h.latency_ms) {
            // Green under 2 s, amber under 10 s, red beyond; the word says it too.
            let (word, color) = if ms < 2_000 {
                (tr!("latency-good"), p.live)
            } else if ms < 10_000 {
                (tr!("latency-slow"), p.warn)
            } else {
                (tr!("latency-bad"), p.lost)
            };
            ui.label(
                RichText::new(tr!("device-latency", ms = ms, word = word))
                    .small()
                    .color(color),
            )
            .on_hover_text(tr!("device-latency-hint"));
        }
        for (channel, stats) in channels {
            let check = state.completeness.get(&(d.id.clone(), channel)).copied();
            let server = check.and_then(|c| c.server);
            let mismatch = check.is_some_and(|c| c.mismatch);
            let age = stats.newest.map_or_else(String::new, |t| {
                format!(" · {}", age_text((now_ticks - t) / 10_000_000))
            });
            let text = match server {
                Some(n) => tr!(
                    "device-channel-counts",
                    channel = channel_label(channel),
                    here = stats.held,
                    server = n
                ),
                None => tr!(
                    "device-channel-held",
                    channel = channel_label(channel),
                    here = stats.held
                ),
            } + &age;
            let (text, color) = if mismatch {
                (format!("⚠ {text}"), p.warn)
            } else {
                (text, p.weak)
            };
            ui.horizontal(|ui| {
                let beeping = settings.beeps(&d.id, channel);
                let bell = if beeping { "🔔" } else { "🔕" };
                let bell_color = if beeping { p.text } else { p.weak };
                if ui
                    .add(
                        egui::Button::new(RichText::new(bell).color(bell_color))
                            .small()
                            .frame(false),
                    )
                    .on_hover_text(tr!("device-beep-hint"))
                    .clicked()
                {
                    settings.set_beep(&d.id, channel, !beeping);
                }
                watchdog_view::channel_button(ui, state, &d.id, channel, p);
                let label =
                    ui.add(egui::Label::new(RichText::new(text).small().color(color)).truncate());
                if mismatch {
                    label.on_hover_text(tr!("device-mismatch-hint"));
                } else {
                    label.on_hover_text(tr!("device-counts-hint"));
                }
            });
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
    ui.label(RichText::new(tr!("devices-unticked-note")).weak().small());
    ui.add_space(8.0);
    // Offered where the devices are: the check walks through them.
    if state.pre_race.is_none()
        && !state.devices.is_empty()
        && ui
            .button(UiCommand::PreRaceCheck.label())
            .on_hover_text(tr!("pre-race-hint"))
            .clicked()
    {
        state.pre_race = Some(pre_race::PreRaceCheck::new(&state.devices));
    }
}

fn filter_bar(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let label = ui.label(tr!("filter-label"));
        let mut text = state.table.filter().text.clone();
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(egui::Id::unique(FILTER_ID))
                    .hint_text(tr!("filter-hint"))
                    .desired_width(200.0),
            )
            .labelled_by(label.id)
            .on_hover_text(UiCommand::FocusFilter.tooltip(ui.ctx()));
        if std::mem::take(&mut state.focus_filter) {
            edit.request_focus();
        }
        if edit.changed() {
            state.table.edit_filter(|f| f.text = text);
        }
        let mut channel = state.table.filter().channel;
        let channels: std::collections::BTreeSet<u16> = (0..4).chain(channel).collect();
        let all = tr!("filter-all-channels");
        let l = ui.label(tr!("filter-channel"));
        egui::ComboBox::from_id_salt("channel-filter")
            .selected_text(channel.map_or_else(|| all.clone(), channel_label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut channel, None, all.as_str());
                for c in channels {
                    ui.selectable_value(&mut channel, Some(c), channel_label(c));
                }
            })
            .response
            .labelled_by(l.id);
        if channel != state.table.filter().channel {
            state.table.edit_filter(|f| f.channel = channel);
        }
        if state.table.filter().is_active()
            && ui
                .button(UiCommand::ClearFilter.label())
                .on_hover_text(UiCommand::ClearFilter.tooltip(ui.ctx()))
                .clicked()
        {
            state.clear_filter();
        }
        ui.separator();
        let shown = state.table.view_len();
        ui.label(tr!(
            "filter-shown",
            shown = shown,
            total = state.table.len()
        ));
        ui.separator();
        if state.following() {
            ui.label(RichText::new("▶").color(p.live));
            ui.label(RichText::new(tr!("follow-on")).color(p.live));
        } else {
            let text = if !state.table.newest_on_top() {
                tr!("follow-sorted")
            } else {
                tr!("follow-paused", n = state.follow.new_while_paused)
            };
            if ui
                .button(RichText::new(format!("⏸ {text}")).color(p.warn))
                .on_hover_text(UiCommand::ResumeFollowing.tooltip(ui.ctx()))
                .clicked()
            {
                state.resume_following();
            }
        }
    });
}

fn status_bar(ui: &mut egui::Ui, state: &MonitorState, p: &Palette, muted: bool) {
    let (color, mark) = link_look(state, p);
    ui.horizontal(|ui| {
        if muted {
            ui.label(RichText::new(format!("🔇 {}", tr!("status-muted"))).color(p.warn))
                .on_hover_text(UiCommand::Mute.tooltip(ui.ctx()));
            ui.separator();
        }
        let text = connection_text(&state.connection, SystemTime::now());
        ui.label(RichText::new(mark).strong().color(color));
        ui.label(RichText::new(text.to_uppercase()).strong().color(color));
        ui.separator();
        ui.label(tr!(
            "status-counts",
            triggers = state.table.len(),
            recovered = state.table.from_history
        ));
        if let Some((at, e)) = &state.last_error {
            ui.separator();
            let ago = SystemTime::now()
                .duration_since(*at)
                .unwrap_or_default()
                .as_secs();
            let text = tr!(
                "status-last-problem",
                age = age_text(i64::try_from(ago).unwrap_or(i64::MAX)),
                problem = e.as_str()
            );
            // Elided to the bar's width; the whole text on hover.
            ui.add(egui::Label::new(RichText::new(format!("⚠ {text}")).color(p.warn)).truncate())
                .on_hover_text(format!(
                    "{text}\n{}",
                    tr!("status-problems", n = state.problems)
                ));
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
