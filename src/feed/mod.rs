//! Live outputs for the timing software officials already run: every trigger as an ALGE Timy
//! line ([`crate::model::timy`]) on a serial port or a TCP listener, exactly once per output
//! and in order, across reconnects, history recovery and a restart with `--continue`.
//!
//! - `spec`: what an official writes to name an output and a channel map.
//! - `ledger`: what an output has sent per trigger, so what a new state sends (pure).
//! - `port`: the serial port or listener, and the timer commands readers send.
//! - `output`: one output's thread (queue, backoff, the journal's written lines).
//! - `status`: each output's state for the status bar and the log.
//!
//! The feed is a stage after the journal's ([`attach`]): it sees each batch once the journal
//! has it, hands it to every output, and passes the events on unchanged.

mod ledger;
mod output;
mod port;
pub mod spec;
mod status;

pub use output::FeedJournal;
pub use spec::{ChannelMap, OutputSpec, SpecError};
pub use status::{OutputState, OutputStatus, StatusBoard};

use std::collections::HashMap;
use std::sync::{mpsc as std_mpsc, Arc};
use tokio::sync::mpsc;

use crate::model::row::{Source, TriggerRow};
use crate::model::trigger::TriggerKey;
use crate::session::{Notifier, SessionEvent, SessionHandle};
use output::{Output, Work};

/// The outputs and the channel map, as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedConfig {
    pub outputs: Vec<OutputSpec>,
    pub map: ChannelMap,
}

impl FeedConfig {
    /// From the words an official wrote (`--timy-out`, `--timy-map`, the settings' lines).
    pub fn parse<'a>(
        outputs: impl IntoIterator<Item = &'a str>,
        map: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, SpecError> {
        let outputs: Vec<OutputSpec> = outputs
            .into_iter()
            .filter(|o| !o.trim().is_empty())
            .map(OutputSpec::parse)
            .collect::<Result<_, _>>()?;
        // An output is known by its port: two lines for one port would write it twice.
        for (i, o) in outputs.iter().enumerate() {
            if outputs[..i].iter().any(|p| p.name() == o.name()) {
                return Err(SpecError::Twice(o.name()));
            }
        }
        Ok(Self {
            outputs,
            map: ChannelMap::parse(map)?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }
}

/// The running feed: its outputs' states, and a way to change them while the session runs.
#[derive(Clone)]
pub struct Feed {
    pub board: StatusBoard,
    control: mpsc::UnboundedSender<FeedConfig>,
}

impl Feed {
    /// Outputs added start with every trigger the session holds that they have not written;
    /// outputs removed stop; a new map is for triggers not sent yet.
    pub fn reconfigure(&self, config: FeedConfig) {
        // The stage is gone only with the session; then there is nothing to feed.
        let _ = self.control.send(config);
    }
}

/// Puts the feed between the session (after its journal stage) and the listener, with an
/// output per configured port. `resume`: a continued session's rows; what an output has not
/// written of them is sent first.
pub fn attach(
    mut handle: SessionHandle,
    config: FeedConfig,
    journal: Option<FeedJournal>,
    resume: &[Arc<TriggerRow>],
    notify: Option<Notifier>,
    runtime: &tokio::runtime::Handle,
) -> (SessionHandle, Feed) {
    let board = StatusBoard::new(notify);
    let (control, control_rx) = mpsc::unbounded_channel();
    let mut stage = Stage {
        config: FeedConfig::default(),
        outputs: Vec::new(),
        held: resume.iter().map(|r| (r.key.clone(), r.clone())).collect(),
        journal,
        board: board.clone(),
    };
    stage.apply(config);
    handle.insert_stage(|input| {
        let (tx, rx) = mpsc::unbounded_channel();
        (rx, runtime.spawn(stage.run(input, control_rx, tx)))
    });
    (handle, Feed { board, control })
}

struct Running {
    spec: OutputSpec,
    work: std_mpsc::Sender<Work>,
    thread: std::thread::JoinHandle<()>,
}

struct Stage {
    config: FeedConfig,
    outputs: Vec<Running>,
    /// The latest state of every trigger, for an output added while the session runs.
    held: HashMap<TriggerKey, Arc<TriggerRow>>,
    journal: Option<FeedJournal>,
    board: StatusBoard,
}

impl Stage {
    async fn run(
        mut self,
        mut input: mpsc::UnboundedReceiver<SessionEvent>,
        mut control: mpsc::UnboundedReceiver<FeedConfig>,
        out: mpsc::UnboundedSender<SessionEvent>,
    ) {
        loop {
            tokio::select! {
                event = input.recv() => match event {
                    Some(event) => {
                        self.take(&event);
                        // The listener may be gone while the outputs still write.
                        let _ = out.send(event);
                    }
                    None => break,
                },
                Some(config) = control.recv() => self.apply(config),
            }
        }
        let stopping = std::mem::take(&mut self.outputs);
        join(stopping).await;
    }

    fn take(&mut self, event: &SessionEvent) {
        let SessionEvent::Triggers(batch) = event else {
            return;
        };
        // A history page comes in the server's order; the timing program wants time order.
        let mut rows: Vec<Arc<TriggerRow>> = batch.iter().map(|t| t.row.clone()).collect();
        rows.sort_by_key(|r| r.key.timestamp);
        for r in &rows {
            self.held.insert(r.key.clone(), r.clone());
        }
        let recovered = batch.iter().any(|t| t.via == Source::History);
        for o in &self.outputs {
            // An output whose thread ended has said why in the log.
            let _ = o.work.send(Work::Rows {
                rows: rows.clone(),
                recovered,
            });
        }
    }

    /// Stops outputs no longer wanted, starts new ones, hands the map on.
    fn apply(&mut self, config: FeedConfig) {
        let (kept, mut stopping): (Vec<_>, Vec<_>) = std::mem::take(&mut self.outputs)
            .into_iter()
            .partition(|o| config.outputs.contains(&o.spec));
        self.outputs = kept;
        for o in &stopping {
            let _ = o.work.send(Work::Stop);
        }
        let map = Arc::new(config.map.clone());
        let mut held: Vec<Arc<TriggerRow>> = self.held.values().cloned().collect();
        held.sort_by_key(|r| r.key.timestamp);
        if config.map != self.config.map {
            for o in &self.outputs {
                let _ = o.work.send(Work::Map(map.clone()));
                // What the old map left out is sent now; what was sent is not again.
                let _ = o.work.send(Work::Rows {
                    rows: held.clone(),
                    recovered: false,
                });
            }
        }
        self.board.configure(
            &config
                .outputs
                .iter()
                .map(OutputSpec::name)
                .collect::<Vec<_>>(),
        );
        for spec in &config.outputs {
            if !self.outputs.iter().any(|o| o.spec == *spec) {
                // New options for a port already open: the new output starts once the old
                // one has ended (and its lines are in the journal).
                let before = stopping
                    .iter()
                    .position(|o| o.spec.name() == spec.name())
                    .map(|i| stopping.swap_remove(i).thread);
                self.outputs
                    .extend(self.start(spec, &map, held.clone(), before));
            }
        }
        if !stopping.is_empty() {
            tokio::spawn(join(stopping));
        }
        self.config = config;
    }

    fn start(
        &self,
        spec: &OutputSpec,
        map: &Arc<ChannelMap>,
        resume: Vec<Arc<TriggerRow>>,
        after: Option<std::thread::JoinHandle<()>>,
    ) -> Option<Running> {
        let output = Output {
            spec: spec.clone(),
            map: map.clone(),
            journal: self.journal.clone(),
            board: self.board.clone(),
        };
        let (work, rx) = std_mpsc::channel();
        std::thread::Builder::new()
            .name(format!("timy {}", spec.name()))
            .spawn(move || output.run(resume, rx, after))
            .inspect_err(|e| tracing::error!("{}: cannot start its thread: {e}", spec.name()))
            .ok()
            .map(|thread| Running {
                spec: spec.clone(),
                work,
                thread,
            })
    }
}

/// Tells outputs to stop and waits (off the runtime's workers) while they write what waits.
async fn join(outputs: Vec<Running>) {
    for o in &outputs {
        // Told already when replaced; a second Stop changes nothing.
        let _ = o.work.send(Work::Stop);
    }
    let joined = tokio::task::spawn_blocking(move || {
        for o in outputs {
            if o.thread.join().is_err() {
                tracing::error!("{}: its thread panicked", o.spec.name());
            }
        }
    });
    if joined.await.is_err() {
        tracing::error!("the Timy outputs could not be waited for");
    }
}
