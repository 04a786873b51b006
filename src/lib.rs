//! mt1-monitor: live monitor and recorder for ALGE-Timing MT1 device triggers.
//!
//! # Layout
//!
//! Lowest layer first; a module imports only from those above it in this list, never below.
//! Data flows one way: socket → decode → session task → channel → listener (app or `record`).
//!
//! - [`model`]: what a timekeeper knows, no I/O.
//!   - `time`: 100-ns ticks, exact formatting.
//!   - `civil`: the calendar date of a day number (also compiled into `build.rs`).
//!   - `trigger`: a trigger's natural key (device, channel, timestamp) and its facts.
//!   - `timy`: the ALGE Timy line a timer prints on its serial port.
//!   - `correction`: the officials' corrections (bib, invalid, note, hand time), their fold.
//!   - `doubles`: a second impulse on a channel within a set time ("double?").
//!   - `pairs`: start/finish pairs by bib and their running times (FIS truncation).
//!   - `row`: the row the official sees: facts, state, source, arrival.
//!   - `watchdog`: silent-channel watchdogs, pure logic.
//! - [`mt1`]: the protocol, no session state.
//!   - `trigger`: the decoder: `message` (what it returns), `wire` (lenient serde) and `scan`
//!     (one pass; serde is its oracle).
//!   - `account`: token, user, devices.
//!   - `sockjs`, `stomp` (`command`, `head`): pure codecs.
//!   - `tls`, `net_error`: one TLS trust store, and why a connection failed.
//!   - `rest`: the REST calls and their envelope.
//!   - `inbound`: websocket text → link events.
//!   - `connection`: the live link that owns the socket, and its reader thread.
//! - [`session`]: one account's live subscription, a tokio task.
//!   - `config`: `SessionConfig::new`, the one place a configuration is made.
//!   - `event`: what the session says (`SessionEvent`) and is asked.
//!   - `book`: every trigger once, with its state.
//!   - `gate`: the token, the one re-login, the quota pause.
//!   - `reconcile`: history reads.
//!   - `recovery`: where the next read starts (the gap since the link was lost), what each
//!     read recovered, what the server refused.
//!   - `outages`: the link's outages, as the journal keeps them.
//!   - `completeness`: counts against what is held, missing on server.
//!   - `backoff`: when to try the link again.
//!   - `task`: the loop.
//! - [`export`]: the CSV writer shared by `record`, the journal export and the app; `preset`,
//!   `tape` (PDF), `manifest` (SHA-256, verify), `package` (an export as delivered).
//! - [`journal`]: the SQLite journal: schema, sessions, append; `error`, `notes`.
//!   - `paths`: one file per account. `read`: rows and the audit trail back.
//!   - `stage`: commits before the listener sees a trigger. `feed`: the lines each live
//!     output wrote. `corrections`: the officials' corrections, beside the triggers.
//!   - `listing`: `sessions`/`export`.
//! - [`feed`]: live ALGE Timy lines for timing software, on serial ports and TCP, exactly
//!   once per output (`spec`, `ledger`, `port`, `output`, `status`).
//! - [`storage`]: where the sign-in is kept (keychain or a 0600 file).
//! - [`support`]: build facts, the log folder, crash notes (a panic, or a fatal signal on
//!   Linux and macOS), the one running monitor per data folder, opening a folder.
//! - [`sim`]: the loopback MT1 simulator with fault injection (demo and tests): `config`,
//!   `state`, `shared` (the lock and the controls), `http`, `ws`, `rhythm`.
//! - [`record`]: the headless recorder.
//! - [`replay`]: a journalled session played again through the decoder and the book.
//! - [`sound`]: the tones and where they go (PulseAudio's protocol on Linux, cpal elsewhere).
//! - [`ui`]: the egui app; nothing below imports it. Wings, each a folder: `app` (the app and
//!   its screens, menus, jobs), `monitor` (state, view, banners, devices, watchdogs,
//!   awareness, big clock, pre-race check, pairs, correct, printer), `table`, `export`,
//!   `replay` (each `state` and `view`), `look` (theme, words, row texts); leaves `login`,
//!   `settings`, `about`, `commands`, `folders`, `pending`.
//!
//! `tests/architecture.rs` reads `src/` and fails on an import loop of any length or an
//! import that runs up this list.
//!
//! The binary (`main.rs`, and `cli/` with one file per command) sits on top of all of these.

pub mod export;
pub mod feed;
pub mod journal;
pub mod model;
pub mod mt1;
pub mod record;
pub mod replay;
pub mod session;
pub mod sim;
pub mod sound;
pub mod storage;
pub mod support;
pub mod ui;
