//! How the app looks and speaks: palettes, words, and the texts of a row.

pub mod format;
pub mod i18n;
pub mod theme;
