//! Hints for names that are not quite right: "did you mean `title`?".

use crate::primitives::text::{Text, in_zh, text};

/// "did you mean `x`?" when a close name exists, else the list of names.
pub(crate) fn choices_hint(name: &str, choices: &[impl AsRef<str>]) -> Text {
    match closest(name, choices) {
        Some(best) => did_you_mean(best),
        None => one_of(choices),
    }
}

/// "did you mean `x`?", for a checker that has its own idea of what was meant.
pub(crate) fn did_you_mean(best: &str) -> Text {
    text!("你是不是想写 `{best}`？", "did you mean `{best}`?")
}

/// "expected one of `a`, `b`".
pub(crate) fn one_of(names: impl IntoIterator<Item = impl AsRef<str>>) -> Text {
    text!(
        "应为以下之一：{names}",
        "expected one of {names}";
        names = backticked(names)
    )
}

/// Names in backticks, listed as each language lists: `` `a`、`b` ``, `` `a`, `b` ``.
pub(crate) fn backticked(names: impl IntoIterator<Item = impl AsRef<str>>) -> Text {
    let names: Vec<String> = names
        .into_iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect();
    Text::new(in_zh!(names.join("、")), names.join(", "))
}

/// In a page bundle, no guess: it reads configs the server or the build has
/// checked (where the guesses are made), so a problem it meets still lists
/// the names allowed, without the edit-distance code.
#[cfg(not(feature = "thorough-diagnostics"))]
fn closest<'a>(_name: &str, _choices: &'a [impl AsRef<str>]) -> Option<&'a str> {
    None
}

/// The choice `name` most likely misspells: one it abbreviates, or the nearest by
/// edit distance when that is small for the choice's length.
#[cfg(feature = "thorough-diagnostics")]
fn closest<'a>(name: &str, choices: &'a [impl AsRef<str>]) -> Option<&'a str> {
    // Field and variant names are ASCII, so ASCII case folding is enough.
    let normalise = |text: &str| text.to_ascii_lowercase().replace('-', "_");
    let wanted = normalise(name);
    let choices = choices.iter().map(AsRef::as_ref);
    if let Some(prefixed) = choices
        .clone()
        .find(|choice| normalise(choice).starts_with(&wanted))
    {
        return Some(prefixed);
    }
    choices
        .map(|choice| (edit_distance(&wanted, &normalise(choice)), choice))
        .filter(|(distance, choice)| *distance <= (choice.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, choice)| choice)
}

/// Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`.
#[cfg(feature = "thorough-diagnostics")]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between the first i chars of a and the first j of b.
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("title", "title"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("tite", "title"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_ignores_far_names() {
        let names = ["id", "title", "description"];
        assert_eq!(closest("titel", &names), Some("title"));
        assert_eq!(closest("descripton", &names), Some("description"));
        assert_eq!(closest("banana", &names), None);
        assert_eq!(closest("zh", &["zh-CN", "en"]), Some("zh-CN"));
        assert_eq!(closest("fr", &["zh-CN", "en"]), None);
    }
}
