//! The app's commands with their keyboard shortcuts, in one list (as rerun's `UICommand`):
//! buttons, menus and tooltips name a command, never a key of their own.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    /// Skip the wait before the next reconnect attempt of the live link.
    ReconnectNow,
}

impl UiCommand {
    pub fn label(self) -> &'static str {
        match self {
            Self::ReconnectNow => "Reconnect now",
        }
    }

    pub fn shortcut(self) -> KeyboardShortcut {
        match self {
            Self::ReconnectNow => KeyboardShortcut::new(Modifiers::NONE, Key::F5),
        }
    }

    /// The label with its shortcut, for a tooltip.
    pub fn tooltip(self, ctx: &egui::Context) -> String {
        format!(
            "{} ({})",
            self.label(),
            ctx.format_shortcut(&self.shortcut())
        )
    }

    /// Whether the shortcut was pressed this frame (consumed). Never while a text field takes
    /// the keyboard.
    pub fn pressed(self, ctx: &egui::Context) -> bool {
        !ctx.egui_wants_keyboard_input() && ctx.input_mut(|i| i.consume_shortcut(&self.shortcut()))
    }
}
