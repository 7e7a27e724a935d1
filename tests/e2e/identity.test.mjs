// Signed identity end to end: the host links to the draw page with
// `#vt=<token>`; two phones of one person share one chance count, the token
// leaves the address bar at once, and an expired token gets the server's
// sentence instead of a silent fallback to the device.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import {
  DEMO_REWARD_CODES,
  campaignFile,
  demoConfig,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
} from "./support.mjs";

const SECRET = "e2e-identity-secret-of-at-least-32-bytes";

/** A visitor token as a host mints it: HS256 with node's own crypto. */
function mint(claims, secret = SECRET) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${signed}.${createHmac("sha256", secret).update(signed).digest("base64url")}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** What the server counts a subject as: `p-` and 32 hex of SHA-256. */
function personKey(campaignId, sub) {
  const digest = createHash("sha256").update(campaignId).update(Buffer.from([0])).update(sub).digest("hex");
  return `p-${digest.slice(0, 32)}`;
}

let browser;
let server;
let config;
before(async () => {
  browser = await launchBrowser();
  config = demoConfig();
  config.identity = "signed";
  const draw = config.pages.find((page) => page.id === "draw-520");
  draw.limits = { per_day: 3, total: 10 };
  server = await startServer({
    campaign: campaignFile(config),
    args: ["--identity-secret", SECRET, ...DEMO_REWARD_CODES],
  });
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

describe("signed identity", () => {
  test("two phones of one person share one chance count, and the token leaves the address bar", async () => {
    const token = mint({ sub: "member-42", aud: config.id, exp: now() + 3600, nickname: "小招" });
    const phone = await phonePage(browser);
    const tablet = await phonePage(browser);
    try {
      await phone.goto(`${server.url}/p/draw-520#vt=${token}`);
      await phone.locator(".ck-lottery[data-phase=ready]").waitFor();
      assert.equal(await phone.locator(".ck-chances").innerText(), "你还有 3 次抽奖机会");
      assert.equal(new URL(phone.url()).hash, "", "the token is gone from the address bar");
      assert.ok(!phone.url().includes(token));
      assert.equal(await phone.locator(".ck-person-notice").count(), 0);

      await phone.getByRole("button", { name: "立即抽奖" }).click();
      await phone.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 15000 });
      assert.equal(await phone.locator(".ck-chances").innerText(), "你还有 2 次抽奖机会");
      await screenshot(phone, "identity-signed-phone");

      // Another device (its own storage, its own visitor id), the same person.
      await tablet.goto(`${server.url}/p/draw-520#vt=${token}`);
      await tablet.locator(".ck-lottery[data-phase=ready]").waitFor();
      assert.equal(await tablet.locator(".ck-chances").innerText(), "你还有 2 次抽奖机会");
      const devices = await Promise.all(
        [phone, tablet].map((page) => page.evaluate(() => localStorage.getItem("ck.visitor"))),
      );
      assert.notEqual(devices[0], devices[1], "two devices");
      const stored = await server.draws();
      assert.equal(stored.length, 1);
      assert.equal(stored[0].visitor_id, personKey(config.id, "member-42"), "counted as the person");

      // The token is kept for the campaign: a later visit without it still counts the person.
      await tablet.goto(`${server.url}/p/draw-520`);
      await tablet.locator(".ck-lottery[data-phase=ready]").waitFor();
      assert.equal(await tablet.locator(".ck-chances").innerText(), "你还有 2 次抽奖机会");
      assert.deepEqual([...phone.pageErrors, ...tablet.pageErrors], []);
    } finally {
      await phone.context().close();
      await tablet.context().close();
    }
  });

  test("an expired token gets the server's sentence, not the device", async () => {
    const expired = mint({ sub: "member-43", aud: config.id, exp: now() - 3600 });
    const page = await phonePage(browser);
    try {
      await page.goto(`${server.url}/p/draw-520#vt=${expired}`);
      const notice = page.locator(".ck-person-notice");
      await notice.waitFor();
      assert.equal(await notice.innerText(), "登录已过期，请从活动入口重新打开本页。");
      assert.equal(new URL(page.url()).hash, "");
      // Drawing anyway: the server refuses with the same sentence, and nothing is drawn.
      await page.locator(".ck-lottery[data-phase=ready]").waitFor();
      await page.getByRole("button", { name: "立即抽奖" }).click();
      await page.locator(".ck-lottery[data-phase=refused]").waitFor();
      assert.equal(await page.locator(".ck-draw-announcement").innerText(), "登录已过期，请从活动入口重新打开本页。");
      assert.ok((await server.draws()).every((draw) => draw.visitor_id !== personKey(config.id, "member-43")));
      await screenshot(page, "identity-signed-expired");
    } finally {
      await page.context().close();
    }
  });

  test("a page opened without any token says where to open it", async () => {
    const page = await phonePage(browser);
    try {
      await page.goto(`${server.url}/p/draw-520`);
      const notice = page.locator(".ck-person-notice");
      await notice.waitFor();
      assert.equal(await notice.innerText(), "请从活动入口重新打开本页：参与需要确认是你本人。");
      // A forged token (another secret) is for the server to find out.
      await page.goto(`${server.url}/p/invite#vt=${mint({ sub: "x", aud: config.id, exp: now() + 600 }, "a-different-secret-of-at-least-32-bytes")}`);
      await page.locator(".ck-person-notice", { hasText: "无法确认你的身份" }).waitFor();
    } finally {
      await page.context().close();
    }
  });
});
