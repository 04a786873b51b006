//! What the app does around whichever screen shows: the theme, language and zoom put on the
//! context, the app-wide commands, the settings screen and help overlay, and the monitor's
//! sounds and notes kept with its session.

use std::time::Duration;

use super::Screen;
use crate::sound;
use crate::tr;
use crate::ui::about;
use crate::ui::app::menu;
use crate::ui::app::session_notes;
use crate::ui::commands::UiCommand;
use crate::ui::look::i18n;
use crate::ui::look::theme;
use crate::ui::settings;
use crate::ui::settings::{SettingsAction, SettingsContext};
use crate::ui::MonitorApp;

impl MonitorApp {
    /// After the monitor drew: its beeps and alarms, and what it keeps with its session.
    pub(in crate::ui) fn sound_and_notes(&mut self, ctx: &egui::Context) {
        let Screen::Monitor(state) = &mut self.screen else {
            return;
        };
        let s = &self.options.settings;
        let mut beeped: Vec<u16> = Vec::new();
        for (device, channel) in state.take_beeps() {
            // One beep per channel and frame, however many triggers a burst brought.
            if s.beeps(&device, channel) && !beeped.contains(&channel) {
                beeped.push(channel);
                self.player
                    .play(sound::Sound::Trigger { channel }, s.volume, s.muted);
            }
        }
        let now = std::time::SystemTime::now();
        if let Some(round) = state.take_alarm(now) {
            // Louder each time it is not answered, up to full volume.
            let volume = (s.volume + 0.15 * round as f32).min(1.0);
            self.player.play(sound::Sound::Alarm, volume, s.muted);
        }
        if let Some(next) = state.aware.alarm_next() {
            ctx.request_repaint_after(next.duration_since(now).unwrap_or_default());
        }
        if !self.no_sound_said {
            if let Some(why) = self.player.unavailable() {
                self.no_sound_said = true;
                state.note_problem(tr!("sound-unavailable", cause = why));
            }
        }
        if state.take_rules_changed() {
            if let (Some(path), Some(session)) = (&state.journal_path, state.journal_session) {
                session_notes::save_rules(&self.runtime, path, session, state.aware.rules());
            }
        }
        let trips = std::mem::take(&mut state.aware.new_trips);
        if let (Some(path), Some(session), false) =
            (&state.journal_path, state.journal_session, trips.is_empty())
        {
            session_notes::add_trips(&self.runtime, path, session, trips);
        }
        let runtime = &self.runtime;
        let saving = state.keep_pre_race_report(|journal, session, report| {
            session_notes::save_report(runtime, journal, session, report)
        });
        if saving {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Puts the chosen theme, language and zoom on the context when one of them changed.
    pub(in crate::ui) fn apply_settings(&mut self, ctx: &egui::Context) {
        let s = &self.options.settings;
        let wanted = (s.theme, s.effective_language(), s.zoom);
        if self.applied == Some(wanted) {
            return;
        }
        let (theme_choice, language, zoom) = wanted;
        if self.applied.is_none_or(|(t, _, _)| t != theme_choice) {
            theme::apply(ctx, theme_choice);
        }
        i18n::set_language(language);
        // The app's own zoom steps and remembered zoom replace egui's keyboard zoom.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        ctx.set_zoom_factor(zoom);
        self.applied = Some(wanted);
    }

    /// Runs the commands that act on the whole app; returns the rest (the monitor's).
    pub(in crate::ui) fn run_app_commands(
        &mut self,
        commands: Vec<UiCommand>,
        ctx: &egui::Context,
    ) -> Vec<UiCommand> {
        let mut rest = Vec::new();
        for c in commands {
            match c {
                UiCommand::Settings => self.settings_open = !self.settings_open,
                UiCommand::Help => self.help_open = !self.help_open,
                UiCommand::About => self.about_open = !self.about_open,
                UiCommand::ZoomIn => self.options.settings.step_zoom(1),
                UiCommand::ZoomOut => self.options.settings.step_zoom(-1),
                UiCommand::ZoomReset => self.options.settings.zoom = 1.0,
                UiCommand::Mute => self.options.settings.muted = !self.options.settings.muted,
                UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                other => rest.push(other),
            }
        }
        rest
    }

    /// The settings screen, help, About and the crash notice, over whichever screen is
    /// showing; last, a folder that did not open (above the modal that asked for it).
    pub(in crate::ui) fn show_overlays(&mut self, ctx: &egui::Context) {
        self.modals(ctx);
        self.folders.show(ctx);
    }

    fn modals(&mut self, ctx: &egui::Context) {
        if self.help_open && menu::help(ctx) {
            self.help_open = false;
        }
        if let Some(note) = self.options.crashed.clone() {
            match about::crash_notice(ctx, &note) {
                about::AboutAction::None => {}
                about::AboutAction::Close => self.options.crashed = None,
                about::AboutAction::OpenFolder(d) => self.folders.open(&self.runtime, ctx, d),
            }
        }
        if self.about_open {
            let data = self
                .options
                .journal_dir
                .clone()
                .or_else(|| crate::journal::data_dir().ok());
            let logs = crate::support::log_dir();
            let renderer = self.options.renderer.as_deref().unwrap_or("-");
            match about::show(ctx, data.as_deref(), logs.as_deref(), renderer) {
                about::AboutAction::None => {}
                about::AboutAction::Close => self.about_open = false,
                about::AboutAction::OpenFolder(d) => self.folders.open(&self.runtime, ctx, d),
            }
        }
        if !self.settings_open {
            return;
        }
        let data_dir = self
            .options
            .journal_dir
            .clone()
            .or_else(|| crate::journal::data_dir().ok());
        let s = &self.options.settings;
        let remembered = (self.options.token_store.is_some()
            && !s.username.is_empty()
            && !self.sign_in_forgotten)
            .then(|| format!("{}@{}", s.username, s.server));
        let env = SettingsContext {
            data_dir,
            remembered,
        };
        match settings::show(ctx, &mut self.options.settings, &env) {
            SettingsAction::None => {}
            SettingsAction::Close => self.settings_open = false,
            SettingsAction::OpenFolder(dir) => self.folders.open(&self.runtime, ctx, dir),
            SettingsAction::ForgetSignIn => {
                let s = &self.options.settings;
                self.forget_sign_in(s.server.clone(), s.username.clone());
                self.sign_in_forgotten = true;
            }
        }
    }
}
