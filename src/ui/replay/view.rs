//! The monitor in replay: a journalled session played again (read-only), at true speed or
//! faster, with a time slider to see what the screen showed at any moment.

use egui::RichText;

use crate::model::time::{ticks_to_system_time, TICKS_PER_SECOND};
use crate::replay::Replay;
use crate::tr;
use crate::ui::look::theme::Palette;
use crate::ui::replay::state::ReplayState;

/// What the official asked of the replay bar; applied by the monitor, whose table a jump
/// back starts again.
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayAction {
    None,
    /// Jump to this position (ticks).
    Seek(i64),
}

/// `seconds` past local midnight on the session's day, as a replay position (ticks).
pub fn at_time_of_day(replay: &Replay, seconds: u32) -> Option<i64> {
    let offset = i64::from(chrono::Local::now().offset().local_minus_utc());
    replay.arrival_at_time_of_day(seconds, offset)
}

fn clock(ticks: i64) -> String {
    chrono::DateTime::<chrono::Local>::from(ticks_to_system_time(ticks))
        .format("%H:%M:%S")
        .to_string()
}

/// The replay bar: REPLAY, play/pause, speed, the time slider.
pub fn bar(ui: &mut egui::Ui, r: &mut ReplayState, p: &Palette) -> ReplayAction {
    let mut to = None;
    egui::Panel::top("replay")
        .frame(egui::Frame::new().fill(p.caution_fill).inner_margin(8.0))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(tr!("replay-banner", session = r.session))
                        .color(p.caution_text)
                        .strong()
                        .size(18.0),
                );
                let play = if r.playing {
                    tr!("replay-pause")
                } else {
                    tr!("replay-play")
                };
                if ui.button(play).clicked() {
                    r.playing = !r.playing;
                    if r.playing && r.position >= r.span.1 {
                        to = Some(r.span.0);
                    }
                }
                let l = ui.label(RichText::new(tr!("replay-speed")).color(p.caution_text));
                egui::ComboBox::from_id_salt("replay-speed")
                    .selected_text(format!("{}×", r.speed))
                    .show_ui(ui, |ui| {
                        for s in [1.0, 2.0, 5.0, 10.0, 60.0] {
                            ui.selectable_value(&mut r.speed, s, format!("{s}×"));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let mut at = (r.position - r.span.0) as f64 / TICKS_PER_SECOND as f64;
                let length = ((r.span.1 - r.span.0) as f64 / TICKS_PER_SECOND as f64).max(1.0);
                let start = r.span.0;
                let l = ui.label(
                    RichText::new(tr!("replay-at", time = clock(r.position)))
                        .color(p.caution_text)
                        .strong(),
                );
                let slider = ui
                    .add(
                        egui::Slider::new(&mut at, 0.0..=length)
                            .show_value(false)
                            .custom_formatter(move |v, _| {
                                clock(start + (v * TICKS_PER_SECOND as f64) as i64)
                            }),
                    )
                    .labelled_by(l.id);
                if slider.changed() {
                    to = Some(r.span.0 + (at * TICKS_PER_SECOND as f64) as i64);
                }
            });
        });
    to.map_or(ReplayAction::None, ReplayAction::Seek)
}
