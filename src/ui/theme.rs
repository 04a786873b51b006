//! Colours with a meaning, used the same way everywhere.

use egui::Color32;

pub const LIVE: Color32 = Color32::from_rgb(40, 170, 70);
pub const WARN: Color32 = Color32::from_rgb(230, 160, 30);
pub const LOST: Color32 = Color32::from_rgb(210, 45, 45);
pub const IDLE: Color32 = Color32::from_rgb(130, 130, 130);
pub const HISTORY: Color32 = Color32::from_rgb(90, 140, 220);
