import { z } from "zod";
import { importLimits } from "../../inventory/import";
import { versionSchema } from "../lab/lab.schema";

const kb = (characters: number) => `${Math.round(characters / 1024).toLocaleString("en")} KB`;

const sourceFile = z.object({
  path: z.string().trim().min(1, "every file needs its path (e.g. /etc/config/dhcp)").max(300),
  content: z
    .string()
    .max(importLimits.fileSize, `a file may be at most ${kb(importLimits.fileSize)} (router files are KBs)`),
});

const files = z
  .array(sourceFile)
  .min(1, "add at least one file")
  .max(importLimits.files, `at most ${importLimits.files} files per import`)
  .superRefine((list, ctx) => {
    let size = 0;
    let lines = 0;
    for (const file of list) {
      size += file.content.length;
      // Counting "\n" without splitting: no copy of the files just to count them.
      for (let at = file.content.indexOf("\n"); at !== -1; at = file.content.indexOf("\n", at + 1)) lines++;
      lines++;
    }
    if (size > importLimits.totalSize) {
      ctx.addIssue({
        code: "custom",
        message: `the files hold ${kb(size)}; at most ${kb(importLimits.totalSize)} per import`,
      });
    } else if (lines > importLimits.lines) {
      ctx.addIssue({
        code: "custom",
        message: `the files hold ${lines.toLocaleString("en")} lines; at most ${importLimits.lines.toLocaleString("en")} per import`,
      });
    }
  });

export const importPreviewInput = z.object({ siteId: z.string().min(1).max(64), files });

export const importApplyInput = importPreviewInput.extend({
  siteVersion: versionSchema,
  routerVersion: versionSchema,
});
