//! The start/finish pair the running-time column shows: a start channel and a finish channel,
//! chosen from the channels the monitor knows (off until both are chosen).

use egui::RichText;

use crate::model::pairs::PairSpec;
use crate::model::trigger::{channel_label, DeviceId};
use crate::tr;
use crate::ui::monitor::state::MonitorState;

type Channel = (DeviceId, u16);

/// The button in the filter bar: opens (or closes) the small window that chooses the pair.
pub fn button(ui: &mut egui::Ui, state: &mut MonitorState) {
    let title = if state.table.pair_spec().is_some() {
        tr!("pair-menu-on")
    } else {
        tr!("pair-menu")
    };
    if ui.selectable_label(state.pair_open, title).clicked() {
        state.pair_open = !state.pair_open;
    }
}

/// The window: Start, Finish, Off. A window, not a menu: a menu closes when one of its
/// combo boxes opens.
pub fn window(ctx: &egui::Context, state: &mut MonitorState) {
    if !state.pair_open {
        return;
    }
    let mut open = true;
    egui::Window::new(tr!("column-running-time"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 90.0])
        .show(ctx, |ui| choose(ui, state));
    state.pair_open &= open;
}

fn choose(ui: &mut egui::Ui, state: &mut MonitorState) {
    ui.label(RichText::new(tr!("pair-hint")).weak());
    let known: Vec<Channel> = state.completeness.keys().cloned().collect();
    let name = |(d, c): &Channel| {
        let device = state.device_names.get(d).map_or(d.as_str(), String::as_str);
        format!("{device} {}", channel_label(*c))
    };
    let (mut start, mut finish) = state.pair_choice.clone();
    egui::Grid::new("pair-grid").show(ui, |ui| {
        for (label, choice, salt) in [
            (tr!("pair-start"), &mut start, "pair-start"),
            (tr!("pair-finish"), &mut finish, "pair-finish"),
        ] {
            let l = ui.label(label);
            egui::ComboBox::from_id_salt(salt)
                .selected_text(choice.as_ref().map_or_else(|| "–".to_owned(), name))
                .show_ui(ui, |ui| {
                    for k in &known {
                        ui.selectable_value(choice, Some(k.clone()), name(k));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
        }
    });
    if ui.button(tr!("pair-off")).clicked() {
        (start, finish) = (None, None);
    }
    state.pair_choice = (start.clone(), finish.clone());
    let spec = match (start, finish) {
        (Some(start), Some(finish)) if start != finish => Some(PairSpec { start, finish }),
        _ => None,
    };
    state.table.set_pairs(spec);
}
