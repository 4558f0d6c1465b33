// What an importer hands back: a fragment of model input plus problems a UI can list by line.

import type {
  intranetSchema,
  nicSchema,
  routerSettingsSchema,
  sambaShareSchema,
  siteSchema,
  staticLeaseSchema,
} from "@labnet/model";
import type { z } from "zod";

export interface ImportProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole */
  line: number;
  message: string;
}

export type ShareFragment = Partial<z.input<typeof sambaShareSchema>>;
export type RouterFragment = Partial<Omit<z.input<typeof routerSettingsSchema>, "shares">> & {
  shares?: ShareFragment[];
};

export interface ModelFragment {
  intranets: Partial<z.input<typeof intranetSchema>>[];
  sites: Partial<z.input<typeof siteSchema>>[];
  leases: Partial<z.input<typeof staticLeaseSchema>>[];
  /** The router the files came from: its settings as far as the files tell them */
  router: RouterFragment | null;
  nics: Partial<z.input<typeof nicSchema>>[];
}

export interface ImportResult {
  fragment: ModelFragment;
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

export interface SourceFile {
  path: string;
  content: string;
}

export function emptyFragment(): ModelFragment {
  return { intranets: [], sites: [], leases: [], router: null, nics: [] };
}

/** Collects problems for one file. */
export class Problems {
  readonly errors: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  constructor(readonly file: string) {}
  error(line: number, message: string): void {
    this.errors.push({ file: this.file, line, message });
  }
  warn(line: number, message: string): void {
    this.warnings.push({ file: this.file, line, message });
  }
  result(fragment: ModelFragment): ImportResult {
    return { fragment, errors: this.errors, warnings: this.warnings };
  }
}

/** Id of the site the imported router serves, before its tinc name is known. */
export const LOCAL_SITE_ID = "site-imported";

export function siteIdFor(tincName: string): string {
  return `site-${tincName}`;
}
