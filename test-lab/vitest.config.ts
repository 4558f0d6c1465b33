import { defineConfig } from "vitest/config";

// The stored-plan test migrates a database of its own first.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 180_000 },
});
