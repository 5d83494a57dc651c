// The children of a family: one counter, gauge or histogram series, its label text rendered once.

/** A counter series: `inc` adds (never a negative amount). */
export class CounterSeries {
  readonly labelText: string
  value = 0
  constructor(labelText: string) {
    this.labelText = labelText
  }
  inc = (n = 1): void => {
    if (n > 0) this.value += n
  }
}

export class GaugeSeries {
  readonly labelText: string
  value = 0
  constructor(labelText: string) {
    this.labelText = labelText
  }
  set = (v: number): void => {
    this.value = v
  }
  inc = (n = 1): void => {
    this.value += n
  }
  dec = (n = 1): void => {
    this.value -= n
  }
}

/** A histogram series: a count per bucket (not cumulative; the exposition sums them), the sum and the count. */
export class HistogramSeries {
  readonly labelText: string
  readonly bounds: Float64Array
  /** counts[i]: observations in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
  readonly counts: Float64Array
  sum = 0
  count = 0
  constructor(labelText: string, bounds: Float64Array) {
    this.labelText = labelText
    this.bounds = bounds
    this.counts = new Float64Array(bounds.length + 1)
  }
  observe = (v: number): void => {
    const b = this.bounds
    let i = 0
    while (i < b.length && v > b[i]!) i++
    this.counts[i]!++
    this.sum += v
    this.count++
  }
}

export type Series = CounterSeries | GaugeSeries | HistogramSeries
