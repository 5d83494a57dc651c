// Test support: a toy ordered protocol (one text line per request and per reply, no ids) for the ordered path's tests.
import { BaseMessage, type Decoded, type FrameDecoder, type Protocol, RpcHeaders } from "@mosaic/protocol"

const utf8 = new TextEncoder()
const text = new TextDecoder()

class LineDecoder implements FrameDecoder<string> {
  private buf = new Uint8Array(0)
  push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.buf.length + chunk.length)
    next.set(this.buf)
    next.set(chunk, this.buf.length)
    this.buf = next
  }
  read(): Decoded<string> | undefined {
    const i = this.buf.indexOf(10)
    if (i === -1) {
      if (this.buf.length > 1024) throw Object.assign(new Error("line over 1024 bytes"), { _tag: "LineError", reason: "TooLarge" })
      return undefined
    }
    const raw = this.buf.subarray(0, i + 1)
    this.buf = this.buf.subarray(i + 1)
    return { frame: text.decode(raw.subarray(0, i)), raw }
  }
  pending(): Uint8Array {
    return this.buf
  }
}

class LineMessage extends BaseMessage {
  get headers(): RpcHeaders {
    return (this.map ??= new RpcHeaders(undefined, this.what, this.log))
  }
  encode(): Uint8Array {
    return this.content
  }
}

const line = (s: string): Uint8Array => utf8.encode(`${s.replace(/\n/g, " ")}\n`)

/** Requests and replies are lines; a request's first word is its `method` routing key; hijacks are `ERR <status> <reason>`. */
export const lineProtocol: Protocol<string> = {
  name: "line",
  family: "line",
  ordered: true,
  maxId: 0x7fffffff,
  createDecoder: () => new LineDecoder(),
  decodeOne: (bytes) => text.decode(bytes).replace(/\n$/, ""),
  kind: (frame) => (frame.startsWith("!") ? "response" : "request"),
  requestId: () => 0,
  writeRequestId: () => {},
  captureId: () => {},
  restoreId: () => {},
  heartbeat: () => undefined,
  heartbeatReply: () => undefined,
  hijack: (_v, code, message) => line(`ERR ${code} ${message}`),
  hijackStatus: (_v, status, reason) => line(`ERR ${status} ${reason}`),
  directResponse: (_v, status, body) => line(`DIRECT ${status} ${body}`),
  codecErrorReply: (_p, message) => line(`ERR 400 ${message}`),
  responseStatus: (frame) => (frame.startsWith("ERR") ? 1 : 0),
  httpStatus: (frame) => (frame.startsWith("ERR") ? 500 : 200),
  header: (view, name) => (name === "method" ? view.frame.split(" ")[0] : undefined),
  requestTimeoutMs: () => 0,
  message: (frame, raw, view, log) => new LineMessage(view === undefined ? "line reply" : "line request", log, raw, frame.startsWith("ERR") ? 1 : 0)
}
