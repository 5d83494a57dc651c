// Test helpers for the load balancers: hosts with weights, pick counting, a seeded random source.
import { Host } from "../src/cluster/host.ts"
import type { LbContext, LoadBalancer } from "../src/cluster/load-balancer.ts"

export const hosts = (...weights: Array<number>): Array<Host> =>
  weights.map((weight, i) => new Host({ address: `127.0.0.1:${1000 + i}`, weight }))

/** Picks per host address over `n` choices ("none" for undefined). */
export const counts = (lb: LoadBalancer, n: number, context?: (i: number) => LbContext | undefined): Map<string, number> => {
  const got = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const k = lb.choose(context?.(i))?.address ?? "none"
    got.set(k, (got.get(k) ?? 0) + 1)
  }
  return got
}

/** Deterministic uniform [0, 1) (mulberry32). */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Share of `total` each host got, in host order. */
export const shares = (got: Map<string, number>, hs: ReadonlyArray<Host>, total: number): Array<number> =>
  hs.map((h) => (got.get(h.address) ?? 0) / total)
