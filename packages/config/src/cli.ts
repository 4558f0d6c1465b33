// labnet-config render model.json --machine <name> --out dir/
// labnet-config import <files…>
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { formatIssue, parseNetworkModel } from "@labnet/model";
import { importFiles } from "./import/files";
import type { SourceFile } from "./import/types";
import { renderBundles, renderMachineBundle } from "./render/bundles";

const USAGE = `usage:
  labnet-config render <model.json> [--machine <id or name>] --out <dir> [--revision <rev>]
  labnet-config import <file or folder>…`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function render(args: string[], io: CliIo): Promise<number> {
  const modelPath = args[0];
  const out = option(args, "--out");
  if (!modelPath || modelPath.startsWith("--") || !out) {
    io.err(USAGE);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(modelPath, "utf8"));
  } catch (error) {
    io.err(`${modelPath}: ${(error as Error).message}`);
    return 1;
  }
  const parsed = parseNetworkModel(json);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${modelPath}: ${formatIssue(issue)}`);
    return 1;
  }
  const revision = option(args, "--revision") ?? "local";
  const machine = option(args, "--machine");
  let bundles: ReturnType<typeof renderBundles>;
  try {
    bundles = machine
      ? [renderMachineBundle(parsed.model, machine, { revision })]
      : renderBundles(parsed.model, { revision });
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  for (const bundle of bundles) {
    // Several machines go to one folder each; one machine's files go straight under --out.
    const base = machine ? out : join(out, bundle.machineName);
    for (const file of bundle.files) {
      const target = join(base, file.path.replace(/^[A-Za-z]:/, "").replaceAll("\\", "/"));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
      await chmod(target, file.mode);
    }
    io.out(`${bundle.machineName} (${bundle.kind}): ${bundle.files.length} files, sha256 ${bundle.sha256}`);
    for (const command of bundle.reloadCommands) io.out(`  apply: ${command}`);
    for (const warning of bundle.warnings) io.err(`  warning: ${warning}`);
  }
  return 0;
}

async function collect(path: string): Promise<SourceFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ path, content: await readFile(path, "utf8") }];
  const files: SourceFile[] = [];
  for (const entry of (await readdir(path, { recursive: true, withFileTypes: true })).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    if (
      relative(path, full)
        .split("/")
        .some((part) => part.startsWith("."))
    )
      continue;
    files.push({ path: full, content: await readFile(full, "utf8") });
  }
  return files;
}

async function importCommand(paths: string[], io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const files: SourceFile[] = [];
  for (const path of paths) {
    try {
      files.push(...(await collect(path)));
    } catch (error) {
      io.err(`${path}: ${(error as Error).message}`);
      return 1;
    }
  }
  const result = importFiles(files);
  for (const warning of result.warnings)
    io.err(`warning: ${warning.file}:${warning.line}: ${warning.message}`);
  for (const error of result.errors) io.err(`error: ${error.file}:${error.line}: ${error.message}`);
  io.out(JSON.stringify(result.fragment, null, 2));
  return result.errors.length > 0 ? 1 : 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === "render") return render(args, io);
  if (command === "import") return importCommand(args, io);
  io.err(USAGE);
  return 2;
}
