// The 520 mini-games end to end: a quiz whose result unlocks a draw, and a
// wheel (or grid) that stops on the prize the server recorded.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
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

/** The prize under the wheel's pointer, from the disc's final rotation. */
async function prizeUnderPointer(page) {
  return page.evaluate(() => {
    const disc = document.querySelector(".ck-wheel-disc");
    const match = /rotate\((-?[\d.]+)deg\)/.exec(disc.getAttribute("style") ?? "");
    const segments = [...disc.querySelectorAll(".ck-wheel-segment")];
    const turned = ((Number(match?.[1] ?? 0) % 360) + 360) % 360;
    const size = 360 / segments.length;
    const index = Math.round(((360 - turned) % 360) / size) % segments.length;
    return segments[index].dataset.prize;
  });
}

describe("mini-games", () => {
  test("finishing the quiz unlocks a draw, and the wheel stops on the server's prize", async () => {
    const server = await startServer();
    const page = await phonePage(browser);
    // A share sheet that reports success (headless Chromium on Linux has none).
    await page.addInitScript(() => {
      navigator.share = async () => {};
    });
    try {
      await page.goto(server.url + "/p/quiz-520");
      await page.locator(".ck-quiz").waitFor();
      assert.match(await page.locator(".ck-progress-label").innerText(), /第 1 \/ 8 题/);
      await screenshot(page, "games-quiz-question");
      // Back is allowed: answer two, go back, change the second answer.
      await page.locator(".ck-quiz-option").first().click();
      await page.locator(".ck-quiz-option").nth(2).click();
      await page.getByRole("button", { name: "上一题" }).click();
      assert.match(await page.locator(".ck-progress-label").innerText(), /第 2 \/ 8 题/);
      assert.equal(await page.locator(".ck-quiz-option-chosen").innerText(), "自己先逛逛，正好有空");
      for (let question = 2; question <= 8; question += 1) {
        await page.locator(".ck-quiz-option").first().click();
      }
      const result = page.locator(".ck-quiz-result");
      await result.waitFor();
      assert.equal(await result.getAttribute("data-tier"), "romantic");
      assert.equal(await page.locator(".ck-result-title").innerText(), "浪漫主义恋人");
      // The server scored it again and granted the chance.
      await page.locator(".ck-quiz-chance[data-chance=granted]").waitFor();
      const stored = await server.submissions("quiz-520");
      assert.equal(stored.length, 1);
      assert.equal(stored[0].payload.answers.late, "a");
      await screenshot(page, "games-quiz-result");

      // The result poster: drawn at 2x (the phone's pixel ratio), 750x1334 CSS px.
      await page.getByRole("button", { name: "生成分享海报" }).click();
      const poster = page.locator(".ck-poster-image");
      await poster.waitFor();
      assert.equal(await poster.getAttribute("data-width"), "1500");
      assert.equal(await poster.getAttribute("data-height"), "2668");
      await screenshot(page, "games-quiz-poster");

      await page.getByRole("link", { name: "去抽奖" }).click();
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      // One draw a day, plus the quiz's bonus.
      assert.equal(await page.locator(".ck-chances").innerText(), "你还有 2 次抽奖机会");
      await screenshot(page, "games-wheel");
      const button = page.getByRole("button", { name: "立即抽奖" });
      await button.click();
      // Taps while the draw is out or the wheel turns do nothing (dispatched
      // directly: Playwright's own click would wait for the wheel to stop).
      for (let tap = 0; tap < 3; tap += 1) {
        await page.locator(".ck-draw-button").dispatchEvent("click");
        await page.waitForTimeout(300);
      }
      await page.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 15000 });
      const recorded = await server.draws();
      assert.equal(recorded.length, 1, JSON.stringify(recorded));
      const prize = recorded[0].prize.id;
      assert.equal(await prizeUnderPointer(page), prize);
      const announcement = await page.locator(".ck-draw-announcement").innerText();
      const demo = demoConfig().pages.find((p) => p.id === "draw-520");
      const name = demo.prizes.find((p) => p.id === prize).name;
      assert.ok(announcement.includes(name), `${announcement} names ${name}`);
      assert.equal(await page.locator(".ck-chances").innerText(), "你还有 1 次抽奖机会");
      await screenshot(page, "games-wheel-result");
      // Sharing earns the page's share bonus, once a day.
      await page.getByRole("button", { name: "分享给好友，再得 1 次机会" }).click();
      await eventually(async () => (await page.locator(".ck-chances").innerText()) === "你还有 2 次抽奖机会", {
        what: "the share bonus",
      });
      assert.equal(await page.locator(".ck-share-bonus").count(), 0);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("the grid lights up the prize the server awarded, and a winner gets a claim code", async () => {
    const config = demoConfig();
    const lottery = config.pages.find((p) => p.id === "draw-520");
    lottery.look = "grid";
    // Only a real prize can be drawn, so the claim code shows every time.
    for (const prize of lottery.prizes) prize.weight = prize.id === "iqiyi-vip" ? 1 : 0;
    const server = await startServer({ campaign: campaignFile(config) });
    // The still version: no lights running round, the result at once.
    const page = await phonePage(browser, { reducedMotion: "reduce" });
    try {
      await page.goto(server.url + "/p/draw-520");
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      assert.equal(await page.locator(".ck-grid-cell").count(), 8);
      await screenshot(page, "games-grid");
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 3000 });
      assert.equal(await page.locator(".ck-grid-cell-lit").getAttribute("data-prize"), "iqiyi-vip");
      const code = await page.locator("[data-claim-code]").getAttribute("data-claim-code");
      const recorded = await server.draws();
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0].claim_code, code);
      assert.match(await page.locator(".ck-claim").innerText(), /企业微信「招行福利官」/);
      await screenshot(page, "games-grid-result");
      // The day's one draw is spent: the server says so, in Chinese.
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-lottery[data-phase=refused]").waitFor();
      assert.match(await page.locator(".ck-draw-announcement").innerText(), /今天/);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });
});
