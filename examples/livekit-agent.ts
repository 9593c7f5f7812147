/**
 * A LiveKit agent worker (`@livekit/agents` 1.x, Node 20) that answers the phone for a business and books through
 * termin-kit: the kit's tools, its German system prompt, the caller's number from the SIP participant.
 *
 * Run it:
 *   npm install                      # @livekit/agents and @livekit/rtc-node are dev dependencies here; in your own
 *                                    # project: npm install @livekit/agents@^1.9.0 (an optional peer of termin-kit)
 *   export LIVEKIT_URL=wss://<project>.livekit.cloud LIVEKIT_API_KEY=<key> LIVEKIT_API_SECRET=<secret>
 *   npx tsx examples/livekit-agent.ts dev        # `start` in production (agents-js 1.9 also points to `lk agent dev`)
 *
 * Then point a SIP trunk and a dispatch rule (LiveKit telephony) at the agent `termin-kit`: every inbound call gets a
 * room with the caller as a SIP participant, whose `sip.phoneNumber` is the caller (hidden numbers: none).
 *
 * Optional: TERMIN_BUSINESS (a profile in prompts/businesses, default friseur-1); CALCOM_API_KEY books in Cal.com
 * (https://api.cal.com, or CALCOM_URL), without it the in-memory simulator answers (a demo: nothing is kept).
 *
 * Speech and model go through LiveKit Inference (billed by LiveKit Cloud; the model strings below). To use your own
 * keys instead, swap in plugins, e.g. `new deepgram.STT({ language: "de" })` from @livekit/agents-plugin-deepgram,
 * `new elevenlabs.TTS({ language: "de" })` from @livekit/agents-plugin-elevenlabs, `new openai.LLM()` from
 * @livekit/agents-plugin-openai.
 */
import { fileURLToPath } from "node:url";
import { cli, defineAgent, inference, type JobContext, llm, ServerOptions, voice } from "@livekit/agents";
import { renderSystemPrompt } from "../src/agent/system-prompt.ts";
import type { CalendarBackend } from "../src/calendar/backend.ts";
import { createCalcomClient } from "../src/calendar/calcom-client.ts";
import { systemClock } from "../src/calendar/clock.ts";
import { regionForTimezone } from "../src/calendar/phone.ts";
import { type BusinessProfile, loadBusinessProfile } from "../src/calendar/profile.ts";
import { CalendarSimulator } from "../src/calendar/simulator.ts";
import { livekitTools } from "../src/platforms/livekit.ts";

const business = loadBusinessProfile(process.env["TERMIN_BUSINESS"] ?? "friseur-1");

function calendarFor(profile: BusinessProfile): CalendarBackend {
  const apiKey = process.env["CALCOM_API_KEY"];
  if (apiKey === undefined || apiKey === "") return new CalendarSimulator({ profile, clock: systemClock });
  return createCalcomClient({
    baseUrl: process.env["CALCOM_URL"] ?? "https://api.cal.com",
    apiKey,
    region: regionForTimezone(profile.timezone),
  });
}

// One calendar client per worker process: the simulator's bookings then outlive a single call.
const calendar = calendarFor(business);

export default defineAgent({
  entry: async (ctx: JobContext) => {
    await ctx.connect();
    // The caller: the SIP participant LiveKit telephony put in the room.
    const participant = await ctx.waitForParticipant();
    const kit = livekitTools({ llm, business, calendar, clock: systemClock, participant });
    // Holds are let go when the session closes (the tools see to it); this covers a job that ends otherwise.
    ctx.addShutdownCallback(kit.end);

    const agent = new voice.Agent({
      instructions: renderSystemPrompt({ business, now: systemClock(), callerPhone: kit.callerPhone }),
      tools: kit.tools,
    });
    const session = new voice.AgentSession({
      stt: new inference.STT({ model: "deepgram/nova-3", language: "de" }),
      llm: new inference.LLM({ model: "openai/gpt-4.1-mini" }),
      // A German voice of your TTS provider (Cartesia's voice library lists them); the id here is a placeholder.
      tts: new inference.TTS({ model: "cartesia/sonic-3", voice: "<german-voice-id>", language: "de" }),
    });
    await session.start({
      agent,
      room: ctx.room,
      // When the session closes (end_call, or the caller hung up) the room goes too, which ends the SIP call.
      inputOptions: { deleteRoomOnClose: true },
    });
    session.say(business.greeting);
  },
});

cli.runApp(new ServerOptions({ agent: fileURLToPath(import.meta.url), agentName: "termin-kit" }));
