import { z } from "zod";

export const teamSwitchInput = z.object({ teamId: z.string().min(1).max(64) });
