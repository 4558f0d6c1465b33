// CI runs what users run: every command in the README's Start and Test sections must be one .ci/run runs,
// so the two cannot drift apart again (a README command CI never ran once crashed on every fresh clone).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

/** The command lines of the ```sh blocks in the README section `## <title>`. */
function readmeCommands(readme: string, title: string): string[] {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** What .ci/run executes: the command of every `step "…" command`, and the commands it hands the newcomer check. */
function ciCommands(script: string): string[] {
  const commands: string[] = [];
  for (const line of script.replace(/\s*\\\n\s*/g, " ").split("\n")) {
    const step = /^step\s+"[^"]*"\s+(.+)$/.exec(line.trim());
    if (!step) continue;
    commands.push(step[1]!);
    for (const argument of step[1]!.matchAll(/--(?:command|second-start)\s+(['"])(.*?)\1/g))
      commands.push(argument[2]!);
  }
  return commands;
}

/** Same command whatever the PostgreSQL server: the README names a placeholder, CI a real one. */
function normalise(command: string): string {
  return command
    .replace(/postgres(ql)?:\/\/\S+/g, "<postgres-url>")
    .replace(/\s+/g, " ")
    .trim();
}

function notRunByCi(readme: string, script: string): string[] {
  const run = new Set(ciCommands(script).map(normalise));
  return ["Start", "Test"]
    .flatMap((title) => readmeCommands(readme, title))
    .filter((command) => !run.has(normalise(command)));
}

describe("README commands and .ci/run", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const script = readFileSync(join(root, ".ci/run"), "utf8");

  it("CI runs every command of the README's Start and Test sections, as written", () => {
    expect(readmeCommands(readme, "Start")).toContain("npm install && npm start");
    expect(readmeCommands(readme, "Test")).toContain("npm test");
    expect(notRunByCi(readme, script)).toEqual([]);
  });

  it("notices a README command that CI does not run, and one CI only mentions in a label or comment", () => {
    const extra = readme.replace("```sh\nnpm test\n```", "```sh\nnpm test\nnpm run test:everything\n```");
    expect(notRunByCi(extra, script)).toEqual(["npm run test:everything"]);
    const onlyLabelled = 'step "npm test" npm run something-else\n# npm install && npm start\n';
    expect(notRunByCi(readme, onlyLabelled)).toContain("npm test");
    expect(notRunByCi(readme, onlyLabelled)).toContain("npm install && npm start");
  });

  it("reads the newcomer check's commands and treats PostgreSQL URLs alike", () => {
    const ci = `step "newcomer" npm run newcomer -- \\\n  --command 'npm install && npm start' \\\n  --second-start "DATABASE_URL=postgres://ci@127.0.0.1:5432/x npm start"\n`;
    expect(ciCommands(ci)).toEqual([
      `npm run newcomer -- --command 'npm install && npm start' --second-start "DATABASE_URL=postgres://ci@127.0.0.1:5432/x npm start"`,
      "npm install && npm start",
      "DATABASE_URL=postgres://ci@127.0.0.1:5432/x npm start",
    ]);
  });
});
