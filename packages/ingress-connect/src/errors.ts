// Errors of the ingress: listen failures (tagged), and any handler error -> a ConnectError with a gRPC code.
import { Code as ConnectCode, ConnectError } from "@connectrpc/connect"
import { Schema } from "effect"
import { copyResponseHeader } from "./metadata.ts"

export class IngressError extends Schema.TaggedError<IngressError>()("IngressError", {
  reason: Schema.Literals(["ListenFailed"]),
  address: Schema.String,
  message: Schema.String
}) {}

interface RpcErrorLike {
  readonly _tag: "RpcError"
  readonly code: number
  readonly message: string
  readonly metadata?: Record<string, string>
}

const isRpcErrorLike = (e: unknown): e is RpcErrorLike =>
  typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "RpcError" &&
  typeof (e as { code?: unknown }).code === "number"

/** gRPC codes 1..16 map one to one onto Connect's codes; anything else is UNKNOWN. */
const connectCode = (code: number): ConnectCode =>
  Number.isInteger(code) && code >= 1 && code <= 16 ? code as ConnectCode : ConnectCode.Unknown

/**
 * An RpcError keeps its code, message and metadata (metadata sanitised like response headers);
 * a ConnectError passes through; anything else is UNKNOWN with its message (as Layotto does).
 */
export const toConnectError = (e: unknown): ConnectError => {
  if (e instanceof ConnectError) return e
  if (isRpcErrorLike(e)) {
    const metadata = new Headers()
    copyResponseHeader(e.metadata, metadata)
    return new ConnectError(e.message, connectCode(e.code), metadata)
  }
  return new ConnectError(e instanceof Error ? e.message : String(e), ConnectCode.Unknown)
}

