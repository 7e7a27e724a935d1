//! The campaign at a glance: per page, views, starts and results today and
//! in total, the funnel between them, the daily trend, and where visits came
//! from (channels, invitations, direct).

use campaign_core::config::Locale;
use campaign_core::wire::{ChannelName, Funnel, Overview, PageOverview, Source};
use yew::prelude::*;

use super::chart::{Bar, Bars, Series, Trend, percent};
use super::text::{Text, kind_name, text};
use super::{Console, Screen, api};

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub console: Console,
}

#[function_component]
pub fn OverviewScreen(props: &OverviewProps) -> Html {
    let console = &props.console;
    let words = text(console.locale);
    let overview = use_state(|| None::<Result<Overview, String>>);
    {
        let overview = overview.clone();
        let console = console.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::get::<Overview>("/api/v1/admin/overview?days=14").await;
                overview.set(Some(answer.map_err(|failure| console.explain(&failure))));
            });
        });
    }
    match &*overview {
        None => html! { <p role="status">{ words.loading }</p> },
        Some(Err(problem)) => html! { <p class="ck-console-problem" role="alert">{ problem }</p> },
        Some(Ok(overview)) => html! {
            <>
                <h1 class="ck-console-heading">{ words.overview }
                    <span class="ck-console-muted">{ " · " }{ words.today }{ " " }{ &overview.today }</span>
                </h1>
                <div class="ck-console-pages">
                    { for overview.pages.iter().map(|page| html! {
                        <PageCard console={console.clone()} page={page.clone()}
                            channels={overview.channels.clone()} />
                    }) }
                </div>
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct PageCardProps {
    console: Console,
    page: PageOverview,
    channels: Vec<ChannelName>,
}

#[function_component]
fn PageCard(props: &PageCardProps) -> Html {
    let page = &props.page;
    let locale = props.console.locale;
    let words = text(locale);
    let heading_id = format!("ck-page-{}", page.page_id);
    let open = {
        let go = props.console.go.clone();
        let id = page.page_id.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            go.emit(Screen::Page(id.clone()));
        })
    };
    let days: Vec<String> = page.daily.iter().map(|day| day.day.clone()).collect();
    let series = vec![
        Series {
            name: words.views,
            class: "ck-series-views",
            values: page.daily.iter().map(|day| day.funnel.views).collect(),
        },
        Series {
            name: words.starts,
            class: "ck-series-starts",
            values: page.daily.iter().map(|day| day.funnel.starts).collect(),
        },
        Series {
            name: words.results,
            class: "ck-series-results",
            values: page.daily.iter().map(|day| day.funnel.results).collect(),
        },
    ];
    html! {
        <section class="ck-console-card ck-console-page" data-page={page.page_id.clone()}
            aria-labelledby={heading_id.clone()}>
            <header class="ck-console-card-head">
                <h2 id={heading_id}>{ &page.title }</h2>
                <span class="ck-console-kind">{ kind_name(page.kind, locale) }</span>
            </header>
            <Counts funnel_today={page.today} funnel_total={page.total} {locale} />
            <h3>{ words.funnel }</h3>
            <FunnelBars funnel={page.total} {locale} />
            <h3>{ words.daily_trend }</h3>
            <Trend label={format!("{} · {}", page.title, words.daily_trend)} {days} {series} />
            <h3>{ words.by_source }</h3>
            <Sources page={page.clone()} channels={props.channels.clone()} {locale} />
            <p><a class="ck-console-button ck-console-button-quiet" href={Screen::Page(page.page_id.clone()).path()}
                onclick={open}>{ words.details }</a></p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct CountsProps {
    pub funnel_today: Funnel,
    pub funnel_total: Funnel,
    pub locale: Locale,
}

/// Views, starts and results, today and in total.
#[function_component]
pub fn Counts(props: &CountsProps) -> Html {
    let words = text(props.locale);
    let row = |range: &'static str, label: &'static str, funnel: Funnel| {
        html! {
            <tr data-range={range}>
                <th scope="row">{ label }</th>
                <td data-metric="views">{ funnel.views }</td>
                <td data-metric="starts">{ funnel.starts }</td>
                <td data-metric="results">{ funnel.results }</td>
            </tr>
        }
    };
    html! {
        <table class="ck-console-table ck-console-counts">
            <thead><tr>
                <td></td>
                <th scope="col">{ words.views }</th>
                <th scope="col">{ words.starts }</th>
                <th scope="col">{ words.results }</th>
            </tr></thead>
            <tbody>
                { row("today", words.today, props.funnel_today) }
                { row("total", words.total, props.funnel_total) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct FunnelProps {
    funnel: Funnel,
    locale: Locale,
}

/// View → start → result, each step with its share of the step before.
#[function_component]
fn FunnelBars(props: &FunnelProps) -> Html {
    let words = text(props.locale);
    let Funnel {
        views,
        starts,
        results,
    } = props.funnel;
    let bars = vec![
        Bar {
            label: words.views.to_owned(),
            value: views,
            note: None,
            key: "views".to_owned(),
        },
        Bar {
            label: words.starts.to_owned(),
            value: starts,
            note: percent(starts, views).map(|share| format!("{share} {}", words.of_previous)),
            key: "starts".to_owned(),
        },
        Bar {
            label: words.results.to_owned(),
            value: results,
            note: percent(results, starts).map(|share| format!("{share} {}", words.of_previous)),
            key: "results".to_owned(),
        },
    ];
    html! { <div class="ck-console-funnel"><Bars {bars} /></div> }
}

#[derive(Properties, PartialEq)]
struct SourcesProps {
    page: PageOverview,
    channels: Vec<ChannelName>,
    locale: Locale,
}

fn source_name(source: &Source, channels: &[ChannelName], words: &Text) -> String {
    match source {
        Source::Channel(code) => channels
            .iter()
            .find(|channel| &channel.code == code)
            .map_or_else(|| code.clone(), |channel| channel.name.clone()),
        Source::Referral => words.referral.to_owned(),
        Source::Direct => words.direct.to_owned(),
    }
}

fn source_key(source: &Source) -> String {
    match source {
        Source::Channel(code) => format!("ch:{code}"),
        Source::Referral => "referral".to_owned(),
        Source::Direct => "direct".to_owned(),
    }
}

/// The funnel by where visits came from.
#[function_component]
fn Sources(props: &SourcesProps) -> Html {
    let words = text(props.locale);
    html! {
        <table class="ck-console-table ck-console-sources">
            <thead><tr>
                <th scope="col">{ words.source }</th>
                <th scope="col">{ words.views }</th>
                <th scope="col">{ words.starts }</th>
                <th scope="col">{ words.results }</th>
            </tr></thead>
            <tbody>
                { for props.page.sources.iter().map(|row| html! {
                    <tr data-source={source_key(&row.source)}>
                        <th scope="row">{ source_name(&row.source, &props.channels, words) }</th>
                        <td data-metric="views">{ row.funnel.views }</td>
                        <td data-metric="starts">{ row.funnel.starts }</td>
                        <td data-metric="results">{ row.funnel.results }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
