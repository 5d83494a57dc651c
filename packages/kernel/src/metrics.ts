// The metrics contract: counters, gauges and histograms with pre-bound label children; `@mosaic/metrics` implements it.
import { Context } from "effect"

/** One labelled series of a counter: only goes up. */
export interface CounterChild {
  readonly inc: (n?: number) => void
}

/** One labelled series of a gauge: any value. */
export interface GaugeChild {
  readonly set: (value: number) => void
  readonly inc: (n?: number) => void
  readonly dec: (n?: number) => void
}

/** One labelled series of a histogram with the family's fixed buckets. */
export interface HistogramChild {
  readonly observe: (value: number) => void
}

/**
 * A metric and its label names. `labels(...values)` returns the child for those values (one value per label
 * name, in order), creating it once; bind children at startup and keep them. A value past the registry's cap
 * on distinct values of one label is folded into `"other"`.
 */
export interface Family<C> {
  readonly name: string
  readonly labels: (...values: ReadonlyArray<string>) => C
}

export interface MetricsShape {
  /** Distinct values one label of one metric may take before the rest fold into "other". */
  readonly maxLabelValues: number
  /** Get or create a counter (the same name with the same type and label names returns the same family). */
  readonly counter: (name: string, help: string, labelNames?: ReadonlyArray<string>) => Family<CounterChild>
  readonly gauge: (name: string, help: string, labelNames?: ReadonlyArray<string>) => Family<GaugeChild>
  /** `buckets`: upper bounds, ascending (`+Inf` is added). */
  readonly histogram: (name: string, help: string, labelNames: ReadonlyArray<string>, buckets: ReadonlyArray<number>) => Family<HistogramChild>
  /** Run `collect` before every exposition (gauges read at scrape time); returns a function that removes it. */
  readonly onCollect: (collect: () => void) => () => void
}

/**
 * The metrics registry of a runtime, present only when metrics are on (an admin server or a metrics sink is
 * configured). Components look it up once when they start: with it absent they bind nothing and count nothing.
 */
export class Metrics extends Context.Service<Metrics, MetricsShape>()("@mosaic/kernel/Metrics") {}
