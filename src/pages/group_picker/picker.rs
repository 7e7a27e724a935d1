//! Choosing an area by hand: province, then city, then the area's group, or a
//! search across all of them. Big rows, one column: usable with one thumb.

use std::rc::Rc;

use campaign_core::config::{GroupPickerPage, Locale};
use campaign_core::groups::{AreaChoice, Fill, areas_of_city, cities, provinces, search_areas};
use yew::prelude::*;

use crate::shared::SharedPage;

use crate::hooks::use_clock;
use crate::i18n::strings;

#[derive(Properties, PartialEq)]
pub struct ManualPickerProps {
    pub page: SharedPage<GroupPickerPage>,
    pub fill: Rc<Fill>,
    pub locale: Locale,
    /// The group standing for the chosen area.
    pub on_choose: Callback<usize>,
}

#[function_component]
pub fn ManualPicker(props: &ManualPickerProps) -> Html {
    let text = &strings(props.locale).groups;
    let page = &props.page;
    let query = use_state(String::new);
    let province = use_state(|| None::<String>);
    let city = use_state(|| None::<String>);
    let now = use_clock(|_| false);

    let on_search = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    let rows = |areas: Vec<AreaChoice>| -> Html {
        html! {
            <ul class="ck-area-list">
                { for areas.into_iter().map(|area| area_row(page, area, &props.on_choose, text.full)) }
            </ul>
        }
    };

    let list = if !query.trim().is_empty() {
        let found = search_areas(page, &query, &props.fill, now);
        if found.is_empty() {
            html! { <p class="ck-muted" role="status">{ text.no_match }</p> }
        } else {
            rows(found)
        }
    } else {
        // A province with one city (a municipality) goes straight to its areas.
        let chosen_city = (*city).clone().or_else(|| {
            let province = province.as_deref()?;
            match cities(page, province).as_slice() {
                [only] => Some((*only).to_owned()),
                _ => None,
            }
        });
        match (province.as_deref(), chosen_city) {
            (Some(province_name), Some(city_name)) => rows(areas_of_city(
                page,
                province_name,
                &city_name,
                &props.fill,
                now,
            )),
            (Some(province_name), None) => choice_grid(cities(page, province_name), {
                let city = city.clone();
                Callback::from(move |name: String| city.set(Some(name)))
            }),
            (None, _) => choice_grid(provinces(page), {
                let province = province.clone();
                let city = city.clone();
                Callback::from(move |name: String| {
                    city.set(None);
                    province.set(Some(name));
                })
            }),
        }
    };

    let crumbs = province.as_ref().map(|province_name| {
        let to_provinces = {
            let province = province.clone();
            let city = city.clone();
            Callback::from(move |_| {
                city.set(None);
                province.set(None);
            })
        };
        let to_cities = {
            let city = city.clone();
            Callback::from(move |_| city.set(None))
        };
        html! {
            <nav class="ck-crumbs" aria-label={text.picker_title}>
                <button type="button" class="ck-crumb" onclick={to_provinces}>{ text.all_provinces }</button>
                <span aria-hidden="true">{ "›" }</span>
                if city.is_some() {
                    <button type="button" class="ck-crumb" onclick={to_cities}>{ province_name }</button>
                    <span aria-hidden="true">{ "›" }</span>
                    <span class="ck-crumb-current" aria-current="location">{ city.as_deref().unwrap_or_default() }</span>
                } else {
                    <span class="ck-crumb-current" aria-current="location">{ province_name }</span>
                }
            </nav>
        }
    });

    html! {
        <section class="ck-card ck-picker" aria-labelledby="ck-picker-title">
            <h2 class="ck-section-title" id="ck-picker-title">{ text.picker_title }</h2>
            <label class="ck-search">
                <span class="ck-search-label">{ text.search_label }</span>
                <input type="search" class="ck-input" value={(*query).clone()} oninput={on_search}
                    placeholder={text.search_placeholder} enterkeyhint="search" autocomplete="off" />
            </label>
            if query.trim().is_empty() {
                { for crumbs }
            }
            { list }
        </section>
    }
}

fn choice_grid(names: Vec<&str>, on_pick: Callback<String>) -> Html {
    html! {
        <ul class="ck-choice-grid">
            { for names.into_iter().map(|name| {
                let on_pick = on_pick.clone();
                let owned = name.to_owned();
                html! {
                    <li><button type="button" class="ck-choice-cell"
                        onclick={Callback::from(move |_| on_pick.emit(owned.clone()))}>{ name }</button></li>
                }
            }) }
        </ul>
    }
}

/// One area: its label and the group that would take the member now.
fn area_row(
    page: &GroupPickerPage,
    area: AreaChoice,
    on_choose: &Callback<usize>,
    full_label: &'static str,
) -> Html {
    let Some(head) = page.groups.get(area.head) else {
        return Html::default();
    };
    let shown = area
        .open
        .and_then(|index| page.groups.get(index))
        .unwrap_or(head);
    let onclick = {
        let on_choose = on_choose.clone();
        let head = area.head;
        Callback::from(move |_| on_choose.emit(head))
    };
    html! {
        <li>
            <button type="button" class="ck-area-row" {onclick} data-group={shown.id.clone()}>
                <span class="ck-area-name">{ head.area_label() }</span>
                <span class="ck-area-group">{ &shown.name }</span>
                if area.open.is_none() {
                    <span class="ck-area-full-badge">{ full_label }</span>
                }
            </button>
        </li>
    }
}
