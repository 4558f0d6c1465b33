import { z } from "zod";

const sourceFile = z.object({
  path: z.string().trim().min(1, "every file needs its path (e.g. /etc/config/dhcp)").max(300),
  content: z.string().max(1_000_000, "a file may be at most 1 MB"),
});

export const importPreviewInput = z.object({
  siteId: z.string().min(1).max(64),
  files: z.array(sourceFile).min(1, "add at least one file").max(60, "at most 60 files per import"),
});

export const importApplyInput = importPreviewInput.extend({
  siteVersion: z.int().min(1),
  routerVersion: z.int().min(1),
});
