//! `cargo xtask test`: every check, in the order that fails fastest. CI runs this.

use std::path::PathBuf;
use std::process::Command;

use crate::process::{cargo, run};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, WASM_TARGET};
use crate::{build, postgres, size};

type Stage = (&'static str, fn() -> anyhow::Result<()>);

const STAGES: [Stage; 8] = [
    ("format", format),
    ("layers", layers),
    ("clippy", clippy),
    ("host tests", host_tests),
    ("browser unit tests", browser_unit_tests),
    ("release build", release_build),
    ("size budget", size_budget),
    ("end-to-end tests", end_to_end),
];

pub fn run_all() -> anyhow::Result<()> {
    let mut passed = 0;
    // Each stage's time, printed at the end: the whole run must stay well
    // inside CI's limit, and this says where its minutes go.
    let mut times = Vec::new();
    let started = std::time::Instant::now();
    for (name, stage) in STAGES {
        println!("\n==> {name}");
        let stage_started = std::time::Instant::now();
        let result = stage();
        times.push((name, stage_started.elapsed()));
        if let Err(err) = result {
            print_times(&times, started.elapsed());
            println!("\nstages: {passed} passed, 1 failed ({name})");
            return Err(err.context(format!("stage `{name}` failed")));
        }
        passed += 1;
    }
    print_times(&times, started.elapsed());
    println!("\nstages: {passed} passed, 0 failed");
    Ok(())
}

fn print_times(times: &[(&str, std::time::Duration)], total: std::time::Duration) {
    println!();
    for (name, time) in times {
        println!("{name:<20} {:>6.0} s", time.as_secs_f64());
    }
    println!("{:<20} {:>6.0} s", "total", total.as_secs_f64());
}

fn format() -> anyhow::Result<()> {
    run(cargo().args(["fmt", "--all", "--check"]))
}

/// Import circles and core's layer order: reads the sources, builds nothing.
fn layers() -> anyhow::Result<()> {
    crate::layers::check_all(&crate::process::repo_root(), false)
}

fn clippy() -> anyhow::Result<()> {
    tools::ensure_build_tools()?;
    // The host side of everything, the app's server renderer (`ssr`) among it.
    run(cargo().args([
        "clippy",
        "--quiet",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The app with every page kind (as tested), the home with none (and core
    // as page bundles read configs: no thorough diagnostics, no settings), and
    // the console. Each bundle's own feature set is checked by the release
    // build, which fails on any compiler warning, so no bundle needs a clippy
    // pass of its own (ten of them, about 7 s each on two cores).
    clippy_app(&["--all-targets"])?;
    clippy_app(&["--no-default-features"])?;
    clippy_app(&["--no-default-features", "--features", "console"])?;
    Ok(())
}

fn clippy_app(options: &[&str]) -> anyhow::Result<()> {
    run(cargo()
        .args([
            "clippy",
            "--quiet",
            "-p",
            "campaign-kit",
            "--target",
            WASM_TARGET,
        ])
        .args(options)
        .args(["--", "-D", "warnings"]))
}

fn host_tests() -> anyhow::Result<()> {
    run(cargo().args(["test", "--workspace", "--exclude", "campaign-kit"]))?;
    postgres_tests()
}

/// The server's suites again, on PostgreSQL: the same tests, the store on a
/// throwaway cluster (one database per test), then the outage test, which
/// stops that cluster and so runs alone.
fn postgres_tests() -> anyhow::Result<()> {
    println!("\n==> host tests on PostgreSQL");
    let cluster = postgres::Cluster::start(postgres::Commits::Throwaway)?;
    let suites = || {
        let mut command = cargo();
        command
            .args(["test", "-p", "campaign-server"])
            .env("CK_TEST_POSTGRES", &cluster.url)
            .env("CK_TEST_PG_CTL", cluster.pg_ctl_command());
        command
    };
    run(suites().args(["--tests", "--", "--skip", "database_outage"]))?;
    run(suites().args([
        "--test",
        "scale",
        "--",
        "database_outage",
        "--test-threads=1",
    ]))
}

fn browser_unit_tests() -> anyhow::Result<()> {
    tools::ensure_browser()?;
    run(cargo()
        .args(["test", "-p", "campaign-kit", "--target", WASM_TARGET])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
}

fn release_build() -> anyhow::Result<()> {
    build::release_with(build::Warnings::Deny)?;
    run(cargo().args(["build", "--quiet", "-p", "campaign-server"]))
}

fn size_budget() -> anyhow::Result<()> {
    size::report(&build::dist_dir())
}

fn end_to_end() -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/e2e")?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    // For the outage test, which stops and starts it.
    let cluster = postgres::Cluster::start(postgres::Commits::Throwaway)?;
    let outage_database = cluster.create_database("e2e_outage")?;
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&files)
        .env("CK_SERVER_BIN", "target/debug/campaign-server")
        .env("CK_DIST", "dist")
        .env("CK_CHROMIUM", CHROMIUM)
        .env("CK_E2E_POSTGRES", outage_database)
        .env("CK_E2E_PG_CTL", cluster.pg_ctl_command()))
}
