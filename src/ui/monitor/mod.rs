//! The monitor screen: its state and view, and what stands around the table.

pub mod awareness;
pub mod banners;
pub mod big_clock;
pub mod correct;
pub mod devices;
pub mod pairs;
pub mod pre_race;
pub mod printer;
pub mod state;
pub mod view;
pub mod watchdogs;
