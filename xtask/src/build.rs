//! The release build: wasm for size, post-processed, hashed for caching, and
//! precompressed so the server sends brotli or gzip without work per request.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use campaign_core::shell::{SHELL_HTML_TAG, SHELL_TITLE};
use sha2::{Digest, Sha256};

use crate::process::{cargo, run};
use crate::tools::{WASM_TARGET, cargo_installed, wasm_opt};

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

/// Names, as the HTML refers to them, of the hashed assets.
pub struct Assets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

pub fn release() -> anyhow::Result<Assets> {
    run(cargo().args([
        "build",
        "--release",
        "--lib",
        "-p",
        "campaign-kit",
        "--target",
        WASM_TARGET,
    ]))?;
    let bindgen_dir = PathBuf::from("target/wasm-bindgen");
    run(Command::new(cargo_installed("wasm-bindgen"))
        .arg(format!("target/{WASM_TARGET}/release/campaign_kit.wasm"))
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
        ])
        .arg("--out-dir")
        .arg(&bindgen_dir))?;
    let optimised = bindgen_dir.join("campaign_kit_bg.opt.wasm");
    run(Command::new(wasm_opt())
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg("--strip-debug")
        .arg(bindgen_dir.join("campaign_kit_bg.wasm"))
        .arg("-o")
        .arg(&optimised))?;

    let dist = dist_dir();
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    std::fs::create_dir_all(dist.join("assets"))?;
    copy_tree(Path::new("static"), &dist)?;
    std::fs::copy("static/campaigns/demo.json", dist.join("campaign.json"))?;
    let assets = Assets {
        js: hashed_copy(&bindgen_dir.join("campaign_kit.js"), &dist, "app", "js")?,
        wasm: hashed_copy(&optimised, &dist, "app", "wasm")?,
        css: hashed_copy(Path::new("www/styles.css"), &dist, "styles", "css")?,
    };
    let template = std::fs::read_to_string("www/index.html").context("reading www/index.html")?;
    for required in [SHELL_HTML_TAG, SHELL_TITLE] {
        if !template.contains(required) {
            bail!("www/index.html must contain `{required}`: the server personalises it");
        }
    }
    let html = template
        .replace("{{app_js}}", &assets.js)
        .replace("{{app_wasm}}", &assets.wasm)
        .replace("{{styles}}", &assets.css);
    std::fs::write(dist.join("index.html"), html)?;
    precompress_tree(&dist)?;
    println!("built {}", dist.display());
    Ok(assets)
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
