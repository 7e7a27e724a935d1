//! The campaign config: the one document a marketer writes.
//!
//! These types are the product's interface. Every struct denies unknown fields so a
//! typo is reported (with a "did you mean" hint, see [`crate::validate`]) instead of
//! being silently ignored. Read configs with [`crate::parse_campaign`], which collects
//! every problem with its path; plain `serde_json::from_str` stops at the first.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The config format version this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// A Campaign Kit campaign: its pages, their look, and where results go.
// `P` is the page type: `Page` once validated. The validator first reads pages as
// raw JSON so that one broken page does not hide the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Campaign<P = Page> {
    /// Editors' link to the JSON Schema, e.g. `"/campaign.schema.json"`; ignored by
    /// Campaign Kit itself.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub json_schema: Option<String>,
    /// Config format version; must be 1.
    pub schema: u32,
    /// Stable identifier, used in URLs and stored with every result: lowercase
    /// letters, digits, `-` and `_`.
    pub id: String,
    /// The campaign's name, shown on its home page and as the browser title.
    pub title: String,
    /// A sentence or two under the title on the campaign home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Language of the pages: `zh-CN` (default) or `en`.
    #[serde(default)]
    pub locale: Locale,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub backend: Backend,
    /// The pages, in the order the campaign home lists them.
    pub pages: Vec<P>,
}

impl Campaign {
    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.id() == id)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// The BCP 47 tag, as used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// Design tokens, applied to every page as CSS custom properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// Buttons, links and highlights.
    pub primary: Color,
    /// Badges, rewards and secondary highlights.
    pub accent: Color,
    /// Body text.
    pub text: Color,
    /// Page background.
    pub background: Color,
    /// Corner radius of cards and buttons, in CSS pixels (0 to 48).
    pub radius: u8,
    /// CSS font-family list. Fonts are never downloaded: name fonts phones have.
    pub font: String,
    /// Logo shown at the top of every page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<Url>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            primary: Color::new("#c8102e"),
            accent: Color::new("#f5a623"),
            text: Color::new("#1f2329"),
            background: Color::new("#f7f8fa"),
            radius: 12,
            font: DEFAULT_FONT_STACK.to_owned(),
            logo: None,
        }
    }
}

/// System fonts that cover Simplified Chinese on iOS, Android, Windows and macOS.
pub const DEFAULT_FONT_STACK: &str = "-apple-system, BlinkMacSystemFont, \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif";

pub use crate::backend::{Backend, DEFAULT_API_BASE};

/// A CSS colour as `#rgb`, `#rrggbb` or `#rrggbbaa`. Checked by the validator;
/// only these forms are accepted so a colour can never smuggle other CSS in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct Color(
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"))
    )]
    pub String,
);

impl Color {
    pub fn new(value: &str) -> Self {
        Color(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_valid(&self) -> bool {
        let Some(hex) = self.0.strip_prefix('#') else {
            return false;
        };
        matches!(hex.len(), 3 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

/// An absolute `http(s)://` URL, or a path on the site that serves the pages
/// (starting with a single `/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(transparent)]
pub struct Url(
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^(https?://[^\s/?#]+|/(?!/))\S*$"))
    )]
    pub String,
);

impl Url {
    pub fn new(value: &str) -> Self {
        Url(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Why this is not a usable URL, if it is not.
    pub fn problem(&self) -> Option<&'static str> {
        let value = self.0.as_str();
        if value.is_empty() {
            return Some("is empty");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some("contains spaces or control characters");
        }
        if let Some(rest) = value.strip_prefix('/') {
            return rest
                .starts_with('/')
                .then_some("starts with `//`; write the scheme, e.g. `https://`");
        }
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        match rest {
            None => Some("must start with `https://`, `http://` or `/`"),
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                (host.is_empty() || host.contains('@')).then_some("has no valid host")
            }
        }
    }
}

/// The kinds of page a campaign can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    GroupPicker,
    Referral,
    Quiz,
    Lottery,
    Survey,
}

impl PageKind {
    pub const ALL: [PageKind; 5] = [
        PageKind::GroupPicker,
        PageKind::Referral,
        PageKind::Quiz,
        PageKind::Lottery,
        PageKind::Survey,
    ];

    /// The name used in configs and envelopes.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::GroupPicker => "group_picker",
            PageKind::Referral => "referral",
            PageKind::Quiz => "quiz",
            PageKind::Lottery => "lottery",
            PageKind::Survey => "survey",
        }
    }

    pub fn from_name(name: &str) -> Option<PageKind> {
        PageKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One page of a campaign: `{ "id", "kind", "title", ... }` with the fields of its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Page {
    /// Sends each member to the community group of their city.
    GroupPicker(GroupPickerPage),
    /// Invitation poster with rewards that step up with friends invited.
    Referral(ReferralPage),
    /// A scored personality quiz.
    Quiz(QuizPage),
    /// A prize draw decided by the server.
    Lottery(LotteryPage),
    /// A questionnaire, optionally rewarded.
    Survey(SurveyPage),
    /// A page of a kind this build does not read: each bundle of the app reads
    /// only the kinds it shows, and knows other pages by their header alone. Never
    /// produced by the server or the CLI, which read every kind.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unparsed(UnparsedPage),
}

/// The header of a page whose own fields were not read (see [`Page::Unparsed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UnparsedPage {
    pub kind: PageKind,
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

impl Page {
    pub fn kind(&self) -> PageKind {
        match self {
            Page::GroupPicker(_) => PageKind::GroupPicker,
            Page::Referral(_) => PageKind::Referral,
            Page::Quiz(_) => PageKind::Quiz,
            Page::Lottery(_) => PageKind::Lottery,
            Page::Survey(_) => PageKind::Survey,
            Page::Unparsed(page) => page.kind,
        }
    }

    /// The fields every page has, whatever its kind.
    pub fn header(&self) -> PageHeader<'_> {
        let (id, title, description) = match self {
            Page::GroupPicker(p) => (&p.id, &p.title, &p.description),
            Page::Referral(p) => (&p.id, &p.title, &p.description),
            Page::Quiz(p) => (&p.id, &p.title, &p.description),
            Page::Lottery(p) => (&p.id, &p.title, &p.description),
            Page::Survey(p) => (&p.id, &p.title, &p.description),
            Page::Unparsed(p) => (&p.id, &p.title, &p.description),
        };
        PageHeader {
            id,
            title,
            description: description.as_deref(),
        }
    }

    pub fn id(&self) -> &str {
        self.header().id
    }

    pub fn title(&self) -> &str {
        self.header().title
    }
}

/// The fields every page has, borrowed from a [`Page`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageHeader<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
}

/// Declares a page kind's struct with the fields every page has (`id`, `title`,
/// `description`) in front of its own. Written out rather than `#[serde(flatten)]`
/// because flatten would silently accept unknown fields.
macro_rules! page_kind {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Stable identifier, part of the page's URL `/p/<id>`: lowercase
            /// letters, digits, `-` and `_`.
            pub id: String,
            /// Shown as the page heading and in the campaign home's list.
            pub title: String,
            /// A sentence under the title.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            $($(#[$field_meta])* pub $field: $ty,)*
        }
    };
}

page_kind!(
    /// Sends each member to the community group of their area: by location when
    /// they allow it, else by their own choice. Its rules live in [`crate::groups`].
    GroupPickerPage {
        /// The groups, each with its area and point; at least one. Groups of the
        /// same area hand over to each other as they fill up.
        groups: Vec<crate::groups::CommunityGroup>,
        /// The system of the groups' `lat`/`lng`: `gcj02` (default; Amap, Tencent
        /// Maps, WeChat) or `wgs84` (GPS).
        #[serde(default)]
        coordinates: crate::groups::CoordinateSystem,
        /// Farthest a member may be from a group's point to be matched to it, in
        /// kilometres (default 100); farther members choose by hand.
        #[serde(default = "default_max_distance_km")]
        max_distance_km: f64,
        /// `on_button` (default): ask for the location when the member taps the
        /// button; `on_load`: ask as soon as the page opens.
        #[serde(default)]
        ask: crate::groups::AskLocation,
        /// The sentence shown before asking for the location, instead of the
        /// default one saying the position never leaves the phone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        privacy: Option<String>,
        /// Post the member's position, rounded to about 1 km, with their group.
        /// Off by default: only the group and how it was chosen are sent. Say so
        /// in `privacy` when you turn it on.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        share_coordinates: bool,
    }
);

fn default_max_distance_km() -> f64 {
    crate::groups::DEFAULT_MAX_DISTANCE_KM
}
page_kind!(
    /// Invitation poster: each member shares a poster with a personal QR code, and
    /// rewards step up with the friends who come through it. Its rules live in
    /// [`crate::referral`], the poster's in [`crate::poster`].
    ReferralPage {
        /// The poster members share: size, background and layers. Exactly one
        /// layer is the `qr` code of the member's share link. Text layers may
        /// use `{nickname}`, `{code}`, `{url}`, `{invites}` (friends so far),
        /// `{needed}` and `{next_reward}` (the next tier; empty once all are
        /// unlocked) and `{rewards}` (one line per tier).
        poster: crate::poster::PosterTemplate,
        /// The reward ladder, e.g. `[{ "invites": 1, "reward": "200 积分" },
        /// { "invites": 3, "reward": "10 元立减金" }]`: at least one tier, from
        /// fewest invites to most.
        tiers: Vec<crate::referral::RewardTier>,
        /// `cumulative` (default): a member earns every tier they unlock;
        /// `highest`: only the highest tier unlocked counts.
        #[serde(default)]
        tier_mode: crate::referral::TierMode,
        /// What makes an invitation count: `"visit"` (default), the friend opens
        /// the share link; or `{ "page": "<page id>" }`, the friend completes that
        /// page (submits a survey, finishes a quiz). Friends the backend knew
        /// before the invitation, and the member's own visits, never count.
        #[serde(default)]
        goal: crate::referral::InviteGoal,
        /// Where the share link takes friends, e.g. `/p/member-survey`; the
        /// campaign home when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        landing: Option<Url>,
        /// The share link in the QR code, with `{landing}` and `{code}` (the
        /// member's invite code); `{landing}?ref={code}` when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_url: Option<String>,
        /// Activity rules shown under the poster (dates, limits, how rewards are
        /// handed out); `\n` starts a new paragraph.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rules: Option<String>,
    }
);
page_kind!(
    /// A personality or knowledge quiz: one question per screen, then a result
    /// tier and a share poster. Its rules live in [`crate::quiz`].
    QuizPage {
        /// The questions, one per screen in this order; 1 to 50.
        questions: Vec<crate::quiz::QuizQuestion>,
        /// How answers become a result: `total` (default) adds up each option's
        /// `score` and picks the tier whose `min` to `max` holds the total;
        /// `dimensions` adds up each option's `scores` per dimension and picks the
        /// tier of the dimension with the most points (on a tie, the tier listed
        /// first).
        #[serde(default)]
        scoring: crate::quiz::QuizScoring,
        /// The possible results. `total` scoring: every total the answers can
        /// reach must fall in exactly one tier. `dimensions` scoring: one tier per
        /// dimension.
        tiers: Vec<crate::quiz::ResultTier>,
        /// Id of a `lottery` page of this campaign: finishing the quiz earns one
        /// bonus draw there (once per visitor).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unlocks_draw: Option<String>,
        /// A line on the share poster under the result, e.g. `测测你是哪种恋爱人格`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share_text: Option<String>,
    }
);
page_kind!(
    /// A prize draw on a wheel or a 3×3 grid. The server decides every draw;
    /// the rules live in [`crate::lottery`].
    LotteryPage {
        /// The prizes and blanks ("thanks for playing"), in the order shown: 2 to
        /// 12 on a wheel, 2 to 8 on a grid.
        prizes: Vec<crate::lottery::Prize>,
        /// How many draws each visitor gets.
        limits: crate::lottery::DrawLimits,
        /// `wheel` (default) or `grid` (九宫格).
        #[serde(default)]
        look: crate::lottery::DrawLook,
        /// Text of the draw button, instead of the default `抽奖` / `Draw`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        button_label: Option<String>,
    }
);
page_kind!(
    /// A questionnaire in sections shown one at a time, optionally rewarded. Its
    /// rules live in [`crate::survey`].
    SurveyPage {
        /// The sections, shown one at a time with a progress bar; at least one.
        sections: Vec<crate::survey::SurveySection>,
        /// What a visitor gets on completing the survey.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reward: Option<crate::survey::SurveyReward>,
        /// `once` (default): a second submission by the same visitor is refused;
        /// `allowed`: every submission is kept.
        #[serde(default)]
        resubmit: crate::survey::Resubmit,
        /// Text of the submit button, instead of the default `提交` / `Submit`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        submit_label: Option<String>,
    }
);
