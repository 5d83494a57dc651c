// RpcError: the one error of the RPC path, carrying a gRPC code and the upstream detail.
import { Schema } from "effect"
import { Code, codeName } from "@mosaic/kernel"

export class RpcError extends Schema.TaggedError<RpcError>()("RpcError", {
  /** gRPC status code (see the kernel's status table). */
  code: Schema.Number,
  message: Schema.String,
  /** Extra response metadata, e.g. the upstream HTTP status. */
  metadata: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
}) {
  static of(code: number, message: string, metadata?: Record<string, string>): RpcError {
    return new RpcError(metadata === undefined ? { code, message } : { code, message, metadata })
  }
  override toString(): string {
    return `${codeName(this.code)}: ${this.message}`
  }
}

export const deadlineExceeded = (what: string): RpcError => RpcError.of(Code.DEADLINE_EXCEEDED, what)
export const unavailable = (what: string): RpcError => RpcError.of(Code.UNAVAILABLE, what)
export const internal = (what: string): RpcError => RpcError.of(Code.INTERNAL, what)

/**
 * Any thrown value as an RpcError: an RpcError as it is; a transport failure (`TransportError`: connect
 * refused or timed out, connection closed, no such pipe listener) UNAVAILABLE; anything else UNKNOWN
 * with its message.
 */
export const toRpcError = (e: unknown): RpcError => {
  if (e instanceof RpcError) return e
  if (typeof e === "object" && e !== null) {
    const tag = (e as { _tag?: unknown })._tag
    if (tag === "RpcError") return e as RpcError
    if (tag === "TransportError") return RpcError.of(Code.UNAVAILABLE, String((e as { message?: unknown }).message))
  }
  return RpcError.of(Code.UNKNOWN, e instanceof Error ? e.message : String(e))
}
