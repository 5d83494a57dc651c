// Test fixture (not shipped): the golden Bolt frames (bolt-dubbo.txt; peers.md 1c for v2+CRC).
import type { Vector } from "@mosaic/bytes/testing";
import { loadVectors } from "../../../test/support/vectors.ts";

export { hex, toHex } from "@mosaic/bytes/testing";
export type { Vector } from "@mosaic/bytes/testing";
export { boltV2Vectors as boltV2Frames, loadVectors as loadAll, vector } from "../../../test/support/vectors.ts";

/** The complete Bolt v1 frames (the truncated "err res first 96" is left out). */
export function boltFrames(): Vector[] {
  return loadVectors().filter((v) => v.name.startsWith("SOFA") && !v.name.includes("first"));
}
