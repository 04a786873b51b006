//! The binary's commands, one file each; `main.rs` parses the command line and dispatches.

pub(crate) mod bench;
pub(crate) mod gui;
pub(crate) mod journal;
pub(crate) mod record;
pub(crate) mod sim;
pub(crate) mod sound;
