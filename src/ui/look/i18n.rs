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
use strum::{EnumIter, IntoEnumIterator};

/// The languages the app speaks: ALGE's home markets and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, EnumIter)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Italian,
}

impl Language {
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
            Self::English => include_str!("../../../assets/i18n/en.ftl"),
            Self::German => include_str!("../../../assets/i18n/de.ftl"),
            Self::French => include_str!("../../../assets/i18n/fr.ftl"),
            Self::Italian => include_str!("../../../assets/i18n/it.ftl"),
        }
    }

    /// The language of a locale name such as `de-CH`, `fr_FR.UTF-8` or `it`; English for
    /// anything else.
    pub fn from_locale(locale: &str) -> Self {
        let prefix = locale.get(..2).unwrap_or("").to_ascii_lowercase();
        Self::iter()
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
        $crate::ui::look::i18n::text($key, None)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::ui::look::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::ui::look::i18n::FluentValue::from($value));)+
        $crate::ui::look::i18n::text($key, Some(&args))
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

    /// Every `tr!("key"…)` in the source (comments left out).
    fn keys_in_code() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, keys: &mut std::collections::BTreeSet<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, keys);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let code: String = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    let mut rest = code.as_str();
                    while let Some(at) = rest.find("tr!(") {
                        rest = &rest[at + 4..];
                        let trimmed = rest.trim_start();
                        if let Some(lit) = trimmed.strip_prefix('"') {
                            let key: String = lit
                                .chars()
                                .take_while(|c| {
                                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'
                                })
                                .collect();
                            if lit[key.len()..].starts_with('"') && !key.is_empty() {
                                keys.insert(key);
                            }
                        }
                    }
                }
            }
        }
        let mut keys = std::collections::BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        keys
    }

    /// The `$variables` of each message of a language.
    fn variables(language: Language) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        let mut current: Option<String> = None;
        for line in language.source().lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((key, _)) = line.split_once(" = ") {
                if !line.starts_with(' ') {
                    current = Some(key.trim().to_owned());
                    out.insert(key.trim().to_owned(), Vec::new());
                }
            }
            if let Some(key) = &current {
                let mut rest = line;
                while let Some(at) = rest.find('$') {
                    rest = &rest[at + 1..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(v) = out.get_mut(key) {
                        if !v.contains(&name) {
                            v.push(name);
                        }
                    }
                }
            }
        }
        for v in out.values_mut() {
            v.sort();
        }
        out
    }

    #[test]
    fn every_language_file_parses() {
        for l in Language::iter() {
            if let Err((_, errors)) = FluentResource::try_new(l.source().to_owned()) {
                panic!("{}.ftl: {errors:?}", l.code());
            }
        }
    }

    #[test]
    fn every_key_the_code_uses_exists_and_every_key_is_used() {
        let used = keys_in_code();
        assert!(used.len() > 100, "the scan found the keys: {}", used.len());
        let english: std::collections::BTreeSet<String> =
            Catalog::keys(Language::English).into_iter().collect();
        let missing: Vec<_> = used.difference(&english).collect();
        let unused: Vec<_> = english.difference(&used).collect();
        assert!(
            missing.is_empty(),
            "keys used in code, missing in en.ftl: {missing:?}"
        );
        assert!(unused.is_empty(), "keys in en.ftl no code uses: {unused:?}");
    }

    #[test]
    fn every_language_has_exactly_the_english_keys_and_variables() {
        let english = Catalog::keys(Language::English);
        let english_vars = variables(Language::English);
        for l in Language::iter() {
            let keys = Catalog::keys(l);
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", l.code());
            assert!(
                extra.is_empty(),
                "{}.ftl has keys no code uses: {extra:?}",
                l.code()
            );
            let vars = variables(l);
            for (key, v) in &english_vars {
                assert_eq!(vars.get(key), Some(v), "{}.ftl {key}: variables", l.code());
            }
        }
    }

    #[test]
    fn every_message_formats_in_every_language() {
        for l in Language::iter() {
            let b = bundle(l);
            for (key, vars) in variables(Language::English) {
                let mut args = FluentArgs::new();
                for v in vars {
                    args.set(v, 2);
                }
                let pattern = b
                    .get_message(&key)
                    .and_then(|m| m.value())
                    .unwrap_or_else(|| panic!("{}: {key}", l.code()));
                let mut errors = Vec::new();
                let text = b.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {key}: {errors:?}", l.code());
                assert!(!text.trim().is_empty(), "{}: {key} is empty", l.code());
            }
        }
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
