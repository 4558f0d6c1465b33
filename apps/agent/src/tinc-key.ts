// A router's tinc key pair is made here, never sent: `tincd -K` writes the private key next to
// tinc.conf and appends the public key to hosts/<Name>; only that public block goes to labnet.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { targetPath } from "./apply";
import type { DesiredConfig } from "./client";

const run = promisify(execFile);
const publicKeyBlock = /-----BEGIN RSA PUBLIC KEY-----[\s\S]+?-----END RSA PUBLIC KEY-----/;

/** The tinc networks of a bundle: folders holding a tinc.conf, with their Name. */
export function tincNetworks(config: DesiredConfig) {
  return config.files
    .filter((file) => /\/etc\/tinc\/[^/]+\/tinc\.conf$/.test(file.path))
    .map((file) => ({
      folder: file.path.slice(0, -"/tinc.conf".length),
      name: /^\s*Name\s*=\s*(\S+)/im.exec(file.content)?.[1] ?? null,
    }))
    .filter((network): network is { folder: string; name: string } => network.name !== null);
}

/** Makes the key pair where none exists and returns the public key PEM to upload, or null. */
export async function ensureTincKey(
  root: string | null,
  network: { folder: string; name: string },
  log: (line: string) => void,
): Promise<string | null> {
  const folder = targetPath(root, network.folder);
  const privateKey = join(folder, "rsa_key.priv");
  const hostsFile = join(folder, "hosts", network.name);
  if (!existsSync(privateKey)) {
    try {
      // -c: the folder itself (works under --root); stdin closed: tincd does not prompt.
      await run("tincd", ["-c", folder, "-K2048"], { timeout: 120_000 });
      log(`generated the tinc key pair for ${network.name} in ${folder} (the private key stays here)`);
    } catch (error) {
      log(
        `could not generate a tinc key (${(error as Error).message}); install tinc or run tincd -K yourself`,
      );
      return null;
    }
  }
  const hosts = await readFile(hostsFile, "utf8").catch(() => "");
  const match = publicKeyBlock.exec(hosts);
  if (match) return match[0];
  // tincd appends to hosts/<Name>; if a publish replaced that file since, derive it again.
  const rsaPublic = join(folder, "rsa_key.pub");
  const fallback = await readFile(rsaPublic, "utf8").catch(() => "");
  return publicKeyBlock.exec(fallback)?.[0] ?? null;
}
