//! The About dialog (version, git commit, build date, target, renderer, the data and log folders with
//! a button that opens each) and the notice that the last run crashed.

use egui::RichText;
use std::path::{Path, PathBuf};

use crate::support;
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AboutAction {
    None,
    Close,
    OpenFolder(PathBuf),
}

fn folder_row(ui: &mut egui::Ui, label: String, dir: Option<&Path>, action: &mut AboutAction) {
    ui.label(label);
    ui.vertical(|ui| match dir {
        Some(d) => {
            ui.add(egui::Label::new(d.display().to_string()).truncate());
            if ui.button(tr!("settings-open-folder")).clicked() {
                *action = AboutAction::OpenFolder(d.to_owned());
            }
        }
        None => {
            ui.label(RichText::new(tr!("settings-no-data-folder")).weak());
        }
    });
    ui.end_row();
}

/// `renderer`: the graphics API and adapter that draw the window, in words.
pub fn show(
    ctx: &egui::Context,
    data_dir: Option<&Path>,
    log_dir: Option<&Path>,
    renderer: &str,
) -> AboutAction {
    let mut action = AboutAction::None;
    let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(tr!("app-title"));
        ui.label(tr!("login-tagline"));
        ui.add_space(6.0);
        egui::Grid::new("about-grid")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                for (label, value) in [
                    (tr!("about-version"), support::VERSION),
                    (tr!("about-commit"), support::GIT_COMMIT),
                    (tr!("about-built"), support::BUILD_DATE),
                    (tr!("about-target"), support::TARGET),
                    (tr!("about-renderer"), renderer),
                ] {
                    ui.label(label);
                    ui.label(RichText::new(value).monospace());
                    ui.end_row();
                }
                folder_row(ui, tr!("settings-data-folder"), data_dir, &mut action);
                folder_row(ui, tr!("about-log-folder"), log_dir, &mut action);
            });
        ui.add_space(8.0);
        if ui.button(tr!("help-close")).clicked() {
            action = AboutAction::Close;
        }
    });
    if modal.should_close() && action == AboutAction::None {
        action = AboutAction::Close;
    }
    action
}

/// Said once after a crash: where the note is, with a button to open its folder.
pub fn crash_notice(ctx: &egui::Context, note: &Path) -> AboutAction {
    let mut action = AboutAction::None;
    let modal = egui::Modal::new(egui::Id::unique("crash-notice")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(tr!("crash-title"));
        ui.label(tr!("crash-explain", note = note.display().to_string()));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if let Some(dir) = note.parent() {
                if ui.button(tr!("settings-open-folder")).clicked() {
                    action = AboutAction::OpenFolder(dir.to_owned());
                }
            }
            if ui.button(tr!("help-close")).clicked() {
                action = AboutAction::Close;
            }
        });
    });
    if modal.should_close() && action == AboutAction::None {
        action = AboutAction::Close;
    }
    action
}
