//! The release build: wasm for size, post-processed, hashed for caching, and
//! precompressed so the server sends brotli or gzip without work per request.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use campaign_core::PageKind;
use campaign_core::routes::Route;
use campaign_core::shell::{
    ALL_KINDS_SHELL, FIRST_SCREEN_CONFIG_META, FIRST_SCREEN_END, FIRST_SCREEN_START,
    SHELL_HTML_TAG, SHELL_TITLE, config_digest, shell_file, with_first_screen, with_page_title,
};
use sha2::{Digest, Sha256};

use crate::process::{cargo, run, run_counting_warnings};
use crate::tools::{WASM_TARGET, cargo_home, cargo_installed, terser, wasm_opt};

pub fn dist_dir() -> PathBuf {
    PathBuf::from("dist")
}

/// Binaryen features rustc's wasm output uses; wasm-opt refuses it without them.
const WASM_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The app's bundles: the campaign home with no page kind compiled in, and one
/// per page kind that has its own view. A phone opening a page from a QR code
/// downloads only that page's bundle.
pub const BUNDLES: [(&str, Option<PageKind>); 10] = [
    ("home", None),
    ("group_picker", Some(PageKind::GroupPicker)),
    ("referral", Some(PageKind::Referral)),
    ("quiz", Some(PageKind::Quiz)),
    ("lottery", Some(PageKind::Lottery)),
    ("survey", Some(PageKind::Survey)),
    ("benefits", Some(PageKind::Benefits)),
    ("offers", Some(PageKind::Offers)),
    ("course", Some(PageKind::Course)),
    ("checkin", Some(PageKind::Checkin)),
];

/// What a compiler warning in a bundle's build does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// Shown, and the build goes on (`cargo xtask build`, the demo).
    Show,
    /// Fails the build. The test command builds every bundle this way, which
    /// checks each feature set as released (an import only one kind uses, code
    /// no bundle reaches) without a clippy pass of its own per bundle.
    Deny,
}

/// Builds every bundle into `dist/`; the shells are `index.html` (home) and
/// `kind-<kind>.html`.
pub fn release() -> anyhow::Result<()> {
    release_with(Warnings::Show)
}

/// [`release`], failing on the first bundle whose build warns when `warnings`
/// says so.
pub fn release_with(warnings: Warnings) -> anyhow::Result<()> {
    let dist = dist_dir();
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    std::fs::create_dir_all(dist.join("assets"))?;
    copy_tree(Path::new("static"), &dist)?;
    std::fs::copy("static/campaigns/demo.json", dist.join("campaign.json"))?;
    let css = hashed_css(Path::new("www/styles.css"), &dist, "styles")?;
    let template = std::fs::read_to_string("www/index.html").context("reading www/index.html")?;
    for required in [
        SHELL_HTML_TAG,
        SHELL_TITLE,
        FIRST_SCREEN_START,
        FIRST_SCREEN_END,
    ] {
        if !template.contains(required) {
            bail!("www/index.html must contain `{required}`: the server personalises it");
        }
    }
    // Each bundle's wasm is optimised while the next one compiles (both are
    // one thread's work), so the shells are written once all are done.
    let optimisers = Optimisers::new();
    let mut kinds = Vec::new();
    for (name, kind) in BUNDLES {
        let pending = build_bundle(
            name,
            kind.map(PageKind::as_str),
            &dist,
            false,
            warnings,
            &optimisers,
        )?;
        kinds.push((name, kind, pending));
    }
    let all = build_bundle("all", None, &dist, true, warnings, &optimisers)?;
    let console = build_bundle(
        "console",
        Some("console"),
        &dist,
        false,
        warnings,
        &optimisers,
    )?;
    for (name, kind, pending) in kinds {
        let (js, wasm) = pending.finish()?;
        // A kind's own styles (`www/<kind>.css`) load only with its bundle.
        let kind_css = Path::new("www").join(format!("{name}.css"));
        let kind_styles = if kind.is_some() && kind_css.exists() {
            let href = hashed_css(&kind_css, &dist, name)?;
            format!("<link rel=\"stylesheet\" href=\"{href}\">")
        } else {
            String::new()
        };
        let html = template
            .replace("{{app_js}}", &js)
            .replace("{{app_wasm}}", &wasm)
            .replace("{{styles}}", &css)
            .replace("{{kind_styles}}", &kind_styles);
        std::fs::write(dist.join(shell_file(kind)), html)?;
    }
    // Every kind together (the default features), for previews of other configs.
    let (js, wasm) = all.finish()?;
    let html = template
        .replace("{{app_js}}", &js)
        .replace("{{app_wasm}}", &wasm)
        .replace("{{styles}}", &css)
        .replace("{{kind_styles}}", &kind_stylesheets(&dist)?);
    std::fs::write(dist.join(ALL_KINDS_SHELL), html)?;
    // The designer's preview loads the same bundle, for its checks.
    let preview =
        std::fs::read_to_string("www/preview.html").context("reading www/preview.html")?;
    std::fs::write(
        dist.join("preview.html"),
        preview
            .replace("{{all_js}}", &js)
            .replace("{{all_wasm}}", &wasm),
    )?;
    // The console for campaign teams: a bundle of its own, which no visitor's
    // phone downloads.
    let (js, wasm) = console.finish()?;
    let console_css = hashed_css(Path::new("www/console.css"), &dist, "console")?;
    let console =
        std::fs::read_to_string("www/console.html").context("reading www/console.html")?;
    std::fs::write(
        dist.join(CONSOLE_SHELL),
        console
            .replace("{{console_js}}", &js)
            .replace("{{console_wasm}}", &wasm)
            .replace("{{console_css}}", &console_css),
    )?;
    // The embed loader keeps a stable address: host pages link to it directly.
    // So does the share card script, which the server adds to the pages of
    // campaigns with `wechat.share` cards (and no other).
    for script in ["embed.js", "wechat.js"] {
        run(Command::new(terser())
            .arg(Path::new("www").join(script))
            .args(["--compress", "--mangle", "--output"])
            .arg(dist.join(script)))?;
    }
    write_static_page_shells(&dist)?;
    precompress_tree(&dist)?;
    println!("built {}", dist.display());
    Ok(())
}

/// The console's page in `dist/`, which the server serves at `/admin`.
pub const CONSOLE_SHELL: &str = "console.html";

/// Compiles the app with `features` only (a page kind's view, or the
/// console), and post-processes it in the background (see [`Optimisers`]):
/// [`PendingBundle::finish`] gives the URLs of its hashed JS and wasm.
fn build_bundle(
    name: &str,
    features: Option<&str>,
    dist: &Path,
    all_kinds: bool,
    warnings: Warnings,
    optimisers: &Optimisers,
) -> anyhow::Result<PendingBundle> {
    let mut cargo_build = cargo();
    cargo_build.args([
        "build",
        "--release",
        "--lib",
        "-p",
        "campaign-kit",
        "--target",
        WASM_TARGET,
    ]);
    if !all_kinds {
        cargo_build.arg("--no-default-features");
    }
    if let Some(features) = features {
        cargo_build.args(["--features", features]);
    }
    same_on_every_machine(&mut cargo_build);
    let warned = run_counting_warnings(&mut cargo_build)?;
    if warned > 0 && warnings == Warnings::Deny {
        bail!(
            "the `{name}` bundle built with {warned} compiler warning(s), shown above: \
             fix them for this feature set (`{}`)",
            features.map_or("no page kind".to_owned(), |f| format!("--features {f}"))
        );
    }
    // Every bundle compiles to the same file, so its bindings are generated
    // before the next one compiles; the rest reads only its own directory.
    let bindgen_dir = PathBuf::from("target/wasm-bindgen").join(name);
    run(Command::new(cargo_installed("wasm-bindgen"))
        .arg(format!("target/{WASM_TARGET}/release/campaign_kit.wasm"))
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            // The shell always names the wasm URL, so the default lookup is dead.
            "--omit-default-module-path",
        ])
        .arg("--out-dir")
        .arg(&bindgen_dir))?;
    let name = name.to_owned();
    let dist = dist.to_owned();
    let slots = optimisers.clone();
    let job = std::thread::spawn(move || {
        let _slot = slots.take();
        optimise_bundle(&name, &bindgen_dir, &dist)
    });
    Ok(PendingBundle(job))
}

/// Where the builder's cargo home stands in the bundles, for
/// [`same_on_every_machine`].
const CARGO_HOME_IN_BUNDLES: &str = "/cargo";

/// The wasm names the source file of each dependency's code that can panic
/// (`/home/<builder>/.cargo/registry/src/...`): with the builder's cargo home
/// in it, each machine's bundles, and so their hashed names, would be its own,
/// and two servers built from one commit would not serve each other's pages.
/// Mapped to one path, the same commit builds the same bundles everywhere (and
/// each bundle is the shorter for it).
fn same_on_every_machine(cargo_build: &mut Command) {
    let remap = format!(
        "--remap-path-prefix={}={CARGO_HOME_IN_BUNDLES}",
        cargo_home().display()
    );
    // Flags from the environment replace those of cargo's config, so the
    // mapping joins them there when there are any (a CI's `RUSTFLAGS`).
    let from_environment = std::env::var("CARGO_ENCODED_RUSTFLAGS")
        .ok()
        .filter(|flags| !flags.is_empty())
        .or_else(|| {
            std::env::var("RUSTFLAGS")
                .ok()
                .map(|flags| flags.split_whitespace().collect::<Vec<_>>().join("\x1f"))
                .filter(|flags| !flags.is_empty())
        });
    match from_environment {
        Some(flags) => {
            cargo_build.env("CARGO_ENCODED_RUSTFLAGS", format!("{flags}\x1f{remap}"));
        }
        None => {
            // A JSON string is a TOML basic string, escapes and all.
            let flags = serde_json::to_string(&[remap]).unwrap_or_default();
            cargo_build
                .arg("--config")
                .arg(format!("target.{WASM_TARGET}.rustflags={flags}"));
        }
    }
}

/// Fails when a bundle still names the builder's cargo home (see
/// [`same_on_every_machine`]).
fn check_machine_independent(wasm: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let home = cargo_home().display().to_string();
    // A cargo home at the mapped path itself names nothing of the machine.
    let unmapped = !home.is_empty() && home != CARGO_HOME_IN_BUNDLES;
    if unmapped
        && bytes
            .windows(home.len())
            .any(|window| window == home.as_bytes())
    {
        bail!(
            "{} names this machine's cargo home ({home}): its build would differ from \
             another machine's",
            wasm.display()
        );
    }
    Ok(())
}

/// Shrinks a bundle's wasm and JS, and copies them into `dist/` by hash.
fn optimise_bundle(
    name: &str,
    bindgen_dir: &Path,
    dist: &Path,
) -> anyhow::Result<(String, String)> {
    let optimised = bindgen_dir.join("campaign_kit_bg.opt.wasm");
    run(Command::new(wasm_opt())
        // Rebuild the control flow first (flatten, then the relooper: what
        // `-O4` does), which -Oz then shrinks 0.8% further in gzip; iterate to
        // a fixed point. Rust's wasm never uses low memory addresses.
        .args([
            "--flatten",
            "--rereloop",
            "-Oz",
            "--converge",
            "--low-memory-unused",
        ])
        .args(WASM_FEATURES)
        .arg("--strip-debug")
        .arg(bindgen_dir.join("campaign_kit_bg.wasm"))
        .arg("-o")
        .arg(&optimised))?;
    check_machine_independent(&optimised)?;
    let minified = bindgen_dir.join("campaign_kit.min.js");
    run(Command::new(terser())
        .arg(bindgen_dir.join("campaign_kit.js"))
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&minified))?;
    Ok((
        hashed_copy(&minified, dist, name, "js")?,
        hashed_copy(&optimised, dist, name, "wasm")?,
    ))
}

/// A bundle whose wasm is being optimised.
struct PendingBundle(std::thread::JoinHandle<anyhow::Result<(String, String)>>);

impl PendingBundle {
    /// Waits for it: the URLs of its hashed JS and wasm.
    fn finish(self) -> anyhow::Result<(String, String)> {
        self.0
            .join()
            .map_err(|_| anyhow::anyhow!("a bundle's optimiser thread panicked"))?
    }
}

/// How many bundles are optimised at once: one per core. wasm-opt works on one
/// thread for half a minute a bundle and the compiler links on one for about
/// twelve seconds, so on two cores the twelve bundles build in about half the
/// time they took one after another, and no more wasm-opts run than there are
/// cores to run them (each holds a flattened module in memory).
#[derive(Clone)]
struct Optimisers(std::sync::Arc<(std::sync::Mutex<usize>, std::sync::Condvar)>);

impl Optimisers {
    fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Optimisers(std::sync::Arc::new((
            std::sync::Mutex::new(cores),
            std::sync::Condvar::new(),
        )))
    }

    /// Waits for a free slot; it is given back when the returned guard drops.
    fn take(&self) -> OptimiserSlot {
        let (free, freed) = &*self.0;
        let mut free = free.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while *free == 0 {
            free = freed
                .wait(free)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *free -= 1;
        OptimiserSlot(self.clone())
    }
}

struct OptimiserSlot(Optimisers);

impl Drop for OptimiserSlot {
    fn drop(&mut self) {
        let (free, freed) = &*(self.0).0;
        *free.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) += 1;
        freed.notify_one();
    }
}

/// Links to every kind's own stylesheet, for the all-kinds bundle.
fn kind_stylesheets(dist: &Path) -> anyhow::Result<String> {
    let mut links = String::new();
    for (name, kind) in BUNDLES {
        let css = Path::new("www").join(format!("{name}.css"));
        if kind.is_some() && css.exists() {
            let href = hashed_css(&css, dist, name)?;
            links.push_str(&format!("<link rel=\"stylesheet\" href=\"{href}\">"));
        }
    }
    Ok(links)
}

/// For static hosting without the reference server: `p/<id>/index.html` for each
/// page of the bundled demo, naming the bundle of the page's kind, with the
/// page's first screen rendered in (as the server does, so a CDN serves painted
/// pages too). The page still reads `/campaign.json`, and hydrates the first
/// screen only while that file is the one it was rendered from (by its digest,
/// [`FIRST_SCREEN_CONFIG_META`]); an edited config renders afresh. The first
/// screen shows the build's moment; the page's clock takes over at once.
fn write_static_page_shells(dist: &Path) -> anyhow::Result<()> {
    let config = std::fs::read_to_string(dist.join("campaign.json"))?;
    let demo = campaign_core::parse_campaign(&config)
        .map_err(|errors| anyhow::anyhow!("demo campaign: {errors}"))?;
    let built_at_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64);
    let routes: Vec<Route> = demo
        .pages
        .iter()
        .map(|page| Route::Page(page.id().to_owned()))
        .collect();
    let screens = campaign_kit::prerender::first_screens(&demo, &routes, built_at_ms);
    let meta = format!(
        "<meta name=\"{FIRST_SCREEN_CONFIG_META}\" content=\"{}\">\n</head>",
        config_digest(&config)
    );
    for (page, screen) in demo.pages.iter().zip(&screens) {
        let shell_name = bundle_shell(dist, page.kind());
        let shell = std::fs::read_to_string(dist.join(&shell_name))?;
        // Only the page's own bundle can hydrate its first screen.
        let html = if shell_name == shell_file(Some(page.kind())) {
            with_first_screen(&shell, screen)
                .context("www/index.html has no place for the first screen")?
                .replacen("</head>", &meta, 1)
        } else {
            shell
        };
        let html = with_page_title(&html, &demo, page);
        let dir = dist.join("p").join(page.id());
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html)?;
    }
    Ok(())
}

/// The shell file that serves pages of `kind` in `dist`.
pub fn bundle_shell(dist: &Path, kind: PageKind) -> String {
    let own = shell_file(Some(kind));
    if dist.join(&own).exists() {
        own
    } else {
        shell_file(None)
    }
}

/// Minifies the stylesheet `source` into `dist/assets`; returns its URL path.
fn hashed_css(source: &Path, dist: &Path, stem: &str) -> anyhow::Result<String> {
    let css = css_with_imports(source)?;
    let minified = PathBuf::from("target").join(format!("{stem}.min.css"));
    std::fs::write(&minified, minify_css(&css))?;
    hashed_copy(&minified, dist, stem, "css")
}

/// The stylesheet at `source` with its `@import "partial.css";` lines replaced by
/// those files (from the same folder): styles a few page kinds share (posters,
/// progress bars, codes) ship only with those kinds, not with every page.
fn css_with_imports(source: &Path) -> anyhow::Result<String> {
    let css =
        std::fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let folder = source.parent().unwrap_or(Path::new("."));
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let partial = line
            .trim()
            .strip_prefix("@import \"")
            .and_then(|rest| rest.strip_suffix("\";"));
        match partial {
            Some(name) => {
                let path = folder.join(name);
                out.push_str(&std::fs::read_to_string(&path).with_context(|| {
                    format!(
                        "reading {} (imported by {})",
                        path.display(),
                        source.display()
                    )
                })?);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Ok(out)
}

/// Copies `source` into `dist/assets/<stem>-<hash>.<ext>`; returns its URL path.
fn hashed_copy(source: &Path, dist: &Path, stem: &str, ext: &str) -> anyhow::Result<String> {
    let bytes = std::fs::read(source).with_context(|| format!("reading {}", source.display()))?;
    let digest = Sha256::digest(&bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let name = format!("{stem}-{hash}.{ext}");
    std::fs::write(dist.join("assets").join(&name), bytes)?;
    Ok(format!("/assets/{name}"))
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Extensions worth compressing (images such as PNG are compressed already).
const COMPRESSIBLE: [&str; 6] = ["html", "js", "wasm", "css", "json", "svg"];

fn precompress_tree(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_tree(&path)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|ext| ext.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        std::fs::write(with_suffix(&path, "gz"), gzip(&bytes))?;
        std::fs::write(with_suffix(&path, "br"), brotli(&bytes))?;
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    encoder.write_all(bytes).ok();
    encoder.finish().unwrap_or_default()
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok();
    out
}

/// Writes the one space CSS needs between two words, if white space stood there.
fn separate(out: &mut String, pending_space: &mut bool) {
    if *pending_space && !out.is_empty() && !out.ends_with(['{', '}', ';', ':', ',', '(', '>']) {
        out.push(' ');
    }
    *pending_space = false;
}

/// A conservative CSS minifier: drops comments and the white space that CSS
/// ignores, leaving quoted strings (font names such as `"PingFang SC"`) alone.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                separate(&mut out, &mut pending_space);
                out.push(c);
                for next in chars.by_ref() {
                    out.push(next);
                    if next == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ':' | ',' | '>' | ')' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            _ => {
                separate(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{CARGO_HOME_IN_BUNDLES, check_machine_independent, minify_css};
    use crate::tools::cargo_home;

    #[test]
    fn a_bundle_naming_the_builders_cargo_home_fails_the_build() {
        let dir = std::env::temp_dir().join(format!("ck-xtask-remap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let source = "/registry/src/index.crates.io-1949cf8c6b5b557f/yew-0.23.0/src/lib.rs";
        let unmapped = dir.join("unmapped.wasm");
        let home = cargo_home().display().to_string();
        std::fs::write(&unmapped, format!("\0asm{home}{source}\0")).unwrap();
        let err = check_machine_independent(&unmapped)
            .unwrap_err()
            .to_string();
        assert!(err.contains("names this machine's cargo home"), "{err}");
        let mapped = dir.join("mapped.wasm");
        std::fs::write(&mapped, format!("\0asm{CARGO_HOME_IN_BUNDLES}{source}\0")).unwrap();
        check_machine_independent(&mapped).unwrap();
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn css_keeps_meaning_and_strings() {
        let css = "/* note */\n.a > .b ,\n.c:focus-visible {\n  font: 16px/1.6 \"PingFang SC\", sans-serif;\n  margin: 0 auto;\n}\n@media (prefers-reduced-motion: reduce) { .d { color: #fff; } }\n";
        assert_eq!(
            minify_css(css),
            ".a>.b,.c:focus-visible{font:16px/1.6 \"PingFang SC\",sans-serif;margin:0 auto}@media (prefers-reduced-motion:reduce){.d{color:#fff}}"
        );
        assert_eq!(
            minify_css(".x:has(input:checked) .y { a: b }"),
            ".x:has(input:checked) .y{a:b}"
        );
    }
}
