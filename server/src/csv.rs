//! The CSV export, made for the spreadsheet programs marketers actually use.

use crate::store::console::ExportRow;

/// The columns; new ones go at the end, so existing consumers keep theirs.
const HEADER: [&str; 9] = [
    "id",
    "received_at",
    "page_id",
    "page_kind",
    "visitor_id",
    "referral_code",
    "client_ts",
    "payload",
    "channel",
];

/// The export's first line. UTF-8 with a byte-order mark: without it, Excel on
/// Chinese Windows reads the file as GBK and shows Chinese answers as mojibake.
pub fn csv_header() -> String {
    let mut csv = String::from("\u{feff}");
    push_row(&mut csv, HEADER.iter().map(|s| (*s).to_owned()));
    csv
}

/// The export's lines for `submissions`.
pub(crate) fn csv_rows(rows: &[ExportRow]) -> String {
    let mut csv = String::new();
    for ExportRow {
        submission: row,
        channel,
    } in rows
    {
        push_row(
            &mut csv,
            [
                row.id.clone(),
                iso8601_utc(row.received_at),
                row.page_id.clone(),
                row.page_kind.clone(),
                row.visitor_id.clone(),
                row.referral_code.clone().unwrap_or_default(),
                iso8601_utc(row.client_ts),
                row.payload.to_string(),
                channel.clone().unwrap_or_default(),
            ],
        );
    }
    csv
}

fn push_row(csv: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|cell| quote(&cell)).collect();
    csv.push_str(&cells.join(","));
    csv.push_str("\r\n");
}

/// RFC 4180 quoting, plus a leading `'` on cells a spreadsheet would run as a
/// formula (visitors' answers are untrusted text).
fn quote(cell: &str) -> String {
    let guarded = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Milliseconds since the Unix epoch as `2026-05-20T13:14:00.000Z`.
pub fn iso8601_utc(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601_utc(1_779_282_840_123), "2026-05-20T13:14:00.123Z");
        assert_eq!(iso8601_utc(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn quotes_and_defuses_cells() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("-1"), "'-1");
        assert_eq!(quote("多行\n文本"), "\"多行\n文本\"");
    }
}
