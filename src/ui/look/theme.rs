//! Themes: a light high-contrast one for daylight at the finish line, a dark one, or the
//! system's choice. Colours with a meaning come from the theme's [`Palette`] and are used the
//! same way everywhere; a colour never carries a meaning alone (a word or a mark goes with it).

use egui::{Color32, FontId, Stroke, TextStyle};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
pub enum ThemeChoice {
    /// The operating system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn label(self) -> String {
        match self {
            Self::System => crate::tr!("theme-system"),
            Self::Light => crate::tr!("theme-light"),
            Self::Dark => crate::tr!("theme-dark"),
        }
    }
}

/// A theme's colours. Text colours are chosen against the fills they are drawn on: the tests
/// compute the WCAG contrast of every pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub dark: bool,
    /// Panels, windows and the table.
    pub background: Color32,
    /// Every other row of the table, text fields.
    pub stripe: Color32,
    /// Buttons and other controls.
    pub control: Color32,
    /// A row that just arrived, selected text.
    pub highlight: Color32,
    pub text: Color32,
    /// Secondary text: hints, "N s ago", counts.
    pub weak: Color32,
    /// Struck-through rows (cleared, deleted, missing on server).
    pub gone: Color32,
    pub live: Color32,
    pub warn: Color32,
    pub lost: Color32,
    pub idle: Color32,
    pub history: Color32,
    /// Banners across the window: fill and text.
    pub alarm_fill: Color32,
    pub alarm_text: Color32,
    pub caution_fill: Color32,
    pub caution_text: Color32,
}

pub const LIGHT: Palette = Palette {
    dark: false,
    background: Color32::from_rgb(255, 255, 255),
    stripe: Color32::from_rgb(240, 242, 245),
    control: Color32::from_rgb(222, 226, 232),
    highlight: Color32::from_rgb(200, 228, 255),
    text: Color32::from_rgb(0, 0, 0),
    weak: Color32::from_rgb(70, 70, 70),
    gone: Color32::from_rgb(85, 85, 85),
    live: Color32::from_rgb(0, 105, 40),
    warn: Color32::from_rgb(150, 75, 0),
    lost: Color32::from_rgb(175, 0, 0),
    idle: Color32::from_rgb(85, 85, 85),
    history: Color32::from_rgb(0, 70, 170),
    alarm_fill: Color32::from_rgb(175, 0, 0),
    alarm_text: Color32::from_rgb(255, 255, 255),
    caution_fill: Color32::from_rgb(255, 200, 60),
    caution_text: Color32::from_rgb(0, 0, 0),
};

pub const DARK: Palette = Palette {
    dark: true,
    background: Color32::from_rgb(24, 24, 26),
    stripe: Color32::from_rgb(36, 37, 40),
    control: Color32::from_rgb(60, 62, 66),
    highlight: Color32::from_rgb(15, 50, 80),
    text: Color32::from_rgb(240, 240, 240),
    weak: Color32::from_rgb(185, 185, 185),
    gone: Color32::from_rgb(160, 160, 160),
    live: Color32::from_rgb(80, 210, 110),
    warn: Color32::from_rgb(245, 180, 60),
    lost: Color32::from_rgb(255, 110, 110),
    idle: Color32::from_rgb(170, 170, 170),
    history: Color32::from_rgb(130, 180, 255),
    alarm_fill: Color32::from_rgb(175, 0, 0),
    alarm_text: Color32::from_rgb(255, 255, 255),
    caution_fill: Color32::from_rgb(255, 200, 60),
    caution_text: Color32::from_rgb(0, 0, 0),
};

/// The palette of the theme on screen now.
pub fn palette(ctx: &egui::Context) -> &'static Palette {
    if ctx.theme() == egui::Theme::Dark {
        &DARK
    } else {
        &LIGHT
    }
}

/// egui's visuals for a palette.
pub fn visuals(p: &Palette) -> egui::Visuals {
    let mut v = if p.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    v.panel_fill = p.background;
    v.window_fill = p.background;
    v.extreme_bg_color = p.stripe;
    v.faint_bg_color = p.stripe;
    v.code_bg_color = p.stripe;
    v.weak_text_color = Some(p.weak);
    v.hyperlink_color = p.history;
    v.warn_fg_color = p.warn;
    v.error_fg_color = p.lost;
    v.selection.bg_fill = p.highlight;
    v.selection.stroke = Stroke::new(1.0, p.text);
    let w = &mut v.widgets;
    w.noninteractive.fg_stroke.color = p.text;
    w.noninteractive.bg_fill = p.background;
    w.noninteractive.weak_bg_fill = p.background;
    w.noninteractive.bg_stroke.color = p.weak;
    for s in [&mut w.inactive, &mut w.hovered, &mut w.active, &mut w.open] {
        s.fg_stroke.color = p.text;
        s.bg_fill = p.control;
        s.weak_bg_fill = p.control;
    }
    w.inactive.bg_stroke = Stroke::new(1.0, p.weak);
    w.hovered.bg_stroke = Stroke::new(1.5, p.text);
    w.active.bg_stroke = Stroke::new(2.0, p.text);
    v
}

/// Text sizes: nothing smaller than 12 px at 100 % zoom (the default small style is ~9 px).
fn text_styles(style: &mut egui::Style) {
    use egui::FontFamily::{Monospace, Proportional};
    style.text_styles = [
        (TextStyle::Small, FontId::new(12.0, Proportional)),
        (TextStyle::Body, FontId::new(14.5, Proportional)),
        (TextStyle::Button, FontId::new(14.5, Proportional)),
        (TextStyle::Monospace, FontId::new(14.0, Monospace)),
        (TextStyle::Heading, FontId::new(21.0, Proportional)),
    ]
    .into();
}

/// Puts the chosen theme and the text sizes on `ctx`.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_visuals_of(egui::Theme::Light, visuals(&LIGHT));
    ctx.set_visuals_of(egui::Theme::Dark, visuals(&DARK));
    ctx.all_styles_mut(text_styles);
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}

/// The smallest text size any style of the app uses, in points at 100 % zoom.
pub fn smallest_text(style: &egui::Style) -> f32 {
    style
        .text_styles
        .values()
        .map(|f| f.size)
        .fold(f32::INFINITY, f32::min)
}

/// WCAG 2 relative luminance of an opaque sRGB colour.
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // #777 on white is the well-known 4.48:1.
        let grey = Color32::from_gray(0x77);
        assert!((contrast(grey, Color32::WHITE) - 4.48).abs() < 0.01);
    }

    /// Every text colour of a palette against every fill it is drawn on.
    fn check(p: &Palette, main: f64, secondary: f64) {
        let fills = [
            ("background", p.background),
            ("stripe", p.stripe),
            ("highlight", p.highlight),
        ];
        let mut failures = Vec::new();
        let mut need = |name: &str, text: Color32, fill_name: &str, fill: Color32, min: f64| {
            let c = contrast(text, fill);
            if c < min {
                failures.push(format!("{name} on {fill_name}: {c:.2} < {min}"));
            }
        };
        for (fill_name, fill) in fills {
            need("text", p.text, fill_name, fill, main);
            for (name, c) in [
                ("weak", p.weak),
                ("gone", p.gone),
                ("live", p.live),
                ("warn", p.warn),
                ("lost", p.lost),
                ("idle", p.idle),
                ("history", p.history),
            ] {
                need(name, c, fill_name, fill, secondary);
            }
        }
        need("button text", p.text, "control", p.control, main);
        need("alarm", p.alarm_text, "alarm fill", p.alarm_fill, main);
        need(
            "caution",
            p.caution_text,
            "caution fill",
            p.caution_fill,
            main,
        );
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_light_theme_reaches_7_to_1_for_text_and_4_5_to_1_for_secondary_text() {
        check(&LIGHT, 7.0, 4.5);
        // The visuals egui draws with are the palette's.
        let v = visuals(&LIGHT);
        assert_eq!(v.text_color(), LIGHT.text);
        assert_eq!(v.weak_text_color(), LIGHT.weak);
        assert_eq!(v.panel_fill, LIGHT.background);
        assert_eq!(v.widgets.inactive.text_color(), LIGHT.text);
        assert_eq!(v.widgets.inactive.weak_bg_fill, LIGHT.control);
    }

    #[test]
    fn the_dark_theme_is_readable_too() {
        check(&DARK, 7.0, 4.5);
    }

    #[test]
    fn no_text_is_smaller_than_12_px() {
        let mut style = egui::Style::default();
        text_styles(&mut style);
        assert!(smallest_text(&style) >= 12.0);
    }
}
