//! Amounts of money in 元, written and read the Chinese way, by hand: integer
//! arithmetic only, since the float formatter is large in the wasm.

use crate::primitives::Locale;

const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;
/// Most digits an amount a person types may have before any 万 or 亿: far
/// beyond any offer, and well inside `u64`.
const MAX_TYPED_DIGITS: usize = 15;

/// An amount with its digits grouped in threes: `12,000`, `400`, `1,234,567`.
/// Every digit is kept: this is how sentences state a threshold
/// ("再投 8,000 元").
pub fn format_yuan(amount: u64) -> String {
    let digits = amount.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// An amount as a tier heading shows it, with 万 where it helps.
///
/// The rule, in Chinese: from 10,000 up, a whole number of thousands reads in
/// 万 with at most one decimal (15,000 → `1.5万`, 50,000 → `5万`, 120,000 →
/// `12万`), and from 1亿 up a whole number of 千万 in 亿 (150,000,000 →
/// `1.5亿`). Every other amount keeps all its digits, grouped (8,000 →
/// `8,000`, 12,345 → `12,345`): rounding would misstate a threshold a person
/// must reach. English has no 万, so it is always grouped.
pub fn format_yuan_compact(amount: u64, locale: Locale) -> String {
    if locale == Locale::ZhCn {
        if amount >= YI && amount % (YI / 10) == 0 {
            return in_unit(amount, YI, "亿");
        }
        if amount >= WAN && amount % (WAN / 10) == 0 {
            return in_unit(amount, WAN, "万");
        }
    }
    format_yuan(amount)
}

/// `amount` in `unit`s with one decimal, which it has exactly (tenths of `unit`).
fn in_unit(amount: u64, unit: u64, name: &str) -> String {
    let (whole, tenths) = (amount / unit, amount % unit / (unit / 10));
    if tenths == 0 {
        format!("{whole}{name}")
    } else {
        format!("{whole}.{tenths}{name}")
    }
}

/// An amount as a person types it, in whole 元 (a fraction of a 元 is
/// dropped: it never reaches a tier): `12000`, `12,000`, `1.2万`, `¥12,000`,
/// `12000元`, full-width digits from a Chinese keyboard (`１２０００`), and
/// spaces anywhere. `None` for anything else, or a negative amount.
pub fn parse_yuan(input: &str) -> Option<u64> {
    let mut text: String = input
        .chars()
        .map(|typed| match u32::from(typed) {
            // Full-width forms (`１`, `，`, `．`) are ASCII shifted by 0xFEE0.
            0xFF01..=0xFF5E => char::from_u32(u32::from(typed) - 0xFEE0).unwrap_or(typed),
            _ => typed,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '_'))
        .collect();
    for prefix in ["¥", "￥", "RMB", "CNY"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
        }
    }
    let text = text.strip_suffix('元').unwrap_or(&text);
    let (number, unit) = match (text.strip_suffix('万'), text.strip_suffix('亿')) {
        (Some(number), _) => (number, WAN),
        (_, Some(number)) => (number, YI),
        _ => (text, 1),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || whole.len() > MAX_TYPED_DIGITS
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    // The fraction's digits that still count in 元: none without a unit, four
    // under 万, eight under 亿.
    let mut fraction_yuan = 0;
    let mut place = unit;
    for digit in fraction.bytes() {
        place /= 10;
        if place == 0 {
            break;
        }
        fraction_yuan += u64::from(digit - b'0') * place;
    }
    whole.checked_mul(unit)?.checked_add(fraction_yuan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_amounts_keep_every_digit() {
        assert_eq!(format_yuan(0), "0");
        assert_eq!(format_yuan(400), "400");
        assert_eq!(format_yuan(4_999), "4,999");
        assert_eq!(format_yuan(12_000), "12,000");
        assert_eq!(format_yuan(1_234_567), "1,234,567");
    }

    #[test]
    fn compact_amounts_use_wan_only_where_exact() {
        let zh = |amount| format_yuan_compact(amount, Locale::ZhCn);
        assert_eq!(zh(50_000), "5万");
        assert_eq!(zh(15_000), "1.5万");
        assert_eq!(zh(12_000), "1.2万");
        assert_eq!(zh(20_000), "2万");
        assert_eq!(zh(120_000), "12万");
        assert_eq!(zh(10_000_000), "1000万");
        assert_eq!(zh(150_000_000), "1.5亿");
        assert_eq!(zh(8_000), "8,000");
        assert_eq!(zh(2_800), "2,800");
        assert_eq!(zh(12_345), "12,345");
        assert_eq!(zh(10_500), "10,500");
        assert_eq!(format_yuan_compact(50_000, Locale::En), "50,000");
    }

    #[test]
    fn typed_amounts_read_as_people_type_them() {
        for (typed, amount) in [
            ("12000", 12_000),
            ("12,000", 12_000),
            (" 12 000 ", 12_000),
            ("１２，０００", 12_000),
            ("¥12,000", 12_000),
            ("￥12000元", 12_000),
            ("1.2万", 12_000),
            ("1.25万元", 12_500),
            ("5万", 50_000),
            (".5万", 5_000),
            ("1.5亿", 150_000_000),
            ("12000.99", 12_000),
            ("0", 0),
        ] {
            assert_eq!(parse_yuan(typed), Some(amount), "{typed}");
        }
        for typed in [
            "",
            "-5",
            "五千",
            "12k",
            "1.2.3",
            "万",
            "1e5",
            "99999999999999999999",
        ] {
            assert_eq!(parse_yuan(typed), None, "{typed}");
        }
    }
}
