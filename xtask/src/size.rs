//! What a phone downloads on its first visit to the demo, raw and compressed.
//! Measured, not guessed: the page shell exactly as the server sends it (with the
//! campaign inlined), every asset it references, and the images the first page shows.

use std::path::Path;

use anyhow::{Context, bail};
use campaign_core::parse_campaign;
use campaign_core::shell::personalise_shell;

use crate::build::{brotli, gzip};

/// The first load must stay within this many gzipped bytes.
pub const FIRST_LOAD_BUDGET_GZIP: usize = 150 * 1000;

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn report(dist: &Path) -> anyhow::Result<Sizes> {
    let shell = std::fs::read_to_string(dist.join("index.html")).with_context(|| {
        format!(
            "no {}; run `cargo xtask build` first",
            dist.join("index.html").display()
        )
    })?;
    let demo_text = std::fs::read_to_string("static/campaigns/demo.json")?;
    let demo =
        parse_campaign(&demo_text).map_err(|errors| anyhow::anyhow!("demo campaign: {errors}"))?;

    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "/ (html, demo config inlined)".to_owned(),
        personalise_shell(&shell, &demo).into_bytes(),
    )];
    let mut referenced: Vec<String> = asset_references(&shell);
    if let Some(logo) = demo
        .theme
        .logo
        .as_ref()
        .map(|logo| logo.as_str().to_owned())
    {
        if logo.starts_with('/') {
            referenced.push(logo);
        }
    }
    for url in referenced {
        let path = dist.join(url.trim_start_matches('/'));
        let bytes = std::fs::read(&path)
            .with_context(|| format!("{url} is referenced but {} is missing", path.display()))?;
        files.push((url, bytes));
    }

    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "first load of the demo", "raw", "gzip", "brotli"
    );
    let mut total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for (name, bytes) in &files {
        let (gz, br) = (gzip(bytes).len(), brotli(bytes).len());
        println!(
            "{name:<34} {:>10} {:>10} {:>10}",
            kb(bytes.len()),
            kb(gz),
            kb(br)
        );
        total.raw += bytes.len();
        total.gzip += gz;
        total.brotli += br;
    }
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "total",
        kb(total.raw),
        kb(total.gzip),
        kb(total.brotli)
    );
    println!(
        "budget: {} gzip for the first load",
        kb(FIRST_LOAD_BUDGET_GZIP)
    );
    if total.gzip > FIRST_LOAD_BUDGET_GZIP {
        bail!(
            "the first load is {} gzipped, over the {} budget",
            kb(total.gzip),
            kb(FIRST_LOAD_BUDGET_GZIP)
        );
    }
    Ok(total)
}

/// Every quoted `/assets/...` URL in the shell.
fn asset_references(html: &str) -> Vec<String> {
    let mut found: Vec<String> = html
        .split('"')
        .filter(|piece| piece.starts_with("/assets/"))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_asset_once() {
        let html = r#"<link href="/assets/a.css"><script src="/assets/b.js"></script><link href="/assets/b.js"><a href="/p/x">"#;
        assert_eq!(asset_references(html), ["/assets/a.css", "/assets/b.js"]);
    }
}
