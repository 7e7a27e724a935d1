//! The referral page kind: the reward ladder, invite codes, the attribution rules
//! the server applies, the share link, and the config checker.

use campaign_core::config::{Locale, Page, ReferralPage};
use campaign_core::poster::{Layer, fill_placeholders};
use campaign_core::referral::{
    Attribution, BurstPolicy, DEFAULT_SHARE_URL, InviteGoal, LadderState, RewardTier, TierMode,
    check_referral, invite_code, judge_attribution, ladder, next_tier_message,
    normalise_invite_code, poster_values, share_url, tier_line,
};
use campaign_core::{Diagnostic, parse_campaign};
use serde_json::{Value, json};

fn tiers(steps: &[(u32, &str)]) -> Vec<RewardTier> {
    steps
        .iter()
        .map(|(invites, reward)| RewardTier {
            invites: *invites,
            reward: (*reward).to_owned(),
        })
        .collect()
}

/// The demo's ladder: 1, 3 and 5 friends.
fn cmb_tiers() -> Vec<RewardTier> {
    tiers(&[(1, "200 积分"), (3, "10 元立减金"), (5, "视频会员月卡")])
}

fn state(unlocked: &[usize], earned: &[usize], next: Option<(usize, u32)>) -> LadderState {
    LadderState {
        unlocked: unlocked.to_vec(),
        earned: earned.to_vec(),
        next,
    }
}

/// A valid referral page; tests break one part of it at a time.
fn referral_page() -> Value {
    json!({
        "id": "invite",
        "kind": "referral",
        "title": "邀请好友 · 阶梯好礼",
        "poster": {
            "width": 750,
            "height": 1334,
            "background": "#c8102e",
            "background_image": "/images/poster-invite.png",
            "layers": [
                { "type": "image", "src": "/images/logo.svg", "x": 40, "y": 40, "width": 200, "height": 60 },
                { "type": "text", "text": "{nickname} 邀请你加入招行同城社群", "x": 375, "y": 180,
                  "max_width": 640, "font_size": 40, "weight": "bold", "color": "#ffffff",
                  "align": "center", "max_lines": 2 },
                { "type": "text", "text": "{rewards}", "x": 60, "y": 760, "max_width": 630,
                  "font_size": 28, "color": "#fff7e6", "line_height": 44, "max_lines": 5 },
                { "type": "qr", "x": 255, "y": 1000, "size": 240 },
                { "type": "text", "text": "邀请码 {code}", "x": 375, "y": 1260, "max_width": 400,
                  "font_size": 24, "color": "#ffffff", "align": "center" }
            ]
        },
        "tiers": [
            { "invites": 1, "reward": "200 积分" },
            { "invites": 3, "reward": "10 元立减金" },
            { "invites": 5, "reward": "视频会员月卡" }
        ],
        "tier_mode": "cumulative",
        "goal": { "page": "member-survey" },
        "landing": "/p/member-survey",
        "rules": "活动时间：2026 年 5 月 1 日至 5 月 31 日。\n同一好友只计一次，好友须为首次参与活动的新用户。"
    })
}

fn campaign(pages: Value) -> String {
    json!({
        "schema": 1,
        "id": "referral-test",
        "title": "邀请有礼",
        "pages": pages,
    })
    .to_string()
}

fn problems(pages: Value) -> Vec<Diagnostic> {
    match parse_campaign(&campaign(pages)) {
        Ok(_) => panic!("config was accepted"),
        Err(errors) => errors.0,
    }
}

fn paths(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.path.as_str()).collect()
}

fn read_page(page: Value) -> ReferralPage {
    let campaign =
        parse_campaign(&campaign(json!([page]))).unwrap_or_else(|errors| panic!("{errors}"));
    match campaign.pages.into_iter().next() {
        Some(Page::Referral(page)) => page,
        other => panic!("not a referral page: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Reward ladder
// ---------------------------------------------------------------------------

#[test]
fn zero_invites_unlock_nothing() {
    for mode in [TierMode::Cumulative, TierMode::Highest] {
        assert_eq!(ladder(&cmb_tiers(), mode, 0), state(&[], &[], Some((0, 1))));
    }
}

#[test]
fn cumulative_ladder_earns_every_unlocked_tier() {
    let tiers = cmb_tiers();
    let at = |invites| ladder(&tiers, TierMode::Cumulative, invites);
    // Exactly at a threshold the tier is unlocked; one below it is not.
    assert_eq!(at(1), state(&[0], &[0], Some((1, 2))));
    assert_eq!(at(2), state(&[0], &[0], Some((1, 1))));
    assert_eq!(at(3), state(&[0, 1], &[0, 1], Some((2, 2))));
    assert_eq!(at(4), state(&[0, 1], &[0, 1], Some((2, 1))));
    assert_eq!(at(5), state(&[0, 1, 2], &[0, 1, 2], None));
}

#[test]
fn highest_only_ladder_earns_the_top_unlocked_tier() {
    let tiers = cmb_tiers();
    let at = |invites| ladder(&tiers, TierMode::Highest, invites);
    assert_eq!(at(1), state(&[0], &[0], Some((1, 2))));
    assert_eq!(at(3), state(&[0, 1], &[1], Some((2, 2))));
    assert_eq!(at(4), state(&[0, 1], &[1], Some((2, 1))));
    assert_eq!(at(5), state(&[0, 1, 2], &[2], None));
}

#[test]
fn invites_beyond_the_last_tier_keep_everything_and_need_nothing() {
    let tiers = cmb_tiers();
    assert_eq!(
        ladder(&tiers, TierMode::Cumulative, 250),
        state(&[0, 1, 2], &[0, 1, 2], None)
    );
    assert_eq!(
        ladder(&tiers, TierMode::Highest, u32::MAX),
        state(&[0, 1, 2], &[2], None)
    );
}

#[test]
fn ladder_copes_with_no_tiers_and_unsorted_tiers() {
    assert_eq!(ladder(&[], TierMode::Cumulative, 3), LadderState::default());
    // The checker refuses unsorted tiers; the ladder still reads them by threshold.
    let unsorted = tiers(&[(5, "C"), (1, "A"), (3, "B")]);
    assert_eq!(
        ladder(&unsorted, TierMode::Cumulative, 3),
        state(&[1, 2], &[1, 2], Some((0, 2)))
    );
    assert_eq!(
        ladder(&unsorted, TierMode::Highest, 3),
        state(&[1, 2], &[2], Some((0, 2)))
    );
}

#[test]
fn the_page_says_how_many_more_friends_unlock_what() {
    let tiers = cmb_tiers();
    let message = |invites, locale| {
        next_tier_message(
            &tiers,
            &ladder(&tiers, TierMode::Cumulative, invites),
            locale,
        )
    };
    assert_eq!(
        message(1, Locale::ZhCn).as_deref(),
        Some("再邀请 2 位好友，即可解锁「10 元立减金」")
    );
    assert_eq!(
        message(0, Locale::En).as_deref(),
        Some("Invite 1 more friend to unlock 200 积分")
    );
    assert_eq!(
        message(3, Locale::En).as_deref(),
        Some("Invite 2 more friends to unlock 视频会员月卡")
    );
    assert_eq!(message(5, Locale::ZhCn), None);
    assert_eq!(
        tier_line(&tiers[1], Locale::ZhCn),
        "邀请 3 位好友：10 元立减金"
    );
    assert_eq!(
        tier_line(&tiers[0], Locale::En),
        "Invite 1 friend: 200 积分"
    );
}

#[test]
fn poster_values_fill_the_referral_poster() {
    let page = read_page(referral_page());
    let values = poster_values(
        &page,
        Locale::ZhCn,
        "小招",
        "7Q3M0K2D",
        "https://h5.example.com/?ref=7Q3M0K2D",
        1,
    );
    let borrowed: Vec<(&str, &str)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let fill = |text| fill_placeholders(text, &borrowed);
    assert_eq!(
        fill("{nickname} 邀请你，邀请码 {code}"),
        "小招 邀请你，邀请码 7Q3M0K2D"
    );
    assert_eq!(
        fill("已邀 {invites} 人，再邀 {needed} 人得{next_reward}"),
        "已邀 1 人，再邀 2 人得10 元立减金"
    );
    assert_eq!(
        fill("{rewards}"),
        "邀请 1 位好友：200 积分\n邀请 3 位好友：10 元立减金\n邀请 5 位好友：视频会员月卡"
    );
    let done = poster_values(&page, Locale::ZhCn, "小招", "7Q3M0K2D", "", 5);
    assert!(done.contains(&("needed", String::new())));
    assert!(done.contains(&("next_reward", String::new())));
}

// ---------------------------------------------------------------------------
// Invite codes
// ---------------------------------------------------------------------------

#[test]
fn invite_codes_are_eight_crockford_characters() {
    assert_eq!(invite_code([0; 5]), "00000000");
    assert_eq!(invite_code([0xff; 5]), "ZZZZZZZZ");
    assert_eq!(invite_code([0, 0, 0, 0, 31]), "0000000Z");
    assert_eq!(invite_code([0x80, 0, 0, 0, 0]), "G0000000");
    for bytes in [
        [1, 2, 3, 4, 5],
        [0xde, 0xad, 0xbe, 0xef, 0x42],
        [9, 0, 0xff, 17, 200],
    ] {
        let code = invite_code(bytes);
        assert_eq!(code.len(), 8);
        assert!(
            code.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                && !code.contains(['I', 'L', 'O', 'U']),
            "{code}"
        );
        assert_eq!(
            normalise_invite_code(&code),
            Some(code.clone()),
            "round trip"
        );
    }
    assert_ne!(invite_code([1, 2, 3, 4, 5]), invite_code([1, 2, 3, 4, 6]));
}

#[test]
fn typed_codes_are_normalised() {
    let normal = |input: &str| normalise_invite_code(input);
    assert_eq!(normal("7q3m0k2d").as_deref(), Some("7Q3M0K2D"));
    assert_eq!(normal("7Q3M-0K2D").as_deref(), Some("7Q3M0K2D"));
    assert_eq!(normal(" 7Q3M 0K2D ").as_deref(), Some("7Q3M0K2D"));
    // Letters that look like digits read as those digits.
    assert_eq!(normal("OoIiLl23").as_deref(), Some("00111123"));
    // Wrong length, `U`, other characters and full-width letters are refused.
    for bad in [
        "",
        "7Q3M0K2",
        "7Q3M0K2D9",
        "7Q3M0K2U",
        "7Q3M0K2!",
        "７Q3M0K2D",
        "7Q3M_0K2D",
    ] {
        assert_eq!(normal(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------

#[test]
fn a_new_friend_is_counted() {
    let verdict = judge_attribution(Some("visitor-alice"), "visitor-bob", false, false);
    assert_eq!(verdict, Attribution::Counted);
    assert!(verdict.counts());
}

#[test]
fn opening_your_own_link_is_not_an_invitation() {
    assert_eq!(
        judge_attribution(Some("visitor-alice"), "visitor-alice", false, false),
        Attribution::SelfInvite
    );
    // Even when the backend knew the visitor, it is their own code that matters.
    assert_eq!(
        judge_attribution(Some("visitor-alice"), "visitor-alice", true, true),
        Attribution::SelfInvite
    );
    assert!(!Attribution::SelfInvite.counts());
}

#[test]
fn repeat_visits_count_once() {
    // First visit through Alice's link: a new friend.
    assert_eq!(
        judge_attribution(Some("visitor-alice"), "visitor-bob", false, false),
        Attribution::Counted
    );
    // Bob comes back through the same link: now known and already attributed.
    assert_eq!(
        judge_attribution(Some("visitor-alice"), "visitor-bob", true, true),
        Attribution::AlreadyAttributed
    );
    // Bob then opens Carol's link: the first invitation keeps the credit.
    assert_eq!(
        judge_attribution(Some("visitor-carol"), "visitor-bob", true, true),
        Attribution::AlreadyAttributed
    );
}

#[test]
fn a_visitor_known_before_the_invitation_is_not_a_new_friend() {
    let verdict = judge_attribution(Some("visitor-alice"), "visitor-dave", true, false);
    assert_eq!(verdict, Attribution::KnownVisitor);
    assert!(!verdict.counts());
}

#[test]
fn an_unknown_code_credits_nobody() {
    assert_eq!(
        judge_attribution(None, "visitor-bob", false, false),
        Attribution::UnknownCode
    );
    assert_eq!(Attribution::UnknownCode.as_str(), "unknown_code");
    assert_eq!(
        Attribution::AlreadyAttributed.as_str(),
        "already_attributed"
    );
}

#[test]
fn bursts_from_one_ip_or_device_are_held_for_review() {
    let policy = BurstPolicy::default();
    assert_eq!(
        policy,
        BurstPolicy {
            window_secs: 600,
            max: 5
        }
    );
    let now = 1_800_000_000_000;
    let minute = 60_000;
    let earlier = |minutes_ago: &[u64]| {
        minutes_ago
            .iter()
            .map(|m| now - m * minute)
            .collect::<Vec<_>>()
    };
    assert!(!policy.is_burst(&[], now));
    // A sixth invitation within 10 minutes is one too many; a fifth is fine.
    assert!(!policy.is_burst(&earlier(&[1, 2, 3, 4]), now));
    assert!(policy.is_burst(&earlier(&[1, 2, 3, 4, 9]), now));
    // Invitations older than the window do not count, whatever their order.
    assert!(!policy.is_burst(&earlier(&[30, 1, 2, 11, 3, 10]), now));
    // A device clock is not involved, but a server timestamp just ahead still counts.
    assert!(policy.is_burst(&[now + 5, now, now, now, now], now));
    let strict = BurstPolicy {
        window_secs: 60,
        max: 1,
    };
    assert!(strict.is_burst(&[now - 59_999], now));
    assert!(!strict.is_burst(&[now - 60_000], now));
}

#[test]
fn invite_goals_say_when_an_invitation_counts() {
    assert!(InviteGoal::Visit.met_on_visit());
    assert!(!InviteGoal::Visit.met_by_page("member-survey"));
    let signup = InviteGoal::Page("member-survey".to_owned());
    assert!(!signup.met_on_visit());
    assert!(signup.met_by_page("member-survey"));
    assert!(!signup.met_by_page("quiz-520"));
}

// ---------------------------------------------------------------------------
// Share link
// ---------------------------------------------------------------------------

#[test]
fn share_links_carry_the_code() {
    assert_eq!(DEFAULT_SHARE_URL, "{landing}?ref={code}");
    assert_eq!(
        share_url(
            DEFAULT_SHARE_URL,
            "https://h5.example.com/p/invite",
            "7Q3M0K2D"
        ),
        "https://h5.example.com/p/invite?ref=7Q3M0K2D"
    );
    // A landing with a query gets `&`; a fragment moves to the end.
    assert_eq!(
        share_url(
            DEFAULT_SHARE_URL,
            "https://h5.example.com/?from=poster",
            "7Q3M0K2D"
        ),
        "https://h5.example.com/?from=poster&ref=7Q3M0K2D"
    );
    assert_eq!(
        share_url(
            DEFAULT_SHARE_URL,
            "https://h5.example.com/p/invite#rules",
            "7Q3M0K2D"
        ),
        "https://h5.example.com/p/invite?ref=7Q3M0K2D#rules"
    );
    // Other templates: the code in a path, other placeholders left as written.
    assert_eq!(
        share_url(
            "https://s.example.com/i/{code}",
            "https://h5.example.com/",
            "7Q3M0K2D"
        ),
        "https://s.example.com/i/7Q3M0K2D"
    );
    assert_eq!(
        share_url(
            "{landing}?ref={code}&ch={channel}",
            "https://h5.example.com/",
            "AB"
        ),
        "https://h5.example.com/?ref=AB&ch={channel}"
    );
}

#[test]
fn share_links_percent_encode_the_code() {
    assert_eq!(
        share_url(DEFAULT_SHARE_URL, "https://h5.example.com/", "A B&c=d/é"),
        "https://h5.example.com/?ref=A%20B%26c%3Dd%2F%C3%A9"
    );
    assert_eq!(
        share_url(DEFAULT_SHARE_URL, "https://h5.example.com/", "a-b.c_d~e"),
        "https://h5.example.com/?ref=a-b.c_d~e"
    );
}

// ---------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------

#[test]
fn a_complete_referral_page_is_valid() {
    let page = read_page(referral_page());
    assert!(check_referral(&page).is_empty());
    assert_eq!(page.tiers, cmb_tiers());
    assert_eq!(page.goal, InviteGoal::Page("member-survey".to_owned()));
    assert_eq!(page.poster.layers.len(), 5);
    assert!(
        matches!(&page.poster.layers[3], Layer::Qr(qr) if qr.quiet_zone == 2 && qr.dark.as_str() == "#000000")
    );
}

#[test]
fn optional_fields_take_their_defaults() {
    let mut raw = referral_page();
    if let Some(page) = raw.as_object_mut() {
        for field in ["tier_mode", "goal", "landing", "rules"] {
            page.remove(field);
        }
    }
    let page = read_page(raw);
    assert_eq!(page.tier_mode, TierMode::Cumulative);
    assert_eq!(page.goal, InviteGoal::Visit);
    assert_eq!(page.landing, None);
    assert_eq!(page.share_url, None);

    let mut highest = referral_page();
    highest["tier_mode"] = json!("highest");
    highest["goal"] = json!("visit");
    let page = read_page(highest);
    assert_eq!(page.tier_mode, TierMode::Highest);
    assert_eq!(page.goal, InviteGoal::Visit);
}

#[test]
fn referral_mistakes_are_reported_at_their_paths() {
    let mut page = referral_page();
    page["tiers"] = json!([
        { "invites": 3, "reward": "10 元立减金" },
        { "invites": 3, "reward": "视频会员月卡" },
        { "invites": 0, "reward": " " }
    ]);
    page["goal"] = json!({ "page": "invite" });
    page["landing"] = json!("h5.example.com/p/invite");
    page["share_url"] = json!("{landing}?from={channel}");
    page["rules"] = json!("");
    let found = problems(json!([page]));
    assert_eq!(
        paths(&found),
        [
            "pages[0].tiers[1].invites",
            "pages[0].tiers[2].invites",
            "pages[0].tiers[2].reward",
            "pages[0].goal.page",
            "pages[0].landing",
            "pages[0].share_url",
            "pages[0].share_url",
            "pages[0].rules",
        ],
        "{found:#?}"
    );
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text[0],
        "pages[0].tiers[1].invites: 3 is not more than the tier before (3) (list tiers from fewest invites to most, each needing more)"
    );
    assert!(
        text[5].contains("`{channel}` is not a placeholder"),
        "{}",
        text[5]
    );
    assert!(text[6].contains("does not contain `{code}`"), "{}", text[6]);
}

#[test]
fn a_referral_page_needs_tiers_and_a_qr_code() {
    let mut page = referral_page();
    page["tiers"] = json!([]);
    if let Some(layers) = page["poster"]["layers"].as_array_mut() {
        layers.retain(|layer| layer["type"] != "qr");
    }
    let found = problems(json!([page]));
    assert_eq!(
        paths(&found),
        ["pages[0].poster.layers", "pages[0].tiers"],
        "{found:#?}"
    );
}

#[test]
fn a_share_link_must_be_a_full_url() {
    let mut page = referral_page();
    page["share_url"] = json!("/i/{code}");
    let found = problems(json!([page]));
    assert_eq!(paths(&found), ["pages[0].share_url"], "{found:#?}");
    assert!(
        found[0].message(Locale::En).contains("gives a path"),
        "{}",
        found[0]
    );

    let mut page = referral_page();
    page["share_url"] = json!("https://s.example.com/i/{code}");
    let _ = read_page(page);
}

#[test]
fn referral_field_typos_get_hints() {
    let mut page = referral_page();
    page["tier_mode"] = json!("highst");
    page["tiers"][0]["rewards"] = json!("200 积分");
    let found = problems(json!([page]));
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "pages[0].tiers[0].rewards: unknown field `rewards` (did you mean `reward`?)",
            "pages[0].tier_mode: `highst` is not one of `cumulative`, `highest` (did you mean `highest`?)",
        ]
    );
}
