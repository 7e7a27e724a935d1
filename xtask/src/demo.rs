//! `cargo xtask demo`: from a fresh clone to the demo campaign in a browser.

use std::net::{IpAddr, SocketAddr};
use std::process::Command;

use anyhow::{Context, bail};
use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

use crate::process::{cargo, run};
use crate::{build, tools};

pub struct Options {
    lan: bool,
    port: u16,
    host: Option<IpAddr>,
}

impl Options {
    pub fn parse(args: &[String]) -> anyhow::Result<Options> {
        let mut options = Options {
            lan: false,
            port: 8080,
            host: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--lan" => options.lan = true,
                "--addr" => {
                    let value = args
                        .next()
                        .context("--addr needs a value such as 127.0.0.1:8080")?;
                    let addr: SocketAddr = value.parse().with_context(|| {
                        format!("`{value}` is not an address such as 127.0.0.1:8080")
                    })?;
                    options.host = Some(addr.ip());
                    options.port = addr.port();
                }
                other => {
                    bail!("unknown option `{other}` for demo (try --lan or --addr 127.0.0.1:8080)")
                }
            }
        }
        Ok(options)
    }
}

pub fn serve_demo(options: &Options) -> anyhow::Result<()> {
    tools::ensure_build_tools()?;
    build::release()?;
    run(cargo().args(["build", "--quiet", "-p", "campaign-server"]))?;

    let (listen, public_url) = if options.lan {
        let lan =
            lan_address().context("no LAN address found; connect to a network or use --addr")?;
        let host = options.host.unwrap_or(lan);
        (
            SocketAddr::new(host, options.port),
            Some(format!("http://{lan}:{}", options.port)),
        )
    } else {
        let host = options.host.unwrap_or(IpAddr::from([127, 0, 0, 1]));
        (SocketAddr::new(host, options.port), None)
    };
    if let Some(url) = &public_url {
        println!("Scan with a phone on the same network to open the demo:\n");
        print_qr(&format!("{url}/"));
        println!("  {url}/\n");
    }
    let mut server = Command::new("target/debug/campaign-server");
    server
        .arg("serve")
        .args([
            "--campaign",
            "static/campaigns/demo.json",
            "--db",
            "target/demo/demo.sqlite",
            "--dist",
            "dist",
        ])
        .arg("--addr")
        .arg(listen.to_string());
    if let Some(url) = public_url {
        server.arg("--public-url").arg(url);
    }
    run(&mut server)
}

/// The first private IPv4 address of a network interface that is up.
fn lan_address() -> Option<IpAddr> {
    let interfaces = if_addrs::get_if_addrs().ok()?;
    interfaces
        .into_iter()
        .filter(|interface| !interface.is_loopback())
        .map(|interface| interface.ip())
        .find(|ip| matches!(ip, IpAddr::V4(v4) if v4.is_private()))
}

fn print_qr(url: &str) {
    match QrCode::new(url.as_bytes()) {
        Ok(code) => println!("{}", code.render::<Dense1x2>().quiet_zone(true).build()),
        Err(err) => println!("(cannot draw a QR code for {url}: {err})"),
    }
}
