import { describe, expect, it } from "vitest";
import { NewcomerError, wholeNumberOption } from "./newcomer";

describe("newcomer's command line", () => {
  it("takes whole numbers for --idle, --load-seconds and --users, and refuses anything else naming the option", () => {
    expect(wholeNumberOption("users", undefined)).toBeUndefined();
    expect(wholeNumberOption("idle", "0")).toBe(0);
    expect(wholeNumberOption("users", "25")).toBe(25);
    // Number() would have made these NaN (no idle at all) or 16 without a word.
    for (const value of ["", "ten", "0x10", "1e1", " 5", "-1", "2.5"]) {
      expect(() => wholeNumberOption("load-seconds", value)).toThrow(NewcomerError);
      expect(() => wholeNumberOption("load-seconds", value)).toThrow(
        `--load-seconds: a whole number, got "${value}"`,
      );
    }
  });
});
