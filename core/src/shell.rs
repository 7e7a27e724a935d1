//! The HTML shell a server sends for every app path, personalised per campaign so
//! the phone shows the right title and language at once and needs no second round
//! trip for the config.

use crate::campaign::{Campaign, PageKind};

/// The `<html>` tag the built shell must contain, replaced by the campaign's language.
pub const SHELL_HTML_TAG: &str = "<html lang=\"zh-CN\">";
/// The `<title>` the built shell must contain, replaced by the campaign's title.
pub const SHELL_TITLE: &str = "<title>Campaign Kit</title>";
/// Name of the `<meta>` element listing, space-separated, the origins whose
/// configs a page may show with `?c=` outside the site's own preview:
/// `<meta name="campaign-kit-preview-origins" content="https://a.example https://b.example">`.
/// The server writes it into every shell from `--preview-origins`; without it,
/// only the site's own `/preview` may show another config.
pub const PREVIEW_ORIGINS_META: &str = "campaign-kit-preview-origins";
/// The CSS selector of that element.
pub const PREVIEW_ORIGINS_SELECTOR: &str = "meta[name=campaign-kit-preview-origins]";
/// Id of the `<script type="application/json">` element holding an inlined config.
pub const CONFIG_ELEMENT_ID: &str = "campaign-config";

/// A build of the app, by the page kinds it reads in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The campaign home: no page kind.
    Home,
    /// The pages of one kind.
    Kind(PageKind),
    /// Every kind (previews of other configs).
    All,
}

impl Bundle {
    pub fn reads(self, kind: PageKind) -> bool {
        match self {
            Bundle::Home => false,
            Bundle::Kind(own) => own == kind,
            Bundle::All => true,
        }
    }
}

/// Puts `campaign`'s language, title and config into the shell of `bundle`,
/// the config inlined whatever its size (see [`personalise_served_shell`]).
pub fn personalise_shell(shell: &str, campaign: &Campaign, bundle: Bundle) -> String {
    let config = bundle_config(campaign, bundle);
    let script = format!(
        "<script id=\"{CONFIG_ELEMENT_ID}\" type=\"application/json\">{}</script>",
        escape_script_json(&config)
    );
    with_campaign_head(shell, campaign, &script)
}

/// Configs longer than this, as the JSON text a bundle reads, are not inlined
/// but served as a file of their own (see [`personalise_served_shell`]). Most
/// campaigns are far shorter (the whole demo is 18 KB, and each of its page
/// bundles reads at most 6 KB); a CMB-size group picker, 3,000 groups, is 600 KB.
pub const INLINE_CONFIG_MAX_BYTES: usize = 32 * 1024;

/// Name of the `<meta>` element naming the URL of a config served apart from
/// its page (see [`personalise_served_shell`]), which the page fetches in
/// place of `/campaign.json`.
pub const CONFIG_URL_META: &str = "campaign-kit-config";

/// Where a server serves the configs it does not inline: `/config/<digest>.json`.
pub const CONFIG_FILES_PATH: &str = "/config/";

/// A config served apart from its page, at a URL named by its digest, so it is
/// cached for good and never stale.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigFile {
    /// The URL path, under [`CONFIG_FILES_PATH`].
    pub path: String,
    pub json: String,
}

/// [`personalise_shell`] as a server does it: a config longer than
/// [`INLINE_CONFIG_MAX_BYTES`] is left out of the page, which would otherwise
/// make every visit download it before the first screen (it sits in the head)
/// and never cache it. The page names it instead, by its digest; the shell's
/// script fetches it when it starts the wasm's download (which waits for the
/// first paint: neither may share a slow network's first second with the
/// stylesheets), and later visits have it from the cache. The server serves
/// the returned file at its path.
pub fn personalise_served_shell(
    shell: &str,
    campaign: &Campaign,
    bundle: Bundle,
) -> (String, Option<ConfigFile>) {
    let config = bundle_config(campaign, bundle);
    if config.len() <= INLINE_CONFIG_MAX_BYTES {
        return (personalise_shell(shell, campaign, bundle), None);
    }
    let digest = config_digest(&config);
    let path = format!("{CONFIG_FILES_PATH}{digest}.json");
    // The digest meta tells the loader that the first screen in the page was
    // rendered from this very config, as for a static build's `campaign.json`.
    let head = format!(
        "<meta name=\"{CONFIG_URL_META}\" content=\"{path}\">\
         <meta name=\"{FIRST_SCREEN_CONFIG_META}\" content=\"{digest}\">"
    );
    let html = with_campaign_head(shell, campaign, &head);
    (html, Some(ConfigFile { path, json: config }))
}

/// The config as the pages of `bundle` read it. Pages of kinds the bundle does
/// not read are kept as headers only (with the course funnel's links): that is
/// all it reads of them.
fn bundle_config(campaign: &Campaign, bundle: Bundle) -> String {
    let mut config = serde_json::to_value(campaign).unwrap_or_default();
    if let Some(fields) = config.as_object_mut() {
        // The editor's schema link means nothing to the page.
        fields.remove("$schema");
    }
    if let Some(pages) = config
        .get_mut("pages")
        .and_then(serde_json::Value::as_array_mut)
    {
        for (page, typed) in pages.iter_mut().zip(&campaign.pages) {
            if !bundle.reads(typed.kind()) {
                if let Some(fields) = page.as_object_mut() {
                    // The header, and the course funnel's links between its
                    // two pages (see `PageLinks`), which bundles read of an
                    // unread page.
                    fields.retain(|key, _| {
                        matches!(
                            key.as_str(),
                            "id" | "kind" | "title" | "description" | "course_page" | "next_intake"
                        )
                    });
                }
            }
        }
    }
    config.to_string()
}

/// The shell in the campaign's language, with its title, and `head` (the
/// config, or where to find it) at the end of its head.
fn with_campaign_head(shell: &str, campaign: &Campaign, head: &str) -> String {
    let mut html = shell
        .replacen(
            SHELL_HTML_TAG,
            &format!("<html lang=\"{}\">", campaign.locale.tag()),
            1,
        )
        .replacen(
            SHELL_TITLE,
            &format!("<title>{}</title>", escape_html(&campaign.title)),
            1,
        );
    match html.find("</head>") {
        Some(at) => html.insert_str(at, head),
        None => html.push_str(head),
    }
    html
}

/// The tab title of `page` (`None`: the home): the page's title, then the
/// campaign's, for people who switch tabs and for shares. The app sets it as
/// the route changes; the first screens' HTML carries it from the start.
pub fn document_title(campaign: &Campaign, page: Option<&crate::Page>) -> String {
    match page {
        Some(page) => format!("{} \u{b7} {}", page.title(), campaign.title),
        None => campaign.title.clone(),
    }
}

/// A page's shell with its `<title>` naming `page` of `campaign`, as the app
/// names it once it runs; a shell without a `<title>` is left as it is.
pub fn with_page_title(html: &str, campaign: &Campaign, page: &crate::Page) -> String {
    let Some(start) = html.find("<title>") else {
        return html.to_owned();
    };
    let Some(end) = html[start..].find("</title>").map(|at| start + at) else {
        return html.to_owned();
    };
    let title = escape_html(&document_title(campaign, Some(page)));
    format!("{}<title>{title}{}", &html[..start], &html[end..])
}

/// Marks the built shell puts around its loading placeholder, inside the mount
/// element: a server or a static build that rendered the page's first screen
/// puts it there instead (see [`with_first_screen`]).
pub const FIRST_SCREEN_START: &str = "<!--ck-first-screen-->";
/// The end of that placeholder.
pub const FIRST_SCREEN_END: &str = "<!--/ck-first-screen-->";
/// Where, after the mount element, a rendered first screen's shell says that
/// the page could not start (see [`with_first_screen`]).
pub const FIRST_SCREEN_NOTICE: &str = "<!--ck-first-screen-notice-->";

/// The shell with `markup`, a rendered first screen, in place of its loading
/// placeholder, which the app hydrates. The mount element then holds the markup
/// alone, as hydration needs. Should the app fail to start, a notice after it
/// says so, as the placeholder would have: the page shows but does not work
/// yet. `None` when the shell has no placeholder marks (an older build).
pub fn with_first_screen(shell: &str, markup: &str) -> Option<String> {
    let start = shell.find(FIRST_SCREEN_START)?;
    let end = start + shell[start..].find(FIRST_SCREEN_END)? + FIRST_SCREEN_END.len();
    let mut html = String::with_capacity(shell.len() + markup.len());
    html.push_str(&shell[..start]);
    html.push_str(markup);
    html.push_str(&shell[end..]);
    Some(html.replacen(
        FIRST_SCREEN_NOTICE,
        "<p class=\"ck-boot-failed ck-boot-notice\" role=\"alert\" lang=\"zh-CN\">\
         页面未能启动，请检查网络后刷新本页。</p>",
        1,
    ))
}

/// Name of the `<meta>` element a static build's page carries when its first
/// screen was rendered from a config it fetches (`/campaign.json`) rather than
/// inlines: its content is [`config_digest`] of that config's text. The page
/// hydrates only if the config it fetched has the same digest; a config
/// changed on the host since the build renders afresh.
pub const FIRST_SCREEN_CONFIG_META: &str = "campaign-kit-first-screen-config";

/// A fingerprint of a config's text (64-bit FNV-1a, as 16 hex digits): tells a
/// changed file, not a forged one.
pub fn config_digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Text for an HTML text node or attribute value.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// JSON that cannot close its `<script>` element: `<`, `>` and `&` only occur inside
/// JSON strings, where their `\u` escapes mean the same.
fn escape_script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The shell of the bundle with every page kind, for previews of other configs
/// (`?c=`) and pages the served campaign does not have: designers, not phones.
pub const ALL_KINDS_SHELL: &str = "all.html";

/// The built shell for a page of `kind` (`None`: the campaign home), relative to
/// the build's root. A kind without a bundle of its own uses the home's.
pub fn shell_file(kind: Option<PageKind>) -> String {
    match kind {
        Some(kind) => format!("kind-{}.html", kind.as_str()),
        None => "index.html".to_owned(),
    }
}
