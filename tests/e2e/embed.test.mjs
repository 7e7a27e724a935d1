// For the people who make campaigns: pages embedded in a marketer's own site,
// and the designer's preview of every page in phone frames.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  SurveyForm,
  campaignFile,
  demoConfig,
  eventually,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
} from "./support.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A marketer's plain HTML page on its own loopback port, with styles that would
 * wreck ours if they could reach them, embedding two pages of the demo. It
 * starts first, so that the campaign can name it as an embedding host; the
 * pages' address is set once their server runs. */
async function startHostPage() {
  let pagesUrl = "";
  const html = () => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>银行 H5</title>
<style>
  * { color: #00ff00 !important; font-family: serif !important; }
  .ck-button, .ck-survey, .ck-quiz { display: none !important; }
  .ck-card { border: 9px solid blue; }
</style></head><body>
<h1>银行自己的 H5 页面</h1>
<p class="ck-card" id="host-card">host text</p>
<div id="survey" data-campaign-kit data-page="finance-survey"></div>
<div id="quiz" data-campaign-kit data-page="quiz-520"></div>
<script>
  window.heard = [];
  for (const id of ["survey", "quiz"]) {
    for (const type of ["loaded", "submitted", "draw"]) {
      document.getElementById(id).addEventListener("campaignkit:" + type, (event) => {
        window.heard.push({ on: id, type, detail: event.detail });
      });
    }
  }
</script>
<script src="${pagesUrl}/embed.js" async></script>
</body></html>`;
  const server = createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html());
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    url: `http://127.0.0.1:${server.address().port}/`,
    pagesAt(url) {
      pagesUrl = url;
    },
    stop: () => new Promise((done) => server.close(done)),
  };
}

/** The demo, embeddable by `hosts`. */
function embeddableBy(hosts) {
  const config = demoConfig();
  config.embed = { allowed_hosts: hosts };
  return campaignFile(config);
}

describe("embedding", () => {
  test("two pages on a host page render side by side, styles kept apart, events on the host", async () => {
    const host = await startHostPage();
    const server = await startServer({ campaign: embeddableBy([host.origin]) });
    host.pagesAt(server.url);
    const page = await phonePage(browser, { width: 390, height: 844 });
    try {
      await page.goto(host.url);
      const surveyFrame = page.frameLocator("#survey iframe");
      const quizFrame = page.frameLocator("#quiz iframe");
      await surveyFrame.locator(".ck-survey").waitFor();
      await quizFrame.locator(".ck-quiz").waitFor();
      // The host's rules never reach inside, and ours never leak out.
      const button = surveyFrame.locator(".ck-survey button[type=submit]");
      assert.notEqual(await button.evaluate((element) => getComputedStyle(element).display), "none");
      assert.notEqual(await button.evaluate((element) => getComputedStyle(element).color), "rgb(0, 255, 0)");
      const hostCard = await page.locator("#host-card").evaluate((element) => getComputedStyle(element).borderTopWidth);
      assert.equal(hostCard, "9px");
      await eventually(() => page.evaluate(() => window.heard.filter((e) => e.type === "loaded").length === 2), {
        what: "both pages to say they loaded",
      });
      // Each frame grows to its page's height: no scrolling inside a frame.
      const height = await page.locator("#survey iframe").evaluate((frame) => frame.getBoundingClientRect().height);
      assert.ok(height > 700, `frame is ${height}px tall`);

      const survey = new SurveyForm(surveyFrame);
      await survey.choose("interests", "基金");
      await survey.next();
      await survey.choose("offer_frequency", "每月");
      await survey.choose("contact", "企业微信");
      await survey.submit();
      await surveyFrame.locator(".ck-done").waitFor({ timeout: 15000 });
      const submitted = await eventually(
        () => page.evaluate(() => window.heard.find((e) => e.type === "submitted")),
        { what: "the submitted event on the host" },
      );
      assert.equal(submitted.on, "survey");
      assert.equal(submitted.detail.page, "finance-survey");
      assert.equal(submitted.detail.kind, "survey");
      const stored = await server.submissions("finance-survey");
      assert.deepEqual([submitted.detail.id], stored.map((row) => row.id));
      await screenshot(page, "embed-host-page");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await host.stop();
      await server.stop();
    }
  });

  test("a site the campaign does not name cannot frame its pages", async () => {
    const host = await startHostPage();
    // The campaign lets another site embed it, not this one.
    const server = await startServer({ campaign: embeddableBy(["https://h5.bank.example"]) });
    host.pagesAt(server.url);
    const page = await phonePage(browser, { width: 390, height: 844 });
    const refused = [];
    page.on("console", (message) => {
      if (/frame-ancestors/.test(message.text())) refused.push(message.text());
    });
    try {
      await page.goto(host.url);
      await page.locator("#survey iframe").waitFor();
      await eventually(() => refused.length > 0, { what: "Chromium to refuse the frame by its CSP" });
      // Nothing of the page rendered inside the foreign frame.
      const frame = page.frames().find((candidate) => candidate.url().startsWith(server.url));
      const rendered = frame ? await frame.locator(".ck-survey").count().catch(() => 0) : 0;
      assert.equal(rendered, 0);
      await screenshot(page, "embed-foreign-host-refused");
    } finally {
      await page.context().close();
      await host.stop();
      await server.stop();
    }
  });
});

describe("designer preview", () => {
  test("theme edits change every frame; broken JSON is explained by path and keeps the last good rendering", async () => {
    const server = await startServer();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error));
    try {
      await page.goto(server.url + "/preview");
      await page.locator("#status.ok").waitFor();
      const frames = page.locator("#frames iframe");
      // The home and every page of the demo, in the default 360x800 frame.
      assert.equal(await frames.count(), 9);
      const primaries = () =>
        Promise.all(
          [...Array(7).keys()].map((index) =>
            page.frameLocator("#frames iframe").nth(index).locator(".ck").getAttribute("style"),
          ),
        );
      await eventually(async () => (await primaries()).every((style) => style?.includes("--ck-primary:#c8102e")), {
        what: "every frame rendered",
      });
      await screenshot(page, "preview-1440x900");

      await page.locator("#token-primary").fill("#0052d9");
      await eventually(async () => (await primaries()).every((style) => style?.includes("--ck-primary:#0052d9")), {
        what: "the new primary colour in every frame",
      });
      assert.match(await page.locator("#editor").inputValue(), /"primary": "#0052d9"/);

      // Break the config: the problem is listed by path, in the campaign's
      // language (the demo speaks Chinese); the frames stay as they were.
      const text = await page.locator("#editor").inputValue();
      await page.locator("#editor").fill(text.replace('"primary": "#0052d9"', '"primary": "blue"'));
      await page.locator("#problems li").first().waitFor();
      assert.match(await page.locator("#problems").innerText(), /theme\.primary: `blue` 不是颜色/);
      // The same config in English is explained in English.
      await page.locator("#editor").fill(text.replace('"primary": "#0052d9"', '"primary": "blue"').replace('"locale": "zh-CN"', '"locale": "en"'));
      await page.locator("#problems li", { hasText: "is not a colour" }).waitFor();
      assert.match(await page.locator("#problems").innerText(), /theme\.primary: `blue` is not a colour/);
      await page.waitForTimeout(500);
      assert.ok((await primaries()).every((style) => style?.includes("--ck-primary:#0052d9")));
      await screenshot(page, "preview-broken-1440x900");

      // A submission in a preview goes nowhere but the side panel.
      const surveyFrame = page.frameLocator('#frames iframe[data-page="finance-survey"]');
      await surveyFrame.locator(".ck-survey").waitFor();
      const form = new SurveyForm(surveyFrame);
      await form.choose("interests", "基金");
      await form.next();
      await form.choose("offer_frequency", "每月");
      await form.choose("contact", "企业微信");
      await form.submit();
      await page.locator("#log li", { hasText: "submission" }).first().waitFor();
      assert.deepEqual(await server.submissions("finance-survey"), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
