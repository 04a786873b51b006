//! The live trigger table: virtualised rows (only visible rows are laid out), big times,
//! struck-through cleared/deleted rows, header clicks to sort, auto-follow of the newest row.

use egui::{Align, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use std::time::Instant;

use super::monitor_state::Follow;
use super::table_state::{SortColumn, TriggerTable};
use super::theme;
use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::{device_ticks, ticks_to_system_time, WallTime};
use crate::model::trigger::{channel_label, DeviceId};
use std::collections::HashMap;

const ROW_HEIGHT: f32 = 26.0;

const COLUMNS: [(&str, Option<SortColumn>, f32); 11] = [
    ("Device", Some(SortColumn::Device), 120.0),
    ("Channel", Some(SortColumn::Channel), 64.0),
    ("Device time", Some(SortColumn::Time), 150.0),
    ("Bib", Some(SortColumn::Bib), 64.0),
    ("Bib entry", None, 90.0),
    ("Type", Some(SortColumn::Type), 90.0),
    ("Valid", None, 48.0),
    ("State", Some(SortColumn::State), 80.0),
    ("Source", Some(SortColumn::Source), 70.0),
    ("Received", Some(SortColumn::Received), 110.0),
    ("Latency", Some(SortColumn::Latency), 80.0),
];

fn cell_texts(row: &TriggerRow) -> [String; 11] {
    let time = WallTime::from_ticks(device_ticks(row.key.timestamp, row.facts.time_offset_min))
        .time_of_day();
    // The laptop's local clock, like the device time beside it (the CSV keeps UTC).
    let received = chrono::DateTime::<chrono::Local>::from(ticks_to_system_time(row.received))
        .format("%H:%M:%S%.3f")
        .to_string();
    [
        String::new(), // device: filled by the caller (needs the device list)
        channel_label(row.key.channel),
        time,
        row.facts
            .bib
            .as_ref()
            .map_or_else(|| "–".into(), |b| b.number.to_string()),
        row.facts
            .bib
            .as_ref()
            .map_or_else(String::new, |b| match b.kind.as_str() {
                "MANUAL" => "typed".into(),
                "SEQUENTIAL" => "sequential".into(),
                other => other.to_lowercase(),
            }),
        match row.facts.kind.as_str() {
            "StartNumberTrigger" => "impulse".into(),
            "ClearTrigger" => "clear".into(),
            other => other.into(),
        },
        match row.facts.valid {
            Some(true) => "yes".into(),
            Some(false) => "NO".into(),
            None => "?".into(),
        },
        row.state.as_str().into(),
        row.source.as_str().into(),
        received,
        format!("{} ms", row.latency_ms()),
    ]
}

/// Draws the table. Cost grows with the rows on screen, not with the rows in the table.
pub fn show(
    ui: &mut egui::Ui,
    table: &mut TriggerTable,
    names: &HashMap<DeviceId, String>,
    follow: &mut Follow,
    now: Instant,
) {
    let view_len = table.view_len();
    let mut builder = TableBuilder::new(ui)
        .id_salt("triggers")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .min_scrolled_height(0.0);
    for (i, (_, _, width)) in COLUMNS.iter().enumerate() {
        let col = if i + 1 == COLUMNS.len() {
            Column::remainder()
        } else {
            Column::initial(*width).at_least(40.0)
        };
        builder = builder.column(col.clip(true));
    }
    if std::mem::take(&mut follow.scroll_to_top) && view_len > 0 {
        builder = builder.scroll_to_row(0, Some(Align::TOP));
    }
    let mut clicked: Option<SortColumn> = None;
    let mut first_visible: Option<usize> = None;
    let (sort, descending) = (table.sort, table.descending);
    builder
        .header(28.0, |mut header| {
            for (title, column, _) in COLUMNS {
                header.col(|ui| {
                    let text = RichText::new(title).strong();
                    match column {
                        Some(c) => {
                            if ui
                                .add(egui::Button::new(text).frame(false))
                                .on_hover_text("Sort")
                                .clicked()
                            {
                                clicked = Some(c);
                            }
                            if c == sort {
                                sort_mark(ui, descending);
                            }
                        }
                        None => {
                            ui.label(text);
                        }
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, view_len, |mut table_row| {
                let n = table_row.index();
                first_visible = Some(first_visible.map_or(n, |f: usize| f.min(n)));
                let i = table.shown(n);
                let highlighted = table.is_highlighted(i, now);
                let row = table.row(i);
                table_row.set_selected(highlighted);
                let mut texts = cell_texts(row);
                texts[0] = names
                    .get(row.key.device_id.as_str())
                    .cloned()
                    .unwrap_or_else(|| row.key.device_id.to_string());
                let gone = row.state != TriggerState::Active;
                for (c, text) in texts.into_iter().enumerate() {
                    table_row.col(|ui| {
                        let mut rich = RichText::new(text);
                        if c == 2 {
                            rich = rich.monospace().size(18.0).strong();
                        }
                        if c == 3 {
                            rich = rich.size(17.0).strong();
                        }
                        if gone {
                            rich = rich.strikethrough().color(Color32::GRAY);
                        } else if c == 6 && row.facts.valid == Some(false) {
                            rich = rich.color(theme::WARN);
                        }
                        if c == 8 && row.source == Source::History && !gone {
                            rich = rich.color(theme::HISTORY);
                        }
                        ui.label(rich);
                    });
                }
            });
        });
    if let Some(column) = clicked {
        table.sort_by(column);
        follow.scroll_to_top = follow.on;
    }
    // The official scrolled away from the newest rows: stop following until asked.
    if follow.on && first_visible.is_some_and(|f| f > 0) {
        follow.on = false;
    }
}

/// A small painted triangle (the bundled fonts have no arrow glyphs).
fn sort_mark(ui: &mut egui::Ui, descending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if descending { (4.0, -4.0) } else { (-4.0, 4.0) };
    let points = vec![
        egui::pos2(c.x - 4.0, c.y + base),
        egui::pos2(c.x + 4.0, c.y + base),
        egui::pos2(c.x, c.y + tip),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}
