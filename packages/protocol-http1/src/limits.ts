// Decoder size limits and their defaults.

export interface Http1Limits {
  /** Start line + header lines (+ trailer lines) of one message, line endings included. */
  readonly maxHeaderBytes: number
  /** Header lines of one message (trailer lines count too). */
  readonly maxHeaderCount: number
  /** Decoded body of one message. */
  readonly maxBodyBytes: number
  /** One chunk-size line, extensions included. */
  readonly maxChunkLineBytes: number
}

export const defaultLimits: Http1Limits = {
  maxHeaderBytes: 16 * 1024,
  maxHeaderCount: 100,
  maxBodyBytes: 4 * 1024 * 1024,
  maxChunkLineBytes: 1024
}

export const resolveLimits = (partial: Partial<Http1Limits> | undefined): Http1Limits =>
  partial === undefined ? defaultLimits : { ...defaultLimits, ...partial }
