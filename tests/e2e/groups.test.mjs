// The group picker as members meet it: located in Shenzhen, refusing location,
// too far from any group, and arriving after a group has filled up.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  campaignFile,
  decodeQr,
  demoConfig,
  eventually,
  launchBrowser,
  phonePage,
  savePng,
  screenshot,
  startServer,
} from "./support.mjs";

// WGS-84, as a phone's GPS reports it: Futian, Shenzhen, by the civic centre.
const FUTIAN = { latitude: 22.5436, longitude: 114.0542 };
const LHASA = { latitude: 29.652, longitude: 91.172 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function assignments(server) {
  return (await server.submissions("city-group")).map((row) => row.payload);
}

async function useLocation(page) {
  await page.getByRole("button", { name: "用我的位置匹配社群" }).click();
}

describe("group picker", () => {
  test("a member in Shenzhen gets the Shenzhen group, recorded once", async () => {
    const server = await startServer();
    const page = await phonePage(browser, { geolocation: FUTIAN });
    try {
      await page.goto(server.url + "/p/city-group");
      await page.locator("[data-step=intro]").waitFor();
      // The privacy sentence comes before anything is asked.
      assert.match(await page.locator(".ck-privacy").innerText(), /不会上传/);
      await screenshot(page, "groups-intro");
      await useLocation(page);
      const card = page.locator(".ck-group-card");
      await card.waitFor();
      assert.equal(await card.getAttribute("data-group"), "sz-futian-1");
      assert.equal(await card.locator("h2").innerText(), "招行深圳福田 1 群");
      assert.match(await card.innerText(), /根据你的位置匹配/);
      // A crisp code: drawn as a PNG with whole device pixels per module.
      const qr = card.locator("img.ck-qr");
      await eventually(() => qr.evaluate((img) => img.complete && img.naturalWidth >= 480), { what: "QR image" });
      assert.match(await qr.getAttribute("src"), /^data:image\/png;base64,/);
      assert.equal(await qr.getAttribute("alt"), "「招行深圳福田 1 群」入群二维码");
      const { file } = savePng(await qr.getAttribute("src"), "groups-card-qr.png");
      assert.deepEqual(decodeQr(file), ["https://work.weixin.qq.com/gm/cmb-demo-sz-futian-1"]);
      await screenshot(page, "groups-card-located");

      await eventually(async () => (await assignments(server)).length === 1, { what: "the assignment" });
      // Only the group and the method leave the phone: no coordinates.
      assert.deepEqual(await assignments(server), [{ group: "sz-futian-1", method: "location" }]);

      // A second visit shows the same group without asking or sending again.
      await page.reload();
      await page.locator(".ck-group-card[data-group=sz-futian-1]").waitFor();
      await page.waitForTimeout(1500);
      assert.equal((await assignments(server)).length, 1);
      const fill = await (await fetch(server.url + "/api/v1/pages/city-group/fill")).json();
      assert.deepEqual(fill, { fill: { "sz-futian-1": 1 } });
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("refusing location leads to the manual picker", async () => {
    const server = await startServer();
    const page = await phonePage(browser);
    try {
      await page.goto(server.url + "/p/city-group");
      await useLocation(page);
      const failed = page.locator(".ck-locate-failed");
      await failed.waitFor();
      assert.equal(await failed.getAttribute("data-reason"), "denied");
      assert.match(await failed.innerText(), /你没有允许获取位置/);
      await screenshot(page, "groups-denied-picker");

      // Province, city, then the area: Shenzhen has a row per district.
      await page.getByRole("button", { name: "广东省" }).click();
      await page.getByRole("button", { name: "深圳市" }).click();
      const rows = page.locator(".ck-area-row");
      assert.equal(await rows.count(), 2);
      await screenshot(page, "groups-picker-city");
      await rows.filter({ hasText: "南山区" }).click();
      const card = page.locator(".ck-group-card");
      await card.waitFor();
      assert.equal(await card.getAttribute("data-group"), "sz-nanshan-1");
      assert.match(await card.innerText(), /你选择的地区/);
      await eventually(async () => (await assignments(server)).length === 1, { what: "the assignment" });
      assert.deepEqual(await assignments(server), [{ group: "sz-nanshan-1", method: "manual" }]);

      // Changing one's mind replaces the assignment: the member counts once.
      await page.getByRole("button", { name: "不是你的地区？自己选择" }).click();
      await page.getByLabel("搜索城市、区或群名").fill("杭州");
      await page.locator(".ck-area-row").first().click();
      await page.locator(".ck-group-card[data-group=hz-1]").waitFor();
      await eventually(async () => (await assignments(server)).length === 2, { what: "the second assignment" });
      const fill = await (await fetch(server.url + "/api/v1/pages/city-group/fill")).json();
      assert.deepEqual(fill, { fill: { "hz-1": 1 } });
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("a member far from every group is told so and chooses by hand", async () => {
    const server = await startServer();
    const page = await phonePage(browser, { geolocation: LHASA });
    try {
      await page.goto(server.url + "/p/city-group");
      await useLocation(page);
      const failed = page.locator(".ck-locate-failed");
      await failed.waitFor();
      assert.equal(await failed.getAttribute("data-reason"), "out-of-range");
      assert.match(await failed.innerText(), /80 公里内暂无社群（最近的是四川省 成都市，约 \d+ 公里）/);
      await page.locator(".ck-picker").waitFor();
      await screenshot(page, "groups-out-of-range");
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  test("a full group hands over to the next, and a full area offers the nearest other", async () => {
    const config = demoConfig();
    const picker = config.pages.find((page) => page.id === "city-group");
    for (const group of picker.groups) {
      if (group.id.startsWith("sz-futian")) group.capacity = 1;
    }
    const server = await startServer({ campaign: campaignFile(config) });
    const members = [];
    try {
      for (const expected of ["sz-futian-1", "sz-futian-2"]) {
        const page = await phonePage(browser, { geolocation: FUTIAN });
        members.push(page);
        await page.goto(server.url + "/p/city-group");
        await useLocation(page);
        await page.locator(".ck-group-card").waitFor();
        assert.equal(await page.locator(".ck-group-card").getAttribute("data-group"), expected);
        await eventually(async () => (await assignments(server)).some((row) => row.group === expected), {
          what: `${expected} recorded`,
        });
      }
      await screenshot(members[1], "groups-card-handed-over");

      // Both Futian groups are now full: the third member hears so, and is
      // offered the nearest group of another area (Nanshan).
      const third = await phonePage(browser, { geolocation: FUTIAN });
      members.push(third);
      await third.goto(server.url + "/p/city-group");
      await useLocation(third);
      const full = third.locator(".ck-area-full");
      await full.waitFor();
      assert.match(await full.innerText(), /广东省 深圳市 福田区的社群都已满员/);
      await screenshot(third, "groups-area-full");
      await third.getByRole("button", { name: "先加入附近的「招行深圳南山 1 群」" }).click();
      await third.locator(".ck-group-card[data-group=sz-nanshan-1]").waitFor();
      await eventually(async () => (await assignments(server)).length === 3, { what: "three assignments" });
      const methods = (await assignments(server)).map((row) => row.method);
      assert.deepEqual(methods, ["location", "location", "location"]);

      // The picker shows the full area as full.
      await third.getByRole("button", { name: "不是你的地区？自己选择" }).click();
      await third.getByLabel("搜索城市、区或群名").fill("福田");
      assert.match(await third.locator(".ck-area-row").innerText(), /已满/);
      for (const page of members) assert.deepEqual(page.pageErrors, []);
    } finally {
      for (const page of members) await page.context().close();
      await server.stop();
    }
  });
});
