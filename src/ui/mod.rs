//! The desktop app (eframe/egui), a house of wings, each a folder. A wing imports the core,
//! `look`, the leaves and the wings below it (`app` → `monitor` → `table`, `export`,
//! `replay`), never one that imports it back (`tests/architecture.rs` checks):
//! - `app/`: `MonitorApp`, its screens, menus and overlays, the jobs it runs.
//! - `monitor/`: the monitor screen: its state (fed by the session's events), its view, the
//!   banners, the devices list, watchdogs, awareness (sounds, link health, clocks), the big
//!   clock, the start/finish pairs (the running-time column) and the pre-race check.
//! - `table/`, `export/`, `replay/`: the trigger table, the export and a replay, each a
//!   `state.rs` (no egui drawing) and a `view.rs` over that state alone.
//! - `look/`: theme, words (Fluent, `tr!`) and the texts of a row (times, decimal marks).
//! - leaves: `login`, `settings`, `about`, `commands` (every command and its shortcut),
//!   `folders` (opening one in the file manager), `pending` (a job's answer, polled), `feed`
//!   (the timing software's outputs in the settings and the status bar).

pub mod about;
pub mod app;
pub mod commands;
pub mod export;
pub mod feed;
pub mod folders;
pub mod login;
pub mod look;
pub mod monitor;
pub mod pending;
pub mod replay;
pub mod settings;
pub mod table;

pub use app::{AppOptions, MonitorApp, ReplayRequest};
pub use export::state::ExportOutcome;
pub use login::{plain_error, LoginState};
pub use monitor::state::{Completeness, MonitorState};
pub use settings::Settings;
pub use table::state::{Filter, Follow, SortColumn, TriggerTable};
