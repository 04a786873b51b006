//! Opening a folder in the file manager (export, logs, data) off the UI thread, and saying
//! so when nothing opens it, with the path to copy: a laptop without a file manager must
//! still let the official find the files.

use egui::RichText;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::support::{open_folder, FolderError};
use crate::tr;

/// Opens folders; shared by every screen that offers *Open folder*.
#[derive(Clone, Default)]
pub struct FolderOpener {
    failed: Arc<Mutex<Option<(PathBuf, FolderError)>>>,
}

impl FolderOpener {
    pub fn open(&self, runtime: &tokio::runtime::Handle, ctx: &egui::Context, dir: PathBuf) {
        let failed = self.failed.clone();
        let ctx = ctx.clone();
        runtime.spawn_blocking(move || {
            if let Err(e) = open_folder(&dir) {
                let why = crate::mt1::net_error::with_causes(&e);
                tracing::warn!("could not open {}: {why}", dir.display());
                *failed.lock().unwrap_or_else(PoisonError::into_inner) = Some((dir, e));
                ctx.request_repaint();
            }
        });
    }

    /// The window that says a folder did not open, while there is one to say.
    pub fn show(&self, ctx: &egui::Context) {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        let Some((dir, e)) = &*failed else {
            return;
        };
        let why = match e {
            FolderError::NoOpener(..) => tr!("folder-no-opener"),
            FolderError::NoAnswer(..) => tr!("folder-no-answer"),
            FolderError::Create(_) | FolderError::Open(_) => tr!("folder-failed"),
        };
        let path = dir.display().to_string();
        let mut close = false;
        // A modal: it is asked for from Settings and About, modals themselves, and must stand
        // above them to be used.
        let modal = egui::Modal::new(egui::Id::unique("folder-not-opened")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(tr!("folder-title"));
            ui.label(RichText::new(format!("⚠ {why}")).strong());
            ui.label(tr!("folder-path"));
            ui.add(egui::Label::new(RichText::new(&path).monospace()).selectable(true));
            ui.horizontal(|ui| {
                if ui.button(tr!("folder-copy")).clicked() {
                    ui.ctx().copy_text(path.clone());
                }
                if ui.button(tr!("help-close")).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            *failed = None;
        }
    }
}
