//! The big clock: the last trigger of the chosen channels in digits readable from 3 m (device
//! time to 1/100 or 1/1000 s, bib, channel and device), with the one before it. A panel beside
//! the table, or a window of its own for a second screen, full-screen if wanted, where the
//! digits fill the window and two or more chosen channels (start, finish) stand side by side,
//! with the running time from the first chosen channel to the second if asked. It follows the
//! live feed.

use egui::RichText;
use std::sync::Arc;

use crate::model::row::{TriggerRow, TriggerState};
use crate::model::time::TICKS_PER_SECOND;
use crate::model::trigger::{channel_label, DeviceId, TriggerKind};
use crate::tr;
use crate::ui::look::format::device_time_of_day;
use crate::ui::look::i18n::Language;
use crate::ui::look::theme;
use crate::ui::table::state::TriggerTable;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct BigClock {
    pub open: bool,
    /// In a window of its own (a second screen) instead of a panel.
    pub own_window: bool,
    pub fullscreen: bool,
    /// The channels it shows; empty: every channel.
    pub channels: Vec<(DeviceId, u16)>,
    /// The running time from the first chosen channel (start) to the second (finish).
    pub running: bool,
}

/// The running time between the last start and what followed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Running {
    /// Started, no finish since: counting from the start's device time.
    OnCourse { start: Arc<TriggerRow> },
    /// The first finish after the last start: the time between them, to 1/10 000 s.
    Finished {
        start: Arc<TriggerRow>,
        finish: Arc<TriggerRow>,
        ticks: i64,
    },
}

/// The last start on `start` and, if one came after it, the finish on `finish`: one racer
/// at a time on course, as a display board at the line shows it. A finish with another bib
/// than the start's is someone else's and does not stop the clock.
pub fn running(
    table: &TriggerTable,
    start: &(DeviceId, u16),
    finish: &(DeviceId, u16),
) -> Option<Running> {
    let start = last_two(table, std::slice::from_ref(start))
        .into_iter()
        .next()?;
    let first_finish = impulses_on(table, std::slice::from_ref(finish))
        .filter(|r| {
            r.key.timestamp > start.key.timestamp
                && match (&start.facts.bib, &r.facts.bib) {
                    (Some(a), Some(b)) => a.number == b.number,
                    _ => true,
                }
        })
        .take(SEARCH)
        .min_by_key(|r| r.key.timestamp)
        .cloned();
    match first_finish {
        None => Some(Running::OnCourse { start }),
        Some(finish) => Some(Running::Finished {
            ticks: finish.key.timestamp - start.key.timestamp,
            start,
            finish,
        }),
    }
}

/// A running time as a board writes it, truncated to `digits` decimals (never rounded):
/// `1:23.45`, `1:02:03.45` past the hour.
pub fn duration_text(ticks: i64, digits: u8, language: Language) -> String {
    let digits = u32::from(digits.clamp(1, 4));
    let ticks = ticks.max(0);
    let seconds = ticks / TICKS_PER_SECOND;
    let fraction = (ticks % TICKS_PER_SECOND) / (TICKS_PER_SECOND / 10_i64.pow(digits));
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let whole = if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    let width = digits as usize;
    crate::ui::look::format::with_decimal_mark(format!("{whole}.{fraction:0width$}"), language)
}

/// How many of the latest matching arrivals are searched for the newest trigger by device time
/// (a history read may bring older ones later; the newest is among the latest few hundred).
const SEARCH: usize = 500;

/// The active impulses on `channels` (every channel when empty), latest arrival first.
fn impulses_on<'a>(
    table: &'a TriggerTable,
    channels: &'a [(DeviceId, u16)],
) -> impl Iterator<Item = &'a Arc<TriggerRow>> {
    table.rows_latest_first().filter(move |r| {
        r.state == TriggerState::Active
            && r.facts.kind != TriggerKind::Clear
            && (channels.is_empty()
                || channels
                    .iter()
                    .any(|(d, c)| *c == r.key.channel && *d == r.key.device_id))
    })
}

/// The newest two active impulses on `channels` (every channel when empty), by device time.
pub fn last_two(table: &TriggerTable, channels: &[(DeviceId, u16)]) -> Vec<Arc<TriggerRow>> {
    let mut found: Vec<Arc<TriggerRow>> =
        impulses_on(table, channels).take(SEARCH).cloned().collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.key.timestamp));
    found.truncate(2);
    found
}

/// `HH:MM:SS.ff` or `HH:MM:SS.fff`: truncated, as a timekeeper does, never rounded.
pub fn clock_text(row: &TriggerRow, digits: u8) -> String {
    let full = device_time_of_day(row, crate::ui::look::i18n::language());
    let cut = 4usize.saturating_sub(usize::from(digits.clamp(1, 4)));
    full[..full.len() - cut].to_owned()
}

/// The digits' size: as large as the width allows (a monospace digit is about 0.6 of the
/// text size), one line, never wrapped; in the panel at most 72 pt, in a window of its own
/// as large as its height allows too (the digits fill a second screen).
pub fn digit_size(available: egui::Vec2, chars: usize, in_window: bool) -> f32 {
    let by_width = available.x / (chars.max(1) as f32 * 0.62);
    let cap = if in_window { available.y * 0.4 } else { 72.0 };
    by_width.min(cap).max(12.0)
}

fn trigger(
    ui: &mut egui::Ui,
    view: &View<'_>,
    row: &TriggerRow,
    digits: u8,
    scale: f32,
    in_window: bool,
) {
    let name = view
        .names
        .get(row.key.device_id.as_str())
        .cloned()
        .unwrap_or_else(|| row.key.device_id.to_string());
    let text = clock_text(row, digits);
    let what = format!("{} · {name}", channel_label(row.key.channel));
    board(ui, text, row, what, scale, in_window);
}

/// Digits as large as the place allows, then the bib and what the digits are.
fn board(
    ui: &mut egui::Ui,
    digits: String,
    row: &TriggerRow,
    what: String,
    scale: f32,
    in_window: bool,
) {
    let size = digit_size(ui.available_size(), digits.chars().count(), in_window) * scale;
    ui.add(
        egui::Label::new(RichText::new(digits).monospace().strong().size(size))
            .wrap_mode(egui::TextWrapMode::Extend),
    );
    let bib = row
        .facts
        .bib
        .as_ref()
        .map_or_else(|| "–".into(), |b| b.number.to_string());
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(tr!("big-clock-bib", bib = bib))
                .strong()
                .size(48.0 * scale),
        );
        ui.label(RichText::new(what).size(28.0 * scale));
    });
}

/// The running time's board: counting in tenths while on course (a repaint each tenth, only
/// while it shows), the time to the chosen decimals once finished.
fn running_board(
    ui: &mut egui::Ui,
    clock: &BigClock,
    view: &View<'_>,
    digits: u8,
    in_window: bool,
) {
    let p = theme::palette(ui.ctx());
    let language = crate::ui::look::i18n::language();
    ui.label(RichText::new(tr!("big-clock-running")).color(p.weak));
    let [start, finish, ..] = clock.channels.as_slice() else {
        return;
    };
    match running(view.table, start, finish) {
        None => {
            ui.label(RichText::new(tr!("big-clock-waiting")).color(p.weak));
        }
        Some(Running::OnCourse { start }) => {
            let text = duration_text(view.now - start.key.timestamp, 1, language);
            board(ui, text, &start, tr!("big-clock-on-course"), 1.0, in_window);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        Some(Running::Finished { finish, ticks, .. }) => {
            let text = duration_text(ticks, digits, language);
            board(ui, text, &finish, tr!("big-clock-finished"), 1.0, in_window);
        }
    }
}

/// The clock's content: the channel choice, the last trigger, the one before.
fn content(ui: &mut egui::Ui, clock: &mut BigClock, view: &View<'_>, digits: u8, in_window: bool) {
    let p = theme::palette(ui.ctx());
    ui.horizontal_wrapped(|ui| {
        ui.label(tr!("big-clock-channels"));
        for k in view.channels.iter().cloned() {
            let name = view
                .names
                .get(k.0.as_str())
                .cloned()
                .unwrap_or_else(|| k.0.to_string());
            let mut on = clock.channels.contains(&k);
            if ui
                .checkbox(&mut on, format!("{name} {}", channel_label(k.1)))
                .changed()
            {
                clock.channels.retain(|c| *c != k);
                if on {
                    clock.channels.push(k);
                }
            }
        }
        if clock.channels.len() > 1 {
            ui.checkbox(&mut clock.running, tr!("big-clock-running-choice"));
        }
        if !in_window && ui.button(tr!("big-clock-own-window")).clicked() {
            clock.own_window = true;
        }
    });
    ui.separator();
    let running = clock.running && clock.channels.len() > 1;
    // In a window of its own, two or more chosen channels side by side (start and finish),
    // and the running time beside them.
    if in_window && clock.channels.len() > 1 {
        let chosen = clock.channels.clone();
        ui.columns(chosen.len() + usize::from(running), |columns| {
            for (ui, channel) in columns.iter_mut().zip(&chosen) {
                match last_two(view.table, std::slice::from_ref(channel)).first() {
                    Some(last) => trigger(ui, view, last, digits, 1.0, true),
                    None => {
                        ui.label(RichText::new(tr!("big-clock-waiting")).color(p.weak));
                    }
                }
            }
            if let Some(ui) = columns.get_mut(chosen.len()).filter(|_| running) {
                running_board(ui, clock, view, digits, true);
            }
        });
        return;
    }
    if running {
        running_board(ui, clock, view, digits, in_window);
        ui.separator();
    }
    let rows = last_two(view.table, &clock.channels);
    match rows.first() {
        None => {
            ui.label(
                RichText::new(tr!("big-clock-waiting"))
                    .size(28.0)
                    .color(p.weak),
            );
        }
        Some(last) => {
            trigger(ui, view, last, digits, 1.0, in_window);
            if let Some(before) = rows.get(1) {
                ui.add_space(12.0);
                ui.label(RichText::new(tr!("big-clock-before")).color(p.weak));
                trigger(ui, view, before, digits, 0.45, in_window);
            }
        }
    }
}

/// What the clock reads: the table, the channels offered, the devices' names, and the
/// monitor's clock (a replay's, or now).
pub struct View<'a> {
    pub table: &'a TriggerTable,
    /// The channels offered to show, in order.
    pub channels: &'a [(DeviceId, u16)],
    pub names: &'a HashMap<DeviceId, String>,
    /// Now, as the monitor counts it (ticks): the running time counts from a start to it.
    pub now: i64,
}

/// Draws the big clock where it lives now (called every frame the monitor shows).
pub fn show(ui: &mut egui::Ui, clock: &mut BigClock, view: &View<'_>, digits: u8) {
    if !clock.open {
        return;
    }
    if !clock.own_window {
        // At most 30 % of the window: at 1024×768 the table keeps its time and bib in view.
        let widest = (ui.available_width() * 0.3).max(240.0);
        egui::Panel::right("big-clock")
            .default_size(420.0_f32.min(widest))
            .max_size(widest)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("big-clock-scroll")
                    .show(ui, |ui| content(ui, clock, view, digits, false));
            });
        return;
    }
    let id = egui::ViewportId::from_hash_of("big-clock");
    let builder = egui::ViewportBuilder::default()
        .with_title(tr!("command-big-clock"))
        .with_inner_size([900.0, 520.0]);
    ui.ctx().show_viewport_immediate(id, builder, |ui, _class| {
        let ctx = ui.ctx().clone();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                let fullscreen = clock.fullscreen;
                let label = if fullscreen {
                    tr!("big-clock-leave-fullscreen")
                } else {
                    tr!("big-clock-fullscreen")
                };
                if ui.button(label).clicked() {
                    clock.fullscreen = !fullscreen;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!fullscreen));
                }
                if ui.button(tr!("big-clock-back-to-panel")).clicked() {
                    clock.own_window = false;
                }
            });
            content(ui, clock, view, digits, true);
        });
        if ctx.input(|i| i.viewport().close_requested()) {
            clock.own_window = false;
            clock.open = false;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_fill_a_window_of_their_own_and_stay_modest_in_the_panel() {
        let window = egui::vec2(1400.0, 900.0);
        let size = digit_size(window, 11, true);
        assert!(size > 150.0, "a second screen's digits: {size}");
        assert!(size * 0.62 * 11.0 <= 1400.0, "one line");
        assert_eq!(digit_size(window, 11, false), 72.0, "the panel's cap");
        assert!(
            digit_size(egui::vec2(300.0, 900.0), 11, false) < 72.0,
            "narrow: fits"
        );
    }

    #[test]
    fn a_running_time_is_truncated_never_rounded() {
        let t = |s: f64| (s * TICKS_PER_SECOND as f64).round() as i64;
        assert_eq!(duration_text(t(83.4599), 2, Language::English), "1:23.45");
        assert_eq!(duration_text(t(83.4599), 4, Language::English), "1:23.4599");
        assert_eq!(duration_text(t(83.4599), 1, Language::German), "1:23,4");
        assert_eq!(
            duration_text(t(3723.05), 2, Language::English),
            "1:02:03.05"
        );
        assert_eq!(duration_text(t(9.999), 2, Language::English), "0:09.99");
        assert_eq!(
            duration_text(-5, 2, Language::English),
            "0:00.00",
            "never negative"
        );
    }
}
