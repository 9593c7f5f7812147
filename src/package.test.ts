/**
 * The package as a user gets it: `npm pack`, unpacked into a scratch project's node_modules (its dependencies linked
 * from this checkout's, as npm would lay them out, so no network), then imported by name and its command run. It
 * must work from the built JavaScript alone: no TypeScript sources and no tsx in the package.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { distIsFresh, ROOT } from "./dist-for-tests.ts";

describe("npm pack, install into a scratch project, import and run", () => {
  it("imports the library by name, runs a tool call, and runs the termin command without tsx", () => {
    // A fresh dist/ is packed as it is (`npm ci` builds it through `prepare`): building again is the slowest part.
    if (!distIsFresh()) execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "pipe" });
    const scratch = mkdtempSync(join(tmpdir(), "termin-pack-"));
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("prompts/agent.de.hbs");
    // The studio's page is copied beside its built server; the package has no src/.
    expect(files).toContain("dist/src/studio/page/index.html");
    expect(files.filter((f) => f.startsWith("src/"))).toEqual([]);
    // The user docs go with the package; their screenshots stay in the repository.
    expect(files).toContain("docs/transcripts.md");
    expect(files.filter((f) => f.endsWith(".png"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);

    const target = join(scratch, "node_modules", "termin-kit");
    mkdirSync(target, { recursive: true });
    execFileSync("tar", [
      "-xzf",
      join(scratch, packed[0]?.filename ?? ""),
      "-C",
      target,
      "--strip-components=1",
    ]);
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
    for (const dep of Object.keys(manifest.dependencies)) {
      const link = join(scratch, "node_modules", dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", dep), link, "dir");
    }
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", type: "module" }));
    writeFileSync(
      join(scratch, "run.mjs"),
      `import { BookingSession, CalendarSimulator, TOOLS, loadBusinessProfile, manualClock, runTool } from "termin-kit";
import { resolve } from "termin-kit/time";
const business = loadBusinessProfile("friseur-1");
const clock = manualClock("2025-10-25T20:17:50+02:00");
const calendar = new CalendarSimulator({ profile: business, clock });
const session = new BookingSession({ callId: "pack", business, callerPhone: "+491701234567", calendar, clock });
const args = { service: "Herrenhaarschnitt", day: "morgen", time: "um zehn", person: null, reschedule_booking_id: null };
const outcome = await runTool(session, "check_availability", JSON.stringify(args));
const day = resolve("übermorgen", { now: "2025-10-25T20:17:50+02:00", zone: business.timezone });
console.log(JSON.stringify({ tools: TOOLS.length, status: outcome.result.status, say: outcome.result.say, day }));
`,
    );
    const out = JSON.parse(execFileSync("node", ["run.mjs"], { cwd: scratch, encoding: "utf8" })) as {
      tools: number;
      status: string;
      say: string;
      day: { date: string };
    };
    expect(out).toMatchObject({ tools: 8, status: "available" });
    expect(out.say).toContain("26. Oktober, um 10:00 Uhr");
    expect(out.day.date).toBe("2025-10-27");

    // The installed command runs the built JavaScript: the package has no src/ and the project no tsx.
    const help = execFileSync("node", [join(target, "bin", "termin.js"), "resolve", "--help"], {
      encoding: "utf8",
    });
    expect(help).toContain("termin resolve");
  }, 120_000);
});
