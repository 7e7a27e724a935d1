//! Taking an item along: an RFC 5545 `.ics` event for "add to calendar"
//! outside WeChat, and a plain text for "复制活动信息" inside it (where
//! downloads do nothing).
//!
//! Everything a config says is data here: it is escaped as iCalendar TEXT, and
//! never becomes markup.

use super::BenefitsPage;
use super::schedule::Occurrence;
use crate::primitives::Locale;
use crate::primitives::clock::{DAY_MS, Date};

/// What an event needs beyond the page: who makes it, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarContext<'a> {
    /// The campaign's `id`, part of the event's UID.
    pub campaign_id: &'a str,
    /// The site's origin, such as `https://h5.bank.example`: the UID's domain
    /// (so it is unique to the site), and the base of a link that is a path on
    /// the site (calendars need full addresses).
    pub origin: &'a str,
    /// The language of the words around the config's own.
    pub locale: Locale,
}

/// When an occurrence is, for visitors, with the zone said (a member abroad
/// reads Beijing time): `2026年12月2日（周三）10:00–22:00（北京时间）`,
/// `Wed 2 Dec 2026, 10:00–22:00 (Beijing time)`.
pub fn when_text(page: &BenefitsPage, occurrence: &Occurrence, locale: Locale) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let Date { year, month, day } = occurrence.date;
    let weekday = occurrence.date.weekday().label(locale);
    let (starts, ends) = occurrence.window_text();
    let offset = page.utc_offset.as_str();
    match locale {
        Locale::ZhCn => {
            let zone = if page.utc_offset.is_beijing() {
                "北京时间".to_owned()
            } else {
                format!("UTC{offset}")
            };
            format!("{year}年{month}月{day}日（{weekday}）{starts}–{ends}（{zone}）")
        }
        Locale::En => {
            let zone = if page.utc_offset.is_beijing() {
                "Beijing time".to_owned()
            } else {
                format!("UTC{offset}")
            };
            let month = MONTHS[usize::from(month.clamp(1, 12) - 1)];
            format!("{weekday} {day} {month} {year}, {starts}–{ends} ({zone})")
        }
    }
}

/// The text "复制活动信息" puts on the clipboard: the item, when, and its link.
/// `None` when the page has no such item.
pub fn copy_text(
    page: &BenefitsPage,
    occurrence: &Occurrence,
    context: &CalendarContext<'_>,
) -> Option<String> {
    let item = page.details(occurrence.item)?;
    let when = when_text(page, occurrence, context.locale);
    let (title, when_label, link_label) = match context.locale {
        Locale::ZhCn => (
            format!("【{}】{}", item.tag, item.title),
            "时间：",
            "链接：",
        ),
        Locale::En => (format!("[{}] {}", item.tag, item.title), "When: ", "Link: "),
    };
    let mut text = format!("{title}\n{when_label}{when}");
    if let Some(link) = item.link {
        text.push('\n');
        text.push_str(link_label);
        text.push_str(&absolute(link.as_str(), context.origin));
    }
    Some(text)
}

/// The name to save an occurrence's event as: `wed-food-20261202.ics` (ids
/// are lowercase names, safe in any file system).
pub fn ics_file_name(page: &BenefitsPage, occurrence: &Occurrence) -> String {
    let id = page
        .details(occurrence.item)
        .map_or("event", |item| item.id);
    let Date { year, month, day } = occurrence.date;
    format!("{id}-{year:04}{month:02}{day:02}.ics")
}

/// An iCalendar (RFC 5545) file with one event: this occurrence, its times in
/// UTC (so every calendar puts it at the right moment wherever the phone is),
/// stamped `now_ms`. CRLF line endings, lines folded at 75 octets, and TEXT
/// escaped. `None` when the page has no such item.
pub fn ics_event(
    page: &BenefitsPage,
    occurrence: &Occurrence,
    context: &CalendarContext<'_>,
    now_ms: i64,
) -> Option<String> {
    let item = page.details(occurrence.item)?;
    let Date { year, month, day } = occurrence.date;
    let uid = format!(
        "{id}-{year:04}{month:02}{day:02}.{page}.{campaign}@{host}",
        id = item.id,
        page = page.id,
        campaign = context.campaign_id,
        host = uid_host(context.origin),
    );
    let link = item
        .link
        .map(|link| absolute(link.as_str(), context.origin));
    let mut description = match context.locale {
        Locale::ZhCn => format!("【{}】{}", item.tag, page.title),
        Locale::En => format!("[{}] {}", item.tag, page.title),
    };
    if let Some(link) = &link {
        description.push('\n');
        description.push_str(link);
    }
    let language = match context.locale {
        Locale::ZhCn => "ZH",
        Locale::En => "EN",
    };
    let mut ics = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:-//Campaign Kit//Benefits//{language}"),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(&uid)),
        format!("DTSTAMP:{}", utc_stamp(now_ms)),
        format!("DTSTART:{}", utc_stamp(occurrence.starts_at_ms)),
        format!("DTEND:{}", utc_stamp(occurrence.ends_at_ms)),
        format!("SUMMARY:{}", escape_text(item.title)),
        format!("DESCRIPTION:{}", escape_text(&description)),
    ] {
        push_folded(&mut ics, &line);
    }
    if let Some(link) = &link {
        // A URI, not TEXT: commas and semicolons in it are the URI's own, and
        // the config check keeps spaces and control characters out.
        push_folded(&mut ics, &format!("URL:{link}"));
    }
    push_folded(&mut ics, "END:VEVENT");
    push_folded(&mut ics, "END:VCALENDAR");
    Some(ics)
}

/// A link as a full address: a path on the site gets the site's origin.
fn absolute(link: &str, origin: &str) -> String {
    if link.starts_with('/') {
        format!("{}{link}", origin.trim_end_matches('/'))
    } else {
        link.to_owned()
    }
}

/// The host (and port) of an origin, for a UID's domain part.
fn uid_host(origin: &str) -> String {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or(origin);
    let host: String = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        .collect();
    if host.is_empty() {
        "campaign-kit".to_owned()
    } else {
        host
    }
}

/// A Unix time as an iCalendar UTC date-time: `20261202T030000Z`.
fn utc_stamp(unix_ms: i64) -> String {
    let Date { year, month, day } = Date::from_days(unix_ms.div_euclid(DAY_MS));
    let seconds = unix_ms.rem_euclid(DAY_MS) / 1_000;
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        seconds / 3_600,
        seconds % 3_600 / 60,
        seconds % 60
    )
}

/// iCalendar TEXT (RFC 5545 §3.3.11): `\`, `;` and `,` escaped with a
/// backslash, line breaks (CRLF, LF or CR) as `\n`, other control characters
/// dropped.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Longest line, in octets, before it is folded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Appends `line` and its CRLF, folded so that no line is longer than 75
/// octets: a fold is CRLF and one space (which counts towards the next line),
/// and never splits a character's UTF-8 bytes.
fn push_folded(ics: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > MAX_LINE_OCTETS {
            ics.push_str("\r\n ");
            octets = 1;
        }
        ics.push(c);
        octets += c.len_utf8();
    }
    ics.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_rfc_5545_says() {
        assert_eq!(
            escape_text("a,b;c\\d\r\ne\nf\rg\u{7}"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut ics = String::new();
        let line = format!("SUMMARY:{}", "周三5折美食提前抢".repeat(6));
        push_folded(&mut ics, &line);
        let lines: Vec<&str> = ics.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""), "ends with CRLF");
        for folded in &lines[..lines.len() - 1] {
            assert!(folded.len() <= MAX_LINE_OCTETS, "{folded:?}");
        }
        assert!(lines[1..lines.len() - 1].iter().all(|l| l.starts_with(' ')));
        let unfolded = ics.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn stamps_are_utc() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(1_796_180_400_000), "20261202T030000Z");
        assert_eq!(
            uid_host("https://h5.bank.example:8443/p/x"),
            "h5.bank.example:8443"
        );
        assert_eq!(uid_host(""), "campaign-kit");
    }
}
