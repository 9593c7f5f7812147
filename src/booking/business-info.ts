import type { DateTime } from "luxon";
import type { ArgsOf } from "../../tools/index.ts";
import { openingRanges } from "../calendar/grid.ts";
import { dayBounds } from "../time/instant.ts";
import { readRequest } from "./requested.ts";
import { matchService } from "./service-match.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { BusinessInfoResult, BusinessTopic, DayHours } from "./types.ts";

/** Arguments of `business_info`, as its schema (tools/business-info.ts) parses them. */
export type BusinessInfoArgs = ArgsOf<"business_info">;

/** At most one week of days is read out for one question ("nächste Woche" is seven days). */
const MAX_DAYS = 7;

/** A date's opening hours as instants. */
function hoursOn(session: BookingSession, day: DateTime): DayHours {
  return {
    date: day.toISODate() ?? "",
    ranges: openingRanges(session.business, day).map((r) => ({
      from: r.open.toISO() ?? "",
      to: r.close.toISO() ?? "",
    })),
  };
}

/** The week Monday to Sunday, days with the same hours grouped (first day's order), and the closed days. */
function weekHours(session: BookingSession) {
  const monday = session.now().startOf("week");
  const week = Array.from({ length: 7 }, (_, i) => hoursOn(session, monday.plus({ days: i })));
  const key = (d: DayHours) => d.ranges.map((r) => `${r.from.slice(11, 16)}-${r.to.slice(11, 16)}`).join(",");
  const groups = new Map<string, { dates: string[]; ranges: DayHours["ranges"] }>();
  for (const day of week.filter((d) => d.ranges.length > 0)) {
    const group = groups.get(key(day));
    if (group === undefined) groups.set(key(day), { dates: [day.date], ranges: day.ranges });
    else group.dates.push(day.date);
  }
  return { open: [...groups.values()], closed: week.filter((d) => d.ranges.length === 0).map((d) => d.date) };
}

/**
 * `business_info`: facts about the business, answered only from its profile through the `business-*` templates.
 * A fact the profile does not carry (no address, no price for a service) is said to be unavailable on the phone,
 * never guessed; opening hours are the profile's regular hours, not free slots.
 */
export async function businessInfo(
  args: BusinessInfoArgs,
  session: BookingSession,
): Promise<BusinessInfoResult> {
  const profile = session.business;
  const info = (topic: BusinessTopic, known: boolean, say: string): BusinessInfoResult => ({
    status: "info",
    topic,
    known,
    say,
  });
  switch (args.topic) {
    case "hours":
      return info("hours", true, session.say("business-hours", weekHours(session)));
    case "day_hours": {
      if (args.day === null || args.day.trim() === "")
        return info("hours", true, session.say("business-hours", weekHours(session)));
      const now = session.now();
      const { requested } = readRequest(args.day, null, now, session.zone, null);
      const span =
        requested.days ?? (requested.date === null ? null : { from: requested.date, to: requested.date });
      if (span === null)
        return {
          status: "need_input",
          missing: ["day"],
          say: session.say("business-day-hours", { days: [] }),
        };
      const first = dayBounds(span.from, session.zone).start;
      const days: DayHours[] = [];
      for (
        let day = first;
        (day.toISODate() ?? "") <= span.to && days.length < MAX_DAYS;
        day = day.plus({ days: 1 })
      )
        days.push(hoursOn(session, day));
      // Today after the last closing: the hours are true, and so is "jetzt haben wir schon geschlossen".
      const over = (d: DayHours) =>
        d.date === now.toISODate() &&
        d.ranges.length > 0 &&
        d.ranges.every((r) => instantKey(r.to) <= now.toMillis());
      const said = days.map((d) => ({ ...d, over: over(d) }));
      return info("day_hours", true, session.say("business-day-hours", { days: said }));
    }
    case "address":
      return info(
        "address",
        profile.address !== undefined,
        session.say("business-address", { address: profile.address ?? null }),
      );
    case "payment":
      return info(
        "payment",
        (profile.payment ?? []).length > 0,
        session.say("business-payment", { payment: profile.payment ?? [] }),
      );
    case "services":
      return info(
        "services",
        true,
        session.say("business-services", {
          services: profile.services.map((s) => ({ name: s.name, minutes: s.minutes })),
        }),
      );
    case "prices": {
      const match =
        args.service === null || args.service.trim() === "" ? null : matchService(args.service, profile);
      const asked = match?.service ?? null;
      const among =
        asked !== null
          ? [asked]
          : match !== null && match.options.length > 0
            ? match.options
            : profile.services;
      const priced = among
        .filter((s) => s.price !== undefined)
        .map((s) => ({ name: s.name, price: s.price ?? "" }));
      const unpriced = among.filter((s) => s.price === undefined).map((s) => s.name);
      const data = {
        asked: asked === null ? null : { name: asked.name, price: asked.price ?? null },
        unknown: match !== null && asked === null && match.options.length === 0,
        priced,
        unpriced,
      };
      return info("prices", unpriced.length === 0, session.say("business-prices", data));
    }
  }
}
