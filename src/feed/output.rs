//! One output's thread: it turns trigger states into lines (its ledger), writes them in order,
//! keeps each written line in the journal, and reopens a port that went away, with backoff,
//! the lines queued meanwhile waiting in order. A thread, not a task: serial ports and SQLite
//! block (the journal is opened here too, never on the window's thread).

use std::collections::{HashSet, VecDeque};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::ledger::Ledger;
use super::port::{Port, Written};
use super::spec::{ChannelMap, OutputSpec};
use super::status::{OutputState, StatusBoard};
use crate::journal::feed::FeedLines;
use crate::model::row::TriggerRow;
use crate::model::timy::TimyLine;
use crate::model::trigger::{channel_label, TriggerKey};

/// Where the outputs keep what they wrote: the journal file and its session.
#[derive(Debug, Clone)]
pub struct FeedJournal {
    pub path: std::path::PathBuf,
    pub session: i64,
}

/// What the feed stage hands an output.
pub(super) enum Work {
    /// New states of triggers, in device-time order; `recovered`: read from history, so
    /// after the fact (an outage, or before the start).
    Rows {
        rows: Vec<Arc<TriggerRow>>,
        recovered: bool,
    },
    /// A new channel map, for triggers not queued yet (the stage then hands every trigger
    /// again: those the old map left out are sent now).
    Map(Arc<ChannelMap>),
    Stop,
}

/// How often a port is listened to (and an idle output looks at its queue).
const TICK: Duration = Duration::from_millis(20);
const BACKOFF_MIN: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// How long a stopping output still tries to write what waits.
const LAST_CALL: Duration = Duration::from_secs(2);
/// Lines written between two notes in the journal: a crash can send at most these again.
const CHUNK: usize = 32;

pub(super) struct Output {
    pub(super) spec: OutputSpec,
    pub(super) map: Arc<ChannelMap>,
    pub(super) journal: Option<FeedJournal>,
    pub(super) board: StatusBoard,
}

struct Run {
    out: Output,
    ledger: Ledger,
    waiting: VecDeque<(TriggerKey, TimyLine)>,
    port: Option<Port>,
    retry_at: Instant,
    backoff: Duration,
    unmapped: HashSet<(String, u16)>,
    written: u64,
    journal: Option<FeedLines>,
    journal_failing: bool,
    /// A serial reader's `CHK1`, kept across reopens and restarts (as the timer would).
    checksum: bool,
}

impl Output {
    /// Runs until `Work::Stop` (or the feed is gone), then tries to write what waits. An
    /// output replacing one on the same port (new options) first waits for it to end, so the
    /// lines it wrote are in the journal before this one reads them.
    pub(super) fn run(
        self,
        resume: Vec<Arc<TriggerRow>>,
        work: Receiver<Work>,
        after: Option<std::thread::JoinHandle<()>>,
    ) {
        if let Some(before) = after {
            let _ = before.join();
        }
        let name = self.spec.name();
        let journal = self.journal.as_ref().and_then(|j| {
            FeedLines::open(&j.path, j.session, &name)
                .inspect_err(|e| {
                    tracing::error!(
                        "{name}: the journal cannot keep what is written (a restart may send lines again): {e}"
                    );
                })
                .ok()
        });
        let written = journal
            .as_ref()
            .and_then(|j| read(&name, "written lines", j.written()))
            .unwrap_or_default();
        let checksum = journal
            .as_ref()
            .and_then(|j| read(&name, "checksum wish", j.checksum()))
            .unwrap_or(false);
        let mut run = Run {
            written: written.len() as u64,
            ledger: Ledger::written(written),
            out: self,
            waiting: VecDeque::new(),
            port: None,
            retry_at: Instant::now(),
            backoff: BACKOFF_MIN,
            unmapped: HashSet::new(),
            journal,
            journal_failing: false,
            checksum,
        };
        // What the session holds and this output has not written goes first.
        run.queue(&resume, false);
        let mut stopping: Option<Instant> = None;
        loop {
            match work.recv_timeout(TICK) {
                Ok(Work::Rows { rows, recovered }) => run.queue(&rows, recovered),
                Ok(Work::Map(map)) => run.out.map = map,
                Ok(Work::Stop) => {
                    stopping.get_or_insert_with(|| Instant::now() + LAST_CALL);
                }
                Err(RecvTimeoutError::Disconnected) => {
                    stopping.get_or_insert_with(|| Instant::now() + LAST_CALL);
                    // Nothing to wait for on a closed channel: one tick between tries.
                    std::thread::sleep(TICK);
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            run.step();
            if stopping.is_some_and(|end| run.waiting.is_empty() || Instant::now() >= end) {
                break;
            }
        }
        run.finish();
    }
}

/// What the journal answered, or `None` said in the log.
fn read<T>(name: &str, what: &str, r: Result<T, crate::journal::JournalError>) -> Option<T> {
    r.inspect_err(|e| tracing::error!("{name}: the journal's {what} cannot be read: {e}"))
        .ok()
}

impl Run {
    fn name(&self) -> String {
        self.out.spec.name()
    }

    fn queue(&mut self, rows: &[Arc<TriggerRow>], recovered: bool) {
        let before = self.waiting.len();
        for row in rows {
            let key = &row.key;
            // A trigger already sent keeps its channel, whatever the map says now.
            let channel = self
                .ledger
                .channel_of(key)
                .or_else(|| self.out.map.alge(&key.device_id, key.channel));
            let Some(channel) = channel else {
                if self
                    .unmapped
                    .insert((key.device_id.to_string(), key.channel))
                {
                    tracing::warn!(
                        "{}: {} {} has no ALGE channel (C0–C9); map it with --timy-map or in the settings",
                        self.name(),
                        key.device_id,
                        channel_label(key.channel)
                    );
                }
                continue;
            };
            let lines = self.ledger.next(row, channel);
            self.waiting
                .extend(lines.into_iter().map(|l| (key.clone(), l)));
        }
        let added = self.waiting.len() - before;
        if recovered && added > 0 {
            let first = self.waiting.get(before).map(|(_, l)| l.time.clone());
            let last = self.waiting.back().map(|(_, l)| l.time.clone());
            tracing::info!(
                "{}: {added} line(s) recovered from history came late (device time {} to {}); sent now, in time order",
                self.name(),
                first.unwrap_or_default(),
                last.unwrap_or_default()
            );
        }
        self.publish();
    }

    /// Opens the port when it is time, listens to it, writes what waits.
    fn step(&mut self) {
        if self.port.is_none() && Instant::now() >= self.retry_at {
            match Port::open(&self.out.spec, self.checksum) {
                Ok(p) => {
                    tracing::info!("{}: open", self.name());
                    self.port = Some(p);
                    self.backoff = BACKOFF_MIN;
                }
                Err(e) => self.down(&e),
            }
            self.publish();
        }
        let Some(port) = self.port.as_mut() else {
            return;
        };
        let readers = port.readers();
        if let Err(e) = port.listen() {
            return self.down(&e);
        }
        self.note_checksum();
        let mut failed = None;
        let mut any = false;
        while failed.is_none() && !self.waiting.is_empty() {
            let Some(port) = self.port.as_mut().filter(|p| p.settled()) else {
                break;
            };
            let mut done = Vec::new();
            while let Some((_, line)) = self.waiting.front().filter(|_| done.len() < CHUNK) {
                match port.write(line, self.out.spec.end) {
                    Ok(Written::Yes) => done.extend(self.waiting.pop_front()),
                    Ok(Written::NoReader) => break,
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            if done.is_empty() {
                break;
            }
            any = true;
            self.keep(&done);
        }
        let changed = any || readers != self.port.as_ref().and_then(Port::readers);
        if let Some(e) = failed {
            self.down(&e);
        } else if changed {
            self.publish();
        }
    }

    /// A serial reader that said `CHK1` or `CHK0` is remembered in the journal.
    fn note_checksum(&mut self) {
        let Some(now) = self.port.as_ref().and_then(Port::checksum) else {
            return;
        };
        if now != self.checksum {
            self.checksum = now;
            tracing::info!(
                "{}: the reader asked for {}",
                self.name(),
                if now {
                    "checksums (CHK1)"
                } else {
                    "no checksums (CHK0)"
                }
            );
            if let Some(Err(e)) = self.journal.as_ref().map(|j| j.set_checksum(now)) {
                tracing::warn!(
                    "{}: the journal cannot keep the checksum wish: {e}",
                    self.name()
                );
            }
        }
    }

    /// The journal keeps what was written; a journal that fails never holds the output up
    /// (only a restart could then send a line twice).
    fn keep(&mut self, done: &[(TriggerKey, TimyLine)]) {
        if done.is_empty() {
            return;
        }
        self.written += done.len() as u64;
        let Some(journal) = self.journal.as_mut() else {
            return;
        };
        match journal.keep(done) {
            Ok(()) => self.journal_failing = false,
            Err(e) if !self.journal_failing => {
                self.journal_failing = true;
                tracing::error!(
                    "{}: the journal cannot keep the lines written: {e}",
                    self.out.spec.name()
                );
            }
            Err(_) => {}
        }
    }

    fn down(&mut self, e: &(dyn std::error::Error + 'static)) {
        let reason = crate::mt1::net_error::with_causes(e);
        if self.port.take().is_some() || !matches!(self.state(), OutputState::Down { .. }) {
            tracing::warn!("{}: {reason}; trying again", self.name());
        }
        self.retry_at = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(BACKOFF_MAX);
        self.out.board.set(&self.out.spec.name(), |s| {
            s.state = OutputState::Down { reason };
            s.waiting = self.waiting.len();
        });
    }

    fn state(&self) -> OutputState {
        self.out
            .board
            .state(&self.out.spec.name())
            .unwrap_or(OutputState::Stopped)
    }

    fn publish(&self) {
        let state = match &self.port {
            Some(p) => OutputState::Open {
                readers: p.readers(),
            },
            None => match self.state() {
                down @ OutputState::Down { .. } => down,
                _ => OutputState::Opening,
            },
        };
        self.out.board.set(&self.out.spec.name(), |s| {
            s.state = state;
            s.written = self.written;
            s.waiting = self.waiting.len();
        });
    }

    fn finish(mut self) {
        if !self.waiting.is_empty() {
            tracing::warn!(
                "{}: {} line(s) not written before the end; a continued session (--continue) sends them",
                self.name(),
                self.waiting.len()
            );
        }
        self.port = None;
        let waiting = self.waiting.len();
        self.out.board.set(&self.out.spec.name(), |s| {
            s.state = OutputState::Stopped;
            s.waiting = waiting;
        });
    }
}
