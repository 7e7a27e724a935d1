//! The second layer: reading typed values out of JSON with the path of every
//! problem, and the one diagnostic type (path, message, hint) that configs are
//! judged in.
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

pub(crate) use self::hints::{backticked, choices_hint};
pub use self::issue::PageIssue;
pub(crate) use self::unit::read_unit;

/// One problem in a config, at a path such as `pages[2].theme.primary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is, in JSON path notation; empty for the whole document.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The path as shown to a person: the empty root path reads as "(top level)".
    pub fn location(&self) -> &str {
        if self.path.is_empty() {
            "(top level)"
        } else {
            &self.path
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Every problem found in a config, in document order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<Diagnostic>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "the campaign config has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for diagnostic in &self.0 {
            writeln!(f, "  {diagnostic}")?;
        }
        Ok(())
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
