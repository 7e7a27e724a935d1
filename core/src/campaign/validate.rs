//! Reading a campaign config and reporting every problem with its path.
//!
//! Marketers edit configs by hand, so one run must show them everything that is
//! wrong, each at a path they can find (`pages[2].title`), with a hint where one
//! helps ("did you mean `title`?"). serde stops at the first error, so the reader
//! works in units (the campaign's own fields, then each page) and, inside a unit,
//! reports each problem it meets and reads again until every one is reported
//! (see [`crate::diagnostics`]).

use std::collections::HashMap;

use serde_json::Value;

use super::backend::{
    Backend, BodyFormat, PLACEHOLDERS, header_problem, is_known_placeholder, origin_problem,
    placeholders_in,
};
use super::{Campaign, Page, PageKind, SCHEMA_VERSION, UnparsedPage};
use crate::diagnostics::path::Path;
use crate::diagnostics::{PageIssue, backticked, choices_hint, read_unit};
#[allow(unused_imports)] // each kind's page type is read only when its feature is on
use crate::kinds::{
    group_picker::GroupPickerPage, lottery::LotteryPage, quiz::QuizPage, referral::ReferralPage,
    survey::SurveyPage,
};
use crate::primitives::ids::{MAX_ID_CHARS, is_id};
use crate::primitives::limits::MAX_TITLE_CHARS;
use crate::primitives::{Color, Url};

pub use crate::diagnostics::{ConfigErrors, Diagnostic, read_json, read_value};

/// Reads and validates a campaign config, reporting every problem at once.
pub fn parse_campaign(json: &str) -> Result<Campaign, ConfigErrors> {
    let root: Value = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => {
            return Err(ConfigErrors(vec![Diagnostic {
                path: String::new(),
                message: format!(
                    "is not valid JSON at line {}, column {}: {}",
                    err.line(),
                    err.column(),
                    syntax_message(&err)
                ),
                hint: None,
            }]));
        }
    };
    let mut report = Vec::new();
    let root_path = Path::default();
    if !root.is_object() {
        report.push(
            Diagnostic::new(&root_path, "must be a JSON object")
                .hint("a campaign starts with `{ \"schema\": 1, \"id\": ... }`"),
        );
        return Err(ConfigErrors(report));
    }
    let raw_pages = match root.get("pages") {
        Some(Value::Array(pages)) => pages.clone(),
        _ => Vec::new(),
    };

    // Page bundles leave the settings only the server acts on unread (see the
    // `settings` feature): they are not theirs to check.
    #[cfg(not(feature = "settings"))]
    let root = {
        let mut root = root;
        if let Some(fields) = root.as_object_mut() {
            fields.remove("ceilings");
            fields.remove("wechat");
        }
        root
    };
    let head: Option<Campaign<Value>> = read_unit(root, &root_path, &mut report);
    if let Some(head) = &head {
        check_head(head, &mut report);
    }

    let pages_path = root_path.key("pages");
    let mut pages = Vec::with_capacity(raw_pages.len());
    let mut positions = Vec::with_capacity(raw_pages.len());
    let mut first_use: HashMap<String, usize> = HashMap::new();
    for (index, raw) in raw_pages.into_iter().enumerate() {
        let path = pages_path.index(index);
        if let Some(id) = raw.get("id").and_then(Value::as_str) {
            if let Some(first) = first_use.get(id) {
                report.push(
                    Diagnostic::new(
                        &path.key("id"),
                        format!("`{id}` is already the id of pages[{first}]"),
                    )
                    .hint("page ids must be unique: each becomes the page's URL /p/<id>"),
                );
            } else {
                first_use.insert(id.to_owned(), index);
            }
        }
        if let Some(page) = read_page(raw, &path, &mut report) {
            check_page(&page, &path, &mut report);
            pages.push(page);
            positions.push(index);
        }
    }
    #[cfg(feature = "quiz")]
    check_links(&pages, &positions, &first_use, &pages_path, &mut report);

    match head {
        Some(head) if report.is_empty() => Ok(Campaign {
            json_schema: head.json_schema,
            schema: head.schema,
            id: head.id,
            title: head.title,
            description: head.description,
            locale: head.locale,
            theme: head.theme,
            backend: head.backend,
            embed: head.embed,
            identity: head.identity,
            #[cfg(feature = "settings")]
            ceilings: head.ceilings,
            #[cfg(feature = "settings")]
            wechat: head.wechat,
            pages,
        }),
        _ => Err(ConfigErrors(report)),
    }
}

fn read_page(raw: Value, path: &Path, report: &mut Vec<Diagnostic>) -> Option<Page> {
    let Value::Object(mut fields) = raw else {
        report.push(
            Diagnostic::new(path, "must be an object")
                .hint("a page looks like `{ \"id\": ..., \"kind\": ..., \"title\": ... }`"),
        );
        return None;
    };
    let kind_path = path.key("kind");
    let kind = match fields.remove("kind") {
        Some(Value::String(name)) => match PageKind::from_name(&name) {
            Some(kind) => kind,
            None => {
                let names: Vec<&str> = PageKind::ALL.iter().map(|kind| kind.as_str()).collect();
                report.push(
                    Diagnostic::new(&kind_path, format!("`{name}` is not a page kind"))
                        .hint(choices_hint(&name, &names)),
                );
                return None;
            }
        },
        Some(_) => {
            report.push(Diagnostic::new(&kind_path, "must be a string"));
            return None;
        }
        None => {
            report.push(
                Diagnostic::new(path, "required field `kind` is missing").hint(format!(
                    "one of {}",
                    backticked(PageKind::ALL.map(PageKind::as_str))
                )),
            );
            return None;
        }
    };
    let fields = Value::Object(fields);
    match kind {
        #[cfg(feature = "group_picker")]
        PageKind::GroupPicker => {
            read_unit::<GroupPickerPage>(fields, path, report).map(Page::GroupPicker)
        }
        #[cfg(feature = "referral")]
        PageKind::Referral => read_unit::<ReferralPage>(fields, path, report).map(Page::Referral),
        #[cfg(feature = "quiz")]
        PageKind::Quiz => read_unit::<QuizPage>(fields, path, report).map(Page::Quiz),
        #[cfg(feature = "lottery")]
        PageKind::Lottery => read_unit::<LotteryPage>(fields, path, report).map(Page::Lottery),
        #[cfg(feature = "survey")]
        PageKind::Survey => read_unit::<SurveyPage>(fields, path, report).map(Page::Survey),
        // Kinds this build does not read: known by their header alone.
        #[allow(unreachable_patterns)]
        kind => read_unparsed(kind, fields, path, report),
    }
}

/// The header of a page whose kind this build does not read; its other fields
/// are left alone (the server, which reads every kind, has checked them).
fn read_unparsed(
    kind: PageKind,
    fields: Value,
    path: &Path,
    report: &mut Vec<Diagnostic>,
) -> Option<Page> {
    #[derive(serde::Deserialize)]
    struct Header {
        id: String,
        title: String,
        #[serde(default)]
        description: Option<String>,
    }
    read_unit::<Header>(fields, path, report).map(|header| {
        Page::Unparsed(UnparsedPage {
            kind,
            id: header.id,
            title: header.title,
            description: header.description,
        })
    })
}

fn syntax_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

fn check_head(head: &Campaign<Value>, report: &mut Vec<Diagnostic>) {
    let root = Path::default();
    if head.schema != SCHEMA_VERSION {
        report.push(
            Diagnostic::new(
                &root.key("schema"),
                format!("version {} is not supported", head.schema),
            )
            .hint(format!(
                "this Campaign Kit reads `\"schema\": {SCHEMA_VERSION}`"
            )),
        );
    }
    check_id(&head.id, &root.key("id"), report);
    check_text(&head.title, &root.key("title"), MAX_TITLE_CHARS, report);
    let theme = root.key("theme");
    for (name, color) in [
        ("primary", &head.theme.primary),
        ("accent", &head.theme.accent),
        ("text", &head.theme.text),
        ("background", &head.theme.background),
    ] {
        check_color(color, &theme.key(name), report);
    }
    if head.theme.radius > MAX_RADIUS {
        report.push(Diagnostic::new(
            &theme.key("radius"),
            format!(
                "{} is too large; use 0 to {MAX_RADIUS} pixels",
                head.theme.radius
            ),
        ));
    }
    check_font(&head.theme.font, &theme.key("font"), report);
    if let Some(logo) = &head.theme.logo {
        check_url(logo, &theme.key("logo"), report);
    }
    check_backend(&head.backend, &root.key("backend"), report);
    check_origins(
        &head.embed.allowed_hosts,
        &root.key("embed").key("allowed_hosts"),
        report,
    );
    if head.pages.is_empty() {
        report.push(Diagnostic::new(
            &root.key("pages"),
            "must list at least one page",
        ));
    }
    #[cfg(feature = "settings")]
    check_settings(head, &root, report);
}

/// The settings only the server acts on (see the `settings` feature).
#[cfg(feature = "settings")]
fn check_settings(head: &Campaign<Value>, root: &Path, report: &mut Vec<Diagnostic>) {
    for (name, value) in head.ceilings.named() {
        if value == 0 {
            report.push(
                Diagnostic::new(&root.key("ceilings").key(name), "must be at least 1")
                    .hint("leave it out for the default"),
            );
        }
    }
    check_share_cards(head, &root.key("wechat").key("share"), report);
}

/// Each share card names a page of the campaign and has what WeChat shows.
#[cfg(feature = "settings")]
fn check_share_cards(head: &Campaign<Value>, path: &Path, report: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = head
        .pages
        .iter()
        .filter_map(|page| page.get("id").and_then(Value::as_str))
        .collect();
    for (index, card) in head.wechat.share.iter().enumerate() {
        let at = path.index(index);
        let page_id = &card.page;
        if !ids.contains(&page_id.as_str()) {
            report.push(
                Diagnostic::new(
                    &at.key("page"),
                    format!("there is no page `{page_id}` in this campaign"),
                )
                .hint(choices_hint(page_id, &ids)),
            );
        } else if head.wechat.share[..index]
            .iter()
            .any(|earlier| earlier.page == *page_id)
        {
            report.push(Diagnostic::new(
                &at.key("page"),
                format!("`{page_id}` already has a card"),
            ));
        }
        check_text(&card.title, &at.key("title"), MAX_TITLE_CHARS, report);
        if let Some(desc) = &card.desc {
            check_text(desc, &at.key("desc"), super::MAX_SHARE_DESC_CHARS, report);
        }
        check_url(&card.image, &at.key("image"), report);
    }
}

fn check_backend(backend: &Backend, path: &Path, report: &mut Vec<Diagnostic>) {
    check_url(&backend.api, &path.key("api"), report);
    if let Some(submit) = &backend.submit {
        let at = path.key("submit");
        check_url(&submit.url, &at.key("url"), report);
        for (name, value) in &submit.headers {
            if let Some(problem) = header_problem(name, value) {
                report.push(Diagnostic::new(&at.key("headers").key(name), problem));
            }
        }
        if let Some(template) = &submit.template {
            check_template(template, submit.format, &at.key("template"), report);
        }
    }
    if let Some(events) = &backend.events {
        check_url(events, &path.key("events"), report);
    }
    check_origins(
        &backend.allowed_origins,
        &path.key("allowed_origins"),
        report,
    );
}

/// Sites named by their origin, each `scheme://host[:port]`.
fn check_origins(origins: &[String], path: &Path, report: &mut Vec<Diagnostic>) {
    for (index, origin) in origins.iter().enumerate() {
        if let Some(problem) = origin_problem(origin) {
            report.push(
                Diagnostic::new(&path.index(index), format!("`{origin}` {problem}"))
                    .hint("e.g. `https://h5.bank.example`"),
            );
        }
    }
}

fn check_template(template: &Value, format: BodyFormat, path: &Path, report: &mut Vec<Diagnostic>) {
    for name in placeholders_in(template) {
        if !is_known_placeholder(&name) {
            report.push(
                Diagnostic::new(path, format!("`{{{{{name}}}}}` is not a placeholder"))
                    .hint(format!("use one of {}", backticked(PLACEHOLDERS))),
            );
        }
    }
    if format == BodyFormat::Form {
        let flat = template.as_object().is_some_and(|fields| {
            fields
                .values()
                .all(|value| !value.is_object() && !value.is_array())
        });
        if !flat {
            report.push(
                Diagnostic::new(
                    path,
                    "a form template must be an object of field names to texts",
                )
                .hint("e.g. `{ \"openid\": \"{{visitor}}\", \"score\": \"{{data.score}}\" }`"),
            );
        }
    }
}

fn check_page(page: &Page, path: &Path, report: &mut Vec<Diagnostic>) {
    let header = page.header();
    check_id(header.id, &path.key("id"), report);
    check_text(header.title, &path.key("title"), MAX_TITLE_CHARS, report);
    #[cfg(feature = "group_picker")]
    if let Page::GroupPicker(picker) = page {
        for issue in crate::kinds::group_picker::check_group_picker(picker) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "quiz")]
    if let Page::Quiz(quiz) = page {
        for issue in crate::kinds::quiz::check_quiz(quiz) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "lottery")]
    if let Page::Lottery(lottery) = page {
        for issue in crate::kinds::lottery::check_lottery(lottery) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "referral")]
    if let Page::Referral(referral) = page {
        for issue in crate::kinds::referral::check_referral(referral) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "survey")]
    if let Page::Survey(survey) = page {
        for issue in crate::kinds::survey::check_survey(survey) {
            report.push(page_diagnostic(path, issue));
        }
    }
}

/// Links from one page to another: a quiz's `unlocks_draw` must name a lottery
/// page of the same campaign. `positions[i]` is the index in the config of
/// `pages[i]` (pages that could not be read are missing from `pages`).
#[cfg(feature = "quiz")]
fn check_links(
    pages: &[Page],
    positions: &[usize],
    ids: &HashMap<String, usize>,
    pages_path: &Path,
    report: &mut Vec<Diagnostic>,
) {
    for (page, &index) in pages.iter().zip(positions) {
        let Page::Quiz(quiz) = page else { continue };
        let Some(target) = quiz.unlocks_draw.as_deref() else {
            continue;
        };
        let path = pages_path.index(index).key("unlocks_draw");
        let lotteries = || {
            pages
                .iter()
                .filter(|page| page.kind() == PageKind::Lottery)
                .map(|page| page.id())
                .collect::<Vec<_>>()
        };
        match pages.iter().find(|page| page.id() == target) {
            Some(page) if page.kind() == PageKind::Lottery => {}
            Some(page) => report.push(
                Diagnostic::new(
                    &path,
                    format!(
                        "`{target}` is a `{}` page, not a `lottery` page",
                        page.kind().as_str()
                    ),
                )
                .hint(lottery_hint(&lotteries())),
            ),
            // A page that exists but could not be read has its own report.
            None if ids.contains_key(target) => {}
            None => report.push(
                Diagnostic::new(
                    &path,
                    format!("there is no page `{target}` in this campaign"),
                )
                .hint(lottery_hint(&lotteries())),
            ),
        }
    }
}

#[cfg(feature = "quiz")]
fn lottery_hint(lotteries: &[&str]) -> String {
    if lotteries.is_empty() {
        "add a `lottery` page and use its id, or remove `unlocks_draw`".to_owned()
    } else {
        format!("use the id of a `lottery` page: {}", backticked(lotteries))
    }
}

/// A page issue, whose path is relative to its page, at its full path.
#[allow(dead_code)] // unused in bundles that read no page kind
fn page_diagnostic(page: &Path, issue: PageIssue) -> Diagnostic {
    let page = page.to_string();
    Diagnostic {
        path: match (page.is_empty(), issue.path.is_empty()) {
            (_, true) => page,
            (true, false) => issue.path,
            (false, false) => format!("{page}.{}", issue.path),
        },
        message: issue.message,
        hint: issue.hint,
    }
}

const MAX_RADIUS: u8 = 48;

fn check_id(id: &str, path: &Path, report: &mut Vec<Diagnostic>) {
    if !is_id(id) {
        report.push(
            Diagnostic::new(path, format!("`{id}` is not a valid id"))
                .hint(format!("use 1 to {MAX_ID_CHARS} lowercase letters, digits, `-` or `_`, starting with a letter or digit")),
        );
    }
}

fn check_text(text: &str, path: &Path, max_chars: usize, report: &mut Vec<Diagnostic>) {
    if text.trim().is_empty() {
        report.push(Diagnostic::new(path, "must not be empty"));
    } else if text.chars().count() > max_chars {
        report.push(Diagnostic::new(
            path,
            format!("is longer than {max_chars} characters"),
        ));
    }
}

fn check_color(color: &Color, path: &Path, report: &mut Vec<Diagnostic>) {
    if !color.is_valid() {
        report.push(
            Diagnostic::new(path, format!("`{}` is not a colour", color.as_str()))
                .hint("write it as `#rgb`, `#rrggbb` or `#rrggbbaa`, e.g. `#c8102e`"),
        );
    }
}

fn check_url(url: &Url, path: &Path, report: &mut Vec<Diagnostic>) {
    if let Some(problem) = url.problem() {
        report.push(
            Diagnostic::new(path, format!("`{}` {problem}", url.as_str()))
                .hint("use an absolute `https://` URL, or a path such as `/api/v1` on the site that serves the pages"),
        );
    }
}

fn check_font(font: &str, path: &Path, report: &mut Vec<Diagnostic>) {
    if font.trim().is_empty() {
        report.push(Diagnostic::new(path, "must not be empty"));
    } else if font
        .chars()
        .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\') || c.is_control())
    {
        report.push(
            Diagnostic::new(path, "may only hold font names separated by commas")
                .hint("e.g. `\"PingFang SC\", \"Microsoft YaHei\", sans-serif`"),
        );
    }
}
