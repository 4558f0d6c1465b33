#!/usr/bin/env node
// From the repository: runs the TypeScript sources through tsx. Deployed hosts get the single
// file dist/labnet-agent.mjs (`npm run build -w @labnet/agent`), which needs only Node.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
