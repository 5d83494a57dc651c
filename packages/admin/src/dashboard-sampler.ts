// The dashboard's sampler: once a second, per-second rates, error rates and p50/p99 per listener, cluster and service from the registry, last 5 minutes.
import { histogramQuantile } from "./histogram-quantile.ts"

/** What the sampler reads of a series: a counter's value or a histogram's per-bucket counts. */
export interface SeriesLike {
  readonly labelText: string
  readonly value?: number
  readonly counts?: ArrayLike<number>
  readonly bounds?: ArrayLike<number>
}
export interface FamilyLike {
  readonly labelNames: ReadonlyArray<string>
  readonly series: ReadonlyArray<SeriesLike>
}
/** The registry as the sampler sees it (`@mosaic/metrics`'s Registry is one). */
export interface RegistryLike {
  readonly get: (name: string) => FamilyLike | undefined
}

/** One chartable group: the things named by `key` in three families (requests, errors, durations). */
export interface GroupSpec {
  readonly kind: string
  readonly key: string
  readonly requests: string
  /** Errors: the series of this family whose `label` is one of `values` (or, with `not`, is none of them). */
  readonly errors: { readonly family: string; readonly label: string; readonly values: ReadonlyArray<string>; readonly not?: boolean }
  /** A histogram of durations in seconds. */
  readonly latency: string
}

export const DASHBOARD_GROUPS: ReadonlyArray<GroupSpec> = [
  {
    kind: "listener", key: "listener", requests: "mosaic_downstream_request_total",
    errors: { family: "mosaic_downstream_rq_xx_total", label: "response_code_class", values: ["5xx"] },
    latency: "mosaic_downstream_request_time_seconds"
  },
  {
    kind: "cluster", key: "cluster", requests: "mosaic_upstream_request_total",
    errors: { family: "mosaic_upstream_rq_xx_total", label: "response_code_class", values: ["5xx"] },
    latency: "mosaic_upstream_request_time_seconds"
  },
  {
    kind: "service", key: "service", requests: "mosaic_invoke_request_total",
    errors: { family: "mosaic_invoke_request_total", label: "grpc_code", values: ["OK"], not: true },
    latency: "mosaic_invoke_request_time_seconds"
  }
]

type Point = number | null
interface Track {
  readonly rps: Array<Point>
  readonly eps: Array<Point>
  readonly p50_ms: Array<Point>
  readonly p99_ms: Array<Point>
}
interface Totals {
  requests: number
  errors: number
  buckets: Array<number> | undefined
  bounds: ArrayLike<number> | undefined
}

export interface GroupSnapshot {
  readonly kind: string
  readonly key: string
  readonly families: { readonly requests: string; readonly errors: string; readonly latency: string }
  /** Families not registered (a group with its requests family missing is not available). */
  readonly missing: ReadonlyArray<string>
  readonly available: boolean
  readonly series: ReadonlyArray<{ readonly key: string } & Track>
}
export interface DashboardSnapshot {
  readonly interval_seconds: number
  readonly window_seconds: number
  /** Unix seconds of each point (the end of its interval). */
  readonly time: ReadonlyArray<number>
  readonly groups: ReadonlyArray<GroupSnapshot>
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g
const unescape = (v: string): string => v.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c))
const round = (v: number): number => Math.round(v * 1000) / 1000

export interface SamplerOptions {
  /** Points kept (default 300: five minutes at one a second). */
  readonly points?: number
  readonly intervalMs?: number
  readonly groups?: ReadonlyArray<GroupSpec>
}

export class DashboardSampler {
  readonly points: number
  readonly intervalMs: number
  private readonly registry: RegistryLike
  private readonly groups: ReadonlyArray<GroupSpec>
  private readonly labelCache = new WeakMap<SeriesLike, Record<string, string>>()
  private readonly time: Array<number> = []
  private readonly tracks: Array<Map<string, Track>>
  private previous: Array<Map<string, Totals>> | undefined
  private previousAt = 0

  constructor(registry: RegistryLike, options: SamplerOptions = {}) {
    this.registry = registry
    this.points = options.points ?? 300
    this.intervalMs = options.intervalMs ?? 1000
    this.groups = options.groups ?? DASHBOARD_GROUPS
    this.tracks = this.groups.map(() => new Map())
  }

  /** Read the totals now; from the second call on, append one point per series (rates over the time since the last call). */
  tick = (nowMs: number = Date.now()): void => {
    const totals = this.groups.map((g) => this.totals(g))
    const previous = this.previous
    const dt = (nowMs - this.previousAt) / 1000
    this.previous = totals
    this.previousAt = nowMs
    if (previous === undefined || dt <= 0) return
    const length = this.time.length
    this.time.push(round(nowMs / 1000))
    this.groups.forEach((_, gi) => {
      const tracks = this.tracks[gi]!
      for (const [key, now] of totals[gi]!) {
        if (!tracks.has(key)) {
          const empty = (): Array<Point> => new Array<Point>(length).fill(null)
          tracks.set(key, { rps: empty(), eps: empty(), p50_ms: empty(), p99_ms: empty() })
        }
      }
      for (const [key, track] of tracks) {
        const now = totals[gi]!.get(key)
        const was = previous[gi]!.get(key)
        const requests = Math.max(0, (now?.requests ?? 0) - (was?.requests ?? 0))
        const errors = Math.max(0, (now?.errors ?? 0) - (was?.errors ?? 0))
        track.rps.push(round(requests / dt))
        track.eps.push(round(errors / dt))
        let p50: Point = null
        let p99: Point = null
        if (now?.buckets !== undefined && now.bounds !== undefined) {
          const delta = now.buckets.map((c, i) => Math.max(0, c - (was?.buckets?.[i] ?? 0)))
          const q50 = histogramQuantile(0.5, now.bounds, delta)
          const q99 = histogramQuantile(0.99, now.bounds, delta)
          if (q50 !== undefined) p50 = round(q50 * 1000)
          if (q99 !== undefined) p99 = round(q99 * 1000)
        }
        track.p50_ms.push(p50)
        track.p99_ms.push(p99)
      }
    })
    if (this.time.length > this.points) {
      const drop = this.time.length - this.points
      this.time.splice(0, drop)
      for (const tracks of this.tracks) {
        for (const t of tracks.values()) for (const a of [t.rps, t.eps, t.p50_ms, t.p99_ms]) a.splice(0, drop)
      }
    }
  }

  /** Tick every `intervalMs` on one unref'd timer; the returned function stops it. */
  start = (): () => void => {
    this.tick()
    const timer = setInterval(() => this.tick(), this.intervalMs)
    ;(timer as { unref?: () => void }).unref?.()
    return () => clearInterval(timer)
  }

  snapshot = (): DashboardSnapshot => ({
    interval_seconds: this.intervalMs / 1000,
    window_seconds: (this.points * this.intervalMs) / 1000,
    time: this.time,
    groups: this.groups.map((g, gi) => {
      const names = [g.requests, g.errors.family, g.latency]
      const missing = [...new Set(names.filter((n) => this.registry.get(n) === undefined))]
      return {
        kind: g.kind,
        key: g.key,
        families: { requests: g.requests, errors: g.errors.family, latency: g.latency },
        missing,
        available: !missing.includes(g.requests),
        series: [...this.tracks[gi]!].map(([key, t]) => ({ key, ...t }))
      }
    })
  })

  private labelsOf(s: SeriesLike): Record<string, string> {
    let labels = this.labelCache.get(s)
    if (labels === undefined) {
      labels = {}
      for (const m of s.labelText.matchAll(LABEL)) labels[m[1]!] = unescape(m[2]!)
      this.labelCache.set(s, labels)
    }
    return labels
  }

  private totals(g: GroupSpec): Map<string, Totals> {
    const out = new Map<string, Totals>()
    const at = (key: string): Totals => {
      let t = out.get(key)
      if (t === undefined) out.set(key, t = { requests: 0, errors: 0, buckets: undefined, bounds: undefined })
      return t
    }
    for (const s of this.registry.get(g.requests)?.series ?? []) {
      const key = this.labelsOf(s)[g.key]
      if (key !== undefined) at(key).requests += s.value ?? 0
    }
    const e = g.errors
    for (const s of this.registry.get(e.family)?.series ?? []) {
      const labels = this.labelsOf(s)
      const key = labels[g.key]
      const v = labels[e.label]
      if (key === undefined || v === undefined || e.values.includes(v) === (e.not ?? false)) continue
      at(key).errors += s.value ?? 0
    }
    for (const s of this.registry.get(g.latency)?.series ?? []) {
      const key = this.labelsOf(s)[g.key]
      if (key === undefined || s.counts === undefined || s.bounds === undefined) continue
      const t = at(key)
      if (t.buckets === undefined) {
        t.buckets = Array.from(s.counts)
        t.bounds = s.bounds
      } else if (t.buckets.length === s.counts.length) {
        for (let i = 0; i < s.counts.length; i++) t.buckets[i]! += s.counts[i]!
      }
    }
    return out
  }
}
