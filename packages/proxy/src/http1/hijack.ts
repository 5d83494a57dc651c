// Replies the proxy makes itself (MOSN "hijack"): 404 no route, 502/503/504 upstream trouble, 4xx bad input.
import { encodeResponse } from "@mosaic/protocol-http1"

const cache = new Map<string, Uint8Array>()
const encoder = new TextEncoder()

/**
 * A reply with `status` and a one-line text body saying why (`reason`, e.g. "no route"), so that
 * callers behind the proxy (the runtime's channels) can tell the user; `close` adds `Connection: close`.
 * Cached: the bytes are shared.
 */
export const hijackBytes = (status: number, close: boolean, reason = ""): Uint8Array => {
  const key = `${status}|${close ? 1 : 0}|${reason}`
  let bytes = cache.get(key)
  if (bytes === undefined) {
    const headers = reason === "" ? [] : ["Content-Type", "text/plain", "X-Mosaic-Hijack", reason]
    if (close) headers.push("Connection", "close")
    bytes = encodeResponse({ status, body: encoder.encode(reason === "" ? "" : `mosaic proxy: ${reason}`) }, { extraHeaders: headers })
    cache.set(key, bytes)
  }
  return bytes
}

/** A hijack reply's headers (flat, `extra` appended) and body, for replies that filters see or that carry extra headers. */
export const hijackParts = (reason: string, extra: Readonly<Record<string, string>> | undefined): { headers: Array<string>; body: Uint8Array } => {
  const headers = reason === "" ? [] : ["Content-Type", "text/plain", "X-Mosaic-Hijack", reason]
  if (extra !== undefined) for (const k in extra) headers.push(k, extra[k]!)
  return { headers, body: encoder.encode(reason === "" ? "" : `mosaic proxy: ${reason}`) }
}

/** `100 Continue`, for requests that sent `Expect: 100-continue`. */
export const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n")
