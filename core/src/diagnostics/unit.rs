//! Reading one unit of a config (the campaign's own fields, or one page) and
//! reporting every problem in it, not only the first serde meets.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::Diagnostic;
use super::hints::{backticked, choices_hint};
use super::path::Path;
use super::reader::{Problem, ReadError, read};
use crate::primitives::text::{phrase, text};

/// Most problems reported in one unit before giving up on it.
const MAX_PROBLEMS_PER_UNIT: usize = 50;
/// Most readings of one unit: one per problem reported, and one per stand-in
/// tried (see [`StandIn`]).
const MAX_READS_PER_UNIT: usize = 400;

/// Deserialises one unit, reporting every unknown field in it, every value of the
/// wrong type and every missing field. Each problem is reported, its key removed
/// from the document, and the unit read again. Returns the value read once nothing
/// more is wrong (with defaults in place of removed values, so later checks can
/// still run), or `None` when a required field is missing or wrong.
///
/// A required field that is missing or wrong does not stop the reading: a
/// stand-in takes its place (see [`StandIn`]) and the rest of the unit is read
/// on, so that a misspelt `type` in one question does not hide the problems of
/// the next ones. The unit is still refused: its value would hold stand-ins.
/// Which fields a value needs may depend on its type (a poster layer's do), so
/// once a value's type is a stand-in's guess, its missing fields are stood in
/// for without being reported.
pub(crate) fn read_unit<T: DeserializeOwned>(
    value: Value,
    at: &Path,
    report: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut parsed = None;
    // Only this closure depends on `T`: the loop exists once in the wasm, not
    // once per unit type.
    let accepted = read_until_clean(value, at, report, &mut |value| {
        read::<T>(value).map(|read| parsed = Some(read))
    });
    if accepted { parsed } else { None }
}

/// [`read_unit`]'s loop: reads with `read` until it succeeds; whether the last
/// reading was of the unit itself, with no stand-in in it.
// Without stand-ins every reading reports a problem, and clippy sees a counter.
#[cfg_attr(
    not(feature = "thorough-diagnostics"),
    allow(clippy::explicit_counter_loop)
)]
fn read_until_clean(
    mut value: Value,
    at: &Path,
    report: &mut Vec<Diagnostic>,
    read: &mut dyn FnMut(&Value) -> Result<(), ReadError>,
) -> bool {
    let mut removed: Vec<Path> = Vec::new();
    // The names a removed value could have had, for its stand-in.
    let mut variants_of: Vec<(Path, &'static [&'static str])> = Vec::new();
    let mut stand_ins: Vec<StandIn> = Vec::new();
    let mut reported = 0;
    for _ in 0..MAX_READS_PER_UNIT {
        let err = match read(&value) {
            Ok(()) => return stand_ins.is_empty(),
            Err(err) => err,
        };
        let inner = err.path();
        #[cfg(feature = "thorough-diagnostics")]
        if let Some(index) = blamed_stand_in(&stand_ins, &inner, err.problem()) {
            if !try_another(&mut stand_ins, index, &inner, err.problem(), &mut value) {
                return false;
            }
            continue;
        }
        if reported == MAX_PROBLEMS_PER_UNIT {
            return false;
        }
        reported += 1;
        let diagnostic = Diagnostic::new(&at.join(&inner), err.message());
        match err.into_problem() {
            Problem::MissingField(field) => {
                // Absent, or removed by us for being wrong (and so reported
                // already): a stand-in takes its place, and reading goes on.
                let missing = inner.key(field);
                if !removed.contains(&missing) {
                    report.push(diagnostic);
                }
                let candidates = match variants_of.iter().find(|(path, _)| *path == missing) {
                    Some((_, names)) => Candidates::Variants(names),
                    None => Candidates::AnyType,
                };
                if !stand_in(&mut stand_ins, missing, candidates, &mut value) {
                    return false;
                }
                continue;
            }
            Problem::UnknownField { name, expected } => {
                report.push(diagnostic.with_hint(if expected.is_empty() {
                    phrase!("这个对象不接受任何字段", "this object takes no fields").into()
                } else {
                    choices_hint(&name, expected)
                }))
            }
            Problem::UnknownVariant { name, expected } => {
                report.push(
                    Diagnostic::new(
                        &at.join(&inner),
                        text!(
                            "`{name}` 不是 {names} 之一",
                            "`{name}` is not one of {names}";
                            names = backticked(expected)
                        ),
                    )
                    .with_hint(choices_hint(&name, expected)),
                );
                variants_of.push((inner.clone(), expected));
            }
            Problem::WrongValue { .. } | Problem::Other(_) => report.push(diagnostic),
        }
        if inner.remove_from(&mut value) {
            removed.push(inner);
        } else {
            // An item of a list (or the unit itself) cannot be left out without
            // moving the items after it: a stand-in takes its place.
            let candidates = match variants_of.iter().find(|(path, _)| *path == inner) {
                Some((_, names)) => Candidates::Variants(names),
                None => Candidates::AnyType,
            };
            if !stand_in(&mut stand_ins, inner, candidates, &mut value) {
                return false;
            }
        }
    }
    false
}

/// A value put in place of one that is missing or wrong, so that the rest of
/// the unit can be read. The reader does not know the type it stands in for, so
/// it tries one value of each JSON type in turn (and, for an enum, each of its
/// names) until serde takes one; a struct stood in for by `{}` gets stand-ins for
/// its own required fields. What serde says about a stand-in is never reported:
/// the problem it stands in for was.
#[cfg_attr(not(feature = "thorough-diagnostics"), allow(dead_code))]
struct StandIn {
    path: Path,
    candidates: Vec<Value>,
    /// The candidate in place.
    current: usize,
    /// Whether the candidates are an enum's names (and not one of each type).
    named: bool,
    /// For a stand-in of a field that is missing only because of the guess of
    /// another stand-in (the value's type): that one's path. It goes when that
    /// guess changes.
    owner: Option<Path>,
}

enum Candidates {
    AnyType,
    Variants(&'static [&'static str]),
}

impl Candidates {
    fn values(&self) -> Vec<Value> {
        let any_type = || {
            vec![
                Value::String(String::new()),
                Value::from(0),
                Value::Bool(false),
                Value::Array(Vec::new()),
                Value::Object(Map::new()),
            ]
        };
        match self {
            Candidates::AnyType => any_type(),
            // A unit variant is its name; a variant with data, `{ name: data }`.
            Candidates::Variants(names) => names
                .iter()
                .flat_map(|name| {
                    std::iter::once(Value::String((*name).to_owned())).chain(
                        any_type().into_iter().map(|data| {
                            Value::Object(Map::from_iter([((*name).to_owned(), data)]))
                        }),
                    )
                })
                .collect(),
        }
    }
}

/// Puts a new stand-in at `path`; false when there is no place for it.
///
/// Only where configs are checked for people to fix them (the server, the
/// CLI, the designer's all-kinds bundle: feature `thorough-diagnostics`).
/// A page bundle reads configs the server or the build already checked, so it
/// stops at a unit's first broken required field and stays kilobytes smaller.
fn stand_in(
    stand_ins: &mut Vec<StandIn>,
    path: Path,
    candidates: Candidates,
    value: &mut Value,
) -> bool {
    if cfg!(feature = "thorough-diagnostics") {
        add_stand_in(stand_ins, path, candidates, None, value)
    } else {
        false
    }
}

#[cfg_attr(not(feature = "thorough-diagnostics"), allow(dead_code))]
fn add_stand_in(
    stand_ins: &mut Vec<StandIn>,
    path: Path,
    candidates: Candidates,
    owner: Option<Path>,
    value: &mut Value,
) -> bool {
    let named = matches!(candidates, Candidates::Variants(_));
    let candidates = candidates.values();
    let Some(first) = candidates.first().cloned() else {
        return false;
    };
    if !path.set_in(value, first) {
        return false;
    }
    stand_ins.push(StandIn {
        path,
        candidates,
        current: 0,
        named,
        owner,
    });
    true
}

/// Whether `path` is a field of the value at `parent`.
#[cfg_attr(not(feature = "thorough-diagnostics"), allow(dead_code))]
fn is_field_of(path: &Path, parent: &Path) -> bool {
    path.0.len() == parent.0.len() + 1 && path.starts_with(parent)
}

/// The stand-in a problem is due to, if any: the innermost one holding the
/// problem; for a field missing from a value whose type is a guess, the guess;
/// and for another problem of a value holding stand-ins (a value read from
/// several fields, such as a poster layer, may refuse what a stand-in made of
/// it), the guess of its type, else its last stand-in.
#[cfg_attr(not(feature = "thorough-diagnostics"), allow(dead_code))]
fn blamed_stand_in(stand_ins: &[StandIn], inner: &Path, problem: &Problem) -> Option<usize> {
    // Stand-ins inside another one come after it, so the last that holds the
    // problem is the innermost.
    if let Some(index) = stand_ins
        .iter()
        .rposition(|stand_in| inner.starts_with(&stand_in.path))
    {
        return Some(index);
    }
    let guess = stand_ins
        .iter()
        .rposition(|stand_in| stand_in.named && is_field_of(&stand_in.path, inner));
    match problem {
        Problem::UnknownField { .. } => None,
        Problem::MissingField(_) => guess,
        _ => guess.or_else(|| {
            stand_ins
                .iter()
                .rposition(|stand_in| stand_in.path.starts_with(inner))
        }),
    }
}

/// Answers a problem due to the stand-in at `index`: fills a field its `{}`
/// lacks, turns to an enum's names once serde names them, or puts the next
/// candidate in place. False when no candidate is left.
#[cfg_attr(not(feature = "thorough-diagnostics"), allow(dead_code))]
fn try_another(
    stand_ins: &mut Vec<StandIn>,
    index: usize,
    inner: &Path,
    problem: &Problem,
    value: &mut Value,
) -> bool {
    match problem {
        Problem::MissingField(field) => {
            // Inside a stand-in's `{}`, or missing because of a guessed type.
            let this = &stand_ins[index];
            let owner = (!inner.starts_with(&this.path)).then(|| this.path.clone());
            return add_stand_in(
                stand_ins,
                inner.key(field),
                Candidates::AnyType,
                owner,
                value,
            );
        }
        Problem::UnknownVariant { expected, .. }
            if *inner == stand_ins[index].path && !stand_ins[index].named =>
        {
            let this = &mut stand_ins[index];
            this.candidates = Candidates::Variants(expected).values();
            this.current = 0;
            this.named = true;
        }
        _ => stand_ins[index].current += 1,
    }
    // Stand-ins inside this one go with the value they were in, and those its
    // guess called for go with the guess.
    let path = stand_ins[index].path.clone();
    let mut position = 0;
    stand_ins.retain(|stand_in| {
        position += 1;
        if position <= index + 1 {
            return true;
        }
        if stand_in.owner.as_ref() == Some(&path) {
            stand_in.path.remove_from(value);
            return false;
        }
        !stand_in.path.starts_with(&path)
    });
    let this = &stand_ins[index];
    match this.candidates.get(this.current) {
        Some(candidate) => this.path.set_in(value, candidate.clone()),
        None => false,
    }
}
