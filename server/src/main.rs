//! `campaign-server`: run a campaign's pages and API, or check a config.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use campaign_core::routes::page_path;
use campaign_core::{Campaign, parse_campaign};
use campaign_server::limits::Rate;
use campaign_server::store::Store;
use campaign_server::{AppState, random_token, router};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "campaign-server",
    version,
    about = "Campaign Kit's reference backend"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a campaign's pages and its API.
    Serve {
        /// The campaign config (JSON).
        #[arg(long)]
        campaign: PathBuf,
        /// SQLite database file; created when missing.
        #[arg(long)]
        db: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The built pages (`cargo xtask build`).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Token staff send to list and export results; random when not set.
        #[arg(long, env = "CAMPAIGN_SERVER_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// Base URL to print page links with (e.g. the LAN address phones use).
        #[arg(long)]
        public_url: Option<String>,
        /// Requests per minute allowed from one client address.
        #[arg(long, default_value_t = campaign_server::DEFAULT_RATE_PER_IP.per_minute)]
        rate_per_ip: u32,
        /// Results per minute allowed from one visitor.
        #[arg(long, default_value_t = campaign_server::DEFAULT_RATE_PER_VISITOR.per_minute)]
        rate_per_visitor: u32,
    },
    /// Validate a campaign config and print every problem with its path.
    Check {
        /// The campaign config (JSON).
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { file } => return check(&file),
        Command::Serve {
            campaign,
            db,
            addr,
            dist,
            admin_token,
            public_url,
            rate_per_ip,
            rate_per_visitor,
        } => serve(
            &campaign,
            &db,
            addr,
            &dist,
            admin_token,
            public_url,
            (
                Rate {
                    per_minute: rate_per_ip,
                },
                Rate {
                    per_minute: rate_per_visitor,
                },
            ),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("campaign-server: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{}: cannot read: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    match parse_campaign(&text) {
        Ok(campaign) => {
            println!(
                "{}: ok, campaign `{}` ({}) with {} pages",
                file.display(),
                campaign.id,
                campaign.title,
                campaign.pages.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{}: {errors}", file.display());
            ExitCode::FAILURE
        }
    }
}

fn load_campaign(file: &Path) -> anyhow::Result<Campaign> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    parse_campaign(&text).map_err(|errors| anyhow::anyhow!("{}: {errors}", file.display()))
}

fn serve(
    campaign_file: &Path,
    db: &Path,
    addr: SocketAddr,
    dist: &Path,
    admin_token: Option<String>,
    public_url: Option<String>,
    (per_ip, per_visitor): (Rate, Rate),
) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "campaign_server=info,tower_http=warn".into()),
        )
        .init();
    let campaign = load_campaign(campaign_file)?;
    if let Some(parent) = db.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let store =
        Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let token_was_generated = admin_token.is_none();
    let admin_token = match admin_token {
        Some(token) => token,
        None => random_token()?,
    };
    if !dist.join("index.html").exists() {
        eprintln!(
            "warning: {} has no built pages; run `cargo xtask build` (the API works meanwhile)",
            dist.display()
        );
    }
    let state = AppState::new(campaign.clone(), store, &admin_token, dist)
        .with_rate_limits(per_ip, per_visitor);
    let app = router(state, dist);

    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("cannot listen on {addr} (is another server running there?)")
        })?;
        let base = public_url
            .unwrap_or_else(|| format!("http://{}", listener.local_addr().unwrap_or(addr)));
        print_banner(&campaign, &base, db, &admin_token, token_was_generated);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped with an error")
    })
}

fn print_banner(campaign: &Campaign, base: &str, db: &Path, admin_token: &str, generated: bool) {
    let base = base.trim_end_matches('/');
    println!("Campaign Kit reference server");
    println!(
        "  campaign  {} ({}), {} pages",
        campaign.title,
        campaign.id,
        campaign.pages.len()
    );
    println!("  database  {}", db.display());
    println!(
        "  admin     token {admin_token}{} for {base}/api/v1/submissions and /api/v1/export.csv",
        if generated {
            " (random; set --admin-token to keep one)"
        } else {
            ""
        }
    );
    println!("  pages");
    println!("    {:<16} {base}/", "home");
    for page in &campaign.pages {
        println!(
            "    {:<16} {base}{}  {}",
            page.id(),
            page_path(page.id()),
            page.title()
        );
    }
    println!("Listening on {base}/ (Ctrl-C to stop)");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
