//! A throwaway PostgreSQL cluster for the tests and the benchmark: `initdb`
//! in a temporary directory, as an unprivileged user, on a free loopback port,
//! stopped and removed when dropped. Debian's `postgresql` is installed when
//! the machine has no PostgreSQL.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::Context;

use crate::process::{output, run};
use crate::tools;

/// The user the cluster runs as when this runs as root: PostgreSQL refuses
/// to run as root, and Debian's package makes this one.
const SERVICE_USER: &str = "postgres";

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    dir: PathBuf,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`: the admin database.
    pub url: String,
    as_root: bool,
}

/// How fast commits are: the tests throw the cluster away, the benchmark
/// measures what a real one does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Commits {
    /// `fsync = off`: nothing survives a crash, which a throwaway cluster
    /// does not care about.
    Throwaway,
    /// PostgreSQL's defaults: every commit synced.
    Durable,
}

impl Cluster {
    pub fn start(commits: Commits) -> anyhow::Result<Cluster> {
        let bin = ensure_installed()?;
        let as_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
        let dir = std::env::temp_dir().join(format!("ck-postgres-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).ok();
        }
        std::fs::create_dir_all(&dir)?;
        if as_root {
            run(Command::new("chown").arg(SERVICE_USER).arg(&dir))?;
        }
        let data = dir.join("data");
        let port = free_port()?;
        let cluster = Cluster {
            bin,
            data,
            dir,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            as_root,
        };
        cluster.run_tool(
            "initdb",
            &[
                "-D",
                &cluster.data.to_string_lossy(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        // In the config rather than on pg_ctl's command line, so that a plain
        // `pg_ctl start` (the outage test's) brings the same cluster back.
        let mut settings = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nmax_connections = 200\n",
            cluster.dir.display()
        );
        if commits == Commits::Throwaway {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        let conf = cluster.data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).context("reading postgresql.conf")?;
        text.push_str(&settings);
        std::fs::write(&conf, text)?;
        cluster.pg_ctl(&["start", "-w", "-t", "60"])?;
        println!(
            "    PostgreSQL cluster on 127.0.0.1:{port} ({})",
            cluster.dir.display()
        );
        Ok(cluster)
    }

    /// A new, empty database in the cluster; its URL.
    pub fn create_database(&self, name: &str) -> anyhow::Result<String> {
        let port = self
            .url
            .rsplit(':')
            .next()
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("5432");
        self.run_tool(
            "createdb",
            &["-h", "127.0.0.1", "-p", port, "-U", "postgres", name],
        )?;
        let base = self
            .url
            .rsplit_once('/')
            .map_or(self.url.as_str(), |(base, _)| base);
        Ok(format!("{base}/{name}"))
    }

    /// `pg_ctl -D <data> ...`, as the cluster's user.
    pub fn pg_ctl(&self, args: &[&str]) -> anyhow::Result<()> {
        let log = self.dir.join("log");
        let mut all = vec![
            "-D".to_owned(),
            self.data.to_string_lossy().into_owned(),
            "-l".to_owned(),
            log.to_string_lossy().into_owned(),
        ];
        all.extend(args.iter().map(|arg| (*arg).to_owned()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        self.run_tool("pg_ctl", &all)
    }

    /// The command line that runs `pg_ctl` on this cluster, for tests that
    /// stop and start it (`<this> stop -m fast`, `<this> start -w`).
    pub fn pg_ctl_command(&self) -> String {
        let pg_ctl = self.bin.join("pg_ctl");
        let base = format!(
            "{} -D {} -l {}",
            pg_ctl.display(),
            self.data.display(),
            self.dir.join("log").display()
        );
        if self.as_root {
            format!("runuser -u {SERVICE_USER} -- {base}")
        } else {
            base
        }
    }

    fn run_tool(&self, tool: &str, args: &[&str]) -> anyhow::Result<()> {
        let path = self.bin.join(tool);
        let mut command = if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", SERVICE_USER, "--"]).arg(&path);
            command
        } else {
            Command::new(&path)
        };
        command.args(args).current_dir(&self.dir);
        run(command.stdout(std::process::Stdio::null()))
            .with_context(|| format!("{tool} failed; its log is in {}", self.dir.display()))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.pg_ctl(&["stop", "-m", "immediate", "-w"]).ok();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// The directory of PostgreSQL's programs, installing Debian's package when
/// there is none (the newest version when there are several).
fn ensure_installed() -> anyhow::Result<PathBuf> {
    if let Some(bin) = newest_bin() {
        return Ok(bin);
    }
    tools::apt_install(&["postgresql"])?;
    newest_bin().context("installed postgresql, but found no initdb under /usr/lib/postgresql")
}

fn newest_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
