// @mosaic/bytes/testing: test support for the codecs (fuzz mutations, hex and golden-vector parsing).
export { mutate, mutations, prng } from "./mutate.ts";
export type { MutationShape } from "./mutate.ts";
export { hex, parseVectors, toHex } from "./hex.ts";
export type { Vector } from "./hex.ts";
