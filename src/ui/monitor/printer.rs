//! The device printer's view on screen: one device's paper as its printer would have printed
//! it (`model::timy::printout`), oldest first and the newest at the bottom, as on the roll;
//! one channel or all. A window beside the table, so the official compares the two.

use egui::RichText;
use std::collections::BTreeSet;

use crate::model::timy::printout;
use crate::model::trigger::{channel_label, DeviceId};
use crate::tr;
use crate::ui::monitor::state::MonitorState;

/// The button in the filter bar: opens (or closes) the printer's window.
pub fn button(ui: &mut egui::Ui, state: &mut MonitorState) {
    if ui
        .selectable_label(state.printer.open, tr!("printer-menu"))
        .clicked()
    {
        state.printer.open = !state.printer.open;
    }
}

pub fn window(ctx: &egui::Context, state: &mut MonitorState) {
    if !state.printer.open {
        return;
    }
    let mut open = true;
    // At the right, over the table's last columns, so the rows it is compared with stay
    // in view; never taller than the window.
    let screen = ctx.content_rect();
    egui::Window::new(tr!("printer-title"))
        .open(&mut open)
        .pivot(egui::Align2::RIGHT_TOP)
        .default_pos(screen.right_top() + egui::vec2(-16.0, 100.0))
        .default_size([320.0, 420.0])
        .max_height((screen.height() - 160.0).max(200.0))
        .show(ctx, |ui| paper(ui, state));
    state.printer.open &= open;
}

fn paper(ui: &mut egui::Ui, state: &mut MonitorState) {
    ui.label(RichText::new(tr!("printer-hint")).weak());
    // The channels watched, and those that printed something (the table keeps them).
    let known: BTreeSet<(DeviceId, u16)> = state
        .completeness
        .keys()
        .cloned()
        .chain(state.table.channel_keys().map(|(d, c)| (d.clone(), c)))
        .collect();
    let devices: BTreeSet<DeviceId> = known.iter().map(|(d, _)| d.clone()).collect();
    let name = |d: &DeviceId| state.device_names.get(d).cloned().unwrap_or(d.to_string());
    let mut device = state
        .printer
        .device
        .clone()
        .filter(|d| devices.contains(d))
        .or_else(|| devices.first().cloned());
    let mut channel = state.printer.channel;
    egui::Grid::new("printer-grid").show(ui, |ui| {
        let l = ui.label(tr!("printer-device"));
        egui::ComboBox::from_id_salt("printer-device")
            .selected_text(device.as_ref().map_or_else(|| "–".to_owned(), name))
            .show_ui(ui, |ui| {
                for d in &devices {
                    ui.selectable_value(&mut device, Some(d.clone()), name(d));
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(tr!("printer-channel"));
        let all = tr!("printer-all-channels");
        egui::ComboBox::from_id_salt("printer-channel")
            .selected_text(channel.map_or_else(|| all.clone(), channel_label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut channel, None, all.clone());
                let mine = known.iter().filter(|(d, _)| Some(d) == device.as_ref());
                for (_, c) in mine {
                    ui.selectable_value(&mut channel, Some(*c), channel_label(*c));
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
    });
    state.printer.device = device.clone();
    state.printer.channel = channel;
    let Some(device) = device else {
        return;
    };
    let rows = (0..state.table.len()).map(|i| state.table.row(i));
    let lines = printout(rows, &device, channel);
    if lines.is_empty() {
        ui.label(tr!("printer-empty"));
        return;
    }
    ui.separator();
    let height = ui.text_style_height(&egui::TextStyle::Monospace);
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show_rows(ui, height, lines.len(), |ui, range| {
            for line in &lines[range] {
                ui.label(RichText::new(line).monospace());
            }
        });
}
