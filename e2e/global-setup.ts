import { existsSync } from "node:fs";

export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(
      `No Chromium at ${chromium}. Install Debian's (apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary.`,
    );
  }
}
