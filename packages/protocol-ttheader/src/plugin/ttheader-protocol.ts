// The Kitex TTHeader protocol plugin value (also Apache THeader, framed and unframed Thrift): matcher, seqid rewrite, routing keys, exception replies.
import {
  createKitexDecoder, encodeFrame, IntKey, isTTHeaderError, type KitexDecoded, MsgType, routingKeys,
  matchKitex, ThriftMessageType, type TTHeaderLimits, writeMessageSeqId
} from "../index.ts"
import {
  type Decoded, type FrameDecoder, type FrameKind, type HijackCode, hijackCodeOf, type MatchResult, type Message, type Protocol,
  type RequestView, timeoutHeaderMs as headerMs
} from "@mosaic/protocol"
import { messageOf, ThriftMessage, withLength } from "./ttheader-message.ts"
import { ttheaderTraceCodec } from "./trace-codec.ts"

const u16 = (b: Uint8Array, p: number): number => (b[p]! << 8) | b[p + 1]!
const i32 = (b: Uint8Array, p: number): number => (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!
const putU32 = (b: Uint8Array, p: number, v: number): void => {
  b[p] = v >>> 24
  b[p + 1] = v >>> 16
  b[p + 2] = v >>> 8
  b[p + 3] = v
}

/** Where the Thrift message starts in a raw frame of each framing (a framed message keeps its 4-byte length). */
const messageOffset = (raw: Uint8Array): { kind: KitexDecoded["kind"]; at: number } => {
  if (raw.length >= 2 && u16(raw, 0) === 0x8001) return { kind: "buffered", at: 0 }
  const magic = raw.length >= 6 ? u16(raw, 4) : 0
  if (magic === 0x1000 || magic === 0x0fff) return { kind: magic === 0x1000 ? "ttheader" : "theader", at: 14 + u16(raw, 12) * 4 }
  return { kind: "framed", at: 0 }
}

/** TTHeaderError as the tagged decode error the server connection recognises (it closes that connection only). */
class TTHeaderDecodeError extends Error {
  readonly _tag = "TTHeaderError" as const
  readonly reason: string
  constructor(reason: string, message: string) {
    super(message)
    this.reason = reason
  }
}

const wrapDecoder = (limits: TTHeaderLimits | undefined): FrameDecoder<KitexDecoded> => {
  const d = createKitexDecoder(limits)
  let last: Uint8Array = new Uint8Array(0)
  return {
    push(chunk) {
      d.push(chunk)
    },
    read(): Decoded<KitexDecoded> | undefined {
      try {
        const f = d.read()
        if (f === undefined) return undefined
        last = f.raw
        return { frame: f, raw: f.raw }
      } catch (e) {
        if (isTTHeaderError(e)) throw new TTHeaderDecodeError(e.reason, e.message)
        throw e
      }
    },
    pending: () => last
  }
}

const enc = new TextEncoder()

/** A Thrift binary TApplicationException message (type: 1 unknown method, 6 internal error). */
export const thriftException = (name: string, seqId: number, message: string, type: number): Uint8Array => {
  const n = enc.encode(name)
  const m = enc.encode(message)
  const out = new Uint8Array(4 + 4 + n.length + 4 + 3 + 4 + m.length + 3 + 4 + 1)
  let p = 0
  putU32(out, p, 0x80010000 | ThriftMessageType.Exception); p += 4
  putU32(out, p, n.length); p += 4
  out.set(n, p); p += n.length
  putU32(out, p, seqId); p += 4
  out[p++] = 11; out[p++] = 0; out[p++] = 1 // field 1: string message
  putU32(out, p, m.length); p += 4
  out.set(m, p); p += m.length
  out[p++] = 8; out[p++] = 0; out[p++] = 2 // field 2: i32 type
  putU32(out, p, type); p += 4
  out[p] = 0 // stop
  return out
}

/** `message` in the same framing as the request `f` (an Apache THeader reply gets a minimal THeader). */
const inFraming = (f: KitexDecoded, view: RequestView<KitexDecoded>, message: Uint8Array): Uint8Array => {
  switch (f.kind) {
    case "buffered": return message
    case "ttheader": {
      const framed = f.frame.payload.length >= 6 && u16(f.frame.payload, 4) === 0x8001
      const payload = framed ? withLength(message) : message
      return encodeFrame({ seqId: view.idHi, intInfo: { [IntKey.MsgType]: MsgType.Exception }, payload })
    }
    case "theader": {
      // LENGTH, magic 0x0fff, flags 0, seqid, 1 header word (protocol id 0, 0 transforms, 2 padding bytes)
      const out = new Uint8Array(18 + message.length)
      putU32(out, 0, out.length - 4)
      out[4] = 0x0f
      out[5] = 0xff
      putU32(out, 8, view.idHi)
      out[13] = 1
      out.set(message, 18)
      return out
    }
    case "framed": return withLength(message)
  }
}

export class TTHeaderProtocol implements Protocol<KitexDecoded> {
  readonly name = "ttheader"
  readonly family = "ttheader"
  /** Any framing the decoder accepts (TTHeader, THeader, framed, Kitex protobuf, unframed, framed compact). */
  readonly match: (bytes: Uint8Array) => MatchResult = matchKitex
  /** Thrift seqids are i32: the proxy's upstream ids stay positive. */
  readonly maxId = 0x7fffffff
  /** TTHeader string infos / THeader headers (int infos are not visible to filters). */
  readonly traceCodec = ttheaderTraceCodec
  private readonly limits: TTHeaderLimits | undefined

  constructor(limits?: TTHeaderLimits) {
    this.limits = limits
  }

  createDecoder(): FrameDecoder<KitexDecoded> {
    return wrapDecoder(this.limits)
  }

  kind(f: KitexDecoded): FrameKind {
    const type = messageOf(f)?.type
    switch (type) {
      case ThriftMessageType.Call: return "request"
      case ThriftMessageType.Oneway: return "oneway"
      case ThriftMessageType.Reply:
      case ThriftMessageType.Exception: return "response"
    }
    // a payload whose message head is unreadable (compact, protobuf without head): routed as a call
    return f.kind === "ttheader" || f.kind === "theader" ? "request" : "ignore"
  }

  requestId(f: KitexDecoded): number {
    const m = messageOf(f)
    if (m !== undefined) return m.seqId
    return f.kind === "ttheader" || f.kind === "theader" ? f.frame.seqId : 0
  }

  /** The header seqid (TTHeader, THeader) and the payload's binary message seqid, in place. */
  writeRequestId(raw: Uint8Array, id: number): void {
    const { kind, at } = messageOffset(raw)
    if (kind === "ttheader" || kind === "theader") putU32(raw, 8, id)
    writeMessageSeqId(raw.subarray(at), id)
  }

  captureId(view: RequestView<KitexDecoded>, raw: Uint8Array): void {
    const f = view.frame
    view.idLo = this.requestId(f)
    view.idHi = f.kind === "ttheader" || f.kind === "theader" ? i32(raw, 8) : view.idLo
  }

  restoreId(raw: Uint8Array, view: RequestView<KitexDecoded>): void {
    const { kind, at } = messageOffset(raw)
    if (kind === "ttheader" || kind === "theader") putU32(raw, 8, view.idHi)
    writeMessageSeqId(raw.subarray(at), view.idLo)
  }

  heartbeatReply(_f: KitexDecoded, raw: Uint8Array): Uint8Array {
    return raw
  }

  /** Thrift has no heartbeat frame: upstream idle checks are off. */
  heartbeat(): undefined {
    return undefined
  }

  /** A TApplicationException (INTERNAL_ERROR, or UNKNOWN_METHOD for no route) in the request's framing. */
  hijack(view: RequestView<KitexDecoded>, code: HijackCode, message: string): Uint8Array {
    const name = messageOf(view.frame)?.name ?? ""
    return inFraming(view.frame, view, thriftException(name, view.idLo, `mosaic proxy: ${message} (${code})`, code === "NoRoute" ? 1 : 6))
  }

  directResponse(view: RequestView<KitexDecoded>, status: number, body: string): Uint8Array {
    return this.hijack(view, status === 404 ? "NoRoute" : "Overflow", `direct response ${status}: ${body}`)
  }

  codecErrorReply(): undefined {
    return undefined
  }

  /**
   * Routing headers: `service` (TTHeader ToService int info, else `isn`), `method` (ToMethod, else the Thrift
   * message name), `protocol` (`ttheader`, `theader`, `framed`, `buffered`), any TTHeader string info or
   * THeader header by name.
   */
  header(view: RequestView<KitexDecoded>, name: string): string | undefined {
    const f = view.frame
    if (name === "protocol") return f.kind
    const changed = view.changedHeaders
    if (f.kind === "ttheader") {
      let keys = view.routeCache as ReturnType<typeof routingKeys> | undefined
      if (keys === undefined) view.routeCache = keys = routingKeys(f.frame)
      if (name === "service") return keys.service
      if (name === "method") return keys.method
      return changed === undefined ? f.frame.strInfo.get(name) : changed.get(name)
    }
    if (name === "method") return messageOf(f)?.name
    if (f.kind === "theader") return changed === undefined ? f.frame.headers.get(name) : changed.get(name)
    return undefined
  }

  /** 404 (no route) UNKNOWN_METHOD, anything else INTERNAL_ERROR; the message says the status and why. */
  hijackStatus(view: RequestView<KitexDecoded>, status: number, reason: string): Uint8Array {
    const code = hijackCodeOf(status, reason)
    if (code !== undefined) return this.hijack(view, code, reason)
    const name = messageOf(view.frame)?.name ?? ""
    return inFraming(view.frame, view, thriftException(name, view.idLo, `mosaic proxy: ${reason} (${status})`, 6))
  }

  message(frame: KitexDecoded, _raw: Uint8Array, view: RequestView<KitexDecoded> | undefined, log: (message: string) => void): Message {
    return new ThriftMessage(frame, view !== undefined, log)
  }

  /** 0 for a Reply, 1 for an Exception. */
  responseStatus(frame: KitexDecoded): number {
    return messageOf(frame)?.type === ThriftMessageType.Exception ? 1 : 0
  }

  httpStatus(frame: KitexDecoded): number {
    return messageOf(frame)?.type === ThriftMessageType.Exception ? 500 : 200
  }

  /** TTHeader int info 12 (RPCTimeout, ms), as Kitex clients send it; other framings carry none. */
  requestTimeoutMs(view: RequestView<KitexDecoded>): number {
    const f = view.frame
    return f.kind === "ttheader" ? headerMs(f.frame.intInfo.get(IntKey.RPCTimeout)) ?? 0 : 0
  }

  decodeOne(bytes: Uint8Array): KitexDecoded {
    const d = wrapDecoder(this.limits)
    d.push(bytes)
    const r = d.read()
    if (r === undefined) throw new TTHeaderDecodeError("Truncated", "not one whole frame")
    return r.frame
  }
}
