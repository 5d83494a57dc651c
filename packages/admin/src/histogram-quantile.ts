// A quantile from per-bucket counts (not cumulative), linearly interpolated inside its bucket as Prometheus's histogram_quantile does.

/**
 * The `q` quantile (0..1) of observations counted per bucket: `counts[i]` in (bounds[i-1], bounds[i]], the last
 * slot +Inf. The first bucket starts at 0; a rank in the +Inf bucket answers the largest finite bound.
 * `undefined` when nothing was observed.
 */
export const histogramQuantile = (q: number, bounds: ArrayLike<number>, counts: ArrayLike<number>): number | undefined => {
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i]!
  if (total <= 0) return undefined
  const rank = q * total
  let below = 0
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!
    if (c > 0 && below + c >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1]
      const lower = i === 0 ? 0 : bounds[i - 1]!
      const upper = bounds[i]!
      return lower + (upper - lower) * ((rank - below) / c)
    }
    below += c
  }
  return bounds[bounds.length - 1]
}
