//! The model: what a timekeeper knows about triggers, with no I/O. Every other module builds
//! on it; it imports none of them.

pub mod civil;
pub mod correction;
pub mod doubles;
pub mod pairs;
pub mod row;
pub mod time;
pub mod timy;
pub mod trigger;
pub mod watchdog;
