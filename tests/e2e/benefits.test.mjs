// CMB's weekly benefit schedule and JD's coupon ladder, end to end at 360x800:
// the schedule in Beijing time on a phone set to New York, and coupons that
// come out of the server's pools once per person.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
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
} from "./support.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN";

/** Wednesday 2 December 2026, 11:00 in Beijing: 22:00 on Tuesday in New York. */
const WEDNESDAY_11_BEIJING = new Date("2026-12-02T11:00:00+08:00");

function codesOf(pool) {
  return readFileSync(join(ROOT, `server/demo/${pool}.txt`), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"));
}

describe("benefit schedule", () => {
  test("Wednesday 11:00 in Beijing shows the Wednesday food deal live, on a phone set to New York", async () => {
    const server = await startServer();
    const page = await phonePage(browser, { timezoneId: "America/New_York" });
    try {
      await page.clock.setFixedTime(WEDNESDAY_11_BEIJING);
      await page.goto(server.url + "/p/weekly-benefits");
      await hydrated(page);
      const today = page.locator(".ck-benefits-today");
      await today.waitFor();
      // The phone's own calendar says Tuesday; the campaign's says Wednesday.
      assert.equal(await page.evaluate(() => new Date().getDay()), 2);
      assert.match(await today.locator(".ck-benefits-date").innerText(), /周三\s*12月2日/);

      const live = today.locator(".ck-benefit-item-live");
      assert.equal(await live.count(), 1);
      assert.equal(await live.locator(".ck-benefit-title").innerText(), "周三5折美食提前抢");
      assert.equal(await live.locator(".ck-benefit-window").innerText(), "10:00–22:00");
      // Live until 22:00: eleven hours to go.
      assert.equal(await live.locator(".ck-countdown").innerText(), "11:00:00 后结束");

      // What starts next today, with its countdown: the 14:00 coffee deal.
      const next = today.locator(".ck-benefit-item-next");
      assert.equal(await next.locator(".ck-benefit-title").innerText(), "下午茶咖啡 9.9 元一杯");
      assert.equal(await next.locator(".ck-benefit-next-mark").innerText(), "下一场");
      assert.equal(await next.locator(".ck-countdown").innerText(), "03:00:00 后开始");

      // The week strip highlights Wednesday, scrolled to show it, and the
      // winter schedule that is on in December.
      const strip = page.locator(".ck-week");
      assert.equal(await strip.locator("[aria-current=date] .ck-week-name").innerText(), "周三\n12/2");
      assert.match(await page.locator(".ck-benefits-season").innerText(), /冬季福利日程/);
      const todayInView = await page.evaluate(() => {
        const strip = document.querySelector(".ck-week").getBoundingClientRect();
        const day = document.querySelector(".ck-week-today").getBoundingClientRect();
        return day.left >= strip.left - 1 && day.right <= strip.right + 1;
      });
      assert.ok(todayInView, "today's column is scrolled into view");
      assert.match(await strip.locator(".ck-week-day").nth(3).innerText(), /冬日火锅/);
      assert.doesNotMatch(await strip.innerText(), /春日下午茶|夏日冰饮/);
      assert.equal(await page.locator(".ck-welcome-item").count(), 3);

      // Outside WeChat: a calendar file whose event is at 10:00 Beijing time,
      // 02:00 UTC, whatever the phone's zone.
      const calendar = live.getByRole("link", { name: "加入日历" });
      assert.match(await calendar.getAttribute("download"), /\.ics$/);
      const ics = decodeURIComponent((await calendar.getAttribute("href")).replace(/^data:text\/calendar;charset=utf-8,/, ""));
      assert.match(ics, /BEGIN:VEVENT/);
      assert.match(ics, /DTSTART:20261202T020000Z/);
      assert.match(ics, /DTEND:20261202T140000Z/);
      assert.match(ics, /SUMMARY:周三5折美食提前抢/);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      await screenshot(page, "benefits-wednesday");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("inside WeChat, where downloads fail, an item's details are copied instead", async () => {
    const server = await startServer();
    const page = await phonePage(browser, { userAgent: WECHAT_UA });
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    try {
      await page.clock.setFixedTime(WEDNESDAY_11_BEIJING);
      await page.goto(server.url + "/p/weekly-benefits");
      await hydrated(page);
      const live = page.locator(".ck-benefit-item-live");
      await live.waitFor();
      assert.equal(await page.getByRole("link", { name: "加入日历" }).count(), 0);
      await live.getByRole("button", { name: "复制活动信息" }).click();
      await live.getByRole("status").waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /周三5折美食提前抢/);
      assert.match(copied, /10:00/);
      assert.match(copied, /https:\/\/h5\.bank\.example\/deals\/wed-food/);
      await screenshot(page, "benefits-wechat-copied");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });
});

describe("coupon ladder", () => {
  /** The demo with its offer ending in three days, whenever the test runs. */
  function offerCampaign() {
    const config = demoConfig();
    const offers = config.pages.find((page) => page.id === "invest-coupons");
    offers.ends_at = new Date(Date.now() + 3 * 86400e3).toISOString().replace(/\.\d+Z$/, "Z");
    return campaignFile(config);
  }

  async function openOffers(page, server) {
    await page.goto(server.url + "/p/invest-coupons");
    await page.locator(".ck-offers").waitFor();
  }

  test("12,000 earns the 400 元 coupon; the claim yields a pool's code, and the same code again", async () => {
    const server = await startServer({ campaign: offerCampaign() });
    const page = await phonePage(browser);
    try {
      await openOffers(page, server);
      assert.equal(await page.locator(".ck-offer-standing").innerText(), "投资满 5,000 元可得 400 元券");
      assert.match(await page.locator(".ck-offer-deadline").innerText(), /^距活动结束 (2|3)天 \d\d:\d\d:\d\d$/);
      // Only the 2,800 元 tier's stock (30) is at or under the threshold (50).
      await eventually(async () => (await page.locator(".ck-tier-flag").count()) === 1, { what: "the real stock" });
      assert.equal(await page.locator(".ck-tier").nth(2).locator(".ck-tier-flag").innerText(), "仅剩 30 张");
      // Thresholds read the Chinese way: 万 where it helps.
      assert.deepEqual(await page.locator(".ck-tier-amount").allInnerTexts(), [
        "满 5,000 元，得 400 元券",
        "满 2万元，得 1,600 元券",
        "满 5万元，得 2,800 元券",
      ]);

      await page.locator("#ck-offer-amount").fill("12,000");
      assert.equal(
        await page.locator(".ck-offer-standing").innerText(),
        "可得 400 元券，再投 8,000 元可得 1,600 元券",
      );
      assert.equal(await page.locator(".ck-tier-earned .ck-tier-coupon").innerText(), "400 元券");
      await page.locator("#ck-offer-amount").fill("2万");
      assert.equal(await page.locator(".ck-offer-standing").innerText(), "可得 1,600 元券，再投 30,000 元可得 2,800 元券");
      await page.locator("#ck-offer-amount").fill("12000");
      await screenshot(page, "offers-12000");

      await page.getByRole("button", { name: "立即领券" }).click();
      const code = page.locator(".ck-offer-code");
      await code.waitFor();
      const first = await code.innerText();
      assert.ok(codesOf("jd-400").includes(first), `${first} is a code of the 400 元 pool`);
      assert.equal(await page.locator(".ck-offer-coupon-value").innerText(), "400 元券");
      await screenshot(page, "offers-claimed");

      const stored = await server.submissions("invest-coupons");
      assert.equal(stored.length, 1);
      assert.deepEqual(stored[0].payload, { tier: "tier-5k" });

      // A reload shows the same coupon (the server remembers it).
      await page.reload();
      await code.waitFor();
      assert.equal(await code.innerText(), first);

      // A second claim by the same person, from a page that forgot the first
      // and could not ask: the server answers with the same code.
      await page.route("**/api/v1/offers/**", (route) => route.abort());
      await page.evaluate(() => {
        for (const key of Object.keys(localStorage)) if (key.includes("ck.offer.")) localStorage.removeItem(key);
      });
      await page.reload();
      await page.locator("#ck-offer-amount").fill("12000");
      await page.getByRole("button", { name: "立即领券" }).click();
      await code.waitFor();
      assert.equal(await code.innerText(), first);
      assert.match(await page.locator(".ck-offer-coupon-note").innerText(), /已领过/);
      assert.equal((await server.submissions("invest-coupons")).length, 1, "one claim stored per person");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("an empty pool says so in a sentence; a claim waiting offline survives a reload", async () => {
    // A 400 元 pool of one code, for two people.
    const lastCode = join(tmpdir(), `ck-one-code-${process.pid}.txt`);
    writeFileSync(lastCode, "JD400-LAST-CODE\n");
    const server = await startServer({
      campaign: offerCampaign(),
      args: [
        "--reward-codes", `jd-400=${lastCode}`,
        "--reward-codes", "jd-1600=server/demo/jd-1600.txt",
        "--reward-codes", "jd-2800=server/demo/jd-2800.txt",
      ],
    });
    const late = await phonePage(browser);
    const early = await phonePage(browser);
    try {
      // The late person opens the page while one code is left …
      await openOffers(late, server);
      await eventually(async () => (await late.locator(".ck-tier").first().locator(".ck-tier-flag").count()) === 1, {
        what: "the last code shown",
      });
      assert.equal(await late.locator(".ck-tier").first().locator(".ck-tier-flag").innerText(), "仅剩 1 张");
      // … the early one takes it …
      await openOffers(early, server);
      await early.locator("#ck-offer-amount").fill("6000");
      await early.getByRole("button", { name: "立即领券" }).click();
      await early.locator(".ck-offer-code").waitFor();
      assert.equal(await early.locator(".ck-offer-code").innerText(), "JD400-LAST-CODE");

      // … and the late one's claim is refused with the server's sentence.
      await late.locator("#ck-offer-amount").fill("6000");
      await late.getByRole("button", { name: "立即领券" }).click();
      const refusal = late.locator(".ck-offer-refused");
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /领完/);
      await eventually(async () => (await late.locator(".ck-tier").first().innerText()).includes("已领完"), {
        what: "the tier marked as gone",
      });
      assert.equal(await late.getByRole("button", { name: "立即领券" }).isDisabled(), true);
      await screenshot(late, "offers-pool-empty");

      // Offline, a claim of the 1,600 元 tier waits in the outbox; a reload
      // still says it is waiting rather than offering the button again.
      const waiting = await phonePage(browser);
      try {
        await openOffers(waiting, server);
        await waiting.context().setOffline(true);
        await waiting.locator("#ck-offer-amount").fill("25000");
        await waiting.getByRole("button", { name: "立即领券" }).click();
        await waiting.locator(".ck-offer-status").waitFor();
        // Back online, but the submission still cannot get through.
        await waiting.route("**/api/v1/submissions", (route) => route.abort());
        await waiting.context().setOffline(false);
        await waiting.reload();
        await waiting.locator(".ck-offer-status").waitFor();
        assert.match(await waiting.locator(".ck-offer-status").innerText(), /等待|网络/);
        await waiting.unroute("**/api/v1/submissions");
        await waiting.reload();
        await waiting.locator(".ck-offer-code").waitFor({ timeout: 30000 });
        assert.ok(codesOf("jd-1600").includes(await waiting.locator(".ck-offer-code").innerText()));
        assert.deepEqual(waiting.pageErrors, []);
      } finally {
        await waiting.context().close();
      }
      assert.deepEqual(late.pageErrors, []);
      assert.deepEqual(early.pageErrors, []);
    } finally {
      await late.context().close();
      await early.context().close();
      await server.stop();
    }
  });
});
