//! The lottery (prize draw) page kind: prizes with weights and inventory, how many
//! draws a visitor gets, the weighted draw itself, and claim codes for winners.
//!
//! The server decides every draw: it asks [`next_chance`] whether the visitor may
//! draw, picks a prize with [`draw`] from a random number of its own, and takes
//! the prize out of stock in the same transaction. The app only shows the result,
//! so nothing a visitor does in the browser can change the odds. Everything here
//! is pure and free of randomness of its own, which is what lets the tests check
//! the odds over many seeded draws.

mod scratch;

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

use crate::diagnostics::issue::{
    PageIssue, at_least_one, bad_url, id_hint, id_taken, invalid_id, must_not_be_empty, plural,
};
use crate::kinds::page_kind;
use crate::primitives::ids::{MAX_ID_CHARS, is_name};
use crate::primitives::text::{phrase, text};
use crate::primitives::{Locale, Phrase, Url};

pub use self::scratch::{SCRATCH_CELL_PX, ScratchCover};

/// Bonus draws a visitor gets for finishing a quiz whose `unlocks_draw` names
/// the lottery page (once per visitor and quiz).
pub const QUIZ_BONUS_DRAWS: u32 = 1;
/// Fewest prizes a draw may have (a blank counts): one prize is no draw.
pub const MIN_PRIZES: usize = 2;
/// Most prizes a wheel shows: more segments are too narrow to read on a phone.
pub const MAX_WHEEL_PRIZES: usize = 12;
/// Cells of the 3×3 grid around its centre button, and so the most prizes a
/// grid shows.
pub const GRID_CELLS: usize = 8;
/// Share of a scratch card scratched off before it reveals the result, when
/// the page sets no `reveal_at`.
pub const DEFAULT_REVEAL_SHARE: f64 = 0.5;

// ---------------------------------------------------------------------------
// Config model
// ---------------------------------------------------------------------------

page_kind!(
    /// A prize draw on a wheel, a 3×3 grid or a scratch card. The server
    /// decides every draw; the rules live in [`crate::lottery`].
    LotteryPage {
        /// The prizes and blanks ("thanks for playing"), in the order shown: 2 to
        /// 12 on a wheel, 2 to 8 on a grid, 2 or more on a scratch card.
        prizes: Vec<Prize>,
        /// How many draws each visitor gets.
        limits: DrawLimits,
        /// `wheel` (default), `grid` (九宫格) or `scratch` (刮刮卡).
        #[serde(default)]
        look: DrawLook,
        /// `scratch` only: the share of the card scratched off before it
        /// reveals the result, more than 0 and less than 1; `0.5` (half) when
        /// absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reveal_at: Option<f64>,
        /// Text of the draw button, instead of the default `抽奖` / `Draw`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        button_label: Option<String>,
    }
);

/// One prize of the draw, or a blank ("thanks for playing").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Prize {
    /// Stable identifier, stored with every draw: 1 to 64 lowercase letters,
    /// digits, `-` or `_`, unique within the page.
    pub id: String,
    /// What the visitor sees on the wheel or grid and when they win, e.g.
    /// `腾讯视频 VIP 月卡` or `谢谢参与`.
    pub name: String,
    /// A picture of the prize.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    /// Relative chance of being drawn: weight 10 is drawn twice as often as
    /// weight 5. A prize's chance is its weight divided by the sum of the weights
    /// of the prizes still in stock, so when a prize runs out its share goes to
    /// the others. 0: shown, never drawn.
    pub weight: u32,
    /// How many of this prize there are to win; when they are gone it is no
    /// longer drawn. Absent: unlimited (blanks, or points without a budget).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<u32>,
    /// `true` for "thanks for playing": drawing it wins nothing, and there is no
    /// claim code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub blank: bool,
    /// Required for prizes (not blanks): how a winner claims it, shown with their
    /// claim code, e.g. `截图本页，添加客服微信 cmb520 并发送兑奖码领取`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// How many draws each visitor gets. Every draw spends either the day's
/// allowance (`per_day`) or a bonus draw (earned by finishing a quiz or sharing,
/// and kept until used); the allowance is spent first. Set `per_day`, `total`
/// or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DrawLimits {
    /// Draws each visitor gets every day (days run midnight to midnight,
    /// China Standard Time); unused ones do not carry over. `0`: only bonus draws. Absent: no daily limit, only `total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<u32>,
    /// Most draws a visitor makes over the whole campaign, bonus draws
    /// included. Absent: no limit but `per_day`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// Bonus draws a visitor earns by sharing the page, at most once a day.
    /// Finishing a quiz whose `unlocks_draw` names this page earns one more.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub share_bonus: u32,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

/// How the draw looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DrawLook {
    /// A spinning wheel with one equal segment per prize: 2 to 12 prizes.
    #[default]
    Wheel,
    /// 九宫格: prizes in the 8 cells around a centre button, lit in turn; 2 to 8
    /// prizes, and cells left over show the blanks again.
    Grid,
    /// 刮刮卡: the server draws first, then the person scratches a card to
    /// reveal the prize it recorded, once `reveal_at` of it is off.
    Scratch,
}

impl DrawLook {
    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            DrawLook::Wheel => "wheel",
            DrawLook::Grid => "grid",
            DrawLook::Scratch => "scratch",
        }
    }

    /// Most prizes this look shows; `None` for a scratch card, which shows
    /// only the prize drawn.
    pub fn max_prizes(self) -> Option<usize> {
        match self {
            DrawLook::Wheel => Some(MAX_WHEEL_PRIZES),
            DrawLook::Grid => Some(GRID_CELLS),
            DrawLook::Scratch => None,
        }
    }
}

impl LotteryPage {
    /// The share of a scratch card scratched off before the result shows:
    /// `reveal_at`, or [`DEFAULT_REVEAL_SHARE`] (also for a value the check
    /// refuses, so a card always reveals).
    pub fn reveal_share(&self) -> f64 {
        self.reveal_at
            .filter(|share| *share > 0.0 && *share < 1.0)
            .unwrap_or(DEFAULT_REVEAL_SHARE)
    }

    pub fn prize(&self, id: &str) -> Option<&Prize> {
        self.prizes.iter().find(|prize| prize.id == id)
    }
}

// ---------------------------------------------------------------------------
// The draw
// ---------------------------------------------------------------------------

/// The stock a campaign starts with: each prize's `inventory` (`None`:
/// unlimited), in prize order, as [`draw`] takes it.
pub fn initial_stock(prizes: &[Prize]) -> Vec<Option<u32>> {
    prizes.iter().map(|prize| prize.inventory).collect()
}

/// Draws a prize: the index of the prize won, or `None` when nothing can be
/// drawn (every prize with a weight is out of stock).
///
/// `stock[i]` is how many of `prizes[i]` are left, `None` for unlimited; a prize
/// with no entry counts as out of stock, so a caller that tracks fewer prizes
/// than the config lists never hands out an untracked one. `roll` is a uniform
/// random number from the caller (the server uses the operating system's).
/// It is scaled onto the total weight by a 128-bit multiply rather than a
/// modulo; the bias left is below total weight / 2⁶⁴, far beneath anything a
/// campaign could notice.
///
/// The caller takes the prize out of stock (when limited) in the same
/// transaction as it records the draw.
pub fn draw(prizes: &[Prize], stock: &[Option<u32>], roll: u64) -> Option<usize> {
    let drawable = |index: usize| -> u64 {
        let in_stock = stock.get(index).is_some_and(|left| *left != Some(0));
        match prizes.get(index) {
            Some(prize) if in_stock => u64::from(prize.weight),
            _ => 0,
        }
    };
    // At most u32::MAX per prize: the sum of any realistic list fits in u64.
    let total: u64 = (0..prizes.len()).map(drawable).fold(0, u64::saturating_add);
    if total == 0 {
        return None;
    }
    let mut target = ((u128::from(roll) * u128::from(total)) >> 64) as u64;
    for index in 0..prizes.len() {
        let weight = drawable(index);
        if target < weight {
            return Some(index);
        }
        target -= weight;
    }
    None
}

/// The prize each cell of the grid look shows, clockwise from the top left: the
/// prizes in order, then the blanks again (or, with no blanks, the prizes again)
/// until all 8 cells are filled. Empty when there are no prizes. The grid stops
/// on the first cell showing the prize won.
pub fn grid_cells(prizes: &[Prize]) -> Vec<usize> {
    let blanks: Vec<usize> = (0..prizes.len()).filter(|&i| prizes[i].blank).collect();
    let fillers: Vec<usize> = if blanks.is_empty() {
        (0..prizes.len()).collect()
    } else {
        blanks
    };
    (0..prizes.len().min(GRID_CELLS))
        .chain(fillers.into_iter().cycle())
        .take(GRID_CELLS)
        .collect()
}

// ---------------------------------------------------------------------------
// Chances
// ---------------------------------------------------------------------------

/// What a visitor has drawn and earned so far on one lottery page, as the
/// backend counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrawUsage {
    /// Draws made today (see [`draw_day`]) that spent the daily allowance
    /// ([`ChanceSource::Daily`]).
    pub daily_draws_today: u32,
    /// Every draw made on the page so far, whatever it spent.
    pub draws_total: u32,
    /// Bonus draws earned so far (see [`DrawLimits::bonus_for`]).
    pub bonus_earned: u32,
    /// Draws made so far that spent a bonus draw ([`ChanceSource::Bonus`]).
    pub bonus_draws: u32,
}

/// What a draw spends; the backend records it with the draw so that
/// [`DrawUsage`] can be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChanceSource {
    /// One of today's `per_day` draws (or, without `per_day`, simply a draw
    /// within `total`).
    Daily,
    /// A bonus draw earned earlier.
    Bonus,
}

/// What earns bonus draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BonusSource {
    /// Finishing a quiz that unlocks the page; once per visitor and quiz.
    Quiz,
    /// Sharing the page; at most once a day.
    Share,
}

impl DrawLimits {
    /// Bonus draws a visitor earns from `source`.
    pub fn bonus_for(&self, source: BonusSource) -> u32 {
        match source {
            BonusSource::Quiz => QUIZ_BONUS_DRAWS,
            BonusSource::Share => self.share_bonus,
        }
    }

    fn left(&self, usage: &DrawUsage) -> Left {
        Left {
            total: self
                .total
                .map_or(u32::MAX, |total| total.saturating_sub(usage.draws_total)),
            daily: self.per_day.map_or(u32::MAX, |per_day| {
                per_day.saturating_sub(usage.daily_draws_today)
            }),
            bonus: usage.bonus_earned.saturating_sub(usage.bonus_draws),
        }
    }
}

struct Left {
    total: u32,
    daily: u32,
    bonus: u32,
}

/// The day a draw counts towards for `per_day`, as a number of days since the
/// Unix epoch in China Standard Time (UTC+8, no daylight saving): visitors'
/// days start at midnight Beijing time, whatever the server's time zone.
pub fn draw_day(unix_ms: i64) -> i64 {
    const CHINA_OFFSET_MS: i64 = 8 * 60 * 60 * 1000;
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    unix_ms.saturating_add(CHINA_OFFSET_MS).div_euclid(DAY_MS)
}

/// How many more draws the visitor may make now: today's allowance left plus
/// bonus draws, capped by what `total` leaves. `u32::MAX` when nothing limits
/// it (which [`check_lottery`] does not accept).
pub fn remaining_chances(limits: &DrawLimits, usage: &DrawUsage) -> u32 {
    let left = limits.left(usage);
    left.daily.saturating_add(left.bonus).min(left.total)
}

/// Whether the visitor may draw now and what the draw spends, or why not.
pub fn next_chance(limits: &DrawLimits, usage: &DrawUsage) -> Result<ChanceSource, DrawRefusal> {
    let left = limits.left(usage);
    if left.total == 0 {
        Err(DrawRefusal::TotalLimit)
    } else if left.daily > 0 {
        Ok(ChanceSource::Daily)
    } else if left.bonus > 0 {
        Ok(ChanceSource::Bonus)
    } else if limits.per_day == Some(0) {
        Err(DrawRefusal::NoChances)
    } else {
        Err(DrawRefusal::DailyLimit)
    }
}

/// Why a visitor cannot draw. Serialised as `daily_limit`, `total_limit`,
/// `no_chances` or `prizes_gone`, so backend and page agree on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawRefusal {
    /// Today's allowance is used and no bonus draw is left: come back tomorrow.
    DailyLimit,
    /// The visitor has made as many draws as the campaign allows anyone.
    TotalLimit,
    /// The page gives no daily draws (`per_day: 0`) and the visitor has no
    /// bonus draw left.
    NoChances,
    /// Every prize that could be drawn is gone ([`draw`] returned `None`).
    PrizesGone,
}

impl DrawRefusal {
    /// A short sentence for the visitor.
    pub fn message(&self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match self {
            DrawRefusal::DailyLimit if zh => "今天的抽奖机会已用完，明天再来吧",
            DrawRefusal::DailyLimit => "You have used today's draws: come back tomorrow",
            DrawRefusal::TotalLimit if zh => "你的抽奖机会已全部用完，感谢参与",
            DrawRefusal::TotalLimit => "You have used all your draws. Thanks for taking part",
            DrawRefusal::NoChances if zh => "你还没有抽奖机会",
            DrawRefusal::NoChances => "You have no draws yet",
            DrawRefusal::PrizesGone if zh => "奖品已全部抽完，感谢参与",
            DrawRefusal::PrizesGone => "All the prizes have been won. Thanks for taking part",
        }
    }
}

// ---------------------------------------------------------------------------
// Claim codes
// ---------------------------------------------------------------------------

/// Crockford's base 32: digits and capitals without I, L, O and U, so nothing
/// can be misread (and read aloud over the phone, nothing spells a word).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols in a claim code: 50 random bits.
pub const CLAIM_CODE_SYMBOLS: usize = 10;

/// A winner's claim code from 10 random bytes (5 bits of each are used), as 10
/// Crockford base-32 symbols grouped like `K7Q2-9XMA-3F`.
pub fn claim_code(random: [u8; CLAIM_CODE_SYMBOLS]) -> String {
    grouped(random.map(|byte| CROCKFORD[usize::from(byte & 31)]))
}

/// A claim code as a person typed it, in its canonical form, or `None` when it
/// cannot be one. Accepts lower case, spaces and dashes anywhere (or none),
/// full-width characters from Chinese input methods, `O` for `0` and `I` or `L`
/// for `1`.
pub fn normalise_claim_code(input: &str) -> Option<String> {
    let mut symbols = [0u8; CLAIM_CODE_SYMBOLS];
    let mut count = 0;
    for typed in input.chars() {
        // Full-width forms (`Ａ`, `７`, `－`) are ASCII shifted by 0xFEE0.
        let c = match u32::from(typed) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(typed) - 0xFEE0).unwrap_or(typed),
            _ => typed,
        };
        if c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '_') {
            continue;
        }
        let symbol = match c.to_ascii_uppercase() {
            'O' => b'0',
            'I' | 'L' => b'1',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c as u8,
            _ => return None,
        };
        *symbols.get_mut(count)? = symbol;
        count += 1;
    }
    (count == CLAIM_CODE_SYMBOLS).then(|| grouped(symbols))
}

fn grouped(symbols: [u8; CLAIM_CODE_SYMBOLS]) -> String {
    let mut code = String::with_capacity(CLAIM_CODE_SYMBOLS + 2);
    for (index, symbol) in symbols.into_iter().enumerate() {
        if index == 4 || index == 8 {
            code.push('-');
        }
        code.push(char::from(symbol));
    }
    code
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

/// Every rule of a lottery config the types cannot express, each problem
/// reported (in document order) rather than only the first. Paths are relative
/// to the page, e.g. `prizes[2].weight`.
pub fn check_lottery(page: &LotteryPage) -> Vec<PageIssue> {
    let mut issues = Vec::new();
    let count = page.prizes.len();
    let look = page.look;
    if count < MIN_PRIZES {
        issues.push(
            PageIssue::new(
                "prizes",
                text!(
                    "列出了 {count} 个奖品；抽奖至少需要 {MIN_PRIZES} 个",
                    "lists {count} prize{s}; a draw needs at least {MIN_PRIZES}",
                    s = plural(count)
                ),
            )
            .with_hint(phrase!("可以加一个空奖：`{ \"id\": \"thanks\", \"name\": \"谢谢参与\", \"weight\": 50, \"blank\": true }`", "add a blank: `{ \"id\": \"thanks\", \"name\": \"谢谢参与\", \"weight\": 50, \"blank\": true }`")),
        );
    } else if let Some(max) = look.max_prizes().filter(|max| count > *max) {
        let hint = match look {
            DrawLook::Grid => phrase!(
                "请改用 `\"look\": \"wheel\"`（最多 12 个奖品），或减少奖品",
                "use `\"look\": \"wheel\"` (up to 12 prizes), or list fewer prizes"
            ),
            DrawLook::Wheel | DrawLook::Scratch => phrase!("请减少奖品", "list fewer prizes"),
        };
        issues.push(
            PageIssue::new(
                "prizes",
                text!(
                    "列出了 {count} 个奖品；`{look}` 最多显示 {max} 个",
                    "lists {count} prizes; a `{look}` shows at most {max}",
                    look = look.as_str()
                ),
            )
            .with_hint(hint),
        );
    }
    match (look, page.reveal_at) {
        // Written as the test a good share passes, so that nothing else slips
        // through (a NaN never comes from JSON, but would fail it too). The
        // message does not repeat the value: formatting floats would pull a
        // large formatter into the wasm for one message.
        (DrawLook::Scratch, Some(share)) if !(share > 0.0 && share < 1.0) => issues.push(
            PageIssue::new(
                "reveal_at",
                phrase!(
                    "必须大于 0 且小于 1",
                    "must be more than 0 and less than 1"
                ),
            )
            .with_hint(phrase!(
                "这是刮开多少比例后显示结果，如 `0.5` 表示刮开一半",
                "it is the share of the card scratched off before the result shows, e.g. `0.5` for half"
            )),
        ),
        (DrawLook::Wheel | DrawLook::Grid, Some(_)) => issues.push(
            PageIssue::new(
                "reveal_at",
                text!(
                    "`{look}` 不使用这个字段",
                    "is not used by a `{look}`",
                    look = look.as_str()
                ),
            )
            .with_hint(phrase!(
                "只有刮刮卡（`\"look\": \"scratch\"`）使用它",
                "only a scratch card (`\"look\": \"scratch\"`) uses it"
            )),
        ),
        _ => {}
    }
    if count > 0 {
        if page.prizes.iter().all(|prize| prize.blank) {
            issues.push(
                PageIssue::new(
                    "prizes",
                    phrase!(
                        "所有奖品都是空奖：谁也抽不到东西",
                        "every prize is a blank: nobody could win anything"
                    ),
                )
                .with_hint(phrase!(
                    "请添加一个不带 `\"blank\": true` 的奖品",
                    "add a prize without `\"blank\": true`"
                )),
            );
        }
        if page
            .prizes
            .iter()
            .all(|prize| prize.weight == 0 || prize.inventory == Some(0))
        {
            issues.push(
                PageIssue::new(
                    "prizes",
                    phrase!("没有任何奖品能被抽中", "no prize could ever be drawn"),
                )
                .with_hint(phrase!(
                    "请至少给一个有库存的奖品设置大于 0 的 `weight`",
                    "give at least one prize in stock a `weight` above 0"
                )),
            );
        }
    }
    for index in 0..count {
        check_prize(page, index, &mut issues);
    }

    let limits = &page.limits;
    match (limits.per_day, limits.total) {
        (None, None) => issues.push(
            PageIssue::new(
                "limits",
                phrase!(
                    "必须设置 `per_day`、`total` 或两者",
                    "must set `per_day`, `total` or both"
                ),
            )
            .with_hint(phrase!(
                "不设置的话，访客可以无限次抽奖；如 `{ \"per_day\": 1 }`",
                "without them a visitor could draw without end, e.g. `{ \"per_day\": 1 }`"
            )),
        ),
        (_, Some(0)) => issues.push(PageIssue::new("limits.total", at_least_one()).with_hint(
            phrase!(
                "这是每位访客在整个活动期间最多能抽的次数",
                "it is the most draws a visitor makes over the whole campaign"
            ),
        )),
        (Some(per_day), Some(total)) if per_day > total => issues.push(
            PageIssue::new(
                "limits.per_day",
                text!(
                    "{per_day} 大于 `total`（{total}）",
                    "{per_day} is more than `total` ({total})"
                ),
            )
            .with_hint(phrase!(
                "访客永远用不完每天的次数",
                "a visitor could never use the whole daily allowance"
            )),
        ),
        _ => {}
    }
    if page
        .button_label
        .as_deref()
        .is_some_and(|label| label.trim().is_empty())
    {
        issues.push(PageIssue::new("button_label", must_not_be_empty()));
    }
    issues
}

fn check_prize(page: &LotteryPage, index: usize, issues: &mut Vec<PageIssue>) {
    let Some(prize) = page.prizes.get(index) else {
        return;
    };
    let at = format!("prizes[{index}]");
    if !is_name(&prize.id, MAX_ID_CHARS) {
        issues.push(PageIssue::new(format!("{at}.id"), invalid_id(&prize.id)).with_hint(id_hint()));
    } else if let Some(first) = page.prizes[..index]
        .iter()
        .position(|earlier| earlier.id == prize.id)
    {
        issues.push(
            PageIssue::new(
                format!("{at}.id"),
                id_taken(&prize.id, format_args!("prizes[{first}]")),
            )
            .with_hint(phrase!(
                "奖品 id 不能重复：抽奖记录按奖品 id 保存",
                "prize ids must be unique: draws are stored by prize id"
            )),
        );
    }
    if prize.name.trim().is_empty() {
        issues.push(PageIssue::new(format!("{at}.name"), must_not_be_empty()));
    }
    if let Some(image) = &prize.image {
        if let Some(problem) = image.problem() {
            issues.push(
                PageIssue::new(format!("{at}.image"), bad_url(image, &problem)).with_hint(phrase!(
                    "请用以 `https://` 开头的完整网址，或本站的路径，如 `/images/prize.png`",
                    "use an absolute `https://` URL, or a path such as `/images/prize.png`"
                )),
            );
        }
    }
    if prize.blank {
        if prize.inventory.is_some() {
            issues.push(
                PageIssue::new(format!("{at}.inventory"), not_used_by_blanks()).with_hint(phrase!("空奖永远不会抽完；如果会抽完，它的中奖概率就会悄悄转给真正的奖品", "a blank never runs out; if it could, its share of the odds would silently go to the real prizes")),
            );
        }
        if prize.claim.is_some() {
            issues.push(
                PageIssue::new(format!("{at}.claim"), not_used_by_blanks()).with_hint(phrase!(
                    "空奖什么也没中，没有可领取的东西",
                    "a blank wins nothing, so there is nothing to claim"
                )),
            );
        }
    } else {
        match prize.claim.as_deref() {
            None => issues.push(
                PageIssue::new(
                    format!("{at}.claim"),
                    phrase!("奖品必须填写", "is required for a prize"),
                )
                .with_hint(phrase!("告诉中奖者怎么领奖，如 `添加客服微信 cmb520 并发送兑奖码领取`；“谢谢参与”这类请设置 `\"blank\": true`", "tell winners how to claim it, e.g. `添加客服微信 cmb520 并发送兑奖码领取`; for \"thanks for playing\" set `\"blank\": true`")),
            ),
            Some(claim) if claim.trim().is_empty() => {
                issues.push(PageIssue::new(format!("{at}.claim"), must_not_be_empty()))
            }
            Some(_) => {}
        }
    }
}

fn not_used_by_blanks() -> Phrase {
    phrase!("空奖不使用这个字段", "is not used by blanks")
}
