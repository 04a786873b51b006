//! The journal stage sits between the session task and its listener: it commits each batch of
//! trigger events, then passes the events on. If a commit fails (full disk, permissions) the
//! events still go on — the official keeps seeing triggers — the failure is reported once,
//! loudly, and the unwritten events are retried until the journal takes them again.

use std::time::Duration;
use tokio::sync::mpsc;

use super::{notes, Journal};
use crate::model::time::now_ticks;
use crate::session::{Notifier, OutageLog, SessionEvent, SessionHandle, TriggerEvent};

const RETRY_EVERY: Duration = Duration::from_secs(1);
const MAX_BATCH: usize = 4096;

/// Puts `journal` (writing into `session_id`) between the session and whoever reads `handle.events`.
/// The stage runs on a thread of its own: SQLite blocks, and a blocking call inside a task
/// would hold up a runtime worker (and `block_in_place` panics on a current-thread runtime).
pub fn attach(
    mut handle: SessionHandle,
    journal: Journal,
    session_id: i64,
    notify: Option<Notifier>,
    runtime: &tokio::runtime::Handle,
) -> SessionHandle {
    handle.insert_stage(|input| {
        let (tx, rx) = mpsc::unbounded_channel();
        let on_thread = runtime.clone();
        let stage = runtime.spawn_blocking(move || {
            on_thread.block_on(run(input, tx, journal, session_id, notify))
        });
        (rx, stage)
    });
    handle
}

async fn run(
    mut input: mpsc::UnboundedReceiver<SessionEvent>,
    out: mpsc::UnboundedSender<SessionEvent>,
    mut journal: Journal,
    session_id: i64,
    notify: Option<Notifier>,
) {
    // Events the journal has not taken yet (only while it fails).
    let mut unwritten: Vec<TriggerEvent> = Vec::new();
    // The link's outages, kept with the session as they happen (exports from the journal
    // report them); a continued session goes on from those it kept.
    let kept = journal.note(session_id, notes::OUTAGES).ok().flatten();
    let mut outages = OutageLog::resume(
        kept.as_deref()
            .map(OutageLog::from_json)
            .unwrap_or_default(),
    );
    let mut failing = false;
    let mut open = true;
    while open || !unwritten.is_empty() {
        let mut batch = Vec::new();
        tokio::select! {
            event = input.recv(), if open => match event {
                Some(e) => batch.push(e),
                None => open = false,
            },
            () = tokio::time::sleep(RETRY_EVERY), if !unwritten.is_empty() => {}
        }
        while batch.len() < MAX_BATCH {
            match input.try_recv() {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        keep_notes(&journal, session_id, &batch, &mut outages);
        let fresh: Vec<&TriggerEvent> = batch
            .iter()
            .flat_map(|e| match e {
                SessionEvent::Triggers(t) => t.as_slice(),
                _ => &[],
            })
            .collect();
        let had_unwritten = unwritten.len();
        let result = journal.append(session_id, unwritten.iter().chain(fresh.iter().copied()));
        let mut notes = Vec::new();
        match result {
            Ok(_) => {
                if failing {
                    notes.push(SessionEvent::JournalRecovered {
                        written: had_unwritten,
                    });
                    tracing::info!(
                        "journal writes again; {had_unwritten} held trigger event(s) written"
                    );
                }
                failing = false;
                unwritten.clear();
            }
            Err(e) => {
                // Held events own their text: a shared one would keep its whole websocket
                // message buffer alive for as long as the journal fails.
                unwritten.extend(fresh.into_iter().map(|e| TriggerEvent {
                    message: e.message.as_str().into(),
                    ..e.clone()
                }));
                if !failing {
                    tracing::error!("journal not writing, triggers kept in memory: {e}");
                    notes.push(SessionEvent::JournalError(e.to_string()));
                }
                failing = true;
                if !open {
                    tracing::error!(
                        "{} trigger event(s) could not be journaled before the end",
                        unwritten.len()
                    );
                    break;
                }
            }
        }
        let forwarded = notes.into_iter().chain(batch).all(|e| out.send(e).is_ok());
        if let Some(n) = &notify {
            n();
        }
        if !forwarded && !open {
            break;
        }
    }
    // The session ended because it was asked to (or signed out): this session closed cleanly.
    if let Err(e) = journal.end_session(session_id) {
        tracing::error!("journal could not mark the session ended: {e}");
    }
}

/// What the session keeps beside its triggers, as it changes: the link's outages (exports
/// from the journal report them) and the devices' names (a replay says "Finish", not an id).
fn keep_notes(journal: &Journal, session_id: i64, batch: &[SessionEvent], outages: &mut OutageLog) {
    let now = now_ticks();
    let changed = batch.iter().fold(false, |changed, e| match e {
        SessionEvent::Connection(c) => outages.take(c, now) | changed,
        _ => changed,
    });
    if changed {
        if let Err(e) = journal.set_note(session_id, notes::OUTAGES, &outages.to_json()) {
            tracing::warn!("the journal could not keep the link's outages: {e}");
        }
    }
    // The devices' names, so a replay says "Finish", not an id.
    for e in batch {
        if let SessionEvent::Devices(list) = e {
            let json = notes::devices_json(list);
            if let Err(e) = journal.set_note(session_id, notes::DEVICES, &json) {
                tracing::warn!("the journal could not keep the device names: {e}");
            }
        }
    }
}
