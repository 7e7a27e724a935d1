//! `cargo xtask bench server [--seconds N] [--connections N]`: throughput of
//! the release server on this machine, for stored results and prize draws:
//! on SQLite with its commits synced (`full`, what runs) and not (`normal`,
//! what that costs), and on PostgreSQL (a throwaway cluster with durable
//! commits) with one server process and with two sharing it. Loopback only,
//! bounded in time; it prints a table and writes `target/bench/server.json`.
//! No test asserts on these numbers: machines are noisy, so compare figures
//! from one run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use campaign_core::envelope::uuid_v4;

use crate::postgres;
use crate::process::{cargo, run};

const CAMPAIGN: &str = "static/campaigns/demo.json";

pub struct Options {
    seconds: u64,
    connections: usize,
}

impl Options {
    pub fn parse(args: &[String]) -> anyhow::Result<Options> {
        let mut options = Options {
            seconds: 10,
            connections: 32,
        };
        let mut args = args.iter();
        match args.next().map(String::as_str) {
            Some("server") => {}
            _ => bail!("usage: cargo xtask bench server [--seconds N] [--connections N]"),
        }
        while let Some(arg) = args.next() {
            let value = args
                .next()
                .with_context(|| format!("{arg} needs a value"))?;
            match arg.as_str() {
                "--seconds" => options.seconds = value.parse().context("--seconds")?,
                "--connections" => options.connections = value.parse().context("--connections")?,
                other => bail!("unknown option {other}"),
            }
        }
        options.seconds = options.seconds.clamp(1, 120);
        options.connections = options.connections.clamp(1, 256);
        Ok(options)
    }
}

/// What one workload sends: a path and a body made fresh for each request.
#[derive(Clone, Copy)]
enum Workload {
    /// A group picker result from a new visitor: one stored envelope each.
    Submissions,
    /// A prize draw by a new visitor: chances counted, stock taken, recorded.
    Draws,
}

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Workload::Submissions => "submissions",
            Workload::Draws => "draws",
        }
    }

    fn request(self, worker: usize, sequence: u64) -> (&'static str, String) {
        let mut seed = [0u8; 16];
        seed[..8].copy_from_slice(&sequence.to_le_bytes());
        seed[8..10].copy_from_slice(&u16::try_from(worker).unwrap_or(u16::MAX).to_le_bytes());
        seed[10] = self as u8;
        let id = uuid_v4(seed);
        let visitor = format!("bench-{worker}-{sequence}-{}", self as u8);
        match self {
            Workload::Submissions => (
                "/api/v1/submissions",
                format!(
                    r#"{{"id":"{id}","campaign_id":"cmb-city-community","page_id":"city-group","page_kind":"group_picker","visitor_id":"{visitor}","client_ts":1779282840000,"payload":{{"group":"sz-futian-1","method":"manual"}}}}"#
                ),
            ),
            Workload::Draws => (
                "/api/v1/draw",
                format!(
                    r#"{{"id":"{id}","campaign_id":"cmb-city-community","page_id":"draw-520","visitor_id":"{visitor}"}}"#
                ),
            ),
        }
    }
}

struct Measured {
    workload: &'static str,
    /// `sqlite full`, `sqlite normal` or `postgres`.
    store: &'static str,
    processes: usize,
    /// CPU time per request of the servers, of PostgreSQL's processes and of
    /// this load generator: on 2 cores, where the time goes.
    cpu_ms_per_request: [f64; 3],
    per_second: f64,
    ok: u64,
    failed: u64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Where a measured server keeps its data.
#[derive(Clone, Copy)]
enum Store {
    Sqlite(&'static str),
    Postgres,
}

pub fn server(options: &Options) -> anyhow::Result<()> {
    run(cargo().args(["build", "--release", "--quiet", "-p", "campaign-server"]))?;
    let bin = PathBuf::from("target/release/campaign-server");
    let cluster = postgres::Cluster::start(postgres::Commits::Durable)?;
    let setups = [
        (Store::Sqlite("full"), 1),
        (Store::Sqlite("normal"), 1),
        (Store::Postgres, 1),
        (Store::Postgres, 2),
    ];
    let mut results = Vec::new();
    let mut databases = 0;
    for (store, processes) in setups {
        for workload in [Workload::Submissions, Workload::Draws] {
            let dir = TempDir::new()?;
            let (db, synchronous, name) = match store {
                Store::Sqlite(synchronous) => (
                    dir.0.join("bench.sqlite").to_string_lossy().into_owned(),
                    synchronous,
                    if synchronous == "full" {
                        "sqlite full"
                    } else {
                        "sqlite normal"
                    },
                ),
                Store::Postgres => {
                    databases += 1;
                    (
                        cluster.create_database(&format!("bench_{databases}"))?,
                        "full",
                        "postgres",
                    )
                }
            };
            let campaign = unthrottled_campaign()?;
            let servers = (0..processes)
                .map(|_| Server::start_on(&bin, &dir, &db, synchronous, &campaign))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let addrs: Vec<String> = servers.iter().map(|server| server.addr.clone()).collect();
            let pids: Vec<u32> = servers.iter().map(|server| server.child.id()).collect();
            let before = CpuUse::now(&pids);
            let measured = load(&addrs, workload, options);
            let cpu = CpuUse::now(&pids).since(&before);
            drop(servers);
            let measured = measured?;
            let requests = (measured.ok + measured.failed).max(1) as f64;
            let measured = Measured {
                store: name,
                processes,
                cpu_ms_per_request: [
                    cpu.servers_ms / requests,
                    cpu.postgres_ms / requests,
                    cpu.load_ms / requests,
                ],
                ..measured
            };
            let [server_cpu, postgres_cpu, load_cpu] = measured.cpu_ms_per_request;
            println!(
                "  {:<12} {:<14} {} process{} {:>8.0}/s  ({} ok, {} failed; p50 {:.1} ms, p99 {:.1} ms; CPU per request: server {:.2} ms, PostgreSQL {:.2} ms, load {:.2} ms)",
                measured.workload,
                measured.store,
                measured.processes,
                if processes == 1 { " " } else { "es" },
                measured.per_second,
                measured.ok,
                measured.failed,
                measured.p50_ms,
                measured.p99_ms,
                server_cpu,
                postgres_cpu,
                load_cpu,
            );
            results.push(measured);
        }
    }
    let json: Vec<serde_json::Value> = results
        .iter()
        .map(|m| {
            serde_json::json!({
                "workload": m.workload, "store": m.store, "processes": m.processes,
                "per_second": m.per_second, "ok": m.ok, "failed": m.failed,
                "p50_ms": m.p50_ms, "p99_ms": m.p99_ms,
                "cpu_ms_per_request": {
                    "servers": m.cpu_ms_per_request[0],
                    "postgres": m.cpu_ms_per_request[1],
                    "load_generator": m.cpu_ms_per_request[2],
                },
                "connections": options.connections, "seconds": options.seconds,
            })
        })
        .collect();
    let out = Path::new("target/bench");
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join("server.json"),
        serde_json::to_string_pretty(&json)?,
    )?;
    println!("wrote target/bench/server.json");
    Ok(())
}

/// The demo with its ceilings (the per-minute circuit breakers and the
/// per-address prize cap) out of reach: one loopback address sending
/// thousands of draws a second is what the breakers exist to stop, and the
/// bench measures the server's throughput, not them.
fn unthrottled_campaign() -> anyhow::Result<String> {
    let mut campaign: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(CAMPAIGN)?)?;
    let unlimited = 100_000_000;
    campaign["ceilings"] = serde_json::json!({
        "draws_per_minute": unlimited,
        "reward_codes_per_minute": unlimited,
        "seats_per_minute": unlimited,
        "prize_wins_per_address_per_day": unlimited,
    });
    Ok(campaign.to_string())
}

/// The release server on a free loopback port, on the database `db`.
pub struct Server {
    child: Child,
    pub addr: String,
    _dir: Option<TempDir>,
}

impl Server {
    /// On a fresh SQLite database of its own.
    pub fn start(bin: &Path, synchronous: &str) -> anyhow::Result<Server> {
        Server::start_serving(bin, synchronous, &unthrottled_campaign()?)
    }

    /// On a fresh SQLite database of its own, serving `campaign` (JSON).
    pub fn start_serving(bin: &Path, synchronous: &str, campaign: &str) -> anyhow::Result<Server> {
        let dir = TempDir::new()?;
        let db = dir.0.join("bench.sqlite").to_string_lossy().into_owned();
        let mut server = Server::start_on(bin, &dir, &db, synchronous, campaign)?;
        server._dir = Some(dir);
        Ok(server)
    }

    fn start_on(
        bin: &Path,
        dir: &TempDir,
        db: &str,
        synchronous: &str,
        campaign_json: &str,
    ) -> anyhow::Result<Server> {
        let campaign = dir.0.join("campaign.json");
        std::fs::write(&campaign, campaign_json)?;
        let mut child = Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--campaign"])
            .arg(&campaign)
            .args(["--db", db])
            .args(["--dist", "dist", "--admin-token", "bench-token"])
            .args([
                "--rate-per-ip",
                "100000000",
                "--rate-per-visitor",
                "100000000",
            ])
            .args(["--sqlite-synchronous", synchronous])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start the release server")?;
        let stdout = child.stdout.take().context("no server output")?;
        let mut addr = None;
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let line = line?;
            if let Some(rest) = line.strip_prefix("Listening on http://") {
                addr = rest.split('/').next().map(str::to_owned);
                break;
            }
        }
        match addr {
            Some(addr) => {
                // Keep reading, so the server never blocks on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                Ok(Server {
                    child,
                    addr,
                    _dir: None,
                })
            }
            None => {
                child.kill().ok();
                bail!("the server did not say where it listens")
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<TempDir> {
        let dir = std::env::temp_dir().join(format!(
            "ck-bench-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos()
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `connections` keep-alive connections, each sending one request after the
/// other for `seconds`.
/// Worker `i` sends to `addrs[i % addrs.len()]`: the load is split evenly
/// between the servers, as a load balancer would.
fn load(addrs: &[String], workload: Workload, options: &Options) -> anyhow::Result<Measured> {
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..options.connections)
        .map(|worker| {
            let (addr, stop) = (addrs[worker % addrs.len()].clone(), stop.clone());
            let (ok, failed, latencies) = (ok.clone(), failed.clone(), latencies.clone());
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut connection = None;
                let mut sequence = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    sequence += 1;
                    let (path, body) = workload.request(worker, sequence);
                    let sent = Instant::now();
                    match post(&mut connection, &addr, path, &body) {
                        Ok(status) if (200..300).contains(&status) => {
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            connection = None;
                        }
                    }
                    mine.push(sent.elapsed());
                }
                if let Ok(mut all) = latencies.lock() {
                    all.extend(mine);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(options.seconds));
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().ok();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies = latencies.lock().map(|all| all.clone()).unwrap_or_default();
    latencies.sort();
    let at = |share: f64| {
        latencies
            .get(((latencies.len() as f64 * share) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |latency| latency.as_secs_f64() * 1000.0)
    };
    let ok = ok.load(Ordering::Relaxed);
    Ok(Measured {
        workload: workload.name(),
        store: "",
        processes: addrs.len(),
        cpu_ms_per_request: [0.0; 3],
        per_second: ok as f64 / elapsed,
        ok,
        failed: failed.load(Ordering::Relaxed),
        p50_ms: at(0.5),
        p99_ms: at(0.99),
    })
}

/// POSTs `body` over the kept connection (opening one when there is none);
/// the answer's status.
fn post(
    connection: &mut Option<BufReader<TcpStream>>,
    addr: &str,
    path: &str,
    body: &str,
) -> anyhow::Result<u16> {
    if connection.is_none() {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        *connection = Some(BufReader::new(stream));
    }
    let reader = connection.as_mut().context("no connection")?;
    write!(
        reader.get_mut(),
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .context("no status")?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

/// CPU time used so far (user and system) by the servers, by every
/// PostgreSQL process, and by this process, in milliseconds.
struct CpuUse {
    servers_ms: f64,
    postgres_ms: f64,
    load_ms: f64,
}

impl CpuUse {
    fn now(servers: &[u32]) -> CpuUse {
        let postgres = std::fs::read_dir("/proc")
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|entry| {
                        std::fs::read_to_string(entry.path().join("comm"))
                            .is_ok_and(|comm| comm.trim() == "postgres")
                    })
                    .filter_map(|entry| process_cpu_ms(&entry.path()))
                    .sum()
            })
            .unwrap_or(0.0);
        CpuUse {
            servers_ms: servers
                .iter()
                .filter_map(|pid| process_cpu_ms(&Path::new("/proc").join(pid.to_string())))
                .sum(),
            postgres_ms: postgres,
            load_ms: process_cpu_ms(Path::new("/proc/self")).unwrap_or(0.0),
        }
    }

    fn since(&self, before: &CpuUse) -> CpuUse {
        CpuUse {
            servers_ms: self.servers_ms - before.servers_ms,
            // PostgreSQL's backends come and go; one that ended during the
            // run is missing from the second count, so this is a floor.
            postgres_ms: (self.postgres_ms - before.postgres_ms).max(0.0),
            load_ms: self.load_ms - before.load_ms,
        }
    }
}

/// `utime + stime` of the process at `/proc/<pid>`, in milliseconds (the
/// kernel counts in ticks of 10 ms).
fn process_cpu_ms(proc_dir: &Path) -> Option<f64> {
    let stat = std::fs::read_to_string(proc_dir.join("stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}
