//! `campaign-server`: run a campaign's pages and API, or check a config.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use axum::http::StatusCode;
use axum::serve::ListenerExt;
use campaign_core::routes::page_path;
use campaign_core::validate::declared_locale;
use campaign_core::{Campaign, Locale, parse_campaign};
use campaign_server::limits::Rate;
use campaign_server::net::{CappedListener, TrustedProxies};
use campaign_server::store::{Durability, Retention, Store, is_postgres_url};
use campaign_server::{AppState, SiteOptions, StaffToken, random_token, router};
use clap::{Parser, Subcommand};
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

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

#[derive(clap::Args)]
struct ServeArgs {
    /// The campaign config (JSON).
    #[arg(long)]
    campaign: PathBuf,
    /// Where results are stored: a SQLite file (created when missing), or
    /// PostgreSQL as `postgres://user:password@host:port/database`, which
    /// several servers of one campaign can share.
    #[arg(long, env = "CAMPAIGN_SERVER_DB", hide_env_values = true)]
    db: String,
    /// Connections to PostgreSQL this server keeps at most.
    #[arg(long, default_value_t = 16)]
    db_pool: usize,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The built pages (`cargo xtask build`).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Token staff send to list and export results; random when not set.
    #[arg(long, env = "CAMPAIGN_SERVER_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// A staff token (at least 16 characters), named `staff`: it looks up and
    /// redeems claim codes, and nothing else. For several, named by branch,
    /// use --staff-tokens.
    #[arg(long, env = "CAMPAIGN_SERVER_STAFF_TOKEN", hide_env_values = true)]
    staff_token: Option<String>,
    /// A file of staff tokens, one `name token` a line (`#` starts a
    /// comment): each redemption records the name of the token it came with.
    #[arg(long, value_name = "FILE")]
    staff_tokens: Option<PathBuf>,
    /// Base URL to print page links with (e.g. the LAN address phones use).
    #[arg(long)]
    public_url: Option<String>,
    /// Requests per minute allowed from one client address.
    #[arg(long, default_value_t = campaign_server::DEFAULT_RATE_PER_IP.per_minute)]
    rate_per_ip: u32,
    /// Results per minute allowed from one visitor.
    #[arg(long, default_value_t = campaign_server::DEFAULT_RATE_PER_VISITOR.per_minute)]
    rate_per_visitor: u32,
    /// Reward codes for a survey's `code_pool`, as `POOL=FILE` with one code per
    /// line (repeatable). Codes are secrets, so they live here, not in the
    /// public campaign config. Codes already imported are kept.
    #[arg(long = "reward-codes", value_name = "POOL=FILE")]
    reward_codes: Vec<String>,
    /// Proxies in front of the server (nginx, a load balancer, a CDN), as
    /// addresses or CIDR ranges: `10.0.0.0/8,192.0.2.7`. Their
    /// `X-Forwarded-For` (or `X-Real-IP`) names the client; nobody else's does.
    #[arg(long, env = "CAMPAIGN_SERVER_TRUSTED_PROXIES", default_value = "")]
    trusted_proxies: String,
    /// Sites whose configs a page may preview with `?c=`, besides this
    /// server's own `/preview`: `https://cms.bank.example,...`.
    #[arg(long, value_delimiter = ',')]
    preview_origins: Vec<String>,
    /// Connections kept open at most; more wait until one closes.
    #[arg(long, default_value_t = 4096)]
    max_connections: usize,
    /// Seconds a request may take before it is answered with `408`/`503`.
    #[arg(long, default_value_t = 30)]
    request_timeout: u64,
    /// Seconds requests in flight get to finish after a stop signal.
    #[arg(long, default_value_t = 10)]
    shutdown_grace: u64,
    /// Days results, events, draws and invitations are kept; older ones are
    /// removed every hour. Unset: kept until you delete the database.
    #[arg(long)]
    retain_days: Option<u32>,
    /// Days uploaded poster images are kept.
    #[arg(long, default_value_t = 30)]
    poster_days: u32,
    /// The secret a host signs visitor tokens with (HS256), and this server
    /// its WeChat sessions: at least 32 bytes, e.g. `openssl rand -hex 32`.
    /// `signed` and `wechat` campaigns need it. Never put it in the config.
    #[arg(long, env = "CAMPAIGN_SERVER_IDENTITY_SECRET", hide_env_values = true)]
    identity_secret: Option<String>,
    /// The WeChat service account (公众号) app id, for `wechat` sign-in and
    /// share cards; needs `--wechat-secret` and `--public-url`.
    #[arg(long, env = "CAMPAIGN_SERVER_WECHAT_APPID")]
    wechat_appid: Option<String>,
    /// The app id's secret (AppSecret).
    #[arg(long, env = "CAMPAIGN_SERVER_WECHAT_SECRET", hide_env_values = true)]
    wechat_secret: Option<String>,
    /// Where people sign in (tests point it at a fake).
    #[arg(long, default_value = campaign_server::wechat::OAUTH_BASE)]
    wechat_oauth_base: String,
    /// WeChat's API host (tests point it at a fake).
    #[arg(long, default_value = campaign_server::wechat::API_BASE)]
    wechat_api_base: String,
    /// Runs the campaign as if it were this moment (RFC 3339, e.g.
    /// `2026-12-07T20:00:00+08:00`): the server's clock starts there and runs
    /// on. For rehearsing a campaign before its dates, and for tests that
    /// cross days; never for a live campaign.
    #[arg(long, value_name = "RFC3339")]
    clock_start: Option<String>,
    /// `normal` trades the last commits before a power cut for speed; only
    /// `cargo xtask bench server` uses it, to measure what `full` costs.
    #[arg(long, default_value = "full", hide = true)]
    sqlite_synchronous: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a campaign's pages and its API.
    Serve(Box<ServeArgs>),
    /// Validate a campaign config and print every problem with its path.
    Check {
        /// The campaign config (JSON).
        file: PathBuf,
        /// The report's language, `zh-CN` or `en`; by default the config's
        /// `locale` (zh-CN when it has none).
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<Locale>,
    },
    /// Print a page's link for each channel (渠道码) of the campaign, and
    /// write each link's QR code as a PNG.
    Links {
        /// The page's id.
        page: String,
        /// The campaign config (JSON), as `serve` takes it.
        #[arg(long, visible_alias = "config")]
        campaign: PathBuf,
        /// The address people open the pages at.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
        /// Where the QR codes go (`<page>-<channel>.png`, `<page>.png`).
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Copy a SQLite campaign's data into an empty PostgreSQL database, in
    /// one transaction. Stop the server first; then start it (or several)
    /// with `--db postgres://...`.
    Migrate {
        /// The SQLite file the server ran on.
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL database, `postgres://user:password@host/database`.
        #[arg(long, env = "CAMPAIGN_SERVER_DB", hide_env_values = true)]
        to: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { file, lang } => return check(&file, lang),
        Command::Serve(args) => serve(*args),
        Command::Migrate { from, to } => migrate(&from, &to),
        Command::Links {
            page,
            campaign,
            base,
            out,
        } => links(&page, &campaign, &base, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("campaign-server: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn migrate(from: &Path, to: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        from.exists(),
        "{} does not exist: --from names the SQLite file the server ran on",
        from.display()
    );
    anyhow::ensure!(
        is_postgres_url(to),
        "--to must be a postgres:// URL, not `{}`",
        redacted(to)
    );
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let source =
            Store::open(from).with_context(|| format!("cannot open {}", from.display()))?;
        let target = Store::connect_postgres(to, 2)
            .await
            .with_context(|| format!("cannot connect to {}", redacted(to)))?;
        let copied = source.copy_into(&target).await?;
        println!("copied {} into {}:", from.display(), redacted(to));
        for (table, count) in &copied {
            println!("  {table:<18} {count:>9} rows");
        }
        println!(
            "every table holds the same rows in both; start the servers with --db {}",
            redacted(to)
        );
        Ok(())
    })
}

fn links(page: &str, campaign_file: &Path, base: &str, out: &Path) -> anyhow::Result<()> {
    let campaign = load_campaign(campaign_file)?;
    let links =
        campaign_server::links::channel_links(&campaign, page, base).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for link in &links {
        let file = out.join(match &link.code {
            Some(code) => format!("{page}-{code}.png"),
            None => format!("{page}.png"),
        });
        let png = campaign_server::links::qr_png(&link.url)?;
        std::fs::write(&file, png).with_context(|| format!("cannot write {}", file.display()))?;
        println!(
            "{}\t{}\t{}",
            link.code.as_deref().unwrap_or("-"),
            link.name,
            link.url
        );
    }
    if campaign.channels.is_empty() {
        println!(
            "the campaign names no channels: add them to its config as \
             `\"channels\": {{\"moments\": \"朋友圈\", \"menu\": \"公众号菜单\"}}` \
             to get a link and a QR code for each"
        );
    }
    println!("QR codes written to {}", out.display());
    Ok(())
}

/// A database URL fit for logs: without its password.
fn redacted(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &db[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &db[..scheme + 3],
                    &credentials[..colon],
                    &db[at..]
                ),
                None => db.to_owned(),
            }
        }
        _ => db.to_owned(),
    }
}

fn check(file: &Path, lang: Option<Locale>) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{}: cannot read: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    let locale = lang.unwrap_or_else(|| declared_locale(&text));
    let (colon, warning) = match locale {
        Locale::ZhCn => ("：", "警告："),
        Locale::En => (": ", "warning: "),
    };
    let file_name = file.display();
    match parse_campaign(&text) {
        Ok(campaign) => {
            let (id, title, pages) = (&campaign.id, &campaign.title, campaign.pages.len());
            match locale {
                Locale::ZhCn => {
                    println!("{file_name}：通过，活动 `{id}`（{title}）共 {pages} 个页面")
                }
                Locale::En => {
                    println!("{file_name}: ok, campaign `{id}` ({title}) with {pages} pages")
                }
            }
            for line in campaign_server::warnings(&campaign, campaign_server::now_ms(), locale) {
                println!("{warning}{line}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{file_name}{colon}{}", errors.render(locale));
            ExitCode::FAILURE
        }
    }
}

/// `--lang`: a locale tag the pages speak.
fn parse_lang(tag: &str) -> Result<Locale, String> {
    Locale::from_tag(tag)
        .ok_or_else(|| format!("`{tag}` is not a language of the pages; use `zh-CN` or `en`"))
}

fn load_campaign(file: &Path) -> anyhow::Result<Campaign> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    parse_campaign(&text).map_err(|errors| {
        let report = errors.render(declared_locale(&text));
        anyhow::anyhow!("{}: {report}", file.display())
    })
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "campaign_server=info,tower_http=warn".into()),
        )
        .init();
    let ServeArgs {
        campaign: campaign_file,
        db,
        db_pool,
        addr,
        dist,
        admin_token,
        staff_token,
        staff_tokens,
        public_url,
        rate_per_ip,
        rate_per_visitor,
        reward_codes,
        trusted_proxies,
        preview_origins,
        max_connections,
        request_timeout,
        shutdown_grace,
        retain_days,
        poster_days,
        identity_secret,
        wechat_appid,
        wechat_secret,
        wechat_oauth_base,
        wechat_api_base,
        sqlite_synchronous,
        clock_start,
    } = args;
    let durability = match sqlite_synchronous.as_str() {
        "full" => Durability::Full,
        "normal" => Durability::Normal,
        other => anyhow::bail!("--sqlite-synchronous `{other}`: use `full` or `normal`"),
    };
    let retention = Retention {
        results_days: retain_days,
        poster_days,
        ..Retention::default()
    };
    let trusted_proxies = TrustedProxies::parse(&trusted_proxies)
        .map_err(|problem| anyhow::anyhow!("--trusted-proxies: {problem}"))?;
    for origin in &preview_origins {
        if let Some(problem) = campaign_core::backend::origin_problem(origin) {
            anyhow::bail!("--preview-origins `{origin}`: {problem}");
        }
    }
    let (campaign_file, dist) = (campaign_file.as_path(), dist.as_path());
    let (per_ip, per_visitor) = (
        Rate {
            per_minute: rate_per_ip,
        },
        Rate {
            per_minute: rate_per_visitor,
        },
    );
    let campaign = load_campaign(campaign_file)?;
    if !is_postgres_url(&db) {
        if let Some(parent) = Path::new(&db)
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let store = runtime
        .block_on(Store::connect(&db, durability, db_pool))
        .with_context(|| format!("cannot open database {}", redacted(&db)))?;
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
    let site = SiteOptions { preview_origins };
    let mut staff = Vec::new();
    if let Some(token) = staff_token {
        staff.push(StaffToken {
            name: "staff".to_owned(),
            token,
        });
    }
    if let Some(file) = &staff_tokens {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read --staff-tokens {}", file.display()))?;
        staff.extend(
            StaffToken::parse_file(&text).map_err(|problem| {
                anyhow::anyhow!("--staff-tokens {}: {problem}", file.display())
            })?,
        );
    }
    let staff_count = staff.len();
    let mut state = AppState::with_site(campaign.clone(), store.clone(), &admin_token, dist, &site)
        .with_staff_tokens(staff)
        .map_err(|problem| anyhow::anyhow!("staff tokens: {problem}"))?
        .with_rate_limits(per_ip, per_visitor)
        .with_trusted_proxies(trusted_proxies);
    if let Some(start) = clock_start {
        let Some(start_ms) = campaign_core::clock::parse_rfc3339_ms(&start) else {
            anyhow::bail!(
                "--clock-start `{start}` is not an RFC 3339 time like 2026-12-07T20:00:00+08:00"
            );
        };
        let shift = start_ms - campaign_server::now_ms();
        eprintln!(
            "warning: --clock-start: the server's clock reads {start} now, not the real time"
        );
        state = state.with_clock(move || campaign_server::now_ms() + shift);
    }
    let identity = campaign.identity;
    match identity_secret {
        Some(secret) => {
            state = state
                .with_identity_secret(secret.as_bytes())
                .map_err(|problem| anyhow::anyhow!("--identity-secret: {problem}"))?;
        }
        None if identity.verifies_people() => anyhow::bail!(
            "the campaign's `identity` is `{}`: set --identity-secret (or CAMPAIGN_SERVER_IDENTITY_SECRET) to the secret visitor tokens are signed with",
            identity.as_str()
        ),
        None => {}
    }
    match (wechat_appid, wechat_secret) {
        (Some(appid), Some(secret)) => {
            let Some(site) = public_url.as_deref() else {
                anyhow::bail!(
                    "--wechat-appid needs --public-url, the https address people open (WeChat sends them back there)"
                );
            };
            let config = campaign_server::wechat::WechatConfig {
                appid,
                secret,
                oauth_base: wechat_oauth_base,
                api_base: wechat_api_base,
            };
            state = state.with_wechat(config, site);
        }
        (None, None) if identity == campaign_core::config::Identity::Wechat => anyhow::bail!(
            "the campaign's `identity` is `wechat`: set --wechat-appid and --wechat-secret of its service account"
        ),
        (None, None) => {
            if !campaign.wechat.share.is_empty() {
                eprintln!(
                    "warning: the campaign has `wechat.share` cards, but without --wechat-appid and --wechat-secret no page can set them"
                );
            }
        }
        _ => anyhow::bail!("--wechat-appid and --wechat-secret go together"),
    }
    // Every page's first screen is rendered before the server listens: a page
    // that cannot render stops the start, loudly, instead of a request later.
    state.render_first_screens();
    let app = router(state, dist).layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(request_timeout.max(1)),
    ));

    runtime.block_on(import_reward_codes(&store, &reward_codes, &campaign))?;
    runtime.spawn(purge_every_hour(store.clone(), retention));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("cannot listen on {addr} (is another server running there?)")
        })?;
        let base = public_url
            .unwrap_or_else(|| format!("http://{}", listener.local_addr().unwrap_or(addr)));
        print_banner(&campaign, &base, &redacted(&db), &admin_token, token_was_generated);
        if staff_count > 0 {
            println!(
                "  staff     {staff_count} staff token{} may look up and redeem claim codes (POST {base}/api/v1/claims/<code>/redeem)",
                if staff_count == 1 { "" } else { "s" }
            );
        }
        let listener = CappedListener::new(listener, max_connections).tap_io(|_| {});
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal());
        // After a stop signal, requests in flight get `shutdown_grace` seconds;
        // then the process exits, whatever is left (a phone retries: its
        // outbox keeps every result until a backend acknowledges it).
        let serving = tokio::spawn(async move { server.await });
        tokio::select! {
            served = serving => served.context("server task failed")?.context("server stopped with an error"),
            () = async {
                shutdown_signal().await;
                tokio::time::sleep(Duration::from_secs(shutdown_grace)).await;
            } => {
                eprintln!("campaign-server: requests still open after {shutdown_grace} s; stopping anyway");
                Ok(())
            }
        }
    })
}

fn print_banner(campaign: &Campaign, base: &str, db: &str, admin_token: &str, generated: bool) {
    let base = base.trim_end_matches('/');
    println!("Campaign Kit reference server");
    println!(
        "  campaign  {} ({}), {} pages",
        campaign.title,
        campaign.id,
        campaign.pages.len()
    );
    println!("  database  {db}");
    println!(
        "  identity  {}{}",
        campaign.identity.as_str(),
        match campaign.identity {
            campaign_core::config::Identity::Device =>
                " (counts devices: for campaigns with nothing to win)",
            campaign_core::config::Identity::Signed =>
                " (visitor tokens checked with --identity-secret)",
            campaign_core::config::Identity::Wechat => " (WeChat sign-in)",
        }
    );
    // A token from the environment or the command line is the operator's
    // secret: never echo it into logs. A generated one must be shown once,
    // or nobody could use it.
    let token = if generated {
        format!("token {admin_token} (random; set --admin-token to keep one)")
    } else {
        "the token you set".to_owned()
    };
    println!(
        "  admin     {token}, for {base}/api/v1/submissions, /api/v1/export.csv,\n            /api/v1/draws, /api/v1/referrals, /api/v1/claims/<code>/redeem\n            and /api/v1/checkins/<page>/wall/hide"
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
    println!(
        "  console   {base}/admin  (sign in with the admin token; staff tokens open\n            {base}/admin/redeem only)"
    );
    println!("  preview   {base}/preview  (every page in phone frames; nothing is sent)");
    println!("  embed     <script src=\"{base}/embed.js\" async></script>");
    println!("Listening on {base}/ (Ctrl-C to stop)");
}

/// Applies the retention rules now and then every hour.
async fn purge_every_hour(store: Store, retention: Retention) {
    let mut hourly = tokio::time::interval(Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match store.purge(retention, campaign_server::now_ms()).await {
            Ok(done) if !done.is_empty() => tracing::info!("retention: {done:?}"),
            Ok(_) => {}
            Err(err) => tracing::error!("retention failed: {err}"),
        }
    }
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

/// Loads `POOL=FILE` code lists, then warns about pools the campaign uses that
/// have no code left (those visitors would be told the rewards are all gone).
async fn import_reward_codes(
    store: &Store,
    specs: &[String],
    campaign: &Campaign,
) -> anyhow::Result<()> {
    for spec in specs {
        let (pool, file) = spec
            .split_once('=')
            .with_context(|| format!("--reward-codes `{spec}`: write it as POOL=FILE"))?;
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read reward codes from {file}"))?;
        let codes: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let total = codes.len();
        let added = store.import_reward_codes(pool.to_owned(), codes).await?;
        println!("  rewards   pool `{pool}`: {added} new of {total} codes from {file}");
    }
    for page in &campaign.pages {
        if let campaign_core::Page::Offers(offer) = page {
            for tier in &offer.tiers {
                let Some(pool) = &tier.pool else { continue };
                if store.reward_codes_left(pool.clone()).await? == 0 {
                    eprintln!(
                        "warning: page `{}` tier `{}` hands out coupons from pool `{pool}`, which has none left; load some with --reward-codes {pool}=FILE",
                        offer.id, tier.id
                    );
                }
            }
        }
        if let campaign_core::Page::Survey(survey) = page {
            if let Some(pool) = survey
                .reward
                .as_ref()
                .and_then(|reward| reward.code_pool.clone())
            {
                if store.reward_codes_left(pool.clone()).await? == 0 {
                    eprintln!(
                        "warning: page `{}` hands out codes from pool `{pool}`, which has none left; load some with --reward-codes {pool}=FILE",
                        survey.id
                    );
                }
            }
        }
    }
    Ok(())
}
