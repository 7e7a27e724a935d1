//! Reading one unit of a config (the campaign's own fields, or one page) and
//! reporting every problem in it, not only the first serde meets.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Diagnostic;
use super::hints::{backticked, choices_hint};
use super::path::Path;
use super::reader::{Problem, read};

/// Most problems reported in one unit before giving up on it.
const MAX_PROBLEMS_PER_UNIT: usize = 50;

/// Deserialises one unit, reporting every unknown field in it and every value of the
/// wrong type that can be left out. Each problem is reported, its key removed from
/// the document, and the unit read again. Returns the value read once nothing more
/// is wrong (with defaults in place of removed values, so later checks can still
/// run), or `None` when a required field is missing or wrong.
pub(crate) fn read_unit<T: DeserializeOwned>(
    mut value: Value,
    at: &Path,
    report: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut removed: Vec<Path> = Vec::new();
    for _ in 0..MAX_PROBLEMS_PER_UNIT {
        let err = match read::<T>(&value) {
            Ok(parsed) => return Some(parsed),
            Err(err) => err,
        };
        let inner = err.path();
        let diagnostic = Diagnostic::new(&at.join(&inner), err.to_string());
        match err.problem {
            Problem::MissingField(field) => {
                // Absent, or removed by us for being wrong (and so reported
                // already): nothing more can be read from this unit.
                if !removed.contains(&inner.key(field)) {
                    report.push(diagnostic);
                }
                return None;
            }
            Problem::UnknownField { name, expected } => {
                report.push(diagnostic.hint(if expected.is_empty() {
                    "this object takes no fields".to_owned()
                } else {
                    choices_hint(&name, expected)
                }))
            }
            Problem::UnknownVariant { name, expected } => report.push(
                Diagnostic::new(
                    &at.join(&inner),
                    format!("`{name}` is not one of {}", backticked(expected)),
                )
                .hint(choices_hint(&name, expected)),
            ),
            Problem::WrongValue { .. } | Problem::Other(_) => report.push(diagnostic),
        }
        if !inner.remove_from(&mut value) {
            return None;
        }
        removed.push(inner);
    }
    None
}
