// Shared helpers for the end-to-end tests: start the real server on a free
// loopback port with a fresh database, and drive Debian's Chromium (never a
// downloaded browser) through playwright-core.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ADMIN_TOKEN = "e2e-admin-token";
export const ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS = join(ROOT, "tests/artifacts");
/** `--reward-codes` for every pool the demo hands codes out of (as `cargo xtask
 * demo` loads them): the survey's coupon bundle and the coupon ladder's tiers. */
export const DEMO_REWARD_CODES = ["jd-coupons", "jd-400", "jd-1600", "jd-2800"].flatMap((pool) => [
  "--reward-codes",
  `${pool}=server/demo/${pool}.txt`,
]);
mkdirSync(ARTIFACTS, { recursive: true });

/** Starts campaign-server; resolves once it listens. Call `stop()` when done.
 * `port` and `db` let a test stop a server and start it again in its place. */
export async function startServer({
  campaign = "static/campaigns/demo.json",
  port = 0,
  db,
  args = DEMO_REWARD_CODES,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ck-e2e-"));
  const bin = resolve(ROOT, process.env.CK_SERVER_BIN ?? "target/debug/campaign-server");
  const child = spawn(
    bin,
    [
      "serve",
      "--campaign", resolve(ROOT, campaign),
      "--db", db ?? join(dir, "e2e.sqlite"),
      "--dist", resolve(ROOT, process.env.CK_DIST ?? "dist"),
      "--addr", `127.0.0.1:${port}`,
      "--admin-token", ADMIN_TOKEN,
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"], cwd: ROOT },
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
    /** The draws the server recorded on `page` (the admin listing). */
    async draws(page = "draw-520") {
      const response = await fetch(`${url}/api/v1/draws?page=${encodeURIComponent(page)}`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (!response.ok) throw new Error(`listing failed: ${response.status} ${await response.text()}`);
      return (await response.json()).draws;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => (child.exitCode !== null ? done() : child.once("exit", done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Makes `page` see the site at `siteUrl` as a server started with
 * `--preview-origins` would serve it: every page shell carries
 * `<meta name="campaign-kit-preview-origins">` naming `origins`, the sites whose
 * configs its pages may show with `?c=` outside the site's own /preview. */
export async function allowPreviewOrigins(page, siteUrl, origins) {
  const site = new URL(siteUrl).origin;
  await page.route(
    (url) => url.origin === site && (url.pathname === "/" || url.pathname.startsWith("/p/")),
    async (route) => {
      const response = await route.fetch();
      const meta = `<meta name="campaign-kit-preview-origins" content="${origins.join(" ")}">`;
      await route.fulfill({
        status: response.status(),
        contentType: "text/html; charset=utf-8",
        body: (await response.text()).replace("<head>", `<head>\n${meta}`),
      });
    },
  );
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

/** A phone-sized page that records every uncaught error in the page. */
/** Serious and critical accessibility violations on the page, by axe-core.
 * The page's context must be opened with `bypassCSP` to inject axe. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

export async function phonePage(browser, { width = 360, height = 800, geolocation, userAgent, reducedMotion, bypassCSP, timezoneId } = {}) {
  const context = await browser.newContext({
    // Only for injecting test tools (axe-core) into pages whose policy,
    // rightly, runs no inline script.
    ...(bypassCSP ? { bypassCSP } : {}),
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    ...(userAgent ? { userAgent } : {}),
    ...(reducedMotion ? { reducedMotion } : {}),
    // A phone set to another zone than the campaign's.
    ...(timezoneId ? { timezoneId } : {}),
    // An emulated position (DevTools' geolocation override), allowed; without
    // one, the page's request for a location is refused.
    ...(geolocation ? { geolocation, permissions: ["geolocation"] } : {}),
  });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on("pageerror", (error) => page.pageErrors.push(error));
  return page;
}

/** Waits until the page has hydrated its server-rendered first screen: from
 * then on it shows the device's clock and state, not the server's. (A test
 * that fakes the phone's clock must wait for this before reading anything
 * that depends on the time: the first screen shows the server's.) */
export async function hydrated(page, { timeout = 20000 } = {}) {
  await page.locator(".ck-controls:not([disabled])").first().waitFor({ timeout });
}

/** Answers the finance survey's required questions and submits. */
export async function answerFinanceSurvey(page, { submit = (survey) => survey.submit() } = {}) {
  const survey = new SurveyForm(page);
  await page.locator(".ck-survey").waitFor();
  await survey.choose("interests", "基金");
  await survey.next();
  await survey.choose("offer_frequency", "每月");
  await survey.choose("contact", "企业微信");
  await submit(survey);
  return survey;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A free loopback port (the OS picks it; nothing listens on it afterwards). */
export async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** Writes `config` to a temporary campaign file and returns its path. */
export function campaignFile(config) {
  const file = join(mkdtempSync(join(tmpdir(), "ck-campaign-")), "campaign.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export function demoConfig() {
  return JSON.parse(readFileSync(join(ROOT, "static/campaigns/demo.json"), "utf8"));
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };

/** Serves the built pages as a plain static host (a CDN, say) would, with
 * `config` as its /campaign.json (a string is served as it is); resolves to
 * its URL. */
export async function startStaticSite(config) {
  const dist = resolve(ROOT, process.env.CK_DIST ?? "dist");
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    if (path === "/campaign.json") {
      response.writeHead(200, { "Content-Type": TYPES[".json"] });
      return response.end(typeof config === "string" ? config : JSON.stringify(config));
    }
    const file = path.endsWith("/") ? `${path}index.html` : /^\/p\/[^/]+$/.test(path) ? `${path}/index.html` : path;
    try {
      const body = readFileSync(join(dist, file));
      response.writeHead(200, { "Content-Type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((done) => server.close(done)),
  };
}

/** Polls `check` until it returns a truthy value, or fails after `timeout` ms. */
export async function eventually(check, { timeout = 30000, every = 250, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, every));
  }
}

/** The survey page, as a person uses it. */
export class SurveyForm {
  constructor(page) {
    this.page = page;
  }
  question(id) {
    return this.page.locator(`fieldset[data-question="${id}"]`);
  }
  async choose(id, label) {
    await this.question(id).locator("label.ck-choice", { hasText: label }).first().click();
  }
  async select(id, label) {
    await this.question(id).locator("select").selectOption({ label });
  }
  async fill(id, text) {
    await this.question(id).locator("input:not([type=checkbox]):not([type=radio]), textarea").first().fill(text);
  }
  async scale(id, step) {
    await this.question(id).locator("label.ck-scale-step").nth(step).click();
  }
  async next() {
    await this.page.getByRole("button", { name: "下一步" }).click();
  }
  async submit() {
    await this.page.getByRole("button", { name: "提交" }).click();
  }
  problems() {
    return this.page.locator(".ck-field-error").allTextContents();
  }
  delivery() {
    return this.page.locator("[data-delivery]").getAttribute("data-delivery");
  }
}

/** The texts of the QR codes in a PNG, read by a decoder independent of the one
 * that drew them (`cargo xtask qr`, which uses rqrr). */
export function decodeQr(file) {
  const xtask = join(ROOT, "target/debug/xtask");
  const run = spawnSync(xtask, ["qr", file], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${xtask} qr ${file}: ${run.stderr}`);
  return run.stdout.trim().split("\n");
}

/** Writes the PNG of a `data:` URL to the artifacts folder; returns its path and bytes. */
export function savePng(dataUrl, name) {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
  const file = join(ARTIFACTS, name);
  writeFileSync(file, png);
  return { file, png };
}
