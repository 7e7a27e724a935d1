//! Sentences for marketers (config diagnostics) in each language the pages
//! speak, each written once per language where it is raised:
//! `text!("未知字段 `{name}`", "unknown field `{name}`")`.
//!
//! The server refuses to serve a config with a problem, and previews of other
//! configs (`?c=`) load the bundle with every kind, so the only page bundles
//! that ever meet a broken config are those of a static site whose
//! `campaign.json` nobody checked. The Chinese sentences are therefore compiled
//! in only with the `diagnostics-zh` feature (the server, `campaign-server
//! check` and the preview bundle), and page bundles, whose every byte a phone
//! pays for, tell config problems in English and say where to read them in
//! Chinese. Sentences for visitors are never [`Text`]s: they are in every
//! bundle, in both languages.

use std::fmt;

use super::Locale;

/// A [`Text`] from one format string per language, Chinese first, both with the
/// same arguments: variables named inline (`{name}`), or `name = value` after
/// the sentences. Arguments after a `;` are [`Text`]s themselves, put into each
/// sentence in its own language:
///
/// ```ignore
/// text!("`{url}` {problem}", "`{url}` {problem}", url = url.as_str(); problem = url_problem)
/// ```
///
/// Without `diagnostics-zh` the Chinese format string is not compiled at all.
/// Parts may be [`Phrase`]s too.
macro_rules! text {
    ($zh:literal, $en:literal $(, $name:ident = $value:expr)* $(; $($part:ident = $text:expr),+)? $(,)?) => {
        // Every value is evaluated once, before any name is bound (as in
        // `format!`), so an argument may use a name that another one binds.
        match ($(&$value,)* $($(&$text,)+)?) {
            ($($name,)* $($($part,)+)?) => $crate::primitives::text::Text::new(
                $crate::primitives::text::in_zh!({
                    $($(let $part = $part.zh();)+)?
                    $crate::primitives::text::string(format_args!($zh))
                }),
                {
                    $($(let $part = $part.en();)+)?
                    $crate::primitives::text::string(format_args!($en))
                },
            ),
        }
    };
}

/// Its tokens where this build has Chinese, else `()`.
#[cfg(feature = "diagnostics-zh")]
macro_rules! in_zh {
    ($($body:tt)*) => {
        $($body)*
    };
}
#[cfg(not(feature = "diagnostics-zh"))]
macro_rules! in_zh {
    ($($body:tt)*) => {
        ()
    };
}

/// A [`Phrase`]: fixed words, Chinese first, taken as they are (no `{}`
/// formatting).
macro_rules! phrase {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::primitives::text::Phrase::new($crate::primitives::text::in_zh!($zh), $en)
    };
}

pub(crate) use {in_zh, phrase, text};

/// Whether this build has the Chinese of its [`Text`]s (the `diagnostics-zh`
/// feature); without it, every text is English.
pub const HAS_CHINESE: bool = cfg!(feature = "diagnostics-zh");

/// A sentence in Simplified Chinese and English. Plain `String`s, as messages
/// were before they had two languages: a `Cow` would save an allocation per
/// problem, but its branches cost every page bundle more bytes than it saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    #[cfg(feature = "diagnostics-zh")]
    zh: String,
    en: String,
}

/// The Chinese half of a [`Text`] under construction; nothing in a build without
/// `diagnostics-zh`.
#[cfg(feature = "diagnostics-zh")]
pub type Zh = String;
#[cfg(not(feature = "diagnostics-zh"))]
pub type Zh = ();

/// Fixed words in Simplified Chinese and English, such as what is wrong with a
/// URL (`is empty`): no allocation, for the primitives that name a problem and
/// leave the sentence around it to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    #[cfg(feature = "diagnostics-zh")]
    zh: &'static str,
    en: &'static str,
}

/// The Chinese half of a [`Phrase`]; nothing without `diagnostics-zh`.
#[cfg(feature = "diagnostics-zh")]
pub type ZhPhrase = &'static str;
#[cfg(not(feature = "diagnostics-zh"))]
pub type ZhPhrase = ();

impl Phrase {
    /// From both phrases; use [`phrase!`] rather than this.
    #[cfg_attr(not(feature = "diagnostics-zh"), allow(unused_variables))]
    pub const fn new(zh: ZhPhrase, en: &'static str) -> Phrase {
        Phrase {
            #[cfg(feature = "diagnostics-zh")]
            zh,
            en,
        }
    }

    /// The words in `locale`: the English where this build has no Chinese.
    pub fn get(self, locale: Locale) -> &'static str {
        match locale {
            #[cfg(feature = "diagnostics-zh")]
            Locale::ZhCn => self.zh,
            _ => self.en,
        }
    }

    #[cfg(feature = "diagnostics-zh")]
    pub fn zh(&self) -> &'static str {
        self.zh
    }

    pub fn en(&self) -> &'static str {
        self.en
    }
}

/// English, for logs (such as the server's refusal of a `--preview-origins`).
impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en)
    }
}

impl From<Phrase> for Text {
    fn from(phrase: Phrase) -> Text {
        Text::new(in_zh!(phrase.zh.to_owned()), phrase.en.to_owned())
    }
}

impl Text {
    /// From both sentences; use [`text!`] rather than this.
    #[cfg_attr(not(feature = "diagnostics-zh"), allow(unused_variables))]
    pub fn new(zh: Zh, en: String) -> Text {
        Text {
            #[cfg(feature = "diagnostics-zh")]
            zh,
            en,
        }
    }

    /// The sentence in `locale`: the English one where this build has no
    /// Chinese.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            #[cfg(feature = "diagnostics-zh")]
            Locale::ZhCn => &self.zh,
            _ => &self.en,
        }
    }

    /// The Chinese sentence, for putting this text into another one.
    #[cfg(feature = "diagnostics-zh")]
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The English sentence, for putting this text into another one.
    pub fn en(&self) -> &str {
        &self.en
    }
}

/// serde's `Error::custom` carries text only: a [`Text`] crosses it as its
/// Chinese and English sentences joined by this (ASCII's unit separator, which
/// no sentence holds).
#[cfg(feature = "diagnostics-zh")]
const CUSTOM_SEPARATOR: char = '\u{1f}';

impl Text {
    /// This text as the message of a serde `Error::custom`, for
    /// [`Text::from_custom`] to read back.
    #[cfg(feature = "diagnostics-zh")]
    pub fn to_custom(&self) -> String {
        format!("{}{CUSTOM_SEPARATOR}{}", self.zh, self.en)
    }

    #[cfg(not(feature = "diagnostics-zh"))]
    pub fn to_custom(&self) -> String {
        self.en.clone()
    }

    /// The text of a serde `Error::custom` message: one of [`Text::to_custom`],
    /// or serde's own words (English only, about shapes serde cannot read), then
    /// in both languages.
    #[cfg(feature = "diagnostics-zh")]
    pub fn from_custom(message: String) -> Text {
        match message.split_once(CUSTOM_SEPARATOR) {
            Some((zh, en)) => Text::new(zh.to_owned(), en.to_owned()),
            None => Text::new(message.clone(), message),
        }
    }

    #[cfg(not(feature = "diagnostics-zh"))]
    pub fn from_custom(message: String) -> Text {
        Text::new((), message)
    }
}

/// A sentence as a `String`. Inlined, so that where it has no arguments the
/// check folds away and only a copy of the text is left: a page bundle has
/// hundreds of these, and building `fmt::Arguments` for each costs bytes.
#[inline(always)]
pub fn string(args: fmt::Arguments<'_>) -> String {
    match args.as_str() {
        Some(fixed) => String::from(fixed),
        None => formatted(args),
    }
}

#[inline(never)]
fn formatted(args: fmt::Arguments<'_>) -> String {
    fmt::format(args)
}

/// English, for logs and the tests; people get [`Text::get`] in their locale.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_sentences_are_in_each_language() {
        let fixed = text!("不能为空", "must not be empty");
        assert_eq!(fixed.get(Locale::En), "must not be empty");
        #[cfg(feature = "diagnostics-zh")]
        assert_eq!(fixed.get(Locale::ZhCn), "不能为空");
    }

    #[test]
    fn arguments_and_parts_go_into_each_language() {
        let id = "q1";
        let problem = text!("为空", "is empty");
        let joined = text!("`{id}` 第 {n} 处{problem}", "`{id}` number {n} {problem}", n = 2; problem = problem);
        assert_eq!(joined.get(Locale::En), "`q1` number 2 is empty");
        #[cfg(feature = "diagnostics-zh")]
        assert_eq!(joined.get(Locale::ZhCn), "`q1` 第 2 处为空");
    }
}
