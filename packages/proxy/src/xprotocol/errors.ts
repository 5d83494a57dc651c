// Recognising the protocol packages' tagged decode errors (BoltError, DubboError) without importing their classes.

/** A decode error from @mosaic/protocol-bolt or @mosaic/protocol-dubbo: it has a `reason`. */
export interface ProtocolDecodeError {
  readonly _tag: "BoltError" | "DubboError" | "TTHeaderError"
  readonly reason: string
  readonly message: string
}

export const isProtocolDecodeError = (e: unknown): e is ProtocolDecodeError => {
  const tag = (e as { _tag?: unknown } | null)?._tag
  return tag === "BoltError" || tag === "DubboError" || tag === "TTHeaderError"
}
