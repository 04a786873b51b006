//! Correcting a row at the line: the small dialog that asks the new value and the reason,
//! and the record it makes (kept in the journal off the window's thread). The trigger from
//! ALGE Results is never changed; an undo is a record too.

use egui::RichText;
use std::path::Path;

use crate::journal::Journal;
use crate::model::correction::{hand_key, Correction, Fix};
use crate::model::row::TriggerRow;
use crate::model::time::now_ticks;
use crate::model::trigger::{channel_label, parse_channel, TriggerKey};
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::monitor::state::{Draft, MonitorState};
use crate::ui::pending::{self, Pending};
use crate::ui::table::view::CorrectWhat;

/// What the dialog asked.
#[must_use]
enum Asked {
    Nothing,
    Cancel,
    /// The fix, at the key of a hand time (else the row's), and the reason.
    Make(Fix, Option<TriggerKey>, String),
}

/// The words an undo is journalled with (the exports and the tape stay English).
const UNDO_REASON: &str = "undone by the official";

/// Reads a previous session's corrections (a continued session), off the window's thread.
pub fn load(
    runtime: &tokio::runtime::Handle,
    journal: &Path,
    session: i64,
) -> Pending<Vec<Correction>> {
    let path = journal.to_owned();
    Pending::spawn_blocking(
        runtime,
        move || {
            Journal::open(&path)
                .and_then(|j| j.corrections(session))
                .unwrap_or_else(|e| {
                    tracing::error!("the session's corrections could not be read: {e}");
                    Vec::new()
                })
        },
        || {},
    )
}

impl MonitorState {
    /// The official asked to correct row `row` (the context menu, or a shortcut on the
    /// marked row): a dialog, or at once for an undo.
    pub fn ask_correction(
        &mut self,
        runtime: &tokio::runtime::Handle,
        row: usize,
        what: CorrectWhat,
    ) {
        if self.corrections_loading.is_some() || row >= self.table.len() {
            return;
        }
        if what == CorrectWhat::Undo {
            return self.undo_correction(runtime, row);
        }
        let current = self.table.row(row).clone();
        let e = self.table.corrected(&current).cloned().unwrap_or_default();
        let value = match what {
            CorrectWhat::Bib => e.bib(&current).map_or_else(String::new, |b| b.to_string()),
            CorrectWhat::Note => e.note.clone().unwrap_or_default(),
            CorrectWhat::Invalid(_) | CorrectWhat::Undo | CorrectWhat::Hand => String::new(),
        };
        // A hand time starts from the row's channel and time: the official changes what
        // differs (a time of a trigger already there is refused).
        let time = current.device_time();
        self.correcting = Some(Draft {
            row,
            what,
            value,
            channel: channel_label(current.key.channel),
            time: time.rsplit(' ').next().unwrap_or(&time).to_owned(),
            reason: String::new(),
            error: None,
        });
    }

    /// A shortcut: the same, on the marked row.
    pub fn ask_correction_of_marked(
        &mut self,
        runtime: &tokio::runtime::Handle,
        what: CorrectWhat,
    ) {
        if let Some(row) = self.follow.marked {
            self.ask_correction(runtime, row, what);
        }
    }

    fn make_correction(
        &mut self,
        runtime: &tokio::runtime::Handle,
        row: usize,
        (fix, key): (Fix, Option<TriggerKey>),
        reason: String,
    ) {
        let current: TriggerRow = self.table.row(row).clone();
        let e = self.table.corrected(&current).cloned().unwrap_or_default();
        let c = Correction {
            id: self.table.corrections().next_id(),
            key: key.unwrap_or_else(|| current.key.clone()),
            was: fix.current(&current, &e),
            fix,
            reason,
            by: self.username.clone(),
            at: now_ticks(),
            undoes: None,
        };
        self.keep_correction(runtime, c);
    }

    fn undo_correction(&mut self, runtime: &tokio::runtime::Handle, row: usize) {
        let key = self.table.row(row).key.clone();
        let Some(last) = self.table.corrections().last_standing(&key).cloned() else {
            return;
        };
        let undo = Correction {
            id: self.table.corrections().next_id(),
            reason: UNDO_REASON.to_owned(),
            by: self.username.clone(),
            at: now_ticks(),
            undoes: Some(last.id),
            ..last
        };
        self.keep_correction(runtime, undo);
    }

    /// Shown at once; kept in the journal's session off the window's thread.
    fn keep_correction(&mut self, runtime: &tokio::runtime::Handle, c: Correction) {
        self.table.correct(c.clone());
        match (&self.journal_path, self.journal_session) {
            (Some(path), Some(session)) => {
                let path = path.clone();
                self.correction_writes.push(Pending::spawn_blocking(
                    runtime,
                    move || {
                        Journal::open(&path)
                            .and_then(|j| j.add_correction(session, &c))
                            .map_err(|e| e.to_string())
                    },
                    || {},
                ));
            }
            _ => self.note_problem(tr!("correction-not-kept", cause = "no journal")),
        }
    }

    /// Takes a continued session's corrections in once read, and says when one could not be
    /// kept (called every frame).
    pub fn poll_corrections(&mut self) {
        if let Some(loaded) = pending::take(&mut self.corrections_loading) {
            let list = loaded.unwrap_or_default();
            self.table
                .set_corrections(crate::model::correction::Corrections::from_list(list));
        }
        let mut failed = Vec::new();
        self.correction_writes.retain_mut(|w| match w.poll() {
            pending::Poll::Waiting => true,
            pending::Poll::Done(Err(e)) => {
                failed.push(e);
                false
            }
            _ => false,
        });
        for e in failed {
            self.note_problem(tr!("correction-not-kept", cause = e));
        }
    }

    /// The correction dialog, while one is asked.
    pub fn correction_dialog(&mut self, ctx: &egui::Context, runtime: &tokio::runtime::Handle) {
        let Some(mut draft) = self.correcting.take() else {
            return;
        };
        if draft.row >= self.table.len() {
            return;
        }
        let row = self.table.row(draft.row).clone();
        let name = self
            .device_names
            .get(&row.key.device_id)
            .map_or(row.key.device_id.to_string(), String::clone);
        let title = format!(
            "{name} {} {}",
            channel_label(row.key.channel),
            row.device_time()
        );
        match dialog(ctx, &mut draft, &title, &row) {
            Asked::Nothing => self.correcting = Some(draft),
            Asked::Cancel => {}
            Asked::Make(_, Some(key), _) if self.table.holds(&key) => {
                draft.error = Some(tr!("correction-hand-taken"));
                self.correcting = Some(draft);
            }
            Asked::Make(fix, key, reason) => {
                self.make_correction(runtime, draft.row, (fix, key), reason);
            }
        }
    }
}

/// The dialog over the monitor: the new value (a bib, a note), the reason (always), OK.
fn dialog(ctx: &egui::Context, draft: &mut Draft, title: &str, beside: &TriggerRow) -> Asked {
    let mut asked = Asked::Nothing;
    let heading = match draft.what {
        CorrectWhat::Bib => UiCommand::CorrectBib.label(),
        CorrectWhat::Hand => UiCommand::AddHandTime.label(),
        CorrectWhat::Invalid(true) => UiCommand::MarkInvalid.label(),
        CorrectWhat::Invalid(false) => UiCommand::MarkValid.label(),
        CorrectWhat::Note | CorrectWhat::Undo => UiCommand::Note.label(),
    };
    let modal = egui::Modal::new(egui::Id::unique("correction")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(heading.trim_end_matches('…'));
        ui.label(RichText::new(title).monospace());
        ui.add_space(6.0);
        // Where typing goes when the dialog opens: what the official most likely types first.
        let mut first = None;
        if draft.what == CorrectWhat::Hand {
            let l = ui.label(tr!("correction-hand-channel"));
            ui.text_edit_singleline(&mut draft.channel)
                .labelled_by(l.id);
            let l = ui.label(tr!("correction-hand-time"));
            first = Some(ui.text_edit_singleline(&mut draft.time).labelled_by(l.id));
        }
        let value_label = match draft.what {
            CorrectWhat::Bib => Some(tr!("correction-new-bib")),
            CorrectWhat::Hand => Some(tr!("correction-hand-bib")),
            CorrectWhat::Note => Some(tr!("correction-note")),
            _ => None,
        };
        if let Some(label) = value_label {
            let l = ui.label(label);
            let field = ui.text_edit_singleline(&mut draft.value).labelled_by(l.id);
            first = first.or(Some(field));
        }
        let l = ui.label(tr!("correction-reason"));
        let reason = ui.text_edit_singleline(&mut draft.reason).labelled_by(l.id);
        // Only as the dialog opens, not when the official leaves a field.
        if ui.memory(|m| m.focused().is_none()) && draft.reason.is_empty() {
            first.unwrap_or(reason).request_focus();
        }
        if let Some(e) = &draft.error {
            ui.label(RichText::new(e).color(crate::ui::look::theme::palette(ui.ctx()).lost));
        }
        ui.horizontal(|ui| {
            if ui.button(tr!("correction-ok")).clicked() {
                match fix_of(draft, beside) {
                    Ok((fix, key)) if !draft.reason.trim().is_empty() => {
                        asked = Asked::Make(fix, key, draft.reason.trim().to_owned());
                    }
                    Ok(_) => draft.error = Some(tr!("correction-reason-needed")),
                    Err(e) => draft.error = Some(e),
                }
            }
            if ui.button(tr!("sign-out-cancel")).clicked() {
                asked = Asked::Cancel;
            }
        });
    });
    if modal.should_close() && matches!(asked, Asked::Nothing) {
        asked = Asked::Cancel;
    }
    asked
}

/// The value typed, as a correction (a hand time: with its key): a bib is digits (or
/// empty: none).
fn fix_of(draft: &Draft, beside: &TriggerRow) -> Result<(Fix, Option<TriggerKey>), String> {
    let v = draft.value.trim();
    let bib = || match v {
        "" => Ok(None),
        _ => v
            .parse::<i64>()
            .ok()
            .filter(|b| *b >= 0)
            .map(Some)
            .ok_or_else(|| tr!("correction-bib-digits")),
    };
    let fix = match draft.what {
        CorrectWhat::Bib => Fix::Bib(bib()?),
        CorrectWhat::Invalid(invalid) => Fix::Invalid(invalid),
        CorrectWhat::Note | CorrectWhat::Undo => Fix::Note(v.to_owned()),
        CorrectWhat::Hand => {
            let channel = parse_channel(draft.channel.trim())
                .filter(|c| *c < 100)
                .ok_or_else(|| tr!("correction-hand-channel-wrong"))?;
            let key = hand_key(beside, channel, &draft.time)
                .ok_or_else(|| tr!("correction-hand-time-wrong"))?;
            let fix = Fix::Hand {
                bib: bib()?,
                offset_min: beside.facts.time_offset_min,
            };
            return Ok((fix, Some(key)));
        }
    };
    Ok((fix, None))
}
