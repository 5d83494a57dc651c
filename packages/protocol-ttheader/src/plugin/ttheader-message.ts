// A TTHeader / THeader / framed / buffered Thrift message as stream filters see it: string infos or headers, the payload.
import { encodeFrame, encodeTHeader, type KitexDecoded, payloadMessage, ThriftMessageType } from "../index.ts"
import { BaseMessage, RpcHeaders } from "@mosaic/protocol"

const putU32 = (b: Uint8Array, p: number, v: number): void => {
  b[p] = v >>> 24
  b[p + 1] = v >>> 16
  b[p + 2] = v >>> 8
  b[p + 3] = v
}

/** `message` behind a 4-byte length (framed Thrift). */
export const withLength = (message: Uint8Array): Uint8Array => {
  const out = new Uint8Array(4 + message.length)
  putU32(out, 0, message.length)
  out.set(message, 4)
  return out
}

/** The Thrift message head of any framing (undefined when unreadable). */
export const messageOf = (f: KitexDecoded) => {
  switch (f.kind) {
    case "ttheader": return payloadMessage(f.frame.payload)
    case "theader": return payloadMessage(f.frame.payload)
    default: return f.message
  }
}

/**
 * Headers: TTHeader string infos (KEYVALUE; int infos are not shown), THeader KEY_VALUE headers; plain
 * framed and buffered Thrift have none (read-only empty map: writes are logged and ignored). Body: the
 * payload (TTHeader / THeader), the framed message without its length, or the whole buffered message.
 * Status: 0 for a Reply, 1 for an Exception; it cannot be changed (a write is logged and ignored).
 */
export class ThriftMessage extends BaseMessage {
  private readonly f: KitexDecoded

  constructor(f: KitexDecoded, request: boolean, log: (message: string) => void) {
    const content = f.kind === "ttheader" || f.kind === "theader" ? f.frame.payload : f.kind === "framed" ? f.raw.subarray(4) : f.raw
    super(`${f.kind} ${request ? "request" : "response"}`, log, content, 0)
    this.f = f
  }

  get headers(): RpcHeaders {
    if (this.map === undefined) {
      const f = this.f
      const source = f.kind === "ttheader" ? f.frame.strInfo : f.kind === "theader" ? f.frame.headers : undefined
      this.map = new RpcHeaders(source, this.what, this.log)
    }
    return this.map
  }
  override get status(): number {
    return messageOf(this.f)?.type === ThriftMessageType.Exception ? 1 : 0
  }
  override set status(_s: number) {
    this.log(`${this.what}: the status of a Thrift message cannot be changed; ignored`)
  }

  encode(): Uint8Array {
    const f = this.f
    const changed = this.changedHeaders()
    switch (f.kind) {
      case "ttheader": {
        const h = f.frame
        return encodeFrame({
          seqId: h.seqId, flags: h.flags, protocolId: h.protocolId, transforms: h.transforms, intInfo: h.intInfo,
          strInfo: changed ?? h.strInfo, ...(h.token === undefined ? {} : { token: h.token }), payload: this.content
        })
      }
      case "theader": {
        const h = f.frame
        return encodeTHeader({ seqId: h.seqId, flags: h.flags, protocolId: h.protocolId, transforms: h.transforms, headers: changed ?? h.headers, payload: this.content })
      }
      case "framed": return withLength(this.content)
      case "buffered": return this.content.slice()
    }
  }
}
