// RESP2 values: simple string, error, integer, bulk string (or null), array (or null), as the decoder hands them out.

export type RespValue =
  | { readonly type: "simple"; readonly value: string }
  | { readonly type: "error"; readonly value: string }
  | { readonly type: "integer"; readonly value: bigint }
  | { readonly type: "bulk"; readonly value: Uint8Array | null }
  | { readonly type: "array"; readonly value: ReadonlyArray<RespValue> | null }

/** A RESP decode error: tagged, with a `reason` (the @mosaic/protocol decoder contract). */
export class RespError extends Error {
  readonly _tag = "RespError"
  readonly reason: "BadType" | "BadLength" | "BadLine" | "TooLarge" | "TooDeep"
  constructor(reason: RespError["reason"], message: string) {
    super(message)
    this.reason = reason
  }
}

/** The decoder's limits (Redis' own: proto-max-bulk-len 512 MB, 1M-element multibulk for inline safety). */
export interface RespLimits {
  /** Largest bulk string, bytes. Default 64 MiB. */
  readonly maxBulkBytes: number
  /** Most elements in one array. Default 1 048 576. */
  readonly maxArrayLength: number
  /** Deepest nesting of arrays. Default 16. */
  readonly maxDepth: number
  /** Longest type line (simple string, error, integer, length), bytes. Default 64 KiB. */
  readonly maxLineBytes: number
}

export const defaultRespLimits: RespLimits = { maxBulkBytes: 64 * 1024 * 1024, maxArrayLength: 1_048_576, maxDepth: 16, maxLineBytes: 64 * 1024 }

/** The command of a request: a non-empty array of bulk strings; else undefined. */
export const commandArgs = (v: RespValue): ReadonlyArray<Uint8Array> | undefined => {
  if (v.type !== "array" || v.value === null || v.value.length === 0) return undefined
  const out: Array<Uint8Array> = []
  for (const e of v.value) {
    if (e.type !== "bulk" || e.value === null) return undefined
    out.push(e.value)
  }
  return out
}
