//! A journalled session replayed: its clock and the bar that drives it.

pub mod state;
pub mod view;
