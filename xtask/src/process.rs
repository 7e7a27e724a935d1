//! Running other programs, with their command line shown and failures explained.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Runs `command`, failing with its command line when it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let line = describe(command);
    println!("$ {line}");
    let status = command
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs `command` quietly and returns its standard output, or `None` when it
/// cannot start or fails (used to ask whether a tool is there).
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// `cargo`, as the one running xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Runs a `cargo build` (or `check`) and returns how many warnings the
/// compiler gave for the workspace's own crates. Dependencies' lints are capped
/// by cargo, and cargo replays the warnings of units it did not need to
/// rebuild, so a build that compiled nothing still counts them. Diagnostics
/// are printed as cargo would.
pub fn run_counting_warnings(command: &mut Command) -> anyhow::Result<usize> {
    use std::io::BufRead;
    command.arg("--message-format=json-diagnostic-rendered-ansi");
    let line = describe(command);
    println!("$ {line}");
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{line}`"))?;
    let mut warnings = 0;
    if let Some(stdout) = child.stdout.take() {
        for message in std::io::BufReader::new(stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&message?) else {
                continue;
            };
            if message["reason"] != "compiler-message" {
                continue;
            }
            if let Some(rendered) = message["message"]["rendered"].as_str() {
                eprint!("{rendered}");
            }
            if message["message"]["level"] == "warning" {
                warnings += 1;
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(warnings)
}
