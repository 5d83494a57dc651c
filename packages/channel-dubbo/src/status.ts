// Dubbo response status -> gRPC code and message, with the error text the server put in the body.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import { dubboStatusName, DubboStatus } from "@mosaic/protocol-dubbo"
import { decode } from "@mosaic/hessian2"

/**
 * 30/31 timeouts -> DEADLINE_EXCEEDED; 40 BAD_REQUEST, 50 BAD_RESPONSE -> INTERNAL (the server could not
 * read the request or write the answer); 60 SERVICE_NOT_FOUND -> NOT_FOUND; 70 SERVICE_ERROR,
 * 80 SERVER_ERROR -> UNKNOWN (the server failed running the call); 100 THREADPOOL_EXHAUSTED ->
 * RESOURCE_EXHAUSTED; anything else (90, unknown values) -> UNAVAILABLE as Layotto.
 */
export const dubboStatusCode = (status: number): Code => {
  switch (status) {
    case DubboStatus.OK: return Code.OK
    case DubboStatus.CLIENT_TIMEOUT:
    case DubboStatus.SERVER_TIMEOUT: return Code.DEADLINE_EXCEEDED
    case DubboStatus.BAD_REQUEST:
    case DubboStatus.BAD_RESPONSE: return Code.INTERNAL
    case DubboStatus.SERVICE_NOT_FOUND: return Code.NOT_FOUND
    case DubboStatus.SERVICE_ERROR:
    case DubboStatus.SERVER_ERROR: return Code.UNKNOWN
    case DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR: return Code.RESOURCE_EXHAUSTED
    default: return Code.UNAVAILABLE
  }
}

/** The hessian2 string a non-OK response carries, or undefined. */
export const errorText = (body: Uint8Array): string | undefined => {
  if (body.length === 0) return undefined
  try {
    const v = decode(body, { dialect: "2.0", limits: { maxInputBytes: 1024 * 1024 } })
    return typeof v === "string" ? v : undefined
  } catch {
    return undefined
  }
}

/** What the Mosaic proxy writes before its reason in its own Dubbo replies (proxy xprotocol/dubbo.ts `hijack`). */
export const PROXY_PREFIX = "mosaic proxy: "

/**
 * The proxy's reasons that mean the upstream could not be reached or its connection died (proxy
 * stream/proxy-stream.ts, stream/retry-state.ts, xprotocol/x-stream.ts and upstream-connection.ts): it
 * answers them with SERVICE_NOT_FOUND (60: "upstream connect failed[: why]", "no healthy upstream host",
 * "unknown cluster"), SERVER_ERROR (80: "upstream connection lost: why", "upstream reset before the
 * response") or SERVER_THREADPOOL_EXHAUSTED_ERROR (100: "draining").
 */
const PROXY_TRANSPORT_REASONS = [
  "upstream connect failed", "upstream connection lost", "upstream reset", "no healthy upstream host", "unknown cluster", "draining"
]

/** Is `text` a reply of the proxy itself for transport trouble (not the upstream provider's own status)? */
export const isProxyTransportFailure = (text: string | undefined): boolean => {
  if (text === undefined || !text.startsWith(PROXY_PREFIX)) return false
  for (const reason of PROXY_TRANSPORT_REASONS) if (text.startsWith(reason, PROXY_PREFIX.length)) return true
  return false
}

/**
 * "dubbo error code N, NAME: <server text>", with the status in metadata `dubbo-status`. A 60, 80 or 100
 * written by the proxy for transport trouble (see isProxyTransportFailure) is UNAVAILABLE; the same status
 * from a provider (any other text) maps as dubboStatusCode.
 */
export const dubboStatusError = (status: number, body: Uint8Array): RpcError => {
  const text = errorText(body)
  const transport = (status === DubboStatus.SERVICE_NOT_FOUND || status === DubboStatus.SERVER_ERROR ||
    status === DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR) && isProxyTransportFailure(text)
  return RpcError.of(
    transport ? Code.UNAVAILABLE : dubboStatusCode(status),
    `dubbo error code ${status}, ${dubboStatusName(status)}${text === undefined ? "" : `: ${text}`}`,
    { "dubbo-status": String(status) }
  )
}
