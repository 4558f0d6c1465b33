// The e2e run starts the built app twice — on the embedded database and, when TEST_DATABASE_URL
// names a PostgreSQL server, on a fresh database there — and runs every spec against both.
import { defineConfig, devices } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
// LABNET_E2E_PORT moves both servers (e.g. when a dev server already holds 3100).
const basePort = Number(process.env.LABNET_E2E_PORT ?? 3100);
const servers = [
  { name: "embedded", port: basePort },
  ...(withPostgres ? [{ name: "postgres", port: basePort + 1 }] : []),
];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: servers.map((server) => ({
    name: server.name,
    use: {
      ...devices["Desktop Chrome"],
      viewport: { width: 1280, height: 800 },
      baseURL: `http://localhost:${server.port}`,
    },
  })),
  webServer: servers.map((server) => ({
    command: `node --import tsx e2e/serve.ts ${server.name} ${server.port}`,
    url: `http://localhost:${server.port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  })),
});
