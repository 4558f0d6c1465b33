import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderBundles } from "@labnet/config";
import { describe, expect, it } from "vitest";
import { singleNat } from "../scenarios/single-nat";
import { differingFromRendered, filesUnder } from "./agents";

const routerId = singleNat.model.machines.find((machine) => machine.kind === "router")!.id;
const rendered = (revision: string | number) =>
  renderBundles(singleNat.model, { revision }).find((bundle) => bundle.machineId === routerId)!.files;

describe("differingFromRendered", () => {
  it("accepts the agent's files when only the revision in the header differs", () => {
    expect(differingFromRendered(singleNat.model, new Map([[routerId, rendered(7)]]))).toEqual([]);
  });

  it("names a changed, a missing and an extra file", () => {
    const files = rendered(7).filter((file) => file.path !== "/etc/config/dhcp");
    const firewall = files.find((file) => file.path === "/etc/config/firewall")!;
    firewall.content += "\nconfig rule\n";
    files.push({ ...firewall, path: "/etc/extra" });
    expect(differingFromRendered(singleNat.model, new Map([[routerId, files]])).sort()).toEqual(
      [`${routerId}:/etc/config/dhcp`, `${routerId}:/etc/config/firewall`, `${routerId}:/etc/extra`].sort(),
    );
  });
});

describe("filesUnder", () => {
  it("reads the applied files back as bundle paths with their modes, leaving the private key out", async () => {
    const root = await mkdtemp(join(tmpdir(), "lnlab-files-"));
    try {
      await mkdir(join(root, "etc", "tinc", "labnet"), { recursive: true });
      await writeFile(join(root, "etc", "tinc", "labnet", "tinc-up"), "#!/bin/sh\n", { mode: 0o755 });
      await writeFile(join(root, "etc", "tinc", "labnet", "rsa_key.priv"), "secret", { mode: 0o600 });
      const files = await filesUnder(root);
      expect(files).toEqual([
        expect.objectContaining({ path: "/etc/tinc/labnet/tinc-up", content: "#!/bin/sh\n", mode: 0o755 }),
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
