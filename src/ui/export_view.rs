//! The toolbar's export: the button, its options, progress, and what became of the file
//! (with *Save to Documents* when the save dialog cannot open, and *Open folder*).

use egui::RichText;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use super::commands::UiCommand;
use super::export_state::ExportOutcome;
use super::monitor_state::MonitorState;
use super::theme::Palette;
use crate::tr;

/// Where exports run, and the fixed file that replaces the save dialog (tests, automation).
pub struct ExportEnv<'a> {
    pub runtime: &'a tokio::runtime::Handle,
    pub export_path: Option<PathBuf>,
}

pub(super) fn export_controls(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    env: &ExportEnv<'_>,
    p: &Palette,
) {
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
        start(ui.ctx(), state, env);
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

/// `~/Documents/mt1-triggers-<date>-<time>.csv` (or in the home folder if there is none).
fn documents_export_path() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    let dir = dirs.document_dir().unwrap_or(dirs.home_dir()).to_owned();
    Some(dir.join(format!(
        "mt1-triggers-{}.csv",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    )))
}

/// Starts an export of the table (to the save dialog's file, or the fixed one).
pub(super) fn start(ctx: &egui::Context, state: &mut MonitorState, env: &ExportEnv<'_>) {
    let ctx = ctx.clone();
    state.start_export(env.runtime, env.export_path.clone(), move || {
        ctx.request_repaint()
    });
}
