//! Line wrapping for Chinese and mixed text, measured by the canvas.

use super::ELLIPSIS;

/// Splits `text` into lines no wider than `max_width` by `measure` (the canvas's
/// `measureText(...).width` in the app).
///
/// - `\n` always starts a new line; an empty line stays empty.
/// - Chinese, Japanese and Korean text may break between any two characters;
///   Latin words and numbers stay whole, and break only where a word alone is
///   wider than the line.
/// - Basic Chinese line-breaking rules (禁则): no line starts with closing
///   punctuation such as `，。！？、）」》”%` and no line ends with opening
///   punctuation such as `（「《“￥`; the character next to one moves with it.
/// - Spaces at either end of a line are dropped.
/// - With `max_lines`, text beyond that many lines is cut and the last line kept
///   ends with `…`, shortened until the ellipsis fits too.
pub fn wrap_lines(
    text: &str,
    max_width: f64,
    max_lines: Option<u32>,
    measure: impl Fn(&str) -> f64,
) -> Vec<String> {
    let limit = max_lines.map(|limit| usize::try_from(limit).unwrap_or(usize::MAX));
    let fits = |line: &str| measure(line) <= max_width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, &fits, &mut lines);
        if limit.is_some_and(|limit| lines.len() > limit) {
            break;
        }
    }
    if let Some(limit) = limit {
        if lines.len() > limit {
            lines.truncate(limit);
            if let Some(last) = lines.last_mut() {
                *last = with_ellipsis(last, &fits);
            }
        }
    }
    lines
}

fn wrap_paragraph(paragraph: &str, fits: &dyn Fn(&str) -> bool, lines: &mut Vec<String>) {
    let mut line = String::new();
    for (gap, piece) in unbreakable_pieces(paragraph) {
        if !line.is_empty() {
            let joined = [line.as_str(), gap, piece].concat();
            if fits(&joined) {
                line = joined;
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        if fits(piece) {
            line.push_str(piece);
            continue;
        }
        // A piece wider than a whole line: break it between characters, at
        // least one per line so that every text ends.
        for c in piece.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if line.is_empty() || fits(&longer) {
                line = longer;
            } else {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    lines.push(line);
}

/// The paragraph as pieces that must stay on one line, each with the spaces
/// before it (dropped when the piece starts a line).
fn unbreakable_pieces(paragraph: &str) -> Vec<(&str, &str)> {
    let mut pieces = Vec::new();
    let mut gap_start = 0;
    let mut piece_start: Option<usize> = None;
    let mut previous: Option<char> = None;
    for (at, c) in paragraph.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = piece_start.take() {
                pieces.push((&paragraph[gap_start..start], &paragraph[start..at]));
                gap_start = at;
            }
            previous = None;
            continue;
        }
        match (piece_start, previous) {
            (None, _) => piece_start = Some(at),
            (Some(start), Some(before)) if may_break_between(before, c) => {
                pieces.push((&paragraph[gap_start..start], &paragraph[start..at]));
                gap_start = at;
                piece_start = Some(at);
            }
            _ => {}
        }
        previous = Some(c);
    }
    if let Some(start) = piece_start {
        pieces.push((&paragraph[gap_start..start], &paragraph[start..]));
    }
    pieces
}

/// Whether a line may end after `before` when `after` follows it directly.
fn may_break_between(before: char, after: char) -> bool {
    (is_cjk(before) || is_cjk(after))
        && !is_opening(before)
        && !is_closing(after)
        && !(before == '—' && after == '—')
}

/// Characters between which Chinese, Japanese and Korean text may break.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x33FF // radicals, CJK punctuation, kana, bopomofo, enclosed
        | 0x3400..=0x4DBF // ideographs, extension A
        | 0x4E00..=0x9FFF // ideographs
        | 0xA960..=0xA97F // Hangul Jamo extended
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFE30..=0xFE4F // compatibility forms
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3FFFF // ideographs, extensions B and later
    )
}

/// Punctuation no line may start with.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '！'
            | '？'
            | '、'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '％'
            | '%'
            | '…'
            | '‥'
            | '｡'
            | '､'
            | '〜'
            | '～'
            | ','
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
            | ']'
            | '}'
    )
}

/// Punctuation (and currency signs) no line may end with.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '￥'
            | '¥'
            | '$'
            | '＄'
    )
}

/// `line` shortened until it fits with `…` after it.
fn with_ellipsis(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut kept = line.to_owned();
    loop {
        while kept.ends_with(|c: char| c.is_whitespace() || is_opening(c)) {
            kept.pop();
        }
        let candidate = format!("{kept}{ELLIPSIS}");
        if kept.is_empty() || fits(&candidate) {
            return candidate;
        }
        kept.pop();
    }
}
