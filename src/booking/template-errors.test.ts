/**
 * A typo in a response template is a ConfigError that says what to fix: the template file, the helper call as
 * written, the field that is missing and where (the partial and line when it is in a partial).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { responsesIn, tempFolders } from "../temp-for-tests.ts";
import { createRenderer } from "./templates.ts";

const ctx = { zone: "Europe/Berlin", now: "2025-10-25T20:17:50+02:00" };
const slot = { start: "2025-10-26T07:30:00.000Z", end: "2025-10-26T08:00:00.000Z" };

const tempDir = tempFolders("template-errors");

/** A copy of the shipped templates with `file` replaced by `text` (and more files by `others`). */
function withTemplate(file: string, text: string, others: Record<string, string> = {}): string {
  return responsesIn(tempDir(), { [file]: text, ...others });
}

describe("a template typo names the field, the file and the line", () => {
  it("{{#if}} on a misspelt field", () => {
    const dir = withTemplate(
      "held.hbs",
      "Ich halte Ihnen den Termin {{onSlot slot}} frei.\n{{#if callr}}x{{/if}}",
    );
    const render = () => createRenderer({ ...ctx, dir }).render("held", { slot, caller: null });
    expect(render).toThrow(ConfigError);
    expect(render).toThrow(
      `response template ${join(dir, "held.hbs")} failed: {{#if callr}} (held.hbs, line 2): the field "callr" is missing from the data`,
    );
  });

  it("{{#each}} and {{#unless}} on a misspelt field", () => {
    const each = withTemplate("business-services.hbs", "Wir bieten an: {{#each servics}}{{name}}{{/each}}.");
    expect(() => createRenderer({ ...ctx, dir: each }).render("business-services", { services: [] })).toThrow(
      /\{\{#each servics\}\} \(business-services\.hbs, line 1\): the field "servics" is missing/,
    );
    const unless = withTemplate("held.hbs", "{{#unless unverifed}}x{{/unless}}");
    expect(() => createRenderer({ ...ctx, dir: unless }).render("held", { unverified: false })).toThrow(
      /\{\{#unless unverifed\}\} \(held\.hbs, line 1\): the field "unverifed" is missing/,
    );
  });

  it("a typo in a partial names the partial and its line, and the template that used it", () => {
    const dir = withTemplate(
      "partials/alternatives-list.hbs",
      "{{!-- a comment --}}\n\n{{#if alternativs.length}}x{{/if}}",
      { "closed-day.hbs": "{{> alternatives-list day=null instead=true}}" },
    );
    const render = () => createRenderer({ ...ctx, dir }).render("closed-day", { alternatives: [] });
    expect(render).toThrow(ConfigError);
    expect(render).toThrow(
      `response template ${join(dir, "closed-day.hbs")} failed: alternativs.length (partials/alternatives-list.hbs, line 3): the field "alternativs" is missing from the data`,
    );
  });

  it("a printed path names its first missing part, or the part that is null", () => {
    const held = (text: string, data: Record<string, unknown>) => () =>
      createRenderer({ ...ctx, dir: withTemplate("held.hbs", text) }).render("held", data);
    expect(held("Auf {{caller.nmae}}?", { caller: { name: "Hans" } })).toThrow(
      'caller.nmae (held.hbs, line 1): the field "caller.nmae" is missing from the data',
    );
    expect(held("Auf {{callr.name}}?", { caller: { name: "Hans" } })).toThrow(
      'callr.name (held.hbs, line 1): the field "callr" is missing from the data',
    );
    expect(held("Auf {{caller.name}}?", { caller: null })).toThrow(
      'caller.name (held.hbs, line 1): "caller" is null, so it has no "name"',
    );
    expect(held("Auf {{caller.name}}?", { caller: { name: "Hans" } })()).toBe("Auf Hans?");
  });

  it("a kit helper given a misspelt field names it", () => {
    const dir = withTemplate("held.hbs", "Ich halte Ihnen den Termin {{onSlot slott}} frei.");
    expect(() => createRenderer({ ...ctx, dir }).render("held", { slot })).toThrow(
      `response template ${join(dir, "held.hbs")} failed: {{onSlot slott}} (held.hbs, line 1): argument 1, "slott", is missing from the data`,
    );
  });
});
