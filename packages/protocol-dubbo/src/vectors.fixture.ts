// Test fixture (not shipped): golden Dubbo frames from /work/shared/vectors/bolt-dubbo.txt and peers.md.
import { readFileSync } from "node:fs";
import { hex, parseVectors } from "@mosaic/bytes/testing";
import type { Vector } from "@mosaic/bytes/testing";

const VECTORS = new URL("../../../../shared/vectors/bolt-dubbo.txt", import.meta.url);

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

/** Heartbeat request (id 43) and dubbo-remoting's reply, as listed in peers.md section 2. */
export const HEARTBEAT = hex("dabbe200000000000000002b000000014e");
export const HEARTBEAT_REPLY = hex("dabb2214000000000000002b000000014e");

/** The Dubbo frames of bolt-dubbo.txt plus the two heartbeat frames. */
export function dubboFrames(): Vector[] {
  return [
    ...loadAll().filter((v) => v.name.startsWith("DUBBO")),
    { name: "heartbeat", bytes: HEARTBEAT },
    { name: "heartbeat reply", bytes: HEARTBEAT_REPLY },
  ];
}
