//! From a signed-in account to a running monitor: continue the journal session or start one,
//! then the session task with its journal stage, wired to the monitor's state.

use std::sync::Arc;
use std::time::Instant;

use super::Screen;
use crate::feed::FeedJournal;
use crate::model::row::TriggerRow;
use crate::session::{self, SessionConfig};
use crate::ui::app::jobs::{self, SignedInAccount};
use crate::ui::login::{plain_error, LoginState};
use crate::ui::monitor::state::{AttachedJournal, MonitorState};
use crate::ui::MonitorApp;

impl MonitorApp {
    /// Offers to continue the account's last journal session, if there is one.
    pub(in crate::ui) fn choose_or_start(
        &mut self,
        ready: Box<SignedInAccount>,
        ctx: &egui::Context,
    ) {
        if ready.previous.is_some() && ready.journal.is_some() {
            if let Some(p) = ready.previous.as_ref().filter(|p| p.unclean()) {
                tracing::warn!(
                    "session {} did not close cleanly (the app was killed or crashed); continuing it reads the gap from history",
                    p.id
                );
            }
            self.screen = Screen::ChooseSession(ready);
        } else {
            self.prepare_session(ready, false, ctx);
        }
    }

    pub(in crate::ui) fn prepare_session(
        &mut self,
        ready: Box<SignedInAccount>,
        continue_previous: bool,
        ctx: &egui::Context,
    ) {
        // Today's triggers: an official opening the app mid-race sees the race so far.
        let since_ms = if ready.sim.is_some() {
            None
        } else {
            Some(local_midnight_ms())
        };
        self.spawn_job(
            ctx,
            crate::tr!("busy-journal"),
            jobs::start_session(ready, continue_previous, since_ms),
        );
    }

    pub(in crate::ui) fn start_monitor(
        &mut self,
        ready: Box<SignedInAccount>,
        journal_session: Option<i64>,
        resume: Vec<Arc<TriggerRow>>,
        since_ms: Option<i64>,
        ctx: &egui::Context,
    ) {
        self.save_now = true;
        let mut ready = *ready;
        let demo = ready.sim.is_some();
        let continued =
            journal_session.is_some() && ready.previous.as_ref().map(|p| p.id) == journal_session;
        let config = SessionConfig {
            since_ms,
            resume: resume.clone(),
            ..SessionConfig::new(
                &ready.server,
                ready.token.clone(),
                ready.user.clone(),
                ready.credentials.take(),
            )
        };
        let repaint_ctx = ctx.clone();
        let notify: session::Notifier = Arc::new(move || repaint_ctx.request_repaint());
        let journal_path = ready.journal.as_ref().map(|j| j.path().to_owned());
        let journal = ready.journal.take().zip(journal_session);
        // With a journal, the stage repaints after each commit; without, the session does.
        let session_notify = if journal.is_some() {
            None
        } else {
            Some(notify.clone())
        };
        let handle = match session::spawn(config, session_notify, &self.runtime) {
            Ok(h) => h,
            Err(e) => {
                let (message, _) = plain_error(&e);
                self.screen = Screen::Login(LoginState {
                    error: Some(message),
                    ..self.fresh_login()
                });
                return;
            }
        };
        let handle = match journal {
            Some((j, id)) => {
                crate::journal::stage::attach(handle, j, id, Some(notify.clone()), &self.runtime)
            }
            None => handle,
        };
        let mut m = if demo {
            // The demo's made-up impulses never reach a real timing program.
            MonitorState::new(ready.server, ready.username, ready.user, handle, demo)
        } else {
            let settings = &self.options.settings;
            let (outputs, map) = (settings.timy_outputs.clone(), settings.timy_map.clone());
            // Attached even with no output: one can be added in the settings while signed in.
            let (handle, feed) = crate::feed::attach(
                handle,
                crate::ui::feed::config_of(&outputs, &map).unwrap_or_default(),
                journal_path
                    .clone()
                    .zip(journal_session)
                    .map(|(path, session)| FeedJournal { path, session }),
                &resume,
                Some(notify),
                &self.runtime,
            );
            let mut m = MonitorState::new(ready.server, ready.username, ready.user, handle, demo);
            m.attach_feed(feed, &outputs, &map);
            m
        };
        m.preload(resume, Instant::now());
        // A continued session's watchdogs and corrections, read off the window's thread.
        let (rules, corrections) = match (&journal_path, journal_session, continued) {
            (Some(path), Some(session), true) => (
                Some(crate::ui::app::session_notes::load_rules(
                    &self.runtime,
                    path,
                    session,
                )),
                Some(crate::ui::monitor::correct::load(
                    &self.runtime,
                    path,
                    session,
                )),
            ),
            _ => (None, None),
        };
        m.attach_journal(AttachedJournal {
            session: journal_session,
            path: journal_path,
            problem: ready.journal_problem,
            rules,
            corrections,
        });
        if let Some(notice) = ready.notice {
            m.note_problem(notice);
        }
        if let Some(p) = ready.previous.filter(|p| p.unclean() && continued) {
            m.note_problem(crate::tr!("session-unclean", session = p.id));
        }
        self.demo = ready.sim.map(|sim| (sim, ready.demo_dir));
        self.screen = Screen::Monitor(Box::new(m));
    }
}

/// Local midnight today, in ms: the app reads today's triggers.
fn local_midnight_ms() -> i64 {
    use chrono::TimeZone;
    let today = chrono::Local::now().date_naive();
    today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| chrono::Local.from_local_datetime(&t).earliest())
        .map_or_else(
            || chrono::Utc::now().timestamp_millis() - 86_400_000,
            |t| t.timestamp_millis(),
        )
}
