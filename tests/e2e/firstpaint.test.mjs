// Pages paint before the wasm arrives: the server renders each page's first
// screen with the app's own components, and the app hydrates it. Here the wasm
// is held back, as a slow mobile network would, and every page kind must
// already show its content; released, the page hydrates without a warning.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ROOT,
  campaignFile,
  demoConfig,
  eventually,
  hydrated,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
  startStaticSite,
} from "./support.mjs";

/** The JD example with host-signed tokens: its pages open without WeChat's sign-in. */
function jdCourse() {
  const config = JSON.parse(readFileSync(join(ROOT, "static/campaigns/jd-course.json"), "utf8"));
  config.identity = "signed";
  return campaignFile(config);
}

const CAMPAIGNS = [
  {
    campaign: "static/campaigns/demo.json",
    pages: [
      ["city-group", "加入同城福利群"],
      ["invite", "邀请好友 · 阶梯好礼"],
      ["quiz-520", "520 测一测：你是哪种恋爱人格？"],
      ["draw-520", "520 视频会员大抽奖"],
      ["member-survey", "社群会员调研"],
      ["weekly-benefits", "社群福利日程"],
      ["invest-coupons", "投资领券 · 投得越多券越大"],
    ],
  },
  {
    campaign: "jd-course",
    file: jdCourse,
    args: ["--identity-secret", "e2e-first-paint-secret-of-32-bytes-or-more"],
    pages: [["course"], ["checkin"]],
  },
];

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Warnings and errors the page logs, hydration's among them. On a static
 * host the API's addresses answer 404, which the browser logs too: `network`
 * leaves those out. */
function consoleProblems(page, { network = true } = {}) {
  const problems = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    if (!network && message.text().startsWith("Failed to load resource")) return;
    problems.push(message.text());
  });
  return problems;
}

for (const { campaign, file, args, pages } of CAMPAIGNS) {
  describe(`first screens of ${campaign}`, () => {
    let server;
    before(async () => {
      server = await startServer({ campaign: file ? file() : campaign, ...(args ? { args } : {}) });
    });
    after(async () => {
      await server?.stop();
    });

    for (const [id, title] of pages) {
      test(`/p/${id} shows its content while the wasm is on its way, then hydrates`, async () => {
        const page = await phonePage(browser);
        const problems = consoleProblems(page);
        let release;
        const held = new Promise((resolve) => (release = resolve));
        let wasmAnswered = false;
        await page.route("**/*.wasm", async (route) => {
          await held;
          await route.continue();
          wasmAnswered = true;
        });
        await page.goto(`${server.url}/p/${id}`, { waitUntil: "domcontentloaded" });
        const heading = page.locator(".ck-main h1").first();
        await heading.waitFor();
        assert.equal(wasmAnswered, false, "painted before the wasm arrived");
        if (title) assert.equal((await heading.textContent()).trim(), title);
        // Not working yet, and saying so by not taking taps.
        assert.notEqual(await page.locator(".ck-controls").getAttribute("disabled"), null);
        await screenshot(page, `first-paint-${id}-360x800`);
        // A mark on the server's own element, which a fresh mount would replace.
        await heading.evaluate((element) => element.setAttribute("data-test-server-node", ""));

        release();
        await hydrated(page);
        assert.ok(wasmAnswered);
        // Hydrated, not mounted afresh: the server's heading is the one on screen.
        assert.equal(await page.locator(".ck-main h1[data-test-server-node]").count(), 1);
        assert.deepEqual(page.pageErrors, []);
        assert.deepEqual(problems, []);
        await page.context().close();
      });
    }

    test("without JavaScript, every first screen still reads", async () => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 360, height: 800 },
        isMobile: true,
      });
      const page = await context.newPage();
      for (const [id, title] of pages) {
        await page.goto(`${server.url}/p/${id}`);
        const heading = (await page.locator(".ck-main h1").first().textContent()).trim();
        if (title) assert.equal(heading, title);
        else assert.ok(heading.length > 0, `/p/${id} has a heading`);
      }
      await context.close();
    });
  });
}

describe("static hosting (dist/p/<id>/index.html)", () => {
  /** Opens a static page with its wasm held back; returns once it runs. */
  async function openHeld(page, url) {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route("**/*.wasm", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const heading = page.locator(".ck-main h1").first();
    await heading.waitFor();
    assert.equal((await heading.textContent()).trim(), "520 视频会员大抽奖");
    await heading.evaluate((element) => element.setAttribute("data-test-server-node", ""));
    release();
    await hydrated(page);
  }

  test("the build's own campaign.json hydrates the painted page", async () => {
    const built = readFileSync(join(ROOT, process.env.CK_DIST ?? "dist", "campaign.json"), "utf8");
    const site = await startStaticSite(JSON.parse(built));
    const page = await phonePage(browser);
    const problems = consoleProblems(page, { network: false });
    // The host serves the very bytes the build rendered from.
    await page.route("**/campaign.json", (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: built }),
    );
    try {
      await openHeld(page, `${site.url}/p/draw-520`);
      assert.equal(await page.locator(".ck-main h1[data-test-server-node]").count(), 1);
      assert.deepEqual(page.pageErrors, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
      await site.stop();
    }
  });

  test("a campaign.json edited since the build renders afresh from the edit", async () => {
    const config = demoConfig();
    const draw = config.pages.find((page) => page.id === "draw-520");
    draw.description = "改过的说明：每天 3 次机会。";
    const site = await startStaticSite(config);
    const page = await phonePage(browser);
    const problems = consoleProblems(page, { network: false });
    try {
      await openHeld(page, `${site.url}/p/draw-520`);
      await page.getByText("改过的说明：每天 3 次机会。").waitFor();
      // Not the build's element: the page was mounted afresh, without a mismatch.
      assert.equal(await page.locator(".ck-main h1[data-test-server-node]").count(), 0);
      assert.deepEqual(page.pageErrors, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
      await site.stop();
    }
  });

  test("a campaign.json that is not JSON is told by line and column on the page's own bundle", async () => {
    // A comma left out after the campaign's id, as a hand edit would.
    const lines = JSON.stringify(demoConfig(), null, 2).split("\n");
    const title = lines.findIndex((line) => line.startsWith('  "title"'));
    lines[title - 1] = lines[title - 1].replace(/,$/, "");
    const site = await startStaticSite(lines.join("\n"));
    const page = await phonePage(browser);
    try {
      await page.goto(`${site.url}/p/draw-520`);
      await page.locator(".ck-problem").first().waitFor();
      assert.equal(await page.locator("h1").textContent(), "活动配置有 1 处问题");
      assert.match(
        await page.locator(".ck-problem").textContent(),
        new RegExp(`is not valid JSON at line ${title + 1}, column 3: unexpected \`"\``),
      );
      assert.deepEqual(page.pageErrors, []);
      await screenshot(page, "static-config-not-json-360x800");
    } finally {
      await page.context().close();
      await site.stop();
    }
  });
});

describe("a CMB-size group picker (3,000 groups)", () => {
  /** The demo, its picker grown to 3,000 groups: its own, then ten groups in
   * each of many more cities. */
  function cmbSize() {
    const config = demoConfig();
    const picker = config.pages.find((page) => page.id === "city-group");
    const template = picker.groups[0];
    for (let number = picker.groups.length; number < 3000; number++) {
      const city = Math.floor(number / 10);
      picker.groups.push({
        ...template,
        id: `c${city}-${(number % 10) + 1}`,
        name: `城市${city}福利 ${(number % 10) + 1} 群`,
        province: "河南省",
        city: `城市${city}`,
        district: undefined,
        lat: 32 + (city % 50) / 10,
        lng: 110 + (city % 30) / 10,
        join: { url: `https://work.weixin.qq.com/gm/e2e-large-${number}` },
      });
    }
    return config;
  }

  /** Searches for 城市299 in the manual picker, takes its row, and sees the
   * city's first group chosen and the assignment stored. */
  async function pickCity299ByHand(page, server) {
    await page.getByRole("button", { name: "自己选择地区" }).click();
    await page.getByLabel("搜索城市、区或群名").fill("城市299");
    await page.locator(".ck-area-row").first().click();
    const card = page.locator(".ck-group-card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-group"), "c299-1");
    await eventually(async () => (await server.submissions("city-group")).length === 1, {
      what: "the assignment",
    });
  }

  test("paints a short page, fetches the groups once in parallel, and picks by hand", async () => {
    const server = await startServer({ campaign: campaignFile(cmbSize()) });
    const page = await phonePage(browser);
    const problems = consoleProblems(page);
    const configRequests = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/config/")) configRequests.push(request.url());
    });
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route("**/*.wasm", async (route) => {
      await held;
      await route.continue();
    });
    try {
      const response = await page.goto(`${server.url}/p/city-group`, { waitUntil: "domcontentloaded" });
      const html = await response.text();
      assert.ok(html.length < 16 * 1024, `the page is short: ${html.length} bytes`);
      assert.ok(!html.includes("城市299福利"), "the groups are not in the page");
      const heading = page.locator(".ck-main h1").first();
      await heading.waitFor();
      assert.equal((await heading.textContent()).trim(), "加入同城福利群");
      await heading.evaluate((element) => element.setAttribute("data-test-server-node", ""));

      release();
      await hydrated(page);
      assert.equal(await page.locator(".ck-main h1[data-test-server-node]").count(), 1, "hydrated");
      // The shell's preload, made as the wasm starts, is the one request:
      // the loader's fetch reuses it.
      assert.equal(configRequests.length, 1, configRequests.join("\n"));

      await pickCity299ByHand(page, server);
      await screenshot(page, "groups-large-chosen-360x800");
      assert.deepEqual(page.pageErrors, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("a page whose config file its server no longer has renders from the campaign it runs", async () => {
    // Behind one address, servers restart with a new campaign one after
    // another: the page can come from one still on the old campaign and its
    // config file be asked of one that has only the new (a 404).
    const server = await startServer({ campaign: campaignFile(cmbSize()) });
    const page = await phonePage(browser);
    const problems = consoleProblems(page, { network: false });
    const asked = [];
    page.on("request", (request) => asked.push(new URL(request.url()).pathname));
    await page.route("**/config/*.json", (route) =>
      route.fulfill({ status: 404, contentType: "text/plain", body: "no such config" }),
    );
    try {
      await page.goto(`${server.url}/p/city-group`);
      await hydrated(page);
      assert.equal((await page.locator(".ck-main h1").first().textContent()).trim(), "加入同城福利群");
      await pickCity299ByHand(page, server);
      await screenshot(page, "groups-large-config-gone-360x800");
      assert.ok(asked.includes("/campaign.json"), `read the served campaign: ${asked.join(" ")}`);
      assert.deepEqual(page.pageErrors, []);
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });
});
