//! The app's commands with their keyboard shortcuts, in one list (as rerun's `UICommand`):
//! buttons, menus, tooltips and the help overlay (F1) name a command, never a key of their
//! own. Shortcuts never fire while a text field takes the keyboard (but Mute does).

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::EnumIter;
use strum::IntoEnumIterator;

use crate::tr;

/// Every command, in the order the help overlay lists them (`UiCommand::iter()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum UiCommand {
    FocusFilter,
    ClearFilter,
    /// Scroll to a bib's row without filtering the others away.
    JumpToBib,
    /// Back to the newest trigger on top, following new ones.
    ResumeFollowing,
    /// The last trigger in digits readable from 3 m (a panel, or a window of its own).
    BigClock,
    /// All sounds off or on again.
    Mute,
    /// The guided check of every device and channel before the race.
    PreRaceCheck,
    Export,
    /// Corrections of the marked row (clicked, or jumped to): the device's values stay.
    CorrectBib,
    MarkInvalid,
    MarkValid,
    Note,
    /// Takes the row's latest correction back (journalled too).
    UndoCorrection,
    /// A missed impulse, timed by hand, beside the marked row.
    AddHandTime,
    /// Skip the wait before the next reconnect attempt of the live link.
    ReconnectNow,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Settings,
    Help,
    /// Version, build, folders.
    About,
    /// Asks first: the live link stops.
    SignOut,
    Quit,
}

impl UiCommand {
    pub fn label(self) -> String {
        match self {
            Self::FocusFilter => tr!("command-focus-filter"),
            Self::ClearFilter => tr!("command-clear-filter"),
            Self::JumpToBib => tr!("command-jump-to-bib"),
            Self::Export => tr!("command-export"),
            Self::CorrectBib => tr!("command-correct-bib"),
            Self::MarkInvalid => tr!("command-mark-invalid"),
            Self::MarkValid => tr!("command-mark-valid"),
            Self::Note => tr!("command-note"),
            Self::UndoCorrection => tr!("command-undo-correction"),
            Self::AddHandTime => tr!("command-add-hand-time"),
            Self::ReconnectNow => tr!("command-reconnect-now"),
            Self::ResumeFollowing => tr!("command-resume-following"),
            Self::BigClock => tr!("command-big-clock"),
            Self::Mute => tr!("command-mute"),
            Self::PreRaceCheck => tr!("command-pre-race-check"),
            Self::Settings => tr!("command-settings"),
            Self::ZoomIn => tr!("command-zoom-in"),
            Self::ZoomOut => tr!("command-zoom-out"),
            Self::ZoomReset => tr!("command-zoom-reset"),
            Self::Help => tr!("command-help"),
            Self::About => tr!("command-about"),
            Self::SignOut => tr!("command-sign-out"),
            Self::Quit => tr!("command-quit"),
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let plain = |key| Some(KeyboardShortcut::new(Modifiers::NONE, key));
        let shift_ctrl = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            Self::FocusFilter => ctrl(Key::F),
            Self::ClearFilter => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::F,
            )),
            Self::JumpToBib => ctrl(Key::J),
            Self::Export => ctrl(Key::E),
            Self::CorrectBib => shift_ctrl(Key::B),
            Self::MarkInvalid => ctrl(Key::I),
            Self::MarkValid => shift_ctrl(Key::I),
            Self::Note => shift_ctrl(Key::N),
            Self::UndoCorrection => ctrl(Key::Z),
            Self::AddHandTime => shift_ctrl(Key::H),
            Self::ReconnectNow => plain(Key::F5),
            Self::ResumeFollowing => plain(Key::Home),
            Self::BigClock => ctrl(Key::B),
            Self::Mute => ctrl(Key::M),
            Self::PreRaceCheck => None,
            Self::Settings => ctrl(Key::Comma),
            Self::ZoomIn => ctrl(Key::Plus),
            Self::ZoomOut => ctrl(Key::Minus),
            Self::ZoomReset => ctrl(Key::Num0),
            Self::Help => plain(Key::F1),
            Self::About => None,
            Self::SignOut => None,
            Self::Quit => ctrl(Key::Q),
        }
    }

    /// Other keys for the same command: Ctrl + = zooms in too (no Shift needed for +).
    fn alternative(self) -> Option<KeyboardShortcut> {
        match self {
            Self::ZoomIn => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)),
            _ => None,
        }
    }

    /// The shortcut as the official's keyboard writes it ("Ctrl+F", "Strg+F" in German,
    /// "⌘F" on a Mac), or empty.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            None => String::new(),
            Some(s) if cfg!(target_os = "macos") => ctx.format_shortcut(&s),
            Some(s) => keys_text(s),
        }
    }

    /// The label with its shortcut, for a tooltip.
    pub fn tooltip(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(_) => format!("{} ({})", self.label(), self.shortcut_text(ctx)),
            None => self.label(),
        }
    }

    /// A menu entry or button that shows the shortcut beside the label.
    pub fn button(self, ctx: &egui::Context) -> egui::Button<'static> {
        egui::Button::new(self.label()).shortcut_text(self.shortcut_text(ctx))
    }

    /// Esc pressed this frame: it closes the dialog on top (windows as the modals do). Not
    /// while a text field has the keyboard: there Esc only leaves the field.
    pub fn escape_pressed(ctx: &egui::Context) -> bool {
        !ctx.egui_wants_keyboard_input() && ctx.input(|i| i.key_pressed(Key::Escape))
    }

    /// Whether the shortcut was pressed this frame (consumed). Never while a text field takes
    /// the keyboard, except Mute: an alarm must be silenced from wherever the official types
    /// (Ctrl+M means nothing to a text field).
    pub fn pressed(self, ctx: &egui::Context) -> bool {
        if ctx.egui_wants_keyboard_input() && self != UiCommand::Mute {
            return false;
        }
        [self.shortcut(), self.alternative()]
            .into_iter()
            .flatten()
            .any(|s| ctx.input_mut(|i| i.consume_shortcut(&s)))
    }

    /// The commands whose shortcut was pressed this frame, each once. The most specific
    /// shortcuts are tried first: egui ignores an extra Shift, so Ctrl+Shift+F must be taken
    /// before Ctrl+F sees it.
    pub fn pressed_now(ctx: &egui::Context) -> Vec<UiCommand> {
        let mut commands = Self::iter().collect::<Vec<_>>();
        commands.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| {
                u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt)
            }))
        });
        commands.retain(|c| c.pressed(ctx));
        commands
    }
}

/// A shortcut in the words printed on the keys of the official's keyboard.
fn keys_text(shortcut: KeyboardShortcut) -> String {
    let m = shortcut.modifiers;
    let mut parts = Vec::new();
    if m.command || m.ctrl {
        parts.push(tr!("key-ctrl"));
    }
    if m.alt {
        parts.push(tr!("key-alt"));
    }
    if m.shift {
        parts.push(tr!("key-shift"));
    }
    parts.push(match shortcut.logical_key {
        Key::Home => tr!("key-home"),
        Key::Escape => tr!("key-escape"),
        Key::Comma => ",".into(),
        Key::Plus => "+".into(),
        Key::Minus => "−".into(),
        Key::Equals => "=".into(),
        Key::Num0 => "0".into(),
        other => other.name().into(),
    });
    parts.join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_written_with_the_keyboards_words() {
        assert_eq!(
            keys_text(UiCommand::FocusFilter.shortcut().expect("a key")),
            "Ctrl+F"
        );
        assert_eq!(
            keys_text(UiCommand::ClearFilter.shortcut().expect("a key")),
            "Ctrl+Shift+F"
        );
        assert_eq!(
            keys_text(UiCommand::ResumeFollowing.shortcut().expect("a key")),
            "Home"
        );
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = Vec::new();
        for c in UiCommand::iter() {
            for s in [c.shortcut(), c.alternative()].into_iter().flatten() {
                assert!(!seen.contains(&s), "{c:?} reuses {s:?}");
                seen.push(s);
            }
        }
    }
}
