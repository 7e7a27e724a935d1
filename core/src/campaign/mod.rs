//! The campaign config: the one document a marketer writes, composing the page
//! kinds of [`crate::kinds`] with the campaign's own fields.
//!
//! These types are the product's interface. Every struct denies unknown fields so a
//! typo is reported (with a "did you mean" hint, see [`crate::validate`]) instead of
//! being silently ignored. Read configs with [`crate::parse_campaign`], which collects
//! every problem with its path; plain `serde_json::from_str` stops at the first.

pub(crate) mod backend;
#[cfg(feature = "checkin")]
mod course_links;
mod identity;
#[cfg(feature = "settings")]
mod settings;
mod theme;
pub mod validate;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

pub use self::backend::{Backend, DEFAULT_API_BASE};
pub use self::identity::Identity;
#[cfg(feature = "settings")]
pub use self::settings::{Ceilings, Channels, MAX_SHARE_DESC_CHARS, ShareCard, Wechat};
pub use self::theme::{DEFAULT_FONT_STACK, Theme};
pub use crate::kinds::benefits::BenefitsPage;
pub use crate::kinds::checkin::CheckinPage;
pub use crate::kinds::course::CoursePage;
pub use crate::kinds::group_picker::GroupPickerPage;
pub use crate::kinds::lottery::LotteryPage;
pub use crate::kinds::offers::OffersPage;
pub use crate::kinds::quiz::QuizPage;
pub use crate::kinds::referral::ReferralPage;
pub use crate::kinds::survey::SurveyPage;
pub use crate::primitives::{Color, Locale, Url};

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
    /// Where the pages may be embedded.
    #[serde(default, skip_serializing_if = "Embed::is_default")]
    pub embed: Embed,
    /// Who draws, reward codes, invitations and seats are counted for:
    /// `device` (default; only for campaigns with nothing to win), `signed`
    /// (the host links with a token it signed) or `wechat` (WeChat's silent
    /// sign-in).
    #[serde(default, skip_serializing_if = "Identity::is_device")]
    pub identity: Identity,
    /// Per-campaign circuit breakers, and the daily cap on prizes won from
    /// one network address in `device` campaigns.
    #[cfg(feature = "settings")]
    #[serde(default, skip_serializing_if = "Ceilings::is_default")]
    pub ceilings: Ceilings,
    /// WeChat share cards.
    #[cfg(feature = "settings")]
    #[serde(default, skip_serializing_if = "Wechat::is_default")]
    pub wechat: Wechat,
    /// Names of the channels (渠道码) links carry as `?ch=<code>`, for the
    /// console, e.g. `{"menu": "公众号菜单", "alert": "动账提醒", "moments":
    /// "朋友圈"}`. Codes are lowercase letters, digits, `-` and `_`, up to 32.
    /// Links with other well-formed codes still count, under the code itself.
    #[cfg(feature = "settings")]
    #[serde(default, skip_serializing_if = "Channels::is_empty")]
    pub channels: Channels,
    /// The pages, in the order the campaign home lists them.
    pub pages: Vec<P>,
}

/// Embedding the pages in other sites (`embed.js` or a plain `<iframe>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Embed {
    /// Sites whose pages may frame these pages, as `https://host[:port]`, e.g.
    /// `["https://h5.bank.example"]`. Browsers refuse to show the pages in a
    /// frame of any other site (the reference server sends a Content Security
    /// Policy `frame-ancestors` with these), so nobody can wrap them in a page
    /// of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_hosts: Vec<String>,
}

impl Embed {
    fn is_default(&self) -> bool {
        *self == Embed::default()
    }
}

impl Campaign {
    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.id() == id)
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
    Benefits,
    Offers,
    Course,
    Checkin,
}

impl PageKind {
    pub const ALL: [PageKind; 9] = [
        PageKind::GroupPicker,
        PageKind::Referral,
        PageKind::Quiz,
        PageKind::Lottery,
        PageKind::Survey,
        PageKind::Benefits,
        PageKind::Offers,
        PageKind::Course,
        PageKind::Checkin,
    ];

    /// The name used in configs and envelopes.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::GroupPicker => "group_picker",
            PageKind::Referral => "referral",
            PageKind::Quiz => "quiz",
            PageKind::Lottery => "lottery",
            PageKind::Survey => "survey",
            PageKind::Benefits => "benefits",
            PageKind::Offers => "offers",
            PageKind::Course => "course",
            PageKind::Checkin => "checkin",
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
    /// Welcome benefits and a weekly schedule of what happens when.
    Benefits(BenefitsPage),
    /// A coupon ladder: the more a person invests or spends, the bigger the
    /// coupon, until a real deadline.
    Offers(OffersPage),
    /// A course's sign-up page: the advisor, the schedule, cohorts with seats
    /// the server counts, until a real deadline.
    // Boxed: its persona, schedule and form make it several times the size of
    // the other pages.
    Course(Box<CoursePage>),
    /// A course's daily check-ins: the hometown wall, a task a day, and
    /// graduation.
    Checkin(CheckinPage),
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
    /// What links this page to another, read so that a bundle can link the
    /// two without reading the kind (and everything its config holds).
    pub links: PageLinks,
}

/// The links between the course funnel's pages, as an unread page's header
/// gives them: the course bundle links a learner to their check-in page, and
/// the check-in bundle invites a graduate's friend to the next intake.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLinks {
    /// A check-in page's `course_page`.
    pub course_page: Option<String>,
    /// A course page's `next_intake.link`.
    pub next_intake: Option<String>,
}

impl Campaign {
    /// The id of the check-in page whose `course_page` is `course_id`, if the
    /// campaign has one: the course page links to it once a person has signed
    /// up. Read from the page's header where this build does not read
    /// check-in pages.
    pub fn checkin_of(&self, course_id: &str) -> Option<&str> {
        self.pages.iter().find_map(|page| match page {
            Page::Checkin(checkin) if checkin.course_page == course_id => Some(checkin.id.as_str()),
            Page::Unparsed(page)
                if page.kind == PageKind::Checkin
                    && page.links.course_page.as_deref() == Some(course_id) =>
            {
                Some(page.id.as_str())
            }
            _ => None,
        })
    }
}

impl Page {
    pub fn kind(&self) -> PageKind {
        match self {
            Page::GroupPicker(_) => PageKind::GroupPicker,
            Page::Referral(_) => PageKind::Referral,
            Page::Quiz(_) => PageKind::Quiz,
            Page::Lottery(_) => PageKind::Lottery,
            Page::Survey(_) => PageKind::Survey,
            Page::Benefits(_) => PageKind::Benefits,
            Page::Offers(_) => PageKind::Offers,
            Page::Course(_) => PageKind::Course,
            Page::Checkin(_) => PageKind::Checkin,
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
            Page::Benefits(p) => (&p.id, &p.title, &p.description),
            Page::Offers(p) => (&p.id, &p.title, &p.description),
            Page::Course(p) => (&p.id, &p.title, &p.description),
            Page::Checkin(p) => (&p.id, &p.title, &p.description),
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
