// Test fixture (not shipped): the golden Dubbo frames (bolt-dubbo.txt and peers.md section 2).
import { hex } from "@mosaic/bytes/testing";
import type { Vector } from "@mosaic/bytes/testing";
import { loadVectors } from "../../../test/support/vectors.ts";

export { hex, toHex } from "@mosaic/bytes/testing";
export type { Vector } from "@mosaic/bytes/testing";
export { loadVectors as loadAll, vector } from "../../../test/support/vectors.ts";

/** Heartbeat request (id 43) and dubbo-remoting's reply, as listed in peers.md section 2. */
export const HEARTBEAT = hex("dabbe200000000000000002b000000014e");
export const HEARTBEAT_REPLY = hex("dabb2214000000000000002b000000014e");

/** The Dubbo frames of bolt-dubbo.txt plus the two heartbeat frames. */
export function dubboFrames(): Vector[] {
  return [
    ...loadVectors().filter((v) => v.name.startsWith("DUBBO")),
    { name: "heartbeat", bytes: HEARTBEAT },
    { name: "heartbeat reply", bytes: HEARTBEAT_REPLY },
  ];
}
