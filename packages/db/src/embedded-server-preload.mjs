// Loaded with `node --import` into the pglite-server process that startEmbeddedPostgres spawns (three jobs).
//
// 1. Exit with the owner: when the labnet process that started this server dies without stopping it, our
//    stdin pipe closes; shut down cleanly instead of holding the port and the data folder.
//
// 2. Keep extended-protocol queries whole: pglite-socket 0.2.17 queues each wire message separately and only
//    keeps one connection's messages together inside an explicit transaction block. pg sends a parameterised
//    query as Parse, Bind, Describe, Execute, Sync; without this, another connection's Parse can land between
//    them and replace the unnamed statement ("unnamed prepared statement does not exist", or worse, a Bind to
//    the wrong statement). Reporting "in a transaction" from the first extended message until Sync makes the
//    server's queue serve that connection alone until its query is complete.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";

// 3. Owner-only data: PGlite's WebAssembly file system sets explicit modes (666 for every file it copies out
//    at initdb), which a umask cannot narrow. Group and other bits are cleared from every mode it asks for.
process.umask(0o077);
const OWNER_ONLY = ~0o077;
const narrowMode = (mode) => (typeof mode === "number" ? mode & OWNER_ONLY : mode);
for (const [name, modeIndex] of [
  ["openSync", 2],
  ["chmodSync", 1],
  ["fchmodSync", 1],
  ["lchmodSync", 1],
  ["mkdirSync", 1],
]) {
  const original = fs[name];
  if (typeof original !== "function") continue;
  fs[name] = function (...args) {
    const mode = args[modeIndex];
    if (mode && typeof mode === "object" && "mode" in mode)
      args[modeIndex] = { ...mode, mode: narrowMode(mode.mode) };
    else args[modeIndex] = narrowMode(mode);
    return original.apply(this, args);
  };
}

const stop = () => process.kill(process.pid, "SIGTERM");
process.stdin.on("end", stop).on("error", stop).resume();

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H
const midExtendedQuery = new WeakSet();

const { execProtocolRawStream, isInTransaction, exec } = PGlite.prototype;

PGlite.prototype.execProtocolRawStream = async function (message, options) {
  const type = message[0];
  if (EXTENDED_MESSAGES.has(type)) midExtendedQuery.add(this);
  try {
    return await execProtocolRawStream.call(this, message, options);
  } finally {
    if (type === SYNC || type === SIMPLE_QUERY) midExtendedQuery.delete(this);
  }
};

PGlite.prototype.isInTransaction = function () {
  return midExtendedQuery.has(this) || isInTransaction.call(this);
};

// The server rolls back with exec() when a connection drops mid-transaction; that also ends its query.
PGlite.prototype.exec = function (...args) {
  midExtendedQuery.delete(this);
  return exec.apply(this, args);
};
