//! Serving the built pages: the personalised shell for every app path, hashed
//! assets cached for a year, and everything else from `dist/` as files (with the
//! brotli or gzip copies the build made, when the browser accepts them).

use std::collections::HashMap;
use std::path::Path;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use campaign_core::routes::Route;
use campaign_core::shell::{ALL_KINDS_SHELL, Bundle, personalise_shell, shell_file};
use campaign_core::{Campaign, PageKind};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// The shells for app paths, one per bundle the build has, built at start-up.
pub struct Shells {
    home: String,
    kinds: HashMap<PageKind, String>,
    /// Every kind together, for `?c=` previews and unknown pages.
    all: Option<String>,
}

impl Shells {
    pub fn build(dist: &Path, campaign: &Campaign) -> Shells {
        let kinds = PageKind::ALL
            .into_iter()
            .filter(|kind| dist.join(shell_file(Some(*kind))).exists())
            .map(|kind| (kind, build_shell(dist, campaign, Some(kind))))
            .collect();
        let all = std::fs::read_to_string(dist.join(ALL_KINDS_SHELL))
            .ok()
            .map(|shell| personalise_shell(&shell, campaign, Bundle::All));
        Shells {
            home: build_shell(dist, campaign, None),
            kinds,
            all,
        }
    }

    /// The shell for pages of `kind` (`None`: the home): its own bundle's, when
    /// the build made one.
    pub fn for_kind(&self, kind: Option<PageKind>) -> &str {
        kind.and_then(|kind| self.kinds.get(&kind))
            .unwrap_or(&self.home)
    }

    /// The shell that can show any page: for another config (`?c=`), whose pages
    /// this server does not know.
    pub fn for_any(&self) -> &str {
        self.all.as_deref().unwrap_or(&self.home)
    }
}

fn build_shell(dist: &Path, campaign: &Campaign, kind: Option<PageKind>) -> String {
    let file = dist.join(shell_file(kind));
    match std::fs::read_to_string(&file) {
        Ok(shell) => personalise_shell(&shell, campaign, kind.map_or(Bundle::Home, Bundle::Kind)),
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
async fn shell(State(state): State<AppState>, uri: Uri) -> Response {
    let previewing = uri.query().is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.starts_with("c=") || pair == "preview=1")
    });
    let (status, shell) = match Route::parse(uri.path()) {
        _ if previewing => (StatusCode::OK, state.shells.for_any()),
        Route::Page(id) => match state.campaign.page(&id) {
            Some(page) => (StatusCode::OK, state.shells.for_kind(Some(page.kind()))),
            None => (StatusCode::NOT_FOUND, state.shells.for_any()),
        },
        _ => (StatusCode::OK, state.shells.for_kind(None)),
    };
    let mut response = (status, Html(shell.to_owned())).into_response();
    // The shell names the current hashed assets, so it must always be revalidated.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
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

/// The app's paths: every page gets the shell of its bundle; the designer's
/// preview of every page (see docs/marketer-guide.md); the served config.
pub fn router(dist: &Path) -> Router<AppState> {
    Router::new()
        .route("/campaign.json", get(campaign_json))
        .route("/", get(shell))
        .route("/index.html", get(shell))
        .route("/p/{id}", get(shell))
        .route("/p/{id}/", get(shell))
        .route_service(
            "/preview",
            tower_http::services::ServeFile::new(dist.join("preview.html")),
        )
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
