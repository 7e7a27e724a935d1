// Results reach any backend, and none is lost: the outbox end to end, against
// the real server (stopped and started again) and a differently shaped receiver.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  answerFinanceSurvey,
  campaignFile,
  demoConfig,
  eventually,
  freePort,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
  startStaticSite,
} from "./support.mjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe("when the backend is down", () => {
  test("a result waits on the device, survives a reload, and arrives exactly once", async () => {
    // Pages on a static host, the API on its own origin: the page can reload
    // while the API is down.
    const apiPort = await freePort();
    const db = join(mkdtempSync(join(tmpdir(), "ck-outbox-")), "outbox.sqlite");
    const config = demoConfig();
    const site = await startStaticSite(config);
    config.backend = { api: `http://127.0.0.1:${apiPort}/api/v1`, allowed_origins: [site.url] };
    const campaign = campaignFile(config);
    let api = await startServer({ campaign, port: apiPort, db });
    const page = await phonePage(browser);
    try {
      await page.goto(site.url + "/p/finance-survey");
      await api.stop();
      await answerFinanceSurvey(page);
      await eventually(async () => (await page.locator("[data-delivery]").getAttribute("data-delivery")) === "waiting", {
        what: "the page to say the result is waiting",
      });
      assert.match(await page.locator(".ck-delivery-message").textContent(), /网络恢复后会自动提交/);
      await screenshot(page, "delivery-waiting-360x800");

      await page.reload();
      await page.locator("[data-delivery]").waitFor();
      assert.match(await page.locator(".ck-delivery-message").textContent(), /已保存在本机/);

      api = await startServer({ campaign, port: apiPort, db });
      await page.locator(".ck-reward-code").waitFor({ timeout: 40000 });
      const rows = await eventually(async () => {
        const stored = await api.submissions("finance-survey");
        return stored.length > 0 && stored;
      }, { what: "the result to arrive" });
      await new Promise((done) => setTimeout(done, 2000));
      assert.equal(rows.length, 1);
      assert.equal((await api.submissions("finance-survey")).length, 1, "still exactly once");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await api.stop();
      await site.stop();
    }
  });
});

describe("double taps and reloads", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test("a double tap on submit stores one row", async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + "/p/finance-survey");
    await answerFinanceSurvey(page, { submit: (survey) => survey.page.getByRole("button", { name: "提交" }).dblclick() });
    await page.locator(".ck-reward-code").waitFor({ timeout: 15000 });
    const visitor = await page.evaluate(() => localStorage.getItem("ck.visitor"));
    const mine = (await server.submissions("finance-survey")).filter((row) => row.visitor_id === visitor);
    assert.equal(mine.length, 1);
    await page.context().close();
  });

  test("a reload after the server stored the result but before the page heard back stores one row", async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + "/p/finance-survey");
    let reachedServer;
    const stored = new Promise((resolve) => (reachedServer = resolve));
    // The first attempt reaches the server, but its answer never reaches the page.
    await page.route(
      (url) => url.pathname === "/api/v1/submissions",
      async (route) => {
        await route.fetch();
        reachedServer();
        await new Promise(() => {});
      },
      { times: 1 },
    );
    await answerFinanceSurvey(page);
    await stored;
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await page.reload();
    const code = await page.locator(".ck-reward-code").textContent({ timeout: 20000 });
    const visitor = await page.evaluate(() => localStorage.getItem("ck.visitor"));
    const mine = (await server.submissions("finance-survey")).filter((row) => row.visitor_id === visitor);
    assert.equal(mine.length, 1);
    assert.match(code, /^JDQ-/, "the replay got the code the first attempt was given");
    await page.context().close();
  });
});

describe("a backend of the marketer's own", () => {
  test("gets the result form-encoded, in the shape its template asks for", async () => {
    const received = [];
    const receiver = createServer((request, response) => {
      const cors = {
        "Access-Control-Allow-Origin": request.headers.origin ?? "*",
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key, X-Campaign-Source",
      };
      if (request.method === "OPTIONS") {
        response.writeHead(204, cors).end();
        return;
      }
      const chunks = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(201, { ...cors, "Content-Type": "application/json" }).end('{"ok":true}');
      });
    });
    await new Promise((done) => receiver.listen(0, "127.0.0.1", done));
    const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
    const config = demoConfig();
    config.backend = {
      submit: {
        url: receiverUrl,
        format: "form",
        headers: { "X-Campaign-Source": "h5" },
        template: {
          openid: "{{visitor}}",
          form: "{{page.id}}",
          title: "{{page.title}}",
          contact: "{{data.answers.contact.single.value}}",
          interests: "{{data.answers.interests.multiple.values}}",
        },
      },
    };
    const server = await startServer({ campaign: campaignFile(config) });
    const page = await phonePage(browser);
    try {
      await page.goto(server.url + "/p/finance-survey");
      await answerFinanceSurvey(page);
      await page.locator(".ck-done").waitFor({ timeout: 15000 });
      assert.equal(received.length, 1);
      const [request] = received;
      const visitor = await page.evaluate(() => localStorage.getItem("ck.visitor"));
      const expected = new URLSearchParams([
        ["openid", visitor],
        ["form", "finance-survey"],
        ["title", "理财偏好小调研 · 领券包"],
        ["contact", "wecom"],
        ["interests", '["fund"]'],
      ]).toString();
      assert.equal(request.body.toString("utf8"), expected);
      assert.equal(request.method, "POST");
      assert.equal(request.url, "/hook");
      assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
      assert.equal(request.headers["x-campaign-source"], "h5");
      assert.match(request.headers["idempotency-key"], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal((await server.submissions()).length, 0, "nothing went to the reference server");
    } finally {
      await page.context().close();
      await server.stop();
      await new Promise((done) => receiver.close(done));
    }
  });
});
