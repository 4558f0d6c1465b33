// The rendered samba template, expanded the way OpenWrt's samba4 init does, passes testparm with
// no unknown parameter (testparm exits 0 even then: the output has to be read).

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { demoModel } from "@labnet/model/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMachineBundle } from "../render/bundles";
import { expandSmbTemplate, SMB_TEMPLATE_PATH } from "../render/samba";
import { missingPrerequisite, removeDir, run, tempDir } from "./harness";

const skip = await missingPrerequisite(["testparm"], false);

describe.skipIf(skip !== null)(
  `testparm on the rendered smb.conf${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dir = "";
    beforeAll(async () => {
      dir = await tempDir("samba");
    });
    afterAll(async () => {
      await removeDir(dir);
    });

    it("accepts every parameter of the seed's template and the passthrough share", async () => {
      const bundle = renderMachineBundle(demoModel, "berlin-router", { revision: 1 });
      const template = bundle.files.find((file) => file.path === SMB_TEMPLATE_PATH)!.content;
      const shares = demoModel.machines.find((machine) => machine.id === "berlin-router")!.router!.shares;
      const conf = expandSmbTemplate(
        template,
        {
          name: "berlin-router",
          devices: ["lo", "eth1"],
          description: "labnet",
          workgroup: "WORKGROUP",
          charset: "UTF-8",
        },
        shares,
      );
      const file = join(dir, "smb.conf");
      await writeFile(file, conf);
      const result = await run("testparm", ["-s", file]);
      const output = result.stdout + result.stderr;
      expect(result.code).toBe(0);
      expect(output).not.toMatch(/Unknown parameter/i);
      expect(output).not.toMatch(/Ignoring/);
      expect(result.stdout).toContain("[projects]");
      expect(result.stdout).toMatch(
        /socket options = TCP_NODELAY SO_KEEPALIVE SO_RCVBUF=4096 SO_SNDBUF=4096/,
      );
      expect(result.stdout).toMatch(/valid users = anna/);
    });

    it("reads exactly the same settings when the machine name is hostile but allowed", async () => {
      const expand = async (machineName: string, file: string) => {
        const model = structuredClone(demoModel);
        model.machines.find((machine) => machine.id === "berlin-router")!.name = machineName;
        const bundle = renderMachineBundle(model, "berlin-router", { revision: 1 });
        const template = bundle.files.find((candidate) => candidate.path === SMB_TEMPLATE_PATH)!.content;
        const shares = model.machines.find((machine) => machine.id === "berlin-router")!.router!.shares;
        const values = {
          name: "r",
          devices: ["lo"],
          description: "labnet",
          workgroup: "W",
          charset: "UTF-8",
        };
        await writeFile(join(dir, file), expandSmbTemplate(template, values, shares));
        const result = await run("testparm", ["-s", join(dir, file)]);
        expect(result.code).toBe(0);
        return result.stdout;
      };
      const hostile = await expand('Lab’s "router" $(touch pwned) %m \\ [x] ; # <#', "hostile.conf");
      expect(hostile).toBe(await expand("berlin-router", "benign.conf"));
    });

    it("catches the seed article's misspelt setting (the check can fail)", async () => {
      const file = join(dir, "bad.conf");
      await writeFile(file, "[global]\n\tguest = Never\n");
      const result = await run("testparm", ["-s", file]);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toMatch(/Unknown parameter encountered: "guest"/);
    });
  },
);
