//! The app's words in the official's language (Fluent). Every user-facing text of the app
//! goes through [`tr!`]; the messages live in `assets/i18n/<code>.ftl`, compiled in. CSV
//! column names, the CLI and the log stay English (stable for scripts and support).
//!
//! One language at a time for the whole app: the UI thread and the jobs it starts read the
//! same catalogue, so a message made on a worker thread is in the chosen language too.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
pub use fluent_bundle::{FluentArgs, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};

/// The languages the app speaks: ALGE's home markets and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Italian,
}

impl Language {
    pub const ALL: [Language; 4] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Italian,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::German => "de",
            Self::French => "fr",
            Self::Italian => "it",
        }
    }

    /// The language's own name for itself (the picker shows it so, whatever is chosen).
    pub fn native_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "Deutsch",
            Self::French => "Français",
            Self::Italian => "Italiano",
        }
    }

    /// The messages, compiled in.
    pub fn source(self) -> &'static str {
        match self {
            Self::English => include_str!("../../assets/i18n/en.ftl"),
            Self::German => include_str!("../../assets/i18n/de.ftl"),
            Self::French => include_str!("../../assets/i18n/fr.ftl"),
            Self::Italian => include_str!("../../assets/i18n/it.ftl"),
        }
    }

    /// The language of a locale name such as `de-CH`, `fr_FR.UTF-8` or `it`; English for
    /// anything else.
    pub fn from_locale(locale: &str) -> Self {
        let prefix = locale.get(..2).unwrap_or("").to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|l| l.code() == prefix)
            .unwrap_or_default()
    }

    /// The operating system's language, if the app speaks it.
    pub fn from_system() -> Self {
        sys_locale::get_locale().map_or_else(Self::default, |l| Self::from_locale(&l))
    }

    /// The mark between seconds and their fractions (`12:34:56.7890` or `12:34:56,7890`).
    pub fn decimal_mark(self) -> char {
        match self {
            Self::English => '.',
            Self::German | Self::French | Self::Italian => ',',
        }
    }

    /// How a date is written (chrono format).
    pub fn date_format(self) -> &'static str {
        match self {
            Self::English => "%Y-%m-%d",
            Self::German => "%d.%m.%Y",
            Self::French | Self::Italian => "%d/%m/%Y",
        }
    }
}

/// One language's messages, with English behind it for a message it lacks.
pub struct Catalog {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    english: Option<FluentBundle<FluentResource>>,
}

impl Catalog {
    pub fn new(language: Language) -> Self {
        let english = (language != Language::English).then(|| bundle(Language::English));
        Self {
            language,
            bundle: bundle(language),
            english,
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `key`, or `None` when neither this language nor English has it.
    pub fn message(&self, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        [Some(&self.bundle), self.english.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|b| {
                let pattern = b.get_message(key)?.value()?;
                let mut errors = Vec::new();
                let text = b.format_pattern(pattern, args, &mut errors).into_owned();
                if !errors.is_empty() {
                    tracing::debug!("message {key}: {errors:?}");
                }
                Some(text)
            })
    }

    /// Every message id in this language's file, for the tests that compare languages.
    pub fn keys(language: Language) -> Vec<String> {
        let resource = resource(language);
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}

fn resource(language: Language) -> FluentResource {
    FluentResource::try_new(language.source().to_owned()).unwrap_or_else(|(partial, errors)| {
        // A syntax error in a shipped file: keep what parsed (the test suite fails on it).
        tracing::error!("{} messages: {errors:?}", language.code());
        partial
    })
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let id = language
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: labels stay plain text (screen readers,
    // tests that find a widget by its label, copied error messages).
    b.set_use_isolating(false);
    if let Err(errors) = b.add_resource(resource(language)) {
        tracing::error!("{} messages: {errors:?}", language.code());
    }
    b
}

static CURRENT: RwLock<Option<Arc<Catalog>>> = RwLock::new(None);

/// Switches the whole app to `language`.
pub fn set_language(language: Language) {
    if current().language() == language {
        return;
    }
    let catalog = Arc::new(Catalog::new(language));
    *CURRENT.write().unwrap_or_else(|p| p.into_inner()) = Some(catalog);
}

/// The catalogue in use (English until a language is set).
pub fn current() -> Arc<Catalog> {
    if let Some(c) = CURRENT.read().unwrap_or_else(|p| p.into_inner()).as_ref() {
        return c.clone();
    }
    let mut slot = CURRENT.write().unwrap_or_else(|p| p.into_inner());
    slot.get_or_insert_with(|| Arc::new(Catalog::new(Language::English)))
        .clone()
}

pub fn language() -> Language {
    current().language()
}

/// The message `key` in the current language; the key itself if no language has it (the
/// test suite makes sure that never ships).
pub fn text(key: &str, args: Option<&FluentArgs<'_>>) -> String {
    current()
        .message(key, args)
        .unwrap_or_else(|| key.to_owned())
}

/// `tr!("key")` or `tr!("key", name = value, …)`: the message in the current language.
/// Keys are literals so the test suite can find every one in the code.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::ui::i18n::text($key, None)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::ui::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::ui::i18n::FluentValue::from($value));)+
        $crate::ui::i18n::text($key, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(Language::from_locale("de-CH"), Language::German);
        assert_eq!(Language::from_locale("fr_FR.UTF-8"), Language::French);
        assert_eq!(Language::from_locale("it"), Language::Italian);
        assert_eq!(Language::from_locale("en-US"), Language::English);
        assert_eq!(Language::from_locale("sl-SI"), Language::English);
        assert_eq!(Language::from_locale(""), Language::English);
    }

    #[test]
    fn a_catalog_formats_arguments_without_isolation_marks() {
        let c = Catalog::new(Language::German);
        let mut args = FluentArgs::new();
        args.set("shown", 3);
        args.set("total", 7);
        let text = c.message("filter-shown", Some(&args)).expect("message");
        assert!(text.contains('3') && text.contains('7'), "{text}");
        assert!(!text.contains('\u{2068}'), "{text:?}");
    }
}
