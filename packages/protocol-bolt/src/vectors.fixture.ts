// Test fixture (not shipped): golden Bolt frames from /work/shared (bolt-dubbo.txt; peers.md 1c for v2+CRC).
import { readFileSync } from "node:fs";
import { hex, parseVectors } from "@mosaic/bytes/testing";
import type { Vector } from "@mosaic/bytes/testing";

const VECTORS = new URL("../../../../shared/vectors/bolt-dubbo.txt", import.meta.url);
const PEERS = new URL("../../../../shared/reference/peers.md", import.meta.url);

export { hex, toHex } from "@mosaic/bytes/testing";
export type { Vector } from "@mosaic/bytes/testing";

/** Every "### name (N bytes)" section of bolt-dubbo.txt; the declared size is checked. */
export function loadAll(): Vector[] {
  return parseVectors(readFileSync(VECTORS, "utf8"));
}

export function vector(name: string): Uint8Array {
  const v = loadAll().find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return v.bytes;
}

/** The complete Bolt v1 frames (the truncated "err res first 96" is left out). */
export function boltFrames(): Vector[] {
  return loadAll().filter((v) => v.name.startsWith("SOFA") && !v.name.includes("first"));
}

/** Bolt v2 + CRC32 request and response from peers.md section 1c. */
export function boltV2Frames(): Vector[] {
  const text = readFileSync(PEERS, "utf8");
  const sec = text.slice(text.indexOf("### 1c."));
  const block = sec.slice(sec.indexOf("```text") + 7, sec.indexOf("```", sec.indexOf("```text") + 7));
  const out: Vector[] = [];
  for (const part of block.split(/^# /m).slice(1)) {
    const [title = "", ...lines] = part.split("\n");
    const m = /^(\w+) \((\d+) bytes\)/.exec(title);
    if (!m) throw new Error(`bad v2 title: ${title}`);
    const bytes = hex(lines.join(""));
    if (bytes.length !== Number(m[2])) throw new Error(`v2 ${m[1]}: ${bytes.length} != ${m[2]}`);
    out.push({ name: `v2 ${m[1]}`, bytes });
  }
  if (out.length !== 2) throw new Error("expected 2 v2 vectors");
  return out;
}
