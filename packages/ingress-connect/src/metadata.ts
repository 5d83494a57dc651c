// Metadata mapping: incoming request headers -> the RpcRequest header, and RpcResponse header -> response metadata.
import type { RpcHeader } from "@mosaic/rpc"

/** Hop-by-hop headers (RFC 9110 section 7.6.1) and HTTP/2 connection-specific ones. */
const hopByHop = new Set([
  "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
  "proxy-authenticate", "proxy-authorization", "http2-settings"
])

/**
 * Request keys that describe the ingress hop, not the call: never forwarded upstream (Mosaic's fix;
 * Layotto forwards them all). Plus every `grpc-*`, `connect-*` and `:pseudo` key.
 */
const transportRequestKeys = new Set([
  ...hopByHop, "content-type", "content-length", "content-encoding", "accept-encoding", "host",
  "user-agent", "x-user-agent", "x-grpc-web"
])

const isReservedPrefix = (key: string) => key.startsWith(":") || key.startsWith("grpc-") || key.startsWith("connect-")

/** True when an incoming request key is dropped rather than forwarded. */
export const isDroppedRequestKey = (key: string): boolean => transportRequestKeys.has(key) || isReservedPrefix(key)

/**
 * Layotto's header map from raw header pairs `[k1, v1, k2, v2, ...]`: lower-case keys, repeated keys
 * joined with ","; reserved and hop-by-hop keys dropped.
 */
export const requestHeaderFromRaw = (raw: ReadonlyArray<string>): RpcHeader => {
  const header: RpcHeader = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase()
    if (isDroppedRequestKey(key)) continue
    const value = raw[i + 1]!
    header[key] = Object.hasOwn(header, key) ? `${header[key]},${value}` : value
  }
  return header
}

/** The same from a fetch `Headers` (repeated keys arrive already joined by ", "). */
export const requestHeaderFromHeaders = (headers: Headers): RpcHeader => {
  const header: RpcHeader = {}
  headers.forEach((value, key) => {
    if (!isDroppedRequestKey(key)) header[key] = value
  })
  return header
}

/** Response keys the ingress owns: a channel's copy would break the gRPC/Connect framing. */
const ownedResponseKeys = new Set([
  ...hopByHop, "content-length", "content-type", "content-encoding", "accept-encoding", "date", "server"
])

const tokenName = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/

/** A name HTTP/2 accepts (lower-case token). */
export const isValidHeaderName = (name: string): boolean => tokenName.test(name)
/** A value HTTP/1.1 and HTTP/2 accept: no CR, LF, NUL or other controls, no chars past U+00FF. */
export const isValidHeaderValue = (value: string): boolean => fieldValue.test(value)

/**
 * Copy response header entries into `target` as metadata: lower-case keys; content-length,
 * hop-by-hop, framing and reserved (`grpc-*`, `connect-*`, `:pseudo`) keys skipped; entries with an
 * invalid name or value skipped. Never throws. Returns the keys skipped as invalid.
 */
export const copyResponseHeader = (source: RpcHeader | undefined, target: Headers): Array<string> => {
  const skipped: Array<string> = []
  if (source === undefined) return skipped
  for (const rawKey of Object.keys(source)) {
    const key = rawKey.toLowerCase()
    if (ownedResponseKeys.has(key) || isReservedPrefix(key)) continue
    const raw = source[rawKey]
    const value = typeof raw === "string" ? raw.trim() : String(raw ?? "")
    if (!isValidHeaderName(key) || !isValidHeaderValue(value)) {
      skipped.push(rawKey)
      continue
    }
    try {
      target.set(key, value)
    } catch {
      skipped.push(rawKey)
    }
  }
  return skipped
}
