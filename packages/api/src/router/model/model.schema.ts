import { z } from "zod";
import { importLimits } from "../../inventory/model-io";

/** The model file's text as the user picked it; parsed on the server so a bad file gets a clear answer. */
export const modelSourceInput = z.object({
  source: z
    .string()
    .min(1, "the file is empty")
    .max(importLimits.bytes, `the file is larger than ${importLimits.bytes / 1_000_000} MB: split it`),
});
