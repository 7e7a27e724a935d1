// JD Finance's course funnel end to end, on a 360x800 phone: three people sign
// up (the second takes the last seat of 第 12 期, the third is placed in 第 13
// 期); the first signs in from Shenzhen on day one and shows on the wall's 广东
// count, checks in on days 1 to 6 (the server's clock moved with
// --clock-start, the page reloaded each day), graduates, and gets a
// certificate PNG whose QR code invites a friend to the next intake with their
// own code; a second check-in on the same day is refused with a sentence.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  ROOT,
  SurveyForm,
  campaignFile,
  decodeQr,
  eventually,
  freePort,
  launchBrowser,
  phonePage,
  savePng,
  screenshot,
  startServer,
} from "./support.mjs";

const SECRET = "e2e-course-secret-of-at-least-32-bytes!";
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
const ADVISOR_QR = "https://work.weixin.qq.com/ca/cawcde5f1a9c0b2d7e";

/** `YYYY-MM-DD` of a moment in Beijing. */
const beijingDate = (ms) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
/** Midnight of a Beijing date, in Unix ms. */
const beijingMidnight = (date) => Date.parse(`${date}T00:00:00+08:00`);

/** The JD example with dates around today: sign-up closes in two days, 第 12
 * 期 (two seats) starts in three, 第 13 期 a week later. Tokens are `signed`. */
function courseConfig() {
  const config = JSON.parse(readFileSync(join(ROOT, "static/campaigns/jd-course.json"), "utf8"));
  config.identity = "signed";
  const course = config.pages.find((page) => page.kind === "course");
  const today = beijingMidnight(beijingDate(Date.now()));
  course.closes_at = new Date(today + 2 * DAY_MS + 22 * 3_600_000).toISOString();
  const [c12, c13] = course.cohorts;
  c12.capacity = 2;
  c12.starts_on = beijingDate(today + 3 * DAY_MS);
  c13.starts_on = beijingDate(today + 10 * DAY_MS);
  course.next_step.ends_at = new Date(today + 40 * DAY_MS).toISOString();
  return config;
}

/** A visitor token as a host mints it, valid for an hour of `nowMs`. */
function mint(sub, audience, nowMs = Date.now()) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { sub, aud: audience, exp: Math.floor(nowMs / 1000) + 3600 };
  const signed = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${signed}.${createHmac("sha256", SECRET).update(signed).digest("base64url")}`;
}

let browser;
let config;
let file;
let port;
const db = join(ROOT, "target", `e2e-course-${process.pid}.sqlite`);
/** The server of the moment; each course day restarts it with its clock. */
let server;

async function serveAt(clockStart) {
  await server?.stop();
  const args = ["--identity-secret", SECRET];
  if (clockStart) args.push("--clock-start", new Date(clockStart).toISOString());
  server = await startServer({ campaign: file, port, db, args });
  return server;
}

before(async () => {
  browser = await launchBrowser();
  config = courseConfig();
  file = campaignFile(config);
  port = await freePort();
  await serveAt(null);
});
after(async () => {
  await server?.stop();
  await browser?.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
});

/** Opens the course page as `person` and signs them up. */
async function signUp(person, name) {
  const phone = await phonePage(browser);
  await phone.goto(`${server.url}/p/course#vt=${mint(person, config.id)}`);
  await phone.locator(".ck-course[data-phase=open]").waitFor({ timeout: 20000 });
  const form = new SurveyForm(phone);
  await form.fill("name", name);
  await form.fill("mobile", "138 0013 8000");
  await form.question("mobile").locator(".ck-consent").click();
  await form.choose("level", "买过基金，但不太懂");
  await phone.getByRole("button", { name: "免费报名" }).click();
  await phone.locator(".ck-course[data-phase=signed-up]").waitFor({ timeout: 15000 });
  return phone;
}

describe("the JD course funnel", () => {
  test("sign-up, hand-over, hometown wall, six check-ins, a certificate, and a refused second check-in", async () => {
    const [c12, c13] = config.pages[0].cohorts;
    // 1. Ann signs up: the countdown runs, and the advisor's QR code decodes.
    const ann = await phonePage(browser);
    await ann.goto(`${server.url}/p/course#vt=${mint("ann", config.id)}`);
    await ann.locator(".ck-course[data-phase=open]").waitFor({ timeout: 20000 });
    const countdown = ann.locator(".ck-course-countdown");
    const first = await countdown.innerText();
    await eventually(async () => (await countdown.innerText()) !== first, { what: "the countdown ticking" });
    assert.equal(await ann.locator(".ck-course-remaining").innerText(), "仅剩 2 个名额");
    assert.match(await ann.locator(".ck-course").innerText(), /林知远/);
    await screenshot(ann, "course-sign-up-360x800");
    await ann.close();

    const annPlaced = await signUp("ann", "安妮");
    const placed = annPlaced.locator(".ck-course-placed");
    assert.equal(await placed.getAttribute("data-cohort"), "c12");
    assert.match(await placed.innerText(), new RegExp(c12.class_group.name));
    const qr = annPlaced.locator(".ck-advisor-contact img.ck-qr");
    await eventually(() => qr.evaluate((img) => img.complete && img.naturalWidth > 0), { what: "advisor QR" });
    assert.match(await annPlaced.locator(".ck-advisor-contact").innerText(), /长按识别二维码添加导师企业微信/);
    const { file: qrFile } = savePng(await qr.getAttribute("src"), "course-advisor-qr.png");
    assert.deepEqual(decodeQr(qrFile), [ADVISOR_QR]);
    await screenshot(annPlaced, "course-signed-up-360x800");
    await annPlaced.close();

    // 2. Bob takes the last seat of 第 12 期; 3. Cathy is placed in 第 13 期.
    const bob = await signUp("bob", "鲍勃");
    assert.equal(await bob.locator(".ck-course-placed").getAttribute("data-cohort"), "c12");
    await bob.close();
    const cathy = await signUp("cathy", "凯西");
    assert.equal(await cathy.locator(".ck-course-placed").getAttribute("data-cohort"), "c13");
    assert.match(await cathy.locator(".ck-course-placed").innerText(), new RegExp(c13.class_group.name));
    await cathy.close();

    // 4. Day one of 第 12 期, 10:00 in Beijing: Ann signs in from Shenzhen.
    const dayOne = beijingMidnight(c12.starts_on) + 10 * 3_600_000;
    const phone = await phonePage(browser);
    const openCheckin = async (day) => {
      const now = dayOne + (day - 1) * DAY_MS;
      await serveAt(now);
      // A new day is a new visit: the page loads again (a change of the hash
      // alone would not), with a token minted on the server's clock.
      await phone.goto("about:blank");
      await phone.goto(`${server.url}/p/checkin#vt=${mint("ann", config.id, now)}`);
      await phone.locator(`.ck-checkin[data-phase=ready][data-today="${day}"]`).waitFor({ timeout: 20000 });
    };
    await openCheckin(1);
    const hometown = phone.locator(".ck-hometown");
    await hometown.locator("select[name=province]").selectOption("广东省");
    await hometown.locator("input[name=city]").fill("深圳市");
    await hometown.locator("[name=line]").fill("深圳的朋友们好！");
    await hometown.getByRole("button", { name: "签到" }).click();
    const guangdong = phone.locator('.ck-wall-province[data-province="广东省"]');
    await eventually(async () => (await guangdong.getAttribute("data-count")) === "1", { what: "广东 on the wall" });
    assert.equal(await phone.locator(".ck-wall").getAttribute("data-total"), "1");
    assert.match(await phone.locator(".ck-wall-line").first().innerText(), /深圳的朋友们好！/);
    await eventually(async () => (await phone.locator(".ck-progress").getAttribute("data-total")) === "1", { what: "day 1 counted" });
    await screenshot(phone, "checkin-wall-360x800");

    // 5. Days 2 to 6, each on its day.
    for (let day = 2; day <= 6; day += 1) {
      await openCheckin(day);
      await phone.locator(".ck-checkin-today").getByRole("button", { name: "打卡" }).click();
      const progress = phone.locator(".ck-progress");
      await eventually(async () => (await progress.getAttribute("data-total")) === String(day), { what: `day ${day} counted` });
      assert.equal(await progress.getAttribute("data-streak"), String(day));
      assert.equal(await phone.locator(`.ck-strip [data-day="${day}"]`).getAttribute("data-state"), "done");
      if (day === 3) await screenshot(phone, "checkin-day-3-360x800");
    }

    // 6. The server says Ann graduates; her certificate's QR code invites a
    // friend to the next intake with her own code.
    await phone.locator(".ck-graduation").waitFor({ timeout: 15000 });
    assert.match(await phone.locator(".ck-graduation").innerText(), /我毕业啦！/);
    const poster = phone.locator(".ck-poster[data-poster=ready] img");
    await poster.waitFor({ timeout: 20000 });
    const now = dayOne + 5 * DAY_MS;
    const token = mint("ann", config.id, now);
    const eligibility = await (
      await fetch(`${server.url}/api/v1/checkins/checkin/certificate?visitor=v-e2e-0001`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json();
    assert.equal(eligibility.eligible, true);
    const code = eligibility.certificate.referral_code;
    assert.match(code, /^[0-9A-Z]{8}$/);
    const src = await poster.getAttribute("src");
    assert.match(src, /^data:image\/png;base64,/);
    const { file: certificate } = savePng(src, "checkin-certificate.png");
    assert.deepEqual(decodeQr(certificate), [`${config.pages[0].next_intake.link}?ref=${code}`]);
    await screenshot(phone, "checkin-certificate-360x800");

    // 7. Another check-in on day 6 is refused with a sentence, and the page
    // does not offer one.
    assert.equal(await phone.locator(".ck-checkin-today button", { hasText: "打卡" }).count(), 0);
    const refused = await fetch(`${server.url}/api/v1/submissions`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8", Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: "0d3c2b1a-4f5e-4a6b-8c7d-9e0f1a2b3c4d",
        campaign_id: config.id,
        page_id: "checkin",
        page_kind: "checkin",
        visitor_id: "v-e2e-0001",
        client_ts: now,
        payload: { day: 6 },
      }),
    });
    assert.equal(refused.status, 409);
    const body = await refused.json();
    assert.equal(body.error.code, "already_checked_in");
    assert.equal(body.error.message, "今天已经打过卡了，明天再来吧");
    await phone.close();
  });
});
