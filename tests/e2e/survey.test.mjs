// The survey page, end to end: real Chromium at phone size against the real
// server, answers checked, drafts kept, rewards handed out, accessibility audited.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  seriousViolations,
  SurveyForm,
  allowPreviewOrigins,
  demoConfig,
  eventually,
  hydrated,
  launchBrowser,
  phonePage,
  screenshot,
  startServer,
} from "./support.mjs";

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

describe("finance survey", () => {
  test("refuses an invalid answer, keeps a draft across a reload, and hands out a reward code once", async () => {
    const page = await phonePage(browser);
    const survey = new SurveyForm(page);
    await page.goto(server.url + "/p/finance-survey");
    await page.locator(".ck-survey").waitFor();
    assert.equal(await page.locator(".ck-progress-label").textContent(), "第 1 / 2 部分");

    // Nothing answered: the required question says so, and focus goes to it.
    await survey.next();
    assert.equal(await page.locator(".ck-error-summary").textContent(), "还有 1 道题需要修改");
    assert.equal((await survey.problems()).length, 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "q-interests");

    // An invalid answer (a fraction where whole yuan are asked), then a valid one.
    await survey.choose("interests", "基金");
    await survey.choose("interests", "黄金");
    await survey.fill("monthly_budget", "12.5");
    await survey.next();
    const [problem] = await survey.problems();
    assert.match(problem, /整数/);
    await screenshot(page, "survey-invalid-360x800");
    await survey.fill("monthly_budget", "3000");
    await survey.next();
    assert.equal(await page.locator(".ck-progress-label").textContent(), "第 2 / 2 部分");

    // A reload midway restores the draft where it was. The server's first
    // screen is the form's first part, so the draft shows once hydrated.
    await page.reload();
    await hydrated(page);
    assert.equal(await page.locator(".ck-progress-label").textContent(), "第 2 / 2 部分");
    assert.equal(await page.locator(".ck-notice-inline").textContent(), "已恢复你上次填写的内容。");

    await survey.choose("offer_frequency", "每周");
    await survey.choose("contact", "企业微信");
    await survey.fill("postcode", "1234");
    await survey.submit();
    assert.match((await survey.problems())[0], /邮编/);
    await survey.fill("postcode", "200120");
    await screenshot(page, "survey-section-2-360x800");
    await survey.submit();

    const code = await page.locator(".ck-reward-code").textContent({ timeout: 15000 });
    assert.match(code, /^JDQ-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.equal(await page.locator(".ck-reward-message").textContent(), "问卷完成！理财券包已发放，请在「我的-优惠券」查看。");
    await screenshot(page, "survey-reward-360x800");

    const stored = await server.submissions("finance-survey");
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].payload.answers, {
      contact: { single: { value: "wecom" } },
      interests: { multiple: { values: ["fund", "gold"] } },
      monthly_budget: { number: 3000 },
      offer_frequency: { single: { value: "weekly" } },
      postcode: { text: "200120" },
    });

    // Coming back shows the same reward, not the form again.
    await page.reload();
    assert.equal(await page.locator(".ck-reward-code").textContent(), code);
    assert.equal(await page.locator(".ck-survey").count(), 0);
    assert.equal((await server.submissions("finance-survey")).length, 1);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
});

describe("member survey", () => {
  test("every kind of control works, follow-ups appear, consent is required, and no serious accessibility problem", async () => {
    const page = await phonePage(browser, { bypassCSP: true });
    const survey = new SurveyForm(page);
    await page.goto(server.url + "/p/member-survey");
    await page.locator(".ck-survey").waitFor();
    await screenshot(page, "member-survey-1-360x800");
    assert.deepEqual(await seriousViolations(page), []);

    await survey.choose("channel", "其他");
    await survey.question("channel").locator(".ck-other-input").fill("抖音直播");
    await survey.select("tenure", "1 年以上");
    await survey.next();

    await survey.choose("activities", "线下沙龙");
    await survey.choose("activities", "抽奖");
    await survey.scale("satisfaction", 3); // the fourth star
    await survey.scale("recommend", 9);
    await screenshot(page, "member-survey-2-360x800");
    await survey.next();

    // Chose the offline salon, so the survey asks which city.
    assert.equal(await survey.question("salon_city").count(), 1);
    await survey.next();
    assert.equal((await survey.problems()).length, 1);
    await survey.fill("salon_city", "深圳");
    await survey.fill("wish", "希望多办亲子理财活动");
    await survey.next();

    await survey.fill("mobile", "+86 138-0013-8000");
    await survey.submit();
    assert.match((await survey.problems())[0], /同意/);
    assert.deepEqual(await seriousViolations(page), [], "errors are announced and linked to their fields");
    await screenshot(page, "member-survey-consent-360x800");
    await survey.question("mobile").locator(".ck-consent").click();
    await survey.submit();

    await page.locator(".ck-done").waitFor({ timeout: 15000 });
    assert.equal(await page.locator(".ck-reward-message").textContent(), "感谢参与！社群专属积分已发放到你的账户。");
    const stored = await eventually(async () => {
      const rows = await server.submissions("member-survey");
      return rows.length === 1 && rows;
    }, { what: "the member survey to be stored" });
    const answers = stored[0].payload.answers;
    assert.deepEqual(answers.channel, { single: { value: "__other", other: "抖音直播" } });
    assert.deepEqual(answers.satisfaction, { rating: 4 });
    assert.deepEqual(answers.recommend, { nps: 9 });
    assert.deepEqual(answers.salon_city, { text: "深圳" });
    assert.deepEqual(answers.mobile, { mobile: { number: "13800138000", consent: true } });
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
});

describe("previewing another config", () => {
  test("a survey page this server does not know renders from ?c=", async () => {
    const page = await phonePage(browser);
    const config = demoConfig();
    const survey = config.pages.find((candidate) => candidate.id === "finance-survey");
    config.pages = [{ ...survey, id: "preview-survey", title: "预览中的问卷" }];
    await page.route((url) => url.pathname === "/preview.json", (route) =>
      route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }),
    );
    // A page shows another config only for a site that lists it for previews.
    await allowPreviewOrigins(page, server.url, [server.url]);
    let loads = 0;
    page.on("load", () => loads++);
    await page.goto(server.url + "/p/preview-survey?c=/preview.json");
    await page.locator(".ck-survey").waitFor();
    assert.equal(await page.locator("h1").textContent(), "预览中的问卷");
    await page.waitForTimeout(500);
    assert.equal(loads, 1, "the page loaded once, without reloading itself");
    await page.context().close();
  });
});
