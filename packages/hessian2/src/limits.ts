// Decoder limits against hostile input, with their defaults.

export interface DecodeLimits {
  /** Deepest nesting of lists, maps and objects. */
  readonly maxDepth: number
  /** Longest string, in UTF-16 units (all chunks together). */
  readonly maxStringLength: number
  /** Longest binary value, in bytes (all chunks together). */
  readonly maxBinaryLength: number
  /** Most elements in one list, entries in one map or fields in one class definition. */
  readonly maxCollectionLength: number
  /** Largest input a reader accepts. */
  readonly maxInputBytes: number
  /**
   * Budget, in estimated bytes, for everything one reader allocates: 16 per value, 64 per container
   * or definition, 2 per string unit, 1 per binary byte. Declared lengths never allocate up front.
   */
  readonly maxTotalBytes: number
}

export const defaultLimits: DecodeLimits = {
  maxDepth: 256,
  maxStringLength: 16 * 1024 * 1024,
  maxBinaryLength: 64 * 1024 * 1024,
  maxCollectionLength: 4 * 1024 * 1024,
  maxInputBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024
}

export const resolveLimits = (limits: Partial<DecodeLimits> | undefined): DecodeLimits =>
  limits === undefined ? defaultLimits : { ...defaultLimits, ...limits }
