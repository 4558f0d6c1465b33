// A plain ustar archive of a bundle for the OpenWrt shell agent, which has busybox tar and
// sha256sum but no JSON parser to speak of:
//   files/<path>          each file at its path on the router (mode from the bundle)
//   labnet/SHA256SUMS     "<sha256>  files/<path>" lines: `sha256sum -c` verifies the download
//   labnet/reload         the reload commands, one per line
//   labnet/revision, labnet/sha256
import type { StoredBundle } from "./revisions";

const block = 512;

export function bundleTarPath(path: string): string {
  // Windows paths (the Hyper-V script) become forward-slash relative paths too.
  return `files/${path
    .replace(/^[A-Za-z]:/, "")
    .replaceAll("\\", "/")
    .replace(/^\/+/, "")}`;
}

export function bundleTar(bundle: StoredBundle, revision: number): Buffer {
  const entries: { name: string; content: Buffer; mode: number }[] = bundle.files.map((file) => ({
    name: bundleTarPath(file.path),
    content: Buffer.from(file.content, "utf8"),
    mode: file.mode,
  }));
  const sums = bundle.files.map((file) => `${file.sha256}  ${bundleTarPath(file.path)}\n`).join("");
  entries.push(
    { name: "labnet/SHA256SUMS", content: Buffer.from(sums), mode: 0o644 },
    {
      name: "labnet/reload",
      content: Buffer.from(bundle.reloadCommands.map((c) => `${c}\n`).join("")),
      mode: 0o644,
    },
    { name: "labnet/revision", content: Buffer.from(`${revision}\n`), mode: 0o644 },
    { name: "labnet/sha256", content: Buffer.from(`${bundle.sha256}\n`), mode: 0o644 },
  );
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry.name, entry.content.length, entry.mode), entry.content);
    const padding = (block - (entry.content.length % block)) % block;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(block * 2));
  return Buffer.concat(parts);
}

function header(name: string, size: number, mode: number): Buffer {
  const buffer = Buffer.alloc(block);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar: up to 155 bytes of directory in `prefix`, the rest in `name`.
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`path too long for tar: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  buffer.write(base, 0, 100, "utf8");
  octal(buffer, mode & 0o7777, 100, 8);
  octal(buffer, 0, 108, 8);
  octal(buffer, 0, 116, 8);
  octal(buffer, size, 124, 12);
  octal(buffer, 0, 136, 12);
  buffer.fill(" ", 148, 156);
  buffer.write("0", 156);
  buffer.write("ustar\u000000", 257, "binary");
  buffer.write("root", 265);
  buffer.write("root", 297);
  buffer.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "binary");
  return buffer;
}

function octal(buffer: Buffer, value: number, offset: number, length: number) {
  buffer.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, "binary");
}
