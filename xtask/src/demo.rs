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
    // JD Finance's course funnel is a campaign of its own, served beside the
    // CMB one on the next port.
    let course_listen = SocketAddr::new(listen.ip(), listen.port().wrapping_add(1));
    let course_config = course_demo_config()?;
    let mut course = Command::new("target/debug/campaign-server");
    course
        .arg("serve")
        .arg("--campaign")
        .arg(&course_config)
        .args(["--db", "target/demo/jd-course.sqlite", "--dist", "dist"])
        .arg("--addr")
        .arg(course_listen.to_string());
    let mut course = course
        .spawn()
        .context("starting the JD course demo server")?;
    let course_host = public_url
        .as_deref()
        .map(|url| {
            url.rsplit_once(':')
                .map_or(url, |(host, _)| host)
                .to_owned()
        })
        .unwrap_or_else(|| format!("http://{}", course_listen.ip()));
    println!(
        "JD Finance's course funnel (报名、打卡、结业证书): {course_host}:{}/p/course\n",
        course_listen.port()
    );
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
        .args(demo_reward_code_args())
        .arg("--addr")
        .arg(listen.to_string());
    if let Some(url) = public_url {
        server.arg("--public-url").arg(url);
    }
    let served = run(&mut server);
    // Best effort: the course server goes with the demo.
    let _ = course.kill();
    let _ = course.wait();
    served
}

/// `static/campaigns/jd-course.json` as the demo serves it: with device
/// identity, because a demo machine has no WeChat service account to sign
/// people in with (the real campaign says `wechat`). Written to
/// `target/demo/jd-course.json`.
fn course_demo_config() -> anyhow::Result<std::path::PathBuf> {
    let text = std::fs::read_to_string("static/campaigns/jd-course.json")
        .context("reading static/campaigns/jd-course.json")?;
    let mut config: serde_json::Value =
        serde_json::from_str(&text).context("static/campaigns/jd-course.json is not JSON")?;
    config["identity"] = "device".into();
    std::fs::create_dir_all("target/demo")?;
    let path = std::path::PathBuf::from("target/demo/jd-course.json");
    std::fs::write(&path, serde_json::to_string_pretty(&config)?)?;
    Ok(path)
}

/// `--reward-codes` for every pool the demo hands codes out of: the JD Finance
/// style survey's coupon bundle and the three tiers of the coupon ladder.
fn demo_reward_code_args() -> Vec<String> {
    ["jd-coupons", "jd-400", "jd-1600", "jd-2800"]
        .iter()
        .flat_map(|pool| {
            [
                "--reward-codes".to_owned(),
                format!("{pool}=server/demo/{pool}.txt"),
            ]
        })
        .collect()
}

/// The address phones on the same network reach this machine at.
fn lan_address() -> Option<IpAddr> {
    let interfaces = if_addrs::get_if_addrs().ok()?;
    pick_lan_address(interfaces.iter().map(|interface| interface.ip()))
}

/// A private IPv4 address if there is one (home and office Wi-Fi), else any other
/// IPv4 that is neither loopback nor link-local (carrier-grade NAT, hotspots).
fn pick_lan_address(addresses: impl Iterator<Item = IpAddr>) -> Option<IpAddr> {
    let usable: Vec<std::net::Ipv4Addr> = addresses
        .filter_map(|ip| match ip {
            IpAddr::V4(v4) if !v4.is_loopback() && !v4.is_link_local() && !v4.is_unspecified() => {
                Some(v4)
            }
            _ => None,
        })
        .collect();
    usable
        .iter()
        .find(|v4| v4.is_private())
        .or_else(|| usable.first())
        .map(|v4| IpAddr::V4(*v4))
}

fn print_qr(url: &str) {
    match QrCode::new(url.as_bytes()) {
        Ok(code) => println!("{}", code.render::<Dense1x2>().quiet_zone(true).build()),
        Err(err) => println!("(cannot draw a QR code for {url}: {err})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn prefers_a_private_address() {
        let found = [
            ip("127.0.0.1"),
            ip("100.70.1.2"),
            ip("fe80::1"),
            ip("192.168.1.23"),
        ];
        assert_eq!(
            pick_lan_address(found.into_iter()),
            Some(ip("192.168.1.23"))
        );
    }

    #[test]
    fn falls_back_to_another_routable_address() {
        let found = [ip("127.0.0.1"), ip("169.254.3.4"), ip("100.70.1.2")];
        assert_eq!(pick_lan_address(found.into_iter()), Some(ip("100.70.1.2")));
        assert_eq!(pick_lan_address([ip("127.0.0.1")].into_iter()), None);
    }
}
