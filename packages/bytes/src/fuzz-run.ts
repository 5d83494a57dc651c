// The fuzz driver: N seeded inputs through one target, failures collected (and byte inputs shrunk), stats out.
import { type FuzzSeed, fuzzSeed, inputRng, seeded } from "./fuzz-seed.ts";
import { toHex } from "./hex.ts";

/** How one input ended: decoded (or accepted) or rejected with the codec's own tagged error. */
export type FuzzOutcome = "accepted" | "rejected";

/**
 * One decoder under fuzz. `check` decodes an input (drawing chunk splits from `rnd` as it likes), returns
 * "rejected" for the codec's own declared error and throws for anything else: another error, or a
 * broken invariant (`fuzzFail`). Both the per-package fuzz tests and `npm run fuzz` run these.
 */
export interface FuzzTarget<I = Uint8Array> {
  readonly name: string;
  generate(rnd: () => number): I;
  check(input: I, rnd: () => number): FuzzOutcome | Promise<FuzzOutcome>;
  /** Printable form of an input (default: hex for bytes, JSON otherwise). */
  show?(input: I): string;
}

/** A broken invariant (as opposed to an unexpected exception from the decoder). */
export class FuzzInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FuzzInvariantError";
  }
}

/** Throws a FuzzInvariantError unless `ok`. */
export function fuzzCheck(ok: boolean, message: string | (() => string)): asserts ok {
  if (!ok) throw new FuzzInvariantError(typeof message === "string" ? message : message());
}

/** Once a matcher decides on a random prefix of `input`, the whole input gets the same answer. */
export function matcherStable(match: (b: Uint8Array) => string, input: Uint8Array, rnd: () => number, name: string): void {
  const whole = match(input);
  const k = Math.floor(rnd() * (input.length + 1));
  const part = match(input.subarray(0, k));
  fuzzCheck(part === "again" || part === whole, () => `${name}: ${k}-byte prefix says ${part}, whole input ${whole}`);
}

export type FuzzFailureKind = "error" | "invariant" | "hang";

export interface FuzzFailure {
  readonly index: number;
  readonly kind: FuzzFailureKind;
  readonly message: string;
  /** The input (hex for bytes), and the smallest input found that still fails the same way. */
  readonly input: string;
  readonly minimal?: string;
  readonly error?: unknown;
}

export interface FuzzStats {
  readonly name: string;
  readonly seed: number;
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly ms: number;
  readonly slowestMs: number;
  readonly slowestIndex: number;
  readonly failures: ReadonlyArray<FuzzFailure>;
}

export interface FuzzRunOptions {
  readonly seed: number;
  readonly inputs: number;
  /** First input index (default 0): a run from `from` replays the same inputs as part of a longer one. */
  readonly from?: number;
  /** Stop after this many failures (default 5). */
  readonly maxFailures?: number;
  /** Shrink failing byte inputs (default true). */
  readonly shrink?: boolean;
  /** Called before each input (e.g. to publish progress to a watchdog). */
  readonly onInput?: (index: number) => void;
  /** Called with each failure as it is found. */
  readonly onFailure?: (failure: FuzzFailure) => void;
}

const show = <I>(t: FuzzTarget<I>, input: I): string =>
  t.show !== undefined ? t.show(input) : input instanceof Uint8Array ? toHex(input) : JSON.stringify(input);

const kindOf = (e: unknown): FuzzFailureKind => (e instanceof FuzzInvariantError ? "invariant" : "error");
const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The same failure again: same kind and error class (messages may name offsets that move). */
const sameFailure = (a: unknown, b: unknown): boolean =>
  kindOf(a) === kindOf(b) && (a as Error | undefined)?.constructor === (b as Error | undefined)?.constructor;

/** Fails with `error` again? Runs `check` with input `index`'s stream, drawn past `generate` as in the run. */
const failsLike = async <I>(t: FuzzTarget<I>, input: I, error: unknown, seed: number, index: number): Promise<boolean> => {
  const rnd = inputRng(seed, index);
  t.generate(rnd);
  try {
    await t.check(input, rnd);
    return false;
  } catch (e) {
    return sameFailure(e, error);
  }
};

/** Removes runs (halves down to single bytes) while the input still fails the same way; bounded. */
const shrinkBytes = async (t: FuzzTarget<Uint8Array>, input: Uint8Array, error: unknown, seed: number, index: number): Promise<Uint8Array | undefined> => {
  if (!(await failsLike(t, input, error, seed, index))) return undefined;
  let best = input;
  let budget = 4000;
  for (let size = best.length >> 1; size >= 1 && budget > 0; size = size >> 1) {
    for (let at = 0; at + size <= best.length && budget > 0; ) {
      budget--;
      const cand = new Uint8Array(best.length - size);
      cand.set(best.subarray(0, at));
      cand.set(best.subarray(at + size), at);
      if (await failsLike(t, cand, error, seed, index)) best = cand;
      else at += size;
    }
  }
  return best;
};

/** Runs `inputs` inputs of `target` from `seed`; never throws for a target failure (they are in `failures`). */
export async function runFuzz<I>(target: FuzzTarget<I>, options: FuzzRunOptions): Promise<FuzzStats> {
  const from = options.from ?? 0;
  const end = from + options.inputs;
  const maxFailures = options.maxFailures ?? 5;
  const failures: Array<FuzzFailure> = [];
  let accepted = 0;
  let rejected = 0;
  let slowestMs = 0;
  let slowestIndex = -1;
  const t0 = performance.now();
  for (let i = from; i < end && failures.length < maxFailures; i++) {
    options.onInput?.(i);
    const rnd = inputRng(options.seed, i);
    const input = target.generate(rnd);
    const s = performance.now();
    try {
      const r = target.check(input, rnd);
      const out = r instanceof Promise ? await r : r;
      if (out === "accepted") accepted++;
      else rejected++;
    } catch (e) {
      let minimal: string | undefined;
      if (options.shrink !== false && input instanceof Uint8Array) {
        const m = await shrinkBytes(target as unknown as FuzzTarget<Uint8Array>, input, e, options.seed, i);
        if (m !== undefined && m.length < input.length) minimal = toHex(m);
      }
      const failure: FuzzFailure = { index: i, kind: kindOf(e), message: describe(e), input: show(target, input), error: e, ...(minimal === undefined ? {} : { minimal }) };
      failures.push(failure);
      options.onFailure?.(failure);
    }
    const took = performance.now() - s;
    if (took > slowestMs) {
      slowestMs = took;
      slowestIndex = i;
    }
  }
  return { name: target.name, seed: options.seed, inputs: accepted + rejected + failures.length, accepted, rejected, ms: performance.now() - t0, slowestMs, slowestIndex, failures };
}

/** One failure as text: index, kind, message, input and the shrunk input. */
export function formatFailure(f: FuzzFailure): string {
  return `input #${f.index} ${f.kind}: ${f.message}\n  input ${f.input}${f.minimal === undefined ? "" : `\n  minimal ${f.minimal}`}`;
}

export interface FuzzTestOptions {
  readonly inputs: number;
  /** A single input that takes longer fails the test as a hang (default 5000 ms: generous on a loaded box). */
  readonly hangMs?: number;
}

/**
 * A fuzz test body: prints the seed (fresh, or MOSAIC_FUZZ_SEED), runs the target and throws with the
 * seed in the message when an input failed or took longer than `hangMs`. Returns the seed and stats
 * for further checks (wrap them in `withSeed`).
 */
export async function fuzzTest<I>(target: FuzzTarget<I>, options: FuzzTestOptions): Promise<{ seed: FuzzSeed; stats: FuzzStats }> {
  const seed = fuzzSeed(target.name);
  const stats = await runFuzz(target, { seed: seed.seed, inputs: options.inputs, maxFailures: 3 });
  if (stats.failures.length > 0) {
    throw seeded(seed, new Error(`${stats.failures.length} failing input(s)\n${stats.failures.map(formatFailure).join("\n")}`, { cause: stats.failures[0]!.error }));
  }
  const hangMs = options.hangMs ?? 5000;
  if (stats.slowestMs > hangMs) throw seeded(seed, new Error(`input #${stats.slowestIndex} took ${stats.slowestMs.toFixed(0)} ms`));
  return { seed, stats };
}
