/**
 * Chromium for the studio's browser tests and screenshots: Debian's `chromium` package driven by playwright-core
 * (no browser download), with the flags that work as root on a closed network.
 */
import { execFileSync } from "node:child_process";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where `which chromium` finds it (or CHROMIUM_PATH), or null where there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env["CHROMIUM_PATH"];
  if (configured !== undefined && configured !== "") return configured;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("which", [name], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      if (path !== "") return path;
    } catch {
      // Not installed under this name.
    }
  }
  return null;
}

/**
 * Headless, no sandbox (root), and none of the background traffic (updates, sync, safe browsing) that would try to
 * reach the vendor's hosts. Playwright gives each launch a new empty profile directory.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the Chromium at `executablePath` headless. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/** Types a caller line into the page and waits for the agent's answer to it. */
export async function sayInPage(page: Page, line: string): Promise<void> {
  const before = await page.locator("#chat .line.agent").count();
  await page.fill("#caller-line", line);
  await page.click("#say button");
  await page.locator("#chat .line.agent").nth(before).waitFor();
}

/** Runs a transcript of the replay pane and shows every turn. */
export async function replayInPage(page: Page, name: string): Promise<void> {
  await page.click('[data-tab="replay"]');
  await page.selectOption("#transcript", name);
  await page.click("#replay-run");
  await page.waitForSelector("#replay-controls:not([hidden])");
  await page.click("#replay-all");
}
