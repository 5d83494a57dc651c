// A metric family: its name, help, type and label names, and its series in a tree of maps keyed by label value.
import { CounterSeries, GaugeSeries, HistogramSeries, type Series } from "./series.ts"

export type MetricType = "counter" | "gauge" | "histogram"

/** The value that stands for every label value past the cap. */
export const OTHER = "other"

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** A label value in the text format: backslash, double quote and line feed escaped. */
export const escapeLabelValue = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

export class Family<S extends Series> {
  readonly name: string
  readonly help: string
  readonly type: MetricType
  readonly labelNames: ReadonlyArray<string>
  readonly bounds: Float64Array | undefined
  /** Every series in creation order (the exposition's order). */
  readonly series: Array<S> = []
  private readonly maxValues: number
  /** Distinct values admitted per label position (the cap counts these). */
  private readonly admitted: Array<Set<string>>
  /** Label values → nested maps → the series (depth = number of labels); the series itself with no labels. */
  private readonly root: Map<string, unknown> | S

  constructor(name: string, help: string, type: MetricType, labelNames: ReadonlyArray<string>, maxValues: number, bounds?: ReadonlyArray<number>) {
    if (!NAME.test(name)) throw new Error(`metric name "${name}": letters, digits, "_" and ":", not starting with a digit`)
    for (const l of labelNames) {
      if (!LABEL.test(l) || l.startsWith("__")) throw new Error(`metric ${name}: label name "${l}" is not valid`)
      if (type === "histogram" && l === "le") throw new Error(`metric ${name}: "le" is reserved in histograms`)
    }
    if (new Set(labelNames).size !== labelNames.length) throw new Error(`metric ${name}: label names repeat`)
    if (bounds !== undefined) {
      for (let i = 0; i < bounds.length; i++) {
        if (!Number.isFinite(bounds[i]!) || (i > 0 && bounds[i]! <= bounds[i - 1]!)) {
          throw new Error(`metric ${name}: buckets must be finite and ascending`)
        }
      }
      this.bounds = Float64Array.from(bounds)
    }
    this.name = name
    this.help = help
    this.type = type
    this.labelNames = labelNames
    this.maxValues = maxValues
    this.admitted = labelNames.map(() => new Set<string>())
    this.root = labelNames.length === 0 ? this.create([]) : new Map()
  }

  /** The series for these label values (created once); values past the cap become "other". */
  labels = (...values: ReadonlyArray<string>): S => {
    const n = this.labelNames.length
    if (values.length !== n) throw new Error(`metric ${this.name}: ${n} label values expected (${this.labelNames.join(", ")}), got ${values.length}`)
    if (n === 0) return this.root as S
    let node = this.root as Map<string, unknown>
    let folded: Array<string> | undefined
    for (let i = 0; i < n; i++) {
      let v = values[i]!
      let next = node.get(v)
      if (next === undefined) {
        v = this.admit(i, v)
        if (v !== values[i]) (folded ??= [...values])[i] = v
        next = node.get(v)
        if (next === undefined) {
          next = i === n - 1 ? this.create(folded ?? values) : new Map<string, unknown>()
          node.set(v, next)
        }
      }
      if (i === n - 1) return next as S
      node = next as Map<string, unknown>
    }
    throw new Error("unreachable")
  }

  private admit(i: number, v: string): string {
    const seen = this.admitted[i]!
    if (seen.has(v) || v === OTHER) return v
    if (seen.size >= this.maxValues) return OTHER
    seen.add(v)
    return v
  }

  private create(values: ReadonlyArray<string>): S {
    const text = values.length === 0 ? "" : this.labelNames.map((l, i) => `${l}="${escapeLabelValue(values[i]!)}"`).join(",")
    const s = (this.type === "counter"
      ? new CounterSeries(text)
      : this.type === "gauge"
      ? new GaugeSeries(text)
      : new HistogramSeries(text, this.bounds!)) as S
    this.series.push(s)
    return s
  }
}
