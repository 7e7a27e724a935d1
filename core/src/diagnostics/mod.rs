//! The second layer: reading typed values out of JSON with the path of every
//! problem, and the one diagnostic type (path, message, hint, each message in
//! every language the pages speak) that configs are judged in.
//!
//! Marketers edit configs by hand, so one run must show them everything that is
//! wrong, each at a path they can find (`pages[2].title`), with a hint where one
//! helps ("did you mean `title`?"). The reader here knows nothing of campaigns
//! or page kinds: [`crate::campaign::validate`] drives it over a whole config,
//! and each kind reports its own rules as [`PageIssue`]s.

mod hints;
pub mod issue;
pub(crate) mod path;
pub(crate) mod reader;
mod unit;

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use self::path::Path;
use self::reader::read;
use crate::primitives::{Locale, Text};

pub(crate) use self::hints::{backticked, choices_hint, did_you_mean};
pub use self::issue::PageIssue;
pub(crate) use self::unit::read_unit;

/// One problem in a config, at a path such as `pages[2].theme.primary`, told in
/// each language (see [`Text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is, in JSON path notation; empty for the whole document.
    pub path: String,
    message: Text,
    hint: Option<Text>,
}

impl Diagnostic {
    // These take fixed words (a `Phrase`) as well as a `Text`, and are never
    // inlined: they are called at a hundred places, and each place then passes
    // the words as they are, leaving the copy into a `String` to one function.
    #[inline(never)]
    pub(crate) fn new(path: &Path, message: impl Into<Text>) -> Self {
        Diagnostic::at(path.to_string(), message.into())
    }

    pub(crate) fn at(path: String, message: Text) -> Self {
        Diagnostic {
            path,
            message,
            hint: None,
        }
    }

    #[inline(never)]
    pub(crate) fn with_hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[cfg(feature = "thorough-diagnostics")] // the kinds' rules only
    pub(crate) fn with_optional_hint(mut self, hint: Option<Text>) -> Self {
        self.hint = hint;
        self
    }

    /// What is wrong, in `locale`.
    pub fn message(&self, locale: Locale) -> &str {
        self.message.get(locale)
    }

    /// What to do about it, in `locale`, when there is something specific to say.
    pub fn hint(&self, locale: Locale) -> Option<&str> {
        self.hint.as_ref().map(|hint| hint.get(locale))
    }

    /// The path as shown to a person: the empty root path reads as "(top level)".
    pub fn location(&self, locale: Locale) -> &str {
        match (self.path.is_empty(), locale) {
            (false, _) => &self.path,
            (true, Locale::ZhCn) => "（顶层）",
            (true, Locale::En) => "(top level)",
        }
    }

    /// One line: `path: message (hint)`, in `locale`.
    pub fn render(&self, locale: Locale) -> String {
        let (colon, open, close) = match locale {
            Locale::ZhCn => ("：", "（", "）"),
            Locale::En => (": ", " (", ")"),
        };
        let mut line = format!("{}{colon}{}", self.location(locale), self.message(locale));
        if let Some(hint) = self.hint(locale) {
            line.push_str(open);
            line.push_str(hint);
            line.push_str(close);
        }
        line
    }
}

/// English, for logs and the tests.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Locale::En))
    }
}

/// Every problem found in a config, in document order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<Diagnostic>);

impl ConfigErrors {
    /// "The campaign config has 3 problems", in `locale`: the heading of the
    /// page that lists them, and (after a file name) the first line of
    /// [`ConfigErrors::render`]. Not inlined into the page that shows it,
    /// whose size phones pay for.
    #[inline(never)]
    pub fn summary(count: usize, locale: Locale) -> String {
        match locale {
            Locale::ZhCn => format!("活动配置有 {count} 处问题"),
            Locale::En => format!(
                "The campaign config has {count} problem{}",
                issue::plural(count)
            ),
        }
    }

    /// The summary, then one indented line per problem, in `locale`.
    pub fn render(&self, locale: Locale) -> String {
        let colon = match locale {
            Locale::ZhCn => "：",
            Locale::En => ":",
        };
        let mut text = ConfigErrors::summary(self.0.len(), locale);
        // It follows a file name: `campaign.json: the campaign config has...`.
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        text.push_str(colon);
        text.push('\n');
        for diagnostic in &self.0 {
            text.push_str("  ");
            text.push_str(&diagnostic.render(locale));
            text.push('\n');
        }
        text
    }
}

/// English, for logs and the tests.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Locale::En))
    }
}

/// Reads a typed value from JSON text, or `None` when it is not one. For data the
/// app wrote itself (drafts, queued envelopes): everything typed goes through the
/// same reader as configs, so each type's deserializer exists once in the wasm.
pub fn read_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value: Value = serde_json::from_str(text).ok()?;
    read(&value).ok()
}

/// [`read_json`] for a value already parsed, such as a backend's answer kept in
/// a draft.
pub fn read_value<T: DeserializeOwned>(value: &Value) -> Option<T> {
    read(value).ok()
}
