// Replies the proxy makes itself (MOSN "hijack"): 404 no route, 502/503/504 upstream trouble, 4xx bad input.
import { encodeResponse } from "@mosaic/protocol-http1"

const cache = new Map<number, Uint8Array>()

/** An empty-bodied reply with `status`; `close` adds `Connection: close`. Cached: the bytes are shared. */
export const hijackBytes = (status: number, close: boolean): Uint8Array => {
  const key = close ? -status : status
  let bytes = cache.get(key)
  if (bytes === undefined) {
    bytes = encodeResponse({ status }, close ? { extraHeaders: ["Connection", "close"] } : undefined)
    cache.set(key, bytes)
  }
  return bytes
}

/** `100 Continue`, for requests that sent `Expect: 100-continue`. */
export const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n")
