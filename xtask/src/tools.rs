//! Installing the pinned tools a fresh machine lacks, and skipping those present.
//!
//! Everything comes from the package registries by name and version: the wasm
//! target through rustup, wasm-bindgen-cli from crates.io, wasm-opt (binaryen) and
//! Playwright from npm, Chromium and its driver from Debian. Nothing downloads a
//! browser or a binary release from elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::process::{cargo, output, run};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Must equal the `wasm-bindgen` crate version pinned in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn ensure_build_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_node_packages()
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        .context("the wasm target is needed to build the pages; is rustup installed?")
}

/// Cargo's home: where it keeps the registry's sources and `cargo install`
/// puts binaries.
pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// Where `cargo install` puts binaries.
fn cargo_bin_dir() -> PathBuf {
    cargo_home().join("bin")
}

/// A binary installed by `cargo install`, or the bare name to find on PATH.
pub fn cargo_installed(name: &str) -> PathBuf {
    let installed = cargo_bin_dir().join(name);
    if installed.exists() {
        installed
    } else {
        PathBuf::from(name)
    }
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let version =
        output(Command::new(cargo_installed("wasm-bindgen")).arg("--version")).unwrap_or_default();
    let runner = output(Command::new(cargo_installed("wasm-bindgen-test-runner")).arg("--version"));
    if version.trim() == wanted && runner.is_some() {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes, once)");
    let locked = run(cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
        "--locked",
    ]));
    if locked.is_err() {
        // The crate's own lockfile pins a dependency version the registry may no
        // longer serve; the same release resolves fine against current versions.
        println!("the locked install failed; retrying with freshly resolved dependencies");
        run(cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ]))?;
    }
    Ok(())
}

/// wasm-opt from npm's binaryen: Debian's is too old for current rustc output.
pub fn wasm_opt() -> PathBuf {
    PathBuf::from("node_modules/.bin/wasm-opt")
}

/// terser from npm, to minify wasm-bindgen's JS glue.
pub fn terser() -> PathBuf {
    PathBuf::from("node_modules/.bin/terser")
}

/// Installs package.json's pinned packages unless exactly those are installed.
fn ensure_node_packages() -> anyhow::Result<()> {
    if node_packages_current(Path::new("."))? {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn node_packages_current(root: &Path) -> anyhow::Result<bool> {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("package.json")).context("reading package.json")?,
    )?;
    let Some(pins) = manifest["devDependencies"].as_object() else {
        return Ok(true);
    };
    Ok(pins.iter().all(|(name, version)| {
        let installed =
            std::fs::read_to_string(root.join("node_modules").join(name).join("package.json"))
                .ok()
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        installed.is_some_and(|package| package["version"] == *version)
    }))
}

/// Debian's Chromium and ChromeDriver for the browser tests, and a CJK font so
/// that screenshots show Chinese text as a phone would (phones ship one; a bare
/// server does not, and draws boxes instead).
pub fn ensure_browser() -> anyhow::Result<()> {
    let has_cjk_font = output(Command::new("fc-list").arg(":lang=zh"))
        .is_some_and(|fonts| !fonts.trim().is_empty());
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() && has_cjk_font {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver", "fonts-noto-cjk"])
}

pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        bail!(
            "{} must be installed; run `sudo apt-get install -y {}` and try again",
            packages.join(", "),
            packages.join(" ")
        );
    }
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages))
}
