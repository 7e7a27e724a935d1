//! Interface text in each locale. Campaign text comes from the config; these are
//! the words around it. Simplified Chinese is the default.

use campaign_core::config::{Locale, PageKind};

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
    pub config_error_title: fn(usize) -> String,
    pub config_error_body: &'static str,
    pub config_error_source: &'static str,
    pub unreachable_title: &'static str,
    pub unreachable_network: &'static str,
    pub unreachable_status: fn(u16) -> String,
    pub retry: &'static str,
    #[cfg(feature = "survey")]
    pub survey: SurveyStrings,
    kind_labels: [&'static str; 5],
}

/// Words of the survey page.
#[cfg(feature = "survey")]
pub struct SurveyStrings {
    pub next: &'static str,
    pub back: &'static str,
    pub submit: &'static str,
    pub progress: fn(usize, usize) -> String,
    pub required_mark: &'static str,
    pub choose: &'static str,
    pub other_placeholder: &'static str,
    pub choices_hint: fn(Option<u32>, Option<u32>) -> Option<String>,
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
    pub edit_and_resubmit: &'static str,
    pub reward_code: &'static str,
    pub reward_exhausted: &'static str,
    pub reward_after_sending: &'static str,
    pub thanks: &'static str,
    pub answer_again: &'static str,
}

impl Strings {
    pub fn kind_label(&self, kind: PageKind) -> &'static str {
        let index = PageKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kind_labels[index]
    }
}

pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

static ZH_CN: Strings = Strings {
    pages_heading: "活动页面",
    back_to_home: "返回活动首页",
    open_page: "打开此页面",
    not_found_title: "找不到这个页面",
    not_found_body: "链接可能已失效，或活动已调整。可以回到活动首页看看其他内容。",
    kind_unavailable_title: "此页面暂未开放",
    kind_unavailable_body: "这一类活动页面还在准备中，当前版本暂时无法使用。请先看看活动首页的其他内容。",
    config_error_title: |count| format!("活动配置有 {count} 处问题"),
    config_error_body: "页面无法显示，因为活动配置（JSON）有以下问题。请把本页发给活动负责人，按路径逐条修改后重新发布。",
    config_error_source: "配置来源",
    unreachable_title: "活动加载失败",
    unreachable_network: "网络似乎不通，或配置地址不允许本站访问。请检查网络后重试。",
    unreachable_status: |status| format!("服务器返回了错误（HTTP {status}），请稍后重试。"),
    retry: "重新加载",
    #[cfg(feature = "survey")]
    survey: SurveyStrings {
        next: "下一步",
        back: "上一步",
        submit: "提交",
        progress: |current, total| format!("第 {current} / {total} 部分"),
        required_mark: "必填",
        choose: "请选择",
        other_placeholder: "请填写",
        choices_hint: |min, max| match (min, max) {
            (Some(min), Some(max)) if min == max => Some(format!("请选择 {min} 项")),
            (Some(min), Some(max)) => Some(format!("请选择 {min} 到 {max} 项")),
            (Some(min), None) => Some(format!("至少选择 {min} 项")),
            (None, Some(max)) => Some(format!("最多选择 {max} 项")),
            (None, None) => None,
        },
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
        edit_and_resubmit: "修改后重新提交",
        reward_code: "你的兑换码",
        reward_exhausted: "本期奖励已全部发放，感谢你的参与。",
        reward_after_sending: "提交成功后即可领取奖励。",
        thanks: "感谢参与",
        answer_again: "再填一份",
    },
    kind_labels: ["同城社群", "邀请有礼", "趣味测试", "幸运抽奖", "问卷调研"],
};

static EN: Strings = Strings {
    pages_heading: "Campaign pages",
    back_to_home: "Back to the campaign",
    open_page: "Open this page",
    not_found_title: "Page not found",
    not_found_body: "The link may be out of date, or the campaign has changed. The campaign home lists what is on.",
    kind_unavailable_title: "This page is not open yet",
    kind_unavailable_body: "This kind of campaign page is still being prepared and cannot be used in this version. The campaign home lists what is on.",
    config_error_title: |count| {
        if count == 1 {
            "The campaign config has 1 problem".to_owned()
        } else {
            format!("The campaign config has {count} problems")
        }
    },
    config_error_body: "The page cannot be shown because of these problems in the campaign config (JSON). Send this page to whoever runs the campaign: fix each one at its path and publish again.",
    config_error_source: "Config source",
    unreachable_title: "The campaign could not be loaded",
    unreachable_network: "The network seems down, or the config's address does not allow this site to read it. Check the connection and try again.",
    unreachable_status: |status| {
        format!("The server answered with an error (HTTP {status}). Please try again later.")
    },
    retry: "Reload",
    #[cfg(feature = "survey")]
    survey: SurveyStrings {
        next: "Next",
        back: "Back",
        submit: "Submit",
        progress: |current, total| format!("Part {current} of {total}"),
        required_mark: "required",
        choose: "Choose…",
        other_placeholder: "Please specify",
        choices_hint: |min, max| match (min, max) {
            (Some(min), Some(max)) if min == max => Some(format!("Choose {min}")),
            (Some(min), Some(max)) => Some(format!("Choose {min} to {max}")),
            (Some(min), None) => Some(format!("Choose at least {min}")),
            (None, Some(max)) => Some(format!("Choose up to {max}")),
            (None, None) => None,
        },
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
        edit_and_resubmit: "Edit and submit again",
        reward_code: "Your code",
        reward_exhausted: "All rewards for this round have been handed out. Thank you for taking part.",
        reward_after_sending: "Your reward appears once your answers are sent.",
        thanks: "Thank you",
        answer_again: "Answer again",
    },
    kind_labels: [
        "City groups",
        "Invite friends",
        "Quiz",
        "Prize draw",
        "Survey",
    ],
};
