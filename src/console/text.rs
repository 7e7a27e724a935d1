//! What the console says, in Simplified Chinese first and English.

use campaign_core::PageKind;
use campaign_core::config::Locale;

pub struct Text {
    pub console: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub token_label: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub wrong_token: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub overview: &'static str,
    pub redeem: &'static str,
    pub other_language: &'static str,
    pub other_language_tag: &'static str,
    pub loading: &'static str,
    pub offline: &'static str,
    pub retry: &'static str,
    pub today: &'static str,
    pub total: &'static str,
    pub views: &'static str,
    pub starts: &'static str,
    pub results: &'static str,
    pub funnel: &'static str,
    pub of_previous: &'static str,
    pub daily_trend: &'static str,
    pub by_source: &'static str,
    pub source: &'static str,
    pub referral: &'static str,
    pub direct: &'static str,
    pub details: &'static str,
    pub back: &'static str,
    pub export: &'static str,
    pub export_from: &'static str,
    pub export_to: &'static str,
    pub responses: &'static str,
    pub answered: &'static str,
    pub average: &'static str,
    /// The mean of a number question's answers.
    pub mean: &'static str,
    pub nps: &'static str,
    pub text_answers: &'static str,
    pub more: &'static str,
    pub no_answers: &'static str,
    pub prize: &'static str,
    pub stock_left: &'static str,
    pub won: &'static str,
    pub unlimited: &'static str,
    pub draws: &'static str,
    pub wins: &'static str,
    pub winners: &'static str,
    pub claim_code: &'static str,
    pub drawn_at: &'static str,
    pub status: &'static str,
    pub open: &'static str,
    pub redeemed: &'static str,
    pub group: &'static str,
    pub area: &'static str,
    pub fill: &'static str,
    pub qr_expires: &'static str,
    pub expiring: &'static str,
    pub full_areas: &'static str,
    pub none: &'static str,
    pub leaderboard: &'static str,
    pub member: &'static str,
    pub invites: &'static str,
    pub pending: &'static str,
    pub tiers: &'static str,
    pub review_queue: &'static str,
    pub review_empty: &'static str,
    pub invitee: &'static str,
    pub inviter: &'static str,
    pub address: &'static str,
    pub arrived: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub reason: &'static str,
    pub redeem_title: &'static str,
    pub redeem_intro: &'static str,
    pub code_label: &'static str,
    pub look_up: &'static str,
    pub scan: &'static str,
    pub stop_scan: &'static str,
    pub camera_refused: &'static str,
    pub claim_open: &'static str,
    pub claim_redeemed: &'static str,
    pub redeem_button: &'static str,
    pub confirm_redeem: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub redeemed_now: &'static str,
    pub blank_prize: &'static str,
}

pub static ZH: Text = Text {
    console: "活动控制台",
    sign_in_title: "登录活动控制台",
    sign_in_intro: "输入服务器的管理员令牌；网点员工输入员工令牌，仅可核销兑奖码。",
    token_label: "令牌",
    sign_in: "登录",
    signing_in: "正在登录…",
    wrong_token: "令牌不正确，请检查后重试。",
    sign_out: "退出登录",
    signed_in_as: "当前身份",
    overview: "概览",
    redeem: "核销",
    other_language: "English",
    other_language_tag: "en",
    loading: "加载中…",
    offline: "暂时连不上服务器，请稍后重试。",
    retry: "重试",
    today: "今日",
    total: "累计",
    views: "浏览",
    starts: "开始",
    results: "结果",
    funnel: "转化漏斗",
    of_previous: "占上一步",
    daily_trend: "每日趋势",
    by_source: "按渠道",
    source: "来源",
    referral: "好友邀请",
    direct: "直接访问",
    details: "查看详情",
    back: "返回概览",
    export: "导出 CSV",
    export_from: "从",
    export_to: "至",
    responses: "份答卷",
    answered: "人作答",
    average: "平均分",
    mean: "平均值",
    nps: "净推荐值 NPS",
    text_answers: "文字回答",
    more: "加载更多",
    no_answers: "还没有回答。",
    prize: "奖品",
    stock_left: "剩余",
    won: "已中出",
    unlimited: "不限",
    draws: "抽奖次数",
    wins: "中奖",
    winners: "中奖名单",
    claim_code: "兑奖码",
    drawn_at: "中奖时间",
    status: "状态",
    open: "未核销",
    redeemed: "已核销",
    group: "群",
    area: "地区",
    fill: "人数 / 上限",
    qr_expires: "二维码到期",
    expiring: "48 小时内到期",
    full_areas: "已满的地区",
    none: "无",
    leaderboard: "邀请排行榜",
    member: "成员",
    invites: "有效邀请",
    pending: "待完成",
    tiers: "已得奖励",
    review_queue: "待审核的邀请",
    review_empty: "没有待审核的邀请。",
    invitee: "被邀请人",
    inviter: "邀请码",
    address: "IP 地址",
    arrived: "到访时间",
    approve: "通过",
    reject: "拒绝",
    reason: "拒绝原因",
    redeem_title: "核销兑奖码",
    redeem_intro: "输入或粘贴中奖者的兑奖码，大小写、空格和横线都不影响。",
    code_label: "兑奖码",
    look_up: "查询",
    scan: "扫码",
    stop_scan: "停止扫码",
    camera_refused: "无法使用摄像头，请直接输入兑奖码。",
    claim_open: "未核销，可以兑奖",
    claim_redeemed: "已核销",
    redeem_button: "核销",
    confirm_redeem: "确认核销此兑奖码？核销后不能撤销。",
    confirm: "确认核销",
    cancel: "取消",
    redeemed_now: "核销成功",
    blank_prize: "未中奖",
};

pub static EN: Text = Text {
    console: "Campaign console",
    sign_in_title: "Sign in to the campaign console",
    sign_in_intro: "Enter the server's admin token. Branch staff enter their staff token, which redeems claim codes only.",
    token_label: "Token",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    wrong_token: "That token is not right. Check it and try again.",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    overview: "Overview",
    redeem: "Redeem",
    other_language: "中文",
    other_language_tag: "zh-CN",
    loading: "Loading…",
    offline: "The server cannot be reached right now. Try again shortly.",
    retry: "Try again",
    today: "Today",
    total: "Total",
    views: "Views",
    starts: "Starts",
    results: "Results",
    funnel: "Funnel",
    of_previous: "of the step before",
    daily_trend: "Daily trend",
    by_source: "By channel",
    source: "Source",
    referral: "Invitations",
    direct: "Direct",
    details: "Details",
    back: "Back to the overview",
    export: "Export CSV",
    export_from: "From",
    export_to: "To",
    responses: "responses",
    answered: "answered",
    average: "Average",
    mean: "Mean",
    nps: "Net Promoter Score",
    text_answers: "Written answers",
    more: "Load more",
    no_answers: "No answers yet.",
    prize: "Prize",
    stock_left: "Left",
    won: "Won",
    unlimited: "unlimited",
    draws: "Draws",
    wins: "Wins",
    winners: "Winners",
    claim_code: "Claim code",
    drawn_at: "Won at",
    status: "Status",
    open: "Open",
    redeemed: "Redeemed",
    group: "Group",
    area: "Area",
    fill: "Members / capacity",
    qr_expires: "QR code expires",
    expiring: "expires within 48 h",
    full_areas: "Full areas",
    none: "None",
    leaderboard: "Invitation leaderboard",
    member: "Member",
    invites: "Counted",
    pending: "Pending",
    tiers: "Rewards earned",
    review_queue: "Invitations held for review",
    review_empty: "Nothing waits for review.",
    invitee: "Invitee",
    inviter: "Invite code",
    address: "IP address",
    arrived: "Arrived",
    approve: "Approve",
    reject: "Reject",
    reason: "Reason for rejecting",
    redeem_title: "Redeem a claim code",
    redeem_intro: "Type or paste the winner's claim code; case, spaces and dashes do not matter.",
    code_label: "Claim code",
    look_up: "Look up",
    scan: "Scan",
    stop_scan: "Stop scanning",
    camera_refused: "The camera cannot be used; type the code instead.",
    claim_open: "Open: the prize can be handed over",
    claim_redeemed: "Redeemed",
    redeem_button: "Redeem",
    confirm_redeem: "Redeem this code? This cannot be undone.",
    confirm: "Yes, redeem",
    cancel: "Cancel",
    redeemed_now: "Redeemed",
    blank_prize: "No prize",
};

pub fn text(locale: Locale) -> &'static Text {
    match locale {
        Locale::En => &EN,
        _ => &ZH,
    }
}

pub fn kind_name(kind: PageKind, locale: Locale) -> &'static str {
    let zh = locale != Locale::En;
    match kind {
        PageKind::GroupPicker => {
            if zh {
                "城市群"
            } else {
                "Group picker"
            }
        }
        PageKind::Referral => {
            if zh {
                "邀请海报"
            } else {
                "Referral"
            }
        }
        PageKind::Quiz => {
            if zh {
                "答题"
            } else {
                "Quiz"
            }
        }
        PageKind::Lottery => {
            if zh {
                "抽奖"
            } else {
                "Prize draw"
            }
        }
        PageKind::Survey => {
            if zh {
                "问卷"
            } else {
                "Survey"
            }
        }
        PageKind::Benefits => {
            if zh {
                "会员权益"
            } else {
                "Benefits"
            }
        }
        PageKind::Offers => {
            if zh {
                "优惠券"
            } else {
                "Offers"
            }
        }
        PageKind::Course => {
            if zh {
                "课程报名"
            } else {
                "Course"
            }
        }
        PageKind::Checkin => {
            if zh {
                "打卡"
            } else {
                "Check-in"
            }
        }
    }
}

/// A time in Unix milliseconds as Beijing `YYYY-MM-DD HH:MM`.
pub fn beijing_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        (ms + 8 * 3_600_000) as f64,
    ));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_utc_full_year(),
        date.get_utc_month() + 1,
        date.get_utc_date(),
        date.get_utc_hours(),
        date.get_utc_minutes()
    )
}

/// An RFC 3339 time as Beijing `YYYY-MM-DD HH:MM`; as given when unreadable.
pub fn beijing_rfc3339(text: &str) -> String {
    let ms = js_sys::Date::parse(text);
    if ms.is_nan() {
        text.to_owned()
    } else {
        beijing_time(ms as i64)
    }
}
