//! The benefits page kind: the schedule in the page's zone whatever the
//! phone's, what is live and what starts next, the week strip, seasons, the
//! `.ics` event and the copy text, and every config mistake at its path in
//! both languages.

use campaign_core::benefits::{
    BenefitsPage, CalendarContext, ItemRef, Phase, check_benefits, copy_text, ics_event,
    ics_file_name, live_now, next_start, occurrences_on, season_on, today, today_date, week,
    when_text,
};
use campaign_core::clock::{Date, Weekday, parse_rfc3339_ms};
use campaign_core::config::{Locale, Page};
use campaign_core::parse_campaign;
use serde_json::{Value, json};

const EXAMPLE: &str = include_str!("pages/benefits.json");
const HOUR_MS: i64 = 3_600_000;

fn example_value() -> Value {
    serde_json::from_str(EXAMPLE).expect("the example page is JSON")
}

/// The example page as its kind reads it (without the campaign's `kind` tag).
fn example() -> BenefitsPage {
    page(example_value())
}

fn page(mut fields: Value) -> BenefitsPage {
    fields.as_object_mut().map(|fields| fields.remove("kind"));
    serde_json::from_value(fields).expect("test page has the right shape")
}

/// A page with the example's header and these fields.
fn page_with(fields: Value) -> BenefitsPage {
    let mut value = json!({ "id": "test-benefits", "title": "测试福利" });
    if let (Some(value), Some(fields)) = (value.as_object_mut(), fields.as_object()) {
        value.extend(fields.clone());
    }
    page(value)
}

/// A moment written with its offset, as Unix ms.
fn at(time: &str) -> i64 {
    parse_rfc3339_ms(time).expect("a test time")
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("a test date")
}

fn ids_of(page: &BenefitsPage, occurrences: &[campaign_core::benefits::Occurrence]) -> Vec<String> {
    occurrences
        .iter()
        .map(|occurrence| {
            page.details(occurrence.item)
                .expect("an item of the page")
                .id
                .to_owned()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The example
// ---------------------------------------------------------------------------

#[test]
fn the_example_page_is_valid_and_survives_a_round_trip() {
    let page = example();
    assert_eq!(check_benefits(&page), []);
    let config =
        json!({ "schema": 1, "id": "cmb", "title": "招行福利", "pages": [example_value()] });
    let campaign = parse_campaign(&config.to_string()).unwrap_or_else(|errors| panic!("{errors}"));
    let Some(Page::Benefits(read)) = campaign.page("cmb-weekly") else {
        panic!("the page is read as a benefits page");
    };
    assert_eq!(*read, page);
    let inlined = serde_json::to_string(&campaign).expect("serialises");
    assert!(!inlined.contains("null"), "absent fields are left out");
    assert!(
        !inlined.contains("utc_offset"),
        "the default zone is left out"
    );
    assert_eq!(parse_campaign(&inlined), Ok(campaign));
}

// ---------------------------------------------------------------------------
// The clock and the zone
// ---------------------------------------------------------------------------

#[test]
fn wednesday_11_in_beijing_is_3_utc_and_the_food_deal_is_live() {
    let page = example();
    // The instant the e2e test sets, with the phone in New York: 2026-12-01
    // 22:00 there. No function here knows the phone's zone; only the page's.
    let now = at("2026-12-01T22:00:00-05:00");
    assert_eq!(now, at("2026-12-02T03:00:00Z"));
    assert_eq!(now, at("2026-12-02T11:00:00+08:00"));
    let today = today_date(&page, now);
    assert_eq!(today, date("2026-12-02"));
    assert_eq!(today.weekday(), Weekday::Wed);

    let live = live_now(&page, now);
    assert_eq!(ids_of(&page, &live), ["wed-food"]);
    assert_eq!(
        live[0].phase(now),
        Phase::Live {
            ends_in_ms: 11 * HOUR_MS
        },
        "on until 22:00 Beijing time"
    );
    // Next: Friday's 霸王餐 at 11:00, two days on the dot (Thursday's summer
    // drinks are out of season in December).
    let next = next_start(&page, now).expect("something comes next");
    assert_eq!(
        page.details(next.occurrence.item).map(|item| item.id),
        Some("weekly-free-meal")
    );
    assert_eq!(next.occurrence.date, date("2026-12-04"));
    assert_eq!(next.starts_in_ms, 48 * HOUR_MS);
    assert_eq!(next.occurrence.starts_at_ms, at("2026-12-04T03:00:00Z"));
}

#[test]
fn the_page_zone_decides_the_day_not_the_utc_one() {
    // The same instant is still Tuesday evening for a page in New York time.
    let mut page = example();
    let now = at("2026-12-02T03:00:00Z");
    page.utc_offset = campaign_core::clock::UtcOffset::new("-05:00");
    assert_eq!(today_date(&page, now), date("2026-12-01"));
    assert!(live_now(&page, now).is_empty());
    let next = next_start(&page, now).expect("Wednesday comes");
    assert_eq!(
        page.details(next.occurrence.item).map(|item| item.id),
        Some("wed-food")
    );
    assert_eq!(
        next.starts_in_ms,
        12 * HOUR_MS,
        "10:00 Wednesday in New York"
    );
    // Beijing days start at 16:00 UTC.
    let page = example();
    assert_eq!(
        today_date(&page, at("2026-12-01T15:59:59Z")),
        date("2026-12-01")
    );
    assert_eq!(
        today_date(&page, at("2026-12-01T16:00:00Z")),
        date("2026-12-02")
    );
}

#[test]
fn windows_start_inclusive_and_end_exclusive() {
    let page = example();
    let starts = at("2026-12-02T10:00:00+08:00");
    let ends = at("2026-12-02T22:00:00+08:00");
    assert!(live_now(&page, starts - 1).is_empty());
    assert_eq!(ids_of(&page, &live_now(&page, starts)), ["wed-food"]);
    assert_eq!(ids_of(&page, &live_now(&page, ends - 1)), ["wed-food"]);
    assert!(live_now(&page, ends).is_empty());
    // One millisecond before it starts, it is next, a millisecond away.
    let next = next_start(&page, starts - 1).expect("the food deal");
    assert_eq!(
        (next.occurrence.item, next.starts_in_ms),
        (ItemRef::Weekly(0), 1)
    );
}

#[test]
fn a_window_to_24_00_ends_at_the_next_midnight() {
    let page = example();
    let thursday = date("2027-06-03");
    let on_thursday = occurrences_on(&page, thursday);
    assert_eq!(ids_of(&page, &on_thursday), ["summer-drinks"]);
    assert_eq!(on_thursday[0].ends_at_ms, at("2027-06-04T00:00:00+08:00"));
    assert_eq!(
        on_thursday[0].window_text(),
        ("15:00".into(), "24:00".into())
    );
}

// ---------------------------------------------------------------------------
// Today and the week
// ---------------------------------------------------------------------------

#[test]
fn today_puts_live_first_then_what_is_to_come_then_what_is_over() {
    let page = example();
    let now = at("2026-12-05T12:30:00+08:00");
    let saturday = today(&page, now);
    assert_eq!(saturday.date, date("2026-12-05"));
    assert!(saturday.live.is_empty());
    assert_eq!(ids_of(&page, &saturday.upcoming), ["sat-movie-evening"]);
    assert_eq!(ids_of(&page, &saturday.ended), ["sat-movie-matinee"]);
    let next = saturday.next.expect("the evening show");
    assert_eq!(next.starts_in_ms, 6 * HOUR_MS + 30 * 60_000);

    let wednesday = today(&page, at("2026-12-02T11:00:00+08:00"));
    assert_eq!(ids_of(&page, &wednesday.live), ["wed-food"]);
    assert!(wednesday.upcoming.is_empty() && wednesday.ended.is_empty());
}

#[test]
fn the_week_runs_monday_to_sunday_with_today_marked() {
    let page = example();
    let strip = week(&page, at("2026-12-02T11:00:00+08:00"));
    let dates: Vec<String> = strip.iter().map(|day| day.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04",
            "2026-12-05",
            "2026-12-06"
        ]
    );
    assert_eq!(
        strip.iter().map(|day| day.weekday).collect::<Vec<_>>(),
        Weekday::ALL
    );
    let marked: Vec<bool> = strip.iter().map(|day| day.is_today).collect();
    assert_eq!(marked, [false, false, true, false, false, false, false]);
    let per_day: Vec<Vec<String>> = strip
        .iter()
        .map(|day| ids_of(&page, &day.occurrences))
        .collect();
    assert_eq!(
        per_day,
        [
            vec![],
            vec![],
            vec!["wed-food".to_owned()],
            vec![],
            vec!["weekly-free-meal".to_owned()],
            vec![
                "sat-movie-matinee".to_owned(),
                "sat-movie-evening".to_owned()
            ],
            vec![],
        ],
        "Tuesday's tea and Thursday's drinks are out of season"
    );
    // On a Sunday the week is the one ending that day; on a Monday it starts.
    let sunday = week(&page, at("2026-12-06T23:59:00+08:00"));
    assert_eq!(sunday[0].date, date("2026-11-30"));
    assert!(sunday[6].is_today);
    let monday = week(&page, at("2026-12-07T00:00:00+08:00"));
    assert_eq!(monday[0].date, date("2026-12-07"));
    assert!(monday[0].is_today);
}

#[test]
fn dated_items_join_their_day_in_start_order() {
    let page = example();
    let double_12 = occurrences_on(&page, date("2026-12-12"));
    assert_eq!(
        ids_of(&page, &double_12),
        ["sat-movie-matinee", "sat-movie-evening", "double-12-movie"]
    );
    assert_eq!(double_12[2].item, ItemRef::Dated(0));
    assert!(
        occurrences_on(&page, date("2026-12-19"))
            .iter()
            .all(|occurrence| occurrence.item != ItemRef::Dated(0))
    );
}

// ---------------------------------------------------------------------------
// Seasons
// ---------------------------------------------------------------------------

#[test]
fn seasons_switch_their_weekly_items_on_for_their_days_only() {
    let page = example();
    let runs = |day: &str| -> Vec<String> { ids_of(&page, &occurrences_on(&page, date(day))) };
    // Spring is 2027-03-01 (a Monday) to 2027-05-31, both days included.
    assert_eq!(
        runs("2027-03-02"),
        ["spring-tea"],
        "the first Tuesday of spring"
    );
    assert_eq!(
        runs("2027-05-25"),
        ["spring-tea"],
        "the last Tuesday of spring"
    );
    assert!(runs("2027-02-23").is_empty(), "a winter Tuesday");
    assert!(runs("2027-06-01").is_empty(), "a summer Tuesday");
    assert_eq!(runs("2027-06-03"), ["summer-drinks"]);
    assert_eq!(runs("2027-08-26"), ["summer-drinks"]);
    assert!(runs("2027-09-02").is_empty());
    // Items no season names run all year.
    assert_eq!(runs("2027-07-07"), ["wed-food"]);
    assert_eq!(
        season_on(&page, date("2027-03-01")).map(|season| season.name.as_str()),
        Some("春季福利日程")
    );
    assert_eq!(
        season_on(&page, date("2027-08-31")).map(|season| season.name.as_str()),
        Some("夏季福利日程")
    );
    assert_eq!(season_on(&page, date("2027-02-28")), None);
}

#[test]
fn a_one_day_season_includes_its_day_and_an_item_in_two_seasons_runs_in_both() {
    let page = page_with(json!({
        "weekly": [{ "id": "tea", "weekday": "mon", "starts": "14:00", "ends": "17:00",
                     "title": "下午茶", "tag": "下午茶" }],
        "seasons": [
            { "name": "开业日", "from": "2027-03-01", "until": "2027-03-01", "items": ["tea"] },
            { "name": "秋季", "from": "2027-09-01", "until": "2027-11-30", "items": ["tea"] }
        ]
    }));
    assert_eq!(check_benefits(&page), []);
    let runs = |day: &str| !occurrences_on(&page, date(day)).is_empty();
    assert!(runs("2027-03-01"));
    assert!(!runs("2027-03-08"));
    assert!(runs("2027-09-06"));
}

#[test]
fn the_countdown_reaches_a_season_months_away() {
    let page = page_with(json!({
        "weekly": [{ "id": "spring-tea", "weekday": "tue", "starts": "14:00", "ends": "17:00",
                     "title": "春日下午茶", "tag": "下午茶" }],
        "seasons": [{ "name": "春季福利日程", "from": "2027-03-01", "until": "2027-05-31",
                      "items": ["spring-tea"] }]
    }));
    let now = at("2027-01-01T09:00:00+08:00");
    let next = next_start(&page, now).expect("spring comes");
    assert_eq!(next.occurrence.date, date("2027-03-02"));
    assert_eq!(next.starts_in_ms, at("2027-03-02T14:00:00+08:00") - now);
    // After the season's last day, nothing comes within the horizon.
    assert_eq!(next_start(&page, at("2027-06-01T00:00:00+08:00")), None);
}

// ---------------------------------------------------------------------------
// Calendar and copy text
// ---------------------------------------------------------------------------

fn context(locale: Locale) -> CalendarContext<'static> {
    CalendarContext {
        campaign_id: "cmb-city-community",
        origin: "https://h5.bank.example",
        locale,
    }
}

#[test]
fn an_ics_event_is_rfc_5545_with_utc_times() {
    let page = example();
    let occurrence = page
        .occurrence(ItemRef::Weekly(0), date("2026-12-02"))
        .expect("Wednesday's food deal");
    let stamp = at("2026-12-01T09:30:00Z");
    let ics = ics_event(&page, &occurrence, &context(Locale::ZhCn), stamp).expect("an item");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "CRLF line endings only"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is over 75 octets");
    }
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Campaign Kit//Benefits//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:wed-food-20261202.cmb-weekly.cmb-city-community@h5.bank.example",
            "DTSTAMP:20261201T093000Z",
            "DTSTART:20261202T020000Z",
            "DTEND:20261202T140000Z",
            "SUMMARY:周三5折美食提前抢",
            "DESCRIPTION:【美食】招行社群福利日程\\nhttps://h5.bank.example/deals/wed-food",
            "URL:https://h5.bank.example/deals/wed-food",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    );
    assert_eq!(ics_file_name(&page, &occurrence), "wed-food-20261202.ics");
}

#[test]
fn ics_text_is_escaped_and_long_lines_fold_between_characters() {
    let page = page_with(json!({
        "dated": [{ "id": "gala", "date": "2026-12-31", "starts": "20:00", "ends": "24:00",
                    "title": "跨年夜,福利;大放送\\第二场\n全场5折，电影票、美食券、视频会员月卡等你来抢，先到先得，送完即止",
                    "tag": "跨年", "link": "/p/gala?from=ics,a;b" }]
    }));
    let occurrence = page
        .occurrence(ItemRef::Dated(0), date("2026-12-31"))
        .expect("the gala");
    let ics = ics_event(&page, &occurrence, &context(Locale::En), 0).expect("an item");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is over 75 octets");
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("\r\nSUMMARY:跨年夜\\,福利\\;大放送\\\\第二场\\n全场5折，电影票"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("\r\nDTEND:20261231T160000Z\r\n"),
        "24:00 Beijing"
    );
    assert!(unfolded.contains("\r\nPRODID:-//Campaign Kit//Benefits//EN\r\n"));
    // A path on the site becomes a full address; a URI is not TEXT-escaped.
    assert!(unfolded.contains("\r\nURL:https://h5.bank.example/p/gala?from=ics,a;b\r\n"));
    assert!(ics.contains("\r\n "), "the summary was folded");
}

#[test]
fn the_copy_text_says_what_when_and_where_in_the_page_zone() {
    let page = example();
    let occurrence = page
        .occurrence(ItemRef::Weekly(0), date("2026-12-02"))
        .expect("Wednesday's food deal");
    assert_eq!(
        copy_text(&page, &occurrence, &context(Locale::ZhCn)).as_deref(),
        Some(
            "【美食】周三5折美食提前抢\n时间：2026年12月2日（周三）10:00–22:00（北京时间）\n链接：https://h5.bank.example/deals/wed-food"
        )
    );
    assert_eq!(
        copy_text(&page, &occurrence, &context(Locale::En)).as_deref(),
        Some(
            "[美食] 周三5折美食提前抢\nWhen: Wed 2 Dec 2026, 10:00–22:00 (Beijing time)\nLink: https://h5.bank.example/deals/wed-food"
        )
    );
    // Without a link there is no link line; another zone is named by offset.
    let mut tokyo = example();
    tokyo.utc_offset = campaign_core::clock::UtcOffset::new("+09:00");
    let matinee = tokyo
        .occurrence(ItemRef::Weekly(2), date("2026-12-05"))
        .expect("Saturday's matinee");
    assert_eq!(
        copy_text(&tokyo, &matinee, &context(Locale::ZhCn)).as_deref(),
        Some(
            "【观影】周末观影：早场电影票 9.9 元\n时间：2026年12月5日（周六）10:00–12:00（UTC+09:00）"
        )
    );
    assert_eq!(
        when_text(&tokyo, &matinee, Locale::En),
        "Sat 5 Dec 2026, 10:00–12:00 (UTC+09:00)"
    );
    assert_eq!(matinee.starts_at_ms, at("2026-12-05T01:00:00Z"));
}

#[test]
fn an_item_only_occurs_on_its_days() {
    let page = example();
    assert_eq!(
        page.occurrence(ItemRef::Weekly(0), date("2026-12-03")),
        None
    );
    assert_eq!(page.occurrence(ItemRef::Dated(0), date("2026-12-13")), None);
    assert_eq!(
        page.occurrence(ItemRef::Weekly(99), date("2026-12-02")),
        None
    );
    assert_eq!(page.item_by_id("double-12-movie"), Some(ItemRef::Dated(0)));
    assert_eq!(page.item_by_id("nope"), None);
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

/// `(path, English message, English hint)` of each issue.
fn issues(page: &BenefitsPage) -> Vec<(String, String, Option<String>)> {
    check_benefits(page)
        .into_iter()
        .map(|issue| {
            (
                issue.path.clone(),
                issue.message(Locale::En).to_owned(),
                issue.hint(Locale::En).map(str::to_owned),
            )
        })
        .collect()
}

fn item(id: &str, weekday: &str, starts: &str, ends: &str) -> Value {
    json!({ "id": id, "weekday": weekday, "starts": starts, "ends": ends,
            "title": "周三5折美食提前抢", "tag": "美食" })
}

#[test]
fn schedule_mistakes_are_reported_at_their_paths() {
    let page = page_with(json!({
        "utc_offset": "+8",
        "welcome": [{ "title": " ", "detail": "" }],
        "weekly": [
            item("wed-food", "Wednesday", "22:00", "10:00"),
            item("movie", "someday", "9:30", "25:00"),
            item("tea", "tue", "14:00", "14:00"),
            item("night", "sun", "24:00", "24:00"),
            { "id": "Bad Id", "weekday": "mon", "starts": "10:00", "ends": "11:00",
              "title": "", "tag": "超长的标签文字不行啊", "image": "images/x.png", "link": "ftp://x" }
        ],
        "dated": [
            { "id": "wed-food", "date": "2026-02-30", "starts": "20:00", "ends": "23:00",
              "title": "双 12 观影夜", "tag": "观影" }
        ],
        "seasons": [
            { "name": "", "from": "2027-05-31", "until": "2027-03-01",
              "items": ["wed-fod", "wed-food", "tea"] },
            { "name": "夏季", "from": "2027-6-1", "until": "2027-08-31", "items": [] }
        ]
    }));
    let found = issues(&page);
    let paths: Vec<&str> = found.iter().map(|(path, ..)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "utc_offset",
            "welcome[0].title",
            "welcome[0].detail",
            "weekly[4].id",
            "dated[0].id",
            "weekly[0].weekday",
            "weekly[0].ends",
            "weekly[1].weekday",
            "weekly[1].starts",
            "weekly[1].ends",
            "weekly[2].ends",
            "weekly[3].starts",
            "weekly[4].title",
            "weekly[4].tag",
            "weekly[4].image",
            "weekly[4].link",
            "dated[0].date",
            "seasons[0].name",
            "seasons[0].until",
            "seasons[0].items[0]",
            "seasons[1].from",
            "seasons[1].items",
        ],
        "{found:#?}"
    );
    let find = |path: &str| {
        found
            .iter()
            .find(|(at, ..)| at == path)
            .map(|(_, message, hint)| (message.as_str(), hint.as_deref()))
            .unwrap_or_else(|| panic!("no issue at {path}"))
    };
    assert_eq!(
        find("weekly[0].weekday"),
        ("`Wednesday` is not a weekday", Some("did you mean `wed`?"))
    );
    assert_eq!(
        find("weekly[1].weekday").1,
        Some("expected one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`")
    );
    assert_eq!(
        find("weekly[0].ends").0,
        "`10:00` is before `starts` (`22:00`): the window ends before it begins"
    );
    assert_eq!(
        find("weekly[2].ends").0,
        "is the same as `starts` (`14:00`): the window ends as it begins"
    );
    assert_eq!(find("weekly[1].starts").0, "`9:30` is not a time of day");
    assert_eq!(find("weekly[1].ends").0, "`25:00` is not a time of day");
    assert_eq!(
        find("weekly[3].starts").0,
        "a window cannot start at `24:00`"
    );
    assert_eq!(
        find("dated[0].id").0,
        "`wed-food` is already the id of weekly[0]"
    );
    assert_eq!(find("dated[0].date").0, "`2026-02-30` is not a date");
    assert_eq!(
        find("seasons[0].until").0,
        "`2027-03-01` is before `from` (`2027-05-31`): the season ends before it starts"
    );
    assert_eq!(
        find("seasons[0].items[0]"),
        (
            "there is no weekly item `wed-fod` on this page",
            Some("did you mean `wed-food`?")
        )
    );
    // `wed-food` names the weekly item: the dated item's clashing id is
    // reported once, at that id.
    assert!(!paths.contains(&"seasons[0].items[1]"));
    assert_eq!(find("weekly[4].tag").0, "is longer than 8 characters");
    assert_eq!(
        find("weekly[4].image").0,
        "`images/x.png` must start with `https://`, `http://` or `/`"
    );
    assert_eq!(find("utc_offset").0, "`+8` is not an offset from UTC");
}

#[test]
fn a_season_naming_a_dated_item_says_so() {
    let page = page_with(json!({
        "dated": [{ "id": "double-12", "date": "2026-12-12", "starts": "20:00", "ends": "23:00",
                    "title": "双 12", "tag": "观影" }],
        "seasons": [{ "name": "冬季", "from": "2026-12-01", "until": "2027-02-28",
                      "items": ["double-12", "wed-food"] }]
    }));
    assert_eq!(
        issues(&page),
        [
            (
                "seasons[0].items[0]".to_owned(),
                "`double-12` is a dated item, not a weekly one".to_owned(),
                Some("seasons switch weekly items; a dated item has its own `date`".to_owned())
            ),
            (
                "seasons[0].items[1]".to_owned(),
                "there is no weekly item `wed-food` on this page".to_owned(),
                Some("add the item to `weekly` first".to_owned())
            ),
        ]
    );
}

#[test]
fn an_empty_page_has_nothing_to_show() {
    let page = page_with(json!({}));
    assert_eq!(
        issues(&page),
        [(
            String::new(),
            "has nothing to show".to_owned(),
            Some("list at least one `welcome`, `weekly` or `dated` item".to_owned())
        )]
    );
    assert!(week(&page, 0).iter().all(|day| day.occurrences.is_empty()));
    assert_eq!(next_start(&page, 0), None);
}

#[test]
fn problems_are_told_in_chinese_too() {
    let page = page_with(json!({
        "weekly": [item("wed-food", "周三", "22:00", "10:00")],
        "seasons": [{ "name": "春季", "from": "2027-05-31", "until": "2027-03-01",
                      "items": ["wed-fod"] }]
    }));
    let found: Vec<(String, String, Option<String>)> = check_benefits(&page)
        .into_iter()
        .map(|issue| {
            (
                issue.path.clone(),
                issue.message(Locale::ZhCn).to_owned(),
                issue.hint(Locale::ZhCn).map(str::to_owned),
            )
        })
        .collect();
    let expected = [
        (
            "weekly[0].weekday",
            "`周三` 不是星期几",
            Some("你是不是想写 `wed`？"),
        ),
        (
            "weekly[0].ends",
            "`10:00` 早于开始时间 `22:00`：时段在开始前就结束了",
            Some("时段在同一天内结束；跨过午夜的活动，请在 `24:00` 结束，再为第二天加一项"),
        ),
        (
            "seasons[0].until",
            "`2027-03-01` 早于开始日期 `2027-05-31`：这一季在开始前就结束了",
            Some("`from` 和 `until` 都包含在季节内；只有一天的季节两者相同"),
        ),
        (
            "seasons[0].items[0]",
            "本页没有每周活动 `wed-fod`",
            Some("你是不是想写 `wed-food`？"),
        ),
    ];
    let expected: Vec<(String, String, Option<String>)> = expected
        .iter()
        .map(|(path, message, hint)| {
            (
                (*path).to_owned(),
                (*message).to_owned(),
                hint.map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_validator_reports_benefits_mistakes_under_the_page() {
    let mut broken = example_value();
    broken["weekly"][0]["weekday"] = json!("wednesday");
    broken["weekly"][1]["titel"] = json!("typo");
    broken["weekly"][2]["ends"] = json!("09:00");
    broken["seasons"][0]["until"] = json!("2027-02-01");
    broken["dated"][0]["starts"] = json!(2000);
    let config = json!({ "schema": 1, "id": "cmb", "title": "招行福利", "pages": [broken] });
    let errors = parse_campaign(&config.to_string()).expect_err("broken");
    let mut found: Vec<(&str, Option<&str>)> = errors
        .0
        .iter()
        .map(|d| (d.path.as_str(), d.hint(Locale::En)))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("pages[0].dated[0].starts", None),
            ("pages[0].weekly[1].titel", Some("did you mean `title`?")),
        ],
        "a page the reader cannot read is not checked further: {errors}"
    );
    // With the shapes right, the checker's problems come at their full paths.
    let mut shaped = example_value();
    shaped["weekly"][0]["weekday"] = json!("wednesday");
    shaped["weekly"][2]["ends"] = json!("09:00");
    shaped["seasons"][0]["until"] = json!("2027-02-01");
    let config = json!({ "schema": 1, "id": "cmb", "title": "招行福利", "pages": [shaped] });
    let errors = parse_campaign(&config.to_string()).expect_err("broken");
    let found: Vec<(&str, String)> = errors
        .0
        .iter()
        .map(|d| (d.path.as_str(), d.render(Locale::ZhCn)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "pages[0].weekly[0].weekday",
                "pages[0].weekly[0].weekday：`wednesday` 不是星期几（你是不是想写 `wed`？）".to_owned()
            ),
            (
                "pages[0].weekly[2].ends",
                "pages[0].weekly[2].ends：`09:00` 早于开始时间 `10:00`：时段在开始前就结束了（时段在同一天内结束；跨过午夜的活动，请在 `24:00` 结束，再为第二天加一项）".to_owned()
            ),
            (
                "pages[0].seasons[0].until",
                "pages[0].seasons[0].until：`2027-02-01` 早于开始日期 `2027-03-01`：这一季在开始前就结束了（`from` 和 `until` 都包含在季节内；只有一天的季节两者相同）".to_owned()
            ),
        ]
    );
}

#[test]
fn no_broken_item_makes_the_schedule_panic_or_invent_times() {
    // A config nobody checked: the schedule skips what it cannot read.
    let page = page_with(json!({
        "utc_offset": "Beijing",
        "weekly": [
            item("a", "Wednesday", "10:00", "22:00"),
            item("b", "wed", "22:00", "10:00"),
            item("c", "wed", "x", "y"),
            item("d", "wed", "10:00", "22:00")
        ],
        "dated": [{ "id": "e", "date": "2026-02-30", "starts": "20:00", "ends": "23:00",
                    "title": "t", "tag": "t" }],
        "seasons": [{ "name": "s", "from": "never", "until": "2027-01-01", "items": ["d"] }]
    }));
    let now = at("2026-12-02T11:00:00+08:00");
    // `d` is named by a season that never covers a day, so it never runs.
    assert!(live_now(&page, now).is_empty());
    assert!(
        week(&page, now)
            .iter()
            .all(|day| day.occurrences.is_empty())
    );
    assert_eq!(next_start(&page, now), None);
    // A zone that does not read is Beijing's.
    assert_eq!(
        today_date(&page, at("2026-12-01T16:00:00Z")),
        date("2026-12-02")
    );
}
