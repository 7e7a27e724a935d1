//! Interface text in each locale. Campaign text comes from the config; these are
//! the words around it. Simplified Chinese is the default.

use campaign_core::config::{Locale, PageKind};
use campaign_core::primitives::text::HAS_CHINESE;

pub struct Strings {
    pub pages_heading: &'static str,
    pub back_to_home: &'static str,
    /// A link that opens a page with the bundle that shows it.
    pub open_page: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    /// Said plainly on a page whose kind this version cannot show yet.
    pub kind_unavailable_title: &'static str,
    pub kind_unavailable_body: &'static str,
    /// In Chinese, it also says where to read the problems in Chinese when this
    /// bundle has them in English only (see `campaign_core::primitives::text`).
    pub config_error_body: &'static str,
    pub config_error_source: &'static str,
    pub unreachable_title: &'static str,
    pub unreachable_network: &'static str,
    pub unreachable_status: fn(u16) -> String,
    pub retry: &'static str,
    /// The apology a crash leaves in place of the page (see `crate::panic`).
    pub crash_title: &'static str,
    pub crash_body: &'static str,
    pub crash_reload: &'static str,
    #[cfg(feature = "survey_form")]
    pub survey: SurveyStrings,
    #[cfg(feature = "group_picker")]
    pub groups: GroupStrings,
    #[cfg(feature = "quiz")]
    pub quiz: QuizStrings,
    #[cfg(feature = "lottery")]
    pub lottery: LotteryStrings,
    #[cfg(feature = "poster")]
    pub poster: PosterStrings,
    #[cfg(feature = "referral")]
    pub referral: ReferralStrings,
    #[cfg(feature = "benefits")]
    pub benefits: BenefitsStrings,
    #[cfg(feature = "offers")]
    pub offers: OffersStrings,
    #[cfg(feature = "course")]
    pub course: CourseStrings,
    #[cfg(feature = "checkin")]
    pub checkin: CheckinStrings,
    /// One label per kind, in the order of `PageKind::ALL` (checked by its length).
    kind_labels: [&'static str; PageKind::ALL.len()],
}

/// Words of the survey page.
#[cfg(feature = "survey_form")]
pub struct SurveyStrings {
    pub next: &'static str,
    pub back: &'static str,
    pub submit: &'static str,
    pub progress: fn(usize, usize) -> String,
    pub required_mark: &'static str,
    pub choose: &'static str,
    pub other_placeholder: &'static str,
    pub characters: fn(usize, u32) -> String,
    pub stars: fn(u8) -> String,
    pub nps_low: &'static str,
    pub nps_high: &'static str,
    pub errors_summary: fn(usize) -> String,
    pub draft_restored: &'static str,
    pub sending: &'static str,
    pub waiting: &'static str,
    pub sent: &'static str,
    pub rejected: &'static str,
    pub unsendable: &'static str,
    pub edit_and_resubmit: &'static str,
    pub reward_code: &'static str,
    pub reward_exhausted: &'static str,
    pub reward_after_sending: &'static str,
    pub thanks: &'static str,
    pub answer_again: &'static str,
}

/// Words of the benefits page.
#[cfg(feature = "benefits")]
pub struct BenefitsStrings {
    pub today: &'static str,
    pub live_now: &'static str,
    pub ends_in: fn(&str) -> String,
    pub next_up: &'static str,
    pub starts_in: fn(&str) -> String,
    pub later_today: &'static str,
    pub ended: &'static str,
    pub nothing_today: &'static str,
    pub week: &'static str,
    pub free_day: &'static str,
    pub welcome: &'static str,
    pub copy_info: &'static str,
    pub copied: &'static str,
    pub copy_by_hand: &'static str,
    pub add_to_calendar: &'static str,
    pub take_part: &'static str,
}

/// Words of the offers page (the ladder's sentences come from core).
#[cfg(feature = "offers")]
pub struct OffersStrings {
    pub amount_label: &'static str,
    pub amount_placeholder: &'static str,
    pub amount_unreadable: &'static str,
    pub tiers_heading: &'static str,
    pub tier_line: fn(&str, &str) -> String,
    pub earned_mark: &'static str,
    pub remaining: fn(u32) -> String,
    pub exhausted: &'static str,
    pub ends_in: fn(&str) -> String,
    pub ended: &'static str,
    pub claim: &'static str,
    pub reach_a_tier: &'static str,
    pub sending: &'static str,
    pub waiting: &'static str,
    pub your_code: &'static str,
    pub coupon_of: fn(&str) -> String,
    pub already_claimed: &'static str,
    pub rejected: &'static str,
    pub buy: &'static str,
}

/// Words of the course sign-up page (the course's own text comes from the
/// config, the refusals' sentences from the server).
#[cfg(feature = "course")]
pub struct CourseStrings {
    pub checking: &'static str,
    pub advisor_heading: &'static str,
    pub years: fn(u32) -> String,
    pub audience_heading: &'static str,
    pub includes_heading: &'static str,
    pub schedule_heading: &'static str,
    pub day: fn(u32) -> String,
    pub lesson_at: fn(&str) -> String,
    pub feedback_heading: &'static str,
    pub closes_in: fn(&str) -> String,
    pub closed: &'static str,
    pub full: &'static str,
    pub remaining: fn(u32) -> String,
    pub sign_up: &'static str,
    pub sending: &'static str,
    pub waiting: &'static str,
    pub unsendable: &'static str,
    pub rejected: &'static str,
    pub submitted: &'static str,
    pub placed_title: &'static str,
    pub already_signed_up: &'static str,
    pub cohort: &'static str,
    pub starts_on: &'static str,
    pub class_group: &'static str,
    pub qr_alt: fn(&str) -> String,
    pub go_checkin: &'static str,
    pub next_intake: &'static str,
    pub next_step_go: &'static str,
}

/// Words of the daily check-in page.
#[cfg(feature = "checkin")]
pub struct CheckinStrings {
    pub loading: &'static str,
    pub unavailable: &'static str,
    pub retry: &'static str,
    pub not_signed_up: &'static str,
    pub go_sign_up: &'static str,
    pub not_started: &'static str,
    pub over: &'static str,
    pub hometown_prompt: &'static str,
    pub province: &'static str,
    pub choose_province: &'static str,
    pub city: &'static str,
    pub city_placeholder: &'static str,
    pub line: &'static str,
    pub sign_in: &'static str,
    pub signed_in_from: fn(&str, &str) -> String,
    pub today: fn(u32) -> String,
    pub check_in: &'static str,
    pub done_today: &'static str,
    pub make_up: fn(u32) -> String,
    pub make_ups_left: fn(u32) -> String,
    pub sending: &'static str,
    pub waiting: &'static str,
    pub rejected: &'static str,
    pub progress_heading: &'static str,
    pub total: fn(u32) -> String,
    pub streak: fn(u32) -> String,
    pub day: fn(u32) -> String,
    /// Done, made up, open (today), missed, upcoming.
    pub states: [&'static str; 5],
    pub to_graduate: fn(u32) -> String,
    pub wall_heading: &'static str,
    pub wall_total: fn(u32) -> String,
    pub wall_empty: &'static str,
    pub latest_heading: &'static str,
    pub certificate_loading: &'static str,
    pub certificate_unavailable: &'static str,
}

/// A countdown: `03:04:05`, or `2天 03:04:05` / `2d 03:04:05` beyond a day.
#[cfg(any(feature = "benefits", feature = "offers", feature = "course"))]
pub fn countdown(ms: i64, locale: Locale) -> String {
    let seconds = (ms.max(0) + 999) / 1_000;
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    );
    match (days, locale) {
        (0, _) => clock,
        (days, Locale::ZhCn) => format!("{days}天 {clock}"),
        (days, Locale::En) => format!("{days}d {clock}"),
    }
}

/// Words of the group picker page.
#[cfg(feature = "group_picker")]
pub struct GroupStrings {
    pub default_privacy: &'static str,
    pub use_location: &'static str,
    pub choose_myself: &'static str,
    pub locating: &'static str,
    pub try_again: &'static str,
    pub denied: &'static str,
    pub timeout: &'static str,
    pub unavailable: &'static str,
    pub unsupported: &'static str,
    pub insecure: &'static str,
    /// Nobody near: the page's limit, then the nearest group's name and distance.
    pub out_of_range: fn(u32, &str, u32) -> String,
    pub area_full: fn(&str) -> String,
    pub join_instead: fn(&str) -> String,
    pub all_full: &'static str,
    pub matched_by_location: &'static str,
    pub chosen_by_hand: &'static str,
    pub long_press: &'static str,
    pub scan_with_wechat: &'static str,
    pub open_join_link: &'static str,
    pub qr_alt: fn(&str) -> String,
    pub not_your_area: &'static str,
    pub picker_title: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub no_match: &'static str,
    pub all_provinces: &'static str,
    pub full: &'static str,
}

/// Words of the quiz page.
#[cfg(feature = "quiz")]
pub struct QuizStrings {
    pub progress: fn(usize, usize) -> String,
    pub back: &'static str,
    pub your_result: &'static str,
    pub again: &'static str,
    pub cannot_score: &'static str,
    pub chance_pending: &'static str,
    pub chance_waiting: &'static str,
    pub chance_granted: &'static str,
    pub chance_already_used: &'static str,
    pub chance_refused: &'static str,
    pub go_draw: &'static str,
}

/// Words of the prize draw page.
#[cfg(feature = "lottery")]
pub struct LotteryStrings {
    pub draw: &'static str,
    pub drawing: &'static str,
    pub chances: fn(u32) -> String,
    pub no_chances: &'static str,
    pub checking: &'static str,
    pub won: fn(&str) -> String,
    pub blank: fn(&str) -> String,
    pub claim_code: &'static str,
    pub claim_hint: &'static str,
    pub network: &'static str,
    pub demo_mode: &'static str,
    pub demo_prize: &'static str,
    pub my_prizes: &'static str,
    pub prize_list: &'static str,
    pub share_for_bonus: fn(u32) -> String,
    /// On the scratch card's cover.
    pub scratch_prompt: &'static str,
    /// Reveals the scratch card at once, without scratching.
    pub scratch_show: &'static str,
    /// Above the prize's name on a scratched card.
    pub scratch_won: &'static str,
}

/// Words of the invitation page.
#[cfg(feature = "referral")]
pub struct ReferralStrings {
    pub invited: fn(u32) -> String,
    pub pending: fn(u32) -> String,
    pub all_unlocked: &'static str,
    pub earned: &'static str,
    pub unlocked: &'static str,
    pub locked: &'static str,
    pub getting_code: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_body: &'static str,
    pub retry: &'static str,
    pub your_code: &'static str,
    pub nickname_label: &'static str,
    pub default_nickname: &'static str,
    pub rules: &'static str,
}

/// Words around share posters.
#[cfg(feature = "poster")]
pub struct PosterStrings {
    pub make: &'static str,
    /// Above the button, before a poster is drawn: what tapping it gives.
    pub make_hint: &'static str,
    pub drawing: &'static str,
    pub alt: &'static str,
    pub long_press: &'static str,
    pub save: &'static str,
    pub share: &'static str,
    pub retry: &'static str,
    pub image_missing: &'static str,
    pub too_large: &'static str,
    pub link_too_long: &'static str,
    pub cannot_draw: &'static str,
}

impl Strings {
    pub fn kind_label(&self, kind: PageKind) -> &'static str {
        PageKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|index| self.kind_labels.get(index))
            .copied()
            .unwrap_or_else(|| kind.as_str())
    }
}

pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

macro_rules! zh_config_error_body {
    () => {
        "页面无法显示，因为活动配置（JSON）有以下问题。请把本页发给活动负责人，按路径逐条修改后重新发布。"
    };
}

static ZH_CN: Strings = Strings {
    pages_heading: "活动页面",
    back_to_home: "返回活动首页",
    open_page: "打开此页面",
    not_found_title: "找不到这个页面",
    not_found_body: "链接可能已失效，或活动已调整。可以回到活动首页看看其他内容。",
    kind_unavailable_title: "此页面暂未开放",
    kind_unavailable_body: "这一类活动页面还在准备中，当前版本暂时无法使用。请先看看活动首页的其他内容。",
    // One sentence or the other is compiled in, never both.
    config_error_body: if HAS_CHINESE {
        zh_config_error_body!()
    } else {
        concat!(
            zh_config_error_body!(),
            "以下说明只有英文，运行 campaign-server check 可看中文说明。"
        )
    },
    config_error_source: "配置来源",
    unreachable_title: "活动加载失败",
    unreachable_network: "网络似乎不通，或配置地址不允许本站访问。请检查网络后重试。",
    unreachable_status: |status| format!("服务器返回了错误（HTTP {status}），请稍后重试。"),
    retry: "重新加载",
    crash_title: "页面出了点问题",
    crash_body: "页面暂时无法继续，请刷新后重试；已经提交的内容不会丢失。",
    crash_reload: "刷新页面",
    #[cfg(feature = "survey_form")]
    survey: SurveyStrings {
        next: "下一步",
        back: "上一步",
        submit: "提交",
        progress: |current, total| format!("第 {current} / {total} 部分"),
        required_mark: "必填",
        choose: "请选择",
        other_placeholder: "请填写",
        characters: |count, max| format!("{count}/{max} 字"),
        stars: |stars| format!("{stars} 星"),
        nps_low: "完全不可能",
        nps_high: "非常愿意",
        errors_summary: |count| format!("还有 {count} 道题需要修改"),
        draft_restored: "已恢复你上次填写的内容。",
        sending: "正在提交…",
        waiting: "已保存在本机，网络恢复后会自动提交，无需重新填写。",
        sent: "提交成功，感谢参与！",
        rejected: "提交未被接受",
        unsendable: "已保存在本机，但本页面的提交设置有误，暂时无法提交。活动方修复后再打开本页，就会自动提交，无需重新填写。",
        edit_and_resubmit: "修改后重新提交",
        reward_code: "你的兑换码",
        reward_exhausted: "本期奖励已全部发放，感谢你的参与。",
        reward_after_sending: "提交成功后即可领取奖励。",
        thanks: "感谢参与",
        answer_again: "再填一份",
    },
    #[cfg(feature = "group_picker")]
    groups: GroupStrings {
        default_privacy: "我们只用你的位置匹配最近的同城群。位置只在你的手机上计算，不会上传。",
        use_location: "用我的位置匹配社群",
        choose_myself: "自己选择地区",
        locating: "正在获取你的位置…",
        try_again: "重新定位",
        denied: "你没有允许获取位置。没关系，请在下方选择你所在的城市。",
        timeout: "获取位置超时，可能是信号较弱。请在下方选择城市，或重新定位。",
        unavailable: "暂时无法确定你的位置。请在下方选择城市，或稍后重新定位。",
        unsupported: "当前浏览器不支持定位，请在下方选择你所在的城市。",
        insecure: "当前页面不是 https 安全连接，浏览器不允许定位。请在下方选择你所在的城市。",
        out_of_range: |max, nearest, km| {
            format!(
                "你附近 {max} 公里内暂无社群（最近的是{nearest}，约 {km} 公里）。请在下方选择城市。"
            )
        },
        area_full: |area| format!("{area}的社群都已满员，新群正在准备中。"),
        join_instead: |name| format!("先加入附近的「{name}」"),
        all_full: "所有社群都已满员，请稍后再来看看。",
        matched_by_location: "根据你的位置匹配",
        chosen_by_hand: "你选择的地区",
        long_press: "长按上方二维码，识别后加入群聊",
        scan_with_wechat: "用微信扫描上方二维码加入群聊；在微信中打开本页时，长按二维码即可识别。",
        open_join_link: "打开加群链接",
        qr_alt: |name| format!("「{name}」入群二维码"),
        not_your_area: "不是你的地区？自己选择",
        picker_title: "选择你所在的地区",
        search_label: "搜索城市、区或群名",
        search_placeholder: "例如：深圳、南山",
        no_match: "没有找到相关的地区，换个关键词试试。",
        all_provinces: "全部省份",
        full: "已满",
    },
    #[cfg(feature = "quiz")]
    quiz: QuizStrings {
        progress: |current, total| format!("第 {current} / {total} 题"),
        back: "上一题",
        your_result: "你的测试结果",
        again: "再测一次",
        cannot_score: "暂时无法计算结果，请重新作答。",
        chance_pending: "正在为你领取抽奖机会…",
        chance_waiting: "结果已保存在本机，联网后会自动领取抽奖机会。",
        chance_granted: "完成测试，获得 1 次抽奖机会！",
        chance_already_used: "你已经领取过测试奖励的抽奖机会。",
        chance_refused: "抽奖机会领取失败，请稍后重新作答。",
        go_draw: "去抽奖",
    },
    #[cfg(feature = "lottery")]
    lottery: LotteryStrings {
        draw: "抽奖",
        drawing: "抽奖中…",
        chances: |count| format!("你还有 {count} 次抽奖机会"),
        no_chances: "暂无抽奖机会",
        checking: "正在查询抽奖机会…",
        won: |name| format!("恭喜你抽中「{name}」！"),
        blank: |name| format!("{name}，下次好运！"),
        claim_code: "兑奖码",
        claim_hint: "请截图保存兑奖码，按下方说明领取。",
        network: "网络不稳定，抽奖结果还没拿到。请点击按钮重试，不会重复扣次数。",
        demo_mode: "演示模式：未连接活动后端，抽奖结果仅供预览，不能兑奖。",
        demo_prize: "演示结果，不可兑换",
        my_prizes: "我的奖品",
        prize_list: "奖品一览",
        share_for_bonus: |count| format!("分享给好友，再得 {count} 次机会"),
        scratch_prompt: "刮开涂层查看结果",
        scratch_show: "直接查看结果",
        scratch_won: "恭喜你抽中",
    },
    #[cfg(feature = "referral")]
    referral: ReferralStrings {
        invited: |count| format!("已成功邀请 {count} 位好友"),
        pending: |count| format!("另有 {count} 位好友已打开链接，完成活动后计入"),
        all_unlocked: "全部奖励已解锁，感谢你的分享！",
        earned: "已获得",
        unlocked: "已解锁",
        locked: "未解锁",
        getting_code: "正在获取你的专属邀请码…",
        unavailable_title: "暂时无法分享",
        unavailable_body: "专属邀请码由活动后端发放，当前未能连接后端。请稍后重试。",
        retry: "重试",
        your_code: "你的专属邀请码",
        nickname_label: "海报上显示的昵称",
        default_nickname: "招行好友",
        rules: "活动规则",
    },
    #[cfg(feature = "poster")]
    poster: PosterStrings {
        make: "生成分享海报",
        make_hint: "海报带活动二维码，可发好友或朋友圈。",
        drawing: "正在生成海报…",
        alt: "分享海报",
        long_press: "长按海报保存或发送给朋友",
        save: "保存海报",
        share: "分享海报",
        retry: "重新生成",
        image_missing: "海报中有图片加载失败，已先生成不含该图片的海报。",
        too_large: "海报尺寸过大，当前设备无法生成。",
        link_too_long: "分享链接过长，无法生成二维码。",
        cannot_draw: "当前浏览器无法生成海报，请截屏分享。",
    },
    #[cfg(feature = "benefits")]
    benefits: BenefitsStrings {
        today: "今天",
        live_now: "进行中",
        ends_in: |left| format!("{left} 后结束"),
        next_up: "下一场",
        starts_in: |left| format!("{left} 后开始"),
        later_today: "今天稍后",
        ended: "今天已结束",
        nothing_today: "今天没有安排，看看本周的其他福利。",
        week: "本周日程",
        free_day: "暂无安排",
        welcome: "新人福利",
        copy_info: "复制活动信息",
        copied: "已复制，可粘贴到备忘录或发给好友。",
        copy_by_hand: "长按下面的文字即可复制：",
        add_to_calendar: "加入日历",
        take_part: "去参加",
    },
    #[cfg(feature = "offers")]
    offers: OffersStrings {
        amount_label: "投资金额",
        amount_placeholder: "例如 20000 或 2万",
        amount_unreadable: "请输入金额，例如 20000 或 2万。",
        tiers_heading: "领券档位",
        // `amount` may read in 万 ("2万"), which takes 元 without a space.
        tier_line: |amount, coupon| {
            let space = if amount.ends_with(['万', '亿']) {
                ""
            } else {
                " "
            };
            format!("满 {amount}{space}元，得 {coupon} 元券")
        },
        earned_mark: "可领",
        remaining: |left| format!("仅剩 {left} 张"),
        exhausted: "已领完",
        ends_in: |left| format!("距活动结束 {left}"),
        ended: "活动已结束，感谢关注",
        claim: "立即领取",
        reach_a_tier: "达到档位即可领券",
        sending: "正在领取…",
        waiting: "网络不佳，已保存在本机，恢复后自动领取。",
        your_code: "你的券码（长按可复制）",
        coupon_of: |coupon| format!("{coupon} 元券"),
        already_claimed: "你已领过券，这是你当时的券码。",
        rejected: "没能领取",
        buy: "去购买",
    },
    #[cfg(feature = "course")]
    course: CourseStrings {
        checking: "正在查询名额…",
        advisor_heading: "你的专属导师",
        years: |years| format!("{years} 年投资经验"),
        audience_heading: "适合谁",
        includes_heading: "你将获得",
        schedule_heading: "课程安排",
        day: |day| format!("第 {day} 天"),
        lesson_at: |time| format!("{time} 开课"),
        feedback_heading: "往期学员说",
        closes_in: |left| format!("距报名截止 {left}"),
        closed: "本期报名已截止",
        full: "本期名额已满",
        remaining: |left| format!("仅剩 {left} 个名额"),
        sign_up: "免费报名",
        sending: "正在报名…",
        waiting: "网络不佳，报名信息已保存在本机，恢复后自动提交。",
        unsendable: "报名信息已保存在本机，暂时无法提交，请稍后再打开本页。",
        rejected: "没能报名，请稍后重试。",
        submitted: "报名信息已提交，导师会尽快通过企业微信联系你。",
        placed_title: "报名成功",
        already_signed_up: "你已报过名，这是你的班级。",
        cohort: "期次",
        starts_on: "开课日期",
        class_group: "班级群",
        qr_alt: |name| format!("{name}的企业微信二维码"),
        go_checkin: "去每日打卡",
        next_intake: "预约下一期",
        next_step_go: "了解详情",
    },
    #[cfg(feature = "checkin")]
    checkin: CheckinStrings {
        loading: "正在读取你的打卡记录…",
        unavailable: "暂时无法读取你的打卡记录，请检查网络后重试。",
        retry: "重试",
        not_signed_up: "你还没有报名这门课，报名后即可每日打卡。",
        go_sign_up: "去报名",
        not_started: "课程还没开始，开课当天就能签到打卡。",
        over: "本期课程已结束，感谢你一路坚持！",
        hometown_prompt: "你来自哪里？",
        province: "省份",
        choose_province: "请选择省份",
        city: "城市",
        city_placeholder: "如：深圳市",
        line: "想对同学说的话（选填）",
        sign_in: "签到",
        signed_in_from: |province, city| {
            if province == city {
                format!("已签到：来自{province}")
            } else {
                format!("已签到：来自{province}{city}")
            }
        },
        today: |day| format!("第 {day} 天 · 今日任务"),
        check_in: "打卡",
        done_today: "今天已打卡，明天见！",
        make_up: |day| format!("补签第 {day} 天"),
        make_ups_left: |left| format!("还可补签 {left} 次"),
        sending: "正在打卡…",
        waiting: "网络不佳，已保存在本机，恢复后自动打卡。",
        rejected: "这次打卡没有成功，请稍后重试。",
        progress_heading: "我的打卡",
        total: |days| format!("累计 {days} 天"),
        streak: |days| format!("连续 {days} 天"),
        day: |day| format!("第{day}天"),
        states: ["已打卡", "已补签", "今日", "未打卡", "未开始"],
        to_graduate: |days| format!("再打卡 {days} 天即可毕业"),
        wall_heading: "家乡签到墙",
        wall_total: |count| format!("已有 {count} 位同学签到"),
        wall_empty: "还没有同学签到，来做第一个吧！",
        latest_heading: "同学们说",
        certificate_loading: "正在准备你的结业证书…",
        certificate_unavailable: "结业证书暂时无法领取，请稍后再打开本页。",
    },
    kind_labels: [
        "同城社群",
        "邀请有礼",
        "趣味测试",
        "幸运抽奖",
        "问卷调研",
        "福利日程",
        "投资领券",
        "课程报名",
        "每日打卡",
    ],
};

static EN: Strings = Strings {
    pages_heading: "Campaign pages",
    back_to_home: "Back to the campaign",
    open_page: "Open this page",
    not_found_title: "Page not found",
    not_found_body: "The link may be out of date, or the campaign has changed. The campaign home lists what is on.",
    kind_unavailable_title: "This page is not open yet",
    kind_unavailable_body: "This kind of campaign page is still being prepared and cannot be used in this version. The campaign home lists what is on.",
    config_error_body: "The page cannot be shown because of these problems in the campaign config (JSON). Send this page to whoever runs the campaign: fix each one at its path and publish again.",
    config_error_source: "Config source",
    unreachable_title: "The campaign could not be loaded",
    unreachable_network: "The network seems down, or the config's address does not allow this site to read it. Check the connection and try again.",
    unreachable_status: |status| {
        format!("The server answered with an error (HTTP {status}). Please try again later.")
    },
    retry: "Reload",
    crash_title: "Something went wrong",
    crash_body: "This page stopped working. Please reload it; what you have already sent is safe.",
    crash_reload: "Reload",
    #[cfg(feature = "survey_form")]
    survey: SurveyStrings {
        next: "Next",
        back: "Back",
        submit: "Submit",
        progress: |current, total| format!("Part {current} of {total}"),
        required_mark: "required",
        choose: "Choose…",
        other_placeholder: "Please specify",
        characters: |count, max| format!("{count}/{max} characters"),
        stars: |stars| {
            if stars == 1 {
                "1 star".to_owned()
            } else {
                format!("{stars} stars")
            }
        },
        nps_low: "Not at all likely",
        nps_high: "Extremely likely",
        errors_summary: |count| {
            if count == 1 {
                "1 answer needs your attention".to_owned()
            } else {
                format!("{count} answers need your attention")
            }
        },
        draft_restored: "Your earlier answers have been restored.",
        sending: "Sending…",
        waiting: "Saved on this device. It will be sent automatically when the network is back; no need to fill it in again.",
        sent: "Sent. Thank you for taking part!",
        rejected: "Your answers were not accepted",
        unsendable: "Saved on this device, but this page's sending settings are wrong, so it cannot be sent yet. Once the organisers fix them, open this page again and it is sent automatically; no need to fill it in again.",
        edit_and_resubmit: "Edit and submit again",
        reward_code: "Your code",
        reward_exhausted: "All rewards for this round have been handed out. Thank you for taking part.",
        reward_after_sending: "Your reward appears once your answers are sent.",
        thanks: "Thank you",
        answer_again: "Answer again",
    },
    #[cfg(feature = "group_picker")]
    groups: GroupStrings {
        default_privacy: "We use your location only to find the nearest group. It is worked out on your phone and never uploaded.",
        use_location: "Find my group by location",
        choose_myself: "Choose my area",
        locating: "Finding your location…",
        try_again: "Try location again",
        denied: "Location was not allowed. No problem: choose your city below.",
        timeout: "Finding your location took too long; the signal may be weak. Choose your city below, or try again.",
        unavailable: "Your location could not be determined. Choose your city below, or try again later.",
        unsupported: "This browser cannot share a location. Choose your city below.",
        insecure: "This page is not on a secure (https) connection, so the browser will not share a location. Choose your city below.",
        out_of_range: |max, nearest, km| {
            format!(
                "There is no group within {max} km of you (the nearest is {nearest}, about {km} km away). Choose your city below."
            )
        },
        area_full: |area| format!("Every group in {area} is full; a new one is on its way."),
        join_instead: |name| format!("Join “{name}” nearby for now"),
        all_full: "Every group is full. Please check back soon.",
        matched_by_location: "Matched by your location",
        chosen_by_hand: "The area you chose",
        long_press: "Long-press the QR code above to join the group",
        scan_with_wechat: "Scan the QR code above with WeChat to join. When this page is open in WeChat, long-press the code instead.",
        open_join_link: "Open the join link",
        qr_alt: |name| format!("QR code to join {name}"),
        not_your_area: "Not your area? Choose it yourself",
        picker_title: "Choose your area",
        search_label: "Search a city, district or group",
        search_placeholder: "e.g. Shenzhen",
        no_match: "No area matches. Try another word.",
        all_provinces: "All provinces",
        full: "Full",
    },
    #[cfg(feature = "quiz")]
    quiz: QuizStrings {
        progress: |current, total| format!("Question {current} of {total}"),
        back: "Previous question",
        your_result: "Your result",
        again: "Take it again",
        cannot_score: "Your result cannot be worked out; please answer again.",
        chance_pending: "Claiming your draw chance…",
        chance_waiting: "Your result is saved on this device; your draw chance is claimed once you are online.",
        chance_granted: "Quiz done: you have earned 1 draw!",
        chance_already_used: "You have already claimed the draw this quiz gives.",
        chance_refused: "Your draw chance could not be claimed; please answer again later.",
        go_draw: "Go to the draw",
    },
    #[cfg(feature = "lottery")]
    lottery: LotteryStrings {
        draw: "Draw",
        drawing: "Drawing…",
        chances: |count| {
            if count == 1 {
                "You have 1 draw left".to_owned()
            } else {
                format!("You have {count} draws left")
            }
        },
        no_chances: "No draws left",
        checking: "Checking your draws…",
        won: |name| format!("You won {name}!"),
        blank: |name| format!("{name}. Better luck next time!"),
        claim_code: "Claim code",
        claim_hint: "Take a screenshot of your claim code and follow the steps below.",
        network: "The network is unsteady and the result has not arrived. Tap the button to try again; no draw is spent twice.",
        demo_mode: "Demo mode: no campaign backend is connected, so results are a preview and cannot be claimed.",
        demo_prize: "Demo result, cannot be claimed",
        my_prizes: "My prizes",
        prize_list: "Prizes",
        share_for_bonus: |count| match count {
            1 => "Share with a friend for 1 more draw".to_owned(),
            _ => format!("Share with a friend for {count} more draws"),
        },
        scratch_prompt: "Scratch to see your result",
        scratch_show: "Show the result",
        scratch_won: "You won",
    },
    #[cfg(feature = "referral")]
    referral: ReferralStrings {
        invited: |count| match count {
            1 => "1 friend invited".to_owned(),
            _ => format!("{count} friends invited"),
        },
        pending: |count| format!("{count} more opened your link and count once they finish"),
        all_unlocked: "Every reward is unlocked. Thank you for sharing!",
        earned: "Earned",
        unlocked: "Unlocked",
        locked: "Locked",
        getting_code: "Getting your invite code…",
        unavailable_title: "Sharing is unavailable",
        unavailable_body: "Invite codes come from the campaign's backend, which cannot be reached right now. Please try again later.",
        retry: "Try again",
        your_code: "Your invite code",
        nickname_label: "Name shown on your poster",
        default_nickname: "A friend",
        rules: "Rules",
    },
    #[cfg(feature = "poster")]
    poster: PosterStrings {
        make: "Make a share poster",
        make_hint: "A poster with the campaign's QR code, for friends or Moments.",
        drawing: "Drawing the poster…",
        alt: "Share poster",
        long_press: "Long-press the poster to save it or send it to a friend",
        save: "Save the poster",
        share: "Share the poster",
        retry: "Try again",
        image_missing: "An image could not be loaded; the poster was drawn without it.",
        too_large: "The poster is too large for this device.",
        link_too_long: "The share link is too long for a QR code.",
        cannot_draw: "This browser cannot draw the poster; take a screenshot instead.",
    },
    #[cfg(feature = "benefits")]
    benefits: BenefitsStrings {
        today: "Today",
        live_now: "On now",
        ends_in: |left| format!("ends in {left}"),
        next_up: "Next",
        starts_in: |left| format!("starts in {left}"),
        later_today: "Later today",
        ended: "Over for today",
        nothing_today: "Nothing on today; see the rest of the week.",
        week: "This week",
        free_day: "Nothing on",
        welcome: "Welcome benefits",
        copy_info: "Copy the details",
        copied: "Copied: paste it into a note or send it to a friend.",
        copy_by_hand: "Press and hold the text below to copy it:",
        add_to_calendar: "Add to calendar",
        take_part: "Take part",
    },
    #[cfg(feature = "offers")]
    offers: OffersStrings {
        amount_label: "Amount to invest",
        amount_placeholder: "e.g. 20000",
        amount_unreadable: "Type an amount, such as 20000.",
        tiers_heading: "Coupon tiers",
        tier_line: |amount, coupon| format!("¥{amount} for a ¥{coupon} coupon"),
        earned_mark: "Yours",
        remaining: |left| format!("Only {left} left"),
        exhausted: "All claimed",
        ends_in: |left| format!("Ends in {left}"),
        ended: "This offer has ended. Thank you for your interest",
        claim: "Claim",
        reach_a_tier: "Reach a tier to claim its coupon",
        sending: "Claiming…",
        waiting: "Offline: saved on this phone, claimed once the network is back.",
        your_code: "Your code (press and hold to copy)",
        coupon_of: |coupon| format!("¥{coupon} coupon"),
        already_claimed: "You claimed before; this is the code you got then.",
        rejected: "The coupon could not be claimed",
        buy: "Go to purchase",
    },
    #[cfg(feature = "course")]
    course: CourseStrings {
        checking: "Checking seats…",
        advisor_heading: "Your advisor",
        years: |years| match years {
            1 => "1 year of investing".to_owned(),
            years => format!("{years} years of investing"),
        },
        audience_heading: "Who it is for",
        includes_heading: "What you get",
        schedule_heading: "Schedule",
        day: |day| format!("Day {day}"),
        lesson_at: |time| format!("Live at {time}"),
        feedback_heading: "What past learners say",
        closes_in: |left| format!("Sign-up closes in {left}"),
        closed: "Sign-up for this intake has closed",
        full: "Every seat of this intake is taken",
        remaining: |left| match left {
            1 => "Only 1 seat left".to_owned(),
            left => format!("Only {left} seats left"),
        },
        sign_up: "Sign up free",
        sending: "Signing you up…",
        waiting: "The network is weak: your sign-up is saved on this device and goes out once it is back.",
        unsendable: "Your sign-up is saved on this device but cannot be sent yet; open this page again later.",
        rejected: "The sign-up did not go through; please try again later.",
        submitted: "Your sign-up is in; your advisor will reach you on WeCom soon.",
        placed_title: "You are in",
        already_signed_up: "You signed up before: here is your place.",
        cohort: "Cohort",
        starts_on: "Starts on",
        class_group: "Class group",
        qr_alt: |name| format!("{name}'s WeCom QR code"),
        go_checkin: "Go to the daily check-in",
        next_intake: "Join the next intake",
        next_step_go: "Learn more",
    },
    #[cfg(feature = "checkin")]
    checkin: CheckinStrings {
        loading: "Reading your check-ins…",
        unavailable: "Your check-ins cannot be read right now; check the network and try again.",
        retry: "Try again",
        not_signed_up: "You have not signed up for this course yet; sign up to check in every day.",
        go_sign_up: "Sign up",
        not_started: "The course has not started yet; check in from its first day.",
        over: "This course is over. Thank you for sticking with it!",
        hometown_prompt: "Where are you from?",
        province: "Province",
        choose_province: "Choose a province",
        city: "City",
        city_placeholder: "e.g. 深圳市",
        line: "A line for your classmates (optional)",
        sign_in: "Sign in",
        signed_in_from: |province, city| {
            if province == city {
                format!("Signed in from {province}")
            } else {
                format!("Signed in from {city}, {province}")
            }
        },
        today: |day| format!("Day {day} · today's task"),
        check_in: "Check in",
        done_today: "Checked in today. See you tomorrow!",
        make_up: |day| format!("Make up day {day}"),
        make_ups_left: |left| match left {
            1 => "1 make-up left".to_owned(),
            left => format!("{left} make-ups left"),
        },
        sending: "Checking in…",
        waiting: "The network is weak: your check-in is saved on this device and goes out once it is back.",
        rejected: "This check-in did not count; please try again later.",
        progress_heading: "My check-ins",
        total: |days| match days {
            1 => "1 day in total".to_owned(),
            days => format!("{days} days in total"),
        },
        streak: |days| format!("{days}-day streak"),
        day: |day| format!("Day {day}"),
        states: ["Done", "Made up", "Today", "Missed", "Later"],
        to_graduate: |days| match days {
            1 => "1 more day to graduate".to_owned(),
            days => format!("{days} more days to graduate"),
        },
        wall_heading: "Where the class comes from",
        wall_total: |count| match count {
            1 => "1 classmate signed in".to_owned(),
            count => format!("{count} classmates signed in"),
        },
        wall_empty: "Nobody has signed in yet. Be the first!",
        latest_heading: "What classmates say",
        certificate_loading: "Preparing your certificate…",
        certificate_unavailable: "The certificate cannot be fetched right now; open this page again later.",
    },
    kind_labels: [
        "City groups",
        "Invite friends",
        "Quiz",
        "Prize draw",
        "Survey",
        "Benefit schedule",
        "Coupons",
        "Course sign-up",
        "Daily check-in",
    ],
};
