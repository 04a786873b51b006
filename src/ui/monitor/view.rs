//! The monitor screen's panels: toolbar, banners, devices, filter bar, status bar, and the
//! dialogs over it (sign in again, sign out?).

use egui::RichText;
use std::time::{Instant, SystemTime};

use crate::export::preset::PresetOptions;
use crate::model::time::system_time_to_ticks;
use crate::model::trigger::channel_label;
use crate::session::ConnectionState;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::export::view as export_view;
use crate::ui::look::theme::{self, Palette};
use crate::ui::monitor::banners::{self, connection_text, link_look, reconnecting};
use crate::ui::monitor::big_clock;
use crate::ui::monitor::devices as devices_view;
use crate::ui::monitor::pre_race;
use crate::ui::monitor::state::MonitorState;
use crate::ui::monitor::watchdogs as watchdog_view;
use crate::ui::replay::view as replay_view;
use crate::ui::settings::Settings;
use crate::ui::table::view as table_view;
use crate::ui::table::view::CorrectWhat;

/// What the screen asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitorAction {
    None,
    SignOut,
}

pub use crate::ui::export::view::ExportEnv as Env;

const FILTER_ID: &str = "filter-text";

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
    state.poll_corrections();
    for c in commands {
        run(*c, state, env.runtime);
    }
    let (export_asked, close_replay) = toolbar(ui, state, p);
    if let Some(r) = &mut state.replay {
        if let replay_view::ReplayAction::Seek(to) = replay_view::bar(ui, r, p) {
            state.seek_replay(to);
        }
    }
    dialogs(ui.ctx(), state, env, settings, export_asked);
    let mut action = confirm_sign_out(ui.ctx(), state);
    if close_replay {
        action = MonitorAction::SignOut;
    }
    egui::Panel::bottom("status").show(ui, |ui| status_bar(ui, state, p, settings.muted));
    egui::Panel::left("devices")
        .default_size(260.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("devices-scroll")
                .show(ui, |ui| devices_view::devices(ui, state, p, settings));
        });
    big_clock_panel(ui, state, settings);
    let reserved = banners::strip_height(ui.ctx());
    let central = egui::CentralPanel::default().show(ui, |ui| {
        filter_bar(ui, state, p);
        ui.separator();
        let size = ui.available_size() - egui::vec2(0.0, reserved);
        ui.allocate_ui(size.max(egui::Vec2::ZERO), |ui| {
            let asked = table_view::show(
                ui,
                &mut state.table,
                &state.device_names,
                &mut state.follow,
                &settings.hidden_columns,
                now,
            );
            if let table_view::TableAction::Correct { row, what } = asked {
                state.ask_correction(env.runtime, row, what);
            }
        });
    });
    banners::strip(ui.ctx(), central.response.rect, |ui| {
        banners::banners(ui, state, p);
        watchdog_view::banners(ui, state, p);
        banners::clock_warnings(ui, state, p);
    });
    action
}

/// The toolbar: export, sign out (or close the replay), the account. Returns what the
/// export's controls asked and whether the replay is to close.
fn toolbar(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    p: &Palette,
) -> (export_view::ExportAction, bool) {
    let mut close_replay = false;
    let mut export_asked = export_view::ExportAction::None;
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            // Items move to the next line whole; only the account label is elided.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            state.poll_export();
            export_asked = export_view::export_controls(ui, &state.export, p);
            ui.separator();
            if state.replay.is_some() {
                // Read-only: nothing to lose by closing it.
                if ui.button(tr!("replay-close")).clicked() {
                    close_replay = true;
                }
            } else if ui
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
    (export_asked, close_replay)
}

/// The windows over the monitor: sign in again, a watchdog's settings, the export dialog,
/// the pre-race check; and what the export's controls asked.
fn dialogs(
    ctx: &egui::Context,
    state: &mut MonitorState,
    env: &Env<'_>,
    settings: &mut Settings,
    export_asked: export_view::ExportAction,
) {
    let p = theme::palette(ctx);
    banners::sign_in_prompt(ctx, state, p);
    watchdog_view::dialog(ctx, state);
    crate::ui::monitor::pairs::window(ctx, state);
    crate::ui::monitor::printer::window(ctx, state);
    state.correction_dialog(ctx, env.runtime);
    let n = if state.export.dialog_open {
        state.table.view_len().min(40)
    } else {
        0
    };
    let shown: Vec<usize> = (0..n).map(|i| state.table.shown(i)).collect();
    let preview = export_view::Preview {
        rows: shown.iter().map(|&k| state.table.row(k)).collect(),
        names: &state.device_names,
        fixed: env.export_path.as_ref(),
        channels: state.completeness.keys().cloned().collect(),
    };
    let dialog_asked = export_view::dialog(ctx, &mut state.export, &preview, settings);
    for asked in [export_asked, dialog_asked] {
        export(ctx, asked, state, env, settings);
    }
    if let Some(check) = &mut state.pre_race {
        let view = pre_race::View {
            demo: state.demo,
            account: &state.username,
            server: &state.server,
            devices: &state.devices,
            table: &state.table,
        };
        if pre_race::show(ctx, check, &view) {
            state.pre_race = None;
        }
    }
}

/// The big clock, where it lives now, offered the channels the devices list offers.
fn big_clock_panel(ui: &mut egui::Ui, state: &mut MonitorState, settings: &Settings) {
    // Offered only while the clock shows: the same channels the devices list offers.
    let channels: Vec<_> = if state.big_clock.open {
        let mut all: Vec<_> = (state.devices.iter())
            .flat_map(|d| {
                let offered = state.offered_channels(&d.id);
                offered.into_iter().map(|(c, _)| (d.id.clone(), c))
            })
            .collect();
        all.sort();
        all
    } else {
        Vec::new()
    };
    let view = big_clock::View {
        table: &state.table,
        channels: &channels,
        names: &state.device_names,
        now: state.clock_ticks(),
    };
    big_clock::show(ui, &mut state.big_clock, &view, settings.big_clock_digits);
}

/// Does what the export's controls or dialog asked.
fn export(
    ctx: &egui::Context,
    action: export_view::ExportAction,
    state: &mut MonitorState,
    env: &Env<'_>,
    settings: &Settings,
) {
    match action {
        export_view::ExportAction::None => {}
        export_view::ExportAction::OpenDialog => state.export.dialog_open = true,
        export_view::ExportAction::OpenFolder(dir) => env.folders.open(env.runtime, ctx, dir),
        export_view::ExportAction::Start { fixed } => {
            let ctx = ctx.clone();
            let preset = settings.export_preset.clone();
            let papers = crate::export::package::Papers {
                tape: settings.export_tape,
                printer: settings.export_tape && settings.export_tape_printer,
                summary: settings.export_summary,
            };
            let options = PresetOptions {
                pairs: state.table.pair_spec().cloned(),
                corrections: state.table.corrections().clone(),
                ..settings.preset_options()
            };
            state.start_export(env.runtime, fixed, (preset, options), papers, move || {
                ctx.request_repaint()
            });
        }
    }
}

/// Runs one of the monitor's commands (from its shortcut or a menu).
fn run(command: UiCommand, state: &mut MonitorState, runtime: &tokio::runtime::Handle) {
    let mut correct = |what| state.ask_correction_of_marked(runtime, what);
    match command {
        UiCommand::CorrectBib => return correct(CorrectWhat::Bib),
        UiCommand::MarkInvalid => return correct(CorrectWhat::Invalid(true)),
        UiCommand::MarkValid => return correct(CorrectWhat::Invalid(false)),
        UiCommand::Note => return correct(CorrectWhat::Note),
        UiCommand::UndoCorrection => return correct(CorrectWhat::Undo),
        UiCommand::AddHandTime => return correct(CorrectWhat::Hand),
        _ => {}
    }
    match command {
        UiCommand::FocusFilter => state.focus_filter = true,
        UiCommand::ClearFilter => state.clear_filter(),
        UiCommand::JumpToBib => state.focus_jump = true,
        UiCommand::ResumeFollowing => state.resume_following(),
        UiCommand::ReconnectNow if reconnecting(state) => state.reconnect_now(),
        UiCommand::Export => state.export.dialog_open = true,
        UiCommand::SignOut => state.confirm_sign_out = true,
        UiCommand::BigClock => state.big_clock.open = !state.big_clock.open,
        UiCommand::PreRaceCheck => {
            state.pre_race = Some(pre_race::PreRaceCheck::new(&state.devices));
        }
        _ => {}
    }
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
        jump_field(ui, state, p);
        crate::ui::monitor::pairs::button(ui, state);
        crate::ui::monitor::printer::button(ui, state);
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
        let text = if state.replay.is_some() {
            tr!("replay-status")
        } else {
            connection_text(&state.connection, SystemTime::now())
        };
        ui.label(RichText::new(mark).strong().color(color));
        // "LIVE" and "LINK QUIET" are badges; any other state is a sentence, written as one.
        let text = if state.is_live() && state.replay.is_none() {
            text.to_uppercase()
        } else if let (ConnectionState::Quiet { .. }, Some((badge, detail))) =
            (&state.connection, text.split_once(": "))
        {
            format!("{}: {detail}", badge.to_uppercase())
        } else {
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        };
        ui.label(RichText::new(text).strong().color(color));
        ui.separator();
        ui.label(tr!(
            "status-counts",
            triggers = state.table.len(),
            recovered = state.table.from_history
        ));
        if let Some(board) = state.feed_board() {
            crate::ui::feed::status_items(ui, board, p);
        }
        if let Some((read, expected)) = state.history_read {
            ui.separator();
            ui.spinner();
            ui.label(if expected == 0 {
                tr!("status-history-window", read = grouped(read as u64))
            } else {
                tr!(
                    "status-history",
                    read = grouped(read as u64),
                    expected = grouped(expected.max(read as u64))
                )
            });
        }
        if let Some((at, e)) = &state.last_error {
            ui.separator();
            let ago =
                devices_view::age_text(ui.ctx(), state.clock_ticks(), system_time_to_ticks(*at));
            let text = tr!("status-last-problem", age = ago, problem = e.as_str());
            // Elided to the bar's width; the whole text on hover.
            ui.add(egui::Label::new(RichText::new(format!("⚠ {text}")).color(p.warn)).truncate())
                .on_hover_text(format!(
                    "{text}\n{}",
                    tr!("status-problems", n = state.problems)
                ));
        }
    });
}

/// Jump to bib: a number and Enter scroll the table to that bib's row and mark it; the other
/// rows stay (the filter hides them, this does not).
fn jump_field(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette) {
    let label = ui.label(UiCommand::JumpToBib.label());
    let edit = ui
        .add(
            egui::TextEdit::singleline(&mut state.jump_text)
                .hint_text(tr!("jump-hint"))
                .char_limit(9)
                .desired_width(60.0),
        )
        .labelled_by(label.id)
        .on_hover_text(UiCommand::JumpToBib.tooltip(ui.ctx()));
    if std::mem::take(&mut state.focus_jump) {
        edit.request_focus();
    }
    if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        state.jump_to_bib();
    }
    if edit.changed() {
        state.jump_missing = None;
    }
    if let Some(bib) = state.jump_missing {
        ui.label(RichText::new(tr!("jump-none", bib = bib)).color(p.warn));
    }
}

/// A count in groups of three digits, as a status line reads best: `12 400`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}
