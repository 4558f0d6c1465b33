import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { portIsFree } from "./port";

describe("portIsFree", () => {
  it("says taken while something listens, and free (again and again) once it has stopped", async () => {
    const holder = createServer().listen(0);
    await once(holder, "listening");
    const { port } = holder.address() as { port: number };
    expect(await portIsFree(port)).toBe(false);
    holder.close();
    await once(holder, "close");
    // The probe gives the port back before it answers: a second probe (or labnet itself) can take it.
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(port)).toBe(true);
  });
});
