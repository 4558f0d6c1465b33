// The emulated lab needs Linux, root (network namespaces) and the real daemons. When any is
// missing it says which, and the run fails: CI must never skip it silently.
import { run } from "./netns";

export const REQUIRED_TOOLS = [
  "ip",
  "nft",
  "tincd",
  "dnsmasq",
  "busybox",
  "ping",
  "bash",
  "timeout",
  "sysctl",
];

export async function missingPrerequisites(): Promise<string[]> {
  if (process.platform !== "linux") return [`network namespaces need Linux (this is ${process.platform})`];
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (network namespaces, nftables and tincd's tap devices)");
  for (const tool of REQUIRED_TOOLS) {
    if ((await run("sh", ["-c", `command -v ${tool}`])).code !== 0) missing.push(tool);
  }
  return missing;
}

export const INSTALL_HINT =
  "on Debian: apt-get install -y tinc dnsmasq-base busybox udhcpc nftables iproute2 iputils-ping, then run as root";
