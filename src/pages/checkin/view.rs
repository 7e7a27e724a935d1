//! The check-in page's parts that are plain functions of the server's
//! answers: the progress with its seven-day strip, and the hometown wall.
//! Learners' lines are rendered as text, never as HTML.

use campaign_core::Locale;
use campaign_core::wire::{ProgressAnswer, WallAnswer};
use yew::prelude::*;

use super::state::{state_index, state_name};
use crate::i18n::strings;

/// Streak and total, and the seven-day strip.
pub fn progress_view(progress: &ProgressAnswer, days_needed: u32, locale: Locale) -> Html {
    let text = &strings(locale).checkin;
    let to_go = days_needed.saturating_sub(progress.total);
    html! {
        <section class="ck-card ck-progress" aria-labelledby="ck-progress-title"
            data-total={progress.total.to_string()} data-streak={progress.streak.to_string()}>
            <h2 class="ck-checkin-heading" id="ck-progress-title">{ text.progress_heading }</h2>
            <div class="ck-progress-figures">
                <p class="ck-progress-figure ck-progress-streak">{ (text.streak)(progress.streak) }</p>
                <p class="ck-progress-figure ck-progress-total">{ (text.total)(progress.total) }</p>
            </div>
            <ol class="ck-strip">
                { for progress.strip.iter().map(|entry| {
                    let state = state_name(entry.state);
                    let label = text.states[state_index(entry.state)];
                    html! {
                        <li class={classes!("ck-strip-day", format!("ck-strip-{state}"))}
                            data-day={entry.day.to_string()} data-state={state}>
                            <span class="ck-strip-mark" aria-hidden="true"></span>
                            <span class="ck-strip-label">{ (text.day)(entry.day) }</span>
                            <span class="ck-strip-state">{ label }</span>
                        </li>
                    }
                }) }
            </ol>
            if to_go > 0 && !progress.graduated {
                <p class="ck-muted">{ (text.to_graduate)(to_go) }</p>
            }
        </section>
    }
}

/// Where the class comes from: a ranked bar per province, and the latest lines.
pub fn wall_view(wall: &WallAnswer, locale: Locale) -> Html {
    let text = &strings(locale).checkin;
    let most = wall
        .provinces
        .iter()
        .map(|entry| entry.count)
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        <section class="ck-card ck-wall" aria-labelledby="ck-wall-title" data-total={wall.total.to_string()}>
            <h2 class="ck-checkin-heading" id="ck-wall-title">{ text.wall_heading }</h2>
            <p class="ck-wall-total">{ (text.wall_total)(wall.total) }</p>
            if wall.provinces.is_empty() {
                <p class="ck-muted">{ text.wall_empty }</p>
            }
            <ol class="ck-wall-bars">
                { for wall.provinces.iter().map(|entry| {
                    // At least a sliver, so a count of one is still a bar.
                    let width = (u64::from(entry.count) * 100 / u64::from(most)).max(4);
                    html! {
                        <li class="ck-wall-province" data-province={entry.province.clone()}
                            data-count={entry.count.to_string()}>
                            <span class="ck-wall-name">{ &entry.short }</span>
                            <span class="ck-wall-track">
                                <span class="ck-wall-bar" style={format!("width:{width}%")}></span>
                            </span>
                            <span class="ck-wall-count">{ entry.count }</span>
                        </li>
                    }
                }) }
            </ol>
            if !wall.latest.is_empty() {
                <h3 class="ck-wall-latest-title">{ text.latest_heading }</h3>
                <ul class="ck-wall-lines">
                    { for wall.latest.iter().map(|line| {
                        let place = if line.city == line.province {
                            line.city.clone()
                        } else {
                            format!("{} · {}", line.province, line.city)
                        };
                        html! {
                            <li class="ck-wall-line" key={line.id.clone()}>
                                <span class="ck-wall-place">{ place }</span>
                                if !line.line.is_empty() {
                                    <span class="ck-wall-text">{ &line.line }</span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
