import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Embedded PostgreSQL servers take a second or more to start; every wait inside the code is bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
