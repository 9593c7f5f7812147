/** `business_info`: opening hours, address, prices, payment and services, only from the business profile. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Answers a question about the business from its profile; never guesses a fact the profile does not hold. */
export const businessInfo = defineTool({
  name: "business_info",
  description:
    "Answer a question about the business itself: opening hours (all week, or on a day the caller names), the " +
    "address, prices, payment methods, the services offered. ALWAYS call this instead of answering from memory, " +
    "and never invent a price, an address or an opening time. The result's `say` answers from the business " +
    "profile; where the profile has no such fact it says so honestly. Speak `say` as it is. Opening hours are " +
    "not free slots: to offer a time, call check_availability. " +
    'Example caller: "Haben Sie am Samstag offen?" -> {"topic":"day_hours","day":"am Samstag","service":null}.',
  input: z.object({
    topic: z
      .enum(["hours", "day_hours", "address", "prices", "payment", "services"])
      .describe(
        "hours: the whole week; day_hours: one day or a few days (give `day`); address; prices (give `service` " +
          "when the caller asked about one); payment: how one can pay; services: what the business offers.",
      ),
    day: z
      .string()
      .nullable()
      .describe(
        'For day_hours: the caller\'s own words for the day, e.g. "am Samstag", "morgen", "am Wochenende". Else null.',
      ),
    service: z
      .string()
      .nullable()
      .describe(
        'For prices: the service as the caller named it, e.g. "Herrenhaarschnitt", "Färben". Else null.',
      ),
  }),
  messages: {
    requestStart: "Einen Moment bitte.",
    requestFailed: "Entschuldigung, das kann ich gerade nicht nachsehen.",
  },
});
