import { clip } from "../../tools/format-issues.ts";
import { ConfigError } from "../errors.ts";

/**
 * Reads `--port N` the same way in every command that listens (`serve`, `studio`, `calsim`): decimal digits only,
 * 0..65535 (0 lets the system pick a free port). "", " 80", "0x1F90", "1e3", "-1" and "80.5" are a ConfigError naming
 * the flag, not a port `Number()` would make of them ("" would have been port 0).
 */
export function parsePortOption(raw: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port <= 65_535)) throw new ConfigError(`--port must be an integer 0..65535, got "${clip(raw)}"`);
  return port;
}
