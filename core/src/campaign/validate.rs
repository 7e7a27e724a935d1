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

#[cfg(test)]
use super::PageLinks;
use super::backend::{
    Backend, BodyFormat, PLACEHOLDERS, header_problem, is_known_placeholder, origin_problem,
    placeholders_in,
};
use super::{Campaign, Page, PageKind, SCHEMA_VERSION, UnparsedPage};
#[cfg(feature = "thorough-diagnostics")]
use crate::diagnostics::PageIssue;
use crate::diagnostics::issue::{
    bad_url, id_hint, id_taken, invalid_id, longer_than, must_not_be_empty, not_a_colour,
};
use crate::diagnostics::path::Path;
use crate::diagnostics::{backticked, choices_hint, read_unit};
#[allow(unused_imports)] // each kind's page type is read only when its feature is on
use crate::kinds::{
    benefits::BenefitsPage, checkin::CheckinPage, course::CoursePage,
    group_picker::GroupPickerPage, lottery::LotteryPage, offers::OffersPage, quiz::QuizPage,
    referral::ReferralPage, survey::SurveyPage,
};
#[cfg(feature = "quiz")]
use crate::primitives::Text;
use crate::primitives::ids::is_id;
use crate::primitives::limits::MAX_TITLE_CHARS;
use crate::primitives::text::{phrase, text};
use crate::primitives::{Color, Locale, Url};

pub use crate::diagnostics::{ConfigErrors, Diagnostic, read_json, read_value};

/// The language a config asks for, read even when the config is broken, so its
/// problems are told in it: its `locale` where that is one, else Simplified
/// Chinese, the product's first language.
pub fn declared_locale(json: &str) -> Locale {
    serde_json::from_str::<Value>(json)
        .ok()
        .and_then(|config| config.get("locale")?.as_str().and_then(Locale::from_tag))
        .unwrap_or_default()
}

/// Reads and validates a campaign config, reporting every problem at once.
pub fn parse_campaign(json: &str) -> Result<Campaign, ConfigErrors> {
    read_campaign(parse_document(json)?)
}

/// [`parse_campaign`]'s first half: the config's text as a JSON document. A
/// page reading a large config reads the document in a task of its own (see
/// [`read_campaign`]).
pub fn parse_document(json: &str) -> Result<Value, ConfigErrors> {
    serde_json::from_str(json).map_err(|err| {
        // The syntax error's words follow, in English (see `syntax_message`:
        // serde_json's own where configs are fixed, the character at fault in
        // page bundles).
        ConfigErrors(vec![Diagnostic::new(
            &Path::default(),
            text!(
                "不是有效的 JSON：第 {line} 行第 {column} 列有误（{syntax}）",
                "is not valid JSON at line {line}, column {column}: {syntax}",
                line = err.line(),
                column = err.column(),
                syntax = syntax_message(&err, json)
            ),
        )])
    })
}

/// [`parse_campaign`]'s second half: reads and validates a parsed config.
pub fn read_campaign(mut root: Value) -> Result<Campaign, ConfigErrors> {
    let mut report = Vec::new();
    let root_path = Path::default();
    if !root.is_object() {
        report.push(
            Diagnostic::new(
                &root_path,
                phrase!("必须是一个 JSON 对象", "must be a JSON object"),
            )
            .with_hint(phrase!(
                "活动配置以 `{ \"schema\": 1, \"id\": ... }` 开头",
                "a campaign starts with `{ \"schema\": 1, \"id\": ... }`"
            )),
        );
        return Err(ConfigErrors(report));
    }
    // Each page is read on its own, below: it moves out of the document, and
    // only its `id` keeps its place, for the campaign's own fields to see how
    // many pages there are and what they are called. Copying the pages instead
    // cost a CMB-size picker's 3,000 groups twice over, on the phone's main
    // thread.
    let raw_pages: Vec<Value> = match root.get_mut("pages") {
        Some(Value::Array(pages)) => pages.iter_mut().map(take_page).collect(),
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
            fields.remove("channels");
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
                        id_taken(id, format_args!("pages[{first}]")),
                    )
                    .with_hint(phrase!(
                        "页面 id 不能重复：每个 id 都会成为页面的网址 /p/<id>",
                        "page ids must be unique: each becomes the page's URL /p/<id>"
                    )),
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
    #[cfg(feature = "checkin")]
    super::course_links::check_course_links(
        &pages,
        &positions,
        &first_use,
        &pages_path,
        &mut report,
    );

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
            #[cfg(feature = "settings")]
            channels: head.channels,
            pages,
        }),
        _ => Err(ConfigErrors(report)),
    }
}

/// Takes a page out of the document, leaving an object of its `id` alone.
fn take_page(page: &mut Value) -> Value {
    let mut placeholder = serde_json::Map::new();
    if let Some(id) = page.get("id") {
        placeholder.insert("id".to_owned(), id.clone());
    }
    std::mem::replace(page, Value::Object(placeholder))
}

fn read_page(raw: Value, path: &Path, report: &mut Vec<Diagnostic>) -> Option<Page> {
    let Value::Object(mut fields) = raw else {
        report.push(
            Diagnostic::new(path, phrase!("必须是一个对象", "must be an object")).with_hint(
                phrase!(
                    "页面的写法如 `{ \"id\": ..., \"kind\": ..., \"title\": ... }`",
                    "a page looks like `{ \"id\": ..., \"kind\": ..., \"title\": ... }`"
                ),
            ),
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
                    Diagnostic::new(
                        &kind_path,
                        text!("`{name}` 不是页面类型", "`{name}` is not a page kind"),
                    )
                    .with_hint(choices_hint(&name, &names)),
                );
                return None;
            }
        },
        Some(_) => {
            report.push(Diagnostic::new(
                &kind_path,
                phrase!("必须是文本", "must be a string"),
            ));
            return None;
        }
        None => {
            report.push(
                Diagnostic::new(
                    path,
                    phrase!("缺少必填字段 `kind`", "required field `kind` is missing"),
                )
                .with_hint(text!(
                    "可选：{kinds}",
                    "one of {kinds}";
                    kinds = backticked(PageKind::ALL.map(PageKind::as_str))
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
        #[cfg(feature = "benefits")]
        PageKind::Benefits => read_unit::<BenefitsPage>(fields, path, report).map(Page::Benefits),
        #[cfg(feature = "offers")]
        PageKind::Offers => read_unit::<OffersPage>(fields, path, report).map(Page::Offers),
        #[cfg(feature = "course")]
        PageKind::Course => read_unit::<CoursePage>(fields, path, report)
            .map(|course| Page::Course(Box::new(course))),
        #[cfg(feature = "checkin")]
        PageKind::Checkin => read_unit::<CheckinPage>(fields, path, report).map(Page::Checkin),
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
        // Read as loosely as the rest is left: the server has checked them.
        #[serde(default)]
        course_page: Option<Value>,
        #[serde(default)]
        next_intake: Option<Value>,
    }
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    read_unit::<Header>(fields, path, report).map(|header| {
        let links = super::PageLinks {
            course_page: text(header.course_page.as_ref()),
            next_intake: text(
                header
                    .next_intake
                    .as_ref()
                    .and_then(|next| next.get("link")),
            ),
        };
        Page::Unparsed(UnparsedPage {
            kind,
            id: header.id,
            title: header.title,
            description: header.description,
            links,
        })
    })
}

/// What is wrong at a JSON syntax error. The server, the CLI and the preview,
/// where people fix configs, quote serde_json (``expected `,` or `}` ``). Its
/// words bring every message it has, and std's I/O errors, to a page bundle
/// (3 KB of wasm), which meets a broken config only on a static site whose
/// `campaign.json` was never checked: there the character at fault tells it.
fn syntax_message(err: &serde_json::Error, json: &str) -> String {
    if cfg!(feature = "thorough-diagnostics") {
        let text = err.to_string();
        match text.rfind(" at line ") {
            Some(at) => text[..at].to_owned(),
            None => text,
        }
    } else {
        syntax_in_short(err.is_eof(), json, err.line(), err.column())
    }
}

/// A page bundle's [`syntax_message`]: the character at `line` and `column`
/// (both from 1, the column in bytes, as serde_json counts them).
fn syntax_in_short(ended: bool, json: &str, line: usize, column: usize) -> String {
    if ended {
        return "the text ends before the JSON does".to_owned();
    }
    let found = json
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|text| text.get(column.saturating_sub(1)..))
        .and_then(|rest| rest.chars().next());
    match found {
        Some(character) => format!("unexpected `{character}`"),
        None => "unexpected end of line".to_owned(),
    }
}

fn check_head(head: &Campaign<Value>, report: &mut Vec<Diagnostic>) {
    let root = Path::default();
    if head.schema != SCHEMA_VERSION {
        report.push(
            Diagnostic::new(
                &root.key("schema"),
                text!(
                    "不支持版本 {version}",
                    "version {version} is not supported",
                    version = head.schema
                ),
            )
            .with_hint(text!(
                "这一版 Campaign Kit 读取 `\"schema\": {SCHEMA_VERSION}`",
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
            text!(
                "{radius} 太大；请用 0 到 {MAX_RADIUS} 像素",
                "{radius} is too large; use 0 to {MAX_RADIUS} pixels",
                radius = head.theme.radius
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
            phrase!("至少要有一个页面", "must list at least one page"),
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
                Diagnostic::new(
                    &root.key("ceilings").key(name),
                    phrase!("至少为 1", "must be at least 1"),
                )
                .with_hint(phrase!("不写则用默认值", "leave it out for the default")),
            );
        }
    }
    check_share_cards(head, &root.key("wechat").key("share"), report);
    for (code, name) in &head.channels {
        let path = root.key("channels").key(code);
        if !crate::primitives::ids::is_channel_code(code) {
            report.push(
                Diagnostic::new(
                    &path,
                    text!("`{code}` 不能用作渠道码", "`{code}` cannot be a channel code"),
                )
                .with_hint(phrase!(
                    "渠道码由小写字母、数字、`-` 和 `_` 组成，最多 32 个字符，如 `moments`",
                    "channel codes are lowercase letters, digits, `-` and `_`, up to 32, like `moments`"
                )),
            );
        }
        if name.trim().is_empty() {
            report.push(Diagnostic::new(
                &path,
                phrase!("渠道名称不能为空", "the channel's name must not be blank"),
            ));
        }
    }
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
                    text!(
                        "本活动没有页面 `{page_id}`",
                        "there is no page `{page_id}` in this campaign"
                    ),
                )
                .with_hint(choices_hint(page_id, &ids)),
            );
        } else if head.wechat.share[..index]
            .iter()
            .any(|earlier| earlier.page == *page_id)
        {
            report.push(Diagnostic::new(
                &at.key("page"),
                text!(
                    "`{page_id}` 已经有分享卡片",
                    "`{page_id}` already has a card"
                ),
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
                Diagnostic::new(
                    &path.index(index),
                    text!("`{origin}` {problem}", "`{origin}` {problem}"; problem = problem),
                )
                .with_hint(phrase!(
                    "例如 `https://h5.bank.example`",
                    "e.g. `https://h5.bank.example`"
                )),
            );
        }
    }
}

fn check_template(template: &Value, format: BodyFormat, path: &Path, report: &mut Vec<Diagnostic>) {
    for name in placeholders_in(template) {
        if !is_known_placeholder(&name) {
            report.push(
                Diagnostic::new(
                    path,
                    text!(
                        "`{{{{{name}}}}}` 不是占位符",
                        "`{{{{{name}}}}}` is not a placeholder"
                    ),
                )
                .with_hint(text!(
                    "请用以下之一：{names}",
                    "use one of {names}";
                    names = backticked(PLACEHOLDERS)
                )),
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
                    phrase!(
                        "表单模板必须是一个对象，把字段名对应到文本",
                        "a form template must be an object of field names to texts"
                    ),
                )
                .with_hint(phrase!(
                    "例如 `{ \"openid\": \"{{visitor}}\", \"score\": \"{{data.score}}\" }`",
                    "e.g. `{ \"openid\": \"{{visitor}}\", \"score\": \"{{data.score}}\" }`"
                )),
            );
        }
    }
}

fn check_page(page: &Page, path: &Path, report: &mut Vec<Diagnostic>) {
    let header = page.header();
    check_id(header.id, &path.key("id"), report);
    check_text(header.title, &path.key("title"), MAX_TITLE_CHARS, report);
    #[cfg(feature = "thorough-diagnostics")]
    check_kind_rules(page, path, report);
}

/// Each kind's own rules: a schedule in order, weights that add up, a close
/// time before the course starts. Checked where people fix configs (the
/// server, which serves no config that breaks them, the CLI, the build and
/// the designer's preview: feature `thorough-diagnostics`). A page bundle
/// reads a config they have already checked, so it reads types and fields
/// only: the rules' code and their sentences in two languages were a tenth of
/// the course page's download. What a person could be harmed by, a link's
/// scheme, the pages guard again where they use it (`Url::href`).
#[cfg(feature = "thorough-diagnostics")]
#[allow(unused_variables)] // `page`, `path` and `report` in a build with no kind
fn check_kind_rules(page: &Page, path: &Path, report: &mut Vec<Diagnostic>) {
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
    #[cfg(feature = "benefits")]
    if let Page::Benefits(benefits) = page {
        for issue in crate::kinds::benefits::check_benefits(benefits) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "offers")]
    if let Page::Offers(offers) = page {
        for issue in crate::kinds::offers::check_offers(offers) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "course")]
    if let Page::Course(course) = page {
        for issue in crate::kinds::course::check_course(course) {
            report.push(page_diagnostic(path, issue));
        }
    }
    #[cfg(feature = "checkin")]
    if let Page::Checkin(checkin) = page {
        for issue in crate::kinds::checkin::check_checkin(checkin) {
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
                    text!(
                        "`{target}` 是 `{kind}` 页面，不是 `lottery` 页面",
                        "`{target}` is a `{kind}` page, not a `lottery` page",
                        kind = page.kind().as_str()
                    ),
                )
                .with_hint(lottery_hint(&lotteries())),
            ),
            // A page that exists but could not be read has its own report.
            None if ids.contains_key(target) => {}
            None => report.push(
                Diagnostic::new(
                    &path,
                    text!(
                        "本活动没有页面 `{target}`",
                        "there is no page `{target}` in this campaign"
                    ),
                )
                .with_hint(lottery_hint(&lotteries())),
            ),
        }
    }
}

#[cfg(feature = "quiz")]
fn lottery_hint(lotteries: &[&str]) -> Text {
    if lotteries.is_empty() {
        phrase!(
            "请添加一个 `lottery` 页面并使用它的 id，或删除 `unlocks_draw`",
            "add a `lottery` page and use its id, or remove `unlocks_draw`"
        )
        .into()
    } else {
        text!(
            "请使用一个 `lottery` 页面的 id：{ids}",
            "use the id of a `lottery` page: {ids}";
            ids = backticked(lotteries)
        )
    }
}

/// A page issue, whose path is relative to its page, at its full path.
#[cfg(feature = "thorough-diagnostics")]
fn page_diagnostic(page: &Path, issue: PageIssue) -> Diagnostic {
    let page = page.to_string();
    let (path, message, hint) = issue.into_parts();
    let path = match (page.is_empty(), path.is_empty()) {
        (_, true) => page,
        (true, false) => path,
        (false, false) => format!("{page}.{path}"),
    };
    Diagnostic::at(path, message).with_optional_hint(hint)
}

const MAX_RADIUS: u8 = 48;

fn check_id(id: &str, path: &Path, report: &mut Vec<Diagnostic>) {
    if !is_id(id) {
        report.push(Diagnostic::new(path, invalid_id(id)).with_hint(id_hint()));
    }
}

fn check_text(text: &str, path: &Path, max_chars: usize, report: &mut Vec<Diagnostic>) {
    if text.trim().is_empty() {
        report.push(Diagnostic::new(path, must_not_be_empty()));
    } else if text.chars().count() > max_chars {
        report.push(Diagnostic::new(path, longer_than(max_chars)));
    }
}

fn check_color(color: &Color, path: &Path, report: &mut Vec<Diagnostic>) {
    if !color.is_valid() {
        let (message, hint) = not_a_colour(color);
        report.push(Diagnostic::new(path, message).with_hint(hint));
    }
}

fn check_url(url: &Url, path: &Path, report: &mut Vec<Diagnostic>) {
    if let Some(problem) = url.problem() {
        report.push(
            Diagnostic::new(path, bad_url(url, &problem)).with_hint(phrase!("请用以 `https://` 开头的完整网址，或本站的路径，如 `/api/v1`", "use an absolute `https://` URL, or a path such as `/api/v1` on the site that serves the pages")),
        );
    }
}

fn check_font(font: &str, path: &Path, report: &mut Vec<Diagnostic>) {
    if font.trim().is_empty() {
        report.push(Diagnostic::new(path, must_not_be_empty()));
    } else if font
        .chars()
        .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\') || c.is_control())
    {
        report.push(
            Diagnostic::new(
                path,
                phrase!(
                    "只能写字体名，用逗号分隔",
                    "may only hold font names separated by commas"
                ),
            )
            .with_hint(phrase!(
                "例如 `\"PingFang SC\", \"Microsoft YaHei\", sans-serif`",
                "e.g. `\"PingFang SC\", \"Microsoft YaHei\", sans-serif`"
            )),
        );
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    /// A bundle that reads neither course nor check-in pages still links the
    /// two: their headers carry `course_page` and the next intake's link.
    #[test]
    fn an_unread_page_keeps_the_links_of_the_course_funnel() {
        let mut report = Vec::new();
        let checkin = serde_json::json!({
            "id": "checkin", "title": "打卡", "course_page": "course", "days": []
        });
        let Some(Page::Unparsed(page)) =
            read_unparsed(PageKind::Checkin, checkin, &Path::default(), &mut report)
        else {
            panic!("an unparsed page: {report:?}");
        };
        assert_eq!(page.links.course_page.as_deref(), Some("course"));
        assert_eq!(page.links.next_intake, None);
        let course = serde_json::json!({
            "id": "course", "title": "报名",
            "next_intake": { "message": "下一期", "link": "https://h5.jd.example/course/c14" }
        });
        let Some(Page::Unparsed(page)) =
            read_unparsed(PageKind::Course, course, &Path::default(), &mut report)
        else {
            panic!("an unparsed page: {report:?}");
        };
        assert_eq!(
            page.links.next_intake.as_deref(),
            Some("https://h5.jd.example/course/c14")
        );
        // Odd values are left unread rather than reported: the server checked them.
        let odd = serde_json::json!({ "id": "x", "title": "x", "course_page": 3 });
        let Some(Page::Unparsed(page)) =
            read_unparsed(PageKind::Checkin, odd, &Path::default(), &mut report)
        else {
            panic!("an unparsed page: {report:?}");
        };
        assert_eq!(page.links, PageLinks::default());
        assert!(report.is_empty(), "{report:?}");
    }
}

#[cfg(test)]
mod syntax_tests {
    use super::{parse_document, syntax_in_short};

    /// What a page bundle says of a config that is not JSON: the character
    /// serde_json stopped at, found by its line and column.
    #[test]
    fn a_page_bundle_names_the_character_at_fault() {
        let missing_comma = "{\n  \"schema\": 1,\n  \"id\": \"深圳\"\n  \"title\": \"y\"\n}";
        let trailing_comma = "{\"id\": \"深圳\",}";
        let cut_short = "{\"id\": \"x\", \"pages\": [";
        for (json, said) in [
            (missing_comma, "unexpected `\"`"),
            (trailing_comma, "unexpected `}`"),
            (cut_short, "the text ends before the JSON does"),
        ] {
            let err = serde_json::from_str::<serde_json::Value>(json).unwrap_err();
            assert_eq!(
                syntax_in_short(err.is_eof(), json, err.line(), err.column()),
                said,
                "{json}"
            );
        }
        // A position no line has (a caller's mistake) is not a panic.
        assert_eq!(syntax_in_short(false, "{", 3, 9), "unexpected end of line");
        assert_eq!(syntax_in_short(false, "深", 1, 2), "unexpected end of line");
        assert!(parse_document(missing_comma).is_err());
    }
}
