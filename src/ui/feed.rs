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

/// Rows of the settings grid: the outputs and the channel map, checked as they are typed.
pub fn settings_rows(ui: &mut egui::Ui, outputs: &mut String, map: &mut String) {
    let name = ui.label(tr!("settings-timy"));
    ui.vertical(|ui| {
        ui.label(RichText::new(tr!("settings-timy-outputs-hint")).weak());
        ui.add(
            egui::TextEdit::multiline(outputs)
                .desired_rows(2)
                .hint_text("COM3\ntcp:0.0.0.0:7000"),
        )
        .labelled_by(name.id);
        let map_name = ui.label(RichText::new(tr!("settings-timy-map-hint")).weak());
        ui.add(egui::TextEdit::singleline(map).hint_text("1=0"))
            .labelled_by(map_name.id);
        match config_of(outputs, map) {
            Ok(c) if c.is_empty() => {
                ui.label(RichText::new(tr!("settings-timy-none")).weak());
            }
            Ok(c) => {
                ui.label(tr!("settings-timy-ok", count = c.outputs.len()));
            }
            Err(e) => {
                let p = theme::palette(ui.ctx());
                ui.label(
                    RichText::new(tr!("settings-timy-bad", error = e.to_string())).color(p.lost),
                );
            }
        }
    });
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
