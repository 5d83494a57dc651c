// Per-request admission in front of a server connection: splits the byte stream into requests, answers rejected ones in the protocol's own way.
import type { XProtocol } from "../xprotocol/protocol.ts"

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

/** Bolt, Dubbo, TTHeader: decode with the protocol's own decoder, answer a rejected request with its `Overflow` hijack. */
export const xprotocolGate = <F>(proto: XProtocol<F>, hooks: GateHooks): RequestGate => {
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

const CRLFCRLF = [13, 10, 13, 10]
const indexOfHeadEnd = (b: Uint8Array, from: number): number => {
  for (let i = Math.max(from, 0); i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i + CRLFCRLF.length
  }
  return -1
}

/**
 * HTTP/1: requests with a Content-Length body (or none) are split and counted; a rejected one gets a 429
 * (through `hooks.reply`, in request order) and its bytes are dropped (the connection stays open). A chunked
 * body, or a head over 64 KiB, switches the gate off for the rest of the connection (everything passes,
 * nothing more is counted).
 */
export const http1Gate = (hooks: GateHooks): RequestGate => {
  let buf: Uint8Array = new Uint8Array(0)
  let passBody = 0 // bytes of the current body still to pass (>0) or drop (<0)
  let off = false
  const dec = new TextDecoder()
  return {
    push(chunk, pass) {
      if (off) return pass(chunk)
      let data = chunk
      for (;;) {
        if (passBody !== 0) {
          const n = Math.min(Math.abs(passBody), data.length)
          if (passBody > 0) {
            pass(data.subarray(0, n))
            passBody -= n
          } else passBody += n
          data = data.subarray(n)
          if (passBody !== 0 || data.length === 0) return
        }
        const joined = buf.length === 0 ? data : concat(buf, data)
        const end = indexOfHeadEnd(joined, buf.length - 3)
        if (end < 0) {
          if (joined.length > 65536) {
            off = true
            return pass(joined)
          }
          buf = buf.length === 0 ? data.slice() : joined
          return
        }
        buf = new Uint8Array(0)
        const head = dec.decode(joined.subarray(0, end)).toLowerCase()
        if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
          off = true
          return pass(joined)
        }
        const m = /\r\ncontent-length:\s*(\d+)/.exec(head)
        const length = m === null ? 0 : Number(m[1])
        const admitted = hooks.admit()
        if (admitted) pass(joined.subarray(0, end))
        else hooks.reply(http1Status(429, false))
        passBody = admitted ? length : -length
        data = joined.subarray(end)
        if (data.length === 0 && passBody === 0) return
      }
    }
  }
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
