// Recognising a protocol package's tagged decode error (BoltError, DubboError, ...) without importing its class.

/** A decode error thrown by a protocol's decoder: tagged, with a `reason`. */
export interface ProtocolDecodeError {
  readonly _tag: string
  readonly reason: string
  readonly message: string
}

/** Decoders throw tagged errors with a `reason` (the contract); anything else is a bug, not a bad frame. */
export const isProtocolDecodeError = (e: unknown): e is ProtocolDecodeError => {
  if (typeof e !== "object" || e === null) return false
  const x = e as { _tag?: unknown; reason?: unknown }
  return typeof x._tag === "string" && typeof x.reason === "string"
}
