//! `cargo xtask <command>`: everything a newcomer runs, with nothing but cargo.
//!
//! - `demo [--lan] [--addr ADDR]`: install what is missing, build, serve the demo
//! - `test`: every check CI runs (fmt, layers, clippy, host, browser and end-to-end tests)
//! - `layers [--graph]`: no import circles between modules, and core's layers in
//!   order (`--graph` prints every use between modules)
//! - `build`: release pages into `dist/`
//! - `size`: what a first page load downloads, raw, gzip and brotli
//! - `bench server`: results and draws per second of the release server
//! - `bench pages`: Lighthouse's perf, FCP, LCP, TBT and transfer of every page
//! - `schema`: regenerate `static/campaign.schema.json`
//! - `setup [--browser]`: only install the pinned tools
//! - `qr FILE.png`: print what the QR codes in a PNG say (the end-to-end tests
//!   read the posters the browser exported with it)

mod bench;
mod bench_pages;
mod build;
mod demo;
mod large_campaign;
mod layers;
mod postgres;
mod process;
mod qr;
mod size;
mod test;
mod tools;

use std::process::ExitCode;

use anyhow::bail;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo [--lan] [--addr ADDR]  set up, build and serve the demo campaign
  test                        run every check and test (what CI runs)
  layers [--graph]            check for import circles and core's layer order
  build                       build the release pages into dist/
  size                        report what a first page load downloads
  bench server [--seconds N] [--connections N]
                              results and draws per second, on loopback
  bench pages [--runs N] [--page PATH]...
                              Lighthouse (mobile, slow 4G) on every demo page
  schema                      regenerate static/campaign.schema.json
  setup [--browser]           install the pinned tools (and Chromium)
  qr FILE.png                 print the text of each QR code in a PNG";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> anyhow::Result<()> {
    let root = process::repo_root();
    std::env::set_current_dir(&root)?;
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            println!("{USAGE}");
            return Ok(());
        }
    };
    match command {
        "demo" => demo::serve_demo(&demo::Options::parse(rest)?),
        "test" => test::run_all(),
        "layers" => layers::check_all(&root, rest.iter().any(|arg| arg == "--graph")),
        "build" => {
            tools::ensure_build_tools()?;
            build::release()
        }
        "size" => size::report(&build::dist_dir()),
        "bench" if rest.first().map(String::as_str) == Some("pages") => {
            bench_pages::pages(&bench_pages::Options::parse(rest)?)
        }
        "bench" => bench::server(&bench::Options::parse(rest)?),
        "schema" => {
            let path = root.join(campaign_core::schema::SCHEMA_FILE);
            std::fs::write(&path, campaign_core::schema::campaign_schema_json())?;
            println!("wrote {}", path.display());
            Ok(())
        }
        "setup" => {
            tools::ensure_build_tools()?;
            if rest.iter().any(|arg| arg == "--browser") {
                tools::ensure_browser()?;
            }
            Ok(())
        }
        "qr" => match rest {
            [file] => {
                for text in qr::decode_file(std::path::Path::new(file))? {
                    println!("{text}");
                }
                Ok(())
            }
            _ => bail!("usage: cargo xtask qr FILE.png"),
        },
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}
