//! The menu bar (File, View, Help) and the help overlay (F1) listing every command with its
//! shortcut. Both only name commands; the app runs them.

use egui::RichText;

use crate::tr;
use crate::ui::commands::UiCommand;
use strum::IntoEnumIterator;

/// Draws the menu bar; a chosen entry is pushed onto `commands`. `on_monitor`: the commands
/// that act on the monitor (export, filter, reconnect, sign out) are offered.
pub fn bar(ui: &mut egui::Ui, on_monitor: bool, commands: &mut Vec<UiCommand>) {
    let ctx = ui.ctx().clone();
    let mut entry = |ui: &mut egui::Ui, command: UiCommand, enabled: bool| {
        if ui.add_enabled(enabled, command.button(&ctx)).clicked() {
            commands.push(command);
            ui.close();
        }
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr!("menu-file"), |ui| {
            entry(ui, UiCommand::Export, on_monitor);
            entry(ui, UiCommand::Settings, true);
            ui.separator();
            entry(ui, UiCommand::SignOut, on_monitor);
            entry(ui, UiCommand::Quit, true);
        });
        ui.menu_button(tr!("menu-view"), |ui| {
            entry(ui, UiCommand::FocusFilter, on_monitor);
            entry(ui, UiCommand::ClearFilter, on_monitor);
            entry(ui, UiCommand::ResumeFollowing, on_monitor);
            entry(ui, UiCommand::ReconnectNow, on_monitor);
            entry(ui, UiCommand::BigClock, on_monitor);
            entry(ui, UiCommand::PreRaceCheck, on_monitor);
            entry(ui, UiCommand::Mute, true);
            ui.separator();
            entry(ui, UiCommand::ZoomIn, true);
            entry(ui, UiCommand::ZoomOut, true);
            entry(ui, UiCommand::ZoomReset, true);
        });
        ui.menu_button(tr!("menu-help"), |ui| {
            entry(ui, UiCommand::Help, true);
            entry(ui, UiCommand::About, true);
        });
    });
}

/// The help overlay: every command and its shortcut. Returns true when it should close.
pub fn help(ctx: &egui::Context) -> bool {
    let mut close = false;
    let max_height = (ctx.content_rect().height() - 160.0).max(120.0);
    let modal = egui::Modal::new(egui::Id::unique("help")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(tr!("help-title"));
        ui.add(egui::Label::new(RichText::new(tr!("help-typing-note")).weak()).wrap());
        ui.add_space(6.0);
        // The whole list at 1280×800; it scrolls only in a smaller window or a larger zoom.
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .min_scrolled_height(max_height)
            .show(ui, |ui| {
                egui::Grid::new("help-grid")
                    .num_columns(2)
                    .spacing([24.0, 6.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for c in UiCommand::iter() {
                            ui.label(c.label());
                            let keys = c.shortcut_text(ctx);
                            if keys.is_empty() {
                                ui.label(RichText::new(tr!("help-menu-only")).weak());
                            } else {
                                ui.label(RichText::new(keys).monospace().strong());
                            }
                            ui.end_row();
                        }
                    });
            });
        ui.add_space(6.0);
        if ui.button(tr!("help-close")).clicked() {
            close = true;
        }
    });
    close || modal.should_close()
}
