import { describe, expect, it } from "vitest";
import { CONNECTION_BUDGETS, peakConnections } from "./budget";

describe("connection budget", () => {
  it.each(Object.entries(CONNECTION_BUDGETS))(
    "%s: the parts at their peak fit in what the server accepts",
    (_mode, budget) => {
      expect(peakConnections(budget)).toBeLessThanOrEqual(budget.server);
      // Each long-lived part has at least one connection, and some headroom is always left.
      for (const part of [budget.web, budget.listen, budget.health, budget.startup])
        expect(part).toBeGreaterThan(0);
      expect(budget.spare).toBeGreaterThanOrEqual(2);
    },
  );

  it("the web server's pool, LISTEN and health together stay under the embedded server's limit", () => {
    const { server, web, listen, health } = CONNECTION_BUDGETS.embedded;
    // The combination that, at 10 + 1 + one per health check against a limit of 10, refused connections.
    expect(web + listen + health).toBeLessThan(server);
  });
});
