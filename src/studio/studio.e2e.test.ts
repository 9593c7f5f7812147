/**
 * The studio in a real browser (Debian's Chromium through playwright-core): a booking made through the page shows
 * in the calendar pane; the reference call replays with every check green; a template broken in a copy while the
 * studio runs turns the replay's invariant red, with its message. One browser for the file; each test its own
 * studio on a free port.
 *
 * With STUDIO_SCREENSHOTS=DIR set, the booking and the failing replay are also saved as PNGs in DIR (the ones in
 * docs/ come from `STUDIO_SCREENSHOTS=docs npx vitest run src/studio/studio.e2e.test.ts`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { studioOptions } from "./__fixtures__/options.ts";
import { findChromium, launchChromium, replayInPage, sayInPage } from "./browser-for-tests.ts";
import { type RunningStudio, type StudioOptions, startStudio } from "./server.ts";

const chromium = findChromium();
const shots = process.env["STUDIO_SCREENSHOTS"];

const title =
  chromium === null
    ? "termin studio in Chromium: skipped, no chromium on PATH (apt-get install chromium)"
    : "termin studio in Chromium";

describe.skipIf(chromium === null)(title, () => {
  let browser: Browser;
  let studio: RunningStudio | null = null;
  let page: Page;
  const failures: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromium ?? "");
  });
  afterAll(async () => {
    await studio?.close();
    await browser?.close();
  });

  async function open(options: StudioOptions): Promise<void> {
    // The last test's page first: a request of it still running when its studio closed failed in that page
    // ("Failed to fetch"), and was counted against this test.
    if (studio !== null) await page.close();
    await studio?.close();
    failures.length = 0;
    studio = await startStudio(options, { port: 0 });
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on("pageerror", (error) => failures.push(error.message));
    await page.goto(studio.url);
    await page.waitForSelector("body[data-ready]");
  }

  it("a booking made through the chat appears in the calendar pane, with its hold before", async () => {
    await open(studioOptions());
    await sayInPage(page, "Ich hätte gern einen Herrenhaarschnitt.");
    await sayInPage(page, "Morgen um zehn?");
    const sunday = page.locator('.day[data-date="2025-10-26"]');
    await expect.poll(() => sunday.locator(".block.offer").allTextContents()).toEqual(["S1 10:00"]);
    await sayInPage(page, "Ja, gerne.");
    // Held for five minutes of the call's clock, which runs on from 20:17:50.
    await expect
      .poll(() => sunday.locator(".block.hold").textContent())
      .toMatch(/^held S1 until 20:2[2-9]:\d\d$/);
    if (shots !== undefined) await page.screenshot({ path: join(shots, "studio-booking.png") });
    await sayInPage(page, "Hans Schuster.");
    await expect
      .poll(() => sunday.locator(".block.booking.mine").allTextContents())
      .toEqual(["10:00 Hans Schuster · Herrenhaarschnitt"]);
    expect(await sunday.locator(".block.hold").count()).toBe(0);
    expect(await page.locator("#chat .line.agent").last().textContent()).toContain("ist gebucht");
    // The trace pane has the booking's tool call and its calendar request.
    const summaries = await page.locator("#events summary").allTextContents();
    expect(summaries.some((s) => s.includes("tool book_appointment → booked"))).toBe(true);
    expect(summaries.some((s) => /calendar book .*→ ok/.test(s))).toBe(true);
    // A new call on the same calendar: the booking stays, now someone else's, without a name.
    await page.click("#new-call");
    await expect.poll(() => sunday.locator(".block.booking").allTextContents()).toEqual(["10:00 taken"]);
    expect(failures).toEqual([]);
  });

  it("the reference call replays turn by turn with every check green", async () => {
    await open(studioOptions());
    await page.click('[data-tab="replay"]');
    await page.selectOption("#transcript", "hans-schuster");
    await page.click("#replay-run");
    await page.waitForSelector("#replay-controls:not([hidden])");
    await page.click("#replay-step");
    expect(await page.locator("#replay-turns li").count()).toBe(1);
    await page.click("#replay-all");
    expect(await page.locator("#replay-turns li").count()).toBe(9);
    expect(await page.locator(".check.ok").count()).toBeGreaterThan(40);
    expect(await page.locator(".check.fail").count()).toBe(0);
    expect(await page.locator("#verdict").textContent()).toMatch(/^PASS: all \d+ checks hold$/);
    expect(failures).toEqual([]);
  });

  it("a template broken in a copy while the studio runs shows as the failing invariant", async () => {
    const dir = mkdtempSync(join(tmpdir(), "studio-templates-"));
    try {
      cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
      await open(studioOptions({ templatesDir: dir, watch: [dir], base: dir }));
      await replayInPage(page, "hans-schuster");
      expect(await page.locator(".check.fail").count()).toBe(0);
      // The conflict answer no longer offers the alternatives (invariant 4), and nothing else changes.
      const file = join(dir, "slot-taken.hbs");
      const broken = readFileSync(file, "utf8").replace(
        "{{> alternatives-list day=chosen instead=true}}",
        "Was kann ich sonst für Sie tun?",
      );
      writeFileSync(file, broken);
      await page.waitForSelector("#files:not([hidden])");
      expect(await page.locator("#files-text").textContent()).toContain("slot-taken.hbs");
      await page.click("#replay-run");
      await page.waitForSelector("#replay-controls:not([hidden])");
      await page.click("#replay-all");
      expect(await page.locator(".check.fail").allTextContents()).toEqual(["✗ invariant 4"]);
      expect(await page.locator('[data-turn="6"] .failure').textContent()).toBe(
        "invariant 4: after the booking conflict the reply offers none of the new alternatives",
      );
      expect(await page.locator("#verdict").textContent()).toMatch(/^FAIL: 1 of \d+ checks failed$/);
      if (shots !== undefined) {
        await page.locator('[data-turn="6"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, "studio-replay-failing.png") });
      }
      expect(failures).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
