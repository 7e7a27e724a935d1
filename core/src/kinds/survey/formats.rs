//! Text formats: the named patterns a `text` answer may have, mobile numbers,
//! dates, and numbers written for visitors. A fixed list of hand-written checks:
//! a regex engine would multiply the size of the pages.

/// The formats a `text` question's `pattern` can name. A fixed list rather than
/// regular expressions: a regex engine would multiply the size of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPattern {
    /// ASCII digits only.
    Digits,
    /// ASCII letters and digits only, e.g. a membership number.
    LettersDigits,
    /// An email address such as `name@example.com`.
    Email,
    /// An 18-character mainland China ID card number: 17 digits, then a digit or
    /// `X`, with a valid birth date and ISO 7064 MOD 11-2 check character.
    IdCardCn,
    /// A mainland China postcode: 6 digits.
    PostcodeCn,
}

impl TextPattern {
    pub const ALL: [TextPattern; 5] = [
        TextPattern::Digits,
        TextPattern::LettersDigits,
        TextPattern::Email,
        TextPattern::IdCardCn,
        TextPattern::PostcodeCn,
    ];

    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            TextPattern::Digits => "digits",
            TextPattern::LettersDigits => "letters_digits",
            TextPattern::Email => "email",
            TextPattern::IdCardCn => "id_card_cn",
            TextPattern::PostcodeCn => "postcode_cn",
        }
    }

    pub fn from_name(name: &str) -> Option<TextPattern> {
        TextPattern::ALL
            .into_iter()
            .find(|pattern| pattern.as_str() == name)
    }

    /// Whether `text` (already trimmed) has this format.
    pub fn matches(self, text: &str) -> bool {
        match self {
            TextPattern::Digits => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
            TextPattern::LettersDigits => {
                !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric())
            }
            TextPattern::Email => is_email(text),
            TextPattern::IdCardCn => is_id_card_cn(text),
            TextPattern::PostcodeCn => text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()),
        }
    }
}

/// A mainland China mobile number as its 11 digits, from what a visitor typed:
/// spaces and hyphens are ignored, and a leading `+86` or `86` is dropped.
/// `None` when it is not 11 digits starting `13` to `19`.
pub fn normalise_mobile(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .collect();
    let digits = match compact.strip_prefix("+86") {
        Some(rest) => rest,
        None if compact.len() == 13 => compact.strip_prefix("86").unwrap_or(&compact),
        None => &compact,
    };
    let well_formed = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(digits.as_bytes(), [b'1', b'3'..=b'9', ..]);
    well_formed.then(|| digits.to_owned())
}

/// Writes a number for a visitor without Rust's float formatter (large in
/// WebAssembly): whole numbers without `.0`, others with up to 6 decimals.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude.fract() == 0.0 || magnitude >= 1e12 {
        // `as` saturates (and maps NaN to 0): never a panic.
        return (value.round() as i64).to_string();
    }
    let millionths = (magnitude * 1e6).round() as u64;
    let whole = millionths / 1_000_000;
    let mut fraction = millionths % 1_000_000;
    let sign = if value < 0.0 && millionths != 0 {
        "-"
    } else {
        ""
    };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut digits: usize = 6;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    format!("{sign}{whole}.{fraction:0digits$}")
}

/// A `YYYY-MM-DD` date as the number `YYYYMMDD` (so dates compare as numbers),
/// if it is a real calendar date.
pub(super) fn date_number(text: &str) -> Option<u32> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
        return None;
    };
    calendar_date(
        digits_value(&[y0, y1, y2, y3])?,
        digits_value(&[m0, m1])?,
        digits_value(&[d0, d1])?,
    )
}

fn calendar_date(year: u32, month: u32, day: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year > 0 && (1..=days).contains(&day)).then_some(year * 10_000 + month * 100 + day)
}

/// The value of ASCII digits (at most 9 of them), or `None` if any is not a digit.
fn digits_value(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit()
            .then(|| value.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let top_ok = domain
        .rsplit_once('.')
        .is_some_and(|(_, top)| top.len() >= 2 && top.bytes().all(|b| b.is_ascii_alphabetic()));
    local_ok && top_ok && domain.split('.').all(label_ok)
}

/// 17 digits, a birth date among them, and the ISO 7064 MOD 11-2 check character.
fn is_id_card_cn(text: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let Some((&check, body)) = text.as_bytes().split_last() else {
        return false;
    };
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let birth = body.get(6..14).and_then(|date| {
        let (year, rest) = date.split_at_checked(4)?;
        let (month, day) = rest.split_at_checked(2)?;
        calendar_date(
            digits_value(year)?,
            digits_value(month)?,
            digits_value(day)?,
        )
    });
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    let expected = CHECK.get(usize::try_from(sum % 11).unwrap_or(0)).copied();
    birth.is_some() && expected == Some(check.to_ascii_uppercase())
}
