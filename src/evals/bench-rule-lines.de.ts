/**
 * What the caller of `termin bench rule` says: a long, meandering call to a hair salon (friseur-1). The caller
 * books a haircut, then keeps moving it to other days; along the way they ask questions, say days and times, pick
 * offers, give their name and say things the model does not understand. No goodbye, thanks or abuse, so the call
 * runs to its last turn. Data, not logic: the bench draws one line of each kind an episode asks for.
 */
export const BENCH_RULE_LINES = {
  /** A first request: service and day. */
  requests: [
    "Ich hätte gern einen Herrenhaarschnitt am Freitag.",
    "Haben Sie am Donnerstag einen Termin für einen Herrenhaarschnitt?",
    "Ich bräuchte nächste Woche Dienstag einen Herrenhaarschnitt.",
  ],
  /** Moving the booking made. */
  moves: [
    "Ich möchte den Termin doch lieber verschieben.",
    "Können wir meinen Termin noch mal verlegen?",
    "Ich muss meinen Termin leider verschieben.",
  ],
  questions: [
    "Was kostet ein Herrenhaarschnitt?",
    "Wann haben Sie am Samstag geöffnet?",
    "Wo finde ich Sie denn?",
    "Kann ich bei Ihnen mit Karte zahlen?",
    "Welche Leistungen bieten Sie an?",
  ],
  days: [
    "Geht es nächste Woche Mittwoch?",
    "Haben Sie am Donnerstag noch was frei?",
    "Und übermorgen?",
    "Was haben Sie am Samstag?",
    "Vielleicht am Freitag?",
    "Geht es übernächste Woche Dienstag?",
    "Haben Sie am 20. November was frei?",
    "Wie sieht es am 27. November aus?",
    "Geht es am 2. Dezember?",
    "Und am 5. Dezember?",
    "Vielleicht am Samstag, den 13. Dezember?",
    "Haben Sie Donnerstag in drei Wochen noch was?",
    "Geht es am 18. Dezember?",
    "Was ist mit Sonntag in zwei Wochen?",
    "Am Montag, den 22. Dezember?",
  ],
  times: [
    "Um halb elf vielleicht?",
    "Lieber am Nachmittag, so gegen drei.",
    "Geht auch zehn Uhr?",
    "Um Viertel nach neun?",
    "Um elf Uhr?",
    "Lieber um halb zwölf.",
    "Gegen vier wäre gut.",
    "Um Viertel vor zwei?",
    "So um neun Uhr früh.",
  ],
  picks: ["Den ersten bitte.", "Der Zweite wäre gut.", "Dann lieber den späteren.", "Den nehme ich."],
  names: ["Hans Schuster.", "Auf den Namen Hans Schuster.", "Mein Name ist Hans Schuster."],
  misunderstood: ["Hallo?", "Wie bitte?", "Mein Hund heißt Bello.", "Das Wetter ist heute schön.", "Ähm."],
} as const;

/** A kind of line. */
export type BenchRuleKind = keyof typeof BENCH_RULE_LINES;

/** The call's first episode: a booking, with a question and an unclear line on the way. */
export const BENCH_RULE_BOOKING: readonly BenchRuleKind[] = [
  "requests",
  "questions",
  "times",
  "misunderstood",
  "picks",
  "names",
];

/** Every later episode: the booking is moved to another day. */
export const BENCH_RULE_MOVE: readonly BenchRuleKind[] = [
  "moves",
  "days",
  "questions",
  "misunderstood",
  "times",
  "picks",
];
