//! The URLs of a campaign's pages, shared by the app (routing), the server (which
//! paths fall back to the app) and xtask (printing every page's URL).
//!
//! Pages live at real paths, not hash fragments, so each can be printed as a QR
//! code and later prerendered as its own HTML file.

/// A place in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The campaign home, listing its pages.
    Home,
    /// One page of the campaign, by id.
    Page(String),
    /// Any other path.
    NotFound,
}

const PAGE_PREFIX: &str = "/p/";

impl Route {
    /// Reads a URL path (without query or fragment).
    pub fn parse(path: &str) -> Route {
        match path {
            "" | "/" | "/index.html" => Route::Home,
            _ => match path.strip_prefix(PAGE_PREFIX) {
                Some(rest) => {
                    let id = rest.strip_suffix('/').unwrap_or(rest);
                    if id.is_empty() || id.contains('/') {
                        Route::NotFound
                    } else {
                        Route::Page(id.to_owned())
                    }
                }
                None => Route::NotFound,
            },
        }
    }

    /// The path of this route; `NotFound` has none and maps to the home.
    pub fn path(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".to_owned(),
            Route::Page(id) => page_path(id),
        }
    }
}

/// The path of a page: `/p/<id>`.
pub fn page_path(id: &str) -> String {
    format!("{PAGE_PREFIX}{id}")
}

/// Whether the server should answer `path` with the app's HTML shell.
pub fn is_app_path(path: &str) -> bool {
    !matches!(Route::parse(path), Route::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_home_and_pages() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/index.html"), Route::Home);
        assert_eq!(
            Route::parse("/p/quiz-520"),
            Route::Page("quiz-520".to_owned())
        );
        assert_eq!(
            Route::parse("/p/quiz-520/"),
            Route::Page("quiz-520".to_owned())
        );
    }

    #[test]
    fn rejects_other_paths() {
        assert_eq!(Route::parse("/p/"), Route::NotFound);
        assert_eq!(Route::parse("/p/a/b"), Route::NotFound);
        assert_eq!(Route::parse("/api/v1/submissions"), Route::NotFound);
        assert!(!is_app_path("/favicon.ico"));
        assert!(is_app_path("/p/survey"));
    }

    #[test]
    fn paths_round_trip() {
        for route in [Route::Home, Route::Page("survey".to_owned())] {
            assert_eq!(Route::parse(&route.path()), route);
        }
    }
}
