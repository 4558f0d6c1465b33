import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoModelInput } from "@labnet/model/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./cli";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) }, out, err };
}

describe("labnet-config", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "labnet-cli-"));
    await writeFile(join(dir, "model.json"), JSON.stringify(demoModelInput));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("renders one machine's files with their modes and prints how to apply them", async () => {
    const { io, out } = capture();
    const code = await main(
      [
        "render",
        join(dir, "model.json"),
        "--machine",
        "berlin-router",
        "--out",
        join(dir, "out"),
        "--revision",
        "9",
      ],
      io,
    );
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^berlin-router \(openwrt-router\): 13 files, sha256 [0-9a-f]{64}$/);
    expect(out).toContain("  apply: /etc/init.d/network reload");
    const up = join(dir, "out/etc/tinc/labnet/tinc-up");
    expect((await stat(up)).mode & 0o777).toBe(0o755);
    expect(await readFile(up, "utf8")).toContain("model revision 9");
  });

  it("imports a rendered folder back into a fragment", async () => {
    const { io, out } = capture();
    const code = await main(["import", join(dir, "out/etc")], io);
    expect(code).toBe(0);
    const fragment = JSON.parse(out.join("\n"));
    expect(fragment.sites.find((site: { tincName?: string }) => site.tincName === "berlin").lanIp).toBe(
      "192.168.10.1",
    );
    expect(fragment.leases).toHaveLength(3);
  });

  it("reports model errors by field and unknown machines by name", async () => {
    const broken = structuredClone(demoModelInput);
    broken.leases![0]!.mac = "nope";
    await writeFile(join(dir, "broken.json"), JSON.stringify(broken));
    const bad = capture();
    expect(await main(["render", join(dir, "broken.json"), "--out", join(dir, "x")], bad.io)).toBe(1);
    expect(bad.err[0]).toMatch(/broken\.json: leases\.0\.mac: "nope" is not a MAC address/);
    const unknown = capture();
    expect(
      await main(
        ["render", join(dir, "model.json"), "--machine", "ghost", "--out", join(dir, "x")],
        unknown.io,
      ),
    ).toBe(1);
    expect(unknown.err).toEqual(['no machine "ghost" in the model']);
    const usage = capture();
    expect(await main(["frobnicate"], usage.io)).toBe(2);
  });
});
