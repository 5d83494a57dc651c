// @mosaic/bytes/testing: test support for the codecs (fuzz seeds, inputs and driver, mutations, hex and golden-vector parsing).
export { mutate, mutations, prng } from "./mutate.ts";
export type { MutationShape } from "./mutate.ts";
export { hex, parseVectors, toHex } from "./hex.ts";
export type { Vector } from "./hex.ts";
export { envSeed, FUZZ_SEED_ENV, freshSeed, fuzzSeed, inputRng, mixSeed, parseSeed, seeded, withSeed } from "./fuzz-seed.ts";
export type { FuzzSeed } from "./fuzz-seed.ts";
export { fuzzInput, randomChunks, utf8 } from "./fuzz-input.ts";
export type { InputShape } from "./fuzz-input.ts";
export { formatFailure, fuzzCheck, FuzzInvariantError, fuzzTest, matcherStable, runFuzz } from "./fuzz-run.ts";
export type { FuzzFailure, FuzzFailureKind, FuzzOutcome, FuzzRunOptions, FuzzStats, FuzzTarget, FuzzTestOptions } from "./fuzz-run.ts";
