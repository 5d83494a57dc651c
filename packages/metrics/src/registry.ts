// The registry: get-or-create families by name, collect hooks run at scrape time, the text exposition.
import type { MetricsShape } from "@mosaic/kernel"
import { expose } from "./exposition.ts"
import { Family, type MetricType } from "./family.ts"
import { type CounterSeries, type GaugeSeries, type HistogramSeries, type Series } from "./series.ts"

export interface RegistryOptions {
  /** Distinct values one label of one metric may take; more are folded into "other" (default 100). */
  readonly maxLabelValues?: number
}

export const DEFAULT_MAX_LABEL_VALUES = 100

export class Registry implements MetricsShape {
  readonly maxLabelValues: number
  private readonly families = new Map<string, Family<Series>>()
  private readonly collectors = new Set<() => void>()

  constructor(options: RegistryOptions = {}) {
    const max = options.maxLabelValues ?? DEFAULT_MAX_LABEL_VALUES
    if (!Number.isInteger(max) || max < 1) throw new Error(`maxLabelValues: a positive integer, got ${max}`)
    this.maxLabelValues = max
  }

  counter = (name: string, help: string, labelNames: ReadonlyArray<string> = []): Family<CounterSeries> =>
    this.family(name, help, "counter", labelNames) as Family<CounterSeries>

  gauge = (name: string, help: string, labelNames: ReadonlyArray<string> = []): Family<GaugeSeries> =>
    this.family(name, help, "gauge", labelNames) as Family<GaugeSeries>

  histogram = (name: string, help: string, labelNames: ReadonlyArray<string>, buckets: ReadonlyArray<number>): Family<HistogramSeries> =>
    this.family(name, help, "histogram", labelNames, buckets) as Family<HistogramSeries>

  onCollect = (collect: () => void): () => void => {
    this.collectors.add(collect)
    return () => void this.collectors.delete(collect)
  }

  /** Run the collect hooks, then render every family in the text format 0.0.4. */
  expose = (): string => {
    for (const c of this.collectors) c()
    return expose(this.families.values())
  }

  /** The family registered under `name`, if any. */
  get = (name: string): Family<Series> | undefined => this.families.get(name)

  private family(name: string, help: string, type: MetricType, labelNames: ReadonlyArray<string>, buckets?: ReadonlyArray<number>): Family<Series> {
    const old = this.families.get(name)
    if (old !== undefined) {
      const same = old.type === type && old.labelNames.join(",") === labelNames.join(",") &&
        (buckets === undefined || [...old.bounds!].join(",") === buckets.join(","))
      if (!same) throw new Error(`metric ${name} is already registered as a ${old.type} with labels (${old.labelNames.join(", ")})`)
      return old
    }
    const f = new Family<Series>(name, help, type, labelNames, this.maxLabelValues, buckets)
    this.families.set(name, f)
    return f
  }
}
