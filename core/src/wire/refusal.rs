//! What a refusal of the API says to the person who meets it, in the
//! campaign's language: the reference server answers with these sentences, and
//! a page that gets one of these codes says the same, whichever backend sent it.
//! They are written here once per language, and nowhere else.

use crate::kinds::checkin::{CheckinRefusal, HometownProblem};
use crate::kinds::course::SignUpRefusal;
use crate::kinds::lottery::DrawRefusal;
use crate::kinds::offers::OfferRefusal;
use crate::primitives::Locale;

use super::ErrorCode;

/// A refusal a person reads (a visitor, or staff redeeming a prize), with its
/// code. Refusals only a developer meets (a malformed request) are worded where
/// they are raised, in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The page takes one submission per person, and this person sent one.
    AlreadySubmitted,
    /// The visitor may not draw now.
    Draw(DrawRefusal),
    /// The visitor's coupon claim cannot be met.
    Offer(OfferRefusal),
    /// The course's sign-up is closed or full.
    SignUp(SignUpRefusal),
    /// The check-in does not count.
    Checkin(CheckinRefusal),
    /// Day one's hometown is not one the wall can show.
    Hometown(HometownProblem),
    /// A check-in or certificate from a person who has not signed up.
    NotSignedUp,
    /// A certificate asked for with too few days checked in.
    NotGraduated {
        days_checked_in: u32,
        days_needed: u32,
    },
    /// No prize has this claim code.
    UnknownClaim { code: String },
    /// The claim code was redeemed before, at `when` (as staff read times),
    /// by the staff credential `by` when that is known.
    AlreadyRedeemed {
        code: String,
        prize: String,
        when: String,
        by: Option<String>,
    },
    /// A poster upload that is not sent as `image/png`.
    PosterNotPng,
    /// A poster upload over the size limit.
    PosterTooLarge,
    /// A poster upload that is not a PNG image a poster could be, and why.
    PosterUnreadable { problem: String },
    /// Too many poster uploads from one address.
    PosterUploadsTooFrequent,
    /// No poster has this id (or it was removed).
    PosterNotFound,
}

impl Refusal {
    pub fn code(&self) -> ErrorCode {
        match self {
            Refusal::AlreadySubmitted => ErrorCode::AlreadySubmitted,
            Refusal::Draw(refusal) => (*refusal).into(),
            Refusal::Offer(refusal) => (*refusal).into(),
            Refusal::SignUp(refusal) => (*refusal).into(),
            Refusal::Checkin(refusal) => (*refusal).into(),
            Refusal::Hometown(_) => ErrorCode::InvalidHometown,
            Refusal::NotSignedUp => ErrorCode::NotSignedUp,
            Refusal::NotGraduated { .. } => ErrorCode::NotGraduated,
            Refusal::UnknownClaim { .. } => ErrorCode::UnknownClaim,
            Refusal::AlreadyRedeemed { .. } => ErrorCode::AlreadyRedeemed,
            Refusal::PosterNotPng => ErrorCode::UnsupportedMediaType,
            Refusal::PosterTooLarge => ErrorCode::TooLarge,
            Refusal::PosterUnreadable { .. } => ErrorCode::NotAPng,
            Refusal::PosterUploadsTooFrequent => ErrorCode::RateLimited,
            Refusal::PosterNotFound => ErrorCode::PosterNotFound,
        }
    }

    /// The sentence, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let fixed = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_owned();
        match self {
            Refusal::AlreadySubmitted => fixed(
                "你已经提交过这一页了，每人限提交一次。感谢参与！",
                "You have already sent this page; it takes one submission per person. Thank you!",
            ),
            Refusal::Draw(refusal) => refusal.message(locale).to_owned(),
            Refusal::Offer(refusal) => refusal.message(locale).to_owned(),
            Refusal::SignUp(refusal) => refusal.message(locale).to_owned(),
            Refusal::Checkin(refusal) => refusal.message(locale).to_owned(),
            Refusal::Hometown(problem) => problem.message(locale),
            Refusal::NotSignedUp => fixed(
                "你还没有报名这门课程，报名后才能打卡哦。",
                "You have not signed up for this course; sign up to check in.",
            ),
            Refusal::NotGraduated {
                days_checked_in,
                days_needed,
            } if zh => format!(
                "你已打卡 {days_checked_in} 天，打卡满 {days_needed} 天即可领取结业证书，继续加油！"
            ),
            Refusal::NotGraduated {
                days_checked_in,
                days_needed,
            } => format!(
                "You have checked in on {days_checked_in} days; the certificate takes {days_needed}. Keep going!"
            ),
            Refusal::UnknownClaim { code } if zh => format!("没有找到兑奖码 {code}，请核对后重试"),
            Refusal::UnknownClaim { code } => {
                format!("no prize has the claim code {code}; check it and try again")
            }
            Refusal::AlreadyRedeemed {
                code,
                prize,
                when,
                by,
            } if zh => match by {
                Some(by) => {
                    format!("兑奖码 {code}（{prize}）已于 {when} 由 {by} 核销，不能重复兑奖")
                }
                None => format!("兑奖码 {code}（{prize}）已于 {when} 核销，不能重复兑奖"),
            },
            Refusal::AlreadyRedeemed {
                code,
                prize,
                when,
                by,
            } => match by {
                Some(by) => format!(
                    "claim code {code} ({prize}) was redeemed at {when} by {by}; each code is redeemed once"
                ),
                None => format!(
                    "claim code {code} ({prize}) was redeemed at {when}; each code is redeemed once"
                ),
            },
            Refusal::PosterNotPng => fixed(
                "海报须以 PNG 图片上传（Content-Type: image/png）。",
                "send the poster as a PNG image (Content-Type: image/png)",
            ),
            Refusal::PosterTooLarge => fixed(
                "海报图片超过 2 MB，无法上传。",
                "the poster is larger than 2 MB",
            ),
            // The reason is a decoder's, in English: a developer's concern.
            Refusal::PosterUnreadable { .. } if zh => "上传的文件不是有效的 PNG 图片。".to_owned(),
            Refusal::PosterUnreadable { problem } => {
                format!("the body is not a PNG image the poster could be: {problem}")
            }
            Refusal::PosterUploadsTooFrequent => fixed(
                "海报上传过于频繁，请稍后再试。",
                "too many posters from this address; try again later",
            ),
            Refusal::PosterNotFound => fixed(
                "海报不存在，请回到邀请页重新生成。",
                "no such poster; make it again on the invitation page",
            ),
        }
    }
}
