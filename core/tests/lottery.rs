//! The lottery page kind: over many seeded draws the prizes come out in the
//! proportions of their weights, a prize out of stock is never drawn, the draw
//! limits refuse with the right reason, claim codes survive being typed back,
//! and the checker reports every config mistake at its path.

use campaign_core::config::{Locale, LotteryPage, Page};
use campaign_core::lottery::{
    BonusSource, ChanceSource, DEFAULT_REVEAL_SHARE, DrawLimits, DrawLook, DrawRefusal, DrawUsage,
    GRID_CELLS, Prize, check_lottery, claim_code, draw, draw_day, grid_cells, initial_stock,
    next_chance, normalise_claim_code, remaining_chances,
};
use campaign_core::parse_campaign;
use serde_json::{Value, json};

/// splitmix64 (Steele, Lea and Flood, 2014): a tiny, well-mixed generator, so
/// the draws below are the same on every run and every machine.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn prize(id: &str, weight: u32, inventory: Option<u32>) -> Prize {
    Prize {
        id: id.to_owned(),
        name: id.to_owned(),
        image: None,
        weight,
        inventory,
        blank: false,
        claim: Some("联系客服领取".to_owned()),
    }
}

fn prizes_with_weights(weights: &[u32]) -> Vec<Prize> {
    weights
        .iter()
        .enumerate()
        .map(|(index, weight)| prize(&format!("p{index}"), *weight, None))
        .collect()
}

/// How often each prize comes out in `draws` draws from fixed stock.
fn counts(prizes: &[Prize], stock: &[Option<u32>], draws: usize, seed: u64) -> Vec<u64> {
    let mut rng = SplitMix64(seed);
    let mut counts = vec![0u64; prizes.len()];
    for _ in 0..draws {
        let index = draw(prizes, stock, rng.next()).expect("something to draw");
        counts[index] += 1;
    }
    counts
}

/// Pearson's chi-square statistic of observed counts against expected ones.
fn chi_square(observed: &[u64], expected: &[f64]) -> f64 {
    observed
        .iter()
        .zip(expected)
        .map(|(&observed, &expected)| (observed as f64 - expected).powi(2) / expected)
        .sum()
}

fn expected(weights: &[u32], draws: usize) -> Vec<f64> {
    let total: u32 = weights.iter().sum();
    weights
        .iter()
        .map(|&weight| draws as f64 * f64::from(weight) / f64::from(total))
        .collect()
}

/// The chi-square distribution's 99.9th percentile for 4 degrees of freedom
/// (five prizes, less one): a correct draw exceeds it once in 1,000 seeds.
/// From any table of the distribution, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4.
const CHI_SQUARE_4_DF_P001: f64 = 18.467;
/// The same for 3 degrees of freedom (four prizes in stock).
const CHI_SQUARE_3_DF_P001: f64 = 16.266;

const DRAWS: usize = 100_000;

// ---------------------------------------------------------------------------
// The draw
// ---------------------------------------------------------------------------

#[test]
fn frequencies_match_the_weights() {
    let weights = [1, 5, 10, 50, 34];
    let prizes = prizes_with_weights(&weights);
    let stock = initial_stock(&prizes);
    let observed = counts(&prizes, &stock, DRAWS, 520);
    let statistic = chi_square(&observed, &expected(&weights, DRAWS));
    assert!(
        statistic < CHI_SQUARE_4_DF_P001,
        "chi-square {statistic:.2} with counts {observed:?}"
    );
    // The test has teeth: the same counts fail against slightly other odds.
    let skewed = chi_square(&observed, &expected(&[2, 5, 10, 50, 33], DRAWS));
    assert!(skewed > CHI_SQUARE_4_DF_P001, "chi-square {skewed:.2}");
}

#[test]
fn a_prize_out_of_stock_is_never_drawn_and_its_share_goes_to_the_others() {
    let weights = [1, 5, 10, 50, 34];
    let prizes = prizes_with_weights(&weights);
    // The heaviest prize is gone; the rest are unlimited or plentiful.
    let stock = [None, Some(1_000_000), None, Some(0), None];
    let observed = counts(&prizes, &stock, DRAWS, 1314);
    assert_eq!(observed[3], 0, "{observed:?}");
    let in_stock = [0, 1, 2, 4];
    let statistic = chi_square(
        &in_stock.map(|index| observed[index]),
        &expected(&in_stock.map(|index| weights[index]), DRAWS),
    );
    assert!(
        statistic < CHI_SQUARE_3_DF_P001,
        "chi-square {statistic:.2} with counts {observed:?}"
    );
}

#[test]
fn taking_prizes_out_of_stock_stops_at_exactly_the_inventory() {
    let mut prizes = vec![prize("phone", 90, Some(7)), prize("vip", 9, Some(30))];
    prizes.push(Prize {
        blank: true,
        claim: None,
        ..prize("thanks", 1, None)
    });
    let mut stock = initial_stock(&prizes);
    assert_eq!(stock, [Some(7), Some(30), None]);
    let mut rng = SplitMix64(7);
    let mut won = [0u32; 3];
    for _ in 0..10_000 {
        let index = draw(&prizes, &stock, rng.next()).expect("the blank never runs out");
        won[index] += 1;
        // What the server does in the transaction that records the draw.
        if let Some(left) = &mut stock[index] {
            *left -= 1;
        }
    }
    assert_eq!(won[..2], [7, 30], "every prize handed out, none twice");
    assert_eq!(stock, [Some(0), Some(0), None]);
    assert_eq!(won[2], 10_000 - 37);
}

#[test]
fn a_weight_of_zero_is_never_drawn() {
    let prizes = prizes_with_weights(&[0, 3, 0, 1]);
    let stock = initial_stock(&prizes);
    let observed = counts(&prizes, &stock, 20_000, 99);
    assert_eq!((observed[0], observed[2]), (0, 0), "{observed:?}");
    assert!(observed[1] > observed[3]);
    // The extremes of the roll land on the first and last drawable prizes.
    assert_eq!(draw(&prizes, &stock, 0), Some(1));
    assert_eq!(draw(&prizes, &stock, u64::MAX), Some(3));
}

#[test]
fn nothing_is_drawn_when_everything_is_gone() {
    let prizes = prizes_with_weights(&[5, 0, 3]);
    assert_eq!(draw(&prizes, &[Some(0), None, Some(0)], 12345), None);
    assert_eq!(draw(&prizes, &[Some(0), None, Some(1)], 12345), Some(2));
    assert_eq!(draw(&[], &[], 12345), None);
    // A prize the caller does not track counts as gone.
    assert_eq!(draw(&prizes, &[Some(0)], 12345), None);
    assert_eq!(draw(&prizes, &[], u64::MAX), None);
}

#[test]
fn the_grid_fills_its_cells_with_blanks() {
    let mut prizes = prizes_with_weights(&[1, 1, 1]);
    prizes.push(Prize {
        blank: true,
        ..prize("thanks", 10, None)
    });
    prizes.push(Prize {
        blank: true,
        ..prize("again", 10, None)
    });
    assert_eq!(grid_cells(&prizes), [0, 1, 2, 3, 4, 3, 4, 3]);
    let no_blanks = prizes_with_weights(&[1, 1, 1]);
    assert_eq!(grid_cells(&no_blanks), [0, 1, 2, 0, 1, 2, 0, 1]);
    let full = prizes_with_weights(&[1; GRID_CELLS]);
    assert_eq!(grid_cells(&full), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert!(grid_cells(&[]).is_empty());
}

// ---------------------------------------------------------------------------
// Chances
// ---------------------------------------------------------------------------

fn usage(daily_today: u32, total: u32, bonus_earned: u32, bonus_draws: u32) -> DrawUsage {
    DrawUsage {
        daily_draws_today: daily_today,
        draws_total: total,
        bonus_earned,
        bonus_draws,
    }
}

#[test]
fn the_daily_allowance_is_spent_before_bonus_draws() {
    let limits = DrawLimits {
        per_day: Some(1),
        total: Some(5),
        share_bonus: 1,
    };
    let fresh = usage(0, 0, 1, 0);
    assert_eq!(remaining_chances(&limits, &fresh), 2);
    assert_eq!(next_chance(&limits, &fresh), Ok(ChanceSource::Daily));
    let after_daily = usage(1, 1, 1, 0);
    assert_eq!(remaining_chances(&limits, &after_daily), 1);
    assert_eq!(next_chance(&limits, &after_daily), Ok(ChanceSource::Bonus));
    let after_bonus = usage(1, 2, 1, 1);
    assert_eq!(remaining_chances(&limits, &after_bonus), 0);
    assert_eq!(
        next_chance(&limits, &after_bonus),
        Err(DrawRefusal::DailyLimit)
    );
    // The next day: a new allowance, the bonus stays spent.
    let next_day = usage(0, 2, 1, 1);
    assert_eq!(next_chance(&limits, &next_day), Ok(ChanceSource::Daily));
    // Unused bonus draws carry over to later days.
    let saved = usage(0, 1, 3, 0);
    assert_eq!(remaining_chances(&limits, &saved), 4);
}

#[test]
fn the_total_caps_every_draw_bonus_included() {
    let limits = DrawLimits {
        per_day: Some(2),
        total: Some(3),
        share_bonus: 1,
    };
    let almost = usage(0, 2, 5, 0);
    assert_eq!(remaining_chances(&limits, &almost), 1, "capped by total");
    let done = usage(0, 3, 5, 1);
    assert_eq!(remaining_chances(&limits, &done), 0);
    assert_eq!(next_chance(&limits, &done), Err(DrawRefusal::TotalLimit));

    let total_only = DrawLimits {
        per_day: None,
        total: Some(3),
        share_bonus: 0,
    };
    assert_eq!(
        next_chance(&total_only, &usage(2, 2, 0, 0)),
        Ok(ChanceSource::Daily)
    );
    assert_eq!(remaining_chances(&total_only, &usage(2, 2, 0, 0)), 1);
    assert_eq!(
        next_chance(&total_only, &usage(3, 3, 0, 0)),
        Err(DrawRefusal::TotalLimit)
    );
}

#[test]
fn a_bonus_only_page_refuses_with_no_chances() {
    let limits = DrawLimits {
        per_day: Some(0),
        total: None,
        share_bonus: 0,
    };
    assert_eq!(
        next_chance(&limits, &DrawUsage::default()),
        Err(DrawRefusal::NoChances)
    );
    let after_quiz = usage(0, 0, limits.bonus_for(BonusSource::Quiz), 0);
    assert_eq!(remaining_chances(&limits, &after_quiz), 1);
    assert_eq!(next_chance(&limits, &after_quiz), Ok(ChanceSource::Bonus));
    assert_eq!(limits.bonus_for(BonusSource::Share), 0);
}

#[test]
fn draw_days_start_at_midnight_in_beijing() {
    // 2026-05-19T16:00:00Z is 2026-05-20T00:00:00+08:00.
    let midnight_520 = 1_779_206_400_000;
    assert_eq!(draw_day(midnight_520), draw_day(midnight_520 + 86_399_999));
    assert_eq!(draw_day(midnight_520) - 1, draw_day(midnight_520 - 1));
    assert_eq!(draw_day(midnight_520), 20_593);
    assert_eq!(draw_day(-1), 0, "1970-01-01T07:59:59.999+08:00");
    assert!(
        draw_day(i64::MAX) > 0 && draw_day(i64::MIN) < 0,
        "no overflow"
    );
}

#[test]
fn refusals_read_well_in_both_languages_and_on_the_wire() {
    for refusal in [
        DrawRefusal::DailyLimit,
        DrawRefusal::TotalLimit,
        DrawRefusal::NoChances,
        DrawRefusal::PrizesGone,
    ] {
        assert!(!refusal.message(Locale::ZhCn).is_ascii());
        assert!(refusal.message(Locale::En).is_ascii());
    }
    assert_eq!(
        DrawRefusal::DailyLimit.message(Locale::ZhCn),
        "今天的抽奖机会已用完，明天再来吧"
    );
    assert_eq!(
        serde_json::to_value(DrawRefusal::PrizesGone).unwrap(),
        json!("prizes_gone")
    );
}

// ---------------------------------------------------------------------------
// Claim codes
// ---------------------------------------------------------------------------

#[test]
fn claim_codes_are_grouped_crockford_base32() {
    assert_eq!(claim_code([0; 10]), "0000-0000-00");
    assert_eq!(claim_code([31; 10]), "ZZZZ-ZZZZ-ZZ");
    assert_eq!(claim_code([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), "0123-4567-89");
    // Only the low 5 bits count; 18 is `J` (I is skipped).
    assert_eq!(
        claim_code([10, 17, 18, 19, 20, 21, 22, 27, 28 + 32, 255]),
        "AHJK-MNPV-WZ"
    );
    let mut rng = SplitMix64(42);
    for _ in 0..1000 {
        let code = claim_code(rng.next().to_le_bytes().repeat(2)[..10].try_into().unwrap());
        assert_eq!(code.len(), 12);
        assert!(
            !code.contains(['I', 'L', 'O', 'U']),
            "{code} has an ambiguous letter"
        );
        assert_eq!(normalise_claim_code(&code).as_deref(), Some(code.as_str()));
    }
}

#[test]
fn typed_claim_codes_are_normalised() {
    let canonical = Some("K7Q2-9XMA-3F".to_owned());
    for typed in [
        "K7Q2-9XMA-3F",
        "k7q2-9xma-3f",
        "k7q29xma3f",
        " K7Q2 9XMA 3F ",
        "K7Q2—9XMA—3F",
        "Ｋ７Ｑ２－９ＸＭＡ－３Ｆ",
        "K7Q2\u{3000}9XMA\u{3000}3F",
    ] {
        assert_eq!(normalise_claim_code(typed), canonical, "{typed:?}");
    }
    assert_eq!(
        normalise_claim_code("o1li-0000-00").as_deref(),
        Some("0111-0000-00"),
        "O reads as 0, I and L as 1"
    );
    for wrong in [
        "",
        "K7Q2-9XMA-3",
        "K7Q2-9XMA-3FF",
        "K7Q2-9XMA-3U",
        "K7Q2-9XMA-3!",
        "K7Q2-9XMA-3é",
        "兑奖码K7Q29XMA3F",
    ] {
        assert_eq!(normalise_claim_code(wrong), None, "{wrong:?}");
    }
}

// ---------------------------------------------------------------------------
// Config checker
// ---------------------------------------------------------------------------

fn lottery(fields: Value) -> LotteryPage {
    let mut page = json!({ "id": "test-draw", "title": "测试抽奖", "limits": { "per_day": 1 } });
    if let (Some(page), Some(fields)) = (page.as_object_mut(), fields.as_object()) {
        page.extend(fields.clone());
    }
    serde_json::from_value(page).expect("test lottery has the right shape")
}

fn issues(page: &LotteryPage) -> Vec<(String, String)> {
    check_lottery(page)
        .into_iter()
        .map(|issue| (issue.path.clone(), issue.message(Locale::En).to_owned()))
        .collect()
}

fn lottery_page() -> Value {
    json!({
        "id": "draw-520",
        "kind": "lottery",
        "title": "520 视频会员大抽奖",
        "description": "腾讯视频、爱奇艺、优酷 VIP 月卡等你来拿，每天 1 次机会。",
        "look": "grid",
        "prizes": [
            { "id": "tencent-vip", "name": "腾讯视频 VIP 月卡", "image": "/images/draw/tencent.png",
              "weight": 2, "inventory": 100, "claim": "添加客服微信 cmb520 并发送兑奖码领取" },
            { "id": "iqiyi-vip", "name": "爱奇艺 VIP 月卡", "weight": 2, "inventory": 100,
              "claim": "添加客服微信 cmb520 并发送兑奖码领取" },
            { "id": "youku-vip", "name": "优酷 VIP 月卡", "weight": 2, "inventory": 100,
              "claim": "添加客服微信 cmb520 并发送兑奖码领取" },
            { "id": "points", "name": "520 积分", "weight": 20,
              "claim": "积分将在 3 个工作日内发放到你的账户" },
            { "id": "thanks", "name": "谢谢参与", "weight": 74, "blank": true }
        ],
        "limits": { "per_day": 1, "total": 7, "share_bonus": 1 },
        "button_label": "立即抽奖"
    })
}

#[test]
fn a_good_lottery_has_no_issues() {
    let mut fields = lottery_page();
    fields.as_object_mut().map(|fields| fields.remove("kind"));
    let page: LotteryPage = serde_json::from_value(fields).expect("shape");
    assert_eq!(issues(&page), []);
    assert_eq!(page.look, DrawLook::Grid);
    assert_eq!(page.limits.share_bonus, 1);
    assert_eq!(page.prize("thanks").map(|prize| prize.blank), Some(true));
}

#[test]
fn prize_mistakes_are_reported_at_their_paths() {
    let page = lottery(json!({
        "prizes": [
            { "id": "VIP", "name": " ", "weight": 1, "image": "images/vip.png" },
            { "id": "thanks", "name": "谢谢参与", "weight": 5, "blank": true,
              "inventory": 10, "claim": "无" },
            { "id": "thanks", "name": "再接再厉", "weight": 5, "claim": " " }
        ],
        "button_label": ""
    }));
    let found = issues(&page);
    let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "prizes[0].id",
            "prizes[0].name",
            "prizes[0].image",
            "prizes[0].claim",
            "prizes[1].inventory",
            "prizes[1].claim",
            "prizes[2].id",
            "prizes[2].claim",
            "button_label",
        ],
        "{found:#?}"
    );
    assert_eq!(found[3].1, "is required for a prize");
    assert_eq!(found[4].1, "is not used by blanks");
    assert_eq!(found[6].1, "`thanks` is already the id of prizes[1]");
}

#[test]
fn each_look_has_its_number_of_prizes() {
    let many: Vec<Value> = (0..9)
        .map(|index| json!({ "id": format!("p{index}"), "name": "奖", "weight": 1, "claim": "领" }))
        .collect();
    let grid = lottery(json!({ "look": "grid", "prizes": many }));
    let found = issues(&grid);
    assert_eq!(
        found,
        [(
            "prizes".to_owned(),
            "lists 9 prizes; a `grid` shows at most 8".to_owned()
        )]
    );
    let wheel = lottery(json!({ "prizes": many }));
    assert_eq!(issues(&wheel), []);
    let crowded: Vec<Value> = (0..13)
        .map(|index| json!({ "id": format!("p{index}"), "name": "奖", "weight": 1, "claim": "领" }))
        .collect();
    assert_eq!(
        issues(&lottery(json!({ "prizes": crowded })))[0].1,
        "lists 13 prizes; a `wheel` shows at most 12"
    );
    let lonely =
        lottery(json!({ "prizes": [{ "id": "a", "name": "A", "weight": 1, "claim": "领" }] }));
    assert_eq!(
        issues(&lonely)[0].1,
        "lists 1 prize; a draw needs at least 2"
    );
}

#[test]
fn a_scratch_card_reveals_at_a_share_strictly_between_0_and_1() {
    let prizes = lottery_page()["prizes"].clone();
    let card = lottery(json!({ "look": "scratch", "prizes": prizes, "reveal_at": 0.6 }));
    assert_eq!(card.look, DrawLook::Scratch);
    assert_eq!(card.look.as_str(), "scratch");
    assert_eq!(issues(&card), []);
    assert_eq!(card.reveal_share(), 0.6);
    let half = lottery(json!({ "look": "scratch", "prizes": prizes }));
    assert_eq!(half.reveal_share(), DEFAULT_REVEAL_SHARE);
    assert_eq!(DEFAULT_REVEAL_SHARE, 0.5);
    for share in [0.0, 1.0, 1.5, -0.2] {
        let card = lottery(json!({ "look": "scratch", "prizes": prizes, "reveal_at": share }));
        assert_eq!(
            issues(&card),
            [(
                "reveal_at".to_owned(),
                "must be more than 0 and less than 1".to_owned()
            )],
            "{share}"
        );
        assert_eq!(
            card.reveal_share(),
            DEFAULT_REVEAL_SHARE,
            "a card always reveals"
        );
    }
    let wheel = lottery(json!({ "prizes": prizes, "reveal_at": 0.5 }));
    let found = check_lottery(&wheel);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "reveal_at");
    assert_eq!(found[0].message(Locale::En), "is not used by a `wheel`");
    assert_eq!(found[0].message(Locale::ZhCn), "`wheel` 不使用这个字段");
    assert_eq!(
        found[0].hint(Locale::ZhCn),
        Some("只有刮刮卡（`\"look\": \"scratch\"`）使用它")
    );
    // A card shows only the prize drawn, so it takes any number of prizes.
    let many: Vec<Value> = (0..20)
        .map(|index| json!({ "id": format!("p{index}"), "name": "奖", "weight": 1, "claim": "领" }))
        .collect();
    assert_eq!(
        issues(&lottery(json!({ "look": "scratch", "prizes": many }))),
        []
    );
    assert_eq!(DrawLook::Scratch.max_prizes(), None);
    assert_eq!(DrawLook::Grid.max_prizes(), Some(GRID_CELLS));
}

#[test]
fn a_draw_must_have_something_to_win_and_to_draw() {
    let blanks = lottery(json!({ "prizes": [
        { "id": "a", "name": "谢谢参与", "weight": 1, "blank": true },
        { "id": "b", "name": "再接再厉", "weight": 1, "blank": true }
    ]}));
    assert_eq!(
        issues(&blanks),
        [(
            "prizes".to_owned(),
            "every prize is a blank: nobody could win anything".to_owned()
        )]
    );
    let stuck = lottery(json!({ "prizes": [
        { "id": "a", "name": "A", "weight": 0, "claim": "领" },
        { "id": "b", "name": "B", "weight": 5, "inventory": 0, "claim": "领" }
    ]}));
    assert_eq!(
        issues(&stuck),
        [(
            "prizes".to_owned(),
            "no prize could ever be drawn".to_owned()
        )]
    );
}

#[test]
fn limits_must_bound_the_draws() {
    let prizes = lottery_page()["prizes"].clone();
    let unbounded = lottery(json!({ "prizes": prizes, "limits": { "share_bonus": 1 } }));
    assert_eq!(
        issues(&unbounded),
        [(
            "limits".to_owned(),
            "must set `per_day`, `total` or both".to_owned()
        )]
    );
    let zero = lottery(json!({ "prizes": prizes, "limits": { "per_day": 1, "total": 0 } }));
    assert_eq!(
        issues(&zero),
        [("limits.total".to_owned(), "must be at least 1".to_owned())]
    );
    let upside_down = lottery(json!({ "prizes": prizes, "limits": { "per_day": 3, "total": 2 } }));
    assert_eq!(
        issues(&upside_down),
        [(
            "limits.per_day".to_owned(),
            "3 is more than `total` (2)".to_owned()
        )]
    );
    let bonus_only = lottery(json!({ "prizes": prizes, "limits": { "per_day": 0 } }));
    assert_eq!(issues(&bonus_only), []);
}

// ---------------------------------------------------------------------------
// Through the campaign validator
// ---------------------------------------------------------------------------

fn campaign(pages: Value) -> String {
    json!({
        "schema": 1,
        "id": "draw-test",
        "title": "抽奖测试",
        "pages": pages,
    })
    .to_string()
}

#[test]
fn a_valid_lottery_reads_and_survives_a_round_trip() {
    let parsed = parse_campaign(&campaign(json!([lottery_page()])))
        .unwrap_or_else(|errors| panic!("{errors}"));
    let Some(Page::Lottery(page)) = parsed.page("draw-520") else {
        panic!("the lottery page is read as a lottery");
    };
    assert_eq!(page.prizes.len(), 5);
    assert_eq!(page.limits.per_day, Some(1));
    let inlined = serde_json::to_string(&parsed).expect("serialises");
    assert!(!inlined.contains("null"), "absent fields are left out");
    assert_eq!(parse_campaign(&inlined), Ok(parsed));
}

#[test]
fn the_validator_reports_lottery_mistakes_at_their_paths() {
    let mut page = lottery_page();
    page["prizes"][0]["wieght"] = json!(3);
    page["prizes"][1]["inventory"] = json!(-1);
    page["prizes"][2]["inventory"] = json!("many");
    page["look"] = json!("九宫格");
    page["limits"]["totl"] = json!(3);
    let mut second = lottery_page();
    second["id"] = json!("draw-2");
    second["prizes"][4]["claim"] = json!("没有奖品");
    second["prizes"][3]["id"] = json!("tencent-vip");
    let errors = parse_campaign(&campaign(json!([page, second]))).expect_err("broken");
    let mut found: Vec<(&str, Option<&str>)> = errors
        .0
        .iter()
        .map(|d| (d.path.as_str(), d.hint(Locale::En)))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("pages[0].limits.totl", Some("did you mean `total`?")),
            (
                "pages[0].look",
                Some("expected one of `wheel`, `grid`, `scratch`")
            ),
            ("pages[0].prizes[0].wieght", Some("did you mean `weight`?")),
            ("pages[0].prizes[1].inventory", None),
            ("pages[0].prizes[2].inventory", None),
            (
                "pages[1].prizes[3].id",
                Some("prize ids must be unique: draws are stored by prize id")
            ),
            (
                "pages[1].prizes[4].claim",
                Some("a blank wins nothing, so there is nothing to claim")
            ),
        ],
        "{errors}"
    );
}
