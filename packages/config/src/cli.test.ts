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

  it("writes the Hyper-V script as UTF-8 with a byte-order mark, so PowerShell 5.1 reads ä as ä", async () => {
    const model = structuredClone(demoModelInput);
    model.vswitches!.find((vswitch) => vswitch.type === "internal")!.name = "Büro-LAN";
    await writeFile(join(dir, "umlaut.json"), JSON.stringify(model));
    const { io } = capture();
    expect(
      await main(
        ["render", join(dir, "umlaut.json"), "--machine", "berlin-host", "--out", join(dir, "ps")],
        io,
      ),
    ).toBe(0);
    const bytes = await readFile(join(dir, "ps/ProgramData/labnet/labnet-hyperv.ps1"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("-Name 'Büro-LAN'");
    expect(bytes.includes(Buffer.from("Büro-LAN", "utf8"))).toBe(true);
  });

  it("refuses to render a hostile name, naming the object and field, and writes nothing", async () => {
    const model = structuredClone(demoModelInput);
    model.vswitches!.find((vswitch) => vswitch.type === "internal")!.name =
      "Default\nStart-Process calc.exe #";
    await writeFile(join(dir, "hostile.json"), JSON.stringify(model));
    const { io, err } = capture();
    expect(await main(["render", join(dir, "hostile.json"), "--out", join(dir, "hostile")], io)).toBe(1);
    expect(err.join("\n")).toMatch(/vswitches\.\d+\.name: must not contain control characters \(U\+000A/);
    await expect(stat(join(dir, "hostile"))).rejects.toThrow(/ENOENT/);
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
