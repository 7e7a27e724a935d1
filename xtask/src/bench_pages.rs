//! `cargo xtask bench pages [--runs N]`: Lighthouse (pinned, from npm) against
//! the release server, for the demo's home and every page, as a phone on a slow
//! network sees them: Lighthouse's mobile preset with its simulated slow 4G and
//! 4x CPU slowdown. It prints perf, FCP, LCP, TBT and transfer per page (the
//! median of `--runs` runs) and writes `target/bench/pages.json`, keeping each
//! page's last full report beside it for a look at its long tasks and LCP
//! element. `--page PATH` (repeatable, e.g. `--page /p/invite`) measures only
//! those pages. No test asserts on these numbers: machines are noisy, so
//! compare figures from one run.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use campaign_core::parse_campaign;

use crate::bench::Server;
use crate::large_campaign;
use crate::process::{cargo, run};
use crate::tools::{self, CHROMIUM};

/// The Lighthouse version the figures in the README come from.
const LIGHTHOUSE: &str = "13.5.0";
/// Installed apart from the project's own tools, and only for this command:
/// the test command never needs it.
const LIGHTHOUSE_DIR: &str = "target/lighthouse";
const CAMPAIGN: &str = "static/campaigns/demo.json";

pub struct Options {
    runs: usize,
    /// Labels to measure (`/`, `/p/invite`, `/p/city-group (large)`); all when empty.
    only: Vec<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> anyhow::Result<Options> {
        let mut options = Options {
            runs: 3,
            only: Vec::new(),
        };
        let mut args = args.iter().skip(1);
        while let Some(arg) = args.next() {
            let value = args
                .next()
                .with_context(|| format!("{arg} needs a value"))?;
            match arg.as_str() {
                "--runs" => options.runs = value.parse().context("--runs")?,
                "--page" => options.only.push(value.clone()),
                other => bail!(
                    "unknown option {other}; usage: cargo xtask bench pages [--runs N] [--page PATH]..."
                ),
            }
        }
        options.runs = options.runs.clamp(1, 9);
        Ok(options)
    }
}

/// One page's medians.
struct Measured {
    path: String,
    perf: f64,
    fcp_ms: f64,
    lcp_ms: f64,
    tbt_ms: f64,
    transfer_bytes: f64,
}

pub fn pages(options: &Options) -> anyhow::Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    let lighthouse = ensure_lighthouse()?;
    if !Path::new("dist/index.html").exists() {
        crate::build::release()?;
    }
    run(cargo().args(["build", "--release", "--quiet", "-p", "campaign-server"]))?;
    let bin = Path::new("target/release/campaign-server");
    let demo_json = std::fs::read_to_string(CAMPAIGN)?;
    let demo =
        parse_campaign(&demo_json).map_err(|errors| anyhow::anyhow!("demo campaign: {errors}"))?;
    let demo_server = Server::start(bin, "full")?;
    // The demo's home and pages, then the generated CMB-size campaign's large
    // pages, each on a server of its own.
    let large_server = Server::start_serving(bin, "full", &large_campaign::from_demo(&demo_json)?)?;
    let large_label = format!(
        "{} groups, {} questions",
        large_campaign::GROUPS,
        large_campaign::QUESTIONS
    );
    let pages: Vec<(String, &Server, String)> = std::iter::once("/".to_owned())
        .chain(demo.pages.iter().map(|page| format!("/p/{}", page.id())))
        .map(|path| (path.clone(), &demo_server, path))
        .chain([large_campaign::PICKER, large_campaign::SURVEY].map(|id| {
            let path = format!("/p/{id}");
            (format!("{path} (large)"), &large_server, path)
        }))
        .filter(|(label, _, _)| options.only.is_empty() || options.only.contains(label))
        .collect();
    if pages.is_empty() {
        bail!("no page matches --page {:?}", options.only);
    }
    let out = Path::new("target/bench");
    std::fs::create_dir_all(out)?;
    println!(
        "Lighthouse {LIGHTHOUSE}, mobile (simulated slow 4G, 4x CPU), median of {} run(s); \
         (large) is a generated campaign of {large_label}\n",
        options.runs
    );
    println!(
        "{:<32} {:>5} {:>8} {:>8} {:>8} {:>10}",
        "page", "perf", "FCP", "LCP", "TBT", "transfer"
    );
    let mut results = Vec::new();
    for (label, server, path) in &pages {
        let url = format!("http://{}{path}", server.addr);
        let mut runs = Vec::new();
        let report = out.join(format!("lighthouse-{}.json", report_name(label)));
        for _ in 0..options.runs {
            runs.push(lighthouse_run(&lighthouse, &url, &report)?);
        }
        let median = |pick: fn(&[f64; 5]) -> f64| {
            let mut values: Vec<f64> = runs.iter().map(pick).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let measured = Measured {
            path: label.clone(),
            perf: median(|run| run[0]),
            fcp_ms: median(|run| run[1]),
            lcp_ms: median(|run| run[2]),
            tbt_ms: median(|run| run[3]),
            transfer_bytes: median(|run| run[4]),
        };
        println!(
            "{:<32} {:>5.0} {:>6.0}ms {:>6.0}ms {:>6.0}ms {:>8.1}KB",
            measured.path,
            measured.perf,
            measured.fcp_ms,
            measured.lcp_ms,
            measured.tbt_ms,
            measured.transfer_bytes / 1000.0
        );
        results.push(measured);
    }
    let json: Vec<serde_json::Value> = results
        .iter()
        .map(|m| {
            serde_json::json!({
                "path": m.path, "perf": m.perf, "fcp_ms": m.fcp_ms, "lcp_ms": m.lcp_ms,
                "tbt_ms": m.tbt_ms, "transfer_bytes": m.transfer_bytes,
                "lighthouse": LIGHTHOUSE, "runs": options.runs,
            })
        })
        .collect();
    std::fs::write(out.join("pages.json"), serde_json::to_string_pretty(&json)?)?;
    println!("\nwrote target/bench/pages.json");
    Ok(())
}

/// The pinned Lighthouse, installed once into `target/lighthouse`.
fn ensure_lighthouse() -> anyhow::Result<PathBuf> {
    let dir = Path::new(LIGHTHOUSE_DIR);
    let cli = dir.join("node_modules/lighthouse/cli/index.js");
    let installed = std::fs::read_to_string(dir.join("node_modules/lighthouse/package.json"))
        .is_ok_and(|package| package.contains(&format!("\"version\": \"{LIGHTHOUSE}\"")));
    if !installed {
        std::fs::create_dir_all(dir)?;
        run(Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(dir)
            .arg(format!("lighthouse@{LIGHTHOUSE}")))?;
    }
    Ok(cli)
}

/// One Lighthouse run of `url`: perf (0-100), FCP, LCP, TBT (ms), transfer (bytes).
fn lighthouse_run(cli: &Path, url: &str, report: &Path) -> anyhow::Result<[f64; 5]> {
    let output = Command::new("node")
        .arg(cli)
        .arg(url)
        .args([
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            // The machine's closed network: no background requests, no sandbox as root.
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
             --disable-background-networking --disable-component-update --disable-sync \
             --no-first-run --disable-quic",
        ])
        .arg(format!("--output-path={}", report.display()))
        .env("CHROME_PATH", CHROMIUM)
        .output()
        .context("running Lighthouse")?;
    if !output.status.success() {
        bail!(
            "Lighthouse failed on {url}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report)?)?;
    let audit = |name: &str| {
        report["audits"][name]["numericValue"]
            .as_f64()
            .with_context(|| format!("Lighthouse reported no {name} for {url}"))
    };
    let perf = report["categories"]["performance"]["score"]
        .as_f64()
        .with_context(|| format!("Lighthouse reported no score for {url}"))?;
    Ok([
        perf * 100.0,
        audit("first-contentful-paint")?,
        audit("largest-contentful-paint")?,
        audit("total-blocking-time")?,
        audit("total-byte-weight")?,
    ])
}

/// A file name for a page's report: `/p/city-group (large)` → `p-city-group-large`.
fn report_name(label: &str) -> String {
    let name: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = name
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "home".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::report_name;

    #[test]
    fn report_names_are_plain_file_names() {
        assert_eq!(report_name("/"), "home");
        assert_eq!(report_name("/p/invite"), "p-invite");
        assert_eq!(report_name("/p/city-group (large)"), "p-city-group-large");
    }
}
