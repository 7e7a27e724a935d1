// The scratch card (刮刮卡) end to end: the server draws first, then a finger or
// the mouse scratches the cover off the prize it recorded, without the page
// scrolling under the finger; 直接查看结果 reveals it at once, from the keyboard
// and with reduced motion too.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ARTIFACTS,
  campaignFile,
  demoConfig,
  hydrated,
  launchBrowser,
  phonePage,
  startServer,
  startStaticSite,
} from "./support.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function scratchConfig() {
  const config = demoConfig();
  const lottery = config.pages.find((p) => p.id === "draw-520");
  lottery.look = "scratch";
  return config;
}

/** What the phone's screen shows (360x800), not the whole page. */
async function screen(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A finger drawn from `from` to `to` in `steps` moves, as the phone's
 * touchscreen reports it (DevTools' touch input, so the browser scrolls for it
 * as it would for a real finger, unless the page says otherwise). */
async function swipe(cdp, from, to, steps = 12) {
  const at = (t) => [{ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(0) });
  for (let step = 1; step <= steps; step += 1) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(step / steps) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

const scrollY = (page) => page.evaluate(() => window.scrollY);

describe("scratch card", () => {
  test("scratching with a finger and the mouse reveals the server's prize, and the page never scrolls", async () => {
    const server = await startServer({ campaign: campaignFile(scratchConfig()) });
    const page = await phonePage(browser);
    try {
      await page.goto(server.url + "/p/draw-520");
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      const card = page.locator(".ck-scratch-card");
      assert.equal(await card.getAttribute("data-state"), "covered");
      assert.equal(await page.locator(".ck-scratch-prompt").innerText(), "刮开涂层查看结果");
      assert.equal(await page.locator("canvas.ck-scratch-cover").getAttribute("aria-hidden"), "true");
      // Sharp at the phone's pixel ratio: the backing store is 2x the card.
      const sharp = await page.evaluate(() => {
        const canvas = document.querySelector(".ck-scratch-cover");
        return { css: canvas.clientWidth, backing: canvas.width };
      });
      assert.equal(sharp.backing, sharp.css * 2, JSON.stringify(sharp));
      assert.equal(await page.getByRole("button", { name: "直接查看结果" }).count(), 0);
      await screen(page, "scratch-before");

      // Room to scroll, and the card part way down the screen.
      await page.addStyleTag({ content: ".ck-main { padding-bottom: 1600px; }" });
      await page.evaluate(() => window.scrollTo(0, 60));
      const cdp = await page.context().newCDPSession(page);
      let box = await card.boundingBox();
      const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      // Before the draw the card scrolls like the rest of the page (so the
      // test can tell a scroll when there is one).
      await swipe(cdp, { x: middle.x, y: middle.y + 60 }, { x: middle.x, y: middle.y - 60 });
      await page.waitForTimeout(300);
      assert.notEqual(await scrollY(page), 60, "a swipe on the covered card scrolls the page");
      assert.equal(await card.getAttribute("data-state"), "covered", "no scratching before the draw");

      await page.evaluate(() => window.scrollTo(0, 60));
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-scratch-card[data-state=scratching]").waitFor();
      assert.equal(await page.locator(".ck-lottery").getAttribute("data-phase"), "spinning");
      // The server has drawn already; the card only shows it.
      const recorded = await server.draws();
      assert.equal(recorded.length, 1, JSON.stringify(recorded));
      const prize = recorded[0].prize.id;
      assert.equal(await card.getAttribute("data-prize"), prize);
      assert.ok(await page.getByRole("button", { name: "直接查看结果" }).isVisible());

      // Two vertical strokes of a finger: they scratch, and the page stays put.
      box = await card.boundingBox();
      const before = await scrollY(page);
      for (const x of [box.x + box.width * 0.4, box.x + box.width * 0.56]) {
        await swipe(cdp, { x, y: box.y + 14 }, { x, y: box.y + box.height - 14 });
      }
      await page.waitForTimeout(300);
      assert.equal(await scrollY(page), before, "scratching does not scroll the page");
      assert.equal(await card.getAttribute("data-state"), "scratching", "two strokes are not half");
      await screen(page, "scratch-mid");

      // The mouse finishes the job, side to side down the card.
      const rows = 6;
      for (let row = 0; row < rows && (await card.getAttribute("data-state")) === "scratching"; row += 1) {
        const y = box.y + 12 + ((box.height - 24) * row) / (rows - 1);
        await page.mouse.move(box.x + 8, y);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width - 8, y, { steps: 10 });
        await page.mouse.up();
      }
      assert.equal(await scrollY(page), before);
      await page.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 5000 });
      assert.equal(await card.getAttribute("data-state"), "revealed");
      assert.equal(await card.getAttribute("data-prize"), prize);
      const demo = demoConfig().pages.find((p) => p.id === "draw-520");
      const name = demo.prizes.find((p) => p.id === prize).name;
      assert.equal(await page.locator(".ck-scratch-name").innerText(), name);
      const announcement = await page.locator(".ck-draw-result .ck-draw-announcement").innerText();
      assert.ok(announcement.includes(name), `${announcement} names ${name}`);
      // Still one draw: scratching asks the server nothing.
      assert.equal((await server.draws()).length, 1);
      await page.waitForTimeout(500);
      await screen(page, "scratch-revealed");
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("the cover is drawn sharp at 3x, and at 2x on a 1x screen", async () => {
    const server = await startServer({ campaign: campaignFile(scratchConfig()) });
    try {
      for (const [deviceScaleFactor, expected] of [[3, 3], [1, 2]]) {
        const context = await browser.newContext({
          viewport: { width: 360, height: 800 },
          deviceScaleFactor,
          isMobile: deviceScaleFactor > 1,
          hasTouch: deviceScaleFactor > 1,
          locale: "zh-CN",
        });
        const page = await context.newPage();
        await page.goto(server.url + "/p/draw-520");
        await page.locator(".ck-scratch-card[data-state=covered]").waitFor();
        // The covered card is in the server's first screen already; the app
        // sizes its canvas (from the browser's default 300×150) once it has
        // hydrated the page.
        await hydrated(page);
        await page.waitForFunction(() => {
          const canvas = document.querySelector(".ck-scratch-cover");
          return canvas && !(canvas.width === 300 && canvas.height === 150);
        }, null, { timeout: 10000 });
        const size = await page.evaluate(() => {
          const canvas = document.querySelector(".ck-scratch-cover");
          return { css: [canvas.clientWidth, canvas.clientHeight], backing: [canvas.width, canvas.height] };
        });
        assert.deepEqual(size.backing, size.css.map((side) => side * expected), JSON.stringify(size));
        if (deviceScaleFactor === 3) await screen(page, "scratch-3x");
        await context.close();
      }
    } finally {
      await server.stop();
    }
  });

  test("直接查看结果 reveals at once, from the keyboard, with reduced motion", async () => {
    const config = scratchConfig();
    // A real prize every time, so the claim code shows.
    const lottery = config.pages.find((p) => p.id === "draw-520");
    for (const prize of lottery.prizes) prize.weight = prize.id === "tencent-vip" ? 1 : 0;
    const server = await startServer({ campaign: campaignFile(config) });
    const page = await phonePage(browser, { reducedMotion: "reduce" });
    try {
      await page.goto(server.url + "/p/draw-520");
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      const draw = page.getByRole("button", { name: "立即抽奖" });
      await draw.focus();
      await page.keyboard.press("Enter");
      await page.locator(".ck-scratch-card[data-state=scratching]").waitFor();
      // The draw button became 直接查看结果 in place, and the focus stayed on it.
      const show = page.getByRole("button", { name: "直接查看结果" });
      assert.ok(await show.evaluate((button) => button === document.activeElement));
      // The result is not read out before it is revealed.
      assert.equal(await page.locator(".ck-scratch-result").getAttribute("aria-hidden"), "true");
      // A second tap straight after the draw tap is not taken as "show".
      await page.waitForTimeout(700);
      await page.keyboard.press("Enter");
      await page.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 2000 });
      const card = page.locator(".ck-scratch-card");
      assert.equal(await card.getAttribute("data-state"), "revealed");
      assert.equal(await card.getAttribute("data-prize"), "tencent-vip");
      assert.equal(await page.locator(".ck-scratch-result").getAttribute("aria-hidden"), null);
      const status = page.getByRole("status").filter({ hasText: "腾讯视频 VIP 月卡" });
      assert.match(await status.innerText(), /恭喜你抽中「腾讯视频 VIP 月卡」/);
      // With reduced motion the cover is gone at once, not faded.
      assert.equal(
        await page.locator(".ck-scratch-cover").evaluate((canvas) => getComputedStyle(canvas).opacity),
        "0",
      );
      const recorded = await server.draws();
      assert.equal(recorded.length, 1);
      assert.equal(await page.locator("[data-claim-code]").getAttribute("data-claim-code"), recorded[0].claim_code);
      await screen(page, "scratch-shown");
      // The day's one draw is spent: the next tap is refused, as for any look.
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-lottery[data-phase=refused]").waitFor();
      assert.match(await page.locator(".ck-draw-announcement").innerText(), /今天/);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("a card drawn but not yet scratched survives a reload, and its prize lands in 我的奖品", async () => {
    const config = scratchConfig();
    const lottery = config.pages.find((p) => p.id === "draw-520");
    for (const prize of lottery.prizes) prize.weight = prize.id === "youku-vip" ? 1 : 0;
    const server = await startServer({ campaign: campaignFile(config) });
    const page = await phonePage(browser, { reducedMotion: "reduce" });
    try {
      await page.goto(server.url + "/p/draw-520");
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-scratch-card[data-state=scratching]").waitFor();
      // The person leaves before scratching, and comes back.
      await page.reload();
      const card = page.locator(".ck-scratch-card");
      await page.locator(".ck-scratch-card[data-state=scratching]").waitFor();
      assert.equal(await card.getAttribute("data-prize"), "youku-vip");
      assert.equal((await server.draws()).length, 1, "the reload drew nothing more");
      await page.waitForTimeout(650);
      await page.getByRole("button", { name: "直接查看结果" }).click();
      await page.locator(".ck-lottery[data-phase=done]").waitFor();
      const mine = page.locator(".ck-my-prizes");
      assert.match(await mine.innerText(), /优酷 VIP 月卡/);
      // Seen once, it stays in 我的奖品 and the card does not come back.
      await page.reload();
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      assert.equal(await card.getAttribute("data-state"), "covered");
      assert.match(await mine.innerText(), /优酷 VIP 月卡/);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("on a static host (demo mode) every draw gets a fresh card, the same prize again too", async () => {
    const config = scratchConfig();
    // One prize only, so every draw is the same as the last.
    const lottery = config.pages.find((p) => p.id === "draw-520");
    for (const prize of lottery.prizes) prize.weight = prize.id === "points-520" ? 1 : 0;
    const site = await startStaticSite(config);
    const page = await phonePage(browser, { reducedMotion: "reduce" });
    try {
      await page.goto(site.url + "/p/draw-520");
      await page.locator(".ck-demo-banner").waitFor();
      const card = page.locator(".ck-scratch-card");
      for (let round = 0; round < 4; round += 1) {
        await page.getByRole("button", { name: "立即抽奖" }).click();
        await page.locator(".ck-scratch-card[data-state=scratching]").waitFor({ timeout: 2000 });
        // The cover is whole again: the last result does not show through.
        const covered = await page.evaluate(() => {
          const canvas = document.querySelector(".ck-scratch-cover");
          const pixel = canvas.getContext("2d").getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
          return pixel[3] === 255 && getComputedStyle(canvas).opacity === "1";
        });
        assert.ok(covered, `round ${round}: the card is covered`);
        await page.waitForTimeout(650);
        await page.getByRole("button", { name: "直接查看结果" }).click();
        await page.locator(".ck-scratch-card[data-state=revealed]").waitFor({ timeout: 2000 });
        assert.equal(await card.getAttribute("data-prize"), "points-520");
      }
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await site.stop();
    }
  });
});
