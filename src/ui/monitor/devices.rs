//! The device list beside the table: each device with the link's mark, its last trigger and
//! delay, and per channel what is held, the server's count, a beep and a watchdog.

use egui::RichText;
use std::time::Duration;

use crate::model::time::{system_time_to_ticks, TICKS_PER_SECOND};
use crate::model::trigger::{channel_label, DeviceId};
use crate::mt1::account::Device;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::look::theme::Palette;
use crate::ui::monitor::banners::link_look;
use crate::ui::monitor::pre_race;
use crate::ui::monitor::state::MonitorState;
use crate::ui::monitor::watchdogs as watchdog_view;
use crate::ui::settings::Settings;
use crate::ui::table::state::ChannelStats;

/// "12 s ago", "4 min ago", "2 h ago" for something at `since` (ticks), now. Ages count
/// whole seconds of the wall clock, so every age on screen changes at the same instant, and
/// the window is drawn again then (the next second, minute or hour), not before: an idle app
/// does not paint for nothing.
pub(in crate::ui) fn age_text(ctx: &egui::Context, now: i64, since: i64) -> String {
    let (text, changes_at) = age_words(now, since);
    let wait = u64::try_from(changes_at - now).unwrap_or(0);
    ctx.request_repaint_after(Duration::from_nanos(wait.saturating_mul(100)));
    text
}

/// The age's words and when (ticks) they change next.
fn age_words(now: i64, since: i64) -> (String, i64) {
    let (now_s, since_s) = (
        now.div_euclid(TICKS_PER_SECOND),
        since.div_euclid(TICKS_PER_SECOND),
    );
    let s = (now_s - since_s).max(0);
    let (unit, text) = if s < 120 {
        (1, tr!("age-seconds", n = s))
    } else if s < 7200 {
        (60, tr!("age-minutes", n = s / 60))
    } else {
        (3600, tr!("age-hours", n = s / 3600))
    };
    (text, (now_s - s + unit * (s / unit + 1)) * TICKS_PER_SECOND)
}

pub(in crate::ui) fn devices(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    p: &Palette,
    settings: &mut Settings,
) {
    ui.heading(tr!("devices-title"));
    if let Some(heard) = state.aware.link_heard {
        let age = age_text(ui.ctx(), state.clock_ticks(), system_time_to_ticks(heard));
        ui.label(
            RichText::new(tr!("link-heard", age = age))
                .small()
                .color(p.weak),
        )
        .on_hover_text(tr!("link-heard-hint"));
    }
    if state.devices.is_empty() {
        ui.label(RichText::new(tr!("devices-waiting")).weak());
    }
    let (color, mark) = link_look(state, p);
    let now_ticks = state.clock_ticks();
    let mut toggled: Option<(DeviceId, bool)> = None;
    for d in state.devices.clone() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(mark).color(color));
            let mut shown = !state.table.filter().hidden_devices.contains(&d.id);
            if ui.checkbox(&mut shown, d.label()).changed() {
                toggled = Some((d.id.clone(), shown));
            }
        });
        let channels = state.offered_channels(&d.id);
        // The newest trigger the table holds, pushed or read from history.
        let newest = channels.iter().filter_map(|(_, s)| s.newest).max();
        let last = match newest {
            None => tr!("device-no-trigger"),
            Some(t) => tr!(
                "device-last-trigger",
                age = age_text(ui.ctx(), now_ticks, t)
            ),
        };
        ui.label(RichText::new(last).weak().small());
        if let Some(ms) = state.aware.devices.get(&d.id).and_then(|h| h.latency_ms) {
            let (text, color) = delay_words(ms, state.is_live(), settings.clock_ahead_warn_ms, p);
            ui.label(RichText::new(text).small().color(color))
                .on_hover_text(tr!("device-latency-hint"));
        }
        let shown: Vec<u16> = channels.iter().map(|(c, _)| *c).collect();
        for (channel, stats) in channels {
            channel_row(ui, state, settings, (&d, channel, stats), now_ticks, p);
        }
        add_channel(ui, state, &d.id, &shown);
        ui.add_space(4.0);
    }
    if let Some((id, shown)) = toggled {
        state.table.edit_filter(|f| {
            if shown {
                f.hidden_devices.remove(&id);
            } else {
                f.hidden_devices.insert(id);
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new(tr!("devices-unticked-note")).weak().small());
    ui.add_space(8.0);
    // Offered where the devices are: the check walks through them.
    if state.pre_race.is_none()
        && !state.devices.is_empty()
        && ui
            .button(UiCommand::PreRaceCheck.label())
            .on_hover_text(tr!("pre-race-hint"))
            .clicked()
    {
        state.pre_race = Some(pre_race::PreRaceCheck::new(&state.devices));
    }
}

/// A channel of a device: its bell, its watchdog, and its counts here and on the server (a
/// mismatch marked) with the age of its newest trigger.
fn channel_row(
    ui: &mut egui::Ui,
    state: &mut MonitorState,
    settings: &mut Settings,
    (d, channel, stats): (&Device, u16, ChannelStats),
    now_ticks: i64,
    p: &Palette,
) {
    let check = state.completeness.get(&(d.id.clone(), channel)).copied();
    let server = check.and_then(|c| c.server);
    let mismatch = check.is_some_and(|c| c.mismatch);
    let age = stats.newest.map_or_else(String::new, |t| {
        format!(" · {}", age_text(ui.ctx(), now_ticks, t))
    });
    let text = match server {
        Some(n) => tr!(
            "device-channel-counts",
            channel = channel_label(channel),
            here = stats.held,
            server = n
        ),
        None => tr!(
            "device-channel-held",
            channel = channel_label(channel),
            here = stats.held
        ),
    } + &age;
    let (text, color) = if mismatch {
        (format!("⚠ {text}"), p.warn)
    } else {
        (text, p.weak)
    };
    ui.horizontal(|ui| {
        bell(ui, settings, d, channel, p);
        watchdog_view::channel_button(ui, state, &d.id, channel, p);
        let label = ui.add(egui::Label::new(RichText::new(text).small().color(color)).truncate());
        if mismatch {
            label.on_hover_text(tr!("device-mismatch-hint"));
        } else {
            label.on_hover_text(tr!("device-counts-hint"));
        }
    });
}

/// The channel's bell: a beep on each of its triggers, or none. A screen reader hears a
/// check box named for the device and channel, not "🔕".
fn bell(ui: &mut egui::Ui, settings: &mut Settings, d: &Device, channel: u16, p: &Palette) {
    let beeping = settings.beeps(&d.id, channel);
    let bell = if beeping { "🔔" } else { "🔕" };
    let bell_color = if beeping { p.text } else { p.weak };
    let bell = ui
        .add(
            egui::Button::new(RichText::new(bell).color(bell_color))
                .small()
                .frame(false),
        )
        .on_hover_text(tr!("device-beep-hint"));
    let name = tr!(
        "a11y-beep",
        device = d.label(),
        channel = channel_label(channel)
    );
    bell.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::CheckBox, true, beeping, &name)
    });
    if bell.clicked() {
        settings.set_beep(&d.id, channel, !beeping);
    }
}

/// "+ channel": C2…C9 of a device, for a sound or a watchdog before its first trigger.
/// `shown`: the channels the device's list offers already.
fn add_channel(ui: &mut egui::Ui, state: &mut MonitorState, device: &DeviceId, shown: &[u16]) {
    let mut picked = None;
    let spoken = tr!("a11y-add-channel", device = state.device_name(device));
    egui::ComboBox::from_id_salt(("add-channel", device.as_str()))
        .selected_text(RichText::new(tr!("device-add-channel")).small())
        .width(90.0)
        .show_ui(ui, |ui| {
            for c in (2..10).filter(|c| !shown.contains(c)) {
                if ui.selectable_label(false, channel_label(c)).clicked() {
                    picked = Some(c);
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, &spoken));
    if let Some(c) = picked {
        state.added_channels.push((device.clone(), c));
    }
}

/// The last pushed trigger's delay in words and colour: green under 2 s, amber under 10 s,
/// red beyond. A negative delay is the device's clock ahead of this laptop, said so (amber
/// past the official's threshold); while the link is down the last delay is history, grey.
fn delay_words(ms: i64, live: bool, ahead_warn_ms: u32, p: &Palette) -> (String, egui::Color32) {
    if !live {
        return (tr!("device-latency-link-down", ms = ms), p.weak);
    }
    if ms < 0 {
        let ahead = -ms;
        let color = if ahead > i64::from(ahead_warn_ms) {
            p.warn
        } else {
            p.weak
        };
        return (tr!("device-clock-ahead", ms = ahead), color);
    }
    let (word, color) = if ms < 2_000 {
        (tr!("latency-good"), p.live)
    } else if ms < 10_000 {
        (tr!("latency-slow"), p.warn)
    } else {
        (tr!("latency-bad"), p.lost)
    };
    (tr!("device-latency", ms = ms, word = word), color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_delay_is_a_clock_ahead_and_a_dead_link_is_not_good() {
        let p = crate::ui::look::theme::DARK;
        let (text, color) = delay_words(-300, true, 500, &p);
        assert_eq!(text, "device clock ahead by 300 ms");
        assert_eq!(color, p.weak, "under the threshold: no warning");
        assert_eq!(delay_words(-800, true, 500, &p).1, p.warn);
        let (text, color) = delay_words(120, false, 500, &p);
        assert!(
            !text.contains("good") && text.contains("link went down"),
            "{text}"
        );
        assert_eq!(color, p.weak);
        assert_eq!(
            delay_words(120, true, 500, &p).0,
            "last delay 120 ms (good)"
        );
    }

    #[test]
    fn every_age_on_screen_changes_at_the_same_wall_clock_second() {
        let s = TICKS_PER_SECOND;
        let now = 1_000 * s + s / 3;
        // Three ages with different fractions of a second: one wake-up serves them all.
        let wakes: Vec<i64> = [now - 2 * s - s / 2, now - 7 * s + s / 10, now - s / 5]
            .into_iter()
            .map(|since| age_words(now, since).1)
            .collect();
        assert!(wakes.iter().all(|&w| w == 1_001 * s), "{wakes:?}");
        assert_eq!(age_words(now, now - 7 * s).0, "7 s ago");
        // Minutes change once a minute, not every second.
        let (text, at) = age_words(now, now - 200 * s);
        assert_eq!(text, "3 min ago");
        assert_eq!(at, (1_000 - 200 + 240) * s);
        // A time ahead of this clock (a device clock ahead) is "0 s ago" until then.
        assert_eq!(age_words(now, now + 5 * s).0, "0 s ago");
    }
}
