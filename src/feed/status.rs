//! Each output's state, as the status bar and the log say it. The outputs' threads write it,
//! the window reads it each frame (a lock held for a copy, never across I/O).

use std::sync::{Arc, Mutex, PoisonError};

use crate::session::Notifier;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputState {
    Opening,
    /// Open; a listener says how many programs are connected.
    Open {
        readers: Option<usize>,
    },
    /// Not open (unplugged, busy, refused); tried again with backoff.
    Down {
        reason: String,
    },
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputStatus {
    /// The port or address.
    pub name: String,
    pub state: OutputState,
    /// Lines written in this session (a continued one counts those before the restart).
    pub written: u64,
    /// Lines waiting for the port (or, on a listener, for a program to connect).
    pub waiting: usize,
}

impl OutputStatus {
    /// Whether the official should look: lines wait and nothing takes them.
    pub fn needs_attention(&self) -> bool {
        match &self.state {
            OutputState::Down { .. } => true,
            OutputState::Open { readers } => *readers == Some(0) && self.waiting > 0,
            OutputState::Opening | OutputState::Stopped => false,
        }
    }

    /// One line: "Timy /dev/ttyUSB0: open, 12 sent".
    pub fn describe(&self) -> String {
        let state = match &self.state {
            OutputState::Opening => "opening".to_owned(),
            OutputState::Open { readers: None } => "open".to_owned(),
            OutputState::Open { readers: Some(n) } => format!("{n} program(s) connected"),
            OutputState::Down { reason } => format!("not open ({reason}), trying again"),
            OutputState::Stopped => "stopped".to_owned(),
        };
        let waiting = match self.waiting {
            0 => String::new(),
            n => format!(", {n} waiting"),
        };
        format!(
            "Timy {}: {state}, {} sent{waiting}",
            self.name, self.written
        )
    }
}

/// The outputs' states, shared between their threads and whoever shows them.
#[derive(Clone, Default)]
pub struct StatusBoard {
    outputs: Arc<Mutex<Vec<OutputStatus>>>,
    notify: Option<Notifier>,
}

impl StatusBoard {
    pub(super) fn new(notify: Option<Notifier>) -> Self {
        Self {
            outputs: Arc::default(),
            notify,
        }
    }

    /// A copy of every output's state, in the order configured.
    pub fn snapshot(&self) -> Vec<OutputStatus> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<OutputStatus>> {
        self.outputs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The outputs now configured: those kept keep their state, new ones are opening.
    pub(super) fn configure(&self, names: &[String]) {
        {
            let mut all = self.lock();
            let kept = std::mem::take(&mut *all);
            *all = names
                .iter()
                .map(|name| {
                    kept.iter()
                        .find(|s| s.name == *name)
                        .cloned()
                        .unwrap_or_else(|| OutputStatus {
                            name: name.clone(),
                            state: OutputState::Opening,
                            written: 0,
                            waiting: 0,
                        })
                })
                .collect();
        }
        self.notify();
    }

    pub(super) fn state(&self, name: &str) -> Option<OutputState> {
        self.lock()
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.state.clone())
    }

    /// Changes one output's state; the window repaints only when it changed.
    pub(super) fn set(&self, name: &str, change: impl FnOnce(&mut OutputStatus)) {
        let changed = {
            let mut all = self.lock();
            all.iter_mut().find(|s| s.name == name).is_some_and(|s| {
                let before = s.clone();
                change(s);
                *s != before
            })
        };
        if changed {
            self.notify();
        }
    }

    fn notify(&self) {
        if let Some(n) = &self.notify {
            n();
        }
    }
}
