//! Serving the built pages: the personalised shell for every app path, hashed
//! assets cached for a year, and everything else from `dist/` as files (with the
//! brotli or gzip copies the build made, when the browser accepts them).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_FRAME_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use campaign_core::config::Identity;
use campaign_core::identity::needs_person;
use campaign_core::routes::Route;
use campaign_core::shell::{
    ALL_KINDS_SHELL, Bundle, CONFIG_FILES_PATH, ConfigFile, personalise_served_shell, shell_file,
    with_first_screen, with_page_title,
};
use campaign_core::{Campaign, PageKind};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::routes::headers::{PageSources, WECHAT_SHARE_SCRIPT, page_headers, page_policy};
use crate::routes::wechat;

/// A page as served: its HTML and its security headers, both made at start-up.
pub struct ServedPage {
    html: String,
    headers: HeaderMap,
}

impl ServedPage {
    fn new(html: String, sources: &PageSources) -> ServedPage {
        let policy = page_policy(&html, sources);
        ServedPage {
            headers: page_headers(&policy, sources),
            html,
        }
    }

    /// The console's page: never framed, never cached, never indexed; the
    /// same sources as the pages (it calls this server's API).
    fn console(html: String, sources: &PageSources) -> ServedPage {
        let own = PageSources {
            connect: sources.connect.clone(),
            frame_ancestors: Vec::new(),
        };
        let policy =
            page_policy(&html, &own).replace("frame-ancestors 'self'", "frame-ancestors 'none'");
        let mut headers = page_headers(&policy, &own);
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
        ServedPage { html, headers }
    }

    fn respond(&self, status: StatusCode) -> Response {
        let mut response = (status, self.headers.clone(), Html(self.html.clone())).into_response();
        // The shell names the current hashed assets, so it must always be revalidated.
        response
            .headers_mut()
            .entry(CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-cache"));
        response
    }
}

/// What the pages need to know of the server that the campaign does not say.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Origins whose configs a page may preview with `?c=` besides the
    /// server's own preview (`--preview-origins`). Pages read them from
    /// `<meta name="campaign-kit-preview-origins">`.
    pub preview_origins: Vec<String>,
}

/// The shells for app paths, one per bundle the build has, and the designer's
/// preview page, built at start-up.
pub struct Shells {
    home: ServedPage,
    kinds: HashMap<PageKind, ServedPage>,
    /// Every kind together, for `?c=` previews and unknown pages.
    all: Option<ServedPage>,
    preview: Option<ServedPage>,
    /// The campaign console (`/admin`), when the build made it.
    console: Option<ServedPage>,
    /// The configs too long to inline, by path (see
    /// [`personalise_served_shell`]): one per bundle that reads one.
    config_files: HashMap<String, Bytes>,
    sources: PageSources,
    /// Each page's shell with its first screen rendered in (the home's under
    /// `None`), made when first asked for and again once it is a minute old: so
    /// what shows before the wasm starts (a countdown, whether sign-up is
    /// still open) is never more than a minute behind, and rendering costs a
    /// page a minute, not a request.
    rendered: RwLock<HashMap<Option<String>, RenderedPage>>,
}

/// How old a rendered first screen may be served.
pub const FIRST_SCREEN_MAX_AGE_MS: i64 = 60_000;

#[derive(Clone)]
struct RenderedPage {
    at_ms: i64,
    page: Arc<ServedPage>,
}

impl Shells {
    pub fn build(dist: &Path, campaign: &Campaign, options: &SiteOptions) -> Shells {
        let mut sources = PageSources::of(campaign);
        // A preview fetches its config from these origins.
        sources
            .connect
            .extend(options.preview_origins.iter().cloned());
        let share_cards = !campaign.wechat.share.is_empty();
        let page = |html: String| {
            let html = with_preview_origins(html, options);
            let html = if share_cards {
                with_share_script(html)
            } else {
                html
            };
            ServedPage::new(html, &sources)
        };
        let mut config_files = HashMap::new();
        let mut personalised = |shell: &str, bundle: Bundle| {
            let (html, file) = personalise_served_shell(shell, campaign, bundle);
            if let Some(ConfigFile { path, json }) = file {
                config_files.insert(path, Bytes::from(json));
            }
            page(html)
        };
        let kinds = PageKind::ALL
            .into_iter()
            .filter(|kind| dist.join(shell_file(Some(*kind))).exists())
            .map(|kind| {
                let shell = read_shell(dist, Some(kind));
                (kind, personalised(&shell, Bundle::Kind(kind)))
            })
            .collect();
        let all = std::fs::read_to_string(dist.join(ALL_KINDS_SHELL))
            .ok()
            .map(|shell| personalised(&shell, Bundle::All));
        let home = personalised(&read_shell(dist, None), Bundle::Home);
        let preview = std::fs::read_to_string(dist.join("preview.html"))
            .ok()
            .map(|html| ServedPage::new(html, &sources));
        let console = std::fs::read_to_string(dist.join("console.html"))
            .ok()
            .map(|html| ServedPage::console(html, &sources));
        Shells {
            home,
            kinds,
            all,
            preview,
            console,
            config_files,
            sources,
            rendered: RwLock::new(HashMap::new()),
        }
    }

    /// The shell of `page` (`None`: the home) with its first screen as it
    /// shows at `now_ms` rendered in, which the page's bundle hydrates. `None`
    /// when there is no bundle of the page's own to hydrate it (the build
    /// made none, or an older build's shell has no place for it).
    pub(crate) fn first_screen(
        &self,
        campaign: &Campaign,
        page: Option<&campaign_core::Page>,
        now_ms: i64,
    ) -> Option<Arc<ServedPage>> {
        let key = page.map(|page| page.id().to_owned());
        let fresh = |rendered: &RenderedPage| {
            (0..FIRST_SCREEN_MAX_AGE_MS).contains(&(now_ms - rendered.at_ms))
        };
        if let Some(rendered) = self
            .rendered
            .read()
            .ok()
            .and_then(|cache| cache.get(&key).filter(|r| fresh(r)).cloned())
        {
            return Some(rendered.page);
        }
        let (shell, route) = match page {
            Some(page) => (
                self.kinds.get(&page.kind())?,
                Route::Page(page.id().to_owned()),
            ),
            None => (&self.home, Route::Home),
        };
        let markup = campaign_kit::prerender::first_screens(campaign, &[route], now_ms);
        let html = with_first_screen(&shell.html, markup.first()?)?;
        let html = match page {
            Some(page) => with_page_title(&html, campaign, page),
            None => html,
        };
        let served = Arc::new(ServedPage::new(html, &self.sources));
        if let Ok(mut cache) = self.rendered.write() {
            cache.insert(
                key,
                RenderedPage {
                    at_ms: now_ms,
                    page: served.clone(),
                },
            );
        }
        Some(served)
    }

    /// The shell for pages of `kind` (`None`: the home): its own bundle's, when
    /// the build made one.
    fn for_kind(&self, kind: Option<PageKind>) -> &ServedPage {
        kind.and_then(|kind| self.kinds.get(&kind))
            .unwrap_or(&self.home)
    }

    /// The shell that can show any page: for another config (`?c=`), whose pages
    /// this server does not know.
    fn for_any(&self) -> &ServedPage {
        self.all.as_ref().unwrap_or(&self.home)
    }
}

/// Names the preview origins in the shell's head, for the page's loader.
fn with_preview_origins(html: String, options: &SiteOptions) -> String {
    if options.preview_origins.is_empty() {
        return html;
    }
    let meta = format!(
        "<head>\n<meta name=\"{}\" content=\"{}\">",
        campaign_core::shell::PREVIEW_ORIGINS_META,
        campaign_core::shell::escape_html(&options.preview_origins.join(" "))
    );
    html.replacen("<head>", &meta, 1)
}

/// Loads the share card script, for campaigns with `wechat.share` cards.
fn with_share_script(html: String) -> String {
    match html.find("</head>") {
        Some(at) => {
            let mut html = html;
            html.insert_str(at, WECHAT_SHARE_SCRIPT);
            html
        }
        None => html,
    }
}

/// The built shell for pages of `kind` (`None`: the home), or a page saying
/// the pages are not built.
fn read_shell(dist: &Path, kind: Option<PageKind>) -> String {
    let file = dist.join(shell_file(kind));
    match std::fs::read_to_string(&file) {
        Ok(shell) => shell,
        Err(_) => format!(
            "<!doctype html><meta charset=utf-8><title>Campaign Kit</title>\
             <p>The pages are not built: no <code>{}</code>. Run <code>cargo xtask build</code>, \
             or <code>cargo xtask demo</code>, then reload.</p>",
            campaign_core::shell::escape_html(&file.display().to_string())
        ),
    }
}

/// Answers `/`, `/index.html` and `/p/<id>` with the shell; an unknown page id gets
/// the shell with status 404 (the app shows its not-found page).
async fn shell(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let previewing = uri.query().is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.starts_with("c=") || pair == "preview=1")
    });
    // A `wechat` campaign's pages with something to win need the person:
    // signed in before the page loads, so nobody fills a survey in vain.
    if let (false, Route::Page(id)) = (previewing, Route::parse(uri.path())) {
        let gated = state
            .campaign
            .page(&id)
            .is_some_and(|page| state.campaign.identity == Identity::Wechat && needs_person(page));
        let path_and_query = uri.path_and_query().map_or("/", |path| path.as_str());
        if let Some(answer) = gated
            .then(|| wechat::gate(&state, &headers, path_and_query))
            .flatten()
        {
            return answer;
        }
    }
    let route = Route::parse(uri.path());
    let page = match &route {
        Route::Page(id) => state.campaign.page(id),
        _ => None,
    };
    if !previewing && (page.is_some() || route == Route::Home) {
        // The page's first screen, rendered on the blocking pool when the
        // cached one is a minute old (a few milliseconds, once a minute).
        let rendering = {
            let state = state.clone();
            let page_id = page.map(|page| page.id().to_owned());
            tokio::task::spawn_blocking(move || {
                let page = page_id.as_deref().and_then(|id| state.campaign.page(id));
                state
                    .shells
                    .first_screen(&state.campaign, page, state.now())
            })
        };
        if let Ok(Some(rendered)) = rendering.await {
            return rendered.respond(StatusCode::OK);
        }
    }
    let (status, shell) = match route {
        _ if previewing => (StatusCode::OK, state.shells.for_any()),
        Route::Page(_) => match page {
            Some(page) => (StatusCode::OK, state.shells.for_kind(Some(page.kind()))),
            None => (StatusCode::NOT_FOUND, state.shells.for_any()),
        },
        _ => (StatusCode::OK, state.shells.for_kind(None)),
    };
    shell.respond(status)
}

/// `/preview`: every page of the campaign in phone frames.
async fn preview(State(state): State<AppState>) -> Response {
    match &state.shells.preview {
        Some(page) => page.respond(StatusCode::OK),
        None => (
            StatusCode::NOT_FOUND,
            "the preview is not built; run `cargo xtask build`",
        )
            .into_response(),
    }
}

/// `/admin` and its paths: the campaign console, a page of its own (no first
/// screen rendered on the server: it shows nothing before signing in).
async fn console(State(state): State<AppState>) -> Response {
    match &state.shells.console {
        Some(page) => page.respond(StatusCode::OK),
        None => (
            StatusCode::NOT_FOUND,
            [(CACHE_CONTROL, "no-store")],
            "the console is not built; run cargo xtask build",
        )
            .into_response(),
    }
}

/// The campaign the server runs, for static-style clients and tools.
async fn campaign_json(State(state): State<AppState>) -> Response {
    let body = serde_json::to_string(&*state.campaign).unwrap_or_default();
    (
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `GET /config/<digest>.json`: a config too long to inline in its pages. Its
/// path names its content, so it is cached for good; a path of a config the
/// server no longer runs (it restarted with another) is not found, and the
/// page that asked reads `/campaign.json` instead.
async fn config_file(State(state): State<AppState>, uri: Uri) -> Response {
    match state.shells.config_files.get(uri.path()) {
        Some(json) => (
            [
                (CONTENT_TYPE, "application/json"),
                (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            json.clone(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(CACHE_CONTROL, "no-store")],
            "no such config: the page is older than the server's campaign; reload it",
        )
            .into_response(),
    }
}

/// The app's paths: every page gets the shell of its bundle; the designer's
/// preview of every page (see docs/marketer-guide.md); the served config.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaign.json", get(campaign_json))
        .route(&format!("{CONFIG_FILES_PATH}{{file}}"), get(config_file))
        .route("/", get(shell))
        .route("/index.html", get(shell))
        .route("/p/{id}", get(shell))
        .route("/p/{id}/", get(shell))
        .route("/preview", get(preview))
        .route("/admin", get(console))
        .route("/admin/", get(console))
        .route("/admin/redeem", get(console))
        .route("/admin/p/{id}", get(console))
}

/// Static files under `dist/`.
pub fn files(dist: &Path) -> Router {
    let assets = ServeDir::new(dist.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let others = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(assets),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=300"),
                ))
                .service(others),
        )
}
