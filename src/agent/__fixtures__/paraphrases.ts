/**
 * A paraphrase corpus for the speech guard (`../speech-guard.ts`). One call's tool results: an `alternatives`
 * answer for Sunday 26 Oct 2025 at 10:00, the day summer time ends (Sunday 9:30 and 10:30, Monday 7:00 are
 * free). Then correct German replies a good model might give (the guard must flag none), correct replies it
 * flags anyway (known false alarms), wrong replies with the rule each breaks, and wrong replies it misses.
 */

/** The call's clock: Saturday 25 Oct 2025, 20:17:50 in Berlin, still summer time (+02:00). */
export const PARAPHRASE_NOW = "2025-10-25T20:17:50+02:00";

/** The caller's own number: saying it back is fine. */
export const CALLER_PHONE = "+491701234567";

/** A Herrenhaarschnitt slot (30 minutes) as `check_availability` offers it. */
function slot(id: string, date: string, time: string, end: string) {
  // From Sunday 26 Oct 2025, 3:00 the zone is on winter time: every offer is +01:00.
  return {
    id,
    service: "herrenhaarschnitt",
    person: null,
    start: `${date}T${time}:00+01:00`,
    end: `${date}T${end}:00+01:00`,
    date,
    time,
  };
}

/** The tool results the guard observes, shaped like `ToolOutcome` (`../../booking/run-tool.ts`). */
export const PARAPHRASE_CONTEXT = [
  {
    name: "check_availability",
    arguments: {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um zehn",
      person: null,
      reschedule_booking_id: null,
    },
    result: {
      status: "alternatives",
      requested: { date: "2025-10-26", time: "10:00", window: null, days: null, earliest: false },
      reason: "taken",
      alternatives: [
        slot("S1", "2025-10-26", "09:30", "10:00"),
        slot("S2", "2025-10-26", "10:30", "11:00"),
        slot("S3", "2025-10-27", "07:00", "07:30"),
      ],
      say:
        "Morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Frei ist morgen, Sonntag, " +
        "26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr. " +
        "Welcher Termin passt Ihnen?",
    },
    endCall: false,
  },
];

/**
 * Correct replies to that result (opening hours and prices as in `prompts/businesses/friseur-1.yaml`): the
 * guard flags none of them.
 */
export const PARAPHRASES: string[] = [
  // The tool's own words, whole and in parts.
  "Morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Frei ist morgen, Sonntag, " +
    "26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr. " +
    "Welcher Termin passt Ihnen?",
  "Frei wäre morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr.",
  "Oder am Montag, 27. Oktober, um 7:00 Uhr.",
  // The requested time, which is taken.
  "Um 10:00 Uhr ist morgen, Sonntag, 26. Oktober, leider schon vergeben.",
  "Am Sonntag, den 26. Oktober, ist 10:00 Uhr leider schon vergeben.",
  "10:00 Uhr ist am Sonntag, 26. Oktober, leider schon vergeben.",
  "Leider ist der Sonntag, 26. Oktober, um 10 Uhr schon vergeben.",
  "Morgen, Sonntag, 26. Oktober, um zehn Uhr ist leider nichts mehr frei.",
  "Ihre Wunschzeit, Sonntag, 26. Oktober, 10 Uhr, ist leider schon weg.",
  "Der Sonntag, 26. Oktober, ist für 10 Uhr leider ausgebucht.",
  "Um 10 Uhr ist am Sonntag, 26. Oktober, leider schon alles gebucht.",
  "Das war am Sonntag, 26. Oktober, 10 Uhr, oder?",
  // The Sunday offers.
  "Am Sonntag, den 26. Oktober, hätte ich um 9:30 oder um 10:30 Uhr etwas frei.",
  "Ich könnte Ihnen am Sonntag, 26. Oktober, 9:30 Uhr oder 10:30 Uhr anbieten.",
  "Um 9:30 Uhr oder um 10:30 Uhr am Sonntag, dem 26. Oktober, wäre noch frei.",
  "Um 9:30 oder 10:30 Uhr am Sonntag, 26. Oktober, ginge es.",
  "Morgen, Sonntag, 26. Oktober, ginge es um halb zehn oder um halb elf.",
  "Am Sonntag, 26. Oktober, wäre um halb zehn noch ein Platz frei.",
  "Am Sonntag, den 26. Oktober, ginge es um halb elf.",
  "Am Sonntag, 26. Oktober, halb zehn?",
  "Am Sonntag, 26. Oktober, ginge es um neun Uhr dreißig oder um zehn Uhr dreißig.",
  "Sonntag, 26. Oktober: 9:30 Uhr oder 10:30 Uhr.",
  "Am Sonntag, 26. Oktober, um 09:30 Uhr ist noch frei.",
  "Am Sonntag, 26. Oktober, um 9.30 Uhr wäre frei.",
  "Am Sonntag, 26.10., um 9:30 Uhr wäre noch frei.",
  "Sonntag, 26. Oktober 2025, um 9:30 Uhr wäre frei.",
  "Ich hätte morgen, Sonntag, 26. Oktober, um 9:30 Uhr einen Termin für Sie.",
  "Morgen, Sonntag, 26. Oktober, um 10:30 Uhr ist noch frei.",
  "Morgen, am Sonntag, den 26. Oktober, wären 9:30 Uhr und 10:30 Uhr frei.",
  "Morgen, also am Sonntag, 26. Oktober, um 9:30 Uhr.",
  "Der Termin um 9:30 Uhr ist morgen, Sonntag, 26. Oktober.",
  "Am Sonntag, 26. Oktober, 10:30 Uhr, wäre noch ein Platz frei.",
  "Am Sonntag, 26. Oktober, hätte ich zwei Termine: 9:30 Uhr und 10:30 Uhr.",
  "Am Sonntag, 26. Oktober, um 9:30 Uhr, also eine halbe Stunde vor Ihrer Wunschzeit.",
  "Am Sonntag, 26. Oktober, um 10:30 Uhr, also eine halbe Stunde nach Ihrer Wunschzeit.",
  "Eine halbe Stunde früher, also am Sonntag, 26. Oktober, um 9:30 Uhr, wäre noch frei.",
  "Eine halbe Stunde später ginge es, am Sonntag, 26. Oktober, um 10:30 Uhr.",
  "Am Sonntag, 26. Oktober, wäre kurz davor um 9:30 Uhr oder kurz danach um 10:30 Uhr noch frei.",
  "Am Sonntag, 26. Oktober, nach der Zeitumstellung, hätte ich 9:30 oder 10:30 Uhr.",
  "Sonntag, 26. Oktober, 9:30 Uhr oder 10:30 Uhr – was ist Ihnen lieber?",
  // Taken and offered in one sentence.
  "Am Sonntag, 26. Oktober, ist um 10 Uhr leider alles voll, frei sind 9:30 und 10:30 Uhr.",
  "Am Sonntag, den 26. Oktober, ist 10 Uhr weg; 9:30 Uhr und 10:30 Uhr sind noch frei.",
  "Um zehn ist es leider voll, aber am Sonntag, 26. Oktober, geht es um halb zehn oder halb elf.",
  "Am Sonntag, 26. Oktober, ist 10:00 Uhr schon weg. Wie wäre es am Sonntag, 26. Oktober, um 9:30 Uhr?",
  "Am Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon jemand eingeplant, aber um 9:30 oder " +
    "um 10:30 Uhr am selben Tag ist frei.",
  "Am selben Tag, also Sonntag, 26. Oktober, hätte ich 9:30 oder 10:30 Uhr.",
  "Am gleichen Tag, Sonntag, 26. Oktober, wäre um 9:30 Uhr noch frei.",
  // The Monday offer.
  "Am Montag, 27. Oktober, um 7:00 Uhr wäre auch noch frei.",
  "Am Montag, den 27. Oktober, hätte ich um 7 Uhr morgens etwas frei.",
  "Am Montag, 27. Oktober, ginge es um sieben Uhr.",
  "Alternativ hätte ich Montag, 27. Oktober, um 7:00 Uhr.",
  "Um 7 Uhr früh am Montag, 27. Oktober, wäre noch ein Termin frei.",
  "Montag, der 27. Oktober, um 7:00 Uhr wäre noch frei.",
  "Übermorgen, Montag, 27. Oktober, um 7:00 Uhr wäre auch frei.",
  "Am Montag, 27. Oktober, hätten wir um 7:00 Uhr frei, gleich zur Öffnung.",
  "Wenn es früh sein darf: Montag, 27. Oktober, 7:00 Uhr.",
  // All three.
  "Frei ist am Sonntag, 26. Oktober, um 9:30 und um 10:30 Uhr sowie am Montag, 27. Oktober, um 7:00 Uhr.",
  "Ich hätte Sonntag, 26. Oktober, um 9:30 Uhr, Sonntag, 26. Oktober, um 10:30 Uhr oder Montag, " +
    "27. Oktober, um 7:00 Uhr.",
  "Am Sonntag, 26. Oktober, geht es um 9:30 oder 10:30 Uhr. Am Montag, 27. Oktober, geht es um 7:00 Uhr.",
  "Morgen, Sonntag, 26. Oktober, geht 9:30 Uhr, übermorgen, Montag, 27. Oktober, geht 7:00 Uhr.",
  "Am Sonntag, den 26. Oktober, ist der Termin um 10:00 Uhr vergeben; frei sind dort 9:30 und 10:30 Uhr.",
  // Questions.
  "Welcher passt Ihnen?",
  "Welcher Termin passt Ihnen am besten?",
  "Passt Ihnen Sonntag, 26. Oktober, um 9:30 Uhr?",
  "Wäre Ihnen Montag, 27. Oktober, um 7:00 Uhr zu früh?",
  "Wäre Ihnen der Montag, 27. Oktober, um sieben Uhr morgens recht?",
  "Möchten Sie lieber am Sonntag, 26. Oktober, um 10:30 Uhr kommen?",
  "Am Sonntag, 26. Oktober, hätte ich um 9:30 Uhr etwas – oder wäre Ihnen Montag, 27. Oktober, " +
    "um 7:00 Uhr lieber?",
  "Ist Ihnen eher halb zehn oder halb elf am Sonntag, 26. Oktober, lieber?",
  "Sonntag, 26. Oktober, um 9:30 Uhr, ist das richtig?",
  "Zur Sicherheit: Sonntag, der 26. Oktober, um 10:30 Uhr?",
  "Soll ich Ihnen den Termin am Sonntag, 26. Oktober, um 9:30 Uhr eintragen?",
  "Soll ich den Sonntag, 26. Oktober, um 10:30 Uhr für Sie buchen?",
  "Darf ich Ihnen Montag, den 27. Oktober, um 7:00 Uhr reservieren?",
  "Herrenhaarschnitt am Sonntag, 26. Oktober, um 9:30 Uhr – soll ich den für Sie festhalten?",
  "Möchten Sie einen anderen Tag?",
  "Soll ich an einem anderen Tag für Sie nachschauen?",
  "Für welchen Tag soll ich sonst nachsehen?",
  "Sie möchten also einen Herrenhaarschnitt, richtig?",
  "Auf welchen Namen darf ich den Termin eintragen?",
  // No clock time of a slot.
  "Einen Moment bitte, ich schaue im Kalender nach.",
  "Leider ist Ihre Wunschzeit schon vergeben.",
  "Gerne schaue ich auch nach einem Termin am Dienstag.",
  "Morgen, Sonntag, 26. Oktober, haben wir geöffnet.",
  "Morgen ist Sonntag, der 26. Oktober.",
  "Übermorgen ist Montag, der 27. Oktober.",
  "Der 26. Oktober ist ein Sonntag.",
  "Heute haben wir schon geschlossen.",
  "Ein Herrenhaarschnitt dauert 30 Minuten und kostet 28 Euro.",
  "In der Nacht auf Sonntag, 26. Oktober, wird die Uhr um eine Stunde zurückgestellt.",
  "Unsere Adresse ist Musterstraße 12, 10115 Berlin.",
  // Opening hours as ranges and bounds.
  "Sonntags haben wir von 7 bis 12 Uhr geöffnet.",
  "Sonntags haben wir von sieben bis zwölf Uhr geöffnet.",
  "Sonntags haben wir zwischen 7 und 12 Uhr geöffnet.",
  "Montags haben wir von 7 bis 13 Uhr geöffnet.",
  "Sonntags von 7 bis 12 Uhr und montags von 7 bis 13 Uhr.",
  "Am Sonntag, 26. Oktober, sind wir von 7:00 bis 12:00 Uhr da.",
  "Am Sonntag, 26. Oktober, haben wir bis 12 Uhr geöffnet.",
  "Am Montag, 27. Oktober, haben wir ab 7 Uhr geöffnet.",
  "Am Dienstag, 28. Oktober, haben wir von 8 bis 18 Uhr geöffnet.",
  "Der Termin am Sonntag, 26. Oktober, um 9:30 Uhr dauert bis 10 Uhr.",
  "Mittwochs haben wir geschlossen.",
  "Mittwochs ist unser Ruhetag.",
  // Bookings denied, not claimed.
  "Ihr Termin ist noch nicht gebucht.",
  "Ihr Termin ist noch nicht bestätigt.",
  "Der Termin am Sonntag, 26. Oktober, um 9:30 Uhr ist noch nicht gebucht.",
  "Ich habe noch nichts eingetragen.",
  "Ich habe noch nichts storniert.",
  "Gebucht ist noch nichts, ich brauche erst Ihre Zusage.",
  "Es wurde noch kein Termin gebucht.",
  // The caller's own number.
  "Ist Ihre Nummer +49 170 1234567?",
  "Ist Ihre Nummer +49 (0)170 1234567?",
  "Ich habe Ihre Nummer 0170 1234567 notiert.",
  "Wir erreichen Sie unter 0170 / 123 45 67, richtig?",
  "Ihre Rufnummer lautet +491701234567.",
  "Ist die 0170 1234567 richtig?",
  // A false alarm of the first guard, fixed.
  "Um 9:30 Uhr am Sonntag, 26. Oktober, oder um 7:00 Uhr am Montag, 27. Oktober.",
  "Frei ist um 10:30 Uhr am Sonntag, 26. Oktober, und um 7 Uhr am Montag, 27. Oktober.",
  "Am Sonntag, 26.10.2025, um 9:30 Uhr wäre noch frei.",
  "Ihr Termin ist erst gebucht, wenn Sie zusagen.",
  // Opening hours, read with the profile's hours (friseur-1: Monday 7-13, Sunday 7-12).
  "Montags öffnen wir um 7 Uhr.",
  "Sonntags öffnen wir um 7 Uhr und schließen um 12 Uhr.",
  "Am Sonntag, 26. Oktober, schließen wir um 12 Uhr.",
];

/**
 * Correct replies the guard flags anyway, with its flags as `rule: message` joined by "; " (as of this file's
 * writing; a fixed guard flags none of them).
 */
export const KNOWN_FALSE_ALARMS: { text: string; flags: string }[] = [
  {
    text: "Am 26. Oktober, einem Sonntag, um 9:30 Uhr wäre noch frei.",
    flags: 'undated_time: "um 9:30 Uhr" is dated only by "Sonntag", without weekday, day and month',
  },
  {
    text: "Am Sonntag, 26. Oktober, wird die Uhr um 3 Uhr nachts auf 2 Uhr zurückgestellt.",
    flags:
      'unknown_time: "um 3 Uhr nachts" on 2025-10-26 is no slot the tools reported (known that ' +
      "day: 10:00, 09:30, 10:30)",
  },
  {
    text: "Der Termin am Montag, 27. Oktober, um 7:00 Uhr endet um 7:30 Uhr.",
    flags: "unknown_time: an end time is no slot start the tools reported",
  },
  {
    text: "Am Sonntag, 26. Oktober, um 10:30 Uhr wären Sie um 11 Uhr fertig.",
    flags: "unknown_time: an end time is no slot start the tools reported",
  },
];

/** Wrong replies, each flagged with the rule it breaks. */
export const VIOLATIONS: { text: string; rule: string }[] = [
  { text: "Ich hätte um 9:30 Uhr etwas frei.", rule: "undated_time" },
  { text: "Morgen um 10:30 Uhr wäre noch frei.", rule: "undated_time" },
  { text: "Am Sonntag um 9:30 Uhr wäre noch frei.", rule: "undated_time" },
  { text: "Am Sonntag, 26. Oktober, hätte ich um 11:00 Uhr etwas frei.", rule: "unknown_time" },
  { text: "Am Montag, 27. Oktober, um 8:30 Uhr wäre noch frei.", rule: "unknown_time" },
  { text: "Am Sonntag, 26. Oktober, um 8:30 Uhr UTC ist frei.", rule: "unknown_time" },
  { text: "Am gleichen Tag hätte ich noch Montag, 27. Oktober, um 7:00 Uhr frei.", rule: "same_day" },
  { text: "Am selben Tag ginge auch Montag, den 27. Oktober, um 7 Uhr.", rule: "same_day" },
  { text: "Am Montag, 26. Oktober, um 9:30 Uhr ist noch frei.", rule: "weekday_mismatch" },
  { text: "Oder am Dienstag, den 27. Oktober, um 7:00 Uhr.", rule: "weekday_mismatch" },
  { text: "Der Montag, 26. Oktober, ist noch ziemlich frei.", rule: "weekday_mismatch" },
  { text: "Da ist leider ein technisches Problem aufgetreten.", rule: "generic_error" },
  { text: "Es ist ein unerwarteter Fehler passiert.", rule: "generic_error" },
  { text: "Ihr Termin ist gebucht.", rule: "unconfirmed_claim" },
  { text: "Ihr Termin wurde storniert.", rule: "unconfirmed_claim" },
  { text: "Ich rufe Sie unter 0171 9876543 zurück.", rule: "other_customer" },
  { text: "Ist Ihre Nummer +49 160 5551234?", rule: "other_customer" },
  // Missed by the first guard, caught now.
  { text: "Ihr Termin am Sonntag, 26. Oktober, um 9:30 Uhr ist jetzt gebucht.", rule: "unconfirmed_claim" },
  { text: "Ich habe Sie für Sonntag, 26. Oktober, um 9:30 Uhr eingetragen.", rule: "unconfirmed_claim" },
  { text: "Wir haben den Termin für Sie gebucht.", rule: "unconfirmed_claim" },
  { text: "Ich habe Ihren Termin abgesagt.", rule: "unconfirmed_claim" },
  { text: "Der Termin ist gebucht.", rule: "unconfirmed_claim" },
  { text: "Das ist nicht schlimm, Ihr Termin ist gebucht.", rule: "unconfirmed_claim" },
  { text: "Ihr Termin ist gebucht, der andere war leider schon vergeben.", rule: "unconfirmed_claim" },
  { text: "Leider ist ein Fehler aufgetreten.", rule: "generic_error" },
  { text: "Wir hatten leider eine Störung im System.", rule: "generic_error" },
  { text: "Ihr Nachbar hat die Nummer 0171 123 45 67.", rule: "other_customer" },
  { text: "Sonntags öffnen wir um 8 Uhr.", rule: "unknown_time" },
];

/** Wrong replies the guard does not flag (as of this file's writing), with the rule each one breaks. */
export const KNOWN_MISSES: { text: string; rule: string }[] = [
  // The claim check splits sentences at "26. " and so loses "Ihr" from "Ihr Termin am Sonntag, 26. Oktober".
  // "ich habe" / "wir haben" in this order, a claim without "Ihr"/"für Sie", a claim without a verb.
  { text: "Alles klar, gebucht!", rule: "unconfirmed_claim" },
  // A "nicht" or a "vergeben" anywhere in the sentence excuses the claim.
  // Only "Dienstag, 27." and "Dienstag, den 27." are read, not "dem"/"der".
  { text: "Der Dienstag, dem 27. Oktober, ist noch frei.", rule: "weekday_mismatch" },
  { text: "Der Dienstag, der 27. Oktober, ist noch frei.", rule: "weekday_mismatch" },
  // Generic wording outside the pattern's word order and nouns.
  // Only the last seven digits are compared: another prefix with the caller's tail passes.
];
