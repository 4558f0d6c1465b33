// Renders the policy as the table in docs/roles.md, so the documented matrix is the enforced one.
import { policy } from "./policy";
import { type Access, roleAtLeast, roles } from "./trpc";

function mark(access: Access, role: (typeof roles)[number]): string {
  if (access === "public" || access === "authenticated") return "✓";
  return roleAtLeast(role, access) ? "✓" : "—";
}

export function renderRoleMatrix(): string {
  const header = `| procedure | what it does | ${roles.join(" | ")} |`;
  const divider = `|---|---|${roles.map(() => ":-:").join("|")}|`;
  const rows = Object.entries(policy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, entry]) => {
      const note =
        entry.access === "public"
          ? " (no sign-in needed)"
          : entry.access === "authenticated"
            ? " (any signed-in user)"
            : "";
      return `| \`${path}\` | ${entry.summary}${note} | ${roles.map((role) => mark(entry.access, role)).join(" | ")} |`;
    });
  return [header, divider, ...rows].join("\n");
}
