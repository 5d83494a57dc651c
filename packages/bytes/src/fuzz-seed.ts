// Fuzz seeds: a fresh random seed per run, printed, replayed from MOSAIC_FUZZ_SEED, and named in failures.
import { prng } from "./mutate.ts";

/** The environment variable that replays a run: `MOSAIC_FUZZ_SEED=123 npm test -- fuzz`. */
export const FUZZ_SEED_ENV = "MOSAIC_FUZZ_SEED";

/** One fuzz run's seed. `label` is the line printed at the start and appended to every failure. */
export interface FuzzSeed {
  readonly name: string;
  readonly seed: number;
  /** True when the seed came from MOSAIC_FUZZ_SEED. */
  readonly replayed: boolean;
  readonly label: string;
}

interface EnvHost {
  readonly process?: { readonly env?: Record<string, string | undefined> };
  readonly Deno?: { readonly env: { get(key: string): string | undefined } };
}

/** MOSAIC_FUZZ_SEED from Node/Bun `process.env` or `Deno.env` (undefined without env permission). */
export function envSeed(): string | undefined {
  const host = globalThis as EnvHost;
  try {
    const v = host.process?.env?.[FUZZ_SEED_ENV] ?? host.Deno?.env.get(FUZZ_SEED_ENV);
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  } catch {
    return undefined;
  }
}

/** A u32 seed from decimal or 0x-hex text; throws on anything else. */
export function parseSeed(text: string): number {
  const n = /^0x[0-9a-f]{1,8}$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 0 && n <= 0xffffffff)) throw new Error(`${FUZZ_SEED_ENV}: "${text}" is not a u32 seed`);
  return n;
}

/** A fresh u32 seed from the platform's crypto source. */
export function freshSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * The seed for the fuzz run `name`: `seed` if given, else MOSAIC_FUZZ_SEED, else a fresh one. Prints
 * `fuzz seed <name>: <seed> (replay: MOSAIC_FUZZ_SEED=<seed>)` once through `log`.
 */
export function fuzzSeed(name: string, seed?: number, log: (line: string) => void = console.log): FuzzSeed {
  const fromEnv = seed === undefined ? envSeed() : undefined;
  const value = seed ?? (fromEnv === undefined ? freshSeed() : parseSeed(fromEnv));
  const label = `fuzz seed ${name}: ${value} (replay: ${FUZZ_SEED_ENV}=${value})`;
  log(label);
  return { name, seed: value, replayed: fromEnv !== undefined, label };
}

/** Mixes a run seed and an input index into one u32 (a splitmix32-style finaliser). */
export function mixSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The PRNG of input `index` of a run: every input has its own stream, so one input replays alone. */
export function inputRng(seed: number, index: number): () => number {
  return prng(mixSeed(seed, index));
}

/** `error` rethrown as an Error whose message starts with the seed line (the original is the cause). */
export function seeded(s: FuzzSeed, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${s.label}: ${message}`, { cause: error });
}

/** Runs `body` (sync or async); whatever it throws comes out with the seed in its message. */
export function withSeed<A>(s: FuzzSeed, body: () => A): A {
  let out: A;
  try {
    out = body();
  } catch (e) {
    throw seeded(s, e);
  }
  if (out instanceof Promise) return out.catch((e: unknown) => { throw seeded(s, e); }) as A;
  return out;
}
