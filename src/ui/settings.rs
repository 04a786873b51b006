//! What the official sets once and the app remembers between runs, and the settings screen
//! that sets it (Esc closes it). Never the password: that is only ever in the keychain.

use egui::RichText;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::export::hand_times::HandTimes;
use crate::export::preset::{CustomFormat, Preset, PresetOptions};
use crate::mt1::rest::DEFAULT_SERVER;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::look::i18n::Language;
use crate::ui::look::theme::ThemeChoice;
use crate::ui::table::view::TableColumn;
use strum::IntoEnumIterator;

pub const ZOOM_STEPS: [f32; 9] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5];

/// Remembered with the window size, by eframe. Fields added later default when an older
/// file lacks them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub server: String,
    pub username: String,
    pub theme: ThemeChoice,
    /// `None`: the operating system's language.
    pub language: Option<Language>,
    pub zoom: f32,
    /// Table columns the official hid (the least important ones, on a small screen).
    pub hidden_columns: Vec<TableColumn>,
    /// Channels that beep on each pushed trigger.
    pub beeps: Vec<BeepChannel>,
    /// 0 to 1.
    pub volume: f32,
    pub muted: bool,
    /// What a new watchdog starts with: seconds of silence, and starts a finish may lag.
    pub watchdog_silence_s: u32,
    pub watchdog_behind: u32,
    /// Digits after the second on the big clock: 2 (1/100 s) or 3 (1/1000 s).
    pub big_clock_digits: u8,
    /// The export preset last used, and the custom one (kept when another is chosen).
    pub export_preset: Preset,
    pub export_custom: CustomFormat,
    /// Race Horology's hand-time files: Start or Ziel per channel, the window of the day.
    pub export_hand_times: HandTimes,
    /// A second impulse on a channel within this (ms) is marked "double?" (0: never).
    pub double_within_ms: u32,
    /// Write the timing tape (PDF) with every export.
    pub export_tape: bool,
    /// The tape adds the device printer's view.
    pub export_tape_printer: bool,
    /// The one-page jury summary (PDF) beside the export.
    pub export_summary: bool,
    /// A device clock ahead of this laptop by more than this (ms) is flagged: its triggers
    /// then carry times from the future.
    pub clock_ahead_warn_ms: u32,
    /// Live ALGE Timy outputs for timing software, one per line (`COM3`, `tcp:0.0.0.0:7000`).
    pub timy_outputs: String,
    /// MT1 channel → ALGE channel entries (`1=0`, `231203016:C2=C1`).
    pub timy_map: String,
}

/// A device channel that beeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeepChannel {
    pub device: String,
    pub channel: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: DEFAULT_SERVER.into(),
            username: String::new(),
            theme: ThemeChoice::default(),
            language: None,
            zoom: 1.0,
            hidden_columns: Vec::new(),
            beeps: Vec::new(),
            volume: 0.8,
            muted: false,
            watchdog_silence_s: 120,
            watchdog_behind: 3,
            big_clock_digits: 2,
            export_preset: Preset::Full,
            export_custom: CustomFormat::default(),
            export_hand_times: HandTimes::default(),
            double_within_ms: crate::model::doubles::DEFAULT_WITHIN_MS,
            export_tape: false,
            export_tape_printer: false,
            export_summary: false,
            clock_ahead_warn_ms: 500,
            timy_outputs: String::new(),
            timy_map: String::new(),
        }
    }
}

impl Settings {
    /// The language to speak: the chosen one, or the system's.
    pub fn effective_language(&self) -> Language {
        self.language.unwrap_or_else(Language::from_system)
    }

    pub fn beeps(&self, device: &str, channel: u16) -> bool {
        self.beeps
            .iter()
            .any(|b| b.channel == channel && b.device == device)
    }

    pub fn set_beep(&mut self, device: &str, channel: u16, on: bool) {
        self.beeps
            .retain(|b| !(b.channel == channel && b.device == device));
        if on {
            self.beeps.push(BeepChannel {
                device: device.to_owned(),
                channel,
            });
        }
    }

    /// What an export uses besides the preset.
    pub fn preset_options(&self) -> PresetOptions {
        PresetOptions {
            hand_times: self.export_hand_times.clone(),
            double_within_ms: self.double_within_ms,
            // Chosen on the monitor, for its session (not settings).
            pairs: None,
            corrections: Default::default(),
        }
    }

    /// The next zoom step up (`+1`) or down (`-1`) from the current zoom.
    pub fn step_zoom(&mut self, direction: i32) {
        let i = ZOOM_STEPS
            .iter()
            .position(|&z| z >= self.zoom - 0.001)
            .unwrap_or(ZOOM_STEPS.len() - 1);
        let i = if direction > 0 {
            (i + 1).min(ZOOM_STEPS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.zoom = ZOOM_STEPS[i];
    }
}

/// What the screen knows besides the settings themselves.
pub struct SettingsContext {
    /// Where the journals are.
    pub data_dir: Option<PathBuf>,
    /// The sign-in kept for the next start ("user@server"), if any.
    pub remembered: Option<String>,
}

/// What the official asked for on the settings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsAction {
    None,
    Close,
    OpenFolder(PathBuf),
    ForgetSignIn,
}

/// A grid cell whose content may wrap onto more lines. `horizontal_wrapped` straight in a
/// `Grid` cell is placed as if one line high, centred in the row, and runs into the next row
/// (egui #7688); inside `vertical` it starts at the top of its cell.
fn wrapping_cell<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.vertical(|ui| ui.horizontal_wrapped(add).inner).inner
}

/// The settings screen, as a modal window over the app.
pub fn show(ctx: &egui::Context, s: &mut Settings, env: &SettingsContext) -> SettingsAction {
    let mut action = SettingsAction::None;
    // Scrolls when the window is small or the zoom large: Close stays reachable.
    let max_height = (ctx.content_rect().height() - 120.0).max(120.0);
    let modal = egui::Modal::new(egui::Id::unique("settings")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        // The title and Close stay in view however far the settings scroll.
        ui.horizontal(|ui| {
            ui.heading(UiCommand::Settings.label().trim_end_matches('…'));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(tr!("settings-close")).clicked() {
                    action = SettingsAction::Close;
                }
            });
        });
        ui.add_space(6.0);
        // As tall as the window allows (a modal sits in the middle: without a minimum it
        // would only use the lower half).
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .min_scrolled_height(max_height)
            .show(ui, |ui| {
                ui.set_max_width(560.0);
                egui::Grid::new("settings-grid")
                    .num_columns(2)
                    .spacing([16.0, 10.0])
                    .striped(false)
                    .show(ui, |ui| {
                        look_section(ui, s);
                        alerts_section(ui, s);
                        columns_section(ui, s);
                        crate::ui::feed::settings_rows(ui, &mut s.timy_outputs, &mut s.timy_map);
                        if let Some(asked) = places_section(ui, env) {
                            action = asked;
                        }
                    });
                ui.add_space(8.0);
                ui.label(RichText::new(tr!("settings-saved-note")).weak());
            });
    });
    if modal.should_close() && action == SettingsAction::None {
        action = SettingsAction::Close;
    }
    action
}

/// Rows of the settings grid: theme, language, zoom.
fn look_section(ui: &mut egui::Ui, s: &mut Settings) {
    let ctx = ui.ctx().clone();
    let ctx = &ctx;
    ui.label(tr!("settings-theme"));
    wrapping_cell(ui, |ui| {
        for choice in ThemeChoice::iter() {
            ui.radio_value(&mut s.theme, choice, choice.label());
        }
    });
    ui.end_row();

    let l = ui.label(tr!("settings-language"));
    let system = tr!(
        "settings-language-system",
        language = Language::from_system().native_name()
    );
    let selected = s
        .language
        .map_or(system.clone(), |l| l.native_name().into());
    egui::ComboBox::from_id_salt("language")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut s.language, None, system);
            for lang in Language::iter() {
                ui.selectable_value(&mut s.language, Some(lang), lang.native_name());
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();

    ui.label(tr!("settings-zoom"));
    ui.horizontal(|ui| {
        if ui
            .button("−")
            .on_hover_text(UiCommand::ZoomOut.tooltip(ctx))
            .clicked()
        {
            s.step_zoom(-1);
        }
        ui.label(format!("{:.0} %", s.zoom * 100.0));
        if ui
            .button("+")
            .on_hover_text(UiCommand::ZoomIn.tooltip(ctx))
            .clicked()
        {
            s.step_zoom(1);
        }
        if ui
            .button(UiCommand::ZoomReset.label())
            .on_hover_text(UiCommand::ZoomReset.tooltip(ctx))
            .clicked()
        {
            s.zoom = 1.0;
        }
    });
    ui.end_row();
}

/// Rows of the settings grid: sound, watchdogs, clocks, the big clock.
fn alerts_section(ui: &mut egui::Ui, s: &mut Settings) {
    let ctx = ui.ctx().clone();
    let ctx = &ctx;
    ui.label(tr!("settings-sound"));
    wrapping_cell(ui, |ui| {
        ui.checkbox(&mut s.muted, UiCommand::Mute.label())
            .on_hover_text(UiCommand::Mute.tooltip(ctx));
        let v = ui.label(tr!("settings-volume"));
        ui.add(egui::Slider::new(&mut s.volume, 0.0..=1.0).show_value(false))
            .labelled_by(v.id);
        ui.label(RichText::new(tr!("settings-beeps-hint")).weak());
    });
    ui.end_row();

    ui.label(tr!("settings-watchdog"));
    wrapping_cell(ui, |ui| {
        let l = ui.label(tr!("watchdog-seconds"));
        ui.add(
            egui::DragValue::new(&mut s.watchdog_silence_s)
                .range(5..=3600)
                .suffix(" s"),
        )
        .labelled_by(l.id);
        let l = ui.label(tr!("watchdog-behind"));
        ui.add(egui::DragValue::new(&mut s.watchdog_behind).range(0..=500))
            .labelled_by(l.id);
    });
    ui.end_row();

    ui.label(tr!("settings-clock-ahead"));
    wrapping_cell(ui, |ui| {
        let l = ui.label(tr!("settings-clock-ahead-above"));
        ui.add(
            egui::DragValue::new(&mut s.clock_ahead_warn_ms)
                .range(50..=60_000)
                .suffix(" ms"),
        )
        .labelled_by(l.id);
    });
    ui.end_row();

    ui.label(tr!("settings-double"));
    wrapping_cell(ui, |ui| {
        let l = ui.label(tr!("settings-double-within"));
        ui.add(
            egui::DragValue::new(&mut s.double_within_ms)
                .range(0..=5_000)
                .suffix(" ms"),
        )
        .labelled_by(l.id);
        ui.label(RichText::new(tr!("settings-double-hint")).weak());
    });
    ui.end_row();

    ui.label(tr!("settings-big-clock"));
    ui.horizontal(|ui| {
        ui.radio_value(&mut s.big_clock_digits, 2, tr!("big-clock-hundredths"));
        ui.radio_value(&mut s.big_clock_digits, 3, tr!("big-clock-thousandths"));
    });
    ui.end_row();
}

/// The row of the table's columns shown.
fn columns_section(ui: &mut egui::Ui, s: &mut Settings) {
    ui.label(tr!("settings-columns"));
    wrapping_cell(ui, |ui| {
        for column in TableColumn::iter() {
            if !column.can_hide() {
                continue;
            }
            let mut shown = !s.hidden_columns.contains(&column);
            if ui.checkbox(&mut shown, column.title()).changed() {
                s.hidden_columns.retain(|c| *c != column);
                if !shown {
                    s.hidden_columns.push(column);
                }
            }
        }
    });
    ui.end_row();
}

/// Rows of the places: the data folder, the remembered sign-in. Returns what was asked.
fn places_section(ui: &mut egui::Ui, env: &SettingsContext) -> Option<SettingsAction> {
    let mut action = None;
    ui.label(tr!("settings-data-folder"));
    ui.vertical(|ui| match &env.data_dir {
        Some(dir) => {
            ui.add(egui::Label::new(dir.display().to_string()).truncate());
            if ui.button(tr!("settings-open-folder")).clicked() {
                action = Some(SettingsAction::OpenFolder(dir.clone()));
            }
        }
        None => {
            ui.label(RichText::new(tr!("settings-no-data-folder")).weak());
        }
    });
    ui.end_row();

    ui.label(tr!("settings-sign-in"));
    ui.vertical(|ui| match &env.remembered {
        Some(who) => {
            ui.label(tr!("settings-remembered", who = who.as_str()));
            if ui.button(tr!("settings-forget")).clicked() {
                action = Some(SettingsAction::ForgetSignIn);
            }
        }
        None => {
            ui.label(RichText::new(tr!("settings-nothing-remembered")).weak());
        }
    });
    ui.end_row();
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_settings_file_still_reads() {
        let old = r#"{"server":"https://x","username":"anna"}"#;
        let s: Settings = serde_json::from_str(old).expect("reads");
        assert_eq!(s.username, "anna");
        assert_eq!(s.zoom, 1.0);
        assert_eq!(s.theme, ThemeChoice::System);
    }

    #[test]
    fn zoom_steps_stop_at_the_ends() {
        let mut s = Settings::default();
        s.step_zoom(1);
        assert_eq!(s.zoom, 1.1);
        s.step_zoom(-1);
        s.step_zoom(-1);
        assert_eq!(s.zoom, 0.9);
        for _ in 0..20 {
            s.step_zoom(1);
        }
        assert_eq!(s.zoom, 2.5);
    }
}
