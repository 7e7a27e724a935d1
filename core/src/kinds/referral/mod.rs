//! The referral page kind: members share a poster with a personal QR code, and
//! rewards step up with the friends who come through it.
//!
//! The rules here are pure functions shared by the app (which shows the ladder)
//! and the server (which issues codes and counts invitations):
//!
//! 1. Each visitor gets a stable invite code from the backend, made by
//!    [`invite_code`] from 5 random bytes. Codes read from a URL or typed by hand
//!    go through [`normalise_invite_code`].
//! 2. The share link is [`share_url`]: the page's `share_url` template (default
//!    `{landing}?ref={code}`) filled with the landing page and the code.
//! 3. A visit with `?ref=CODE` is judged by [`judge_attribution`]: one
//!    attribution per invited visitor, never the inviter's own, and never a
//!    visitor the backend knew before the invitation. A [`Attribution::Counted`]
//!    invitation that [`BurstPolicy::is_burst`] flags is held for review rather
//!    than counted.
//! 4. An attribution becomes a successful invitation when the page's
//!    [`InviteGoal`] is met: on the visit itself, or when the friend completes a
//!    named page.
//! 5. [`ladder`] turns the count into unlocked and earned tiers and the next goal.

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::diagnostics::issue::{PageIssue, bad_url, longer_than, must_not_be_empty};
use crate::kinds::page_kind;
use crate::kinds::poster::{Layer, PosterTemplate, check_poster};
use crate::primitives::ids::is_id;
use crate::primitives::text::{phrase, text};
use crate::primitives::{Locale, Url};

/// The share link when a page sets no `share_url`.
pub const DEFAULT_SHARE_URL: &str = "{landing}?ref={code}";
/// The query parameter the default share link carries the code in.
pub const REF_PARAM: &str = "ref";
/// Placeholders of the referral poster's text layers, filled by [`poster_values`].
pub const POSTER_PLACEHOLDERS: [&str; 7] = [
    "nickname",
    "code",
    "url",
    "invites",
    "needed",
    "next_reward",
    "rewards",
];
/// Placeholders of a page's `share_url`.
pub const SHARE_URL_PLACEHOLDERS: [&str; 2] = ["landing", "code"];
/// Length of an invite code.
pub const INVITE_CODE_LEN: usize = 8;
/// Most tiers in a ladder.
pub const MAX_TIERS: usize = 10;
const MAX_REWARD_CHARS: usize = 40;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

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
        poster: PosterTemplate,
        /// The reward ladder, e.g. `[{ "invites": 1, "reward": "200 积分" },
        /// { "invites": 3, "reward": "10 元立减金" }]`: at least one tier, from
        /// fewest invites to most.
        tiers: Vec<RewardTier>,
        /// `cumulative` (default): a member earns every tier they unlock;
        /// `highest`: only the highest tier unlocked counts.
        #[serde(default)]
        tier_mode: TierMode,
        /// What makes an invitation count: `"visit"` (default), the friend opens
        /// the share link; or `{ "page": "<page id>" }`, the friend completes that
        /// page (submits a survey, finishes a quiz). Friends the backend knew
        /// before the invitation, and the member's own visits, never count.
        #[serde(default)]
        goal: InviteGoal,
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

/// One step of the reward ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RewardTier {
    /// Friends a member must invite to unlock this tier, 1 or more; each tier
    /// needs more than the one before.
    pub invites: u32,
    /// What the member gets, as shown on the page, e.g. `10 元立减金`.
    pub reward: String,
}

/// Which unlocked tiers a member earns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TierMode {
    /// Every unlocked tier is earned: inviting 5 friends earns the rewards of
    /// the 1-, 3- and 5-friend tiers.
    #[default]
    Cumulative,
    /// Only the highest unlocked tier counts: inviting 5 friends earns the
    /// 5-friend reward alone.
    Highest,
}

/// What a friend must do for an invitation to count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InviteGoal {
    /// `"visit"`: the friend opens the share link.
    #[default]
    Visit,
    /// `{ "page": "<page id>" }`: the friend completes that page of the campaign
    /// (submits the survey or form, finishes the quiz), e.g. a sign-up page.
    Page(String),
}

impl InviteGoal {
    /// Whether the friend's visit through the share link is enough.
    pub fn met_on_visit(&self) -> bool {
        matches!(self, InviteGoal::Visit)
    }

    /// Whether the friend completing page `page_id` meets the goal.
    pub fn met_by_page(&self, page_id: &str) -> bool {
        match self {
            InviteGoal::Visit => false,
            InviteGoal::Page(goal) => goal == page_id,
        }
    }
}

// ---------------------------------------------------------------------------
// Share link
// ---------------------------------------------------------------------------

/// The link a member shares, from a template with `{landing}` and `{code}`
/// (see [`DEFAULT_SHARE_URL`]).
///
/// The code is percent-encoded. When the template puts a `?` right after
/// `{landing}` and the landing already has a query, the `?` becomes `&`; a
/// fragment (`#...`) of the landing moves to the end of the link. `landing`
/// should be absolute (the app resolves the config's path against its origin):
/// the link goes into a QR code.
pub fn share_url(template: &str, landing: &str, code: &str) -> String {
    let (landing, fragment) = match landing.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (landing, None),
    };
    let mut out = String::with_capacity(template.len() + landing.len() + code.len());
    let mut rest = template;
    let mut used_landing = false;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(after) = tail.strip_prefix("{landing}") {
            out.push_str(landing);
            used_landing = true;
            rest = after;
            if landing.contains('?') {
                if let Some(after) = rest.strip_prefix('?') {
                    out.push('&');
                    rest = after;
                }
            }
        } else if let Some(after) = tail.strip_prefix("{code}") {
            crate::primitives::url::percent_encode_into(code, &mut out);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    if let Some(fragment) = fragment.filter(|_| used_landing) {
        if !out.contains('#') {
            out.push('#');
            out.push_str(fragment);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Reward ladder
// ---------------------------------------------------------------------------

/// Where a member stands on the reward ladder. Tiers are indices into the
/// page's `tiers`, in order of the invites they need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LadderState {
    /// Tiers whose `invites` the member has reached.
    pub unlocked: Vec<usize>,
    /// Tiers whose rewards the member gets: every unlocked tier when cumulative,
    /// only the highest when not.
    pub earned: Vec<usize>,
    /// The next tier to unlock and the invites still needed for it; `None` once
    /// every tier is unlocked.
    pub next: Option<(usize, u32)>,
}

/// The ladder for a member who has invited `invites` friends. A tier is unlocked
/// exactly at its threshold; with no invites nothing is.
pub fn ladder(tiers: &[RewardTier], mode: TierMode, invites: u32) -> LadderState {
    // The checker requires increasing thresholds; sorting keeps this right anyway.
    let mut order: Vec<usize> = (0..tiers.len()).collect();
    order.sort_by_key(|&index| tiers[index].invites);
    let unlocked: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&index| invites > 0 && tiers[index].invites <= invites)
        .collect();
    let earned = match mode {
        TierMode::Cumulative => unlocked.clone(),
        TierMode::Highest => unlocked.last().copied().into_iter().collect(),
    };
    let next = order
        .iter()
        .copied()
        .find(|&index| !unlocked.contains(&index))
        .map(|index| (index, tiers[index].invites.saturating_sub(invites).max(1)));
    LadderState {
        unlocked,
        earned,
        next,
    }
}

/// "Invite N more to unlock X", or `None` once every tier is unlocked.
pub fn next_tier_message(
    tiers: &[RewardTier],
    state: &LadderState,
    locale: Locale,
) -> Option<String> {
    let (index, needed) = state.next?;
    let reward = &tiers.get(index)?.reward;
    Some(match locale {
        Locale::ZhCn => format!("再邀请 {needed} 位好友，即可解锁「{reward}」"),
        Locale::En if needed == 1 => format!("Invite 1 more friend to unlock {reward}"),
        Locale::En => format!("Invite {needed} more friends to unlock {reward}"),
    })
}

/// One line per tier, such as `邀请 3 位好友：10 元立减金`, for the `{rewards}`
/// placeholder and the page's ladder.
pub fn tier_line(tier: &RewardTier, locale: Locale) -> String {
    let RewardTier { invites, reward } = tier;
    match locale {
        Locale::ZhCn => format!("邀请 {invites} 位好友：{reward}"),
        Locale::En if *invites == 1 => format!("Invite 1 friend: {reward}"),
        Locale::En => format!("Invite {invites} friends: {reward}"),
    }
}

/// Values of the referral poster's placeholders ([`POSTER_PLACEHOLDERS`]) for one
/// member, ready for [`crate::poster::fill_placeholders`] once borrowed:
/// `nickname`, `code`, `url` (the share link), `invites` (friends so far),
/// `needed` and `next_reward` (empty once every tier is unlocked) and `rewards`
/// (one [`tier_line`] per tier).
pub fn poster_values(
    page: &ReferralPage,
    locale: Locale,
    nickname: &str,
    code: &str,
    url: &str,
    invites: u32,
) -> Vec<(&'static str, String)> {
    let state = ladder(&page.tiers, page.tier_mode, invites);
    let (needed, next_reward) = state
        .next
        .and_then(|(index, needed)| {
            page.tiers
                .get(index)
                .map(|tier| (needed.to_string(), tier.reward.clone()))
        })
        .unwrap_or_default();
    let rewards: Vec<String> = page
        .tiers
        .iter()
        .map(|tier| tier_line(tier, locale))
        .collect();
    vec![
        ("nickname", nickname.to_owned()),
        ("code", code.to_owned()),
        ("url", url.to_owned()),
        ("invites", invites.to_string()),
        ("needed", needed),
        ("next_reward", next_reward),
        ("rewards", rewards.join("\n")),
    ]
}

// ---------------------------------------------------------------------------
// Invite codes
// ---------------------------------------------------------------------------

/// Crockford's base 32: digits and capitals without I, L, O and U, so a code
/// read aloud or typed from a poster is not misread.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// An 8-character invite code from 5 random bytes (40 bits), such as `7Q3M0K2D`.
/// The backend draws the bytes and keeps one code per visitor.
pub fn invite_code(bytes: [u8; 5]) -> String {
    let value = bytes
        .iter()
        .fold(0u64, |value, byte| (value << 8) | u64::from(*byte));
    (0..INVITE_CODE_LEN)
        .rev()
        .map(|digit| char::from(CROCKFORD[((value >> (digit * 5)) & 31) as usize]))
        .collect()
}

/// An invite code as typed or read from a link, in canonical form: lower case is
/// raised, spaces and dashes are dropped, `O` reads as `0` and `I` or `L` as `1`.
/// `None` for other characters or a length other than 8.
pub fn normalise_invite_code(input: &str) -> Option<String> {
    let mut code = String::with_capacity(INVITE_CODE_LEN);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            c if c.is_whitespace() || c == '-' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return None,
        };
        if code.len() == INVITE_CODE_LEN {
            return None;
        }
        code.push(c);
    }
    (code.len() == INVITE_CODE_LEN).then_some(code)
}

// ---------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------

/// The backend's verdict on a visit that arrived with an invite code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// A new friend of the code's owner: record the attribution. It counts as a
    /// successful invitation once the page's [`InviteGoal`] is met.
    Counted,
    /// The visitor opened their own link.
    SelfInvite,
    /// No visitor has this code.
    UnknownCode,
    /// The visitor was known to the backend before the invitation, so is not a
    /// new friend.
    KnownVisitor,
    /// The visitor is already attributed (to this inviter or another): a repeat
    /// visit, or a second link. The first invitation keeps the credit.
    AlreadyAttributed,
}

impl Attribution {
    /// Whether the visit credits the inviter.
    pub fn counts(self) -> bool {
        self == Attribution::Counted
    }

    /// A stable name for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Counted => "counted",
            Attribution::SelfInvite => "self_invite",
            Attribution::UnknownCode => "unknown_code",
            Attribution::KnownVisitor => "known_visitor",
            Attribution::AlreadyAttributed => "already_attributed",
        }
    }
}

/// Judges a visit by `invitee` with an invite code whose owner is `inviter`
/// (`None`: no visitor has the code). `invitee_known_before_invite`: the backend
/// had seen this visitor before this invitation; `already_attributed`: the
/// visitor already has an attribution, from this code or another.
pub fn judge_attribution(
    inviter: Option<&str>,
    invitee: &str,
    invitee_known_before_invite: bool,
    already_attributed: bool,
) -> Attribution {
    match inviter {
        None => Attribution::UnknownCode,
        Some(inviter) if inviter == invitee => Attribution::SelfInvite,
        Some(_) if already_attributed => Attribution::AlreadyAttributed,
        Some(_) if invitee_known_before_invite => Attribution::KnownVisitor,
        Some(_) => Attribution::Counted,
    }
}

/// When invitations credited to one inviter come too fast from one IP address or
/// one device to be real friends. Such invitations are held for review instead
/// of being counted, and never silently dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurstPolicy {
    /// Length of the window, in seconds.
    pub window_secs: u32,
    /// Most invitations within the window that count without review.
    pub max: u32,
}

impl Default for BurstPolicy {
    /// More than 5 invitations for one inviter from one IP or device within 10
    /// minutes.
    fn default() -> Self {
        BurstPolicy {
            window_secs: 600,
            max: 5,
        }
    }
}

impl BurstPolicy {
    /// Whether a new invitation at `now_ms` is part of a burst. `earlier_ms`: when
    /// the earlier invitations credited to the same inviter from the same IP
    /// address (or device) arrived, by the server's clock, in milliseconds since
    /// the Unix epoch, in any order.
    pub fn is_burst(&self, earlier_ms: &[u64], now_ms: u64) -> bool {
        let window_ms = u64::from(self.window_secs) * 1000;
        let recent = earlier_ms
            .iter()
            .filter(|&&at| at.saturating_add(window_ms) > now_ms)
            .count();
        recent >= usize::try_from(self.max).unwrap_or(usize::MAX)
    }
}

// ---------------------------------------------------------------------------
// Config checks
// ---------------------------------------------------------------------------

/// Everything wrong with a referral page's own fields, at paths relative to the
/// page. Whether the goal page exists is a rule across pages, left to the
/// validator.
pub fn check_referral(page: &ReferralPage) -> Vec<PageIssue> {
    let mut issues = check_poster(&page.poster, "poster", &POSTER_PLACEHOLDERS);
    let has_qr = page
        .poster
        .layers
        .iter()
        .any(|layer| matches!(layer, Layer::Qr(_)));
    if !has_qr {
        issues.push(
            PageIssue::new(
                "poster.layers",
                phrase!(
                    "没有二维码，好友无法通过海报参与",
                    "has no QR code, so friends cannot follow the poster"
                ),
            )
            .with_hint(phrase!(
                "请添加 `{ \"type\": \"qr\", \"x\": 255, \"y\": 1000, \"size\": 240 }`",
                "add `{ \"type\": \"qr\", \"x\": 255, \"y\": 1000, \"size\": 240 }`"
            )),
        );
    }

    if page.tiers.is_empty() {
        issues.push(
            PageIssue::new(
                "tiers",
                phrase!("至少要有一档奖励", "must list at least one tier"),
            )
            .with_hint(phrase!(
                "如 `{ \"invites\": 1, \"reward\": \"200 积分\" }`",
                "e.g. `{ \"invites\": 1, \"reward\": \"200 积分\" }`"
            )),
        );
    } else if page.tiers.len() > MAX_TIERS {
        issues.push(PageIssue::new(
            "tiers",
            text!("超过了 {MAX_TIERS} 档", "has more than {MAX_TIERS} tiers"),
        ));
    }
    let mut previous: Option<u32> = None;
    for (index, tier) in page.tiers.iter().enumerate() {
        let at = |field: &str| format!("tiers[{index}].{field}");
        if tier.invites == 0 {
            issues.push(PageIssue::new(
                at("invites"),
                phrase!("必须是 1 或更多", "must be 1 or more"),
            ));
        } else if let Some(before) = previous.filter(|&before| tier.invites <= before) {
            issues.push(
                PageIssue::new(
                    at("invites"),
                    text!(
                        "{invites} 没有比前一档（{before}）多",
                        "{invites} is not more than the tier before ({before})",
                        invites = tier.invites
                    ),
                )
                .with_hint(phrase!(
                    "请按邀请人数从少到多排列各档，每档都要比前一档多",
                    "list tiers from fewest invites to most, each needing more"
                )),
            );
        }
        previous = Some(previous.map_or(tier.invites, |before| before.max(tier.invites)));
        if tier.reward.trim().is_empty() {
            issues.push(PageIssue::new(at("reward"), must_not_be_empty()));
        } else if tier.reward.chars().count() > MAX_REWARD_CHARS {
            issues.push(PageIssue::new(at("reward"), longer_than(MAX_REWARD_CHARS)));
        }
    }

    if let InviteGoal::Page(goal) = &page.goal {
        if !is_id(goal) {
            issues.push(
                PageIssue::new(
                    "goal.page",
                    text!("`{goal}` 不是页面 id", "`{goal}` is not a page id"),
                )
                .with_hint(phrase!(
                    "请写本活动中的一个页面，如 `{ \"page\": \"member-survey\" }`",
                    "name a page of this campaign, e.g. `{ \"page\": \"member-survey\" }`"
                )),
            );
        } else if goal == &page.id {
            issues.push(
                PageIssue::new(
                    "goal.page",
                    phrase!("写的是这个邀请页自己", "names this referral page itself"),
                )
                .with_hint(phrase!(
                    "请写好友需要完成的页面，或改用 `\"visit\"`",
                    "name the page friends must complete, or use `\"visit\"`"
                )),
            );
        }
    }

    if let Some(landing) = &page.landing {
        if let Some(problem) = landing.problem() {
            issues.push(
                PageIssue::new("landing", bad_url(landing, &problem)).with_hint(phrase!(
                    "请用本站的路径，如 `/p/member-survey`，或以 `https://` 开头的完整网址",
                    "use a path such as `/p/member-survey`, or an absolute `https://` URL"
                )),
            );
        }
    }

    if let Some(template) = &page.share_url {
        check_share_url(template, &mut issues);
    }

    if page
        .rules
        .as_deref()
        .is_some_and(|rules| rules.trim().is_empty())
    {
        issues.push(PageIssue::new("rules", must_not_be_empty()));
    }
    issues
}

fn check_share_url(template: &str, issues: &mut Vec<PageIssue>) {
    let names = crate::kinds::poster::placeholders_in(template);
    for name in &names {
        if !SHARE_URL_PLACEHOLDERS.contains(name) {
            issues.push(
                PageIssue::new(
                    "share_url",
                    text!(
                        "`{{{name}}}` 不是占位符",
                        "`{{{name}}}` is not a placeholder"
                    ),
                )
                .with_hint(phrase!(
                    "请使用 `{landing}` 和 `{code}`",
                    "use `{landing}` and `{code}`"
                )),
            );
        }
    }
    if !names.contains(&"code") {
        issues.push(
            PageIssue::new(
                "share_url",
                phrase!(
                    "没有包含 `{code}`，邀请无法计入",
                    "does not contain `{code}`, so no invitation can be credited"
                ),
            )
            .with_hint(text!(
                "如 `{DEFAULT_SHARE_URL}`",
                "e.g. `{DEFAULT_SHARE_URL}`"
            )),
        );
    }
    let example = share_url(template, "https://h5.example.com/", "ABCD1234");
    let full_link = || {
        phrase!(
            "请以 `{landing}` 或 `https://` 开头，写成完整网址：这个链接会放进二维码",
            "start with `{landing}` or an absolute `https://` URL: the link goes into a QR code"
        )
    };
    if let Some(problem) = Url::new(&example).problem() {
        issues.push(
            PageIssue::new(
                "share_url",
                text!(
                    "生成的链接 `{example}` {problem}",
                    "gives `{example}`, which {problem}";
                    problem = problem
                ),
            )
            .with_hint(full_link()),
        );
    } else if example.starts_with('/') {
        issues.push(
            PageIssue::new(
                "share_url",
                phrase!(
                    "生成的是路径，不是完整的链接",
                    "gives a path, not a full link"
                ),
            )
            .with_hint(full_link()),
        );
    }
}
