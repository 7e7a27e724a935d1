//! A problem in one page's config, found by that kind's own checker.

/// A problem in a page's config that its types cannot express. The validator
/// reports it at the page's path followed by `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageIssue {
    /// Where, relative to the page: `sections[0].questions[2].options`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub hint: Option<String>,
}

impl PageIssue {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PageIssue {
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Reports, at `path`, an optional text that is present but blank.
pub(crate) fn not_blank(issues: &mut Vec<PageIssue>, path: &str, text: Option<&str>) {
    if text.is_some_and(|text| text.trim().is_empty()) {
        issues.push(PageIssue::new(path, "must not be empty"));
    }
}

/// `"s"` unless there is exactly one.
pub(crate) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
