import { z } from "zod";
import { roles } from "../../trpc";

export const tokenCreateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name the token after what uses it")
    .max(60, "token names are at most 60 characters"),
  role: z.enum(roles).exclude(["owner"]),
  expiresInDays: z
    .int()
    .min(1, "a token must live at least 1 day")
    .max(365, "a token lives 365 days at most")
    .default(90),
});
export const tokenIdInput = z.object({ id: z.string().min(1).max(64) });
