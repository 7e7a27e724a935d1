//! Interface text in each locale. Campaign text comes from the config; these are
//! the words around it. Simplified Chinese is the default.

use campaign_core::config::{Locale, PageKind};

pub struct Strings {
    pub pages_heading: &'static str,
    pub back_to_home: &'static str,
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
    kind_labels: [&'static str; 5],
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
    kind_labels: ["同城社群", "邀请有礼", "趣味测试", "幸运抽奖", "问卷调研"],
};

static EN: Strings = Strings {
    pages_heading: "Campaign pages",
    back_to_home: "Back to the campaign",
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
    kind_labels: [
        "City groups",
        "Invite friends",
        "Quiz",
        "Prize draw",
        "Survey",
    ],
};
