//! The pre-race check: after sign-in, the official presses each channel of each device in
//! turn ("press C0 on Start (231203016)", "now C1", …) and the app confirms each press live,
//! with its latency, the device's date and zone offset, and its clock against this laptop and
//! the other devices. The result is a one-page plain-text report kept with the session.

use egui::RichText;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::model::row::{Source, TriggerRow};
use crate::model::time::{now_ticks, TICKS_PER_MILLI};
use crate::model::trigger::{channel_label, DeviceId, TriggerKind};
use crate::mt1::account::Device;
use crate::tr;
use crate::ui::look::format::device_date;
use crate::ui::look::format::device_time_of_day;
use crate::ui::look::theme;
use crate::ui::table::state::TriggerTable;

/// The channels asked for on each device: start and finish impulses.
pub const CHANNELS: [u16; 2] = [0, 1];

/// One press, as the app saw it arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press {
    pub device_time: String,
    pub device_date: String,
    pub offset_min: i32,
    /// From the device's time to this laptop's reception (ms): the link's delay plus how far
    /// the device clock is behind this laptop's.
    pub latency_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pressed(Press),
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub device: DeviceId,
    pub name: String,
    pub channel: u16,
    pub outcome: Option<Outcome>,
}

#[derive(Debug)]
pub struct PreRaceCheck {
    pub started: SystemTime,
    pub steps: Vec<Step>,
    /// A press counts only if it arrived after its step began (ticks).
    step_began: i64,
    /// Where the report went, once saved.
    pub saved: Option<Result<PathBuf, String>>,
    /// The report being saved.
    pub saving: Option<crate::ui::pending::Pending<Result<PathBuf, String>>>,
    /// The demo: the official asked the simulator to press the awaited channel.
    pub demo_press: Option<(DeviceId, u16)>,
}

impl PreRaceCheck {
    pub fn new(devices: &[Device]) -> Self {
        let steps = devices
            .iter()
            .flat_map(|d| {
                CHANNELS.iter().map(|&channel| Step {
                    device: d.id.clone(),
                    name: d.label(),
                    channel,
                    outcome: None,
                })
            })
            .collect();
        Self {
            started: SystemTime::now(),
            steps,
            step_began: now_ticks(),
            saved: None,
            saving: None,
            demo_press: None,
        }
    }

    /// The step waiting for its press.
    pub fn current(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.outcome.is_none())
    }

    pub fn is_done(&self) -> bool {
        self.current().is_none()
    }

    /// A new trigger: the press the current step waits for, if it is one.
    pub fn on_trigger(&mut self, row: &TriggerRow) {
        let began = self.step_began;
        let Some(step) = self.steps.iter_mut().find(|s| s.outcome.is_none()) else {
            return;
        };
        if row.source != Source::Push
            || row.facts.kind == TriggerKind::Clear
            || row.key.device_id != step.device
            || row.key.channel != step.channel
            || row.received < began
        {
            return;
        }
        step.outcome = Some(Outcome::Pressed(Press {
            device_time: device_time_of_day(row, crate::ui::look::i18n::language()),
            device_date: device_date(row),
            offset_min: row.facts.time_offset_min,
            latency_ms: row.latency_ms(),
        }));
        self.step_began = now_ticks();
    }

    pub fn skip(&mut self) {
        if let Some(step) = self.steps.iter_mut().find(|s| s.outcome.is_none()) {
            step.outcome = Some(Outcome::Skipped);
        }
        self.step_began = now_ticks();
    }

    /// Each device's clock against this laptop: the smallest delay of its presses (the
    /// link's delay is smallest on the fastest press), in ms; positive: behind this laptop.
    fn clock_behind(&self) -> Vec<(String, i64)> {
        let mut out: Vec<(String, i64)> = Vec::new();
        for s in &self.steps {
            let Some(Outcome::Pressed(p)) = &s.outcome else {
                continue;
            };
            match out.iter_mut().find(|(n, _)| *n == s.name) {
                Some((_, ms)) => *ms = (*ms).min(p.latency_ms),
                None => out.push((s.name.clone(), p.latency_ms)),
            }
        }
        out
    }

    /// The one-page report (plain text, English and the app's language alike are fine for
    /// a printout; it is written in the app's language).
    pub fn report(&self, account: &str, server: &str) -> String {
        let mut r = String::new();
        let started = chrono::DateTime::<chrono::Local>::from(self.started);
        let _ = writeln!(r, "{}", tr!("pre-race-report-title"));
        let _ = writeln!(r, "{}", "=".repeat(60));
        let _ = writeln!(
            r,
            "{}",
            tr!(
                "pre-race-report-header",
                account = account,
                server = server,
                at = started.format("%Y-%m-%d %H:%M:%S %:z").to_string()
            )
        );
        let _ = writeln!(r);
        for s in &self.steps {
            let what = format!("{} {}", s.name, channel_label(s.channel));
            let line = match &s.outcome {
                Some(Outcome::Pressed(p)) => tr!(
                    "pre-race-report-press",
                    channel = what,
                    time = p.device_time.as_str(),
                    date = p.device_date.as_str(),
                    offset = p.offset_min,
                    latency = p.latency_ms
                ),
                Some(Outcome::Skipped) => tr!("pre-race-report-skipped", channel = what),
                None => tr!("pre-race-report-not-done", channel = what),
            };
            let _ = writeln!(r, "{line}");
        }
        let _ = writeln!(r);
        let clocks = self.clock_behind();
        for (name, ms) in &clocks {
            let device = name.as_str();
            let line = if *ms >= 0 {
                tr!("pre-race-report-clock", device = device, ms = *ms)
            } else {
                tr!("pre-race-report-clock-ahead", device = device, ms = -*ms)
            };
            let _ = writeln!(r, "{line}");
        }
        for (i, (a, ma)) in clocks.iter().enumerate() {
            for (b, mb) in &clocks[i + 1..] {
                let (first, second, ms) = (a.as_str(), b.as_str(), mb - ma);
                let line = if ms >= 0 {
                    tr!(
                        "pre-race-report-between",
                        first = first,
                        second = second,
                        ms = ms
                    )
                } else {
                    tr!(
                        "pre-race-report-between-ahead",
                        first = first,
                        second = second,
                        ms = -ms
                    )
                };
                let _ = writeln!(r, "{line}");
            }
        }
        let offsets: Vec<i32> = self
            .steps
            .iter()
            .filter_map(|s| match &s.outcome {
                Some(Outcome::Pressed(p)) => Some(p.offset_min),
                _ => None,
            })
            .collect();
        if offsets.windows(2).any(|w| w[0] != w[1]) {
            let _ = writeln!(r, "{}", tr!("pre-race-report-offsets-differ"));
        }
        r
    }
}

/// The check's window over the monitor. Returns true when the official closed it.
/// What the check reads besides itself: the account and its devices, and the table.
pub struct View<'a> {
    /// The demo: its own race is held during the check, and the simulator presses.
    pub demo: bool,
    pub account: &'a str,
    pub server: &'a str,
    pub devices: &'a [Device],
    pub table: &'a TriggerTable,
}

pub fn show(ctx: &egui::Context, check: &mut PreRaceCheck, view: &View<'_>) -> bool {
    let p = theme::palette(ctx);
    let mut close = false;
    let mut skip = false;
    let mut demo_press = None;
    let now = now_ticks();
    egui::Window::new(tr!("pre-race-title"))
        .collapsible(false)
        .resizable(true)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("pre-race-scroll")
                .max_height(ctx.content_rect().height() - 160.0)
                .show(ui, |ui| {
                    devices_section(ui, view, now);
                    ui.separator();
                    steps_section(ui, check, p);
                    ui.add_space(8.0);
                    match check.current() {
                        Some(step) => {
                            ui.label(
                                RichText::new(tr!(
                                    "pre-race-press",
                                    channel = channel_label(step.channel),
                                    device = step.name.as_str()
                                ))
                                .strong()
                                .size(24.0),
                            );
                            ui.horizontal(|ui| {
                                ui.spinner();
                                ui.label(tr!("pre-race-waiting"));
                                if ui.button(tr!("pre-race-skip")).clicked() {
                                    skip = true;
                                }
                                // The demo's devices are simulated: the simulator presses.
                                if view.demo && ui.button(tr!("pre-race-demo-press")).clicked() {
                                    demo_press = Some((step.device.clone(), step.channel));
                                }
                            });
                        }
                        None => {
                            done_section(ui, check, view, p);
                        }
                    }
                    ui.add_space(6.0);
                    if ui.button(tr!("pre-race-close")).clicked() {
                        close = true;
                    }
                });
        });
    if skip {
        check.skip();
    }
    if demo_press.is_some() {
        check.demo_press = demo_press;
    }
    close || crate::ui::commands::UiCommand::escape_pressed(ctx)
}

/// Each device of the account and when it was last heard of.
fn devices_section(ui: &mut egui::Ui, view: &View<'_>, now: i64) {
    ui.label(RichText::new(tr!("pre-race-devices")).strong());
    for d in view.devices {
        let newest = view
            .table
            .channels_of(&d.id)
            .iter()
            .filter_map(|(_, s)| s.newest)
            .max();
        let seen = newest.map_or_else(
            || tr!("device-no-trigger"),
            |t| {
                tr!(
                    "pre-race-last-seen",
                    seconds = (now - t) / (1000 * TICKS_PER_MILLI)
                )
            },
        );
        ui.label(format!("{} — {seen}", d.label()));
    }
}

/// The steps done: confirmed with what the press showed, or skipped.
fn steps_section(ui: &mut egui::Ui, check: &PreRaceCheck, p: &theme::Palette) {
    for s in &check.steps {
        let what = format!("{} {}", channel_label(s.channel), s.name);
        match &s.outcome {
            Some(Outcome::Pressed(pr)) => {
                ui.label(
                    RichText::new(format!(
                        "✔ {}",
                        tr!(
                            "pre-race-confirmed",
                            channel = what,
                            latency = pr.latency_ms,
                            date = pr.device_date.as_str(),
                            offset = pr.offset_min
                        )
                    ))
                    .color(p.live),
                );
            }
            Some(Outcome::Skipped) => {
                ui.label(
                    RichText::new(format!("– {}", tr!("pre-race-skipped", channel = what)))
                        .color(p.weak),
                );
            }
            None => {}
        }
    }
}

/// The check is done: the report, and where it was kept.
fn done_section(ui: &mut egui::Ui, check: &PreRaceCheck, view: &View<'_>, p: &theme::Palette) {
    ui.label(RichText::new(tr!("pre-race-done")).strong().size(20.0));
    let report = check.report(view.account, view.server);
    ui.add(
        egui::TextEdit::multiline(&mut report.as_str())
            .font(egui::TextStyle::Monospace)
            .desired_width(f32::INFINITY),
    );
    match &check.saved {
        Some(Ok(path)) => {
            ui.label(
                RichText::new(format!(
                    "✔ {}",
                    if view.demo {
                        tr!("pre-race-saved-demo", path = path.display().to_string())
                    } else {
                        tr!("pre-race-saved", path = path.display().to_string())
                    }
                ))
                .color(p.live),
            );
        }
        Some(Err(e)) => {
            ui.label(
                RichText::new(format!(
                    "✖ {}",
                    tr!("pre-race-not-saved", cause = e.as_str())
                ))
                .color(p.lost),
            );
        }
        None => {
            ui.spinner();
        }
    }
}
