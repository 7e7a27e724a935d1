// The console for campaign teams (/admin): a marketer sees the campaign's
// numbers per channel and the survey's answers; branch staff redeem a
// winner's code on a phone; a held invitation is approved in the review
// queue; and the staff credential opens nothing but redemption.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ADMIN_TOKEN,
  DEMO_REWARD_CODES,
  answerFinanceSurvey,
  campaignFile,
  demoConfig,
  eventually,
  hydrated,
  launchBrowser,
  phonePage,
  screenshot,
  seriousViolations,
  startServer,
} from "./support.mjs";

const STAFF_TOKEN = "futian-branch-token-0123456789";
const CHANNELS = { menu: "公众号菜单", alert: "动账提醒", moments: "朋友圈" };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A campaign with the demo's pages, CMB's three channels, prizes that always
 * win, and invitations that count on the friend's visit. */
function consoleConfig() {
  const config = demoConfig();
  config.channels = CHANNELS;
  const lottery = config.pages.find((p) => p.id === "draw-520");
  for (const prize of lottery.prizes) prize.weight = prize.id === "iqiyi-vip" ? 1 : 0;
  config.pages.find((p) => p.id === "invite").goal = "visit";
  return config;
}

async function startConsoleServer() {
  return startServer({
    campaign: campaignFile(consoleConfig()),
    args: [...DEMO_REWARD_CODES, "--staff-token", STAFF_TOKEN],
  });
}

/** A desk-sized browser page (1440 px) or a phone (360 px). */
async function deskPage() {
  // bypassCSP only to inject axe-core: the console runs no inline script.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", bypassCSP: true });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on("pageerror", (error) => page.pageErrors.push(error));
  return page;
}

async function signIn(page, url, token) {
  await page.goto(url + "/admin");
  await page.getByLabel("令牌").fill(token);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator(".ck-console-topbar").waitFor();
}

async function overviewApi(server) {
  const response = await fetch(`${server.url}/api/v1/admin/overview`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(response.status, 200);
  return response.json();
}

function sourceOf(overview, pageId, type, code) {
  const page = overview.pages.find((p) => p.page_id === pageId);
  return page.sources.find((s) => s.source.type === type && (code === undefined || s.source.code === code));
}

async function sourceRow(page, pageId, key) {
  const row = page.locator(`[data-page="${pageId}"] [data-source="${key}"]`);
  const cell = async (metric) => Number(await row.locator(`[data-metric="${metric}"]`).innerText());
  return { views: await cell("views"), starts: await cell("starts"), results: await cell("results") };
}

describe("the console", () => {
  test("shows a marketer the counts per channel and the survey's answers", async () => {
    const server = await startConsoleServer();
    const surveyPhone = await phonePage(browser);
    const gamesPhone = await phonePage(browser);
    const desk = await deskPage();
    try {
      // Through the official account's menu: the survey, then a reload,
      // which keeps the channel for the visit.
      await surveyPhone.goto(server.url + "/p/finance-survey?ch=menu");
      await hydrated(surveyPhone);
      await answerFinanceSurvey(surveyPhone);
      await surveyPhone.locator(".ck-done").waitFor({ timeout: 15000 });
      await surveyPhone.reload();
      await hydrated(surveyPhone);
      // Through a transaction alert: the quiz, then the draw.
      await gamesPhone.goto(server.url + "/p/quiz-520?ch=alert");
      await hydrated(gamesPhone);
      for (let question = 1; question <= 8; question += 1) {
        await gamesPhone.locator(".ck-quiz-option").first().click();
      }
      await gamesPhone.locator(".ck-quiz-result").waitFor();
      await gamesPhone.goto(server.url + "/p/draw-520");
      await gamesPhone.locator(".ck-lottery[data-phase=ready]").waitFor();
      await gamesPhone.getByRole("button", { name: "立即抽奖" }).click();
      await gamesPhone.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 15000 });
      // Each page sends its waiting events within seconds.

      const overview = await eventually(async () => {
        const overview = await overviewApi(server);
        const menu = sourceOf(overview, "finance-survey", "channel", "menu");
        const draw = sourceOf(overview, "draw-520", "channel", "alert");
        return menu?.views === 2 && draw?.views === 1 && draw?.results === 1 && overview;
      }, { what: "the visits' events" });
      assert.deepEqual(
        overview.channels.map((c) => c.code),
        ["alert", "menu", "moments"],
      );
      assert.deepEqual(sourceOf(overview, "quiz-520", "channel", "alert"), {
        source: { type: "channel", code: "alert" },
        views: 1,
        starts: 1,
        results: 1,
      });
      assert.equal(sourceOf(overview, "finance-survey", "channel", "alert"), undefined);

      await signIn(desk, server.url, ADMIN_TOKEN);
      await desk.locator('[data-page="finance-survey"]').waitFor();
      assert.deepEqual(await sourceRow(desk, "finance-survey", "ch:menu"), { views: 2, starts: 1, results: 1 });
      assert.deepEqual(await sourceRow(desk, "quiz-520", "ch:alert"), { views: 1, starts: 1, results: 1 });
      assert.deepEqual(await sourceRow(desk, "draw-520", "ch:alert"), { views: 1, starts: 1, results: 1 });
      assert.match(
        await desk.locator('[data-page="finance-survey"] [data-source="ch:menu"] th').innerText(),
        /公众号菜单/,
      );
      const total = desk.locator('[data-page="finance-survey"] .ck-console-counts [data-range="total"]');
      assert.equal(await total.locator('[data-metric="results"]').innerText(), "1");
      assert.deepEqual(await seriousViolations(desk), []);
      await screenshot(desk, "console-overview-1440");

      // The survey's chart shows this person's answers.
      await desk.locator('[data-page="finance-survey"]').getByRole("link", { name: "查看详情" }).click();
      const interests = desk.locator('[data-question="interests"]');
      await interests.waitFor();
      assert.equal(await interests.locator('[data-value="fund"]').getAttribute("data-count"), "1");
      assert.equal(await interests.locator('[data-value="gold"]').getAttribute("data-count"), "0");
      assert.equal(
        await desk.locator('[data-question="offer_frequency"] [data-value="monthly"]').getAttribute("data-count"),
        "1",
      );
      assert.deepEqual(await seriousViolations(desk), []);
      await screenshot(desk, "console-survey-1440");
      // The draw's and the groups' screens at a desk.
      await desk.goto(server.url + "/admin/p/draw-520");
      await desk.locator(".ck-console-winners [data-claim-code]").first().waitFor();
      assert.deepEqual(await seriousViolations(desk), []);
      await screenshot(desk, "console-draw-1440");
      await desk.goto(server.url + "/admin/p/city-group");
      await desk.locator(".ck-console-groups [data-group]").first().waitFor();
      await screenshot(desk, "console-groups-1440");
      assert.deepEqual(desk.pageErrors, []);

      // The same screens on a phone.
      const phone = await phonePage(browser, { bypassCSP: true });
      try {
        await signIn(phone, server.url, ADMIN_TOKEN);
        await phone.locator('[data-page="finance-survey"]').waitFor();
        assert.deepEqual(await seriousViolations(phone), []);
        await screenshot(phone, "console-overview-360");
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the overview is ${overflow}px wider than the phone`);
        await phone.goto(server.url + "/admin/p/finance-survey");
        await phone.locator('[data-question="interests"]').waitFor();
        await screenshot(phone, "console-survey-360");
        await phone.goto(server.url + "/admin/p/draw-520");
        await phone.locator('[data-prize="iqiyi-vip"]').waitFor();
        assert.equal(await phone.locator('[data-prize="iqiyi-vip"] [data-metric="won"]').innerText(), "1");
        await phone.locator(".ck-console-winners [data-claim-code]").first().waitFor();
        assert.deepEqual(await seriousViolations(phone), []);
        await screenshot(phone, "console-draw-360");
        await phone.goto(server.url + "/admin/p/city-group");
        await phone.locator(".ck-console-groups [data-group]").first().waitFor();
        assert.deepEqual(await seriousViolations(phone), []);
        await screenshot(phone, "console-groups-360");
        assert.deepEqual(phone.pageErrors, []);
      } finally {
        await phone.context().close();
      }
    } finally {
      await surveyPhone.context().close();
      await gamesPhone.context().close();
      await desk.context().close();
      await server.stop();
    }
  });

  test("lets branch staff redeem a won code once on a phone, and refuses a second time with when", async () => {
    const server = await startConsoleServer();
    const winner = await phonePage(browser, { reducedMotion: "reduce" });
    const staff = await phonePage(browser, { bypassCSP: true });
    try {
      await winner.goto(server.url + "/p/draw-520");
      await winner.locator(".ck-lottery[data-phase=ready]").waitFor();
      await winner.getByRole("button", { name: "立即抽奖" }).click();
      await winner.locator(".ck-lottery[data-phase=done]").waitFor({ timeout: 15000 });
      const code = await winner.locator("[data-claim-code]").getAttribute("data-claim-code");
      // The winner's screen shows the code as a QR code as well.
      assert.ok(await winner.locator(".ck-claim img.ck-qr").isVisible());
      await screenshot(winner, "console-winner-claim-qr");

      await signIn(staff, server.url, STAFF_TOKEN);
      // Staff land on redemption, and see nothing else.
      await staff.locator("#ck-claim-code").waitFor();
      assert.equal(new URL(staff.url()).pathname, "/admin");
      assert.equal(await staff.getByRole("link", { name: "概览" }).count(), 0);
      // Typed loosely: lower case, spaces instead of dashes.
      await staff.locator("#ck-claim-code").fill(code.toLowerCase().replaceAll("-", " "));
      await staff.getByRole("button", { name: "查询" }).click();
      await staff.locator(".ck-claim-open").waitFor();
      assert.match(await staff.locator(".ck-console-claim h2").innerText(), /爱奇艺|VIP|会员/);
      await screenshot(staff, "console-redeem-open-360");
      await staff.getByRole("button", { name: "核销", exact: true }).click();
      await staff.getByRole("button", { name: "确认核销" }).waitFor();
      await screenshot(staff, "console-redeem-confirm-360");
      await staff.getByRole("button", { name: "确认核销" }).click();
      await staff.locator(".ck-console-success").waitFor();
      await screenshot(staff, "console-redeem-done-360");
      const overflow = await staff.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the redemption screen is ${overflow}px wider than the phone`);
      assert.deepEqual(await seriousViolations(staff), []);

      // A second attempt, as a colleague would: refused, with when and by whom.
      await staff.reload();
      await staff.locator("#ck-claim-code").fill(code);
      await staff.getByRole("button", { name: "查询" }).click();
      await staff.locator(".ck-claim-redeemed").waitFor();
      const status = await staff.locator(".ck-claim-redeemed").innerText();
      assert.match(status, /已核销 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · staff/);
      assert.equal(await staff.getByRole("button", { name: "核销", exact: true }).count(), 0);
      // Straight at the API (the button is gone): 409, saying when.
      const again = await staff.evaluate(async (code) => {
        const response = await fetch(`/api/v1/claims/${code}/redeem`, { method: "POST" });
        return { status: response.status, body: await response.json() };
      }, code);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, "already_redeemed");
      assert.match(again.body.error.message, /\d{4}-\d{2}-\d{2}/);
      await screenshot(staff, "console-redeem-again-360");
      assert.deepEqual(staff.pageErrors, []);
      assert.deepEqual(winner.pageErrors, []);
    } finally {
      await winner.context().close();
      await staff.context().close();
      await server.stop();
    }
  });

  test("approves a held invitation, and the inviter's standing goes up by one", async () => {
    const server = await startConsoleServer();
    const member = await phonePage(browser);
    const desk = await deskPage();
    try {
      await member.goto(server.url + "/p/invite");
      const codeHolder = member.locator("[data-code]");
      await codeHolder.waitFor({ timeout: 20000 });
      const code = await codeHolder.getAttribute("data-code");
      // Six friends within minutes from one address: five count, the sixth is
      // held for review.
      const verdicts = [];
      for (let friend = 1; friend <= 6; friend += 1) {
        const response = await fetch(`${server.url}/api/v1/referrals/visits`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            campaign_id: "cmb-city-community",
            code,
            visitor_id: `friend-${friend}-${Date.now()}`,
            page_id: "member-survey",
          }),
        });
        verdicts.push((await response.json()).status);
      }
      assert.deepEqual(verdicts, ["counted", "counted", "counted", "counted", "counted", "review"]);
      await member.reload();
      await member.locator(".ck-standing[data-invites='5']").waitFor();

      await signIn(desk, server.url, ADMIN_TOKEN);
      await desk.goto(server.url + "/admin/p/invite");
      const held = desk.locator(".ck-console-review-item");
      await held.waitFor();
      assert.equal(await held.count(), 1);
      assert.equal(await desk.locator(`.ck-console-leaders [data-code="${code}"] [data-metric="invites"]`).innerText(), "5");
      assert.deepEqual(await seriousViolations(desk), []);
      await screenshot(desk, "console-review-1440");
      await held.getByRole("button", { name: "通过" }).click();
      await desk.locator(".ck-console-review-empty, .ck-console-review .ck-console-muted").first().waitFor();
      await eventually(async () =>
        (await desk.locator(`.ck-console-leaders [data-code="${code}"] [data-metric="invites"]`).innerText()) === "6",
      { what: "the leaderboard after approval" });

      // The decision is kept with who made it.
      const listed = await fetch(`${server.url}/api/v1/referrals?page=invite`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      }).then((r) => r.json());
      const decided = listed.visits.filter((v) => v.decided_by);
      assert.equal(decided.length, 1);
      assert.equal(decided[0].decided_by, "admin");
      assert.equal(decided[0].status, "counted");

      // The queue, now empty, on a phone.
      const phone = await phonePage(browser, { bypassCSP: true });
      try {
        await signIn(phone, server.url, ADMIN_TOKEN);
        await phone.goto(server.url + "/admin/p/invite");
        await phone.locator(`.ck-console-leaders [data-code="${code}"]`).waitFor();
        assert.deepEqual(await seriousViolations(phone), []);
        await screenshot(phone, "console-review-360");
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the referral screen is ${overflow}px wider than the phone`);
      } finally {
        await phone.context().close();
      }

      await member.reload();
      await member.locator(".ck-standing[data-invites='6']").waitFor();
      assert.match(await member.locator(".ck-standing-count").innerText(), /已成功邀请 6 位好友/);
      assert.deepEqual(desk.pageErrors, []);
    } finally {
      await member.context().close();
      await desk.context().close();
      await server.stop();
    }
  });

  test("keeps the staff credential to redemption: results and exports are 403", async () => {
    const server = await startConsoleServer();
    const staff = await phonePage(browser);
    try {
      await signIn(staff, server.url, STAFF_TOKEN);
      await staff.locator("#ck-claim-code").waitFor();
      const answers = await staff.evaluate(async () => {
        const status = async (path) => (await fetch(path)).status;
        return {
          submissions: await status("/api/v1/submissions"),
          export: await status("/api/v1/export.csv"),
          overview: await status("/api/v1/admin/overview"),
          session: await status("/admin/session"),
        };
      });
      assert.deepEqual(answers, { submissions: 403, export: 403, overview: 403, session: 200 });
      // Bearer, as a script would: the same.
      for (const path of ["/api/v1/submissions", "/api/v1/export.csv"]) {
        const response = await fetch(server.url + path, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } });
        assert.equal(response.status, 403, path);
      }
      // A wrong token signs nobody in, and says so.
      const stranger = await phonePage(browser, { bypassCSP: true });
      try {
        await stranger.goto(server.url + "/admin");
        await stranger.getByLabel("令牌").fill("not-the-token-at-all");
        await stranger.getByRole("button", { name: "登录" }).click();
        await stranger.getByRole("alert").waitFor();
        assert.match(await stranger.getByRole("alert").innerText(), /令牌不正确/);
        assert.deepEqual(await seriousViolations(stranger), []);
        await screenshot(stranger, "console-sign-in-360");
        const cookies = await stranger.context().cookies();
        assert.equal(cookies.filter((c) => c.name === "ck_console").length, 0);
      } finally {
        await stranger.context().close();
      }
      // Sign-in and redemption at a desk too.
      const desk = await deskPage();
      try {
        await desk.goto(server.url + "/admin");
        await desk.getByLabel("令牌").waitFor();
        assert.deepEqual(await seriousViolations(desk), []);
        await screenshot(desk, "console-sign-in-1440");
        // English at a tap, kept across a reload, with the page's language.
        await desk.getByRole("button", { name: "English" }).click();
        await desk.getByLabel("Token").waitFor();
        assert.equal(await desk.evaluate(() => document.documentElement.lang), "en");
        await desk.reload();
        await desk.getByLabel("Token").fill(STAFF_TOKEN);
        await desk.getByRole("button", { name: "Sign in" }).click();
        await desk.locator("#ck-claim-code").waitFor();
        assert.equal(await desk.locator(".ck-console-redeem-screen h1").innerText(), "Redeem a claim code");
        assert.deepEqual(await seriousViolations(desk), []);
        await screenshot(desk, "console-redeem-en-1440");
        await desk.getByRole("button", { name: "中文" }).click();
        await desk.locator(".ck-console-redeem-screen h1", { hasText: "核销兑奖码" }).waitFor();
        assert.equal(await desk.evaluate(() => document.documentElement.lang), "zh-CN");
        await screenshot(desk, "console-redeem-1440");
      } finally {
        await desk.context().close();
      }
      // The session cookie is out of the page's reach.
      const cookie = (await staff.context().cookies()).find((c) => c.name === "ck_console");
      assert.ok(cookie?.httpOnly, "HttpOnly session cookie");
      assert.equal(cookie.sameSite, "Strict");
      assert.equal(await staff.evaluate(() => document.cookie.includes("ck_console")), false);
      assert.equal(await staff.evaluate(() => JSON.stringify(localStorage).includes("token")), false);
    } finally {
      await staff.context().close();
      await server.stop();
    }
  });
});
