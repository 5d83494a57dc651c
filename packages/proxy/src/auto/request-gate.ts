// Per-request admission by decoding a connection's bytes: answers rejected requests in the protocol's own way (used for the first request of a connection over max_connections).
import type { Protocol } from "@mosaic/protocol"

const enc = new TextEncoder()

/** Splits chunks into requests; `admit` false: the request is answered by `hooks.reply` and never reaches the server. */
export interface RequestGate {
  /**
   * Hands the bytes to pass on (whole requests and non-request frames) to `pass`, in stream order. A rejected
   * request's `hooks.reply` is called at its place in that order: after `pass` got every earlier request.
   */
  push(chunk: Uint8Array, pass: (bytes: Uint8Array) => void): void
}

export interface GateHooks {
  /** The limiter's verdict for one decoded request. */
  readonly admit: () => boolean
  /**
   * Answer a rejected request downstream. Called in request order (see `RequestGate.push`), so a protocol
   * that answers in request order (HTTP/1) can queue the reply behind the replies still owed.
   */
  readonly reply: (bytes: Uint8Array) => void
  /** The stream could not be split (bad frame): close the connection. */
  readonly fail: (message: string) => void
}

/** A registered protocol: decode with the protocol's own decoder, answer a rejected request with its `Overflow` hijack. */
export const xprotocolGate = <F>(proto: Protocol<F>, hooks: GateHooks): RequestGate => {
  const d = proto.createDecoder()
  let failed = false
  return {
    push(chunk, pass) {
      if (failed) return
      try {
        d.push(chunk)
        for (let r = d.read(); r !== undefined; r = d.read()) {
          const k = proto.kind(r.frame)
          if ((k === "request" || k === "oneway") && !hooks.admit()) {
            if (k === "request") {
              const view = { frame: r.frame, idHi: 0, idLo: 0, routeCache: undefined as unknown }
              proto.captureId(view, r.raw)
              hooks.reply(proto.hijack(view, "Overflow", "over the listener's max_qps"))
            }
            continue
          }
          pass(r.raw.slice())
        }
      } catch (e) {
        failed = true
        hooks.fail(`bad ${proto.name} frame: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }
}

export const http1Status = (status: 429 | 503, close: boolean): Uint8Array => {
  const text = status === 429 ? "Too Many Requests" : "Service Unavailable"
  const body = `mosaic proxy: ${status === 429 ? "over the listener's max_qps" : "over the listener's max_connections"}\n`
  return enc.encode(`HTTP/1.1 ${status} ${text}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n${close ? "connection: close\r\n" : ""}\r\n${body}`)
}
