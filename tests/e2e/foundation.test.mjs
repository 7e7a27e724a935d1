// The foundation, end to end: the demo served by the real server, opened in
// headless Chromium at phone size.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { allowPreviewOrigins, launchBrowser, phonePage, screenshot, startServer } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The app's mounted root, once it has replaced the loading placeholder. */
async function open(page, path) {
  const response = await page.goto(server.url + path);
  await page.locator(".ck").first().waitFor();
  return response;
}

describe("campaign home", () => {
  test("shows the demo in Chinese, fitting a 360px phone", async () => {
    const page = await phonePage(browser);
    await open(page, "/");
    assert.equal(await page.locator("h1").textContent(), "招行同城社群 · 福利季");
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal(await page.title(), "招行同城社群 · 福利季");
    assert.deepEqual(await page.locator(".ck-page-link .ck-card-title").allTextContents(), [
      "加入同城福利群",
      "邀请好友 · 阶梯好礼",
      "520 测一测：你是哪种恋爱人格？",
      "520 视频会员大抽奖",
      "社群会员调研",
      "理财偏好小调研 · 领券包",
      "社群福利日程",
      "投资领券 · 投得越多券越大",
    ]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    const smallTargets = await page.evaluate(() =>
      [...document.querySelectorAll("a, button")]
        .map((element) => ({ text: element.textContent.trim(), height: element.getBoundingClientRect().height }))
        .filter((target) => target.height < 44),
    );
    assert.deepEqual(smallTargets, [], "every tap target is at least 44px tall");
    assert.deepEqual(page.pageErrors, []);
    await screenshot(page, "home-360x800");
    await page.context().close();
  });

  test("moves between pages with real paths and the back button", async () => {
    const page = await phonePage(browser);
    await open(page, "/");
    await page.getByText("加入同城福利群").click();
    await page.waitForURL(server.url + "/p/city-group");
    assert.equal(await page.locator("h1").textContent(), "加入同城福利群");
    await page.locator(".ck-groups[data-step=intro]").waitFor();
    assert.equal(await page.title(), "加入同城福利群 · 招行同城社群 · 福利季");
    await page.goBack();
    await page.waitForURL(server.url + "/");
    assert.equal(await page.locator("h1").textContent(), "招行同城社群 · 福利季");
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test("opens a page directly by its shareable path", async () => {
    const page = await phonePage(browser);
    const response = await open(page, "/p/quiz-520");
    assert.equal(response.status(), 200);
    assert.equal(await page.locator("h1").textContent(), "520 测一测：你是哪种恋爱人格？");
    const missing = await open(page, "/p/no-such-page");
    assert.equal(missing.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "找不到这个页面");
    await page.context().close();
  });
});

describe("results", () => {
  test("an envelope posted twice from the page is stored once", async () => {
    const page = await phonePage(browser);
    await open(page, "/p/quiz-520");
    const statuses = await page.evaluate(async () => {
      const envelope = {
        id: crypto.randomUUID(),
        campaign_id: "cmb-city-community",
        page_id: "quiz-520",
        page_kind: "quiz",
        visitor_id: "e2e-visitor-1",
        client_ts: Date.now(),
        payload: {
          answers: Object.fromEntries(
            ["date", "late", "gift", "quarrel", "weekend", "hongbao", "future", "value"].map((id) => [id, "a"]),
          ),
        },
      };
      const post = () =>
        fetch("/api/v1/submissions", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": envelope.id },
          body: JSON.stringify(envelope),
        }).then((response) => response.status);
      return [await post(), await post(), envelope.id];
    });
    assert.deepEqual(statuses.slice(0, 2), [201, 200]);
    const stored = await server.submissions("quiz-520");
    assert.deepEqual(
      stored.map((row) => row.id),
      [statuses[2]],
    );
    assert.equal(stored[0].payload.answers.hongbao, "a");
    await page.context().close();
  });
});

describe("broken configs", () => {
  test("are listed problem by problem, with paths, on the page", async () => {
    const page = await phonePage(browser);
    const demo = await (await fetch(server.url + "/campaign.json")).json();
    demo.titel = "typo";
    demo.theme.primary = "red";
    demo.pages[1].id = demo.pages[0].id;
    // Match the path only: the page's own URL ends in `?c=/broken.json` too.
    await page.route((url) => url.pathname === "/broken.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify(demo) }),
    );
    // A page shows another config only for a site that lists it for previews.
    await allowPreviewOrigins(page, server.url, [server.url]);
    await open(page, "/?c=/broken.json");
    assert.equal(await page.locator("h1").textContent(), "活动配置有 3 处问题");
    assert.deepEqual(await page.locator(".ck-problem-path").allTextContents(), [
      "titel",
      "theme.primary",
      "pages[1].id",
    ]);
    assert.match(await page.locator(".ck-problem").first().textContent(), /你是不是想写 `title`？/);
    await screenshot(page, "config-error-360x800");
    await page.context().close();
  });

  test("that cannot be fetched say so and offer a retry", async () => {
    const page = await phonePage(browser);
    await allowPreviewOrigins(page, server.url, [server.url]);
    await open(page, "/?c=/missing.json");
    assert.equal(await page.locator("h1").textContent(), "活动加载失败");
    assert.match(await page.locator(".ck-notice").textContent(), /HTTP 404/);
    assert.equal(await page.locator("a.ck-button").textContent(), "重新加载");
    await page.context().close();
  });
});
