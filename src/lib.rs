//! mt1-monitor: live monitor and recorder for ALGE-Timing MT1 device triggers.
//!
//! Rooms: [`mt1`] speaks the protocol, [`session`] keeps one account's live subscription,
//! [`export`] writes CSV, [`sim`] is the loopback MT1 simulator, [`record`] is the headless
//! recorder. Data flows one way: socket → decode → session task → channel → listener.

pub mod export;
pub mod journal;
pub mod mt1;
pub mod record;
pub mod session;
pub mod sim;
pub mod storage;
pub mod ui;
