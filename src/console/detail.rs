//! One page in depth, by kind: a survey's answers, a draw's stock and
//! winners, a group picker's fill, a referral page's leaderboard and review
//! queue; and the results export, filtered by date.

use campaign_core::config::Locale;
use campaign_core::kinds::survey::QuestionType;
use campaign_core::wire::{
    DrawList, DrawStats, GroupStats, Overview, PageDetail, QuestionStats, ReferralBoard,
    ReferralList, ReviewDecision, ReviewOutcome, SurveyStats, TextAnswers,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::chart::{Bar, Bars, Series, Trend, percent};
use super::overview::Counts;
use super::text::{beijing_rfc3339, beijing_time, kind_name, text};
use super::{Console, Screen, api};

#[derive(Properties, PartialEq)]
pub struct PageScreenProps {
    pub console: Console,
    pub page_id: String,
}

#[function_component]
pub fn PageScreen(props: &PageScreenProps) -> Html {
    let console = &props.console;
    let words = text(console.locale);
    let overview = use_state(|| None::<Result<Overview, String>>);
    let detail = use_state(|| None::<Result<PageDetail, String>>);
    // Bumped after a review decision, so the board shows the new standing.
    let generation = use_state(|| 0u32);
    {
        let overview = overview.clone();
        let detail = detail.clone();
        let console = console.clone();
        use_effect_with((props.page_id.clone(), *generation), move |(page_id, _)| {
            let page_id = page_id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::get::<Overview>("/api/v1/admin/overview?days=14").await;
                overview.set(Some(answer.map_err(|failure| console.explain(&failure))));
                let path = format!("/api/v1/admin/pages/{}", api::encode(&page_id));
                let answer = api::get::<PageDetail>(&path).await;
                detail.set(Some(answer.map_err(|failure| console.explain(&failure))));
            });
        });
    }
    let back = {
        let go = console.go.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            go.emit(Screen::Overview);
        })
    };
    let page = overview
        .as_ref()
        .and_then(|answer| answer.as_ref().ok())
        .and_then(|overview| {
            overview
                .pages
                .iter()
                .find(|page| page.page_id == props.page_id)
                .cloned()
        });
    let changed = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    html! {
        <>
            <p><a href="/admin" onclick={back}>{ "← " }{ words.back }</a></p>
            if let Some(page) = &page {
                <h1 class="ck-console-heading">{ &page.title }
                    <span class="ck-console-kind">{ kind_name(page.kind, console.locale) }</span>
                </h1>
                <section class="ck-console-card">
                    <Counts funnel_today={page.today} funnel_total={page.total} locale={console.locale} />
                    <Export page_id={props.page_id.clone()} locale={console.locale} />
                </section>
            }
            { match &*detail {
                None => html! { <p role="status">{ words.loading }</p> },
                Some(Err(problem)) => html! { <p class="ck-console-problem" role="alert">{ problem }</p> },
                Some(Ok(PageDetail::Survey(stats))) => html! { <Survey stats={stats.clone()} console={console.clone()} /> },
                Some(Ok(PageDetail::Draw(stats))) => html! { <Draw stats={stats.clone()} console={console.clone()} /> },
                Some(Ok(PageDetail::Groups(stats))) => html! { <Groups stats={stats.clone()} locale={console.locale} /> },
                Some(Ok(PageDetail::Referral(board))) => html! {
                    <Referral board={board.clone()} console={console.clone()} {changed} />
                },
                Some(Ok(PageDetail::Funnel { .. })) => html! {},
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ExportProps {
    page_id: String,
    locale: Locale,
}

/// The page's results as CSV, from and to a day (Beijing time).
#[function_component]
fn Export(props: &ExportProps) -> Html {
    let words = text(props.locale);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let mut href = format!("/api/v1/export.csv?page={}", api::encode(&props.page_id));
    for (name, value) in [("from", &*from), ("to", &*to)] {
        if !value.is_empty() {
            href.push_str(&format!("&{name}={}", api::encode(value)));
        }
    }
    let date_input = |id: &'static str, label: &'static str, state: UseStateHandle<String>| {
        let oninput = Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                state.set(input.value());
            }
        });
        html! {
            <label for={id}>{ label }
                <input {id} type="date" {oninput} />
            </label>
        }
    };
    html! {
        <div class="ck-console-export">
            { date_input("ck-export-from", words.export_from, from.clone()) }
            { date_input("ck-export-to", words.export_to, to.clone()) }
            <a class="ck-console-button ck-console-button-quiet" {href} download="">{ words.export }</a>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SurveyProps {
    stats: SurveyStats,
    console: Console,
}

#[function_component]
fn Survey(props: &SurveyProps) -> Html {
    let words = text(props.console.locale);
    html! {
        <section class="ck-console-survey">
            <p class="ck-console-muted">{ props.stats.responses }{ " " }{ words.responses }</p>
            { for props.stats.questions.iter().map(|question| html! {
                <Question question={question.clone()} page_id={props.stats.page_id.clone()}
                    console={props.console.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct QuestionProps {
    question: QuestionStats,
    page_id: String,
    console: Console,
}

#[function_component]
fn Question(props: &QuestionProps) -> Html {
    let question = &props.question;
    let words = text(props.console.locale);
    let heading = format!("ck-q-{}", question.id);
    let body = match question.kind {
        QuestionType::Single | QuestionType::Multiple | QuestionType::Dropdown => {
            let bars = question
                .choices
                .iter()
                .map(|choice| Bar {
                    label: choice.label.clone(),
                    value: choice.count,
                    note: percent(choice.count, question.answered),
                    key: choice.value.clone(),
                })
                .collect::<Vec<_>>();
            html! { <Bars {bars} out_of={question.answered} /> }
        }
        QuestionType::Rating => html! {
            <p class="ck-console-figure" data-average={question.average.map(|a| a.to_string())}>
                { words.average }{ ": " }
                <strong>{ question.average.map_or_else(|| "–".to_owned(), |a| format!("{a:.2}")) }</strong>
                { question.scale.map(|scale| format!(" / {scale}")).unwrap_or_default() }
            </p>
        },
        QuestionType::Number => html! {
            <p class="ck-console-figure" data-average={question.average.map(|a| a.to_string())}>
                { words.mean }{ ": " }
                <strong>{ question.average.map_or_else(|| "–".to_owned(), |a| format!("{a:.2}")) }</strong>
            </p>
        },
        QuestionType::Nps => html! {
            <>
                <p class="ck-console-figure" data-nps={question.nps.map(|n| n.to_string())}>
                    { words.nps }{ ": " }<strong>{ question.nps.map_or_else(|| "–".to_owned(), |n| n.to_string()) }</strong>
                </p>
                <p class="ck-console-muted">{ words.average }{ ": " }
                    { question.average.map_or_else(|| "–".to_owned(), |a| format!("{a:.2}")) }</p>
            </>
        },
        QuestionType::Text | QuestionType::LongText => html! {
            <Texts page_id={props.page_id.clone()} question_id={question.id.clone()}
                count={question.texts} console={props.console.clone()} />
        },
        _ => html! {},
    };
    html! {
        <section class="ck-console-card ck-console-question" data-question={question.id.clone()}
            aria-labelledby={heading.clone()}>
            <h2 id={heading}>{ &question.label }</h2>
            <p class="ck-console-muted">{ question.answered }{ " " }{ words.answered }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TextsProps {
    page_id: String,
    question_id: String,
    count: u64,
    console: Console,
}

/// Written answers, newest first, a page at a time.
#[function_component]
fn Texts(props: &TextsProps) -> Html {
    let words = text(props.console.locale);
    let answers = use_state(Vec::new);
    let next = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let load = {
        let answers = answers.clone();
        let next = next.clone();
        let problem = problem.clone();
        let console = props.console.clone();
        let base = format!(
            "/api/v1/admin/pages/{}/texts?question={}&limit=20",
            api::encode(&props.page_id),
            api::encode(&props.question_id)
        );
        Callback::from(move |after: Option<String>| {
            let answers = answers.clone();
            let next = next.clone();
            let problem = problem.clone();
            let console = console.clone();
            let path = match &after {
                Some(after) => format!("{base}&after={}", api::encode(after)),
                None => base.clone(),
            };
            wasm_bindgen_futures::spawn_local(async move {
                match api::get::<TextAnswers>(&path).await {
                    Ok(page) => {
                        let mut shown: Vec<_> = (*answers).clone();
                        shown.extend(page.answers);
                        answers.set(shown);
                        next.set(page.next);
                    }
                    Err(failure) => problem.set(Some(console.explain(&failure))),
                }
            });
        })
    };
    {
        let load = load.clone();
        let count = props.count;
        use_effect_with(props.question_id.clone(), move |_| {
            if count > 0 {
                load.emit(None);
            }
        });
    }
    let more = next.as_ref().map(|after| {
        let after = after.clone();
        let load = load.clone();
        Callback::from(move |_: MouseEvent| load.emit(Some(after.clone())))
    });
    html! {
        <div class="ck-console-texts">
            <h3>{ words.text_answers }{ " · " }{ props.count }</h3>
            if props.count == 0 {
                <p class="ck-console-muted">{ words.no_answers }</p>
            }
            <ul>
                { for answers.iter().map(|answer| html! {
                    <li><q>{ &answer.text }</q>
                        <span class="ck-console-muted">{ " " }{ beijing_time(answer.received_at) }</span></li>
                }) }
            </ul>
            if let Some(problem) = &*problem {
                <p class="ck-console-problem" role="alert">{ problem }</p>
            }
            if let Some(onclick) = more {
                <button type="button" class="ck-console-button ck-console-button-quiet" {onclick}>{ words.more }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DrawProps {
    stats: DrawStats,
    console: Console,
}

#[function_component]
fn Draw(props: &DrawProps) -> Html {
    let stats = &props.stats;
    let words = text(props.console.locale);
    let winners = use_state(Vec::new);
    let next = use_state(|| None::<String>);
    let load = {
        let winners = winners.clone();
        let next = next.clone();
        let console = props.console.clone();
        let base = format!(
            "/api/v1/draws?page={}&won=1&limit=20",
            api::encode(&stats.page_id)
        );
        Callback::from(move |after: Option<String>| {
            let winners = winners.clone();
            let next = next.clone();
            let console = console.clone();
            let path = match &after {
                Some(after) => format!("{base}&after={}", api::encode(after)),
                None => base.clone(),
            };
            wasm_bindgen_futures::spawn_local(async move {
                match api::get::<DrawList>(&path).await {
                    Ok(page) => {
                        let mut shown: Vec<_> = (*winners).clone();
                        shown.extend(page.draws);
                        winners.set(shown);
                        next.set(page.next);
                    }
                    Err(failure) => {
                        console.explain(&failure);
                    }
                }
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with(stats.page_id.clone(), move |_| load.emit(None));
    }
    let more = next.as_ref().map(|after| {
        let after = after.clone();
        let load = load.clone();
        Callback::from(move |_: MouseEvent| load.emit(Some(after.clone())))
    });
    let days: Vec<String> = stats.daily.iter().map(|day| day.day.clone()).collect();
    let series = vec![
        Series {
            name: words.draws,
            class: "ck-series-views",
            values: stats.daily.iter().map(|day| day.draws).collect(),
        },
        Series {
            name: words.wins,
            class: "ck-series-results",
            values: stats.daily.iter().map(|day| day.wins).collect(),
        },
    ];
    html! {
        <>
            <section class="ck-console-card" aria-labelledby="ck-draw-stock">
                <h2 id="ck-draw-stock">{ words.prize }</h2>
                <div class="ck-console-scroll" tabindex="0" role="region" aria-labelledby="ck-draw-stock">
                <table class="ck-console-table ck-console-stock">
                    <thead><tr>
                        <th scope="col">{ words.prize }</th>
                        <th scope="col">{ words.won }</th>
                        <th scope="col">{ words.stock_left }</th>
                    </tr></thead>
                    <tbody>
                        { for stats.prizes.iter().map(|prize| html! {
                            <tr data-prize={prize.id.clone()}>
                                <th scope="row">{ &prize.name }</th>
                                <td data-metric="won">{ prize.won }</td>
                                <td data-metric="left">{ prize.left.map_or_else(
                                    || if prize.inventory.is_none() { words.unlimited.to_owned() } else { "–".to_owned() },
                                    |left| format!("{left} / {}", prize.inventory.unwrap_or(0))) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
            </section>
            <section class="ck-console-card" aria-labelledby="ck-draw-days">
                <h2 id="ck-draw-days">{ words.daily_trend }</h2>
                <Trend label={words.daily_trend.to_owned()} {days} {series} />
            </section>
            <section class="ck-console-card" aria-labelledby="ck-draw-winners">
                <h2 id="ck-draw-winners">{ words.winners }
                    <span class="ck-console-muted">{ format!(" · {} · {} {}", stats.winners, words.redeemed, stats.redeemed) }</span></h2>
                <div class="ck-console-scroll" tabindex="0" role="region" aria-labelledby="ck-draw-winners">
                <table class="ck-console-table ck-console-winners">
                    <thead><tr>
                        <th scope="col">{ words.claim_code }</th>
                        <th scope="col">{ words.prize }</th>
                        <th scope="col">{ words.drawn_at }</th>
                        <th scope="col">{ words.status }</th>
                    </tr></thead>
                    <tbody>
                        { for winners.iter().map(|draw| html! {
                            <tr data-claim-code={draw.claim_code.clone()}>
                                <td><code>{ draw.claim_code.clone().unwrap_or_default() }</code></td>
                                <td>{ &draw.prize.name }</td>
                                <td>{ beijing_rfc3339(&draw.drawn_at) }</td>
                                <td>{ match &draw.redeemed_at {
                                    Some(at) => format!("{} {}{}", words.redeemed, beijing_rfc3339(at),
                                        draw.redeemed_by.as_ref().map(|by| format!(" · {by}")).unwrap_or_default()),
                                    None => words.open.to_owned(),
                                } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
                if let Some(onclick) = more {
                    <button type="button" class="ck-console-button ck-console-button-quiet" {onclick}>{ words.more }</button>
                }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct GroupsProps {
    stats: GroupStats,
    locale: Locale,
}

#[function_component]
fn Groups(props: &GroupsProps) -> Html {
    let words = text(props.locale);
    let stats = &props.stats;
    html! {
        <>
            <section class="ck-console-card" aria-labelledby="ck-full-areas">
                <h2 id="ck-full-areas">{ words.full_areas }</h2>
                if stats.full_areas.is_empty() {
                    <p class="ck-console-muted">{ words.none }</p>
                } else {
                    <ul class="ck-console-full-areas">
                        { for stats.full_areas.iter().map(|area| html! { <li>{ area }</li> }) }
                    </ul>
                }
            </section>
            <section class="ck-console-card" aria-labelledby="ck-groups">
                <h2 id="ck-groups">{ words.group }</h2>
                <div class="ck-console-scroll" tabindex="0" role="region" aria-labelledby="ck-groups">
                <table class="ck-console-table ck-console-groups">
                    <thead><tr>
                        <th scope="col">{ words.group }</th>
                        <th scope="col">{ words.area }</th>
                        <th scope="col">{ words.fill }</th>
                        <th scope="col">{ words.qr_expires }</th>
                    </tr></thead>
                    <tbody>
                        { for stats.groups.iter().map(|group| {
                            let full = group.members >= group.capacity;
                            let fill = format!("width: {:.0}%",
                                (f64::from(group.members) * 100.0 / f64::from(group.capacity.max(1))).min(100.0));
                            html! {
                                <tr data-group={group.id.clone()} class={classes!(full.then_some("ck-full"))}>
                                    <th scope="row">{ &group.name }</th>
                                    <td>{ &group.area }</td>
                                    <td>
                                        <span class="ck-bar-track ck-fill-track" aria-hidden="true"><span class="ck-bar-fill" style={fill}></span></span>
                                        <span data-metric="fill">{ format!("{} / {}", group.members, group.capacity) }</span>
                                    </td>
                                    <td>
                                        { group.expires_at.as_deref().map(beijing_rfc3339).unwrap_or_else(|| "–".to_owned()) }
                                        if group.expiring {
                                            <span class="ck-console-warning">{ " · " }{ words.expiring }</span>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ReferralProps {
    board: ReferralBoard,
    console: Console,
    changed: Callback<()>,
}

#[function_component]
fn Referral(props: &ReferralProps) -> Html {
    let words = text(props.console.locale);
    let board = &props.board;
    html! {
        <>
            <section class="ck-console-card" aria-labelledby="ck-leaders">
                <h2 id="ck-leaders">{ words.leaderboard }</h2>
                <div class="ck-console-scroll" tabindex="0" role="region" aria-labelledby="ck-leaders">
                <table class="ck-console-table ck-console-leaders">
                    <thead><tr>
                        <th scope="col">{ words.member }</th>
                        <th scope="col">{ words.invites }</th>
                        <th scope="col">{ words.pending }</th>
                        <th scope="col">{ words.tiers }</th>
                    </tr></thead>
                    <tbody>
                        { for board.leaders.iter().map(|leader| html! {
                            <tr data-code={leader.code.clone()}>
                                <th scope="row"><code>{ &leader.code }</code></th>
                                <td data-metric="invites">{ leader.invites }</td>
                                <td>{ leader.pending }</td>
                                <td>{ leader.earned.join("、") }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
            </section>
            <ReviewQueue page_id={board.page_id.clone()} console={props.console.clone()}
                changed={props.changed.clone()} held={board.held} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewQueueProps {
    page_id: String,
    console: Console,
    changed: Callback<()>,
    held: u64,
}

/// Invitations held for review: staff approve (it counts) or reject (it is
/// kept, with the reason).
#[function_component]
fn ReviewQueue(props: &ReviewQueueProps) -> Html {
    let words = text(props.console.locale);
    let queue = use_state(|| None::<ReferralList>);
    let problem = use_state(|| None::<String>);
    {
        let queue = queue.clone();
        let console = props.console.clone();
        let problem = problem.clone();
        let path = format!(
            "/api/v1/referrals?page={}&status=review&limit=50",
            api::encode(&props.page_id)
        );
        use_effect_with((props.page_id.clone(), props.held), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::get::<ReferralList>(&path).await {
                    Ok(list) => queue.set(Some(list)),
                    Err(failure) => problem.set(Some(console.explain(&failure))),
                }
            });
        });
    }
    let decide = {
        let console = props.console.clone();
        let changed = props.changed.clone();
        let problem = problem.clone();
        let page_id = props.page_id.clone();
        Callback::from(
            move |(visitor_id, approve, reason): (String, bool, Option<String>)| {
                let console = console.clone();
                let changed = changed.clone();
                let problem = problem.clone();
                let decision = ReviewDecision {
                    page_id: page_id.clone(),
                    visitor_id,
                    approve,
                    reason,
                };
                wasm_bindgen_futures::spawn_local(async move {
                    match api::post::<ReviewOutcome>("/api/v1/referrals/review", &decision).await {
                        Ok(_) => {
                            problem.set(None);
                            changed.emit(());
                        }
                        Err(failure) => problem.set(Some(console.explain(&failure))),
                    }
                });
            },
        )
    };
    let visits = queue
        .as_ref()
        .map(|list| list.visits.clone())
        .unwrap_or_default();
    html! {
        <section class="ck-console-card ck-console-review" aria-labelledby="ck-review">
            <h2 id="ck-review">{ words.review_queue }{ " · " }{ props.held }</h2>
            if let Some(problem) = &*problem {
                <p class="ck-console-problem" role="alert">{ problem }</p>
            }
            if queue.is_some() && visits.is_empty() {
                <p class="ck-console-muted">{ words.review_empty }</p>
            }
            <ul class="ck-console-review-list">
                { for visits.iter().map(|visit| html! {
                    <ReviewItem key={visit.visitor_id.clone()} visit={visit.clone()}
                        locale={props.console.locale} decide={decide.clone()} />
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewItemProps {
    visit: campaign_core::wire::ReferralVisit,
    locale: Locale,
    decide: Callback<(String, bool, Option<String>)>,
}

#[function_component]
fn ReviewItem(props: &ReviewItemProps) -> Html {
    let words = text(props.locale);
    let visit = &props.visit;
    let rejecting = use_state(|| false);
    let reason = use_node_ref();
    let approve = {
        let decide = props.decide.clone();
        let visitor = visit.visitor_id.clone();
        Callback::from(move |_: MouseEvent| decide.emit((visitor.clone(), true, None)))
    };
    let start_reject = {
        let rejecting = rejecting.clone();
        Callback::from(move |_: MouseEvent| rejecting.set(true))
    };
    let cancel = {
        let rejecting = rejecting.clone();
        Callback::from(move |_: MouseEvent| rejecting.set(false))
    };
    let reject = {
        let decide = props.decide.clone();
        let visitor = visit.visitor_id.clone();
        let reason = reason.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let typed = reason
                .cast::<HtmlInputElement>()
                .map(|input| input.value().trim().to_owned())
                .filter(|typed| !typed.is_empty());
            decide.emit((visitor.clone(), false, typed));
        })
    };
    let reason_id = format!("ck-reason-{}", visit.visitor_id);
    html! {
        <li class="ck-console-review-item" data-visitor={visit.visitor_id.clone()}>
            <dl>
                <dt>{ words.inviter }</dt><dd><code>{ &visit.code }</code></dd>
                <dt>{ words.invitee }</dt><dd><code>{ &visit.visitor_id }</code></dd>
                <dt>{ words.address }</dt><dd>{ visit.ip.clone().unwrap_or_else(|| "–".to_owned()) }</dd>
                <dt>{ words.arrived }</dt><dd>{ beijing_time(visit.first_seen_at) }</dd>
            </dl>
            if *rejecting {
                <form class="ck-console-reject" onsubmit={reject}>
                    <label for={reason_id.clone()}>{ words.reason }</label>
                    <input id={reason_id} ref={reason} type="text" maxlength="200" required=true />
                    <button type="submit" class="ck-console-button ck-console-button-danger">{ words.reject }</button>
                    <button type="button" class="ck-console-link-button" onclick={cancel}>{ words.cancel }</button>
                </form>
            } else {
                <div class="ck-console-actions">
                    <button type="button" class="ck-console-button ck-approve" onclick={approve}>{ words.approve }</button>
                    <button type="button" class="ck-console-button ck-console-button-quiet ck-reject" onclick={start_reject}>{ words.reject }</button>
                </div>
            }
        </li>
    }
}
