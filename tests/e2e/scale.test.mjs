// The database behind the server goes away for five seconds: results sent
// meanwhile wait on the phone and arrive once when it is back. Runs when
// `cargo xtask test` hands it a throwaway PostgreSQL cluster it may stop
// (CK_E2E_POSTGRES, CK_E2E_PG_CTL).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import { answerFinanceSurvey, eventually, launchBrowser, phonePage, screenshot, startServer } from "./support.mjs";

const database = process.env.CK_E2E_POSTGRES;
const pgCtl = process.env.CK_E2E_PG_CTL;
const skip = database && pgCtl ? false : "needs a PostgreSQL cluster it may stop (CK_E2E_POSTGRES, CK_E2E_PG_CTL)";

let browser;

before(async () => {
  if (!skip) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe("when PostgreSQL is briefly unreachable", { skip }, () => {
  test("a result sent meanwhile waits on the phone and is stored once when the database is back", async () => {
    const server = await startServer({ db: database });
    const before = await phonePage(browser);
    const during = await phonePage(browser);
    let down = false;
    try {
      // A result sent while the database is up is stored at once.
      await before.goto(server.url + "/p/finance-survey");
      await answerFinanceSurvey(before);
      await before.locator(".ck-reward-code").waitFor();

      await during.goto(server.url + "/p/finance-survey");
      await during.locator(".ck-survey").waitFor();
      execSync(`${pgCtl} stop -m fast -w`, { stdio: "ignore" });
      down = true;
      const stoppedAt = Date.now();
      await answerFinanceSurvey(during);
      await eventually(async () => (await during.locator("[data-delivery]").getAttribute("data-delivery")) === "waiting", {
        what: "the page to say the result is waiting",
      });
      await screenshot(during, "database-outage-waiting-360x800");
      const answered = await fetch(server.url + "/api/v1/submissions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          id: "7d3e4b1a-0c2f-4e5d-8a9b-1c2d3e4f5a6b",
          campaign_id: "cmb-city-community",
          page_id: "city-group",
          page_kind: "group_picker",
          visitor_id: "e2e-outage-probe",
          client_ts: Date.now(),
          payload: { group: "sz-futian-1", method: "manual" },
        }),
      });
      assert.equal(answered.status, 503, "the server says to come back, not that it failed");
      assert.ok(Number(answered.headers.get("retry-after")) > 0);
      assert.equal((await answered.json()).error.code, "unavailable");

      await new Promise((done) => setTimeout(done, Math.max(0, 5000 - (Date.now() - stoppedAt))));
      execSync(`${pgCtl} start -w -t 60`, { stdio: "ignore" });
      down = false;
      await during.locator(".ck-reward-code").waitFor({ timeout: 40000 });
      await screenshot(during, "database-outage-delivered-360x800");
      const rows = await eventually(async () => {
        const stored = await server.submissions("finance-survey");
        return stored.length === 2 && stored;
      }, { what: "both results to be stored" });
      await new Promise((done) => setTimeout(done, 2000));
      assert.equal(rows.length, 2);
      assert.equal((await server.submissions("finance-survey")).length, 2, "each stored once");
      assert.deepEqual(before.pageErrors, []);
      assert.deepEqual(during.pageErrors, []);
    } finally {
      if (down) execSync(`${pgCtl} start -w -t 60`, { stdio: "ignore" });
      await before.context().close();
      await during.context().close();
      await server.stop();
    }
  });
});
