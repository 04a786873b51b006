//! The trigger table: rows as shown (sort, filter, follow) and their drawing.

pub mod state;
pub mod view;
