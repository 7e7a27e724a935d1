// Shared helpers for the end-to-end tests: start the real server on a free
// loopback port with a fresh database, and drive Debian's Chromium (never a
// downloaded browser) through playwright-core.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ADMIN_TOKEN = "e2e-admin-token";
export const ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = join(ROOT, "tests/artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Starts campaign-server; resolves once it listens. Call `stop()` when done. */
export async function startServer({ campaign = "static/campaigns/demo.json" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ck-e2e-"));
  const bin = resolve(ROOT, process.env.CK_SERVER_BIN ?? "target/debug/campaign-server");
  const child = spawn(
    bin,
    [
      "serve",
      "--campaign", resolve(ROOT, campaign),
      "--db", join(dir, "e2e.sqlite"),
      "--dist", resolve(ROOT, process.env.CK_DIST ?? "dist"),
      "--addr", "127.0.0.1:0",
      "--admin-token", ADMIN_TOKEN,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    url,
    async submissions(page) {
      const query = page ? `?page=${encodeURIComponent(page)}` : "";
      const response = await fetch(`${url}/api/v1/submissions${query}`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (!response.ok) throw new Error(`listing failed: ${response.status} ${await response.text()}`);
      return (await response.json()).submissions;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => (child.exitCode !== null ? done() : child.once("exit", done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A headless Chromium; every page it opens is a 360x800 phone unless told otherwise. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CK_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A phone-sized page that fails the test on any uncaught error in the page. */
export async function phonePage(browser, { width = 360, height = 800 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on("pageerror", (error) => page.pageErrors.push(error));
  return page;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
