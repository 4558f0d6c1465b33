import { idSchema, text } from "@labnet/model";
import { z } from "zod";
import { roles } from "../../trpc";

export const tokenCreateInput = z.object({
  /** Named after what uses it. */
  name: text("name", { max: 60 }),
  role: z.enum(roles).exclude(["owner"]),
  expiresInDays: z
    .int()
    .min(1, "a token must live at least 1 day")
    .max(365, "a token lives 365 days at most")
    .default(90),
});
export const tokenIdInput = z.object({ id: idSchema });
