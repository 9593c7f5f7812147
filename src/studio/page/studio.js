// termin studio's page: plain DOM, no build. The server pushes "something changed" (Server-Sent Events); the page
// then fetches the call and the week again and draws them. Text from the call is always set as text, never as HTML.

const $ = (id) => document.getElementById(id);

/** What the page shows; the server's answers are kept as they came. */
const state = {
  tab: "call",
  call: null,
  week: null,
  /** A Monday the developer chose with the week buttons; null: follow the call. */
  chosenWeek: null,
  /** A service the developer chose; null: the call's. */
  chosenService: null,
  replay: null,
  /** Replay turns shown so far. */
  step: 0,
  /** When `call.now` arrived (performance.now()). */
  fetchedAt: 0,
  /** Trace events (by seq) the developer opened, kept open across redraws. */
  open: new Set(),
  allOpen: false,
  /** Counts refreshes; an answer overtaken by a later refresh is dropped. */
  refreshes: 0,
};

/** `el("p", {class: "x"}, "text", child)`: an element with attributes and text or element children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

async function api(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ?? `${response.status}`);
  return data;
}

function showError(id, error) {
  const node = $(id);
  node.hidden = error === null;
  node.textContent = error === null ? "" : String(error.message ?? error);
}

// ---- the call ----------------------------------------------------------------------------------------------------

async function refresh() {
  const week = new URLSearchParams();
  if (state.chosenWeek !== null) week.set("week", state.chosenWeek);
  if (state.chosenService !== null) week.set("service", state.chosenService);
  // Only the events this page does not have yet: the server sends all of them when the call changed.
  const known = state.call?.events ?? [];
  const since = new URLSearchParams({
    call: state.call?.callId ?? "",
    since: String(known.at(-1)?.seq ?? 0),
  });
  const mine = ++state.refreshes;
  const [call, calendar] = await Promise.all([api(`/api/state?${since}`), api(`/api/calendar?${week}`)]);
  if (mine !== state.refreshes) return;
  // Trace events are numbered per call: what was open in the last call means nothing in this one.
  if (call.callId !== state.call?.callId) state.open.clear();
  state.call = call.after === 0 ? call : { ...call, events: [...known, ...call.events] };
  // The clock ticks on from the moment the call's time arrived.
  state.fetchedAt = performance.now();
  state.week = calendar;
  drawHeader();
  drawChat();
  drawCalendar();
  drawTrace();
}

function drawHeader() {
  const { call } = state;
  $("meta").textContent =
    `${call.business.name} · model ${call.model} · calendar: ${call.calendar} · ${call.callId}`;
  tickClock();
}

/** The call's clock, moved on by the time since the server said it (it runs like a real clock). */
function tickClock() {
  const { call } = state;
  if (call === null) return;
  const at = new Date(Date.parse(call.now) + (performance.now() - state.fetchedAt));
  const text = new Intl.DateTimeFormat("de-DE", {
    timeZone: call.business.timezone,
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(at);
  $("clock").textContent = `${text} ${call.business.timezone}${call.pinned ? " (pinned start)" : ""}`;
}

function drawChat() {
  const lines = [];
  for (const event of state.call.events) {
    if (event.type === "caller_said") lines.push(el("div", { class: "line caller" }, event.text));
    if (event.type === "agent_said" && event.text !== "")
      lines.push(el("div", { class: "line agent" }, event.text));
    if (event.type === "filler") lines.push(el("div", { class: "line filler" }, `(${event.text})`));
    if (event.type === "speech_guarded")
      lines.push(
        el("div", { class: "line guard" }, `speech guard: ${event.rules.map((r) => r.rule).join(", ")}`),
      );
    if (event.type === "call_ended")
      lines.push(el("div", { class: "line note" }, `call ended (${event.reason})`));
  }
  if (state.call.busy) lines.push(el("div", { class: "line filler" }, "…"));
  const chat = $("chat");
  chat.replaceChildren(...lines);
  chat.lastElementChild?.scrollIntoView({ block: "nearest" });
  $("caller-line").disabled = state.call.ended;
}

async function say(event) {
  event.preventDefault();
  const input = $("caller-line");
  const text = input.value.trim();
  if (text === "") return;
  input.value = "";
  try {
    const reply = await api("/api/call/turn", { text });
    showError("chat-error", reply.error === null ? null : new Error(reply.error));
  } catch (error) {
    // Refused (a turn still running): the line was not said, so it goes back for another try.
    if (input.value === "") input.value = text;
    showError("chat-error", error);
  }
  await refresh();
  input.focus();
}

async function newCall() {
  await callAction("/api/call/new", { now: $("pin").value === "" ? null : $("pin").value });
}

async function callAction(path, body) {
  try {
    await api(path, body);
    showError("chat-error", null);
  } catch (error) {
    showError("chat-error", error);
  }
  await refresh();
}

// ---- the calendar ------------------------------------------------------------------------------------------------

const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function drawCalendar() {
  const week = state.week;
  const short = (date) => `${date.slice(8, 10)}.${date.slice(5, 7)}.`;
  $("week-label").textContent = `${short(week.from)} – ${short(week.to)}${week.from.slice(0, 4)}`;
  const select = $("service");
  select.replaceChildren(
    ...week.services.map((s) => el("option", { value: s.id, selected: s.id === week.service.id }, s.name)),
  );
  // A replay books on a simulated calendar of its own; this pane stays the studio's.
  const replaying = state.tab === "replay" && "This is the studio's calendar; a replay runs on its own.";
  const note = [replaying, week.note, week.freeError && `free slots: ${week.freeError}`].filter(Boolean);
  $("calendar-note").hidden = note.length === 0;
  $("calendar-note").textContent = note.join(" ");

  // The rows span the week's opening hours (and anything booked outside them), whole hours.
  const spans = [...week.days.flatMap((d) => d.open), ...week.bookings, ...week.holds, ...week.free];
  const first = spans.length === 0 ? 8 * 60 : Math.min(...spans.map((s) => minutes(s.from)));
  const last = spans.length === 0 ? 18 * 60 : Math.max(...spans.map((s) => minutes(s.to) || 24 * 60));
  const top = Math.floor(first / 60) * 60;
  const bottom = Math.ceil(last / 60) * 60;
  const px = (m) => `calc(${m - top} * var(--minute))`;
  const height = px(bottom);
  // At least 12 minutes high, so a short block still has room for its text.
  const tall = (span) => `calc(${Math.max(minutes(span.to) - minutes(span.from), 12)} * var(--minute))`;
  const block = (cls, span, text, title) =>
    el(
      "div",
      {
        class: `block ${cls}`,
        style: `top: ${px(minutes(span.from))}; height: ${tall(span)}`,
        title: title ?? text,
      },
      text,
    );

  const hours = [];
  for (let m = top; m < bottom; m += 60)
    hours.push(el("div", { class: "hour", style: `top: ${px(m)}` }, `${String(m / 60).padStart(2, "0")}:00`));
  const cells = [el("div"), ...week.days.map((d) => dayHead(d, week.today))];
  cells.push(el("div", { class: "axis", style: `height: ${height}` }, hours));
  for (const day of week.days) {
    const on = (list) => list.filter((x) => x.date === day.date);
    cells.push(
      el(
        "div",
        { class: "day", style: `height: ${height}`, "data-date": day.date },
        day.open.map((o) => block("open", o, "")),
        on(week.free).map((s) => block("free", s, s.from, `free ${s.from}–${s.to}`)),
        on(week.bookings).map((b) =>
          block(
            `booking${b.mine ? " mine" : ""}${b.status === "cancelled" ? " cancelled" : ""}`,
            b,
            bookingLabel(b),
          ),
        ),
        on(week.holds).map((h) =>
          block(
            "hold",
            h,
            `held${h.offerId ? ` ${h.offerId}` : ""} until ${h.until}`,
            h.mine ? `held by this call until ${h.until}` : `held until ${h.until}`,
          ),
        ),
        on(week.offered).map((o) =>
          block("offer", o, `${o.id} ${o.from}`, `offered ${o.id}: ${o.service} ${o.from}`),
        ),
      ),
    );
  }
  $("week").replaceChildren(...cells);
}

/** What a booking block says: this call's with name and service (and whether the call knows of it), others' as taken. */
function bookingLabel(b) {
  // Others' cancelled bookings are not listed: the slot is free again.
  if (!b.mine) return `${b.from} taken`;
  const what = `${b.from} ${b.name ?? ""} · ${b.service ?? ""}`;
  if (b.status === "cancelled") return `${what} (cancelled)`;
  return b.confirmed ? what : `${what} (made, but the call has not confirmed it)`;
}

function dayHead(day, today) {
  const names = { mon: "Mo", tue: "Di", wed: "Mi", thu: "Do", fri: "Fr", sat: "Sa", sun: "So" };
  const label = `${names[day.weekday]} ${day.date.slice(8, 10)}.${day.date.slice(5, 7)}.`;
  return el(
    "div",
    { class: `day-head${day.date === today ? " today" : ""}` },
    label,
    day.open.length === 0 ? el("div", { class: "note" }, "closed") : null,
  );
}

function chooseWeek(monday) {
  state.chosenWeek = monday;
  refresh();
}

// ---- the trace ---------------------------------------------------------------------------------------------------

/** The events the trace pane shows: the call's, or the replay's up to the turn revealed. */
function traceEvents() {
  if (state.tab === "call") return state.call?.events ?? [];
  const replay = state.replay;
  if (replay === null) return [];
  if (state.step >= replay.turns.length) return replay.events;
  const end = replay.events.find((e) => e.type === "agent_said" && e.turn === state.step);
  return replay.events.filter((e) => e.seq <= (end?.seq ?? 0));
}

function summaryOf(event) {
  const ms = (e) => (e.durationMs === undefined ? "" : ` (${Math.round(e.durationMs)} ms)`);
  switch (event.type) {
    case "call_started":
      return `call started · ${event.business.name} · ${event.model}`;
    case "caller_said":
      return `Caller: ${event.text}`;
    case "agent_said":
      return `Agent: ${event.text}`;
    case "model_request":
      return `model request · turn ${event.turn} step ${event.step}`;
    case "model_response":
      return `model response${event.toolCalls.length > 0 ? ` → ${event.toolCalls.map((c) => c.name).join(", ")}` : ""}${ms(event)}`;
    case "tool_call":
      return `tool ${event.name} → ${event.error ? `error: ${event.error}` : (event.result?.status ?? "?")}${ms(event)}`;
    case "calendar_request":
      return `calendar ${event.method} ${event.path === event.method ? "" : event.path} → ${event.status ?? "?"}${ms(event)}`;
    case "speech_guarded":
      return `speech guard (${event.mode}): ${event.rules.map((r) => r.rule).join(", ")}`;
    case "filler":
      return `filler (${event.tool}): ${event.text}`;
    case "turn_deadline":
      return `turn deadline after ${event.afterMs} ms`;
    case "note":
      return `note: ${event.text}`;
    case "call_ended":
      return `call ended (${event.reason})`;
    default:
      return event.type;
  }
}

function drawTrace() {
  const events = traceEvents();
  const zone = state.call?.business.timezone;
  const time = (iso) =>
    new Intl.DateTimeFormat("de-DE", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).format(new Date(iso));
  const bad = (e) =>
    (e.type === "calendar_request" && (e.status === "error" || e.status >= 400)) ||
    (e.type === "tool_call" && e.error);
  const rows = events.map((event) => {
    const { type, at, seq, ...rest } = event;
    const details = el(
      "details",
      {
        class: `ev-${type}${bad(event) ? " ev-error" : ""}`,
        "data-seq": seq,
        open: state.allOpen || state.open.has(seq),
      },
      el("summary", {}, el("span", { class: "at" }, time(at)), " ", summaryOf(event)),
      el("pre", {}, JSON.stringify(rest, null, 2)),
    );
    details.addEventListener("toggle", () => {
      if (details.open) state.open.add(seq);
      else state.open.delete(seq);
    });
    return details;
  });
  $("events").replaceChildren(...rows);
  const of = state.tab === "replay" ? "?of=replay" : "";
  $("download-md").href = `/api/trace.md${of}`;
  $("download-json").href = `/api/trace.json${of}`;
}

// ---- replay ------------------------------------------------------------------------------------------------------

async function loadTranscripts() {
  try {
    const list = await api("/api/transcripts");
    $("transcript").replaceChildren(...list.map((t) => el("option", { value: t.name }, t.name)));
  } catch (error) {
    showError("replay-error", error);
  }
}

async function runReplay(event) {
  event?.preventDefault();
  const file = $("transcript-file").value.trim();
  $("replay-run").disabled = true;
  $("replay-controls").hidden = true;
  $("replay-turns").replaceChildren();
  $("replay-result").replaceChildren();
  $("replay-head").textContent = "replaying…";
  try {
    state.replay = await api("/api/replay", file === "" ? { name: $("transcript").value } : { file });
    state.step = 0;
    showError("replay-error", null);
  } catch (error) {
    state.replay = null;
    showError("replay-error", error);
  } finally {
    $("replay-run").disabled = false;
  }
  drawReplay();
}

function checkChips(checks) {
  return el(
    "div",
    { class: "checks" },
    checks.map((c) =>
      el(
        "span",
        { class: `check ${c.ok ? "ok" : "fail"}`, title: c.message ?? "" },
        `${c.ok ? "✓" : "✗"} ${c.label}`,
      ),
    ),
    checks.filter((c) => !c.ok).map((c) => el("p", { class: "failure" }, `${c.label}: ${c.message}`)),
  );
}

function drawReplay() {
  const replay = state.replay;
  $("replay-controls").hidden = replay === null;
  if (replay === null) {
    $("replay-head").textContent = "";
    $("replay-turns").replaceChildren();
    $("replay-result").replaceChildren();
    drawTrace();
    return;
  }
  $("replay-head").replaceChildren(
    el("strong", {}, replay.name),
    ` · ${replay.model} · ${replay.turns.length} turns`,
    replay.description ? el("p", { class: "note" }, replay.description) : null,
    el("div", { class: "line agent" }, replay.greeting),
  );
  const shown = replay.turns
    .slice(0, state.step)
    .map((t) =>
      el(
        "li",
        { "data-turn": t.turn },
        el("div", { class: "line caller" }, t.caller),
        t.tools.length === 0
          ? null
          : el("div", { class: "tools" }, t.tools.map((tool) => `${tool.name} → ${tool.status}`).join(" · ")),
        el("div", { class: "line agent" }, t.agent),
        checkChips(t.checks),
        t.callChecksFailedHere.length === 0
          ? null
          : el(
              "div",
              { class: "whole-call" },
              "whole call, failed here:",
              checkChips(t.callChecksFailedHere),
            ),
      ),
    );
  $("replay-turns").replaceChildren(...shown);
  const done = state.step >= replay.turns.length;
  $("replay-step").disabled = done;
  $("replay-all").disabled = done;
  if (done) {
    // The verdict is the runner's; the counts are the server's, where a failed check is counted once.
    const { checks, failed } = replay.counts;
    $("replay-result").replaceChildren(
      el("p", {}, el("strong", {}, "Whole call")),
      checkChips(replay.callChecks),
      el(
        "p",
        { class: `verdict ${replay.passed ? "ok" : "fail"}`, id: "verdict" },
        replay.passed ? `PASS: all ${checks} checks hold` : `FAIL: ${failed} of ${checks} checks failed`,
      ),
    );
  } else $("replay-result").replaceChildren();
  drawTrace();
}

function step(to) {
  state.step = Math.min(to, state.replay?.turns.length ?? 0);
  drawReplay();
  $("replay-turns").lastElementChild?.scrollIntoView({ block: "nearest" });
}

// ---- wiring ------------------------------------------------------------------------------------------------------

function selectTab(tab) {
  state.tab = tab;
  for (const button of document.querySelectorAll(".tabs button"))
    button.classList.toggle("active", button.dataset.tab === tab);
  $("call-pane").hidden = tab !== "call";
  $("replay-pane").hidden = tab !== "replay";
  drawTrace();
  if (state.week !== null) drawCalendar();
}

function listen() {
  const events = new EventSource("/api/events");
  events.addEventListener("call", () => refresh());
  events.addEventListener("files", (message) => {
    const { changed } = JSON.parse(message.data);
    $("files-text").textContent = `Changed: ${changed.join(", ")}. The next call or replay reads them again.`;
    $("files").hidden = false;
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("say").addEventListener("submit", say);
  $("new-call").addEventListener("click", newCall);
  $("repeat-call").addEventListener("click", () => callAction("/api/call/repeat", {}));
  $("week-prev").addEventListener("click", () => chooseWeek(state.week.previous));
  $("week-next").addEventListener("click", () => chooseWeek(state.week.next));
  $("week-follow").addEventListener("click", () => {
    state.chosenWeek = null;
    state.chosenService = null;
    refresh();
  });
  $("service").addEventListener("change", (e) => {
    state.chosenService = e.target.value;
    refresh();
  });
  $("trace-toggle").addEventListener("click", () => {
    state.allOpen = !state.allOpen;
    $("trace-toggle").textContent = state.allOpen ? "collapse all" : "expand all";
    if (!state.allOpen) state.open.clear();
    drawTrace();
  });
  $("files-dismiss").addEventListener("click", () => {
    $("files").hidden = true;
  });
  for (const button of document.querySelectorAll(".tabs button"))
    button.addEventListener("click", () => selectTab(button.dataset.tab));
  $("replay-form").addEventListener("submit", runReplay);
  $("replay-step").addEventListener("click", () => step(state.step + 1));
  $("replay-all").addEventListener("click", () => step(Number.POSITIVE_INFINITY));
  $("replay-restart").addEventListener("click", () => step(0));
  setInterval(tickClock, 1000);
  listen();
  await Promise.all([refresh(), loadTranscripts()]);
  document.body.dataset.ready = "true";
});
