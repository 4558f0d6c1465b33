// labnet-sim analyze model.json [--format json|table] | labnet-sim diff a.json b.json [--format …]
// Exit codes: 0 no blocking finding, 1 blocking findings (analyze) or a change that adds one (diff),
// 2 unreadable or invalid input (errors name the file, the field and the rule).
import { readFileSync } from "node:fs";
import { formatIssue, type NetworkModel, parseNetworkModel } from "@labnet/model";
import { analyze } from "./analyze";
import { diff } from "./diff";
import { formatAnalysis, formatDiff } from "./format";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const usage = `usage:
  labnet-sim analyze <model.json> [--format json|table]
  labnet-sim diff <before.json> <after.json> [--format json|table]`;

class InputError extends Error {}

function loadModel(file: string): NetworkModel {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseNetworkModel(json);
  if (!parsed.ok)
    throw new InputError(parsed.issues.map((issue) => `${file}: ${formatIssue(issue)}`).join("\n"));
  return parsed.model;
}

export function runCli(args: readonly string[]): CliResult {
  const formatIndex = args.indexOf("--format");
  const format = formatIndex >= 0 ? args[formatIndex + 1] : "table";
  const positional =
    formatIndex < 0 ? args : args.filter((_, index) => index !== formatIndex && index !== formatIndex + 1);
  const [command, ...files] = positional;
  if (format !== "json" && format !== "table")
    return { code: 2, stdout: "", stderr: `unknown format "${format}"\n${usage}` };
  try {
    if (command === "analyze" && files.length === 1) {
      const analysis = analyze(loadModel(files[0]!));
      const blocking = analysis.findings.some((finding) => finding.blocking);
      const stdout = format === "json" ? JSON.stringify(analysis, null, 2) : formatAnalysis(analysis);
      return { code: blocking ? 1 : 0, stdout, stderr: "" };
    }
    if (command === "diff" && files.length === 2) {
      const change = diff(loadModel(files[0]!), loadModel(files[1]!));
      const blocking = change.findings.added.some((finding) => finding.blocking);
      const stdout = format === "json" ? JSON.stringify(change, null, 2) : formatDiff(change);
      return { code: blocking ? 1 : 0, stdout, stderr: "" };
    }
  } catch (error) {
    if (error instanceof InputError) return { code: 2, stdout: "", stderr: error.message };
    throw error;
  }
  return { code: 2, stdout: "", stderr: usage };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runCli(process.argv.slice(2));
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.code;
}
