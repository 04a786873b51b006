//! Watchdogs on screen: the button beside each channel, the dialog that arms one, and the
//! banner across the window when one trips (it stays until acknowledged).

use egui::RichText;

use crate::model::time::now_ticks;
use crate::model::trigger::{channel_label, DeviceId};
use crate::model::watchdog::Trip;
use crate::tr;
use crate::ui::look::theme::Palette;
use crate::ui::monitor::awareness::WatchdogDraft;
use crate::ui::monitor::banners::banner;
use crate::ui::monitor::state::MonitorState;

/// The ⏱ button beside a channel: armed ones show so, tripped ones say it in words.
pub fn channel_button(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    device: &DeviceId,
    channel: u16,
    p: &Palette,
) {
    let armed = state.aware.rule(device, channel).is_some();
    let tripped = state.aware.watchdogs.iter().any(|w| {
        w.rule.device == device.as_str() && w.rule.channel == channel && w.tripped.is_some()
    });
    let text = if tripped {
        RichText::new(format!("⏱ {}", tr!("watchdog-tripped-mark")))
            .color(p.lost)
            .strong()
    } else if armed {
        RichText::new("⏱").color(p.live)
    } else {
        RichText::new("⏱").color(p.weak)
    };
    let hint = if armed {
        tr!("watchdog-armed-hint")
    } else {
        tr!("watchdog-arm-hint")
    };
    let button = ui
        .add(egui::Button::new(text).small().frame(false))
        .on_hover_text(&hint);
    // A screen reader says which channel's watchdog and how it stands, not "⏱".
    let spoken = format!(
        "{}: {}",
        tr!(
            "a11y-watchdog",
            device = state.device_name(device),
            channel = channel_label(channel)
        ),
        if tripped {
            tr!("a11y-watchdog-tripped")
        } else {
            hint.clone()
        }
    );
    button.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &spoken));
    if button.clicked() {
        state.watchdog_draft = Some(WatchdogDraft::for_channel(
            &state.aware,
            state.watchdog_defaults,
            device,
            channel,
        ));
    }
}

/// The dialog that arms, changes or disarms a channel's watchdog.
pub fn dialog(ctx: &egui::Context, state: &mut MonitorState) {
    let Some(mut draft) = state.watchdog_draft.take() else {
        return;
    };
    let mut keep = true;
    let title = tr!(
        "watchdog-title",
        device = state.device_name(&draft.device),
        channel = channel_label(draft.channel)
    );
    let starts = start_channels(state, &draft);
    if draft.start.is_none() {
        // The usual pairing: C0 (the start) of any device.
        draft.start = starts.iter().find(|(_, c)| *c == 0).cloned();
    }
    let names = state.device_names.clone();
    let label_of = |(d, c): &(DeviceId, u16)| {
        let n = names.get(d).cloned().unwrap_or_else(|| d.to_string());
        format!("{n} {}", channel_label(*c))
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 100.0])
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.horizontal(|ui| {
                let l = ui.checkbox(&mut draft.silence_on, tr!("watchdog-silence"));
                ui.add(
                    egui::DragValue::new(&mut draft.silence_s)
                        .range(5..=3600)
                        .suffix(" s"),
                )
                .labelled_by(l.id);
            });
            ui.label(RichText::new(tr!("watchdog-silence-hint")).weak().small());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let l = ui.checkbox(&mut draft.pair_on, tr!("watchdog-pair"));
                ui.add(
                    egui::DragValue::new(&mut draft.max_behind)
                        .range(0..=500)
                        .suffix(format!(" {}", tr!("watchdog-behind"))),
                )
                .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = ui.label(tr!("watchdog-start-channel"));
                let selected = draft.start.as_ref().map_or_else(String::new, label_of);
                egui::ComboBox::from_id_salt("watchdog-start")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for s in &starts {
                            ui.selectable_value(&mut draft.start, Some(s.clone()), label_of(s));
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let valid = draft.silence_on || (draft.pair_on && draft.start.is_some());
                if ui
                    .add_enabled(valid, egui::Button::new(tr!("watchdog-arm")))
                    .clicked()
                {
                    state.aware.arm(draft.rule(), &state.table, now_ticks());
                    keep = false;
                }
                if state.aware.rule(&draft.device, draft.channel).is_some()
                    && ui.button(tr!("watchdog-disarm")).clicked()
                {
                    state.aware.disarm(&draft.device, draft.channel);
                    keep = false;
                }
                if ui.button(tr!("watchdog-cancel")).clicked() {
                    keep = false;
                }
            });
        });
    if keep && !crate::ui::commands::UiCommand::escape_pressed(ctx) {
        state.watchdog_draft = Some(draft);
    }
}

/// The start channels a finish can be paired with: every channel the table holds, and C0
/// of each device; not the watched channel itself.
fn start_channels(state: &MonitorState, draft: &WatchdogDraft) -> Vec<(DeviceId, u16)> {
    let mut starts: Vec<(DeviceId, u16)> = state
        .devices
        .iter()
        .flat_map(|d| {
            let mut v: Vec<(DeviceId, u16)> = state
                .table
                .channels_of(&d.id)
                .into_iter()
                .map(|(c, _)| (d.id.clone(), c))
                .collect();
            v.push((d.id.clone(), 0));
            v
        })
        .filter(|(d, c)| !(*d == draft.device && *c == draft.channel))
        .collect();
    starts.sort();
    starts.dedup();
    starts
}

/// A banner per tripped watchdog, until the official acknowledges it. While the link is down
/// it says that the link may be the reason.
pub fn banners(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette) {
    let link_down = !state.is_live();
    let mut acknowledged = None;
    let now = now_ticks();
    for (i, w) in state.aware.watchdogs.iter().enumerate() {
        let Some(trip) = w.tripped else { continue };
        let what = format!(
            "{} {}",
            state.device_name(&w.rule.device),
            channel_label(w.rule.channel)
        );
        let mut text = match trip {
            // Counting on while it shows, not frozen at the trip.
            Trip::Silent { .. } => tr!(
                "watchdog-silent",
                channel = what.as_str(),
                seconds = state.aware.silent_seconds(i, &state.table, now),
                expected = w.rule.max_silence_s.unwrap_or(0)
            ),
            Trip::Behind { behind } => tr!(
                "watchdog-behind-starts",
                channel = what.as_str(),
                behind = behind
            ),
        };
        if link_down {
            text = format!("{text} {}", tr!("watchdog-link-down"));
        }
        banner(ui, p.alarm_fill, |ui| {
            ui.label(RichText::new("⏱").color(p.alarm_text).size(18.0));
            let said = ui.label(RichText::new(&text).color(p.alarm_text).strong().size(18.0));
            crate::ui::monitor::banners::announce(&said, &text);
            if ui
                .button(
                    RichText::new(tr!("watchdog-acknowledge"))
                        .strong()
                        .size(16.0),
                )
                .clicked()
            {
                acknowledged = Some(i);
            }
        });
    }
    if let Some(i) = acknowledged {
        state.aware.acknowledge(i, &state.table, now);
    }
}
