//! What goes across the window when something needs the official: a lost link, sign-in
//! needed (with the prompt over the monitor), quota, the journal, the role, clocks.

use egui::RichText;
use std::time::SystemTime;

use crate::session::ConnectionState;
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::look::theme::Palette;
use crate::ui::monitor::state::MonitorState;

/// The link's state in words, with a mark so that the colour never carries it alone.
pub fn connection_text(c: &ConnectionState, now: SystemTime) -> String {
    let secs = |t: &SystemTime| t.duration_since(now).unwrap_or_default().as_secs();
    match c {
        ConnectionState::Connecting => tr!("link-connecting"),
        ConnectionState::Live => tr!("link-live"),
        ConnectionState::Quiet { since, lost_at } => format!(
            "{}: {}",
            tr!("link-quiet"),
            tr!(
                "link-quiet-detail",
                seconds = now.duration_since(*since).unwrap_or_default().as_secs(),
                left = secs(lost_at)
            )
        ),
        ConnectionState::Reconnecting { retry_at, attempt } => tr!(
            "link-reconnecting",
            seconds = secs(retry_at),
            attempt = *attempt
        ),
        ConnectionState::QuotaPaused { until, push_live } => {
            if *push_live {
                tr!("link-quota-live", seconds = secs(until))
            } else {
                tr!("link-quota", seconds = secs(until))
            }
        }
        ConnectionState::SignInNeeded { .. } => tr!("link-sign-in-needed"),
        ConnectionState::SignedOut { reason } => {
            tr!("link-signed-out", reason = reason.as_str())
        }
        ConnectionState::Stopped => tr!("link-stopped"),
    }
}

/// The link's light: colour and the mark drawn beside it.
pub(in crate::ui) fn link_look(state: &MonitorState, p: &Palette) -> (egui::Color32, &'static str) {
    match &state.connection {
        ConnectionState::Live => (p.live, "✔"),
        ConnectionState::QuotaPaused {
            push_live: true, ..
        } => (p.warn, "⚠"),
        ConnectionState::Quiet { .. } => (p.warn, "⚠"),
        ConnectionState::Connecting if !state.ever_live() => (p.idle, "○"),
        _ => (p.lost, "✖"),
    }
}

/// The link waits before its next attempt: *Reconnect now* can skip the wait.
pub(in crate::ui) fn reconnecting(state: &MonitorState) -> bool {
    matches!(state.connection, ConnectionState::Reconnecting { .. })
}

/// Over the monitor, while the session waits for a new sign-in: the username is filled, the
/// password focused, Enter signs in. The table and the banner stay visible behind it.
pub(in crate::ui) fn sign_in_prompt(ctx: &egui::Context, state: &mut MonitorState, p: &Palette) {
    let reason = match &state.connection {
        ConnectionState::SignInNeeded { reason } => reason.clone(),
        _ => String::new(),
    };
    let username = state.username.clone();
    let Some(prompt) = &mut state.sign_in_prompt else {
        return;
    };
    let mut submit = false;
    egui::Window::new(tr!("prompt-title"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 120.0])
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(RichText::new(tr!("prompt-expired")).strong());
            if !reason.is_empty() {
                ui.label(RichText::new(tr!("prompt-reason", reason = reason.as_str())).weak());
            }
            ui.label(tr!("prompt-nothing-lost"));
            ui.add_space(6.0);
            egui::Grid::new("sign-in-again")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label(tr!("login-username"));
                    ui.label(RichText::new(&username).strong())
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label(tr!("login-password"));
                    let field = ui
                        .add_enabled(
                            !prompt.busy,
                            egui::TextEdit::singleline(&mut prompt.password)
                                .password(true)
                                .desired_width(240.0),
                        )
                        .labelled_by(l.id);
                    // Until the field has had the focus once (a window that is still
                    // appearing may not take it on its first frame); then the official's.
                    if field.has_focus() {
                        prompt.focused = true;
                    } else if !prompt.focused {
                        field.request_focus();
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        submit = true;
                    }
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                let ready = !prompt.busy && !prompt.password.is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(tr!("login-sign-in")))
                    .clicked()
                {
                    submit = true;
                }
                if prompt.busy {
                    ui.spinner();
                    ui.label(tr!("busy-sign-in"));
                }
            });
            if let Some(e) = &prompt.error {
                ui.label(RichText::new(format!("✖ {e}")).color(p.lost).strong());
            }
        });
    if submit {
        state.submit_sign_in();
    }
}

/// Makes a banner's text an alert a screen reader announces at once (an assertive live
/// region), as the eye cannot miss the red strip.
pub(in crate::ui) fn announce(text: &egui::Response, words: &str) {
    text.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Alert, true, words));
    text.ctx.accesskit_node_builder(text.id, |node| {
        node.set_live(egui::accesskit::Live::Assertive);
    });
}

/// A banner across the monitor that cannot be missed, drawn in the strip of [`strip`].
pub(in crate::ui) fn banner(
    ui: &mut egui::Ui,
    fill: egui::Color32,
    add: impl FnOnce(&mut egui::Ui),
) {
    egui::Frame::new()
        .fill(fill)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(add);
        });
}

/// The banners' strip: over the foot of the table (its oldest rows when the newest are on
/// top), never pushing anything down. A banner that appears must not move a row or a
/// button under the official's mouse; the table's own height gives way the next frame, so
/// every row can still be scrolled into view above the strip.
pub(in crate::ui) fn strip(ctx: &egui::Context, area: egui::Rect, add: impl FnOnce(&mut egui::Ui)) {
    let shown = egui::Area::new(egui::Id::unique("banner-strip"))
        .order(egui::Order::Middle)
        .pivot(egui::Align2::LEFT_BOTTOM)
        .fixed_pos(area.left_bottom())
        .show(ctx, |ui| {
            ui.set_width(area.width());
            ui.spacing_mut().item_spacing.y = 2.0;
            add(ui);
        });
    let height = shown.response.rect.height();
    let id = egui::Id::unique("banner-strip-height");
    if ctx.data(|d| d.get_temp::<f32>(id)) != Some(height) {
        ctx.data_mut(|d| d.insert_temp(id, height));
        ctx.request_repaint();
    }
}

/// The height the strip took last frame, for the table to leave free.
pub(in crate::ui) fn strip_height(ctx: &egui::Context) -> f32 {
    ctx.data(|d| d.get_temp::<f32>(egui::Id::unique("banner-strip-height")))
        .unwrap_or(0.0)
}

pub(in crate::ui) fn banners(ui: &mut egui::Ui, state: &mut MonitorState, p: &Palette) {
    let now = SystemTime::now();
    let lost = match &state.connection {
        ConnectionState::Reconnecting { .. }
        | ConnectionState::SignInNeeded { .. }
        | ConnectionState::SignedOut { .. }
        | ConnectionState::Stopped => true,
        ConnectionState::Connecting => state.ever_live(),
        _ => false,
    };
    if lost {
        let text = match &state.connection {
            ConnectionState::SignInNeeded { .. } => tr!("banner-sign-in-needed"),
            ConnectionState::SignedOut { reason } => {
                tr!("banner-signed-out", reason = reason.as_str())
            }
            other => tr!("banner-link-lost", state = connection_text(other, now)),
        };
        let mut reconnect = false;
        let show_button = reconnecting(state);
        banner(ui, p.alarm_fill, |ui| {
            let said = ui.label(
                RichText::new(format!("✖ {text}"))
                    .color(p.alarm_text)
                    .strong()
                    .size(18.0),
            );
            announce(&said, &text);
            if show_button {
                let button = egui::Button::new(
                    RichText::new(UiCommand::ReconnectNow.label())
                        .strong()
                        .size(16.0),
                );
                reconnect = ui
                    .add(button)
                    .on_hover_text(UiCommand::ReconnectNow.tooltip(ui.ctx()))
                    .clicked();
            }
        });
        if reconnect {
            state.reconnect_now();
        }
    }
    if let ConnectionState::Quiet { since, lost_at } = &state.connection {
        let text = tr!(
            "banner-link-quiet",
            seconds = now.duration_since(*since).unwrap_or_default().as_secs(),
            left = lost_at.duration_since(now).unwrap_or_default().as_secs()
        );
        banner(ui, p.caution_fill, |ui| {
            let said = ui.label(
                RichText::new(format!("⚠ {text}"))
                    .color(p.caution_text)
                    .strong(),
            );
            announce(&said, &text);
        });
    }
    if let ConnectionState::QuotaPaused { .. } = &state.connection {
        let text = connection_text(&state.connection, now);
        banner(ui, p.caution_fill, |ui| {
            ui.label(
                RichText::new(format!("⚠ {text}"))
                    .color(p.caution_text)
                    .strong(),
            );
        });
    }
    if let Some(e) = &state.journal_error {
        let text = tr!("banner-journal", cause = e.as_str());
        banner(ui, p.alarm_fill, |ui| {
            let said = ui.label(
                RichText::new(format!("✖ {text}"))
                    .color(p.alarm_text)
                    .strong()
                    .size(16.0),
            );
            announce(&said, &text);
        });
    }
    if state.missing_role {
        banner(ui, p.caution_fill, |ui| {
            ui.label(RichText::new(format!("⚠ {}", tr!("role-warning"))).color(p.caution_text));
        });
    }
}

/// Strips for clocks that disagree: devices in different zones, a device date that is not
/// the date its triggers arrive on.
pub(in crate::ui) fn clock_warnings(ui: &mut egui::Ui, state: &MonitorState, p: &Palette) {
    let mut warnings = Vec::new();
    if let Some(list) = state.aware.offsets_differ(&state.device_names) {
        warnings.push(tr!("warn-offsets-differ", devices = list));
    }
    if state.aware.wrong_dates > 0 {
        warnings.push(tr!("warn-wrong-date", n = state.aware.wrong_dates));
    }
    for text in warnings {
        banner(ui, p.caution_fill, |ui| {
            ui.label(
                RichText::new(format!("⚠ {text}"))
                    .color(p.caution_text)
                    .strong(),
            );
        });
    }
}
