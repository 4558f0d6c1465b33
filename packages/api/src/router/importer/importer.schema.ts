import { idSchema, text } from "@labnet/model";
import { z } from "zod";

const sourceFile = z.object({
  /** As the user named it (relative, or a Windows path): shown back in problems, never written. */
  path: text("label", { min: 1, max: 300 }),
  /** The file's raw text, parsed by the importers; every value taken from it is checked by its field. */
  content: z.string().max(1_000_000, "a file may be at most 1 MB"),
});

export const importPreviewInput = z.object({
  siteId: idSchema,
  files: z.array(sourceFile).min(1, "add at least one file").max(60, "at most 60 files per import"),
});

export const importApplyInput = importPreviewInput.extend({
  siteVersion: z.int().min(1),
  routerVersion: z.int().min(1),
});
