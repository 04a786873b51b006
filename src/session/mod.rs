//! The session task: one account's live connection, owned by a tokio task that talks to its
//! listener (the GUI, `record`) only through channels. It subscribes first, then reconciles
//! history; heart-beats; treats silence as a dead link; reconnects with backoff and jitter;
//! and hands every trigger over exactly once (later changes arrive as changes).

mod backoff;
pub mod book;
mod completeness;
mod config;
mod event;
mod gate;
mod outages;
mod reconcile;
mod recovery;
mod task;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::mt1::account::Credentials;
use crate::mt1::rest::{ApiError, Mt1Client};
pub use book::{Change, HereCount, TriggerBook, TriggerEvent};
pub use config::{DeviceSelection, SessionConfig, SessionTiming};
pub(crate) use event::Emitter;
use event::SessionCommand;
pub use event::{ConnectionState, Notifier, SessionEvent};
pub use outages::{Outage, OutageLog};

pub struct SessionHandle {
    pub events: mpsc::UnboundedReceiver<SessionEvent>,
    stop: watch::Sender<bool>,
    commands: mpsc::UnboundedSender<SessionCommand>,
    task: JoinHandle<()>,
    /// Tasks between the session and the listener (the journal); they end after it.
    stages: Vec<JoinHandle<()>>,
}

impl SessionHandle {
    /// A handle with no session behind it (a replay feeds its listener itself): no events,
    /// and stopping it does nothing.
    pub fn detached(runtime: &tokio::runtime::Handle) -> Self {
        let (_, events) = mpsc::unbounded_channel();
        let (stop, _) = watch::channel(false);
        let (commands, _) = mpsc::unbounded_channel();
        Self {
            events,
            stop,
            commands,
            task: runtime.spawn(async {}),
            stages: Vec::new(),
        }
    }

    /// Asks the task to close the link and end; events already sent stay readable.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Answers [`ConnectionState::SignInNeeded`]: one login with these credentials. Success
    /// shows as [`SessionEvent::TokenRenewed`] and the link coming back; failure as
    /// [`SessionEvent::SignInFailed`].
    pub fn sign_in(&self, credentials: Credentials) {
        let _ = self.commands.send(SessionCommand::SignIn(credentials));
    }

    /// Skips the wait before the next reconnect attempt (the link's backoff only: REST stays
    /// under the quota rules).
    pub fn reconnect_now(&self) {
        let _ = self.commands.send(SessionCommand::ReconnectNow);
    }

    /// Stops and waits for the task and its stages to end.
    pub async fn shutdown(mut self) -> mpsc::UnboundedReceiver<SessionEvent> {
        self.stop();
        self.finished().await;
        self.events
    }

    /// Waits until the task and its stages have ended (after `stop` or a sign-out).
    pub async fn finished(&mut self) {
        let _ = (&mut self.task).await;
        for s in &mut self.stages {
            let _ = s.await;
        }
    }

    /// Puts a stage between the session and its listener. `stage` is given the events the
    /// listener would have read and returns the channel the listener reads from now on, and
    /// the task that runs it (awaited after the session, so it can finish its work).
    pub fn insert_stage(
        &mut self,
        stage: impl FnOnce(
            mpsc::UnboundedReceiver<SessionEvent>,
        ) -> (mpsc::UnboundedReceiver<SessionEvent>, JoinHandle<()>),
    ) {
        let (_, closed) = mpsc::unbounded_channel();
        let input = std::mem::replace(&mut self.events, closed);
        let (events, task) = stage(input);
        self.events = events;
        self.stages.push(task);
    }
}

/// Starts the session task on `runtime`.
pub fn spawn(
    config: SessionConfig,
    notify: Option<Notifier>,
    runtime: &tokio::runtime::Handle,
) -> Result<SessionHandle, ApiError> {
    let client = Mt1Client::new(&config.server)?;
    let (tx, events) = mpsc::unbounded_channel();
    let (stop, stop_rx) = watch::channel(false);
    let (commands, commands_rx) = mpsc::unbounded_channel();
    let emitter = Emitter::new(tx, notify);
    let task = runtime.spawn(task::run(config, client, emitter, stop_rx, commands_rx));
    Ok(SessionHandle {
        events,
        stop,
        commands,
        task,
        stages: Vec::new(),
    })
}
