// Fuzzes every decoder for N seeded inputs each (a worker per decoder, watched for hangs) and prints inputs, time, rate and failures.
// Usage: npm run fuzz -- --inputs N [--seed S] [--only name[,name]] [--hang-ms MS] [--index I]   (env MOSAIC_FUZZ_SEED = --seed)
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"
import {
  envSeed, formatFailure, freshSeed, type FuzzFailure, type FuzzStats, type FuzzTarget, inputRng, parseSeed, runFuzz, toHex
} from "@mosaic/bytes/testing"

type Load = () => Promise<FuzzTarget<any>>
const pick = (path: string, fn: string, index = 0): Load => async () => {
  const made = (await import(path))[fn]()
  return Array.isArray(made) ? made[index] : made
}

/** Every decoder under fuzz, by name; each loads its package's fuzz fixture (the same targets the fuzz tests run). */
const TARGETS: Record<string, Load> = {
  "hessian2-final": pick("../packages/hessian2/src/fuzz.fixture.ts", "hessianFuzzTargets", 0),
  "hessian2-draft": pick("../packages/hessian2/src/fuzz.fixture.ts", "hessianFuzzTargets", 1),
  "hessian2-auto": pick("../packages/hessian2/src/fuzz.fixture.ts", "hessianFuzzTargets", 2),
  "http1-request": pick("../packages/protocol-http1/src/fuzz.fixture.ts", "http1RequestFuzzTarget"),
  "http1-response": pick("../packages/protocol-http1/src/fuzz.fixture.ts", "http1ResponseFuzzTarget"),
  bolt: pick("../packages/protocol-bolt/src/fuzz.fixture.ts", "boltFuzzTarget"),
  dubbo: pick("../packages/protocol-dubbo/src/fuzz.fixture.ts", "dubboFuzzTarget"),
  ttheader: pick("../packages/protocol-ttheader/src/fuzz.fixture.ts", "ttheaderFuzzTarget"),
  theader: pick("../packages/protocol-ttheader/src/fuzz.fixture.ts", "theaderFuzzTarget"),
  "framed-thrift": pick("../packages/protocol-ttheader/src/fuzz.fixture.ts", "framedThriftFuzzTarget"),
  "buffered-thrift": pick("../packages/protocol-ttheader/src/fuzz.fixture.ts", "bufferedThriftFuzzTarget"),
  kitex: pick("../packages/protocol-ttheader/src/fuzz.fixture.ts", "kitexFuzzTarget"),
  transmeta: pick("../packages/transmeta/src/fuzz.fixture.ts", "transmetaFuzzTarget"),
  "ingress-grpc": pick("../packages/ingress-connect/src/fuzz.fixture.ts", "ingressGrpcFuzzTarget"),
  "ingress-json": pick("../packages/ingress-connect/src/fuzz.fixture.ts", "ingressJsonFuzzTarget")
}

interface Job {
  readonly name: string
  readonly seed: number
  readonly from: number
  readonly inputs: number
  readonly maxFailures: number
  readonly progress: SharedArrayBuffer
}

const MAX_FAILURES = 10

/** A failure without its error object (it crosses the worker boundary as data). */
const plain = (f: FuzzFailure): FuzzFailure => ({ index: f.index, kind: f.kind, message: f.message, input: f.input, ...(f.minimal === undefined ? {} : { minimal: f.minimal }) })

if (!isMainThread) {
  // Worker: run one decoder's slice, publishing the index being decoded for the watchdog.
  const job = workerData as Job
  const now = new Int32Array(job.progress)
  const target = await TARGETS[job.name]!()
  const stats = await runFuzz(target, {
    seed: job.seed, inputs: job.inputs, from: job.from, maxFailures: job.maxFailures,
    onInput: (i) => Atomics.store(now, 0, i),
    onFailure: (f) => parentPort!.postMessage({ failure: plain(f) })
  })
  parentPort!.postMessage({ stats: { ...stats, failures: [] } })
} else {
  await main()
}

function args(): { inputs: number; seed: number; only: Array<string>; hangMs: number; index: number | undefined } {
  const a = process.argv.slice(2)
  const get = (flag: string): string | undefined => {
    const i = a.indexOf(flag)
    return i < 0 ? undefined : a[i + 1]
  }
  const known = new Set(["--inputs", "--seed", "--only", "--hang-ms", "--index"])
  for (let i = 0; i < a.length; i += 2) if (!known.has(a[i]!)) throw new Error(`unknown argument ${a[i]} (known: ${[...known].join(" ")})`)
  const seedText = get("--seed") ?? envSeed()
  const only = (get("--only") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "")
  for (const o of only) if (!Object.keys(TARGETS).some((n) => n.includes(o))) throw new Error(`--only ${o}: no decoder named so (${Object.keys(TARGETS).join(", ")})`)
  const index = get("--index")
  return {
    inputs: Number(get("--inputs") ?? 100_000),
    seed: seedText === undefined ? freshSeed() : parseSeed(seedText),
    only,
    hangMs: Number(get("--hang-ms") ?? 10_000),
    index: index === undefined ? undefined : Number(index)
  }
}

/** Runs `job` in a worker (failures go to `onFailure` as found); resolves with its stats, or with a hang at the index it was stuck on. */
function runWorker(job: Job, hangMs: number, onFailure: (f: FuzzFailure) => void): Promise<FuzzStats | { hang: number }> {
  return new Promise((resolve, reject) => {
    const now = new Int32Array(job.progress)
    Atomics.store(now, 0, job.from)
    const worker = new Worker(new URL(import.meta.url), { workerData: job })
    let last = -1
    let since = Date.now()
    const timer = setInterval(() => {
      const i = Atomics.load(now, 0)
      if (i !== last) {
        last = i
        since = Date.now()
      } else if (Date.now() - since > hangMs) {
        clearInterval(timer)
        void worker.terminate().then(() => resolve({ hang: i }))
      }
    }, 250)
    worker.on("message", (m: { failure: FuzzFailure } | { stats: FuzzStats }) => {
      if ("failure" in m) return onFailure(m.failure)
      clearInterval(timer)
      resolve(m.stats)
    })
    worker.once("error", (e) => {
      clearInterval(timer)
      reject(e)
    })
  })
}

/** All `inputs` of one decoder; a hang is recorded as a failure and the run resumes after it. */
async function fuzzOne(name: string, seed: number, inputs: number, hangMs: number): Promise<FuzzStats> {
  const failures: Array<FuzzFailure> = []
  let accepted = 0
  let rejected = 0
  let unsplit = 0
  let slowestMs = 0
  let slowestIndex = -1
  const t0 = performance.now()
  const progress = new SharedArrayBuffer(4)
  let from = 0
  let ticker: ReturnType<typeof setInterval> | undefined = setInterval(() => {
    const at = Atomics.load(new Int32Array(progress), 0)
    console.log(`  ${name}: ${at.toLocaleString("en-US")} / ${inputs.toLocaleString("en-US")} after ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  }, 60_000)
  try {
    while (from < inputs && failures.length < MAX_FAILURES) {
      const r = await runWorker({ name, seed, from, inputs: inputs - from, maxFailures: MAX_FAILURES - failures.length, progress }, hangMs, (f) => void failures.push(f))
      if ("hang" in r) {
        // Inputs before the hung one were decoded, but their accepted/rejected split died with the worker.
        unsplit += r.hang - from - failures.filter((f) => f.index >= from).length
        const input = (await TARGETS[name]!()).generate(inputRng(seed, r.hang))
        failures.push({ index: r.hang, kind: "hang", message: `no progress for ${hangMs} ms`, input: input instanceof Uint8Array ? toHex(input) : JSON.stringify(input) })
        from = r.hang + 1
        continue
      }
      accepted += r.accepted
      rejected += r.rejected
      if (r.slowestMs > slowestMs) {
        slowestMs = r.slowestMs
        slowestIndex = r.slowestIndex
      }
      from = inputs // done, or stopped at 10 failures
    }
  } finally {
    clearInterval(ticker)
    ticker = undefined
  }
  return { name, seed, inputs: accepted + rejected + unsplit + failures.length, accepted, rejected, ms: performance.now() - t0, slowestMs, slowestIndex, failures }
}

/** `--index I`: one input, in this thread, with the full error. */
async function replay(name: string, seed: number, index: number): Promise<void> {
  const target = await TARGETS[name]!()
  const rnd = inputRng(seed, index)
  const input = target.generate(rnd)
  console.log(`${name} input #${index}: ${input instanceof Uint8Array ? toHex(input) : JSON.stringify(input)}`)
  try {
    console.log(`${name}: ${await target.check(input, rnd)}`)
  } catch (e) {
    console.log(`${name}: FAILED`, e)
    process.exitCode = 1
  }
}

async function main(): Promise<void> {
  const o = args()
  const names = Object.keys(TARGETS).filter((n) => o.only.length === 0 || o.only.some((x) => n.includes(x)))
  console.log(`fuzz seed: ${o.seed} (replay: MOSAIC_FUZZ_SEED=${o.seed}, or --seed ${o.seed})`)
  if (o.index !== undefined) {
    for (const name of names) await replay(name, o.seed, o.index)
    return
  }
  console.log(`${names.length} decoder(s), ${o.inputs.toLocaleString("en-US")} inputs each, hang watchdog ${o.hangMs} ms\n`)
  const rows: Array<FuzzStats> = []
  for (const name of names) {
    const s = await fuzzOne(name, o.seed, o.inputs, o.hangMs)
    rows.push(s)
    console.log(row(s))
    for (const f of s.failures) console.log(`  ${formatFailure(f).replaceAll("\n", "\n  ")}\n  replay: npm run fuzz -- --seed ${o.seed} --only ${name} --index ${f.index}`)
  }
  console.log(`\n${"decoder".padEnd(16)} ${"inputs".padStart(10)} ${"seconds".padStart(8)} ${"inputs/s".padStart(9)} ${"accepted".padStart(9)} ${"rejected".padStart(9)} ${"slowest ms".padStart(10)} failures`)
  for (const s of rows) console.log(row(s))
  const failed = rows.reduce((n, s) => n + s.failures.length, 0)
  console.log(`\nseed ${o.seed}: ${failed} failure(s)`)
  if (failed > 0) process.exitCode = 1
}

function row(s: FuzzStats): string {
  const sec = s.ms / 1000
  return `${s.name.padEnd(16)} ${String(s.inputs).padStart(10)} ${sec.toFixed(1).padStart(8)} ${Math.round(s.inputs / sec).toString().padStart(9)} ` +
    `${String(s.accepted).padStart(9)} ${String(s.rejected).padStart(9)} ${s.slowestMs.toFixed(1).padStart(10)} ${s.failures.length}` +
    (s.failures.length > 0 ? ` (${[...new Set(s.failures.map((f) => f.kind))].join(", ")})` : "")
}
