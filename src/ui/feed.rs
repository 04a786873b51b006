//! The timing software's feed on screen: its rows in the settings (which outputs, which
//! channel map) and each output's state in the status bar.

use egui::RichText;

use crate::feed::{FeedConfig, OutputState, OutputStatus, SpecError, StatusBoard};
use crate::tr;
use crate::ui::look::theme::{self, Palette};

/// The outputs (one per line) and the channel map (entries apart by spaces, commas or
/// lines), as the settings keep them.
pub fn config_of(outputs: &str, map: &str) -> Result<FeedConfig, SpecError> {
    FeedConfig::parse(
        outputs.lines(),
        map.split(|c: char| c == ',' || c.is_whitespace()),
    )
}

/// Rows of the settings grid: the outputs and the channel map, checked as they are typed and
/// used from *Apply* on (a half-typed `COM1` on the way to `COM10` must never open a port).
/// The words being typed live in egui's memory until applied.
pub fn settings_rows(ui: &mut egui::Ui, outputs: &mut String, map: &mut String) {
    let id = egui::Id::unique("timy-draft");
    let mut draft: (String, String) = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| (outputs.clone(), map.clone()));
    let name = ui.label(tr!("settings-timy"));
    ui.vertical(|ui| {
        ui.label(RichText::new(tr!("settings-timy-outputs-hint")).weak());
        ui.add(
            egui::TextEdit::multiline(&mut draft.0)
                .desired_rows(2)
                .hint_text("COM3\ntcp:0.0.0.0:7000"),
        )
        .labelled_by(name.id);
        let map_name = ui.label(RichText::new(tr!("settings-timy-map-hint")).weak());
        ui.add(egui::TextEdit::singleline(&mut draft.1).hint_text("1=0"))
            .labelled_by(map_name.id);
        let changed = draft.0 != *outputs || draft.1 != *map;
        ui.horizontal_wrapped(|ui| match config_of(&draft.0, &draft.1) {
            Ok(c) => {
                if ui
                    .add_enabled(changed, egui::Button::new(tr!("settings-timy-apply")))
                    .clicked()
                {
                    (*outputs, *map) = draft.clone();
                }
                let said = match (changed, c.is_empty()) {
                    (true, _) => tr!("settings-timy-not-yet"),
                    (false, true) => tr!("settings-timy-none"),
                    (false, false) => tr!("settings-timy-ok", count = c.outputs.len()),
                };
                ui.label(RichText::new(said).weak());
            }
            Err(e) => {
                let p = theme::palette(ui.ctx());
                ui.label(
                    RichText::new(tr!("settings-timy-bad", error = e.to_string())).color(p.lost),
                );
            }
        });
    });
    ui.data_mut(|d| d.insert_temp(id, draft));
    ui.end_row();
}

/// One item per output in the status bar; a warning colour when lines wait for nobody.
pub fn status_items(ui: &mut egui::Ui, board: &StatusBoard, p: &Palette) {
    for output in board.snapshot() {
        ui.separator();
        let text = status_text(&output);
        let label = if output.needs_attention() {
            RichText::new(text).color(p.warn)
        } else {
            RichText::new(text)
        };
        let shown = ui.label(label);
        if let OutputState::Down { reason } = &output.state {
            shown.on_hover_text(reason);
        }
    }
}

fn status_text(o: &OutputStatus) -> String {
    let state = match &o.state {
        OutputState::Opening => tr!("feed-opening"),
        OutputState::Open { readers: None } => tr!("feed-open"),
        OutputState::Open { readers: Some(n) } => tr!("feed-readers", count = *n),
        OutputState::Down { .. } => tr!("feed-down"),
        OutputState::Stopped => tr!("feed-stopped"),
    };
    let text = tr!(
        "feed-status",
        name = o.name.as_str(),
        state = state,
        written = o.written
    );
    match o.waiting {
        0 => text,
        n => format!("{text} · {}", tr!("feed-waiting", count = n)),
    }
}
