// Secrets labnet hands out (API tokens, invite links, agent tokens): random, shown once, stored
// as a sha256 hash. A prefix tells the kinds apart in logs and lets users recognise their token.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type SecretKind = "api" | "invite" | "agent" | "enroll";
const prefixes: Record<SecretKind, string> = { api: "lnt_", invite: "lni_", agent: "lna_", enroll: "lne_" };

export function generateSecret(kind: SecretKind): { secret: string; hash: string; displayPrefix: string } {
  const secret = `${prefixes[kind]}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashSecret(secret), displayPrefix: secret.slice(0, 12) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretKind(secret: string): SecretKind | null {
  for (const [kind, prefix] of Object.entries(prefixes)) {
    if (secret.startsWith(prefix)) return kind as SecretKind;
  }
  return null;
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
