// `npm start` supervises the embedded server; the web server (another process) reports its state in
// GET /api/health. The supervisor writes the state into the data folder, the health route reads it.
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { EmbeddedState } from "./embedded";

const STATE_FILE = "embedded-state.json";

const stateSchema: z.ZodType<EmbeddedState> = z.discriminatedUnion("status", [
  z.object({ status: z.literal("running"), pid: z.number().int(), restarts: z.number().int() }),
  z.object({
    status: z.literal("restarting"),
    attempt: z.number().int(),
    maxRestarts: z.number().int(),
    lastExit: z.string(),
    restarts: z.number().int(),
  }),
  z.object({ status: z.literal("failed"), reason: z.string(), restarts: z.number().int() }),
]);

export async function writeEmbeddedState(dataDir: string, state: EmbeddedState): Promise<void> {
  const path = join(dataDir, STATE_FILE);
  const draft = `${path}.${process.pid}.tmp`;
  await writeFile(draft, JSON.stringify(state), { mode: 0o600 });
  // Renamed into place, so a reader never sees half a file.
  await rename(draft, path);
}

/** The last state the supervisor recorded; undefined when there is none or it cannot be read. */
export async function readEmbeddedState(dataDir: string): Promise<EmbeddedState | undefined> {
  try {
    return stateSchema.parse(JSON.parse(await readFile(join(dataDir, STATE_FILE), "utf8")));
  } catch {
    return undefined;
  }
}
