//! Race Horology's options in the export dialog: Start or Ziel per device channel (in the
//! file's name), the window of the day, and a warning when the device's times are more than
//! a second from this laptop's (Race Horology would pair nothing).

use egui::RichText;
use std::collections::HashMap;

use crate::export::hand_times::{clock_gap, local_offset_s, role_word, HandTimes};
use crate::model::row::TriggerRow;
use crate::model::trigger::{channel_label, DeviceId};
use crate::tr;
use crate::ui::look::theme;

/// What the section shows besides the options: the newest rows (how the clocks stand now),
/// the devices' names and every device channel known.
pub struct Known<'a> {
    pub rows: &'a [&'a TriggerRow],
    pub names: &'a HashMap<DeviceId, String>,
    pub channels: &'a [(DeviceId, u16)],
}

pub fn section(ui: &mut egui::Ui, hand: &mut HandTimes, view: &Known<'_>) {
    let p = theme::palette(ui.ctx());
    ui.label(RichText::new(tr!("hand-roles")).strong());
    egui::Grid::new("hand-roles").show(ui, |ui| {
        for (device, channel) in view.channels {
            let name = view
                .names
                .get(device)
                .map_or(device.as_str(), String::as_str);
            ui.label(format!("{name} {}", channel_label(*channel)));
            let mut start = hand.is_start(device, *channel);
            let before = start;
            ui.radio_value(&mut start, true, role_word(true));
            ui.radio_value(&mut start, false, role_word(false));
            if start != before {
                hand.set_start(device, *channel, start);
            }
            ui.end_row();
        }
    });
    ui.horizontal(|ui| {
        let from = ui.label(tr!("hand-from"));
        ui.add(
            egui::TextEdit::singleline(&mut hand.from)
                .desired_width(70.0)
                .hint_text("09:00"),
        )
        .labelled_by(from.id);
        let to = ui.label(tr!("hand-to"));
        ui.add(
            egui::TextEdit::singleline(&mut hand.to)
                .desired_width(70.0)
                .hint_text("12:30"),
        )
        .labelled_by(to.id);
        ui.label(RichText::new(tr!("hand-window-hint")).weak());
    });
    if let Err(bad) = hand.window() {
        ui.label(RichText::new(tr!("hand-window-bad", text = bad)).color(p.lost));
    }
    // The newest rows say how the devices' clocks stand now.
    if let Some(gap) = clock_gap(view.rows, local_offset_s) {
        let name = view
            .names
            .get(&gap.device)
            .cloned()
            .unwrap_or_else(|| gap.device.to_string());
        let seconds = format!("{:+.1}", gap.ms as f64 / 1000.0);
        ui.label(
            RichText::new(format!(
                "⚠ {}",
                tr!("hand-clock-gap", device = name, seconds = seconds)
            ))
            .color(p.warn),
        );
    }
}
