// A Bolt/Dubbo load generator: keeps N requests in flight over K connections for a bounded time; req/s and latency percentiles.
import * as net from "node:net"
import { createBoltDecoder, encodeRequest as encodeBolt, REQUEST_CLASS, writeRequestId as writeBoltId } from "@mosaic/protocol-bolt"
import { createDubboDecoder, encodeRequest as encodeDubbo, writeRequestId as writeDubboId } from "@mosaic/protocol-dubbo"
import { encodeDubboRequestBody, encodeSofaRequest } from "@mosaic/hessian2"

export type RpcProtocol = "bolt" | "dubbo"

export interface LoadOptions {
  readonly protocol: RpcProtocol
  readonly port: number
  readonly host?: string
  /** TCP connections (K). */
  readonly connections: number
  /** Requests in flight in total (N), spread evenly over the connections. */
  readonly inFlight: number
  readonly durationSec: number
  /** Not measured; default 1 s. */
  readonly warmupSec?: number
  /** The echoed string; default "hello". */
  readonly payload?: string
}

export interface LoadResult {
  readonly requests: number
  readonly errors: number
  readonly requestsPerSec: number
  readonly p50Ms: number
  readonly p90Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

/** The echo service of bench/lib/rpc-echo-server.ts. */
export const BOLT_SERVICE = "com.example.EchoService:1.0"
export const DUBBO_SERVICE = "com.example.EchoService"

/** One request frame (id 0), rewritten in place per send. */
const template = (protocol: RpcProtocol, payload: string): Uint8Array =>
  protocol === "bolt"
    ? encodeBolt({
      requestId: 0, timeout: 3000, className: REQUEST_CLASS, headers: { service: BOLT_SERVICE },
      content: encodeSofaRequest({ targetServiceUniqueName: BOLT_SERVICE, methodName: "echo", args: [payload] })
    })
    : encodeDubbo({
      requestId: 0,
      body: encodeDubboRequestBody({
        dubboVersion: "2.0.2", path: DUBBO_SERVICE, version: "1.0.0", method: "echo", args: [payload],
        attachments: { path: DUBBO_SERVICE, interface: DUBBO_SERVICE, version: "1.0.0" }
      })
    })

/** Latency histogram: 1 us buckets up to 100 ms, then one overflow list. */
class Histogram {
  private readonly buckets = new Uint32Array(100_000)
  private readonly slow: Array<number> = []
  count = 0
  add(us: number): void {
    this.count++
    const b = Math.floor(us)
    if (b < this.buckets.length) this.buckets[b]!++
    else this.slow.push(us)
  }
  percentileMs(p: number): number {
    if (this.count === 0) return 0
    const rank = Math.ceil((p / 100) * this.count)
    let seen = 0
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!
      if (seen >= rank) return (i + 1) / 1000
    }
    const slow = [...this.slow].sort((a, b) => a - b)
    return slow[Math.min(slow.length - 1, rank - seen - 1)]! / 1000
  }
  maxMs(): number {
    if (this.slow.length > 0) return Math.max(...this.slow) / 1000
    for (let i = this.buckets.length - 1; i >= 0; i--) if (this.buckets[i]! > 0) return (i + 1) / 1000
    return 0
  }
}

/** Ids wrap inside this window; in flight per connection must stay far below it. */
const RING = 1 << 16

interface Worker {
  readonly done: Promise<void>
  stop(): void
  destroy(): void
}

const worker = (
  o: LoadOptions,
  frame: Uint8Array,
  depth: number,
  stats: { hist: Histogram | undefined; requests: number; errors: number }
): Promise<Worker> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: o.host ?? "127.0.0.1", port: o.port, noDelay: true })
    const bolt = o.protocol === "bolt"
    const decoder = bolt ? createBoltDecoder() : createDubboDecoder()
    const writeId = bolt ? writeBoltId : writeDubboId
    const sentAt = new Float64Array(RING)
    let nextId = 0
    let inFlight = 0
    let stopping = false
    let finish!: () => void
    const done = new Promise<void>((r) => (finish = r))
    /** `n` requests in one write. */
    const send = (n: number) => {
      if (n === 0) return
      const out = new Uint8Array(frame.length * n)
      const now = performance.now()
      for (let i = 0; i < n; i++) {
        const f = out.subarray(i * frame.length, (i + 1) * frame.length)
        f.set(frame)
        nextId = nextId + 1 >= 0x7fffffff ? 1 : nextId + 1
        writeId(f, nextId)
        sentAt[nextId & (RING - 1)] = now
      }
      inFlight += n
      socket.write(out)
    }
    socket.on("data", (chunk: Buffer) => {
      decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
      const now = performance.now()
      let answered = 0
      for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
        const f = d.frame as { requestId: number; status: number }
        answered++
        const ok = bolt ? f.status === 0 : f.status === 20
        if (stats.hist !== undefined) {
          stats.requests++
          if (!ok) stats.errors++
          stats.hist.add((now - sentAt[f.requestId & (RING - 1)]!) * 1000)
        }
      }
      inFlight -= answered
      if (!stopping) send(answered)
      else if (inFlight === 0) {
        socket.destroy()
        finish()
      }
    })
    socket.once("error", reject)
    socket.on("close", () => finish())
    socket.once("connect", () => {
      socket.off("error", reject)
      socket.on("error", () => {})
      send(depth)
      resolve({
        done,
        stop: () => {
          stopping = true
          if (inFlight === 0) {
            socket.destroy()
            finish()
          }
        },
        destroy: () => socket.destroy()
      })
    })
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Run the load: warm up, measure for `durationSec`, stop sending and wait (bounded) for the answers in flight. */
export const runLoad = async (o: LoadOptions): Promise<LoadResult> => {
  const frame = template(o.protocol, o.payload ?? "hello")
  const stats: { hist: Histogram | undefined; requests: number; errors: number } = { hist: undefined, requests: 0, errors: 0 }
  const workers: Array<Worker> = []
  for (let i = 0; i < o.connections; i++) {
    const depth = Math.floor(o.inFlight / o.connections) + (i < o.inFlight % o.connections ? 1 : 0)
    workers.push(await worker(o, frame, depth, stats))
  }
  await sleep((o.warmupSec ?? 1) * 1000)
  const hist = new Histogram()
  stats.hist = hist
  const t0 = performance.now()
  await sleep(o.durationSec * 1000)
  const elapsed = (performance.now() - t0) / 1000
  const requests = stats.requests
  const errors = stats.errors
  stats.hist = undefined
  for (const w of workers) w.stop()
  await Promise.race([Promise.all(workers.map((w) => w.done)), sleep(2000)])
  for (const w of workers) w.destroy()
  return {
    requests,
    errors,
    requestsPerSec: requests / elapsed,
    p50Ms: hist.percentileMs(50),
    p90Ms: hist.percentileMs(90),
    p99Ms: hist.percentileMs(99),
    maxMs: hist.maxMs()
  }
}
