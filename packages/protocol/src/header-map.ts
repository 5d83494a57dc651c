// The header map a stream filter sees (MOSN api.HeaderMap): the one interface every protocol's message view implements.

/** A protocol's header map as filters see it; names are case-insensitive. */
export interface HeaderMap {
  /** The first value, or undefined. */
  get(name: string): string | undefined
  /** Replace every value of `name` with one. */
  set(name: string, value: string): void
  /** One more value (protocols with single-valued headers replace). */
  add(name: string, value: string): void
  del(name: string): void
  forEach(fn: (value: string, name: string) => void): void
}

/** The header map of a decoded frame: whether the frame has headers at all, and whether a write happened. */
export interface FrameHeaders extends HeaderMap {
  /** false: the frame has no headers (reads are empty, writes are logged and ignored). */
  readonly writable: boolean
  /** A write happened (the frame must be re-encoded). */
  readonly changed: boolean
}
