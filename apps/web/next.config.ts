import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages ship TypeScript source (see their package.json "exports").
  transpilePackages: ["@labnet/api", "@labnet/model", "@labnet/sim", "@labnet/config"],
  // Native and wasm-backed packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@labnet/db", "pg", "@prisma/adapter-pg", "@electric-sql/pglite"],
  poweredByHeader: false,
  typedRoutes: false,
  devIndicators: false,
  // `npm run typecheck` checks every package in CI; skipping it here makes `npm start` build faster.
  typescript: { ignoreBuildErrors: true },
};

export default config;
