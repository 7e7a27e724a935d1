// Invitations end to end: member A gets a code and a poster whose QR code says
// exactly A's share link; friend B opens that link in another browser and
// completes the member survey (the demo's invitation goal); A then sees one
// invite and what the next tier needs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  SurveyForm,
  campaignFile,
  decodeQr,
  demoConfig,
  eventually,
  launchBrowser,
  phonePage,
  savePng,
  screenshot,
  startServer,
  startStaticSite,
} from "./support.mjs";

// The invitation poster is drawn when the member asks for it.
async function drawPoster(member) {
  await member.getByRole("button", { name: "生成分享海报" }).click({ timeout: 20000 });
  const poster = member.locator(".ck-poster[data-poster=ready] img");
  await poster.waitFor({ timeout: 20000 });
  return poster;
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("referral posters", () => {
  test("a friend who completes the goal page counts once for the inviter", async () => {
    const server = await startServer();
    const member = await phonePage(browser);
    const friend = await phonePage(browser);
    try {
      await member.goto(server.url + "/p/invite");
      // Nothing is drawn until the member asks.
      await member.getByRole("button", { name: "生成分享海报" }).waitFor({ timeout: 20000 });
      assert.equal(await member.locator(".ck-poster").getAttribute("data-poster"), "idle");
      await screenshot(member, "referral-member-before-poster");
      const poster = await drawPoster(member);
      const code = await member.locator("[data-code]").getAttribute("data-code");
      assert.match(code, /^[0-9A-Z]{8}$/);
      const shareUrl = await member.locator("[data-share-url]").getAttribute("data-share-url");
      assert.equal(shareUrl, `${server.url}/p/member-survey?ref=${code}`);
      assert.equal(await member.locator(".ck-standing").getAttribute("data-invites"), "0");
      assert.match(await member.locator(".ck-next-tier").innerText(), /再邀请 1 位好友，即可解锁「200 积分」/);

      // The exported PNG: 750x1334 CSS pixels at the phone's 2x, with a QR code
      // that a scanner reads as exactly the share link.
      const src = await poster.getAttribute("src");
      assert.match(src, /^data:image\/png;base64,/);
      const { file, png } = savePng(src, "referral-poster.png");
      assert.equal(png.readUInt32BE(16), 1500, "PNG width");
      assert.equal(png.readUInt32BE(20), 2668, "PNG height");
      assert.deepEqual(decodeQr(file), [shareUrl]);
      await screenshot(member, "referral-member-0-invites");

      // The friend opens the link in their own browser and finishes the survey.
      await friend.goto(shareUrl);
      const survey = new SurveyForm(friend);
      await friend.locator(".ck-survey").waitFor();
      await survey.choose("channel", "好友推荐");
      await survey.select("tenure", "不到 1 个月");
      await survey.next();
      await survey.choose("activities", "抽奖");
      await survey.scale("satisfaction", 4);
      await survey.scale("recommend", 10);
      await survey.next();
      await survey.next();
      await survey.fill("mobile", "13800138000");
      await survey.question("mobile").locator(".ck-consent").click();
      await survey.submit();
      await friend.locator(".ck-done").waitFor({ timeout: 15000 });
      const stored = await eventually(async () => {
        const rows = await server.submissions("member-survey");
        return rows.length === 1 && rows;
      }, { what: "the friend's survey" });
      assert.equal(stored[0].referral_code, code);

      // Back on the member's page: one invite, and the next tier's need.
      await member.reload();
      await member.locator(".ck-standing[data-invites='1']").waitFor();
      assert.match(await member.locator(".ck-standing-count").innerText(), /已成功邀请 1 位好友/);
      assert.match(await member.locator(".ck-next-tier").innerText(), /再邀请 2 位好友，即可解锁「10 元立减金」/);
      assert.equal(await member.locator(".ck-tier[data-unlocked=true]").count(), 1);
      await drawPoster(member);
      await screenshot(member, "referral-member-1-invite");

      // The member opening their own link is no new friend.
      await member.goto(shareUrl);
      await member.locator(".ck-survey").waitFor();
      await member.goto(server.url + "/p/invite");
      await member.locator(".ck-standing[data-invites='1']").waitFor();
      assert.deepEqual(member.pageErrors, []);
      assert.deepEqual(friend.pageErrors, []);
    } finally {
      await member.context().close();
      await friend.context().close();
      await server.stop();
    }
  });

  test("inside Android WeChat the poster is uploaded and shown by address, without the image that failed", async () => {
    // An image from a site that sends no CORS headers cannot be drawn into a
    // canvas that must be exported: the poster is drawn without it, and says so.
    const elsewhere = await startStaticSite({});
    const config = demoConfig();
    const invite = config.pages.find((page) => page.id === "invite");
    invite.poster.layers.push({ type: "image", src: `${elsewhere.url}/images/logo.svg`, x: 40, y: 40, width: 80, height: 80 });
    const server = await startServer({ campaign: campaignFile(config) });
    const member = await phonePage(browser, {
      userAgent:
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003252) WeChat/arm64 NetType/WIFI Language/zh_CN",
    });
    try {
      await member.goto(server.url + "/p/invite");
      const poster = await drawPoster(member);
      assert.match(await member.locator(".ck-poster-warning").innerText(), /图片加载失败/);
      const src = await poster.getAttribute("src");
      assert.match(src, /^\/api\/v1\/posters\/[0-9a-f]{32}\.png$/);
      // Long-press is the way in WeChat: no download button there.
      assert.equal(await member.locator(".ck-poster-hint").innerText(), "长按海报保存或发送给朋友");
      assert.equal(await member.getByRole("link", { name: "保存海报" }).count(), 0);
      const uploaded = await fetch(server.url + src);
      assert.equal(uploaded.headers.get("content-type"), "image/png");
      const { file } = savePng(`data:image/png;base64,${Buffer.from(await uploaded.arrayBuffer()).toString("base64")}`, "referral-poster-wechat.png");
      const code = await member.locator("[data-code]").getAttribute("data-code");
      assert.deepEqual(decodeQr(file), [`${server.url}/p/member-survey?ref=${code}`]);
      await screenshot(member, "referral-wechat-android");
      assert.deepEqual(member.pageErrors, []);
    } finally {
      await member.context().close();
      await server.stop();
      await elsewhere.stop();
    }
  });
});
