//! What the console shows of a survey's answers: per question, how often each
//! choice was taken, the average rating, the NPS score, and how many answered
//! in their own words. A pure tally over stored payloads, so the server can
//! stream its table through it a page of rows at a time.

use serde::{Deserialize, Serialize};

use super::answers::{Answer, Answers};
use super::{NPS_MAX, QuestionType, SurveyPage};

/// A survey's answers, tallied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyStats {
    pub page_id: String,
    pub responses: u64,
    pub questions: Vec<QuestionStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionStats {
    pub id: String,
    pub label: String,
    pub kind: QuestionType,
    /// Results that answered it.
    pub answered: u64,
    /// Choice questions: each option (and "other"), in the config's order.
    pub choices: Vec<ChoiceCount>,
    /// Ratings, NPS and numbers: the mean answer, two decimals.
    pub average: Option<f64>,
    /// Ratings: the number of stars.
    pub scale: Option<u8>,
    /// NPS: promoters (9–10) minus detractors (0–6), in percent.
    pub nps: Option<i32>,
    /// Text questions: how many answered in words (read them with
    /// `GET /api/v1/admin/pages/<id>/texts?question=<id>`).
    pub texts: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

/// Answers of NPS 9 and 10 are promoters, 0 to 6 detractors.
const NPS_PROMOTER_FROM: u8 = 9;
const NPS_DETRACTOR_UP_TO: u8 = 6;

/// A running tally of one survey's stored results.
#[derive(Debug, Clone)]
pub struct SurveyTally<'a> {
    survey: &'a SurveyPage,
    responses: u64,
    questions: Vec<QuestionTally>,
}

#[derive(Debug, Clone, Default)]
struct QuestionTally {
    answered: u64,
    /// Per option, in the config's order, then "other".
    choices: Vec<u64>,
    other: u64,
    /// Rating stars, NPS scores or numbers, summed.
    sum: f64,
    /// NPS 0..=10 by score.
    nps: [u64; NPS_MAX as usize + 1],
    texts: u64,
}

impl<'a> SurveyTally<'a> {
    pub fn new(survey: &'a SurveyPage) -> SurveyTally<'a> {
        let questions = survey
            .questions()
            .map(|question| QuestionTally {
                choices: vec![0; question.options.len()],
                ..QuestionTally::default()
            })
            .collect();
        SurveyTally {
            survey,
            responses: 0,
            questions,
        }
    }

    /// Adds one stored result's payload (`{"answers": {...}}`). Answers to
    /// questions the config no longer has, or of another type than the
    /// question now has, are skipped: a config edited mid-campaign must not
    /// break the console.
    pub fn add(&mut self, payload: &serde_json::Value) {
        let Some(answers) = payload
            .get("answers")
            .and_then(|answers| serde_json::from_value::<Answers>(answers.clone()).ok())
        else {
            return;
        };
        self.responses += 1;
        for (question, tally) in self.survey.questions().zip(&mut self.questions) {
            let Some(answer) = answers
                .get(&question.id)
                .filter(|answer| !answer.is_blank())
            else {
                continue;
            };
            let counted = match (question.kind, answer) {
                (QuestionType::Single | QuestionType::Dropdown, Answer::Single { value, .. }) => {
                    tally.choose(question, value);
                    true
                }
                (QuestionType::Multiple, Answer::Multiple { values, .. }) => {
                    for value in values {
                        tally.choose(question, value);
                    }
                    true
                }
                (QuestionType::Rating, Answer::Rating(stars)) => {
                    tally.sum += f64::from(*stars);
                    true
                }
                (QuestionType::Nps, Answer::Nps(score)) if *score <= NPS_MAX => {
                    tally.sum += f64::from(*score);
                    tally.nps[usize::from(*score)] += 1;
                    true
                }
                (QuestionType::Text | QuestionType::LongText, Answer::Text(_)) => {
                    tally.texts += 1;
                    true
                }
                (QuestionType::Number, Answer::Number(number)) if number.is_finite() => {
                    tally.sum += number;
                    true
                }
                (QuestionType::Date, Answer::Date(_))
                | (QuestionType::Mobile, Answer::Mobile { .. }) => true,
                _ => false,
            };
            if counted {
                tally.answered += 1;
            }
        }
    }

    pub fn finish(self, page_id: &str) -> SurveyStats {
        let questions = self
            .survey
            .questions()
            .zip(self.questions)
            .map(|(question, tally)| {
                let mut choices: Vec<ChoiceCount> = question
                    .options
                    .iter()
                    .zip(&tally.choices)
                    .map(|(option, count)| ChoiceCount {
                        value: option.value.clone(),
                        label: option.label.clone(),
                        count: *count,
                    })
                    .collect();
                if let Some(other) = &question.other {
                    choices.push(ChoiceCount {
                        value: super::OTHER_VALUE.to_owned(),
                        label: other.clone(),
                        count: tally.other,
                    });
                }
                let average = matches!(
                    question.kind,
                    QuestionType::Rating | QuestionType::Nps | QuestionType::Number
                )
                .then(|| average(tally.sum, tally.answered))
                .flatten();
                let nps = (question.kind == QuestionType::Nps)
                    .then(|| nps_score(&tally.nps))
                    .flatten();
                QuestionStats {
                    id: question.id.clone(),
                    label: question.label.clone(),
                    kind: question.kind,
                    answered: tally.answered,
                    choices,
                    average,
                    scale: (question.kind == QuestionType::Rating).then(|| question.rating_scale()),
                    nps,
                    texts: tally.texts,
                }
            })
            .collect();
        SurveyStats {
            page_id: page_id.to_owned(),
            responses: self.responses,
            questions,
        }
    }
}

impl QuestionTally {
    fn choose(&mut self, question: &super::Question, value: &str) {
        match question
            .options
            .iter()
            .position(|option| option.value == value)
        {
            Some(index) => self.choices[index] += 1,
            None if value == super::OTHER_VALUE && question.other.is_some() => self.other += 1,
            None => {}
        }
    }
}

/// The mean, to two decimals.
fn average(sum: f64, count: u64) -> Option<f64> {
    (count > 0).then(|| (sum / count as f64 * 100.0).round() / 100.0)
}

/// Net Promoter Score: the percentage of promoters (9–10) minus that of
/// detractors (0–6), rounded, from -100 to 100. `None` with no answers.
pub fn nps_score(by_score: &[u64; NPS_MAX as usize + 1]) -> Option<i32> {
    let total: u64 = by_score.iter().sum();
    if total == 0 {
        return None;
    }
    let promoters: u64 = by_score[usize::from(NPS_PROMOTER_FROM)..].iter().sum();
    let detractors: u64 = by_score[..=usize::from(NPS_DETRACTOR_UP_TO)].iter().sum();
    let score = (promoters as f64 - detractors as f64) * 100.0 / total as f64;
    Some(score.round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_is_promoters_minus_detractors_in_percent() {
        let mut scores = [0u64; 11];
        assert_eq!(nps_score(&scores), None);
        scores[10] = 5; // promoters
        scores[9] = 1;
        scores[8] = 2; // passives
        scores[3] = 2; // detractors
        // (6 - 2) / 10 = 40
        assert_eq!(nps_score(&scores), Some(40));
        let mut all_detractors = [0u64; 11];
        all_detractors[0] = 3;
        assert_eq!(nps_score(&all_detractors), Some(-100));
    }

    #[test]
    fn averages_round_to_two_decimals() {
        assert_eq!(average(10.0, 3), Some(3.33));
        assert_eq!(average(0.0, 0), None);
    }
}
