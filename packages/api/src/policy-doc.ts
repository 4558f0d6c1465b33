// Renders the policy as the tables in docs/roles.md, so the documented matrix is the enforced one.
import { invitableRoles, mayManage, policy } from "./policy";
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

/** Who may give which role to a member (change of role) and by invite link. */
export function renderGrantTable(): string {
  const header = `| a member who is… | ${roles.map((role) => `may make someone ${role}`).join(" | ")} |`;
  const divider = `|---|${roles.map(() => ":-:").join("|")}|`;
  const rows = roles.map((role) => {
    const cells = roles.map((target) => {
      if (!mayManage(role, target)) return "—";
      return (invitableRoles as readonly string[]).includes(target) ? "✓ role, invite" : "✓ role only";
    });
    return `| ${role} | ${cells.join(" | ")} |`;
  });
  return [header, divider, ...rows].join("\n");
}

/** The generated parts of docs/roles.md, each between `<!-- name:start -->` and `<!-- name:end -->`. */
export const generatedSections: Record<string, () => string> = {
  matrix: renderRoleMatrix,
  grants: renderGrantTable,
};

export function sectionOf(doc: string, name: string): string | undefined {
  return doc.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0]?.trim();
}

export function withSection(doc: string, name: string, body: string): string {
  const [before, rest] = doc.split(`<!-- ${name}:start -->`);
  const after = rest?.split(`<!-- ${name}:end -->`)[1];
  if (after === undefined) throw new Error(`docs/roles.md has no ${name} section markers`);
  return `${before}<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->${after}`;
}
