//! Export: the toolbar button and what became of the last export (with *Save to Documents*
//! when the save dialog cannot open, and *Open folder*), and the export dialog: the preset,
//! its options, a preview of the first rows, the timing tape.

use egui::RichText;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use crate::export::preset::{all_columns, preview, CustomFormat, Preset, TimeStyle};
use crate::model::row::TriggerRow;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::export::state::ExportOutcome;
use crate::ui::export::state::ExportState;
use crate::ui::look::theme::Palette;
use crate::ui::settings::Settings;

/// Where exports run, and the fixed file that replaces the save dialog (tests, automation).
pub struct ExportEnv<'a> {
    pub runtime: &'a tokio::runtime::Handle,
    pub export_path: Option<PathBuf>,
    pub folders: &'a crate::ui::folders::FolderOpener,
}

/// What the official asked of the export; the monitor, which owns what an export reads,
/// applies it.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportAction {
    None,
    OpenDialog,
    /// Write the files: to `fixed` when set, else where the save dialog says.
    Start {
        fixed: Option<PathBuf>,
    },
    OpenFolder(PathBuf),
}

/// The toolbar's export button (or the running export's progress) and what became of the
/// last export.
pub fn export_controls(ui: &mut egui::Ui, export: &ExportState, p: &Palette) -> ExportAction {
    let mut action = ExportAction::None;
    if let Some(job) = &export.job {
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
        action = ExportAction::OpenDialog;
    }
    // Without a desktop portal the save dialog cannot open: a place that needs no dialog,
    // so the results can always leave the laptop.
    let save_to_documents = |ui: &mut egui::Ui| match documents_export_path() {
        Some(path) => {
            let button = ui
                .button(tr!("export-save-documents"))
                .on_hover_text(path.display().to_string());
            match button.clicked() {
                true => ExportAction::Start { fixed: Some(path) },
                false => ExportAction::None,
            }
        }
        None => ExportAction::None,
    };
    let said = match &export.last {
        Some(ExportOutcome::Written { path, rows, files }) => {
            let text = tr!(
                "export-written",
                rows = *rows,
                path = path.display().to_string(),
                files = *files
            );
            ui.add(egui::Label::new(RichText::new(format!("✔ {text}")).color(p.live)).truncate());
            match path.parent() {
                Some(dir) if ui.button(tr!("export-open-folder")).clicked() => {
                    ExportAction::OpenFolder(dir.to_owned())
                }
                _ => ExportAction::None,
            }
        }
        Some(ExportOutcome::Failed(e)) => {
            let text = tr!("export-failed", cause = e.as_str());
            ui.add(egui::Label::new(RichText::new(format!("✖ {text}")).color(p.lost)).truncate());
            save_to_documents(ui)
        }
        Some(ExportOutcome::DialogUnavailable) => {
            ui.label(RichText::new(format!("⚠ {}", tr!("export-no-dialog"))).color(p.warn));
            save_to_documents(ui)
        }
        Some(ExportOutcome::Cancelled) => {
            ui.label(RichText::new(tr!("export-cancelled")).weak());
            save_to_documents(ui)
        }
        None => ExportAction::None,
    };
    match action {
        ExportAction::None => said,
        asked => asked,
    }
}

/// The documents folder (the home folder if there is none), looked up once: the lookup
/// reads the desktop's folder settings, and the toolbar and dialog ask every frame.
fn documents_folder() -> Option<&'static std::path::Path> {
    static FOLDER: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dirs = directories::UserDirs::new()?;
            Some(dirs.document_dir().unwrap_or(dirs.home_dir()).to_owned())
        })
        .as_deref()
}

/// `~/Documents/mt1-triggers-<date>-<time>.csv` (or in the home folder if there is none).
fn documents_export_path() -> Option<PathBuf> {
    Some(documents_folder()?.join(format!(
        "mt1-triggers-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    )))
}

/// Where an export from the dialog goes without asking: the fixed file (tests, automation),
/// or the documents folder once the save dialog could not open.
fn fixed_target(export: &ExportState, fixed: Option<&PathBuf>) -> Option<PathBuf> {
    fixed
        .cloned()
        .or_else(|| export.no_dialog.then(documents_export_path).flatten())
}

fn preset_label(p: &Preset) -> String {
    match p {
        Preset::Full => tr!("preset-full"),
        Preset::Excel => tr!("preset-excel"),
        Preset::RaceHorology => tr!("preset-race-horology"),
        Preset::TimyLines => tr!("preset-timy"),
        Preset::TimyMerged => tr!("preset-timy-merged"),
        Preset::Custom(_) => tr!("preset-custom"),
    }
}

/// The columns, separator and time format of a custom preset, remembered in the settings.
fn custom_editor(ui: &mut egui::Ui, c: &mut CustomFormat) {
    ui.label(RichText::new(tr!("preset-custom-columns")).strong());
    let mut moved: Option<(usize, usize)> = None;
    for (i, name) in c.columns.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("▲")
                .on_hover_text(tr!("preset-move-up"))
                .clicked()
                && i > 0
            {
                moved = Some((i, i - 1));
            }
            if ui
                .small_button("▼")
                .on_hover_text(tr!("preset-move-down"))
                .clicked()
            {
                moved = Some((i, i + 1));
            }
            ui.label(name.as_str());
        });
    }
    if let Some((a, b)) = moved {
        if b < c.columns.len() {
            c.columns.swap(a, b);
        }
    }
    ui.horizontal_wrapped(|ui| {
        for name in all_columns() {
            let mut on = c.columns.iter().any(|x| x == name);
            if ui.checkbox(&mut on, name).changed() {
                c.columns.retain(|x| x != name);
                if on {
                    c.columns.push(name.to_owned());
                }
            }
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label(tr!("preset-separator"));
        egui::ComboBox::from_id_salt("custom-separator")
            .selected_text(match c.separator {
                '\t' => "Tab".to_owned(),
                other => other.to_string(),
            })
            .show_ui(ui, |ui| {
                for (sep, text) in [(',', ","), (';', ";"), ('\t', "Tab"), ('|', "|")] {
                    ui.selectable_value(&mut c.separator, sep, text);
                }
            })
            .response
            .labelled_by(l.id);
        ui.label(tr!("preset-time-format"));
        ui.radio_value(&mut c.time, TimeStyle::Dot4, "12:34:56.7890");
        ui.radio_value(&mut c.time, TimeStyle::Comma4, "12:34:56,7890");
        ui.radio_value(&mut c.time, TimeStyle::Dot2, "12:34:56.78");
    });
}

/// What the export dialog previews: the table as shown and the devices' names.
pub struct Preview<'a> {
    /// The first rows as the table shows them (the preview costs a handful of rows).
    pub rows: Vec<&'a TriggerRow>,
    pub names: &'a std::collections::HashMap<crate::model::trigger::DeviceId, String>,
    /// The fixed file that replaces the save dialog (tests, automation).
    pub fixed: Option<&'a PathBuf>,
    /// Every device channel known (Race Horology's Start/Ziel choice).
    pub channels: Vec<(crate::model::trigger::DeviceId, u16)>,
}

/// The export dialog over the monitor: the preset, its options, a preview, *Write*. Once the
/// save dialog could not open, it says where the files go, and offers to ask again.
pub fn dialog(
    ctx: &egui::Context,
    export: &mut ExportState,
    view: &Preview<'_>,
    settings: &mut Settings,
) -> ExportAction {
    if !export.dialog_open {
        return ExportAction::None;
    }
    let mut open = true;
    let mut go = false;
    egui::Window::new(tr!("export-title"))
        .open(&mut open)
        .collapsible(false)
        .default_width(720.0)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() - 140.0)
                .show(ui, |ui| {
                    preset_section(ui, settings);
                    if settings.export_preset == Preset::RaceHorology {
                        let known = super::hand_times::Known {
                            rows: &view.rows,
                            names: view.names,
                            channels: &view.channels,
                        };
                        super::hand_times::section(ui, &mut settings.export_hand_times, &known);
                    }
                    ui.separator();
                    ui.checkbox(&mut export.only_shown, tr!("export-only-shown"))
                        .on_hover_text(tr!("export-only-shown-hint"));
                    ui.checkbox(&mut settings.export_tape, tr!("export-tape"))
                        .on_hover_text(tr!("export-tape-hint"));
                    ui.add_enabled_ui(settings.export_tape, |ui| {
                        ui.indent("tape-printer", |ui| {
                            ui.checkbox(
                                &mut settings.export_tape_printer,
                                tr!("export-tape-printer"),
                            )
                            .on_hover_text(tr!("export-tape-printer-hint"));
                        });
                    });
                    ui.checkbox(&mut settings.export_summary, tr!("export-summary"))
                        .on_hover_text(tr!("export-summary-hint"));
                    ui.label(RichText::new(tr!("export-manifest-note")).weak());
                    ui.separator();
                    ui.label(RichText::new(tr!("export-preview")).strong());
                    preview_section(ui, settings, view);
                    ui.add_space(8.0);
                    if export.no_dialog {
                        let folder = documents_folder()
                            .map(|d| d.display().to_string())
                            .unwrap_or_default();
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                RichText::new(tr!("export-to-documents", folder = folder)).weak(),
                            );
                            // A dialog cancelled within half a second looks like none at all.
                            if ui.small_button(tr!("export-ask-again")).clicked() {
                                export.no_dialog = false;
                            }
                        });
                    }
                });
            // Outside the scrolled part: the buttons stay in view however long the options.
            ui.separator();
            ui.horizontal(|ui| {
                // A window that is not a time would silently keep the whole day.
                let ready = settings.export_preset != Preset::RaceHorology
                    || settings.export_hand_times.window().is_ok();
                if ui
                    .add_enabled(ready, egui::Button::new(tr!("export-write")))
                    .clicked()
                {
                    go = true;
                }
                if ui.button(tr!("sign-out-cancel")).clicked() {
                    export.dialog_open = false;
                }
            });
        });
    if !open || UiCommand::escape_pressed(ctx) {
        export.dialog_open = false;
    }
    if !go {
        return ExportAction::None;
    }
    export.dialog_open = false;
    ExportAction::Start {
        fixed: fixed_target(export, view.fixed),
    }
}

/// The preset's choice, what it writes, and the custom columns when chosen.
fn preset_section(ui: &mut egui::Ui, settings: &mut Settings) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!("preset-label")).strong());
        let custom = match &settings.export_preset {
            Preset::Custom(c) => c.clone(),
            _ => settings.export_custom.clone(),
        };
        for choice in [
            Preset::Full,
            Preset::Excel,
            Preset::RaceHorology,
            Preset::TimyLines,
            Preset::TimyMerged,
            Preset::Custom(custom),
        ] {
            let selected = settings.export_preset.name() == choice.name();
            if ui.radio(selected, preset_label(&choice)).clicked() {
                settings.export_preset = choice;
            }
        }
    });
    ui.label(
        RichText::new(match settings.export_preset {
            Preset::Full => tr!("preset-full-hint"),
            Preset::Excel => tr!("preset-excel-hint"),
            Preset::RaceHorology => tr!("preset-race-horology-hint"),
            Preset::TimyLines => tr!("preset-timy-hint"),
            Preset::TimyMerged => tr!("preset-timy-merged-hint"),
            Preset::Custom(_) => tr!("preset-custom-hint"),
        })
        .weak(),
    );
    if let Preset::Custom(c) = &mut settings.export_preset {
        custom_editor(ui, c);
        settings.export_custom = c.clone();
    }
}

/// The first rows as they will be written.
fn preview_section(ui: &mut egui::Ui, settings: &Settings, view: &Preview<'_>) {
    let lines = preview(
        &settings.export_preset,
        &view.rows,
        view.names,
        &settings.preset_options(),
        5,
    );
    egui::ScrollArea::horizontal()
        .id_salt("export-preview")
        .show(ui, |ui| {
            egui::Grid::new("export-preview-grid")
                .striped(true)
                .show(ui, |ui| {
                    for line in &lines {
                        for cell in line {
                            ui.label(RichText::new(cell).monospace());
                        }
                        ui.end_row();
                    }
                });
        });
}
