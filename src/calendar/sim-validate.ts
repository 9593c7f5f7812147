/**
 * Request validation the simulator shares with Cal.com's DTOs: what a booking body must contain.
 */

import { isValidZoneName } from "../time/zone-clock.ts";
import type { Attendee } from "./backend.ts";
import { simErrors } from "./sim-errors.ts";

/** Phone numbers compare without spaces and common separators ("+49 170 123-4567" = "+491701234567"). */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s\-/().]/g, "");
}

/** Validates the attendee as Cal.com's DTO does and drops absent optional fields. */
export function checkAttendee(attendee: Attendee): Attendee {
  if (typeof attendee?.name !== "string" || attendee.name.trim() === "") {
    throw simErrors.badRequest("attendee.name is required");
  }
  if (!attendee.phoneNumber && !attendee.email) {
    throw simErrors.badRequest("attendee needs an email or a phoneNumber");
  }
  if (attendee.phoneNumber && !/^\+[1-9]\d{6,14}$/.test(normalisePhone(attendee.phoneNumber))) {
    throw simErrors.badRequest("attendee.phoneNumber must be in international format, e.g. +491701234567");
  }
  if (!isValidZoneName(attendee.timeZone)) {
    throw simErrors.badRequest(
      `attendee.timeZone must be a valid IANA time zone, got "${attendee.timeZone}"`,
    );
  }
  return {
    name: attendee.name,
    ...(attendee.phoneNumber ? { phoneNumber: attendee.phoneNumber } : {}),
    ...(attendee.email ? { email: attendee.email } : {}),
    timeZone: attendee.timeZone,
    ...(attendee.language ? { language: attendee.language } : {}),
  };
}

/** Cal.com's metadata limits: at most 50 keys, keys up to 40 characters, string values up to 500. */
export function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  const entries = Object.entries(metadata);
  if (entries.length > 50) throw simErrors.badRequest("metadata can have at most 50 keys");
  for (const [key, value] of entries) {
    if (key.length > 40) throw simErrors.badRequest(`metadata key "${key}" is longer than 40 characters`);
    if (typeof value !== "string" || value.length > 500) {
      throw simErrors.badRequest(`metadata value of "${key}" must be a string of at most 500 characters`);
    }
  }
  return { ...metadata };
}
