#!/usr/bin/env node
// Runs the TypeScript CLI in place (internal packages ship TypeScript source, no build step).
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
const result = runCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(`${result.stdout}\n`);
if (result.stderr) process.stderr.write(`${result.stderr}\n`);
process.exitCode = result.code;
