// Write times of the requests awaiting an answer on one multiplexed connection, by request id, without allocating per request.

const EMPTY = -1

/**
 * An open-addressing table (linear probing, backward-shift deletion) in two typed arrays: request id
 * (0..2^32-1, exact in a float64) -> time. It grows (doubling) to stay at most half full, so it allocates
 * only when the number of requests in flight reaches a new high.
 */
export class WriteTimes {
  private ids: Float64Array
  private times: Float64Array
  private mask: number
  private count = 0

  constructor(capacity = 16) {
    let size = 16
    while (size < capacity * 2) size *= 2
    this.ids = new Float64Array(size).fill(EMPTY)
    this.times = new Float64Array(size)
    this.mask = size - 1
  }

  get size(): number {
    return this.count
  }

  /** Request `id` was written at `t` (replaces an earlier entry for the same id). */
  set(id: number, t: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow()
    const ids = this.ids
    const mask = this.mask
    let i = id & mask
    for (;;) {
      const cur = ids[i]!
      if (cur === EMPTY) {
        ids[i] = id
        this.times[i] = t
        this.count++
        return
      }
      if (cur === id) {
        this.times[i] = t
        return
      }
      i = (i + 1) & mask
    }
  }

  /** The write time of `id`, forgetting it; -1 when there is none. */
  take(id: number): number {
    const i = this.find(id)
    if (i === -1) return -1
    const t = this.times[i]!
    this.removeAt(i)
    return t
  }

  delete(id: number): void {
    const i = this.find(id)
    if (i !== -1) this.removeAt(i)
  }

  clear(): void {
    if (this.count === 0) return
    this.ids.fill(EMPTY)
    this.count = 0
  }

  private find(id: number): number {
    if (this.count === 0) return -1
    const ids = this.ids
    const mask = this.mask
    let i = id & mask
    for (;;) {
      const cur = ids[i]!
      if (cur === id) return i
      if (cur === EMPTY) return -1
      i = (i + 1) & mask
    }
  }

  /** Delete slot `i`, shifting back later entries of the same probe run so lookups never stop early. */
  private removeAt(i: number): void {
    const ids = this.ids
    const times = this.times
    const mask = this.mask
    let j = i
    for (;;) {
      j = (j + 1) & mask
      const id = ids[j]!
      if (id === EMPTY) break
      const home = id & mask
      // the entry at j stays when its home slot lies cyclically in (i, j]
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue
      ids[i] = id
      times[i] = times[j]!
      i = j
    }
    ids[i] = EMPTY
    this.count--
  }

  private grow(): void {
    const oldIds = this.ids
    const oldTimes = this.times
    const size = oldIds.length * 2
    this.ids = new Float64Array(size).fill(EMPTY)
    this.times = new Float64Array(size)
    this.mask = size - 1
    this.count = 0
    for (let i = 0; i < oldIds.length; i++) if (oldIds[i] !== EMPTY) this.set(oldIds[i]!, oldTimes[i]!)
  }
}
