// Safe on a bank's own domain: a link carrying a stranger's config (`?c=`) shows
// the bank's campaign, never the stranger's, and sends nothing to the stranger;
// a frame on another site cannot turn sending off with `?preview=1`; a config
// the site lists for previews keeps its data apart from the real campaign's.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  DEMO_REWARD_CODES,
  SurveyForm,
  campaignFile,
  demoConfig,
  eventually,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
} from "./support.mjs";

const SERVED_TITLE = "理财偏好小调研 · 领券包";
const FOREIGN_TITLE = "恭喜中奖 · 请填写领奖信息";
const DRAFT_KEY = "ck.survey.cmb-city-community.finance-survey";

let browser;
let server;
// A designer's site the server lists with --preview-origins.
let designer;
before(async () => {
  browser = await launchBrowser();
  designer = await startForeignBackend();
  server = await startServer({
    args: [...DEMO_REWARD_CODES, "--preview-origins", designer.url],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await designer?.stop();
});

/** A stranger's backend on its own loopback port: counts every request that
 * reaches it (a CORS preflight included) and accepts whatever it gets. */
async function startForeignBackend() {
  const requests = [];
  const backend = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(204, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Headers": "*",
      "Access-Control-Allow-Methods": "POST, PUT",
    });
    response.end();
  });
  await new Promise((done) => backend.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${backend.address().port}`,
    requests,
    stop: () => new Promise((done) => backend.close(done)),
  };
}

/** `?c=` naming `config` as a `data:` URL (its `#` colours encoded twice: once
 * for the data: URL, once for the query). */
function dataConfigQuery(config) {
  return `c=${encodeURIComponent(`data:application/json,${encodeURIComponent(JSON.stringify(config))}`)}`;
}

/** The demo as a stranger would rewrite it: the real campaign id, so that it
 * finds the visitor's drafts and queue, a title of its own, and its own backend. */
function foreignConfig(backendUrl) {
  const config = demoConfig();
  config.title = FOREIGN_TITLE;
  for (const page of config.pages) page.title = FOREIGN_TITLE;
  config.backend = { submit: { url: `${backendUrl}/collect` } };
  return config;
}

/** A visitor of the real site with a half-filled finance survey (budget 8800)
 * and a finished one waiting in the outbox because the API was unreachable. */
async function visitorWithDraftAndQueue() {
  const page = await phonePage(browser);
  await page.route((url) => url.pathname === "/api/v1/submissions", (route) => route.abort());
  await page.goto(server.url + "/p/finance-survey");
  const survey = new SurveyForm(page);
  await page.locator(".ck-survey").waitFor();
  await survey.choose("interests", "基金");
  await survey.fill("monthly_budget", "8800");
  await survey.next();
  await survey.choose("offer_frequency", "每月");
  const draft = await eventually(
    () => page.evaluate((key) => {
      const text = localStorage.getItem(key);
      return text && JSON.parse(text).answers.offer_frequency ? text : null;
    }, DRAFT_KEY),
    { what: "the draft to be saved" },
  );
  await survey.choose("contact", "企业微信");
  await survey.submit();
  await eventually(async () => (await survey.delivery()) === "waiting", { what: "the result to wait" });
  // Leave the app, then put the half-filled draft back: the finished result
  // stays queued, and the survey has answers in progress.
  await page.goto(server.url + "/campaign.json");
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [DRAFT_KEY, draft]);
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("ck.outbox.v1")).length);
  assert.equal(queued, 1);
  await page.unrouteAll();
  return page;
}

describe("a link with a stranger's config", () => {
  test("shows the served campaign, restores the real draft and sends nothing to the stranger", async () => {
    const foreign = await startForeignBackend();
    const page = await visitorWithDraftAndQueue();
    const warnings = [];
    page.on("console", (message) => message.type() === "warning" && warnings.push(message.text()));
    try {
      await page.goto(`${server.url}/p/finance-survey?${dataConfigQuery(foreignConfig(foreign.url))}`);
      await page.locator(".ck-survey").waitFor();
      assert.equal(await page.locator("h1").textContent(), SERVED_TITLE);
      assert.ok(!(await page.locator("body").innerText()).includes(FOREIGN_TITLE));
      assert.ok(!(await page.title()).includes(FOREIGN_TITLE));
      // The real draft, on the section the visitor left it at.
      assert.equal(await page.locator(".ck-notice-inline").textContent(), "已恢复你上次填写的内容。");
      const survey = new SurveyForm(page);
      assert.ok(await survey.question("offer_frequency").locator("input[value=monthly]").isChecked());
      await screenshot(page, "hardening-foreign-config-ignored-360x800");
      await page.getByRole("button", { name: "上一步" }).click();
      assert.equal(await survey.question("monthly_budget").locator("input").inputValue(), "8800");
      // The queued result goes where the served campaign says, and only there.
      const rows = await eventually(async () => {
        const stored = await server.submissions("finance-survey");
        return stored.length > 0 && stored;
      }, { what: "the queued result to reach the real server" });
      assert.equal(rows.length, 1);
      await new Promise((done) => setTimeout(done, 1000));
      assert.deepEqual(foreign.requests, []);
      assert.equal(warnings.filter((text) => text.includes("?c=")).length, 1, warnings.join("\n"));
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await foreign.stop();
    }
  });

  test("is shown inside the site's own preview page, which sends nothing", async () => {
    const foreign = await startForeignBackend();
    const page = await phonePage(browser);
    try {
      const src = `/p/finance-survey?preview=1&${dataConfigQuery(foreignConfig(foreign.url))}`;
      // A page at this site's /preview path, framing a page as the preview does.
      await page.route((url) => url.pathname === "/preview", (route) =>
        route.fulfill({
          contentType: "text/html; charset=utf-8",
          body: `<!doctype html><title>preview</title><iframe id="frame" width="360" height="800" src="${src.replace(/"/g, "&quot;")}"></iframe>`,
        }),
      );
      await page.goto(server.url + "/preview");
      const frame = page.frameLocator("#frame");
      await frame.locator(".ck-survey").waitFor();
      assert.equal(await frame.locator("h1").textContent(), FOREIGN_TITLE);
      const survey = new SurveyForm(frame);
      await survey.choose("interests", "基金");
      await survey.next();
      await survey.choose("offer_frequency", "每月");
      await survey.choose("contact", "企业微信");
      await survey.submit();
      await frame.locator(".ck-done").waitFor();
      await new Promise((done) => setTimeout(done, 1000));
      assert.deepEqual(foreign.requests, []);
    } finally {
      await page.context().close();
      await foreign.stop();
    }
  });

  test("from an origin the site lists for previews keeps its own drafts and queue", async () => {
    const foreign = designer;
    const page = await visitorWithDraftAndQueue();
    try {
      const config = foreignConfig(foreign.url);
      await page.route((url) => url.href === `${foreign.url}/campaign.json`, (route) =>
        route.fulfill({
          contentType: "application/json",
          headers: { "Access-Control-Allow-Origin": "*" },
          body: JSON.stringify(config),
        }),
      );
      await page.goto(`${server.url}/p/finance-survey?c=${encodeURIComponent(`${foreign.url}/campaign.json`)}`);
      await page.locator(".ck-survey").waitFor();
      // A designer's config on a listed origin is shown...
      assert.equal(await page.locator("h1").textContent(), FOREIGN_TITLE);
      // ...but it starts afresh: the real campaign's draft and queue are not its own.
      assert.equal(await page.locator(".ck-notice-inline").count(), 0);
      assert.equal(await page.locator("fieldset[data-question=interests] input:checked").count(), 0);
      await new Promise((done) => setTimeout(done, 1500));
      assert.deepEqual(foreign.requests, []);
      const real = await page.evaluate((key) => localStorage.getItem(key), DRAFT_KEY);
      assert.match(real, /8800/, "the real draft is still there, untouched");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      // The designer's site is shared; the server stops it.
    }
  });
});

describe("a frame on another site with ?preview=1", () => {
  test("sends its result for real", async () => {
    // The host is a site the campaign lets embed it (its CSP refuses any
    // other); `?preview=1` in its frame must not turn sending off.
    let pagesUrl = "";
    const host = createServer((request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>别人的页面</title></head>
<body><iframe id="frame" style="width:100%;height:760px;border:0" src="${pagesUrl}/p/finance-survey?preview=1"></iframe></body></html>`);
    });
    await new Promise((done) => host.listen(0, "127.0.0.1", done));
    const hostOrigin = `http://127.0.0.1:${host.address().port}`;
    const config = demoConfig();
    config.embed = { allowed_hosts: [hostOrigin] };
    const embedded = await startServer({ campaign: campaignFile(config) });
    pagesUrl = embedded.url;
    const page = await phonePage(browser);
    try {
      const before = (await embedded.submissions("finance-survey")).length;
      await page.goto(`${hostOrigin}/`);
      const frame = page.frameLocator("#frame");
      const survey = new SurveyForm(frame);
      await frame.locator(".ck-survey").waitFor();
      await survey.choose("interests", "基金");
      await survey.next();
      await survey.choose("offer_frequency", "每周");
      await survey.choose("contact", "电话");
      await survey.submit();
      await frame.locator(".ck-reward-code").waitFor({ timeout: 15000 });
      const stored = await embedded.submissions("finance-survey");
      assert.equal(stored.length, before + 1, "the result is stored, not swallowed as a preview");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await new Promise((done) => host.close(done));
      await embedded.stop();
    }
  });
});
